"""
Turning rows of raw cells into model objects, at the edge.

Readers of every format (the packaged dataset, CSV, Excel, Word, text) hand
their rows here as strings keyed by column role.  This module recognises
headers by meaning, fills merged level cells down, parses labels and values,
and collects *every* problem with its location before raising one
:class:`~perftarget.TableError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from attrs import frozen

from perftarget.core._findings import Severity
from perftarget.core._model import Indicator, Project
from perftarget.core._quantity import Money
from perftarget.core._text import normalize
from perftarget.core._units import canonical_unit
from perftarget.exceptions import Location, ModelError, Problem, TableError
from perftarget.io._blocks import decimal
from perftarget.io._history import read_history
from perftarget.io._layout import (
    HEADER_ROLES,
    INDICATOR_ROLES,
    REQUIRED_ROLES,
    cell_key,
    header_problem,
)
from perftarget.io._notes import ReadNotes
from perftarget.io._rows import RowCells, prepare_cells, read_rows, split_direction

__all__ = ["RawRow", "build_project", "header_roles", "split_direction"]

_BY_HEADER: Final[dict[str, str]] = {
    header: role for role, headers in HEADER_ROLES.items() for header in headers
}
_BARE_NUMBER: Final = re.compile(r"[<>=≥≤]?[+-]?\d[\d,]*(?:\.\d+)?")


@frozen(kw_only=True)
class RawRow:
    """One table row as strings keyed by role, with where it was read."""

    cells: Mapping[str, str]
    where: Location


def header_roles(headers: Sequence[str], where: Location) -> dict[int, str]:
    """
    Map column positions to roles by the meaning of their headers.

    Raises:
        TableError: A required column is missing; the message lists the
            headers found and those expected.
    """
    roles: dict[int, str] = {}
    for index, header in enumerate(headers):
        role = _BY_HEADER.get(cell_key(header))
        if role is not None and role not in roles.values():
            roles[index] = role
    missing = [role for role in REQUIRED_ROLES if role not in roles.values()]
    if missing:
        raise TableError([header_problem(where, missing, headers)])
    return roles


def build_project(
    rows: Iterable[RawRow],
    *,
    name: str,
    amount: str | None = None,
    goal: str = "",
    year: int | None = None,
    department: str = "",
    where: Location | None = None,
) -> Project:
    """
    Build a :class:`~perftarget.Project` from raw rows, strictly.

    The rows are read as every reader reads them (blank level cells continue
    the label above, labels resolved through the open vocabulary, rows with
    neither a level-3 name nor a target skipped), but anything reading had to
    read past refuses the rows: use :func:`~perftarget.io.read_table` for
    lenient reading.

    Raises:
        TableError: Every problem found (findings of warning or error
            severity), each with its location.
    """
    notes = ReadNotes()
    prepared = [
        RowCells(cells=prepare_cells(row.cells), where=row.where, at=_at_of(row.where))
        for row in rows
    ]
    problems: list[Problem] = []
    indicators: list[Indicator] = []
    for read in read_rows(prepared, notes):
        cells = read.row.cells
        unit = cells.get("unit", "")
        baseline, revisions = read_history(read, notes)
        indicators.append(
            Indicator(
                level1=read.level1,
                level2=read.level2,
                name=read.name,
                target=read.target,
                description=cells.get("description", ""),
                basis=cells.get("basis", ""),
                weight=decimal(cells.get("weight", ""), read.row.at("weight"), "weight", problems),
                declared_unit=canonical_unit(normalize(unit)) if unit else None,
                core=read.name.startswith("★"),
                criteria=cells.get("criteria", ""),
                level1_label=read.level1_label,
                level2_label=read.level2_label,
                problem=read.problem,
                baseline=baseline,
                revisions=revisions,
            )
        )
    money: Money | None = None
    if amount:
        try:
            money = Money.parse(amount)
        except ModelError as error:
            problems.append(Problem(where=where or Location(), message=str(error), text=amount))
    problems = [
        Problem(where=f.where, message=f.message)
        for f in notes.findings
        if f.severity is not Severity.INFO
    ] + problems
    if problems:
        raise TableError(problems)
    return Project(
        name=name,
        indicators=indicators,
        amount=money,
        goal=goal,
        year=year,
        department=department,
    )


def _at_of(where: Location) -> Callable[[str], Location]:
    def at(role: str) -> Location:
        column = INDICATOR_ROLES[role][0] if role in INDICATOR_ROLES else role
        return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)

    return at
