"""
Reliability: malformed and hostile files, generated here, through the API and every command.

Each file is refused with our own :class:`~perftarget.TableError` naming the
file (the API), or with exit code 2 and a one-line message naming the file
and no traceback (the command line); an output that existed before a failed
run is left unchanged.  The heavy cases (a million rows, 10 MB lines) are
timed by ``benchmarks/bench_hostile.py``, not here.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given
from hypothesis import strategies as st

import io_layouts as layouts
from perftarget import Indicator, Level1, Level2, ModelError, TableError, parse_target
from perftarget.cli import EXIT_INTERNAL, main
from perftarget.io import Limits, read_table
from perftarget.io._csv_write import FORMULA_PREFIXES, neutralise, restore
from perftarget.io._json import load_json_text

openpyxl = pytest.importorskip("openpyxl", reason="pip install -e '.[test]'")
pytest.importorskip("docx", reason="pip install -e '.[test]'")

ROWS: Final = [
    ["一级指标", "二级指标", "三级指标", "指标值"],
    ["产出指标", "数量指标", "培训人数", "≥50人"],
]
EVALUATION: Final = [
    ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["产出指标", "数量指标", "培训人数", "≥50人", "60人", "20", "20"],
]
PREVIOUS: Final = b"previous good output\n"
Maker = Callable[[Path], Path]


# ---------------------------------------------------------------- builders


def _workbook(folder: Path) -> Path:
    return layouts.to_xlsx([ROWS], folder / "base.xlsx", merge=False)


def _document(folder: Path) -> Path:
    return layouts.to_docx([ROWS], folder / "base.docx")


def _rezip(source: Path, target: Path, replace: dict[str, bytes | None]) -> Path:
    """Copy a zip, replacing (or, for None, dropping) members; new names are added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in replace:
                content = replace[info.filename]
                if content is not None:
                    new.writestr(info.filename, content)
            else:
                new.writestr(info.filename, old.read(info))
        for name, content in replace.items():
            if name not in old.namelist() and content is not None:
                new.writestr(name, content)
    return target


