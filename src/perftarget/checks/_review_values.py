"""
The review checks of one target value: quantified where it should be,
with a unit that agrees with the unit column and the name, a bound that can
be met, no Excel serial for a date, a satisfaction floor, a cost written as a
cap, and the parser's doubts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from perftarget.checks._review_reading import (
    _compatible,
    _hit,
    _is_cost,
    _is_percent,
    _is_satisfaction,
    _kind,
    _number,
    _rows,
    _shown,
    _unit,
    implied_unit,
)
from perftarget.checks._review_types import Hit, ReviewContext
from perftarget.core._categories import Level2
from perftarget.core._dates import excel_serial_to_date, is_excel_serial
from perftarget.core._model import Comparator, Indicator, Project, TargetKind
from perftarget.core._text import normalize

__all__ = []


_TIME_WORDS: Final = ("时间", "日期", "时限", "期限", "完成时", "工期")
_UPWARD: Final = frozenset({Comparator.GE, Comparator.GT, Comparator.EQ})


def _serial_deadline(indicator: Indicator) -> int | None:
    """The Excel serial a timing indicator's target holds instead of a date, if any."""
    text = normalize(indicator.target.text)
    if not text.isdigit() or not is_excel_serial(int(text)):
        return None
    timely = indicator.level2 is Level2.TIMELINESS or indicator.target.kind is TargetKind.DEADLINE
    if timely or any(word in indicator.name for word in _TIME_WORDS):
        return int(text)
    return None


def _qualitative_where_numeric(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.target.kind is TargetKind.QUALITATIVE and item.level2.expects_number:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_shown(item.target),
                level2=item.level2.zh,
                level2_en=item.level2.en,
            )


def _no_unit(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if not target.is_numeric or target.kind is TargetKind.DEADLINE or _unit(item):
            continue
        if _serial_deadline(item) is not None:
            continue  # PT111
        implied = implied_unit(item.name)
        yield _hit(
            project,
            row,
            "指标值",
            name=item.name,
            target=_shown(target),
            hint=f"（名称提示单位为 {implied}）" if implied else "",
            hint_en=f" (the name implies {implied})" if implied else "",
        )


def _unit_vs_column(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        declared, written = item.declared_unit or "", item.target.unit
        if declared and written and not _compatible(declared, written):
            yield _hit(
                project, row, "度量单位", name=item.name, target=_shown(item.target), unit=declared
            )


def _unit_vs_name(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        implied = implied_unit(item.name)
        unit = _unit(item)
        if implied is None or not unit or not item.target.is_numeric:
            continue
        kind = _kind(unit)
        wrong = (
            kind not in ("percent", "percent_point", "none")
            if implied == "%"
            else kind not in ("count", "none")
        )
        if wrong:
            yield _hit(
                project, row, "指标值", name=item.name, target=_shown(item.target), implied=implied
            )


def _degenerate_bound(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if target.value is None or not _is_percent(_unit(item)):
            continue
        if (target.comparator is Comparator.GE and target.value == 100) or (
            target.comparator is Comparator.GT and target.value >= 100
        ):
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _excel_serial(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        serial = _serial_deadline(item)
        if serial is not None:
            day = excel_serial_to_date(serial).isoformat()
            yield _hit(project, row, "指标值", name=item.name, serial=str(serial), date=day)


def _satisfaction_floor(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if not _is_satisfaction(item) or target.value is None:
            continue
        if not _is_percent(_unit(item)) or target.comparator not in _UPWARD:
            continue
        if target.value < ctx.satisfaction_floor:
            yield _hit(
                project,
                row,
                "指标值",
                name=item.name,
                target=_shown(target),
                floor=_number(ctx.satisfaction_floor),
            )


def _cost_as_minimum(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        minimum = target.comparator in (Comparator.GE, Comparator.GT)
        if minimum and _is_cost(item) and _kind(_unit(item)) == "money":
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _cost_without_comparator(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        target = item.target
        if _is_cost(item) and _kind(_unit(item)) == "money" and target.implicit:
            yield _hit(project, row, "指标值", name=item.name, target=_shown(target))


def _parser_warning(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        for warning in item.target.warnings:
            if warning.startswith("degenerate bound"):
                continue  # PT110
            if "Excel serial date" in warning and _serial_deadline(item) is not None:
                continue  # PT111
            yield _hit(
                project, row, "指标值", name=item.name, target=item.target.text, warning=warning
            )
