"""
Writing target tables and self-evaluations as CSV.

The file holds the same layout as the Excel writer (stacked project blocks;
the official self-evaluation layout with its funding block), with merged
cells written once and blank below, so :func:`perftarget.io.read_table`
reads it back to equal objects.  It is UTF-8 with a BOM, which Excel opens
correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from perftarget.io._render import Cell, Grid, Percent, grids
from perftarget.io._sheets import Writable

__all__ = ["write_csv"]


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        return format(cell.fraction * 100, "f") + "%"
    if isinstance(cell, Decimal):
        return format(cell, "f")
    return cell


def _rows(grid: Grid) -> list[list[str]]:
    return [[_text(cell) for cell in row] for row in grid.rows]


def write_csv(
    table: Writable,
    path: str | Path,
    *,
    names: Sequence[str] = (),
) -> None:
    """
    Write target tables or self-evaluations as a CSV file.

    Several self-evaluations are written one below the other, each
    starting with its 项目名称 row.

    Args:
        table: Contents, a department, or self-evaluations.
        path: The ``.csv`` file to write.
        names: Project names shown on the self-evaluations.

    Raises:
        OSError: The file cannot be written.
    """
    targets, evaluations = grids(table, names)
    rows: list[list[str]] = _rows(targets) if targets is not None else []
    for grid in evaluations:
        if rows:
            rows.append([])
        rows.extend(_rows(grid))
    with Path(path).open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
