"""
Inputs and results of self-evaluation scoring: frozen values only.

An :class:`EvaluationRow` is one self-evaluation row (indicator, actual,
what the table published); a :class:`BudgetRow` is the funding line.  The
result of :func:`~perftarget.evaluate` is a :class:`Scorecard` made of
:class:`IndicatorScore`, :class:`BudgetScore` and :class:`Finding` values.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from attrs import field, frozen

from perftarget._findings import Finding, Severity
from perftarget._model import Actual, Direction, Indicator, Target
from perftarget._quantity import Money
from perftarget.exceptions import Location

__all__ = [
    "BudgetRow",
    "BudgetScore",
    "EvaluationRow",
    "Finding",
    "IndicatorScore",
    "RowRole",
    "Scorecard",
    "Severity",
    "Status",
]


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

    @property
    def target(self) -> Target:
        """The target scored against."""
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
        grade: The grade of :attr:`total` (优/良/中/差).
        grade_en: The grade in English.
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
    def has_errors(self) -> bool:
        """True when any finding has error severity."""
        return any(f.severity is Severity.ERROR for f in self.findings)