def _bad_crc(source: Path, target: Path, member: str) -> Path:
    """Store ``member`` uncompressed and flip one of its bytes, so its CRC fails."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info), zipfile.ZIP_STORED)
    data = bytearray(target.read_bytes())
    with zipfile.ZipFile(target) as archive:
        info = archive.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 10] ^= 0x01
    target.write_bytes(bytes(data))
    return target


_LAUGHS: Final = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet/>'
)
_SHEET: Final = "xl/worksheets/sheet1.xml"
_BODY: Final = "word/document.xml"


def _sheet_xml(rows: str, dimension: str | None = None) -> bytes:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{head}<sheetData>{rows}</sheetData></worksheet>"
    ).encode()


def _xlsx(replace: dict[str, bytes | None]) -> Maker:
    def make(folder: Path) -> Path:
        return _rezip(_workbook(folder), folder / "hostile.xlsx", replace)

    return make


def _docx(replace: dict[str, bytes | None]) -> Maker:
    def make(folder: Path) -> Path:
        return _rezip(_document(folder), folder / "hostile.docx", replace)

    return make


def _raw(suffix: str, data: bytes) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"hostile{suffix}"
        path.write_bytes(data)
        return path

    return make


def _truncated(build: Callable[[Path], Path], suffix: str) -> Maker:
    def make(folder: Path) -> Path:
        data = build(folder).read_bytes()
        return _raw(suffix, data[: len(data) // 2])(folder)

    return make


def _crc(build: Callable[[Path], Path], suffix: str, member: str) -> Maker:
    def make(folder: Path) -> Path:
        return _bad_crc(build(folder), folder / f"hostile{suffix}", member)

    return make


def _csv_rows(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    import csv

    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


# One file a case: every one must be refused whatever reads it.
XLSX: Final[dict[str, Maker]] = {
    "bad-crc": _crc(_workbook, ".xlsx", _SHEET),
    "truncated": _truncated(_workbook, ".xlsx"),
    "malformed-sheet-xml": _xlsx({_SHEET: b"<worksheet><sheetData><row></sheetData>"}),
    "missing-sheet-part": _xlsx({_SHEET: None}),
    "missing-workbook-part": _xlsx({"xl/workbook.xml": None}),
    "dtd-utf8": _xlsx({_SHEET: _LAUGHS.encode()}),
    "dtd-utf8-bom": _xlsx({_SHEET: b"\xef\xbb\xbf" + _LAUGHS.encode()}),
    "dtd-utf16-no-bom": _xlsx({_SHEET: _LAUGHS.encode("utf-16-le")}),
    "dtd-utf16be-no-bom": _xlsx({_SHEET: _LAUGHS.encode("utf-16-be")}),
    "dtd-in-part-not-named-xml": _xlsx({"xl/media/notes.bin": _LAUGHS.encode()}),
    "foreign-xml-encoding": _xlsx(
        {_SHEET: b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AD4-<worksheet/>'}
    ),
    "declared-million-rows": _xlsx(
        {_SHEET: _sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', "A1:A1000000")}
    ),
    "row-number-five-million": _xlsx(
        {_SHEET: _sheet_xml('<row r="5000000"><c r="A5000000"><v>1</v></c></row>')}
    ),
    "declared-too-wide": _xlsx({_SHEET: _sheet_xml("", "A1:XFD3")}),
    "cell-longer-than-excel-allows": _xlsx(
        {
            _SHEET: _sheet_xml(
                f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"长" * 40_000}</t></is></c></row>'
            )
        }
    ),
    "no-content-types": _xlsx({"[Content_Types].xml": None}),
    "empty-file": _raw(".xlsx", b""),
    "text-named-xlsx": _raw(".xlsx", "一级指标,二级指标\n".encode()),
    "old-binary-xls": _raw(".xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
    "zip-of-garbage": _raw(".xlsx", b"PK\x03\x04" + os.urandom(256)),
}

DOCX: Final[dict[str, Maker]] = {
    "bad-crc": _crc(_document, ".docx", _BODY),
    "truncated": _truncated(_document, ".docx"),
    "malformed-xml": _docx({_BODY: b"<w:document><w:body><w:tbl></w:body>"}),
    "utf16-malformed": _docx({_BODY: "\ufeff<w:document><w:body>".encode("utf-16-le")}),
    "missing-document-part": _docx({_BODY: None}),
    "dtd": _docx({_BODY: _LAUGHS.replace("worksheet", "document").encode()}),
    "dtd-utf16-no-bom": _docx({_BODY: _LAUGHS.encode("utf-16-le")}),
    "dtd-in-rels": _docx({"word/_rels/document.xml.rels": _LAUGHS.encode()}),
    "dtd-in-custom-part": _docx({"customXml/item9.dat": _LAUGHS.encode("utf-16-be")}),
    "grid-span-not-a-number": _docx(
        {
            _BODY: (
                '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>'
                '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="many"/></w:tcPr><w:p><w:r><w:t>一级指标'
                "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
            ).encode()
        }
    ),
    "empty-file": _raw(".docx", b""),
    "text-named-docx": _raw(".docx", "一级指标\t二级指标\n".encode()),
    "old-binary-doc": _raw(".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
    "workbook-named-docx": lambda folder: _raw(".docx", _workbook(folder).read_bytes())(folder),
}

CSV: Final[dict[str, Maker]] = {
    "cell-over-csv-field-limit": _raw(".csv", _csv_rows([ROWS[0], ["产出指标", "x" * 200_000]])),
    "cell-longer-than-excel-allows": _raw(
        ".csv", _csv_rows([ROWS[0], ["产", "数", "长" * 40_000]])
    ),
    "unclosed-quote-over-field-limit": _raw(".csv", b'a,"' + b"x" * 200_000),
    "not-utf8-nor-gb18030": _raw(".csv", b"\xff\xfe\xff\xfe\x80\xff,\xff\n"),
    "too-many-columns": _raw(".csv", _csv_rows([["c"] * 1_500])),
    "empty-file": _raw(".csv", b""),
    "no-table-at-all": _raw(".csv", b"hello,world\n1,2\n"),
    "nul-bytes": _raw(".csv", b"\0" * 4096),
}

JSON: Final[dict[str, Maker]] = {
    "nested-100000-deep": _raw(".json", b"[" * 100_000 + b"]" * 100_000),
    "lone-surrogate": _raw(
        ".json", b'{"format": "perftarget-table/1", "department": {"name": "\\ud800"}}'
    ),
    "weight-exponent-a-billion": _raw(
        ".json", b'{"format": "perftarget-table/1", "department": {"weight": "1E+999999999"}}'
    ),
    "number-of-100000-digits": _raw(".json", b"[" + b"9" * 100_000 + b"]"),
    "float-exponent-overflow": _raw(".json", b'{"format": 1e999999}'),
    "nan-constant": _raw(".json", b'{"format": NaN}'),
    "not-json": _raw(".json", b"{format: perftarget}"),
    "another-document": _raw(".json", b'{"format": "other/1"}'),
    "array-at-top": _raw(".json", b"[1, 2, 3]"),
    "bad-schema": _raw(".json", b'{"format": "perftarget-table/1", "department": 5}'),
    "invalid-utf8": _raw(".json", b'{"format": "\xff\xfe\x80"}'),
    "empty-file": _raw(".json", b""),
}

TXT: Final[dict[str, Maker]] = {
    "line-of-200000-chars": _raw(".txt", "一级指标".encode() * 50_001),
    "not-utf8-nor-gb18030": _raw(".txt", b"\xff\xfe\xff\xfe\x80\xff\n"),
    "empty-file": _raw(".txt", b""),
    "no-table-at-all": _raw(".txt", "只是一段文字。\n".encode()),
}


def _directory(suffix: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"folder{suffix}"
        path.mkdir()
        return path

    return make


def _missing(suffix: str) -> Maker:
    return lambda folder: folder / f"missing{suffix}"


def _device(suffix: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"zero{suffix}"
        path.symlink_to("/dev/zero")
        return path

    return make


def _pipe(suffix: str) -> Maker:
    def make(folder: Path) -> Path:
        path = folder / f"pipe{suffix}"
        os.mkfifo(path)
        return path

    return make


FORMATS: Final = {".xlsx": XLSX, ".docx": DOCX, ".csv": CSV, ".json": JSON, ".txt": TXT}
for _suffix, _cases in FORMATS.items():
    _cases["directory"] = _directory(_suffix)
    _cases["missing-file"] = _missing(_suffix)
    _cases["symlink-to-dev-zero"] = _device(_suffix)
    _cases["named-pipe"] = _pipe(_suffix)

CASES: Final = [
    pytest.param(maker, id=f"{suffix[1:]}-{name}")
    for suffix, cases in FORMATS.items()
    for name, maker in cases.items()
]


REVIEW_CASES: Final = CASES


def _run(argv: list[str]) -> tuple[int, str, str]:
    """Run the command line in-process; return exit code, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stderr
    sys.stderr = err
    try:
        code = main(argv, out=out)
    finally:
        sys.stderr = saved
    return code, out.getvalue(), err.getvalue()


