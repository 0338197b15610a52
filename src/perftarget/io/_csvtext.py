"""
Reading tables from CSV files and from the text form of a Word document.

A CSV file (UTF-8, UTF-8 with BOM or GB18030) is one sheet.  The text form
(cells on their own tab-indented lines, as in the bundled seed) holds one
sheet per table, read with :func:`~perftarget.io._doctext.text_tables`.
Both go through the same layout reader as Excel and Word files.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._doctext import text_tables
from perftarget.io._layout import clean_title
from perftarget.io._limits import DEFAULT_LIMITS, Limits
from perftarget.io._sheets import Contents, Sheet, read_sheets

__all__ = ["decode", "read_csv", "read_text"]


def decode(path: Path, limits: Limits) -> str:
    """
    Read a text file as UTF-8 (with or without BOM) or GB18030.

    Args:
        path: The file.
        limits: Its size limit.

    Returns:
        The text.

    Raises:
        TableError: The file is too large or in another encoding.
        OSError: The file cannot be read.
    """
    where = Location(file=str(path))
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise TableError(
            [
                Problem(
                    where=where,
                    message=f"file too large: {size} bytes exceeds "
                    f"Limits.max_file_bytes={limits.max_file_bytes}",
                )
            ]
        )
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        [Problem(where=where, message="cannot decode the file as UTF-8, UTF-8-BOM or GB18030")]
    )


def read_csv(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read the tables of a CSV file.

    Args:
        path: The ``.csv`` file.
        limits: Safety limits.

    Returns:
        The target tables (as a department) and the self-evaluations.

    Raises:
        TableError: Every problem, each with file, row and column.
        OSError: The file cannot be read.
    """
    path = Path(path)
    file = str(path)
    rows: list[tuple[int, list[str]]] = []
    width = 0
    where = Location(file=file)
    for number, cells in enumerate(csv.reader(io.StringIO(decode(path, limits))), start=1):
        width = max(width, len(cells))
        limits.check_sheet(number, width, where)
        if any(cells):
            rows.append((number, cells))
    return read_sheets([Sheet(name=None, rows=rows)], file=file, default_name=path.stem)


def read_text(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read the tables of a document's text form (tab-indented cells).

    Row numbers in locations are line numbers of the file.

    Args:
        path: The ``.txt`` file.
        limits: Safety limits.

    Returns:
        The target tables (as a department) and the self-evaluations.

    Raises:
        TableError: Every problem, each with file, table, line and column.
        OSError: The file cannot be read.
    """
    path = Path(path)
    file = str(path)
    text = decode(path, limits)
    lines = text.splitlines()
    sheets: list[Sheet] = []
    for index, table in enumerate(text_tables(text), start=1):
        name = f"table {index}"
        limits.check_sheet(len(table.rows), max(map(len, table.rows)), Location(file=file))
        # the heading is the last non-blank line above the table
        above = (line.strip() for line in reversed(lines[: table.line - 1]))
        title = clean_title(next((line for line in above if line), ""))
        rows = list(zip(table.row_lines, table.rows, strict=True))
        sheets.append(Sheet(name=name, rows=rows, title=title))
    return read_sheets(sheets, file=file, default_name=path.stem)
