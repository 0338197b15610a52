"""
The review checks of a target's history: the baseline or last year's actual
it should go beyond, last year's target it should not loosen without a
reason, and the adjustments made during the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from attrs import evolve

from perftarget.checks._review_reading import _hit, _is_cost, _number, _rows, _shown
from perftarget.checks._review_types import Hit, ReviewContext
from perftarget.core._change import Change, compare_targets, target_from_actual
from perftarget.core._format import format_actual, format_target
from perftarget.core._model import Baseline, Comparator, Direction, Indicator, Project, Target
from perftarget.core._text import normalize

__all__ = ["gives_reason"]


def _way(item: Indicator) -> Direction | None:
    """
    Which way is better when review compares two targets of ``item``: the
    indicator's own, so a bare value (last year's ``65人``) is read the same way.

    A written or implicit ``=`` reads as at least (as PT114 always read it),
    except an implicit one under a cost category, which is a cap (PT123).
    """
    target = item.target
    if target.direction_override is not None or target.comparator is not Comparator.EQ:
        return target.direction
    if target.implicit and _is_cost(item):
        return Direction.LOWER_IS_BETTER
    return Direction.HIGHER_IS_BETTER


def _compared(item: Indicator) -> Target:
    """The target as review compares it: a bare number takes the 度量单位 column's unit."""
    target = item.target
    if target.unit or not item.declared_unit or target.value is None:
        return target
    return evolve(target, unit=item.declared_unit)


def _written(target: Target) -> str:
    """A target as the table writes it, else in canonical spelling."""
    return target.text.strip() or format_target(target)


def _years_since(project: Project, last: Baseline) -> int:
    """Years from the baseline to the table (1, last year, unless both years are known)."""
    if project.year is not None and last.year is not None:
        return project.year - last.year
    return 1


#: Cells that give no reason.
_NO_REASON: Final = frozenset({"", "无", "-", "--", "—", "——", "/", "\\", "不适用"})


def gives_reason(text: str) -> bool:
    """
    Tell whether a reason cell (调整原因, 变动原因) says something.

    Examples:
        >>> gives_reason("场地改造，培训推迟"), gives_reason(" 无 "), gives_reason("")
        (True, False, False)
    """
    return normalize(text) not in _NO_REASON


def _explained(item: Indicator) -> bool:
    """A lowered target is explained by a reason for the change or for an adjustment."""
    last = item.baseline
    if last is not None and gives_reason(last.reason):
        return True
    return any(gives_reason(change.reason) for change in item.revisions)


def _baseline(
    project: Project, item: Indicator, ctx: ReviewContext
) -> tuple[Target, str, int] | None:
    """
    The value PT114 compares with, as a target, how to show it, and the
    years between: the ``baselines`` entry, else the indicator's own
    last-year actual.
    """
    given = ctx.baselines.get((project.name, item.name))
    if given is not None:
        number = f"{_number(given.value)}{given.unit}" if given.value is not None else ""
        return given, given.text or number or _written(given), 1
    last = item.baseline
    actual = None if last is None else last.actual
    if last is None or actual is None:
        return None
    achieved = target_from_actual(actual, item.target)
    if achieved is None:
        return None
    return achieved, actual.text.strip() or format_actual(actual), _years_since(project, last)


def _not_above_baseline(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        found = _baseline(project, item, ctx)
        if found is None:
            continue
        base, shown, years = found
        compared = compare_targets(base, _compared(item), direction=_way(item), year_shift=years)
        if compared.comparable and compared.change in (Change.SAME, Change.LOOSER):
            yield _hit(
                project, row, "指标值", name=item.name, target=_shown(item.target), baseline=shown
            )


def _lowered_from_last_year(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        last = item.baseline
        if last is None or last.target is None or item.problem or _explained(item):
            continue
        compared = compare_targets(
            last.target,
            _compared(item),
            direction=_way(item),
            year_shift=_years_since(project, last),
        )
        if compared.change is Change.LOOSER:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_written(item.target),
                last=_written(last.target),
            )


def _adjusted_without_reason(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        for change in item.revisions:
            if gives_reason(change.reason):
                continue
            compared = compare_targets(item.target, change.target, direction=_way(item))
            if compared.change is not Change.SAME:
                yield _hit(
                    project,
                    row,
                    "调整原因",
                    name=item.name,
                    original=_written(item.target),
                    adjusted=_written(change.target),
                )


def _adjustment_loosens(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        before = item.target
        for change in item.revisions:
            if compare_targets(before, change.target, direction=_way(item)).change is Change.LOOSER:
                yield _hit(
                    project,
                    row,
                    "调整后指标值",
                    name=item.name,
                    before=_written(before),
                    after=_written(change.target),
                )
            before = change.target
