"""
Untrusted files: zip bombs, disguised files, XML entities and oversized sheets.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import io_layouts as layouts
from perftarget import TableError
from perftarget.io import Limits, read_table
from perftarget.io._limits import check_office_file

openpyxl = pytest.importorskip("openpyxl", reason="pip install -e '.[test]'")

ROWS = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "人数", "5人"]]


def _workbook(tmp_path: Path) -> Path:
    return layouts.to_xlsx([ROWS], tmp_path / "ok.xlsx", merge=False)


def _rezip(source: Path, target: Path, replace: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info)))
    return target


def _message(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(TableError) as caught:
        read_table(path, limits=limits or Limits())
    [problem] = caught.value.problems
    assert str(path) == problem.where.file
    return problem.message


def test_a_sound_workbook_passes(tmp_path: Path) -> None:
    """An ordinary workbook passes every check."""
    check_office_file(_workbook(tmp_path))


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    """A member that expands a thousandfold is refused before any parser runs."""
    bomb = {"xl/worksheets/sheet1.xml": b"<a>" + b" " * (20 << 20) + b"</a>"}
    path = _rezip(_workbook(tmp_path), tmp_path / "bomb.xlsx", bomb)
    assert "zip bomb suspected" in _message(path)
    assert "max_ratio" in _message(path)


def test_zip_bomb_by_total_size_is_refused(tmp_path: Path) -> None:
    """A workbook larger uncompressed than the limit is refused, naming the limit."""
    message = _message(_workbook(tmp_path), Limits(max_uncompressed_bytes=1000))
    assert "max_uncompressed_bytes" in message


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_text_file_with_office_extension_is_refused(suffix: str, tmp_path: Path) -> None:
    """A CSV renamed to .xlsx or .docx is reported as not being that kind of file."""
    path = tmp_path / f"fake{suffix}"
    path.write_text("一级指标,二级指标\n", encoding="utf-8")
    assert "not an Excel workbook" in _message(path) or "not a Word document" in _message(path)


def test_old_binary_excel_file_is_named(tmp_path: Path) -> None:
    """An old .xls saved under .xlsx gets a message that says so."""
    path = tmp_path / "old.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    assert "old binary Office file (.xls)" in _message(path)


def test_workbook_named_docx_is_refused(tmp_path: Path) -> None:
    """A workbook renamed .docx is refused: the archive holds another kind of document."""
    path = tmp_path / "book.docx"
    path.write_bytes(_workbook(tmp_path).read_bytes())
    assert "another kind of Office document" in _message(path)


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    """A part declaring a DTD (the billion-laughs attack) is refused before parsing."""
    laughs = (
        b'<?xml version="1.0"?>\n<!-- comment -->\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<worksheet><sheetData><row><c t='inlineStr'><is><t>&lol2;</t></is></c></row>"
        b"</sheetData></worksheet>"
    )
    sheet = {"xl/worksheets/sheet1.xml": laughs}
    path = _rezip(_workbook(tmp_path), tmp_path / "dtd.xlsx", sheet)
    assert "declares a DTD" in _message(path)


def test_openpyxl_parses_with_defusedxml() -> None:
    """openpyxl finds defusedxml installed, so its own parsing refuses entities too."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


def test_too_many_columns_is_refused(tmp_path: Path) -> None:
    """A sheet wider than Limits.max_columns is refused with the limit's name."""
    assert "max_columns" in _message(_workbook(tmp_path), Limits(max_columns=3))


def test_oversized_csv_is_refused(tmp_path: Path) -> None:
    """A text file larger than Limits.max_file_bytes is refused before it is read."""
    path = layouts.to_csv([ROWS], tmp_path / "big.csv")
    assert "max_file_bytes" in _message(path, Limits(max_file_bytes=10))


def test_unknown_extension_lists_the_formats(tmp_path: Path) -> None:
    """A file whose extension is not supported names the supported ones."""
    path = tmp_path / "t.ods"
    path.write_bytes(b"")
    assert ".xlsx, .docx, .csv, .json, .txt" in _message(path)
