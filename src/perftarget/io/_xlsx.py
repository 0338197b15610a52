"""
Reading and writing Excel workbooks (.xlsx) with openpyxl.

Reading uses openpyxl's read-only mode, which streams rows and does not load
the workbook into memory, but does not expose merged ranges.  The ranges are
read separately from each sheet's XML (the ``<mergeCell ref=…>`` elements,
found with one streaming scan) and every cell of a merged range is filled
with its top-left value, as Excel shows it.  Numbers formatted as percents
are read as percents (a cell holding 0.95 shown ``95%`` reads ``95%``),
dates as ``2021年12月31日``.  Every file is checked by
:func:`~perftarget.io._limits.check_office_file` first, and each sheet's
declared dimension and row count are checked against :class:`Limits` from
the archive (one streaming scan of the sheet's XML, which stops as soon as a
limit is passed) before openpyxl reads a row.

Writing neutralises text cells a spreadsheet would run as a formula (see
:func:`~perftarget.io._csv_write.neutralise`) and replaces the target file
only once the workbook is complete.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal, DecimalException
from pathlib import Path
from typing import Any, Final

from attrs import evolve

from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._csv_write import neutralise, replaced_atomically, restore
from perftarget.io._limits import DEFAULT_LIMITS, Limits, check_office_file, over_limit, reading
from perftarget.io._render import Grid, Percent, grids
from perftarget.io._sheets import Contents, Sheet, Writable, read_sheets

__all__ = ["read_xlsx", "write_xlsx", "xlsx_sheets"]


def _require_openpyxl() -> Any:
    """Import openpyxl, or say which extra installs it."""
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - the test extra installs it
        raise ImportError(
            "reading .xlsx files needs openpyxl: pip install 'perftarget[office]'"
        ) from error
    return openpyxl


_MERGE: Final = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
_DIMENSION: Final = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="[A-Z]{0,3}\d{0,10}:?([A-Z]{1,3})(\d{1,10})"'
)
_ROW: Final = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER: Final = re.compile(rb'<(?:\w+:)?row\s[^>]{0,200}?\br="(\d{1,10})"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index - 1


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    letter: str = get_column_letter(index + 1)
    return letter


def _merged_ranges(
    archive: zipfile.ZipFile,
    part: str,
    where: Location | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[tuple[int, int, int, int]]:
    """
    Find a sheet's merged ranges, checking its declared size against the limits.

    One streaming scan of the sheet's XML, before openpyxl reads a row: the
    ``<dimension>`` element, the number of ``<row>`` elements and the
    highest row number given (``r=``) are checked as they are met, so an
    oversized sheet is refused after reading only as much as the limit.

    Returns:
        Merged ranges: 1-based rows and 0-based columns.

    Raises:
        TableError: The declared size exceeds a limit.
    """
    where = where if where is not None else Location(sheet=part)
    found: list[tuple[int, int, int, int]] = []
    tail = b""
    rows = highest = 0
    dimension_seen = False
    with archive.open(part.lstrip("/")) as stream:
        while chunk := stream.read(1 << 20):
            data = tail + chunk
            cut = data.rfind(b"<")
            if cut < 0 or len(data) - cut >= 300:
                cut = len(data)
            whole, tail = data[:cut], data[cut:]
            if not dimension_seen and (dimension := _DIMENSION.search(whole)):
                dimension_seen = True
                last_row = int(dimension.group(2))
                last_column = _column_index(dimension.group(1)) + 1
                limits.check_sheet(last_row, last_column, where)
            rows += len(_ROW.findall(whole))
            highest = max(highest, *map(int, _ROW_NUMBER.findall(whole)), 0)
            if max(rows, highest) > limits.max_rows:
                limits.check_sheet(max(rows, highest), 0, where)
            for match in _MERGE.finditer(whole):
                c0, r0, c1, r1 = match.groups()
                found.append((int(r0), _column_index(c0), int(r1), _column_index(c1)))
    return found


def _text(value: object, number_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in number_format:
            return _plain(number * 100) + "%"
        return _plain(number)
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


def _plain(number: Decimal) -> str:
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _sheet_rows(
    worksheet: Any, merges: list[tuple[int, int, int, int]], where: Location, limits: Limits
) -> Iterator[tuple[int, list[str]]]:
    pending = sorted(merges)
    active: list[tuple[int, int, int, int, str]] = []
    width = 0
    for number, row in enumerate(worksheet.iter_rows(), start=1):
        cells = _cells(row, evolve(where, row=number), limits)
        while cells and not cells[-1]:
            cells.pop()
        width = max(width, len(cells))
        limits.check_sheet(number, width, where)
        while pending and pending[0][0] == number:
            r0, c0, r1, c1 = pending.pop(0)
            c1 = min(c1, limits.max_columns - 1)
            active.append((r0, c0, r1, c1, cells[c0] if c0 < len(cells) else ""))
        while pending and pending[0][0] < number:
            pending.pop(0)
        active = [a for a in active if a[2] >= number]
        for _, c0, _, c1, value in active:
            if value:
                if len(cells) <= c1:
                    cells.extend([""] * (c1 + 1 - len(cells)))
                for column in range(c0, c1 + 1):
                    if not cells[column]:
                        cells[column] = value
        if cells:
            yield number, cells


def _cells(row: Sequence[Any], where: Location, limits: Limits) -> list[str]:
    """A row's cells as text; a number out of range or an overlong cell is refused."""
    cells = []
    for index, cell in enumerate(row):
        try:
            text = _text(cell.value, getattr(cell, "number_format", "General") or "General")
        except (DecimalException, ValueError, OverflowError):
            message = say("数值超出可处理的范围", "a number is out of the range perftarget handles")
            raise TableError(
                [Problem(where=evolve(where, column=_letter(index)), message=message)]
            ) from None
        text = restore(text)
        if len(text) > limits.max_cell_chars:
            message = over_limit("max_cell_chars", limits.max_cell_chars, len(text))
            raise TableError([Problem(where=evolve(where, column=_letter(index)), message=message)])
        cells.append(text)
    return cells