def _assert_refused(code: int, err: str, path: Path) -> None:
    assert 2 == code, err
    assert str(path) in err or path.name in err
    assert "Traceback" not in err


# ---------------------------------------------------------------- the suite


class TestHostileFiles:
    """Every hostile file is refused cleanly, by the API and by every command that reads it."""

    def test_the_suite_has_at_least_sixty_files(self) -> None:
        """The suite keeps at least 60 generated files, in every readable format."""
        assert len(CASES) >= 60
        assert all(len(cases) >= 8 for cases in FORMATS.values())

    @pytest.mark.parametrize("make", CASES)
    def test_read_table_raises_table_error_naming_the_file(
        self, make: Maker, tmp_path: Path
    ) -> None:
        """read_table raises TableError (never a parser's own error) and names the file."""
        path = make(tmp_path)
        with pytest.raises(TableError) as caught:
            read_table(path)
        assert all(str(path) in str(p.where.file) for p in caught.value.problems)
        assert caught.value.problems

    @pytest.mark.parametrize("make", CASES)
    def test_convert_exits_2_and_keeps_the_previous_output(
        self, make: Maker, tmp_path: Path
    ) -> None:
        """convert exits 2 with the file named, and an existing output is unchanged."""
        path = make(tmp_path)
        output = tmp_path / "out.json"
        output.write_bytes(PREVIOUS)
        code, _, err = _run(["convert", str(path), str(output)])
        _assert_refused(code, err, path)
        assert PREVIOUS == output.read_bytes()

    @pytest.mark.parametrize("make", CASES)
    def test_score_exits_2(self, make: Maker, tmp_path: Path) -> None:
        """score exits 2 with the file named, without a traceback."""
        path = make(tmp_path)
        code, out, err = _run(["score", str(path)])
        # A folder is a valid PATH for score: an empty one is listed as unreadable.
        _assert_refused(code, err + out if path.is_dir() else err, path)

    @pytest.mark.parametrize("make", REVIEW_CASES)
    def test_review_exits_2(self, make: Maker, tmp_path: Path) -> None:
        """review exits 2 with the file named, without a traceback."""
        path = make(tmp_path)
        code, out, err = _run(["review", str(path)])
        _assert_refused(code, err + out if path.is_dir() else err, path)

    @pytest.mark.parametrize("make", CASES)
    def test_monitor_exits_2(self, make: Maker, tmp_path: Path) -> None:
        """monitor exits 2 with the file named, without a traceback."""
        path = make(tmp_path)
        code, out, err = _run(["monitor", str(path)])
        _assert_refused(code, err + out, path)

    @pytest.mark.parametrize("make", CASES)
    def test_diff_exits_2_whichever_side_is_hostile(self, make: Maker, tmp_path: Path) -> None:
        """diff exits 2 naming the hostile file, as OLD and as NEW, without a traceback."""
        path = make(tmp_path)
        good = tmp_path / "good.csv"
        good.write_text(
            "一级指标,二级指标,三级指标,年度指标值\n产出指标,数量指标,培训人数,≥50人\n",
            encoding="utf-8",
        )
        for argv in (["diff", str(path), str(good)], ["diff", str(good), str(path)]):
            code, out, err = _run(argv)
            _assert_refused(code, err + out, path)

    @pytest.mark.parametrize("make", [p for p in CASES if p.id.startswith("txt-")])
    def test_audit_exits_2(self, make: Maker, tmp_path: Path) -> None:
        """audit refuses a hostile text file with exit 2, naming the file."""
        path = make(tmp_path)
        out, err = io.StringIO(), io.StringIO()
        saved = sys.stderr
        sys.stderr = err
        try:
            code = main(["audit", str(path)], out=out)
        finally:
            sys.stderr = saved
        assert 2 == code
        assert path.name in out.getvalue() + err.getvalue()


