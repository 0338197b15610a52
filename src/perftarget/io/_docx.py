"""
Reading the tables of a Word document (.docx) with python-docx.

Every table in the document body is read, in document order.  python-docx
(1.x) gives a merged cell's text in every grid position it covers, both
across (``gridSpan``) and down (``vMerge``), so merged level cells come
filled down; rows that start or end short of the grid are padded.  The
paragraph just above a table names its project when the table has no
项目名称 row.  Every file is checked by
:func:`~perftarget.io._limits.check_office_file` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from attrs import evolve

from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._layout import clean_title
from perftarget.io._limits import DEFAULT_LIMITS, Limits, check_office_file, over_limit, reading
from perftarget.io._sheets import Contents, Sheet, read_sheets

__all__ = ["read_docx"]


def _require_docx() -> Any:
    """Import docx, or say which extra installs it."""
    try:
        import docx
    except ImportError as error:  # pragma: no cover - the test extra installs it
        raise ImportError(
            "reading .docx files needs python-docx: pip install 'perftarget[office]'"
        ) from error
    return docx


def _table_rows(table: Any, where: Location, limits: Limits) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    width = 0
    for number, row in enumerate(table.rows, start=1):
        before = int(getattr(row, "grid_cols_before", 0) or 0)
        cells = [""] * before + [cell.text.strip() for cell in row.cells]
        width = max(width, len(cells))
        limits.check_sheet(number, width, where)
        longest = max(map(len, cells), default=0)
        if longest > limits.max_cell_chars:
            message = over_limit("max_cell_chars", limits.max_cell_chars, longest)
            raise TableError([Problem(where=evolve(where, row=number), message=message)])
        rows.append((number, cells))
    return rows


def read_docx(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read every table in a Word document.

    Args:
        path: The ``.docx`` file.
        limits: Safety limits for untrusted files.

    Returns:
        The target tables (as a department) and the self-evaluations.

    Raises:
        TableError: The file is unsafe, damaged, missing or not a Word
            document, or its tables have problems; every problem is listed
            with the table number (``table 2``), row and column.
    """
    docx = _require_docx()
    path = Path(path)
    file = str(path)
    with reading(file):
        check_office_file(path, limits)
        return _read(docx.Document(str(path)), file, path.stem, limits)


def _read(document: Any, file: str, stem: str, limits: Limits) -> Contents:
    sheets: list[Sheet] = []
    title = ""
    for item in document.iter_inner_content():
        if not hasattr(item, "rows"):
            text = str(getattr(item, "text", "")).strip()
            if text:
                title = text
            continue
        name = f"table {len(sheets) + 1}"
        rows = _table_rows(item, Location(file=file, sheet=name), limits)
        sheets.append(Sheet(name=name, rows=rows, title=clean_title(title)))
        title = ""
    return read_sheets(sheets, file=file, default_name=stem)
