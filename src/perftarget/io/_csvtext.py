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

from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._csv_write import restore
from perftarget.io._doctext import text_tables
from perftarget.io._layout import clean_title
from perftarget.io._limits import DEFAULT_LIMITS, Limits, over_limit, read_bytes, reading
from perftarget.io._sheets import Contents, Sheet, read_sheets

__all__ = ["check_lines", "csv_rows", "decode", "read_csv", "read_text"]


def decode(path: Path, limits: Limits) -> str:
    """
    Read a text file as UTF-8 (with or without BOM) or GB18030.

    Args:
        path: The file.
        limits: Its size limit.

    Returns:
        The text.

    Raises:
        TableError: The file is missing, not a regular file (a directory,
            a device, a pipe), not readable, too large, or in another
            encoding.
    """
    where = Location(file=str(path))
    data = read_bytes(path, limits)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableError(
        [
            Problem(
                where=where,
                message=say(
                    "无法按 UTF-8、带 BOM 的 UTF-8 或 GB18030 解码文件",
                    "cannot decode the file as UTF-8, UTF-8-BOM or GB18030",
                ),
            )
        ]
    )


def csv_rows(text: str, file: str, limits: Limits) -> list[tuple[int, list[str]]]:
    """
    Split a CSV text into its non-blank records, numbered by record.

    Args:
        text: The decoded text (see :func:`decode`).
        file: The file named in problems.
        limits: Safety limits (cells, width, rows).

    Returns:
        ``(record number, cells)`` of every record with a non-blank cell.

    Raises:
        TableError: The text is malformed CSV or exceeds a limit.

    Example:
        >>> from perftarget.io import DEFAULT_LIMITS
        >>> csv_rows("a,b\\n\\n1,2\\n", "t.csv", DEFAULT_LIMITS)
        [(1, ['a', 'b']), (3, ['1', '2'])]
    """
    rows: list[tuple[int, list[str]]] = []
    width = 0
    records = csv.reader(io.StringIO(text, newline=""))
    number = 0
    while True:
        try:
            cells = next(records, None)
        except csv.Error as error:  # a field over the csv module's limit, a stray NUL
            where = Location(file=file, row=number + 1)
            message = say(f"CSV 格式错误：{error}", f"malformed CSV: {error}")
            raise TableError([Problem(where=where, message=message)]) from None
        if cells is None:
            return rows
        number += 1
        width = max(width, len(cells))
        limits.check_sheet(number, width, Location(file=file))
        longest = max(map(len, cells), default=0)
        if longest > limits.max_cell_chars:
            where = Location(file=file, row=number)
            message = over_limit("max_cell_chars", limits.max_cell_chars, longest)
            raise TableError([Problem(where=where, message=message)])
        if any(cells):
            rows.append((number, [restore(cell) for cell in cells]))


def read_csv(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read the tables of a CSV file.

    Args:
        path: The ``.csv`` file.
        limits: Safety limits.

    Returns:
        The target tables (as a department) and the self-evaluations.

    Raises:
        TableError: Every problem, each with file, row and column; also
            when the file cannot be read (missing, a directory, not a
            regular file), is malformed CSV, or exceeds a limit.
    """
    path = Path(path)
    file = str(path)
    with reading(file):
        rows = csv_rows(decode(path, limits), file, limits)
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
        TableError: Every problem, each with file, table, line and column;
            also when the file cannot be read or exceeds a limit.
    """
    path = Path(path)
    file = str(path)
    with reading(file):
        text = decode(path, limits)
        lines = text.splitlines()
        check_lines(lines, file, limits)
        return _text_contents(text, lines, file, path.stem, limits)


def check_lines(lines: list[str], file: str, limits: Limits) -> None:
    """
    Refuse a text whose longest line exceeds ``limits.max_line_chars``.

    Raises:
        TableError: The first line too long, with its line number.
    """
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            where = Location(file=file, row=number)
            message = over_limit("max_line_chars", limits.max_line_chars, len(line))
            raise TableError([Problem(where=where, message=message)])


def _line_above(lines: list[str], number: int) -> str:
    """
    The last non-blank line above line ``number`` (1-based), stripped; "" if none.

    The walk stops at the first such line, so finding the headings of every
    table in a document costs one pass over it, not one pass per table.

    Examples:
        >>> _line_above(["title", "", "  ", "\\tcell"], 4)
        'title'
    """
    for index in range(number - 2, -1, -1):
        stripped = lines[index].strip()
        if stripped:
            return stripped
    return ""


def _text_contents(text: str, lines: list[str], file: str, stem: str, limits: Limits) -> Contents:
    sheets: list[Sheet] = []
    for index, table in enumerate(text_tables(text), start=1):
        name = f"table {index}"
        limits.check_sheet(len(table.rows), max(map(len, table.rows)), Location(file=file))
        title = clean_title(_line_above(lines, table.line))
        rows = list(zip(table.row_lines, table.rows, strict=True))
        sheets.append(Sheet(name=name, rows=rows, title=title))
    return read_sheets(sheets, file=file, default_name=stem)