def read_xlsx(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read every table in an Excel workbook.

    Args:
        path: The ``.xlsx`` file.
        limits: Safety limits for untrusted files.

    Returns:
        The target tables (as a department) and the self-evaluations.

    Raises:
        TableError: The file is unsafe, damaged, missing or not a
            workbook, a sheet exceeds a limit, or its tables have problems;
            every problem is listed with sheet, row and column.
    """
    _require_openpyxl()
    path = Path(path)
    file = str(path)
    with reading(file):
        return read_sheets(xlsx_sheets(path, limits), file=file, default_name=path.stem)


def xlsx_sheets(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """
    Read the cells of every worksheet of a workbook, merged ranges filled.

    The layout-free first step of :func:`read_xlsx`, shared with the
    monitoring reader: the file is checked as an untrusted Office file, and
    every worksheet part is scanned (size, merges) before openpyxl opens it.

    Args:
        path: The ``.xlsx`` file.
        limits: Safety limits for untrusted files.

    Returns:
        One sheet of numbered rows of cell text per worksheet (chart sheets
        left out).

    Raises:
        TableError: The file is unsafe or damaged, or a sheet exceeds a limit.
        ImportError: openpyxl is not installed (the ``office`` extra).
        OSError: The file cannot be read (outside :func:`reading`).
    """
    openpyxl = _require_openpyxl()
    file = str(path)
    check_office_file(path, limits)
    # without a <dimension>, openpyxl parses a whole sheet just to size it
    with zipfile.ZipFile(path) as archive:
        merges = {
            name: _merged_ranges(archive, name, Location(file=file, sheet=name), limits)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and name.endswith(".xml")
        }
    # openpyxl leaves an archive member open when it fails half-way through a
    # malformed file; our own handle closes everything whatever happens.
    with path.open("rb") as stream:
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True, keep_links=False)
        try:
            return _sheets(workbook, file, merges, limits)
        finally:
            workbook.close()


def _sheets(
    workbook: Any, file: str, merges: dict[str, list[tuple[int, int, int, int]]], limits: Limits
) -> list[Sheet]:
    sheets: list[Sheet] = []
    for worksheet in workbook.worksheets:
        part = getattr(worksheet, "_worksheet_path", None)
        if part is None:  # a chart sheet
            continue
        where = Location(file=file, sheet=worksheet.title)
        limits.check_sheet(worksheet.max_row or 0, worksheet.max_column or 0, where)
        ranges = merges.get(part.lstrip("/"), [])
        rows = list(_sheet_rows(worksheet, ranges, where, limits))
        sheets.append(Sheet(name=worksheet.title, rows=rows, column_name=_letter))
    return sheets


def _number(value: Decimal) -> float | str:
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else _plain(value)


def _fill(worksheet: Any, grid: Grid, raw_formulas: bool) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    wrap = Alignment(vertical="center", wrap_text=True)
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = worksheet.cell(row=r, column=c)
            if isinstance(value, Percent):
                cell.value = _number(value.fraction)
                cell.number_format = "0.00%"
            elif isinstance(value, Decimal):
                cell.value = _number(value)
                cell.number_format = "0.00##"
            else:
                cell.value = value if raw_formulas else neutralise(value)
                cell.data_type = "s"  # "=100%" is a value, not a formula
                cell.number_format = "@"
                cell.alignment = wrap
    for r in grid.header_rows:
        for cell in worksheet[r + 1]:
            cell.font = bold
    for r0, c0, r1, c1 in grid.merges:
        worksheet.merge_cells(
            start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1
        )
    if grid.freeze is not None:
        worksheet.freeze_panes = f"A{grid.freeze + 1}"
    for index, width in enumerate(grid.widths):
        worksheet.column_dimensions[_letter(index)].width = width


def write_xlsx(
    table: Writable,
    path: str | Path,
    *,
    names: Sequence[str] = (),
    raw_formulas: bool = False,
) -> None:
    """
    Write target tables or self-evaluations as an Excel workbook.

    A department's projects are stacked on one sheet ``绩效目标表``; each
    self-evaluation gets a sheet in the official 绩效自评表 layout (merged
    level cells, the funding block, 总分, frozen header, number formats).
    Every text is stored as text, never as a formula; one that a spreadsheet
    would still run once edited gets a leading ``'``
    (:func:`~perftarget.io._csv_write.neutralise`).  The file is replaced
    only once the workbook is complete.

    Args:
        table: Contents, a department, or self-evaluations.
        path: The ``.xlsx`` file to write.
        names: Project names shown on the self-evaluation sheets.
        raw_formulas: Write text cells as they are, without the ``'``.

    Raises:
        OSError: The file cannot be written; an existing file is unchanged.
    """
    from openpyxl import Workbook

    targets, evaluations = grids(table, names)
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    sheets = [first]
    if targets is not None:
        first.title = "绩效目标表"
        _fill(first, targets, raw_formulas)
        sheets = []
    for index, grid in enumerate(evaluations):
        sheet = sheets.pop() if sheets else workbook.create_sheet()
        sheet.title = f"绩效自评表{index + 1}" if len(evaluations) > 1 else "绩效自评表"
        _fill(sheet, grid, raw_formulas)
    with replaced_atomically(path) as temporary:
        workbook.save(temporary)
