"""
Laying out model objects as rows of cells, for the spreadsheet and CSV writers.

Target tables are written as stacked blocks (部门名称 and 年度 first, then
per project 项目名称, 主管部门, 年度, 资金总额, 年度目标, the header and
the indicator rows).  A self-evaluation is written in the official 绩效自评表
layout: title, 项目名称, the funding block (年初预算数 / 全年预算数 / 全年执行数
/ 分值 / 执行率 / 得分), the indicator header, the rows, and 总分.  Level
cells are written once per group and listed as merges.

The readers read these layouts back to equal objects (locations aside):
value strings are written as they were read when they parse back to the same
value, in canonical spelling otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Final

from attrs import define, field, frozen

from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level2
from perftarget.core._format import format_actual, format_target
from perftarget.core._model import Actual, Baseline, Department, Direction, Indicator, Target
from perftarget.core._parse import parse_target
from perftarget.core._quantity import Money
from perftarget.exceptions import ModelError, TargetParseError
from perftarget.io._layout import revision_header
from perftarget.io._selfeval import SelfEvaluation
from perftarget.io._sheets import Writable, contents_of

__all__ = [
    "Grid",
    "HistoryColumns",
    "Percent",
    "department_grid",
    "evaluation_grid",
    "grids",
    "target_text",
]


@frozen
class Percent:
    """A fraction shown as a percentage (0.862 is written 86.2%)."""

    fraction: Decimal


Cell = str | Decimal | Percent | None


@define
class Grid:
    """
    Rows of cells with their merges and presentation hints.

    Attributes:
        rows: The cells; Decimal for numbers, :class:`Percent` for rates.
        merges: ``(first_row, first_col, last_row, last_col)``, 0-based, inclusive.
        header_rows: Rows shown bold.
        freeze: Row index below which the header stays visible.
        widths: Column widths, in characters.
    """

    rows: list[list[Cell]] = field(factory=list)
    merges: list[tuple[int, int, int, int]] = field(factory=list)
    header_rows: list[int] = field(factory=list)
    freeze: int | None = None
    widths: list[int] = field(factory=list)

    def add(self, *cells: Cell) -> int:
        """Append a row; return its index."""
        self.rows.append(list(cells))
        return len(self.rows) - 1


def target_text(target: Target, level2: Level2 | None) -> str:
    """
    The text to write for a target: as read when it reads back equal.

    Examples:
        >>> target_text(parse_target("≧ 735 人次"), None)
        '≧ 735 人次'
    """
    if target.text:
        try:
            if parse_target(target.text, level2=level2) == target:
                return target.text
        except TargetParseError:
            pass
    return format_target(target)


def _actual_text(actual: Actual) -> str:
    if actual.text:
        try:
            if parse_actual(actual.text) == actual:
                return actual.text
        except TargetParseError:
            pass
    return format_actual(actual)


@frozen(kw_only=True)
class HistoryColumns:
    """
    The columns of the indicators' history a table needs: only those some
    indicator fills, so a table without history is written as before.

    Last year's values come first (上年指标值, 上年实际值, 基期年度, 变动原因),
    then one group per adjustment (调整后指标值, 调整原因, 调整时间; the
    second group ``第2次调整后指标值`` …), as many as the most adjusted
    indicator has.  :func:`~perftarget.io._history.read_history` reads them back.

    Attributes:
        last_target, last_actual, last_year, last_reason: Whether any
            indicator has last year's target, actual, year, or a reason for
            the change from last year.
        revisions: The most adjustments any indicator has.

    Examples:
        >>> columns = HistoryColumns(last_actual=True, revisions=2)
        >>> columns.headers()  # doctest: +NORMALIZE_WHITESPACE
        ['上年实际值', '调整后指标值', '调整原因', '调整时间',
         '第2次调整后指标值', '第2次调整原因', '第2次调整时间']
    """

    last_target: bool = False
    last_actual: bool = False
    last_year: bool = False
    last_reason: bool = False
    revisions: int = 0

    @classmethod
    def of(cls, indicators: Iterable[Indicator]) -> HistoryColumns:
        """The columns ``indicators`` need."""
        baselines: list[Baseline] = []
        revisions = 0
        for item in indicators:
            if item.baseline is not None:
                baselines.append(item.baseline)
            revisions = max(revisions, len(item.revisions))
        return cls(
            last_target=any(b.target is not None for b in baselines),
            last_actual=any(b.actual is not None for b in baselines),
            last_year=any(b.year is not None for b in baselines),
            last_reason=any(b.reason for b in baselines),
            revisions=revisions,
        )

    def target_header(self, header: str) -> str:
        """The target column's header: 年初指标值 beside adjusted targets, else ``header``."""
        return "年初指标值" if self.revisions else header

    @property
    def widths(self) -> list[int]:
        """The columns' widths, in characters."""
        last = [16] * (self.last_target + self.last_actual) + [10] * self.last_year
        return last + [24] * self.last_reason + [16, 24, 12] * self.revisions

    def headers(self) -> list[str]:
        """The header cells, in column order."""
        out = [
            header
            for header, present in (
                ("上年指标值", self.last_target),
                ("上年实际值", self.last_actual),
                ("基期年度", self.last_year),
                ("变动原因", self.last_reason),
            )
            if present
        ]
        for number in range(1, self.revisions + 1):
            out += [revision_header(h, number) for h in ("调整后指标值", "调整原因", "调整时间")]
        return out

    def cells(self, item: Indicator) -> list[Cell]:
        """An indicator's cells under :meth:`headers`."""
        last = item.baseline
        out: list[Cell] = []
        if self.last_target:
            target = None if last is None else last.target
            out.append("" if target is None else target_text(target, item.level2))
        if self.last_actual:
            actual = None if last is None else last.actual
            out.append("" if actual is None else _actual_text(actual))
        if self.last_year:
            year = None if last is None else last.year
            out.append("" if year is None else str(year))
        if self.last_reason:
            out.append("" if last is None else last.reason)
        for number in range(self.revisions):
            if number < len(item.revisions):
                change = item.revisions[number]
                day = "" if change.date is None else change.date.isoformat()
                out += [target_text(change.target, item.level2), change.reason, day]
            else:
                out += ["", "", ""]
        return out


