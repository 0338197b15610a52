"""
Property-based tests of scoring: bounds, monotonicity, sums, grades, rescaling
and money-unit invariance.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from perftarget import (
    Actual,
    BudgetRow,
    Comparator,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Money,
    Status,
    Target,
    TargetKind,
    evaluate,
    load_rules,
)

D = Decimal
RULES = [load_rules(n) for n in ("mof2020_selfeval", "guangxi_pmkpi", "hubei2020")]

#: Positive amounts with up to 2 decimals.
positive = st.integers(min_value=1, max_value=10**7).map(lambda n: D(n).scaleb(-2))
non_negative = st.integers(min_value=0, max_value=10**7).map(lambda n: D(n).scaleb(-2))
weights = st.integers(min_value=1, max_value=5000).map(lambda n: D(n).scaleb(-2))
comparators = st.sampled_from([Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT])
rule_sets = st.sampled_from(RULES)


def make_row(
    comparator: Comparator,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    *,
    unit: str = "人",
    kind: TargetKind = TargetKind.QUANTITY,
    not_applicable: bool = False,
) -> EvaluationRow:
    """A numeric row with a reason (so no deviation findings get in the way)."""
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name="指标",
            target=Target(kind=kind, comparator=comparator, value=target, unit=unit),
            weight=weight,
        ),
        actual=Actual(kind=kind, value=actual, unit=unit),
        reason="说明",
        not_applicable=not_applicable,
    )


def score_of(row: EvaluationRow, rules: object = None) -> Decimal:
    """The rule score of one row (asserted present)."""
    item = evaluate([row], rules=rules).indicators[0]  # type: ignore[arg-type]
    assert item.score is not None
    return item.score


@given(comparators, non_negative, non_negative, weights, rule_sets)
def test_every_score_lies_between_zero_and_the_weight(
    comparator: Comparator, target: Decimal, actual: Decimal, weight: Decimal, rules: object
) -> None:
    """Whatever the direction, target and actual, 0 ≤ score ≤ weight."""
    score = score_of(make_row(comparator, target, actual, weight), rules)
    assert D(0) <= score <= weight


@given(positive, non_negative, non_negative, weights)
def test_higher_is_better_never_falls_when_the_actual_rises(
    target: Decimal, a: Decimal, b: Decimal, weight: Decimal
) -> None:
    """For ≥ targets a larger actual never scores less."""
    low, high = sorted((a, b))
    assert score_of(make_row(Comparator.GE, target, low, weight)) <= score_of(
        make_row(Comparator.GE, target, high, weight)
    )


@given(positive, non_negative, non_negative, weights, rule_sets)
def test_lower_is_better_never_rises_when_the_actual_rises(
    target: Decimal, a: Decimal, b: Decimal, weight: Decimal, rules: object
) -> None:
    """For ≤ targets (ratio or linear) a larger actual never scores more."""
    low, high = sorted((a, b))
    assert score_of(make_row(Comparator.LE, target, low, weight), rules) >= score_of(
        make_row(Comparator.LE, target, high, weight), rules
    )


@given(
    st.lists(st.tuples(comparators, positive, non_negative, weights), min_size=1, max_size=12),
    positive,
    non_negative,
    rule_sets,
)
def test_total_is_the_sum_of_the_rounded_parts(
    rows: list[tuple[Comparator, Decimal, Decimal, Decimal]],
    budget: Decimal,
    executed: Decimal,
    rules: object,
) -> None:
    """Without N/A rows, the total is the budget score plus the rounded indicator scores."""
    card = evaluate(
        [make_row(*r) for r in rows],
        rules=rules,  # type: ignore[arg-type]
        budget=Money(amount=budget, unit="万元"),
        executed=Money(amount=executed, unit="万元"),
    )
    parts = [s.score for s in card.indicators]
    assert card.budget.score is not None
    assert all(p is not None and p == p.quantize(D("0.01")) for p in parts)
    assert card.total == sum((p for p in parts if p is not None), start=card.budget.score)


@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.decimals(min_value=0, max_value=100, places=2),
)
def test_grade_is_monotone_in_the_total(a: Decimal, b: Decimal) -> None:
    """A higher total never gets a lower grade."""
    rules = load_rules()
    order = [band.zh for band in rules.grades]
    low, high = sorted((a, b))
    assert order.index(rules.grade(high).zh) <= order.index(rules.grade(low).zh)


@st.composite
def weighted_table(draw: st.DrawFn) -> tuple[list[EvaluationRow], Decimal, Decimal]:
    """Rows whose integer weights sum to 90, some not applicable, and budget amounts."""
    count = draw(st.integers(min_value=1, max_value=10))
    cuts = sorted(
        draw(st.lists(st.integers(1, 89), min_size=count - 1, max_size=count - 1, unique=True))
    )
    bounds = [0, *cuts, 90]
    rows = []
    for left, right in itertools.pairwise(bounds):
        rows.append(
            make_row(
                draw(comparators),
                draw(positive),
                draw(non_negative),
                D(right - left),
                not_applicable=draw(st.booleans()),
            )
        )
    return rows, draw(positive), draw(non_negative)


@given(weighted_table())
def test_rescaling_for_not_applicable_rows_stays_within_100(
    table: tuple[list[EvaluationRow], Decimal, Decimal],
) -> None:
    """Dropping N/A rows and rescaling keeps the total in [0, 100]."""
    rows, budget, executed = table
    line = BudgetRow(
        budget=Money(amount=budget, unit="元"), executed=Money(amount=executed, unit="元")
    )
    card = evaluate(rows, budget=line)
    assert D(0) <= card.total <= D(100)
    dropped = [s for s in card.indicators if s.status is Status.NOT_APPLICABLE]
    assert len(dropped) == sum(r.not_applicable for r in rows)


@given(
    comparators,
    positive,
    non_negative,
    weights,
    st.sampled_from(["元", "千元", "万元", "亿元"]),
    st.sampled_from(["元", "千元", "万元", "亿元"]),
    rule_sets,
)
def test_scores_are_invariant_to_the_money_unit(
    comparator: Comparator,
    target: Decimal,
    actual: Decimal,
    weight: Decimal,
    source: str,
    other: str,
    rules: object,
) -> None:
    """Converting target and actual to another money unit leaves the score unchanged."""
    t, a = Money(amount=target, unit=source), Money(amount=actual, unit=source)
    first = make_row(comparator, t.amount, a.amount, weight, unit=source, kind=TargetKind.MONEY)
    t2, a2 = t.to(other), a.to(other)
    second = make_row(comparator, t2.amount, a2.amount, weight, unit=other, kind=TargetKind.MONEY)
    assert score_of(first, rules) == score_of(second, rules)


@given(comparators, positive, non_negative, weights)
def test_mixed_money_units_score_like_one_unit(
    comparator: Comparator, target: Decimal, actual: Decimal, weight: Decimal
) -> None:
    """An actual in 元 against a target in 万元 scores as if both were in 万元."""
    same = make_row(comparator, target, actual, weight, unit="万元", kind=TargetKind.MONEY)
    mixed = EvaluationRow(
        indicator=same.indicator,
        actual=Actual(kind=TargetKind.MONEY, value=actual * 10000, unit="元"),
        reason="说明",
    )
    assert score_of(same) == score_of(mixed)
