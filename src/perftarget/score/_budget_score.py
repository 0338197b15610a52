"""
The budget-execution line (预算执行率) of a self-evaluation: rate and score.

rate = executed / full-year budget (or the adjusted budget, where the rule set
says so); score = weight × rate, capped at the weight by default, rounded once
(V1) or to an integer (V2).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from perftarget.core._lang import say
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number as _n
from perftarget.core._units import convert
from perftarget.rules import BudgetFormula, Denominator, RuleSet
from perftarget.score._scorecard import (
    SCORING_RANGE,
    BudgetRow,
    BudgetScore,
    Finding,
    Severity,
    in_scoring_range,
)

__all__ = ["score_budget"]

_ONE: Final = Decimal(1)


def score_budget(row: BudgetRow, rules: RuleSet) -> tuple[BudgetScore, list[Finding]]:
    """
    Score the budget-execution line.

    Args:
        row: The amounts and what the table publishes.
        rules: The rule set.

    Returns:
        The budget score and findings (no amounts; zero budget; missing
        reason).  A rule set without a budget line (weight 0, as in the
        evaluation framework, where execution is an indicator) asks for no
        amounts: their absence is no finding.
    """
    rule = rules.budget
    weight = rule.weight
    denominator: Money | None = row.budget
    if rule.denominator is Denominator.ADJUSTED and row.adjusted is not None:
        denominator = row.adjusted
    if (denominator is None or row.executed is None) and not weight:
        return BudgetScore(
            row=row, rate=None, weight=weight, score=None, trace="no budget line in the rule set"
        ), []
    if denominator is None or row.executed is None:
        finding = Finding(
            code="PT311",
            severity=Severity.WARNING,
            message=say(
                "没有预算数和执行数：预算执行率不计分（可用 --budget 和 --executed 给出）",
                "no budget and executed amounts: the budget-execution line is not scored "
                "(give --budget and --executed)",
            ),
            where=row.where,
        )
        return BudgetScore(row=row, rate=None, weight=weight, score=None, trace="not scored"), [
            finding
        ]
    for amount in (row.executed, denominator):
        if not in_scoring_range(amount.amount):
            finding = Finding(
                code="PT313",
                severity=Severity.ERROR,
                message=say(
                    f"预算执行：金额 {amount.amount}{amount.unit} 超出可计分的范围（非零数的"
                    f"绝对值须在 1E-{SCORING_RANGE} 与 1E+{SCORING_RANGE} 之间），不计分",
                    f"budget execution: the amount {amount.amount}{amount.unit} is out of the "
                    f"range a score can use (a nonzero number's magnitude must lie between "
                    f"1E-{SCORING_RANGE} and 1E+{SCORING_RANGE}); not scored",
                ),
                where=row.where,
            )
            return BudgetScore(
                row=row, rate=None, weight=weight, score=None, trace="out of range"
            ), [finding]
    executed = row.executed.amount
    if row.executed.unit != denominator.unit:
        executed = convert(executed, row.executed.unit, denominator.unit)
    den = denominator.amount
    if den <= 0:
        finding = Finding(
            code="PT310",
            severity=Severity.ERROR,
            message=say(
                f"预算数为 {denominator}：执行率无法计算",
                f"the budget is {denominator}: the execution rate is undefined",
            ),
            where=row.where,
        )
        return BudgetScore(row=row, rate=None, weight=weight, score=None, trace="rate undefined"), [
            finding
        ]
    rate = executed / den
    num = min(executed, den) if rule.cap else executed
    raw = weight * num / den
    score = (
        raw.quantize(_ONE, rounding=rules.rounding.mode.decimal_mode)
        if rule.formula is BudgetFormula.INTEGER
        else rules.rounding.apply(raw, cap=weight if rule.cap else None)
    )
    if rule.cap and executed > den:
        trace = f"{_n(weight)} (executed {_n(executed)} ≥ budget {_n(den)}) = {_n(score)}"
    else:
        trace = f"{_n(weight)} × {_n(executed)}/{_n(den)} = {_n(score)}"
    findings: list[Finding] = []
    if rule.reason_below is not None and rate < rule.reason_below and not row.reason.strip():
        findings.append(
            Finding(
                code="PT312",
                severity=Severity(rules.deviation.severity),
                message=say(
                    f"预算执行率 {_n((rate * 100).quantize(Decimal('0.01')))}% 低于 "
                    f"{_n(rule.reason_below * 100)}%，但未说明原因",
                    f"budget execution {_n((rate * 100).quantize(Decimal('0.01')))}% is below "
                    f"{_n(rule.reason_below * 100)}%, but no reason is given",
                ),
                where=row.where,
            )
        )
    return BudgetScore(
        row=row, rate=rate, weight=weight, score=score, raw=raw, trace=trace
    ), findings
