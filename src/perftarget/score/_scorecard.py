"""
Inputs and results of self-evaluation scoring: frozen values only.

An :class:`EvaluationRow` is one self-evaluation row (indicator, actual,
what the table published); a :class:`BudgetRow` is the funding line.  The
result of :func:`~perftarget.evaluate` is a :class:`Scorecard` made of
:class:`IndicatorScore`, :class:`BudgetScore` and :class:`Finding` values.
"""

from __future__ import annotations

import enum
import html
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Final

from attrs import field, frozen

from perftarget.core._findings import Finding, Severity
from perftarget.core._html import Cell, findings_html, html_table, plain
from perftarget.core._lang import say
from perftarget.core._model import Actual, Direction, Indicator, Target
from perftarget.core._quantity import Money
from perftarget.exceptions import Location

__all__ = [
    "ARITHMETIC",
    "SCORING_RANGE",
    "BudgetRow",
    "BudgetScore",
    "EvaluationRow",
    "Finding",
    "IndicatorScore",
    "RowRole",
    "Scorecard",
    "Severity",
    "Status",
    "in_scoring_range",
]

#: Numbers scored are below ``10**SCORING_RANGE`` in magnitude and, unless 0,
#: at least ``10**-SCORING_RANGE``: a row with another is not scored (PT313).
SCORING_RANGE: Final = 100
#: The decimal context of every score: numbers within :data:`SCORING_RANGE`
#: multiply exactly and divide to 320 significant digits (a quotient of such
#: numbers times a weight is below 10**300), so no score depends on the
#: caller's context and no operation overflows or is refused.
ARITHMETIC: Final = Context(
    prec=3 * SCORING_RANGE + 20,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def in_scoring_range(value: Decimal) -> bool:
    """
    Tell whether a number can take part in a score (see :data:`SCORING_RANGE`).

    Args:
        value: A weight, target, actual, published score or amount.

    Returns:
        True for 0 and for finite numbers of magnitude in [1e-100, 1e100).

    Examples:
        >>> in_scoring_range(Decimal("1E+99")), in_scoring_range(Decimal("1E+100"))
        (True, False)
        >>> in_scoring_range(Decimal(0)), in_scoring_range(Decimal("1E-101"))
        (True, False)
    """
    if not value.is_finite():
        return False
    return not value or -SCORING_RANGE <= value.adjusted() < SCORING_RANGE


class RowRole(enum.Enum):
    """What a row is in the table's arithmetic."""

    INDICATOR = "indicator"
    #: A row whose weight is the sum of the rows below it (``一、… = 1、+2、``).
    PARENT = "parent"
    #: An unweighted ``其中`` sub-row detailing the row above.
    SUBROW = "subrow"


class Status(enum.Enum):
    """How far an indicator was achieved."""

    MET = "met"
    PARTLY_MET = "partly met"
    NOT_MET = "not met"
    NOT_APPLICABLE = "not applicable"
    NOT_SCORABLE = "not scorable"
    #: A checklist row of the evaluation framework: the evaluator's published
    #: score is taken as a judgement, not recomputed.
    JUDGED = "judged"

    @property
    def zh(self) -> str:
        """The Chinese label."""
        return {
            Status.MET: "达成",
            Status.PARTLY_MET: "部分达成",
            Status.NOT_MET: "未达成",
            Status.NOT_APPLICABLE: "不适用",
            Status.NOT_SCORABLE: "无法计分",
            Status.JUDGED: "评价判定",
        }[self]


@frozen(kw_only=True)
class EvaluationRow:
    """
    One self-evaluation row as read from a table.

    Attributes:
        indicator: The indicator with its target and (published) weight.
        actual: The actual outcome, None when the cell is empty.
        published_score: The score the table prints (得分), if any.
        reason: The deviation reason (偏差原因分析及改进措施) as written.
        not_applicable: The table marks the indicator as not applicable.
        level1_weight: A weight carried by the level-1 label (``产出指标(70分)``).
        role: Indicator, parent (sum of the next rows) or 其中 sub-row.
        checklist: A checklist row of the evaluation framework (a dash for
            a target, 评分标准 to judge by): its published score is the
            evaluator's judgement.
        where: Where the row was read.
    """

    indicator: Indicator
    actual: Actual | None = None
    published_score: Decimal | None = None
    reason: str = ""
    not_applicable: bool = False
    level1_weight: Decimal | None = None
    role: RowRole = RowRole.INDICATOR
    checklist: bool = False
    where: Location = field(factory=Location)


@frozen(kw_only=True)
class BudgetRow:
    """
    The budget-execution line (预算执行率) of a self-evaluation.

    Attributes:
        budget: Full-year budget (全年预算数).
        executed: Executed amount (全年执行数).
        adjusted: Adjusted budget (调整后预算数), used by rule sets whose
            denominator is ``adjusted``; the full-year budget otherwise.
        initial: Budget at the start of the year (年初预算数), as published;
            not used in scoring.
        weight: Published weight (分值).
        published_rate: Published rate as a fraction (0.86 for 86%).
        published_score: Published score.
        reason: The reason given for low execution.
        where: Where the line was read.
    """

    budget: Money | None = None
    executed: Money | None = None
    adjusted: Money | None = None
    initial: Money | None = None
    weight: Decimal | None = None
    published_rate: Decimal | None = None
    published_score: Decimal | None = None
    reason: str = ""
    where: Location = field(factory=Location)


@frozen(kw_only=True)
class IndicatorScore:
    """
    The score of one indicator, with the formula that produced it.

    Attributes:
        row: The input row.
        direction: Which way is better, as scored.
        ratio: Achievement ratio (actual/target, or target/actual for
            lower-is-better); None when not numeric.
        status: met / partly met / not met / not applicable / not scorable /
            judged (a checklist row scored by the evaluator).
        weight: The weight used (None when the row has none).
        score: The rounded score; None when not applicable or not scorable.
        raw: The score before rounding.
        trace: The formula with its numbers (``20 × 1093/1100 = 19.87``).
        reason: Why the row is not scorable, if so.
        scored_target: The target scored against when the indicator was
            adjusted during the year (the adjusted or the original one, as
            the rule set's ``adjusted_targets`` says); None for an indicator
            never adjusted, scored against its own target.
    """

    row: EvaluationRow
    direction: Direction | None
    ratio: Decimal | None
    status: Status
    weight: Decimal | None
    score: Decimal | None
    raw: Decimal | None = None
    trace: str = ""
    reason: str = ""
    scored_target: Target | None = None

    @property
    def target(self) -> Target:
        """The target scored against: the one in force for an adjusted indicator."""
        if self.scored_target is not None:
            return self.scored_target
        return self.row.indicator.target

    @property
    def actual(self) -> Actual | None:
        """The actual outcome."""
        return self.row.actual

    @property
    def published_score(self) -> Decimal | None:
        """The score the table prints."""
        return self.row.published_score


@frozen(kw_only=True)
class BudgetScore:
    """
    The budget-execution line: rate and score with its trace.

    ``rate`` is a fraction (0.8620 for 86.20%); None when no amounts were given.
    """

    row: BudgetRow
    rate: Decimal | None
    weight: Decimal
    score: Decimal | None
    raw: Decimal | None = None
    trace: str = ""

    @property
    def budget(self) -> Money | None:
        """The budget amount (full-year)."""
        return self.row.budget

    @property
    def executed(self) -> Money | None:
        """The executed amount."""
        return self.row.executed

    @property
    def published_score(self) -> Decimal | None:
        """The published score."""
        return self.row.published_score


@frozen(kw_only=True)
class Scorecard:
    """
    The scored self-evaluation.

    Attributes:
        rules: Id of the rule set used.
        budget: The budget-execution line.
        indicators: One score per indicator row (parents and sub-rows too,
            unscored, so the table can be shown whole).
        total: The rule total (budget + indicators, rescaled for
            not-applicable rows where the rule set says so).
        published_total: The total the table prints, if any.
        grade: The grade of :attr:`total` (优/良/中/差); empty when the
            table's weights do not add to the rule set's total, so the total
            is off the grading scale (finding ``PT348``).
        grade_en: The grade in English (empty likewise).
        findings: Every finding, in table order.
    """

    rules: str
    budget: BudgetScore
    indicators: tuple[IndicatorScore, ...]
    total: Decimal
    published_total: Decimal | None
    grade: str
    grade_en: str
    findings: tuple[Finding, ...] = field(factory=tuple)

    @property
    def graded(self) -> bool:
        """
        True when the total is on the rule set's scale and has a grade.

        A table whose weights add to more or less than the rule set's total
        (110, or a partial 52) is scored but not graded: its total is not
        comparable with other projects' (see :func:`~perftarget.report.rollup`).
        """
        return bool(self.grade)

    @property
    def has_errors(self) -> bool:
        """True when any finding has error severity."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def __repr__(self) -> str:
        """
        One line: rule set, total, grade, rows and findings.

        Examples:
            >>> from perftarget import datasets
            >>> head, grade, rows, _ = repr(datasets.yongde_2022_scorecard()).split(", ")
            >>> print(head, grade, rows, sep="; ")
            <Scorecard mof2020_selfeval: total 99.80 (published 96); grade 优 excellent; 9 rows
        """
        published = (
            f" (published {plain(self.published_total)})"
            if self.published_total is not None
            else ""
        )
        return (
            f"<Scorecard {self.rules}: total {plain(self.total)}{published}, "
            f"grade {self.grade or '-'} {self.grade_en or '-'}, {len(self.indicators)} rows, "
            f"{len(self.findings)} findings>"
        )

    def _repr_html_(self) -> str:
        """
        The scorecard as a compact HTML table for notebooks: one row per
        indicator and the budget line, each score's trace on hover, then
        the findings.  Every text is escaped.
        """
        from perftarget.core._format import format_actual, format_target

        headers = [
            say("一级指标", "level-1 indicator"),
            say("二级指标", "level-2 indicator"),
            say("三级指标", "level-3 indicator"),
            say("指标值", "target value"),
            say("实际完成值", "actual"),
            say("分值", "weight"),
            say("得分", "score"),
            say("公布得分", "published score"),
            say("状态", "status"),
        ]
        rows: list[list[Cell]] = []
        for item in self.indicators:
            indicator = item.row.indicator
            actual = item.row.actual
            actual_text = "" if actual is None else actual.text or format_actual(actual)
            status = say(item.status.zh, item.status.value)
            rows.append(
                [
                    (indicator.label(1), ""),
                    (indicator.label(2), ""),
                    (indicator.name, ""),
                    (indicator.target.text or format_target(indicator.target), ""),
                    (actual_text, ""),
                    (plain(item.weight), ""),
                    (plain(item.score), item.trace),
                    (plain(item.published_score), ""),
                    (status, item.reason),
                ]
            )
        budget = self.budget
        rows.append(
            [
                (say("预算执行率", "budget execution rate"), ""),
                ("", ""),
                ("", ""),
                ("", ""),
                ("" if budget.rate is None else f"{plain(budget.rate * 100)}%", ""),
                (plain(budget.weight), ""),
                (plain(budget.score), budget.trace),
                (plain(budget.published_score), ""),
                ("", ""),
            ]
        )
        published = (
            say(
                f"（公布 {plain(self.published_total)}）",
                f" (published {plain(self.published_total)})",
            )
            if self.published_total is not None
            else ""
        )
        summary = say(
            f"总分 {plain(self.total)}{published}，等级 {self.grade}；规则 {self.rules}",
            f"total {plain(self.total)}{published}, grade {self.grade_en}; rules {self.rules}",
        )
        note = say("（悬停得分可见算式）", "(hover over a score for its formula)")
        return (
            f"<div><p><b>{html.escape(summary)}</b> {html.escape(note)}</p>"
            f"{html_table(headers, rows)}{findings_html(self.findings)}</div>"
        )
