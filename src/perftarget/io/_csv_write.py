"""
Writing target tables and self-evaluations as CSV, and the safety every writer shares.

The file holds the same layout as the Excel writer (stacked project blocks;
the official self-evaluation layout with its funding block), with merged
cells written once and blank below, so :func:`perftarget.io.read_table`
reads it back to equal objects.  It is UTF-8 with a BOM, which Excel opens
correctly.

Two rules hold for every writer:

* **Formulas are neutralised.**  A text cell that a spreadsheet would run
  as a formula when the file is opened (one starting with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return: the OWASP rule against CSV
  injection) is written with a leading ``'``, which spreadsheets show as
  text.  Numbers are numbers, not text, and are never touched (``-5`` stays
  ``-5``); a text cell that reads as a plain number is not touched either.
  ``raw_formulas=True`` writes every text as it is, for a file that only
  programs read.
* **A failed write loses nothing.**  The file is written to a temporary
  file in the same folder and renamed over the target only once complete,
  so a run that fails or is killed leaves an existing output as it was.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Final

from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._render import Cell, Grid, Percent, grids
from perftarget.io._sheets import Writable

__all__ = [
    "FORMULA_PREFIXES",
    "neutralise",
    "refuse_overwriting_input",
    "replaced_atomically",
    "restore",
    "write_csv",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES: Final = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def neutralise(text: str) -> str:
    """
    Return ``text`` so that a spreadsheet shows it rather than runs it.

    A text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'``, unless it is a plain number (``-5``,
    ``+3.5%``), which no spreadsheet runs.

    Args:
        text: A cell's text.

    Returns:
        The text to write.

    Examples:
        >>> neutralise("=HYPERLINK(\\"http://x\\")")
        '\\'=HYPERLINK("http://x")'
        >>> neutralise("-5"), neutralise("≥95%"), neutralise("@SUM(A1)")
        ('-5', '≥95%', "'@SUM(A1)")
    """
    if text.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


@contextmanager
def replaced_atomically(path: str | Path) -> Iterator[Path]:
    """
    Give a temporary path beside ``path``; rename it over ``path`` when the block ends well.

    When the block raises (or the process is killed), ``path`` is left as it
    was and the temporary file is removed (when the process can still do so).

    Args:
        path: The file to write.

    Yields:
        The temporary file to write instead.

    Raises:
        OSError: The folder cannot be written.

    Examples:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
        >>> _ = target.write_text("old")
        >>> try:
        ...     with replaced_atomically(target) as temporary:
        ...         _ = temporary.write_text("half")
        ...         raise RuntimeError("killed")
        ... except RuntimeError:
        ...     pass
        >>> target.read_text()
        'old'
    """
    target = Path(path)
    temporary = _create_beside(target)
    try:
        yield temporary
        if target.is_file():  # keep the permissions of the file replaced
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _create_beside(target: Path) -> Path:
    """Create a new empty file in ``target``'s folder (mode 0666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # the extension is kept: some writers choose the format by it
        temporary = target.with_name(f".{target.stem}.{secrets.token_hex(6)}.part{target.suffix}")
        try:
            os.close(os.open(temporary, flags, 0o666))
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        return temporary


def refuse_overwriting_input(output: str | Path, *inputs: str | Path) -> None:
    """
    Refuse an output path that is one of the input paths (symlinks resolved).

    Args:
        output: The file about to be written.
        inputs: The files being read.

    Raises:
        TableError: ``output`` is an input; the message names it.

    Examples:
        >>> refuse_overwriting_input("out.csv", "in.csv")
        >>> refuse_overwriting_input("./in.csv", "in.csv")
        Traceback (most recent call last):
        ...
        perftarget.exceptions.TableError: 1 problem in the input:
          - ./in.csv: the output is the input file; write to another file
    """
    target = Path(output)
    for source in inputs:
        same = Path(source).resolve() == target.resolve()
        if not same and target.exists() and Path(source).exists():
            same = os.path.samefile(source, target)  # a hard link
        if same:
            message = say(
                "输出文件就是输入文件；请写入另一个文件",
                "the output is the input file; write to another file",
            )
            raise TableError([Problem(where=Location(file=str(output)), message=message)])


def restore(text: str) -> str:
    """
    Undo :func:`neutralise`: drop the ``'`` it put before a formula-like text.

    Readers apply it, so a table written and read back is unchanged.

    Examples:
        >>> restore(neutralise("=1+1")), restore("'plain")
        ('=1+1', "'plain")
    """
    if text.startswith("'") and neutralise(text[1:]) == text:
        return text[1:]
    return text


def _text(cell: Cell, raw_formulas: bool) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        return format(cell.fraction * 100, "f") + "%"
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return cell if raw_formulas else neutralise(cell)


def _rows(grid: Grid, raw_formulas: bool) -> list[list[str]]:
    return [[_text(cell, raw_formulas) for cell in row] for row in grid.rows]


def write_csv(
    table: Writable,
    path: str | Path,
    *,
    names: Sequence[str] = (),
    raw_formulas: bool = False,
) -> None:
    """
    Write target tables or self-evaluations as a CSV file.

    Several self-evaluations are written one below the other, each
    starting with its 项目名称 row.  Text cells a spreadsheet would run as
    a formula get a leading ``'`` (:func:`neutralise`); the file is
    replaced only once it is complete.

    Args:
        table: Contents, a department, or self-evaluations.
        path: The ``.csv`` file to write.
        names: Project names shown on the self-evaluations.
        raw_formulas: Write text cells as they are, formulas included.

    Raises:
        OSError: The file cannot be written; an existing file is unchanged.
    """
    targets, evaluations = grids(table, names)
    rows: list[list[str]] = _rows(targets, raw_formulas) if targets is not None else []
    for grid in evaluations:
        if rows:
            rows.append([])
        rows.extend(_rows(grid, raw_formulas))
    with (
        replaced_atomically(path) as temporary,
        temporary.open("w", encoding="utf-8-sig", newline="") as stream,
    ):
        csv.writer(stream).writerows(rows)
