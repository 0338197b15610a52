"""
Year over year: two years' target tables of the same projects, compared.

:func:`diff` matches projects by name and, inside each, indicators by label,
tolerant to small wording changes, and classifies every matched target with
:func:`~perftarget.compare_targets`: loosened (lowered targets
are the classic audit finding), tightened, changed or unchanged, marked
when its unit changed, it was renamed, moved to another level 1 or 2, or its
weight changed; the rest are added or dropped.  :func:`diff_record` is the
``perftarget diff --format json`` record; the text, Markdown and HTML forms
are :class:`perftarget.report.DiffRenderer`.

Examples:
    >>> from attrs import evolve
    >>> from perftarget import datasets, parse_target
    >>> from perftarget.compare import DiffKind, diff
    >>> last = datasets.quyang_2020()
    >>> first = last.projects[0]
    >>> rows = [evolve(first.indicators[2], target=parse_target("≥90%")), *first.indicators[:2]]
    >>> this = evolve(last, year=2021, projects=[evolve(first, indicators=rows)])
    >>> found = diff(last, this)
    >>> [(p.name, i.name) for p, i in found.loosened()]
    [('群众工作中心日常经费', '综合业务管理工作完成率')]
    >>> found.counts()[DiffKind.DROPPED], found.project_counts()["dropped"]
    (9, 2)
"""

from perftarget.compare._diff import (
    DEFAULT_THRESHOLD,
    DEFAULT_YEAR_SHIFT,
    MAX_COMPARISONS,
    Tables,
    diff,
)
from perftarget.compare._model import (
    MARKS,
    PRIMARY,
    DiffKind,
    IndicatorDiff,
    MatchStep,
    ProjectDiff,
    TableDiff,
)
from perftarget.compare._names import name_key, project_key
from perftarget.compare._record import diff_record, target_text

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_YEAR_SHIFT",
    "MARKS",
    "MAX_COMPARISONS",
    "PRIMARY",
    "DiffKind",
    "IndicatorDiff",
    "MatchStep",
    "ProjectDiff",
    "TableDiff",
    "Tables",
    "diff",
    "diff_record",
    "name_key",
    "project_key",
    "target_text",
]
