"""
The review checks of boilerplate: an indicator copied across projects, one
target value written for unrelated indicators, a description that does not
mention what the indicator measures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from perftarget.checks._review_reading import _hit, _is_percent, _name, _rows, _shown, _unit
from perftarget.checks._review_types import Hit, ReviewContext
from perftarget.core._model import Comparator, Department, Indicator, Project
from perftarget.core._text import is_cjk, normalize

__all__ = []


# Characters that say nothing about what an indicator measures.
_STOP: Final = frozenset("率数量的指标情况度性及等和与是否在内之其按人次个项年月日")


def _boilerplate(department: Department, ctx: ReviewContext) -> Iterable[Hit]:
    groups: dict[tuple[str, str, str], list[tuple[Project, int]]] = defaultdict(list)
    for project in department.projects:
        for row, item in _rows(project):
            if not item.description.strip():
                continue
            key = (
                normalize(item.name),
                normalize(item.description),
                normalize(_shown(item.target)),
            )
            groups[key].append((project, row))
    for (name, _, target), places in groups.items():
        names = list(dict.fromkeys(p.name for p, _ in places))
        if len(names) < 2:
            continue
        first, row = places[0]
        yield _hit(
            first, row, "三级指标", name=name, target=target, projects="、".join(names),
            count=str(len(names)),
        )  # fmt: skip


def _same_value(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    groups: dict[tuple[object, ...], list[tuple[int, Indicator]]] = defaultdict(list)
    for row, item in _rows(project):
        target = item.target
        if target.value is None or target.comparator is Comparator.RANGE:
            continue
        unit = _unit(item)
        if _is_percent(unit) and target.value == 100:
            continue  # 100% is the natural value of completion rates
        groups[(target.comparator, target.value, unit)].append((row, item))
    for places in groups.values():
        level2s = {item.level2 for _, item in places}
        if len(places) >= 3 and len(level2s) >= 2:
            row, first = places[0]
            yield _hit(
                project,
                row,
                "指标值",
                target=_shown(first.target),
                count=str(len(places)),
                names="、".join(item.name for _, item in places),
            )


def _significant(text: str) -> set[str]:
    return {c for c in normalize(text) if is_cjk(c) and c not in _STOP}


def _description_unrelated(project: Project, ctx: ReviewContext) -> Iterable[Hit]:
    for row, item in _rows(project):
        description = item.description.strip()
        name_chars = _significant(_name(item))
        if len(description) < 4 or len(name_chars) < 2:
            continue
        if not name_chars & _significant(description):
            yield _hit(project, row, "绩效指标描述", name=item.name, description=description)
