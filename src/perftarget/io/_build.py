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
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Final

from attrs import evolve, frozen

from perftarget._categories import Level1, Level2
from perftarget._model import Direction, Indicator, Project
from perftarget._parse import parse_target
from perftarget._quantity import Money
from perftarget._text import normalize
from perftarget._units import canonical_unit
from perftarget.exceptions import (
    LabelError,
    Location,
    ModelError,
    Problem,
    TableError,
    TargetParseError,
)
from perftarget.io._layout import HEADER_ROLES, REQUIRED_ROLES, cell_key, header_problem

__all__ = ["RawRow", "build_project", "header_roles"]

_BY_HEADER: Final[dict[str, str]] = {
    header: role for role, headers in HEADER_ROLES.items() for header in headers
}
_BARE_NUMBER: Final = re.compile(r"[<>=≥≤]?[+-]?\d[\d,]*(?:\.\d+)?")


_DIRECTIONS: Final[dict[str, Direction]] = {
    "正向": Direction.HIGHER_IS_BETTER,
    "正向指标": Direction.HIGHER_IS_BETTER,
    "反向": Direction.LOWER_IS_BETTER,
    "反向指标": Direction.LOWER_IS_BETTER,
    "higher": Direction.HIGHER_IS_BETTER,
    "lower": Direction.LOWER_IS_BETTER,
}


def split_direction(cells: Mapping[str, str]) -> tuple[dict[str, str], Direction | None]:
    """
    Tell apart the two uses of 指标性质 / 指标方向 columns by their content.

    Tables use both headers for the comparator (``≥``, ``=``) and for the
    direction (``正向`` / ``反向``, 乌海 2021: 指标性质 = 反向 with 指标方向 = "=").
    Returns the cells with any comparator under ``operator``, and the stated
    direction, if any.

    Examples:
        >>> split_direction({"operator": "反向", "direction": "="})
        ({'direction': '反向', 'operator': '='}, <Direction.LOWER_IS_BETTER: 'lower'>)
    """
    out = {k: v for k, v in cells.items() if k not in ("operator", "direction")}
    direction: Direction | None = None
    for role in ("operator", "direction"):
        text = normalize(cells.get(role, "") or "")
        if not text:
            continue
        found = _DIRECTIONS.get(text.lower())
        if found is not None:
            direction = found
            out["direction"] = text
        elif "operator" not in out:
            out["operator"] = text
    return out, direction


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


def _weight(text: str, where: Location, problems: list[Problem]) -> Decimal | None:
    text = normalize(text).removesuffix("分")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(Problem(where=where, message="weight (分值) is not a number", text=text))
        return None
    if not value.is_finite() or value < 0:
        problems.append(Problem(where=where, message="weight (分值) must be >= 0", text=text))
        return None
    return value


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
    Build a :class:`~perftarget.Project` from raw rows.

    Blank level-1 and level-2 cells continue the label above (merged cells).
    Rows with no level-3 indicator and no target (placeholder rows kept in
    published tables) are skipped.

    Raises:
        TableError: Every problem found, each with its location.
    """
    problems: list[Problem] = []
    indicators: list[Indicator] = []
    level1: Level1 | None = None
    level2: Level2 | None = None
    for row in rows:
        cells, direction = split_direction(
            {key: (value or "").strip() for key, value in row.cells.items()}
        )
        if cells.get("level1"):
            try:
                level1 = Level1.from_label(cells["level1"])
            except LabelError as error:
                problems.append(Problem(where=_at(row, "一级指标"), message=str(error)))
                level1 = None
        if cells.get("level2"):
            try:
                level2 = Level2.from_label(cells["level2"])
            except LabelError as error:
                problems.append(Problem(where=_at(row, "二级指标"), message=str(error)))
                level2 = None
        name3 = cells.get("level3", "")
        target_text = cells.get("target", "")
        if not name3 and not target_text:
            continue
        if level1 is None or level2 is None:
            if not any(p.where.row == row.where.row for p in problems):
                problems.append(
                    Problem(
                        where=row.where,
                        message="no level-1 or level-2 label above this row",
                        text=name3,
                    )
                )
            continue
        if not name3:
            problems.append(Problem(where=_at(row, "三级指标"), message="level-3 name is empty"))
            continue
        unit = cells.get("unit", "")
        if unit and _BARE_NUMBER.fullmatch(normalize(target_text)):
            target_text += unit  # split layout: 指标值 | 度量单位
        try:
            target = parse_target(target_text, level2=level2)
            if direction is not None:
                target = evolve(target, direction_override=direction)
        except TargetParseError as error:
            problems.append(Problem(where=_at(row, "指标值"), message=str(error), text=target_text))
            continue
        try:
            indicators.append(
                Indicator(
                    level1=level1,
                    level2=level2,
                    name=name3,
                    target=target,
                    description=cells.get("description", ""),
                    basis=cells.get("basis", ""),
                    weight=_weight(cells.get("weight", ""), _at(row, "分值"), problems),
                    declared_unit=canonical_unit(normalize(unit)) if unit else None,
                    core=name3.startswith("★"),
                )
            )
        except ModelError as error:
            problems.append(Problem(where=row.where, message=str(error)))
    money: Money | None = None
    if amount:
        try:
            money = Money.parse(amount)
        except ModelError as error:
            problems.append(Problem(where=where or Location(), message=str(error), text=amount))
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


def _at(row: RawRow, column: str) -> Location:
    where = row.where
    return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)