_DIRECTION_WORDS: Final[dict[Direction | None, str]] = {
    Direction.HIGHER_IS_BETTER: "正向",
    Direction.LOWER_IS_BETTER: "反向",
}


def _direction(item: Indicator) -> str:
    return _DIRECTION_WORDS.get(item.target.direction_override, "")


def _level1_label(item: Indicator, weight: Decimal | None) -> str:
    if weight is None:
        return item.level1.zh
    return f"{item.level1.zh}({format(weight, 'f')}分)"


def _merge_runs(grid: Grid, first: int, labels: Sequence[str], column: int) -> None:
    """Blank repeated labels below their first row and record the merges."""
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            if index - start > 1:
                grid.merges.append((first + start, column, first + index - 1, column))
            start = index
    for index in range(1, len(labels)):
        if labels[index] == labels[index - 1]:
            grid.rows[first + index][column] = ""


_TARGET_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "度量单位",
    "分值",
    "绩效指标描述",
    "指标值确定依据",
)


def department_grid(department: Department) -> Grid:
    """
    Lay out a department's target tables as stacked project blocks.

    Args:
        department: The department.

    Returns:
        The grid.
    """
    grid = Grid(widths=[14, 16, 28, 16, 10, 8, 30, 20])
    if department.name:
        grid.add("部门名称", department.name)
    if department.year is not None:
        grid.add("年度", str(department.year))
    for project in department.projects:
        if grid.rows:
            grid.add()
        grid.add("项目名称", project.name)
        if project.department:
            grid.add("主管部门", project.department)
        if project.year is not None:
            grid.add("年度", str(project.year))
        if project.amount is not None:
            grid.add("资金总额", str(project.amount))
        if project.goal:
            grid.add("年度目标", project.goal)
        directions = any(_direction(i) for i in project.indicators)
        extra = ("指标方向",) if directions else ()
        history = HistoryColumns.of(project.indicators)
        header = list(_TARGET_HEADER)
        header[3] = history.target_header(header[3])
        grid.header_rows.append(grid.add(*header, *extra, *history.headers()))
        _widen(grid, len(header) + len(extra), history)
        if grid.freeze is None:
            grid.freeze = len(grid.rows)
        first = len(grid.rows)
        for item in project.indicators:
            grid.add(
                item.level1.zh,
                item.level2.zh,
                item.name,
                target_text(item.target, item.level2),
                item.declared_unit or "",
                item.weight,
                item.description,
                item.basis,
                *((_direction(item),) if directions else ()),
                *history.cells(item),
            )
        level1 = [i.level1.zh for i in project.indicators]
        level2 = [f"{i.level1.zh}/{i.level2.zh}" for i in project.indicators]
        _merge_runs(grid, first, level2, 1)
        _merge_runs(grid, first, level1, 0)
    return grid


_EVALUATION_HEADER = (
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)


def _widen(grid: Grid, before: int, history: HistoryColumns) -> None:
    """Give the history columns, which start at column ``before``, their widths."""
    for offset, width in enumerate(history.widths):
        index = before + offset
        if index < len(grid.widths):
            grid.widths[index] = max(grid.widths[index], width)
        else:
            grid.widths += [10] * (index - len(grid.widths)) + [width]