class TestMessages:
    """Operating-system failures read as sentences, in the user's language."""

    def test_missing_file_says_file_not_found(self, tmp_path: Path) -> None:
        """A missing file says 'file not found', not '[Errno 2]'."""
        path = tmp_path / "x.csv"
        code, _, err = _run(["convert", str(path), str(tmp_path / "o.json")])
        assert 2 == code
        assert f"{path}: file not found" in err
        assert "Errno" not in err

    def test_directory_says_it_is_a_directory(self, tmp_path: Path) -> None:
        """A directory named like a table says it is a directory."""
        path = tmp_path / "x.csv"
        path.mkdir()
        with pytest.raises(TableError) as caught:
            read_table(path)
        assert "is a directory" in str(caught.value)

    def test_missing_file_in_chinese(self, tmp_path: Path) -> None:
        """With --lang zh the message is in Chinese."""
        path = tmp_path / "x.csv"
        code, _, err = _run(["score", str(path), "--lang", "zh"])
        assert 2 == code
        assert "找不到文件" in err

    def test_limit_message_says_how_to_raise_it(self, tmp_path: Path) -> None:
        """A limit's message names the limit, its value, the value found and Limits."""
        path = XLSX["declared-million-rows"](tmp_path)
        with pytest.raises(TableError) as caught:
            read_table(path)
        message = str(caught.value)
        assert "Limits.max_rows=100000" in message
        assert "1000000" in message
        assert "Limits(max_rows=...)" in message


