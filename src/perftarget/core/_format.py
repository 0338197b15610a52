"""
Writing targets and actuals back in perftarget's one canonical spelling, the
inverse of :func:`~perftarget.parse_target` and :func:`~perftarget.parse_actual`.
"""

from __future__ import annotations

from perftarget.core._actual import parse_actual  # noqa: F401  (the doctests use it)
from perftarget.core._dates import Deadline
from perftarget.core._model import Actual, Comparator, Target, TargetKind
from perftarget.core._parse import parse_target  # noqa: F401  (the doctests use it)
from perftarget.core._text import plain_number as _n
from perftarget.core._valuewords import LE

__all__ = ["format_actual", "format_target"]


def _deadline_text(comparator: Comparator | None, implicit: bool, date: Deadline) -> str:
    text = date.zh()
    if comparator is LE:
        return text + ("前" if date.day is not None else "底前")
    if comparator is None or implicit:
        return text
    return comparator.symbol + text


def format_target(target: Target) -> str:
    """
    Write a target in perftarget's canonical spelling.

    ``parse_target(format_target(t)) == t`` for every target the parser
    produces.

    Examples:
        >>> format_target(parse_target("不低于 ９０ 百分比"))
        '≥90%'
        >>> format_target(parse_target("3-5天"))
        '3~5天'
        >>> format_target(parse_target("年底前"))
        '12月底前'
    """
    if target.kind is TargetKind.DEADLINE and target.date is not None:
        if target.comparator is Comparator.RANGE and target.date_upper is not None:
            return f"{target.date.zh()}~{target.date_upper.zh()}"
        return _deadline_text(target.comparator, target.implicit, target.date)
    if target.value is None:
        if target.phrase:
            return target.phrase
        symbol = target.comparator.symbol if target.comparator is not None else ""
        return symbol + target.unit
    if target.comparator is Comparator.RANGE and target.upper is not None:
        if target.value == -target.upper and target.upper > 0:
            return f"±{_n(target.upper)}{target.unit}"
        return f"{_n(target.value)}~{_n(target.upper)}{target.unit}"
    symbol = "" if target.implicit or target.comparator is None else target.comparator.symbol
    return f"{symbol}{_n(target.value)}{target.unit}"


def format_actual(actual: Actual) -> str:
    """
    Write an actual value in canonical spelling; ``parse_actual`` inverts it.

    Examples:
        >>> format_actual(parse_actual("１０９３ 人"))
        '1093人'
    """
    if actual.kind is TargetKind.DEADLINE and actual.date is not None:
        return actual.date.zh()
    if actual.value is None:
        return actual.phrase or actual.unit
    symbol = actual.copied_comparator.symbol if actual.copied_comparator is not None else ""
    return f"{symbol}{_n(actual.value)}{actual.unit}"
