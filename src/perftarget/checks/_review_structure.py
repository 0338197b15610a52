"""
The review checks of a table's structure: the level-1 and level-2 categories
present and in place, the level-3 weights adding up, the basis column
(指标值确定依据) filled.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from perftarget.checks._review_reading import (
    _COST_LEVEL2,
    _hit,
    _is_cost,
    _is_percent,
    _is_satisfaction,
    _number,
    _rows,
    _shown,
    _unit,
    implied_unit,
)
from perftarget.checks._review_types import Hit, ReviewContext
from perftarget.core._categories import Level1, Level2
from perftarget.core._model import Project

__all__ = []


def _level1_missing(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    present = {item.level1 for item in project.indicators}
    satisfaction_elsewhere = any(_is_satisfaction(item) for item in project.indicators)
    for level1 in (Level1.OUTPUT, Level1.EFFECT, Level1.SATISFACTION):
        if level1 in present:
            continue
        if level1 is Level1.SATISFACTION and satisfaction_elsewhere:
            continue  # reported by PT104 where it sits
        yield _hit(project, None, "一级指标", zh=level1.zh, en=level1.en)


def _level2_missing(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    present = {item.level2 for item in project.indicators}
    has_cost = any(_is_cost(item) for item in project.indicators)
    for level2 in ctx.expected_level2:
        found = has_cost if level2 in _COST_LEVEL2 else level2 in present
        if not found:
            yield _hit(project, None, "二级指标", zh=level2.zh, en=level2.en)


def _level2_misplaced(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level1 in item.level2.parents:
            continue
        if item.level2 is Level2.SATISFACTION and item.level1 is Level1.EFFECT:
            continue  # PT104
        yield _hit(
            project,
            row,
            "二级指标",
            name=item.name,
            level2=item.level2.zh,
            level1=item.level1.zh,
            parent=item.level2.parents[0].zh,
            level2_en=item.level2.en,
            level1_en=item.level1.en,
            parent_en=item.level2.parents[0].en,
        )


def _satisfaction_misplaced(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level1 is Level1.SATISFACTION:
            continue
        if item.level2 is Level2.SATISFACTION or (
            "满意" in item.name and item.level1 is Level1.EFFECT
        ):
            yield _hit(
                project,
                row,
                "二级指标",
                name=item.name,
                where=f"{item.level1.zh}/{item.level2.zh}",
                where_en=f"{item.level1.en}/{item.level2.en}",
            )


def _rate_under_quantity(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        if item.level2 is not Level2.QUANTITY or not item.target.is_numeric:
            continue
        unit = _unit(item)
        if _is_percent(unit) or (not unit and implied_unit(item.name) == "%"):
            yield _hit(project, row, "二级指标", name=item.name, target=_shown(item.target))


def _weights_total(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    weights = [item.weight for item in project.indicators]
    given = [w for w in weights if w is not None]
    if not given:
        return
    missing = len(weights) - len(given)
    total = sum(given, Decimal(0))
    if missing or total != ctx.weight_total:
        yield _hit(
            project,
            None,
            "分值",
            total=_number(total),
            expected=_number(ctx.weight_total),
            missing=str(missing),
        )


def _weights_level1(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if not any(item.weight is not None for item in project.indicators):
        return
    for level1, expected in ctx.level1_weights.items():
        rows = project.by_level1(level1)
        if not rows:
            continue
        total = sum((item.weight or Decimal(0) for item in rows), Decimal(0))
        if total != expected:
            yield _hit(
                project,
                None,
                "分值",
                level1=level1.zh,
                level1_en=level1.en,
                total=_number(total),
                expected=_number(expected),
            )


def _has_basis(project: Project) -> bool:
    return any(item.basis.strip() for item in project.indicators)


def _basis_empty(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if not _has_basis(project):
        return  # PT118
    for row, item in _rows(project):
        if not item.basis.strip():
            yield _hit(project, row, "指标值确定依据", name=item.name)


def _basis_absent(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    if project.indicators and not _has_basis(project):
        yield _hit(project, None, "指标值确定依据")
