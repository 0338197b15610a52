"""
The budget-execution line (预算执行率) of a self-evaluation: rate and score.

rate = executed / full-year budget (or the adjusted budget, where the rule set
says so); score = weight × rate, capped at the weight by default, rounded once
(V1) or to an integer (V2).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from perftarget.core._quantity import Money
from perftarget.core._text import plain_number as _n
from perftarget.core._units import convert
from perftarget.rules import BudgetFormula, Denominator, RuleSet
from perftarget.score._codes import finding, rule_finding
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
        found = finding("PT311", row.where)
        return BudgetScore(row=row, rate=None, weight=weight, score=None, trace="not scored"), [
            found
        ]
    for amount in (row.executed, denominator):
        if not in_scoring_range(amount.amount):
            found = finding(
                "PT313",
                row.where,
                variant="budget",
                amount=f"{amount.amount}{amount.unit}",
                digits=SCORING_RANGE,
            )
            return BudgetScore(
                row=row, rate=None, weight=weight, score=None, trace="out of range"
            ), [found]
    executed = row.executed.amount
    if row.executed.unit != denominator.unit:
        executed = convert(executed, row.executed.unit, denominator.unit)
    den = denominator.amount
    if den <= 0:
        found = finding("PT310", row.where, budget=denominator)
        return BudgetScore(row=row, rate=None, weight=weight, score=None, trace="rate undefined"), [
            found
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
        found = rule_finding(
            "PT312",
            row.where,
            Severity(rules.deviation.severity),
            rate=_n((rate * 100).quantize(Decimal("0.01"))),
            limit=_n(rule.reason_below * 100),
        )
        findings.append(found)
    return BudgetScore(
        row=row, rate=rate, weight=weight, score=score, raw=raw, trace=trace
    ), findings
