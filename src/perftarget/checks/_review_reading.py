"""
How the review checks read an indicator: its name without a trailing note,
the unit it is written in or its name implies, the target as shown, and
whether it is a cost or a satisfaction indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

from perftarget.checks._review_types import Hit
from perftarget.core._categories import Level1, Level2
from perftarget.core._model import Indicator, Project, Target
from perftarget.core._text import normalize
from perftarget.core._units import same_dimension, unit_info
from perftarget.exceptions import PerftargetError

__all__ = ["implied_unit"]


_TRAILING_PAREN = re.compile(r"\([^()]*\)$")
_RATE_ENDINGS: Final = ("率", "比例", "占比", "比率")
_COST_LEVEL2: Final = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECO_COST}
)


def _name(indicator: Indicator) -> str:
    return _TRAILING_PAREN.sub("", normalize(indicator.name))


def implied_unit(name: str) -> str | None:
    """
    Return the unit an indicator name implies: ``%`` for …率 / …比例,
    ``人`` / ``人次`` for …人数 / …人次; None when the name implies none.

    Examples:
        >>> implied_unit("群体性事件成功处置率"), implied_unit("培训参加人数")
        ('%', '人')
    """
    text = _TRAILING_PAREN.sub("", normalize(name))
    if text.endswith(_RATE_ENDINGS):
        return "%"
    if text.endswith("人次"):
        return "人次"
    if text.endswith("人数"):
        return "人"
    return None


def _unit(indicator: Indicator) -> str:
    return indicator.target.unit or indicator.declared_unit or ""


def _kind(unit: str) -> str:
    return unit_info(unit).kind


def _is_percent(unit: str) -> bool:
    return _kind(unit) in ("percent", "percent_point")


def _compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return same_dimension(a, b)
    except PerftargetError:
        return False


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _shown(target: Target) -> str:
    return target.text or target.phrase


def _rows(project: Project) -> Iterable[tuple[int, Indicator]]:
    return enumerate(project.indicators, start=1)


def _is_satisfaction(indicator: Indicator) -> bool:
    return indicator.level2 is Level2.SATISFACTION or "满意" in indicator.name


def _hit(project: Project, row: int | None, column: str | None, **params: str) -> Hit:
    return Hit(project=project.name, row=row, column=column, params=params)


def _is_cost(item: Indicator) -> bool:
    return item.level2 in _COST_LEVEL2 or item.level1 is Level1.COST
