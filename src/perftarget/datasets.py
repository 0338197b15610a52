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

The others are published self-evaluations (绩效自评表), bundled as the CSV
files ``perftarget score`` reads, funding block included:

    >>> datasets.SELFEVALUATIONS
    ('yongde_2022_nutrition', 'zhongjiang_2022_water_gauges')
    >>> table = datasets.selfevaluation("yongde_2022_nutrition")
    >>> len(table.rows), table.published_total, str(table.budget.budget)
    (9, Decimal('96'), '387664.62元')
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from attrs import evolve

from perftarget.core._disclosure import DepartmentBudget
from perftarget.core._model import Department
from perftarget.exceptions import Location, ModelError, NotFoundError
from perftarget.io._disclosure_text import read_disclosure_text
from perftarget.io._monitor import MonitoringRound
from perftarget.io._selfeval import SelfEvaluation
from perftarget.score._scorecard import Scorecard

__all__ = [
    "QUYANG_2020_FILE",
    "QUYANG_2020_MONITORING_FILE",
    "SELFEVALUATIONS",
    "quyang_2020",
    "quyang_2020_budget",
    "quyang_2020_monitoring",
    "quyang_2020_text",
    "selfevaluation",
    "selfevaluation_info",
    "yongde_2022_scorecard",
]

#: File name of the bundled disclosure, as locations in findings show it.
QUYANG_2020_FILE = "quyang_xinfang_2020.txt"

#: File name of the bundled monitoring round (constructed data).
QUYANG_2020_MONITORING_FILE = "monitoring_quyang_2020.csv"

#: Names of the bundled self-evaluations (see :func:`selfevaluation`).
SELFEVALUATIONS: tuple[str, ...] = ("yongde_2022_nutrition", "zhongjiang_2022_water_gauges")


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
        raise ModelError("the bundled disclosure lost its target tables")
    return targets


@lru_cache(maxsize=1)
def _selfevaluations() -> dict[str, dict[str, Any]]:
    path = resources.files("perftarget").joinpath("_data", "selfevaluations.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def selfevaluation_info(name: str) -> dict[str, Any]:
    """
    Return what is known of a bundled self-evaluation: title, publisher, source.

    Args:
        name: One of :data:`SELFEVALUATIONS`.

    Returns:
        A mapping with ``file``, ``title``, ``title_en``, ``publisher``,
        ``region``, ``year``, ``source_url`` and the funding line.

    Raises:
        KeyError: ``name`` is not bundled; the message lists the names.
    """
    try:
        return dict(_selfevaluations()[name])
    except KeyError:
        raise NotFoundError(
            f"no bundled self-evaluation {name!r}; choose from {SELFEVALUATIONS}",
            name=name,
            known=SELFEVALUATIONS,
        ) from None


def selfevaluation(name: str = "yongde_2022_nutrition") -> SelfEvaluation:
    """
    Return a bundled, published self-evaluation read from its CSV file.

    The file carries its funding block (年度资金总额: budget, executed amount,
    published weight, rate and score); locations name the CSV file only.

    Args:
        name: One of :data:`SELFEVALUATIONS`.

    Returns:
        The table, ready for :func:`perftarget.evaluate`.

    Raises:
        KeyError: ``name`` is not bundled.
    """
    from perftarget.io._selfeval_csv import read_selfeval_csv

    info = selfevaluation_info(name)
    with resources.as_file(resources.files("perftarget").joinpath("_data", info["file"])) as path:
        table = read_selfeval_csv(path)
    short = PurePath(info["file"]).name

    def here(where: Location) -> Location:
        return evolve(where, file=short)

    rows = tuple(evolve(row, where=here(row.where)) for row in table.rows)
    budget = evolve(table.budget, where=here(table.budget.where))
    return evolve(table, rows=rows, budget=budget, source=short)


def yongde_2022_scorecard(lang: str | None = None) -> Scorecard:
    """
    Return the bundled 永德县 2022 self-evaluation scored under the default rules.

    Args:
        lang: Language of the findings' messages, ``"en"`` or ``"zh"``; the
            language in force when None.

    Examples:
        >>> card = yongde_2022_scorecard()
        >>> card.total, card.published_total, card.grade
        (Decimal('99.80'), Decimal('96'), '优')
    """
    from perftarget.score._evaluate import evaluate

    table = selfevaluation("yongde_2022_nutrition")
    return evaluate(
        table.rows, budget=table.budget, published_total=table.published_total, lang=lang
    )


def quyang_2020_monitoring() -> MonitoringRound:
    """
    Return a mid-year monitoring round (1–6月 2020) of the seed department's projects.

    **Constructed data**: the projects, budgets and targets are those of the
    published 2020 tables (:func:`quyang_2020`); the execution figures,
    current values, forecasts, deviation reasons and likelihoods are
    invented to show one green, one yellow and one red project.  Locations
    name the CSV file only.

    Returns:
        The three projects as of 30 June 2020, and what reading noticed.

    Examples:
        >>> from perftarget.monitor import monitor
        >>> round_ = quyang_2020_monitoring()
        >>> [monitor(p).light.value for p in round_.projects]
        ['green', 'yellow', 'red']
    """
    from perftarget.io._csvtext import csv_rows
    from perftarget.io._limits import DEFAULT_LIMITS
    from perftarget.io._monitor import read_monitoring_sheets
    from perftarget.io._sheets import Sheet

    path = resources.files("perftarget").joinpath("_data", QUYANG_2020_MONITORING_FILE)
    text = path.read_text(encoding="utf-8")
    rows = csv_rows(text, QUYANG_2020_MONITORING_FILE, DEFAULT_LIMITS)
    return read_monitoring_sheets(
        [Sheet(name=None, rows=rows)],
        file=QUYANG_2020_MONITORING_FILE,
        default_name="monitoring_quyang_2020",
    )
