"""
A diff as the ``perftarget diff --format json`` record.

The record is a contract::

    {"old": {"name", "year", "projects", "indicators"},
     "new": {"name", "year", "projects", "indicators"},
     "threshold", "year_shift",
     "summary": {"projects": {"matched", "renamed", "added", "dropped"},
                 "indicators": {"loosened", "changed", "tightened", "dropped", "added",
                                "unchanged", "unit_changed", "renamed", "moved",
                                "weight_changed"},
                 "comparisons", "limit_reached"},
     "loosened": [{"project", "level1", "level2", "level3", "old", "new"}],
     "projects": [{"name", "old_name", "new_name", "status", "renamed", "similarity",
                   "year_shift", "counts": {<kind>: n},
                   "indicators": [{"kind", "kinds", "match", "similarity",
                                   "unit_changed", "comparable",
                                   "old": {"level1", "level2", "level3", "target",
                                           "weight"} | null,
                                   "new": {...} | null}]}],
     "findings": []}

Similarities are decimal strings with 2 places (half up), the threshold and
weights decimal strings as given; kinds are :class:`DiffKind` values.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from perftarget.compare._model import DiffKind, IndicatorDiff, ProjectDiff, TableDiff
from perftarget.core._format import format_target
from perftarget.core._lang import current_language
from perftarget.core._model import Indicator, Project
from perftarget.core._text import plain_number

__all__ = ["diff_record", "indicator_record", "target_text"]

_CENT: Final = Decimal("0.01")


def _two_places(value: Decimal | None) -> str | None:
    """
    A similarity as the record writes it.

    Examples:
        >>> _two_places(Decimal(6) / Decimal(7)), _two_places(None)
        ('0.86', None)
    """
    if value is None:
        return None
    return format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def target_text(row: Indicator) -> str:
    """
    A target as the table wrote it, else in its canonical form.

    Examples:
        >>> from perftarget import Level1, Level2, parse_target
        >>> target_text(Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY,
        ...     name="x", target=parse_target("≥ 50 人")))
        '≥ 50 人'
    """
    return row.target.text or format_target(row.target)


def _row(row: Indicator | None, lang: str) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "level1": row.label(1, lang),
        "level2": row.label(2, lang),
        "level3": row.name,
        "target": target_text(row),
        "weight": None if row.weight is None else plain_number(row.weight),
    }


def indicator_record(item: IndicatorDiff, lang: str | None = None) -> dict[str, Any]:
    """One indicator of the record (see the module docstring)."""
    lang = current_language(lang)
    comparison = item.comparison
    return {
        "kind": item.kind.value,
        "kinds": [kind.value for kind in item.kinds],
        "match": None if item.step is None else item.step.value,
        "similarity": _two_places(item.similarity),
        "unit_changed": item.has(DiffKind.UNIT_CHANGED),
        "comparable": None if comparison is None else comparison.comparable,
        "old": _row(item.old, lang),
        "new": _row(item.new, lang),
    }


def _project_record(project: ProjectDiff, lang: str) -> dict[str, Any]:
    return {
        "name": project.name,
        "old_name": None if project.old is None else project.old.name,
        "new_name": None if project.new is None else project.new.name,
        "status": project.status,
        "renamed": project.renamed,
        "similarity": _two_places(project.similarity),
        "year_shift": project.year_shift,
        "counts": {kind.value: n for kind, n in project.counts().items()},
        "indicators": [indicator_record(item, lang) for item in project.indicators],
    }


def _side(name: str, year: int | None, projects: list[Project | None]) -> dict[str, Any]:
    present = [p for p in projects if p is not None]
    return {
        "name": name,
        "year": year,
        "projects": len(present),
        "indicators": sum(len(p.indicators) for p in present),
    }


def diff_record(diff: TableDiff, *, lang: str | None = None) -> dict[str, Any]:
    """
    The ``perftarget diff --format json`` record of a diff.

    Args:
        diff: What :func:`~perftarget.compare.diff` returned.
        lang: Language of the level labels; the language in force by default.

    Returns:
        The record (see the module docstring); ``findings`` is empty, for
        the command to add what reading the files noticed.

    Examples:
        >>> from perftarget import datasets
        >>> from perftarget.compare import diff
        >>> dept = datasets.quyang_2020()
        >>> record = diff_record(diff(dept, dept))
        >>> record["summary"]["indicators"]["unchanged"], record["loosened"]
        (12, [])
    """
    lang = current_language(lang)
    return {
        "old": _side(diff.old_name, diff.old_year, [p.old for p in diff.projects]),
        "new": _side(diff.new_name, diff.new_year, [p.new for p in diff.projects]),
        "threshold": plain_number(diff.threshold),
        "year_shift": diff.year_shift,
        "summary": {
            "projects": diff.project_counts(),
            "indicators": {kind.value: n for kind, n in diff.counts().items()},
            "comparisons": diff.comparisons,
            "limit_reached": diff.limit_reached,
        },
        "loosened": [
            {
                "project": project.name,
                "level1": item.new.label(1, lang) if item.new else "",
                "level2": item.new.label(2, lang) if item.new else "",
                "level3": item.name,
                "old": target_text(item.old) if item.old else None,
                "new": target_text(item.new) if item.new else None,
            }
            for project, item in diff.loosened()
        ],
        "projects": [_project_record(project, lang) for project in diff.projects],
        "findings": [],
    }
