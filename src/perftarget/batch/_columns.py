"""
The columns of a batch: the input, optional and output columns, and which
column each header names, in the readers' vocabulary (:func:`batch_columns`):
the official Chinese headers, 项目名称 / 项目编码 for the project, the funding
block's amounts for the budget-execution line, and the adjusted targets
(调整后指标值, 第n次调整后指标值).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from perftarget.io._layout import FUNDING_ROLES, INDICATOR_ROLES, cell_key, header_role, label_of

__all__ = [
    "ADJUSTED_TARGET",
    "BUDGET_COLUMNS",
    "INPUT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "adjusted_columns",
    "batch_columns",
]

#: Required input columns (all read as text).
INPUT_COLUMNS: Final = ("project", "level1", "level2", "level3", "target", "actual", "weight")
#: The budget-execution line of the row's project (全年预算数, 全年执行数,
#: 调整后预算数, the line's 分值 and 偏差原因): given on one or more rows of the
#: project, blanks ignored.
BUDGET_COLUMNS: Final = ("budget", "executed", "adjusted", "budget_weight", "budget_reason")
#: Optional input columns: the published 得分, the deviation reason, the 年度
#: (which dates deadlines written without a year, such as ``12月底前``) and the
#: budget line.
OPTIONAL_COLUMNS: Final = ("published_score", "reason", "year", *BUDGET_COLUMNS)
#: Optional input column: the target as adjusted during the year (调整后指标值);
#: the n-th adjustment's is ``adjusted_target_n`` (第n次调整后指标值).  Shown in
#: the result when given, after the optional columns.
ADJUSTED_TARGET: Final = "adjusted_target"
#: Columns of the result besides the input ones.
OUTPUT_COLUMNS: Final = ("direction", "ratio", "status", "score", "findings")


#: Batch column of each indicator-header role of the readers (the roles not
#: listed, such as 评分标准, are not read).
_INDICATOR_COLUMN: Final = {
    "level1": "level1",
    "level2": "level2",
    "level3": "level3",
    "target": "target",
    "actual": "actual",
    "weight": "weight",
    "score": "published_score",
    "reason": "reason",
    "project": "project",
    "project_code": "project",
    "operator": "_operator",
    "unit": "_unit",
}
#: Batch column of each funding-block role that has one.
_FUNDING_COLUMN: Final = {
    "budget": "budget",
    "executed": "executed",
    "adjusted": "adjusted",
    "weight": "budget_weight",
    "reason": "budget_reason",
}
#: Prefixes naming the budget line's own 分值 and 偏差原因 beside the indicators'.
_BUDGET_PREFIXES: Final = ("预算执行率", "预算执行", "预算", "budget")
#: The columns the batch reads under their own names.
_OWN_NAMES: Final = frozenset(
    (*INPUT_COLUMNS, *OPTIONAL_COLUMNS, ADJUSTED_TARGET, "_operator", "_unit")
)
#: The batch's own name of the n-th adjusted target, and the readers' role of it.
_NTH_ADJUSTED: Final = re.compile(rf"^(?:{ADJUSTED_TARGET}|revised_target)_([0-9]{{1,2}})$")


def _adjusted_column(role: str) -> str | None:
    """
    The batch column of an adjusted-target role (``revised_target_2``), or None.

    Examples:
        >>> _adjusted_column("revised_target"), _adjusted_column("adjusted_target_2")
        ('adjusted_target', 'adjusted_target_2')
        >>> _adjusted_column("adjusted_target_1"), _adjusted_column("revision_reason")
        ('adjusted_target', None)
    """
    if role in ("revised_target", ADJUSTED_TARGET):
        return ADJUSTED_TARGET
    match = _NTH_ADJUSTED.match(role)
    if match is None or int(match[1]) < 1:
        return None
    number = int(match[1])
    return ADJUSTED_TARGET if number == 1 else f"{ADJUSTED_TARGET}_{number}"


def adjusted_columns(columns: Sequence[str]) -> list[str]:
    """
    The adjusted-target columns among batch columns, in the order of the adjustments.

    Args:
        columns: Batch column names (as :func:`batch_columns` gives them).

    Returns:
        ``adjusted_target`` and ``adjusted_target_n`` as present, the first
        adjustment first: the last one filled is the target in force.

    Example:
        >>> adjusted_columns(["adjusted_target_10", "adjusted_target_2", "adjusted_target"])
        ['adjusted_target', 'adjusted_target_2', 'adjusted_target_10']
    """
    found = [c for c in columns if _adjusted_column(c) == c]
    return sorted(found, key=lambda c: 1 if c == ADJUSTED_TARGET else int(c.rpartition("_")[2]))


def _column_of(header: str) -> tuple[str, int] | None:
    """The batch column a header names and its rank (lower wins), or None."""
    if header in _OWN_NAMES:
        return header, -1
    adjusted = _adjusted_column(header)
    if adjusted is not None:
        return adjusted, -1
    found = header_role(header, INDICATOR_ROLES)
    if found is not None:
        role, rank = found
        column = _INDICATOR_COLUMN.get(role) or _adjusted_column(role)
        if column is None:
            return None
        # 项目名称 is the project key when a table has both it and 项目编码
        return column, rank + (100 if role == "project_code" else 0)
    found = header_role(header, FUNDING_ROLES)
    if found is None:
        key = cell_key(header)
        rest = next((key[len(p) :] for p in _BUDGET_PREFIXES if key.startswith(p)), "")
        found = header_role(rest, FUNDING_ROLES) if rest else None
    if found is not None:
        column = _FUNDING_COLUMN.get(found[0])
        return None if column is None else (column, found[1])
    if label_of(header) == "year":
        return "year", 0
    return None


def batch_columns(headers: Sequence[str]) -> dict[str, str]:
    """
    Tell which batch column each header names, in the readers' vocabulary.

    Headers are matched as the readers match them (:data:`INDICATOR_ROLES`,
    :data:`FUNDING_ROLES`, normalised, a unit in brackets ignored): 一级指标,
    二级指标, 三级指标, 年度指标值 / 指标值, 实际完成值, 分值, 得分 (the
    published score), 偏差原因, 年度; 项目名称, else 项目编码, for the project;
    全年预算数, 全年执行数 and 调整后预算数 for the budget line, whose own 分值
    and 偏差原因 take a prefix (``预算执行率分值``, ``budget_weight``);
    调整后指标值 (调整指标值, 调整后目标值) for ``adjusted_target`` and
    第n次调整后指标值 for ``adjusted_target_n``.  Split 指标性质 and 度量单位
    columns are joined into the target (and the adjusted ones) as the
    readers join them.  The batch's own names (``project``, ``level1`` …)
    still work.  When two headers name one column, the reader's preferred
    one wins.

    Args:
        headers: The header row.

    Returns:
        The batch column of each header that names one, by header.

    Example:
        >>> batch_columns(["项目编码", "项目名称", "年度指标值", "全年预算数(万元)"])
        {'项目名称': 'project', '年度指标值': 'target', '全年预算数(万元)': 'budget'}
        >>> batch_columns(["年初指标值", "调整后指标值", "第2次调整后指标值", "调整原因"])
        ... # doctest: +NORMALIZE_WHITESPACE
        {'年初指标值': 'target', '调整后指标值': 'adjusted_target',
         '第2次调整后指标值': 'adjusted_target_2'}
    """
    best: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = _column_of(header)
        if found is None:
            continue
        column, rank = found
        if column not in best or rank < best[column][0]:
            best[column] = (rank, header)
    chosen = {header: column for column, (_, header) in best.items()}
    return {header: chosen[header] for header in headers if header in chosen}