def _unit_of(amounts: Sequence[Money | None]) -> str:
    return next((m.unit for m in amounts if m is not None), "万元")


def _amount(money: Money | None, unit: str) -> Decimal | None:
    if money is None:
        return None
    try:
        return money.to(unit).amount
    except ModelError:  # pragma: no cover - every money unit converts
        return money.amount


def evaluation_grid(evaluation: SelfEvaluation, *, name: str = "") -> Grid:
    """
    Lay out a self-evaluation in the official 绩效自评表 layout.

    Args:
        evaluation: The self-evaluation.
        name: The project name (项目名称) to show.

    Returns:
        The grid.
    """
    grid = Grid(widths=[10, 18, 16, 28, 16, 16, 10, 10, 30])
    budget = evaluation.budget
    unit = _unit_of((budget.budget, budget.executed, budget.adjusted, budget.initial))
    grid.header_rows.append(grid.add("项目支出绩效自评表", *[""] * 8))
    grid.merges.append((0, 0, 0, 8))
    grid.add("项目名称", name or evaluation.name, *[""] * 7)
    grid.merges.append((1, 1, 1, 8))
    if evaluation.year is not None:
        grid.add("年度", str(evaluation.year), *[""] * 7)
    first_amount = "调整后预算数" if budget.adjusted is not None else "年初预算数"
    first_value = budget.adjusted if budget.adjusted is not None else budget.initial
    top = grid.add(
        f"项目资金({unit})",
        "",
        first_amount,
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
        "偏差原因分析及改进措施",
    )
    grid.header_rows.append(top)
    grid.add(
        "",
        "年度资金总额",
        _amount(first_value, unit),
        _amount(budget.budget, unit),
        _amount(budget.executed, unit),
        budget.weight,
        None if budget.published_rate is None else Percent(budget.published_rate),
        budget.published_score,
        budget.reason,
    )
    grid.merges.append((top, 0, top + 1, 0))
    directions = any(_direction(r.indicator) for r in evaluation.rows)
    history = HistoryColumns.of(r.indicator for r in evaluation.rows)
    columns = list(_EVALUATION_HEADER)
    columns[4] = history.target_header(columns[4])
    extra = ("指标方向",) if directions else ()
    header = grid.add(*columns, *extra, *history.headers())
    _widen(grid, len(columns) + len(extra), history)
    grid.header_rows.append(header)
    grid.freeze = header + 1
    first = header + 1
    level1: list[str] = []
    level2: list[str] = []
    for row in evaluation.rows:
        item = row.indicator
        label = _level1_label(item, row.level1_weight)
        level1.append(label)
        level2.append(f"{label}/{item.level2.zh}")
        if row.not_applicable:
            actual = "不适用"
        else:
            actual = "" if row.actual is None else _actual_text(row.actual)
        grid.add(
            "绩效指标",
            label,
            item.level2.zh,
            item.name,
            target_text(item.target, item.level2),
            actual,
            item.weight,
            row.published_score,
            row.reason,
            *((_direction(item),) if directions else ()),
            *history.cells(item),
        )
    if evaluation.rows:
        _merge_runs(grid, first, ["绩效指标"] * len(evaluation.rows), 0)
        _merge_runs(grid, first, level2, 2)
        _merge_runs(grid, first, level1, 1)
    weights = [r.indicator.weight for r in evaluation.rows if r.indicator.weight is not None]
    if budget.weight is not None:
        weights.append(budget.weight)
    total_row = grid.add(
        "总分",
        *[""] * 5,
        sum(weights, Decimal(0)) if weights else None,
        evaluation.published_total,
        "",
    )
    grid.merges.append((total_row, 0, total_row, 5))
    grid.header_rows.append(total_row)
    return grid


def grids(table: Writable, names: Sequence[str] = ()) -> tuple[Grid | None, list[Grid]]:
    """
    The grids a writer lays out, one per sheet or section.

    Args:
        table: Contents, a department, or self-evaluations.
        names: Project names shown on the self-evaluations; by default each
            one's own name, else the stem of the file it was read from.

    Returns:
        The department's target tables (None when only self-evaluations are
        given) and one grid per self-evaluation.
    """
    contents = contents_of(table)
    department = contents.department
    targets = None
    if department.projects or department.name or not contents.evaluations:
        targets = department_grid(department)
    evaluations = [
        evaluation_grid(e, name=names[i] if i < len(names) else e.name or Path(e.source).stem)
        for i, e in enumerate(contents.evaluations)
    ]
    return targets, evaluations
