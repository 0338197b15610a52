"""
Datasets shipped with perftarget.

The first is the 2020 department budget disclosure of 曲阳县信访局 (the
Quyang county petition bureau, Hebei), as the text of the published .docx:
its income and expenditure, "三公" expenses, procurement table, fixed assets
and three project performance-target tables.  The published strings are kept
(``效果指标``, ``≥95百分之比``, the typo ``数站``), and so is the published
structure (merged level-1 cells blank).

Examples:
    >>> from perftarget import datasets
    >>> dept = datasets.quyang_2020()
    >>> [p.name for p in dept.projects]
    ['群众工作中心日常经费', '信访局劳务派遣人员经费', '驻访专项业务经费']
    >>> str(dept.projects[0].amount)
    '30.00万元'
    >>> str(datasets.quyang_2020_budget().expenditure.total.money)
    '193.23万元'
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from perftarget._disclosure import DepartmentBudget
from perftarget._model import Department
from perftarget.io._disclosure_text import read_disclosure_text

__all__ = ["QUYANG_2020_FILE", "quyang_2020", "quyang_2020_budget", "quyang_2020_text"]

#: File name of the bundled disclosure, as locations in findings show it.
QUYANG_2020_FILE = "quyang_xinfang_2020.txt"


def quyang_2020_text() -> str:
    """
    Return the whole disclosure document as text (the converted .docx).
    """
    path = resources.files("perftarget").joinpath("_data", QUYANG_2020_FILE)
    return path.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def quyang_2020_budget() -> DepartmentBudget:
    """
    Return the whole disclosure read into a :class:`~perftarget.DepartmentBudget`.
    """
    return read_disclosure_text(quyang_2020_text(), source=QUYANG_2020_FILE)


def quyang_2020() -> Department:
    """
    Return the department's three project performance-target tables.
    """
    targets = quyang_2020_budget().targets
    if targets is None:  # pragma: no cover - the bundled file has them
        raise RuntimeError("the bundled disclosure lost its target tables")
    return targets