class TestLimitsBeforeWork:
    """Limits are checked before the expensive work, and can be raised."""

    def test_row_count_is_checked_before_the_sheet_is_loaded(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A sheet with more rows than the limit is refused before openpyxl reads a row."""
        rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 60))
        path = _xlsx({_SHEET: _sheet_xml(rows)})(tmp_path)
        from perftarget.io import _xlsx as reader

        def no_rows(*args: object, **kwargs: object) -> object:
            raise AssertionError("rows were read")

        monkeypatch.setattr(reader, "_sheet_rows", no_rows)
        with pytest.raises(TableError, match="max_rows"):
            read_table(path, limits=Limits(max_rows=50))

    def test_raised_limits_read_the_file(self, tmp_path: Path) -> None:
        """The same file reads once the limit is raised."""
        path = CSV["cell-longer-than-excel-allows"](tmp_path)
        contents = read_table(path, limits=Limits(max_cell_chars=50_000))
        assert contents.department.projects or contents.evaluations
        assert not any("max_cell_chars" in f.message for f in contents.findings)

    def test_json_depth_within_the_limit_is_parsed(self) -> None:
        """Nesting at the limit is parsed; one level more is refused."""
        deep = "[" * 10 + "]" * 10
        with pytest.raises(TableError, match="not a perftarget table document"):
            load_json_text(deep, limits=Limits(max_depth=10))
        with pytest.raises(TableError, match="max_depth"):
            load_json_text("[" + deep + "]", limits=Limits(max_depth=10))

    def test_brackets_inside_strings_do_not_count(self) -> None:
        """Brackets inside JSON strings are text, not nesting."""
        text = '{"format": "' + "[" * 500 + '"}'
        with pytest.raises(TableError, match="not a perftarget table document"):
            load_json_text(text)

    def test_a_csv_with_mixed_line_endings_is_read(self, tmp_path: Path) -> None:
        """Mixed CR, LF and CRLF line ends read as rows, not as a CSV error."""
        path = tmp_path / "mixed.csv"
        path.write_bytes(
            "一级指标,二级指标,三级指标,指标值\r产出指标,数量指标,a,≥5人\n产出指标,数量指标,b,≥6人\r\n".encode()
        )
        [project] = read_table(path).department.projects
        assert ["a", "b"] == [i.name for i in project.indicators]


class TestSafeOutput:
    """Formulas are neutralised, outputs are replaced whole, and inputs are never overwritten."""

    @pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+A1", "@SUM(A1)", "\tx", "\rx"])
    def test_formula_like_text_gets_a_quote(self, text: str) -> None:
        """A text a spreadsheet would run gets a leading quote."""
        assert "'" + text == neutralise(text)

    @pytest.mark.parametrize("text", ["-5", "+3.5", "-0.25%", "≥95%", "培训人数", ""])
    def test_numbers_and_plain_text_are_unchanged(self, text: str) -> None:
        """Real numbers such as -5 and ordinary text are written as they are."""
        assert text == neutralise(text)

    @given(st.text())
    def test_no_neutralised_text_starts_a_formula(self, text: str) -> None:
        """After neutralising, only a plain number may start with a formula character."""
        safe = neutralise(text)
        assert not safe.startswith(FORMULA_PREFIXES) or safe == text

    @given(st.text().filter(lambda t: not t.startswith("'")))
    def test_restore_undoes_neutralise(self, text: str) -> None:
        """Reading back what was written gives the text as it was."""
        assert text == restore(neutralise(text))

    @pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
    def test_written_files_hold_the_quote_and_read_back_unchanged(
        self, suffix: str, tmp_path: Path
    ) -> None:
        """CSV and xlsx output quote a formula; reading it back gives the original text."""
        source = layouts.to_csv(
            [[ROWS[0], ["产出指标", "数量指标", "=HYPERLINK(1)", "≥5人"]]], tmp_path / "in.csv"
        )
        output = tmp_path / f"out{suffix}"
        assert 0 == _run(["convert", str(source), str(output)])[0]
        if suffix == ".csv":
            assert "'=HYPERLINK(1)" in output.read_text(encoding="utf-8-sig")
        else:
            values = [
                c.value for row in openpyxl.load_workbook(output).active.iter_rows() for c in row
            ]
            assert "'=HYPERLINK(1)" in values
        [project] = read_table(output).department.projects
        assert ["=HYPERLINK(1)"] == [i.name for i in project.indicators]

    def test_raw_formulas_keeps_them(self, tmp_path: Path) -> None:
        """convert --raw-formulas writes the text as it is."""
        source = layouts.to_csv(
            [[ROWS[0], ["产出指标", "数量指标", "=A1", "≥5人"]]], tmp_path / "in.csv"
        )
        output = tmp_path / "out.csv"
        assert 0 == _run(["convert", "--raw-formulas", str(source), str(output)])[0]
        text = output.read_text(encoding="utf-8-sig")
        assert ",=A1," in text
        assert "'=A1" not in text

    @pytest.mark.parametrize("link", [False, True])
    def test_convert_refuses_to_overwrite_its_input(self, link: bool, tmp_path: Path) -> None:
        """convert X X (or X through a symlink to X) is refused and X is unchanged."""
        source = layouts.to_csv([ROWS], tmp_path / "in.csv")
        before = source.read_bytes()
        target = tmp_path / "link.csv" if link else source
        if link:
            target.symlink_to(source)
        code, _, err = _run(["convert", str(source), str(target)])
        assert 2 == code
        assert "the output is the input file" in err
        assert before == source.read_bytes()

    def test_a_failed_write_leaves_the_previous_output(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A write that fails half-way leaves the previous output whole, and no temporary file."""
        source = layouts.to_csv([ROWS], tmp_path / "in.csv")
        output = tmp_path / "out.json"
        output.write_bytes(PREVIOUS)
        from perftarget.io import _json

        def half(text: str) -> str:
            raise OSError(27, "File too large")

        monkeypatch.setattr(_json, "dump_json_text", lambda table: half(""))
        code, _, err = _run(["convert", str(source), str(output)])
        assert 2 == code, err
        assert PREVIOUS == output.read_bytes()
        assert ["in.csv", "out.json"] == sorted(p.name for p in tmp_path.iterdir())


class TestBatchEdges:
    """score --batch refuses what it cannot score and keeps earlier outputs."""

    @pytest.fixture(autouse=True)
    def _polars(self) -> None:
        pytest.importorskip("polars", reason="pip install -e '.[test]'")

    def _batch(self, source: Path, output: Path) -> tuple[int, str]:
        argv = ["score", "--lang", "en", "--batch", str(source), "--output", str(output)]
        code, _, err = _run(argv)
        return code, err

    @pytest.mark.parametrize(
        "content",
        [
            b"a,b,c\n1,2,3\n",  # a header it does not know
            b"project,level1,level2,level3,target,actual,weight\n",  # no rows
            b"\0" * 70_000,  # NUL bytes
        ],
        ids=["unknown-header", "no-rows", "nul-bytes"],
    )
    def test_unscorable_input_exits_2_and_keeps_the_output(
        self, content: bytes, tmp_path: Path
    ) -> None:
        """An unknown header, no rows or a binary file is an error; the old output stays."""
        source = tmp_path / "in.csv"
        source.write_bytes(content)
        output = tmp_path / "out.csv"
        output.write_bytes(PREVIOUS)
        code, err = self._batch(source, output)
        assert 2 == code, err
        assert PREVIOUS == output.read_bytes()
        assert "Traceback" not in err

    def test_cr_only_line_ends_are_read_as_rows(self, tmp_path: Path) -> None:
        """A CSV whose lines end in CR alone is read row by row, not as 0 rows."""
        source = tmp_path / "in.csv"
        source.write_bytes(
            b"project,level1,level2,level3,target,actual,weight\r"
            b"p,\xe4\xba\xa7\xe5\x87\xba\xe6\x8c\x87\xe6\xa0\x87,"
            b"\xe6\x95\xb0\xe9\x87\x8f\xe6\x8c\x87\xe6\xa0\x87,n,>=5,6,10\r"
        )
        output = tmp_path / "out.csv"
        code, err = self._batch(source, output)
        assert code in (0, 1), err
        assert 2 == len(output.read_text(encoding="utf-8-sig").splitlines())

    def test_output_equal_to_input_is_refused(self, tmp_path: Path) -> None:
        """score --batch in.csv --output in.csv is refused and in.csv unchanged."""
        source = tmp_path / "in.csv"
        content = b"project,level1,level2,level3,target,actual,weight\np,1,2,3,>=5,6,10\n"
        source.write_bytes(content)
        code, err = self._batch(source, source)
        assert 2 == code
        assert "the output is the input file" in err
        assert content == source.read_bytes()

    @pytest.mark.parametrize("make", [_device(".csv"), _pipe(".csv"), _directory(".csv")])
    def test_non_regular_input_is_refused(self, make: Maker, tmp_path: Path) -> None:
        """A device, a pipe or a directory is refused by its type."""
        path = make(tmp_path)
        code, err = self._batch(path, tmp_path / "out.csv")
        assert 2 == code
        assert str(path) in err


class TestExitCodes:
    """The command line's own errors, bugs and closed pipes."""

    def test_an_unexpected_error_exits_70_without_traceback(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bug ends with exit 70 and one line; --debug adds the traceback."""
        import perftarget.cli._main as cli

        def boom(args: object, out: object) -> int:
            raise RuntimeError("boom")

        monkeypatch.setattr(cli, "_cmd_parse", boom)
        assert EXIT_INTERNAL == main(["parse", "x"])
        err = capsys.readouterr().err
        assert "internal error (RuntimeError: boom)" in err
        assert "Traceback" not in err
        assert EXIT_INTERNAL == main(["--debug", "parse", "x"])
        assert "Traceback" in capsys.readouterr().err

    def test_a_closed_pipe_ends_quietly(self) -> None:
        """parse ... | head -1 ends with exit 141 (128 + SIGPIPE) and no traceback."""
        done = subprocess.run(
            f"{sys.executable} -m perftarget.cli parse --format json | head -1; "
            'echo "status ${PIPESTATUS[0]}" >&2',
            shell=True,
            executable="/bin/bash",
            input="≥95%\n" * 100_000,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert 1 == len(done.stdout.splitlines())
        assert "status 141\n" == done.stderr


class TestWeightAtTheEdge:
    """Indicator weights given as int or str are converted; floats are refused."""

    def _indicator(self, weight: object) -> Indicator:
        return Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name="培训人数",
            target=parse_target("≥50人"),
            weight=weight,  # type: ignore[arg-type]
        )

    @pytest.mark.parametrize(("given", "expected"), [(20, "20"), ("12.5", "12.5"), (" 7 ", "7")])
    def test_int_and_str_become_decimal(self, given: object, expected: str) -> None:
        """Indicator(weight=20) and weight='12.5' hold Decimals."""
        from decimal import Decimal

        assert Decimal(expected) == self._indicator(given).weight

    def test_float_is_refused_with_the_reason(self) -> None:
        """A float weight is refused with a message saying floats are inexact."""
        with pytest.raises(ModelError, match="floats cannot hold"):
            self._indicator(0.1)

    def test_text_that_is_no_number_is_refused(self) -> None:
        """A weight string that is not a number is refused."""
        with pytest.raises(ModelError, match="must be a number"):
            self._indicator("twenty")
