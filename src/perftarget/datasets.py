"""
Datasets shipped with perftarget.

The first is the 2020 department budget disclosure of 曲阳县信访局 (the
Quyang county petition bureau, Hebei): its three project performance-target
tables, kept with the published strings (``效果指标``, ``≥95百分之比``, the
typo ``数站``) and the published structure (merged level-1 cells blank).

Examples:
    >>> from perftarget import datasets
    >>> dept = datasets.quyang_2020()
    >>> [p.name for p in dept.projects]
    ['群众工作中心日常经费', '信访局劳务派遣人员经费', '驻访专项业务经费']
    >>> str(dept.projects[0].amount)
    '30万元'
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from perftarget._model import Department
from perftarget.exceptions import Location
from perftarget.io._build import RawRow, build_project, header_roles

__all__ = ["quyang_2020", "quyang_2020_raw", "quyang_2020_text"]

_TARGETS = "quyang_xinfang_2020_targets.json"
_TEXT = "quyang_xinfang_2020.txt"


def _data(name: str) -> str:
    return resources.files("perftarget").joinpath("_data", name).read_text(encoding="utf-8")


def quyang_2020_raw() -> dict[str, Any]:
    """
    Return the three target tables as published: header and rows of strings.
    """
    raw: dict[str, Any] = json.loads(_data(_TARGETS))
    return raw


def quyang_2020_text() -> str:
    """
    Return the whole disclosure document as text (the converted .docx).
    """
    return _data(_TEXT)


@lru_cache(maxsize=1)
def quyang_2020() -> Department:
    """
    Return the seed department with its three projects' targets parsed.
    """
    raw = quyang_2020_raw()
    projects = []
    for number, table in enumerate(raw["projects"], start=1):
        where = Location(file=_TEXT, sheet=f"table {number}", row=table["source_line"])
        roles = header_roles(table["header"], where)
        rows = [
            RawRow(
                cells={roles[i]: cell for i, cell in enumerate(cells) if i in roles},
                where=Location(file=_TEXT, sheet=f"table {number}", row=index),
            )
            for index, cells in enumerate(table["rows"], start=1)
        ]
        projects.append(
            build_project(
                rows,
                name=table["name"],
                amount=table["amount"],
                goal=table["goal"],
                year=raw["year"],
                department=raw["department"],
                where=where,
            )
        )
    return Department(name=raw["department"], projects=projects, year=raw["year"])
