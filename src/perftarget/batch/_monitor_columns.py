"""
The columns of a monitoring batch: their names, the headers that name them,
the unit of bare amounts and the as-of date a table names.

The batch's own names (:data:`MONITOR_INPUT_COLUMNS`) are taken as they are;
official headers are read with the monitoring reader's own vocabulary
(:func:`~perftarget.io._monitor.monitoring_header_role`,
:func:`~perftarget.io._monitor.monitoring_amount_unit`), so that a header means
the same to the engine as to ``perftarget monitor FILE``.  Only what the
reader has no column for is named here: the year, the period, and the budget
line's own deviation reason and explanation.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from datetime import date
from typing import Final

import polars as pl

from perftarget.io._monitor import monitoring_amount_unit, monitoring_header_role, period_month

__all__ = [
    "MONITOR_INPUT_COLUMNS",
    "MONITOR_PROJECT_COLUMNS",
    "MONITOR_REQUIRED_COLUMNS",
    "MONITOR_ROW_OUTPUTS",
    "money_unit",
    "monitor_columns",
    "table_as_of",
]

#: Columns the batch reads, per indicator row (all read as text).
MONITOR_INPUT_COLUMNS: Final = (
    "project",
    "level1",
    "level2",
    "level3",
    "target",
    "current",
    "forecast",
    "likelihood",
    "deviation",
    "explanation",
    "weight",
    "budget",
    "initial_budget",
    "executed",
    "forecast_execution",
    "budget_reason",
    "budget_explanation",
    "year",
    "period",
)
#: Columns a frame must have.
MONITOR_REQUIRED_COLUMNS: Final = ("project", "level3", "target")
#: Columns of the project (its budget line), repeated on each of its rows or
#: given on one of them: every value given must be the same.
MONITOR_PROJECT_COLUMNS: Final = (
    "budget",
    "initial_budget",
    "executed",
    "forecast_execution",
    "budget_reason",
    "budget_explanation",
)
#: Columns :func:`~perftarget.batch.monitor_batch` adds to the rows.
MONITOR_ROW_OUTPUTS: Final = (
    "direction",
    "projected",
    "projected_source",
    "projected_attainment",
    "light",
    "likelihood_category",
    "deviation_category",
    "findings",
)
_OWN_NAMES: Final = frozenset(MONITOR_INPUT_COLUMNS)
#: The batch column of each column role of the monitoring reader that has one
#: under another name (执行率 has none: the engine computes the rate).
_READER_ROLES: Final = {"initial": "initial_budget", "forecast_exec": "forecast_execution"}
_YEAR_HEADERS: Final = frozenset({"年度", "预算年度", "年份"})
_PERIOD_HEADERS: Final = frozenset({"期间", "监控期间", "所属期间", "监控时段", "监控期"})
#: Prefixes naming the budget line's own 偏差原因 and 原因说明 beside the indicators'.
_BUDGET_PREFIXES: Final = ("预算执行率", "预算执行", "预算")
_BUDGET_TEXTS: Final = {"偏差原因": "budget_reason", "原因说明": "budget_explanation"}
_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _own_column(header: str) -> str | None:
    """The batch column a header names without the reader: own names, year, period, budget line."""
    if header in _OWN_NAMES:
        return header
    key = _squeezed(header)
    if key in _YEAR_HEADERS:
        return "year"
    if key in _PERIOD_HEADERS:
        return "period"
    for prefix in _BUDGET_PREFIXES:
        if key.startswith(prefix) and key[len(prefix) :] in _BUDGET_TEXTS:
            return _BUDGET_TEXTS[key[len(prefix) :]]
    return None


def _reader_column(header: str) -> str | None:
    """The batch column of the role the monitoring reader gives a header, if it has one."""
    role = monitoring_header_role(header)
    if role is None:
        return None
    column = _READER_ROLES.get(role, role)
    return column if column in _OWN_NAMES else None


def monitor_columns(headers: Sequence[str]) -> dict[str, str]:
    """
    Tell which batch column each header names.

    The batch's own names (:data:`MONITOR_INPUT_COLUMNS`) are taken as they
    are; other headers are read with the vocabulary of the monitoring reader
    (项目名称, 一级指标, 二级指标, 三级指标, 年度指标值, ``1-6月完成情况``,
    全年预计完成情况, 完成目标可能性, 偏差原因, 原因说明, 分值, 全年预算数,
    年初预算数, ``1-6月执行数``, 全年预计执行数); 年度 names the year and
    期间 / 监控期间 the period; the budget line's own reason and explanation
    take a prefix (``预算执行偏差原因``, ``预算执行原因说明``).  When two
    headers name one column, the first wins.

    Args:
        headers: The header row.

    Returns:
        The batch column of each header that names one, by header.

    Example:
        >>> monitor_columns(["项目名称", "三级指标", "年度指标值", "1-6月完成情况",
        ...     "全年预算数(万元)", "备注"])
        {'项目名称': 'project', '三级指标': 'level3', '年度指标值': 'target', '1-6月完成情况': \
'current', '全年预算数(万元)': 'budget'}
    """
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    rest: list[str] = []
    for header in headers:
        column = _own_column(header)
        if column is None:
            rest.append(header)
        elif column not in taken and header not in chosen:
            chosen[header] = column
            taken.add(column)
    for header in rest:
        column = _reader_column(header)
        if column is not None and column not in taken and header not in chosen:
            chosen[header] = column
            taken.add(column)
    return {header: chosen[header] for header in headers if header in chosen}


def money_unit(headers: Sequence[str]) -> str:
    """
    Tell the unit of amounts written without one, as the monitoring reader would.

    Args:
        headers: The header row.

    Returns:
        The unit an amount header names (``全年预算数(万元)``), else 万元.

    Example:
        >>> money_unit(["budget", "全年预算数(元)"]), money_unit(["budget", "executed"])
        ('元', '万元')
    """
    rest = [header for header in headers if _own_column(header) is None]
    return monitoring_amount_unit(rest) or "万元"


def table_as_of(frame: pl.DataFrame, *, year: int | None = None) -> date | None:
    """
    The as-of date a table names: the last day of its period.

    The period is read from a ``period`` column (期间: ``2020年1-6月``; its
    first value) or from the headers (``1-6月完成情况``, ``1-6月执行数``); the
    year from the period, a ``year`` column (年度; its first value), a header
    (``2020年…``) or ``year``.

    Args:
        frame: The table (its first rows are enough).
        year: The budget year of a table that names none.

    Returns:
        The date, or None when the table names no period or no year.

    Examples:
        >>> table_as_of(pl.DataFrame({"期间": ["2020年1-7月"], "三级指标": ["x"]}))
        datetime.date(2020, 7, 31)
        >>> table_as_of(pl.DataFrame({"1-6月完成情况": ["5"]}), year=2021)
        datetime.date(2021, 6, 30)
        >>> table_as_of(pl.DataFrame({"current": ["5"]}), year=2021) is None
        True
    """
    names = monitor_columns(frame.columns)
    by_column = {column: header for header, column in names.items()}

    def first(column: str) -> str:
        header = by_column.get(column)
        if header is None:
            return ""
        values = frame[header].cast(pl.String).drop_nulls().str.strip_chars()
        values = values.filter(values != "")
        return str(values[0]) if values.len() else ""

    texts = [first("period"), *frame.columns]
    month = next((m for m in map(period_month, texts) if m is not None), None)
    found = next((m for m in map(_YEAR.search, texts) if m is not None), None)
    written = re.fullmatch(r"((?:19|20)\d{2})\s*(?:年度?)?", first("year"))
    if found is not None:
        year = int(found.group(1))
    elif written is not None:
        year = int(written.group(1))
    if month is None or year is None:
        return None
    return date(year, month, calendar.monthrange(year, month)[1])
