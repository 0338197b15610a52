"""
Hardened scoring arithmetic: explicit decimal contexts and out-of-range
numbers (item 1), scores never above their weight after rounding (item 2),
grades only on the rule set's scale (item 3), reconciliation that grows
linearly with the rows (item 4).
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from perftarget import (
    BudgetRow,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Money,
    Status,
    evaluate,
    load_rules,
    parse_actual,
    parse_target,
)
from perftarget.exceptions import ModelError
from perftarget.report import RollupRenderer, rollup, rollup_record
from perftarget.rules import RoundingMode, RoundingRule
from perftarget.score._reconcile import _discordant

D = Decimal


def row(
    weight: Decimal | str | None,
    target: str = "≥100人",
    actual: str = "90人",
    *,
    name: str = "指标",
    published: Decimal | None = None,
) -> EvaluationRow:
    """One output row, with a reason so no deviation finding is raised."""
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name=name,
            target=parse_target(target),
            weight=None if weight is None else D(weight),
        ),
        actual=parse_actual(actual),
        published_score=published,
        reason="说明",
    )


def codes(card) -> list[str]:  # type: ignore[no-untyped-def]
    """The finding codes of a scorecard."""
    return [f.code for f in card.findings]


#: Weights of 0–6 decimals, from tiny to huge (up to 10**40).
weights = st.builds(
    lambda mantissa, places, shift: D(mantissa).scaleb(shift - places),
    st.integers(min_value=1, max_value=10**12),
    st.integers(min_value=0, max_value=6),
    st.sampled_from([0, 0, 0, 3, 12, 26, 28]),
)
#: The tests' own sums, exact for the numbers above.
EXACT = decimal.Context(prec=200)
actuals = st.integers(min_value=0, max_value=10**6).map(lambda n: D(n).scaleb(-2))


class TestExplicitContexts:
    """Item 1: arithmetic in its own decimal context; out-of-range numbers are our error."""

    @pytest.mark.parametrize("weight", ["9" * 30, "1E+26", "1E+40", "123456789.123456789"])
    def test_large_weights_score_exactly(self, weight: str) -> None:
        """A weight of 30 nines or 10**26 scores exactly, never raising InvalidOperation."""
        card = evaluate([row(weight, "≥100人", "100人")])
        expected = RoundingRule().apply(D(weight), cap=D(weight))
        assert (expected, expected) == (card.indicators[0].score, card.total)

    def test_scores_do_not_depend_on_the_callers_context(self) -> None:
        """A caller's context of 3 digits that traps everything changes no score."""
        rows = [row("9" * 30, "≥1100人", "1093人")]
        expected = evaluate(rows).indicators[0].score
        context = decimal.Context(prec=3, traps=[decimal.Inexact, decimal.Rounded])
        with decimal.localcontext(context):
            actual = evaluate(rows).indicators[0].score
        assert expected == actual

    @pytest.mark.parametrize(
        ("weight", "target", "actual"),
        [
            ("1E+999999999", "≥100人", "90人"),
            ("1E+100", "≥100人", "90人"),
            ("1E-101", "≥100人", "90人"),
        ],
    )
    def test_out_of_range_weight_is_a_finding_on_the_row(
        self, weight: str, target: str, actual: str
    ) -> None:
        """A weight outside the scoring range leaves the row unscored with PT313."""
        card = evaluate([row(weight, target, actual)])
        item = card.indicators[0]
        assert (Status.NOT_SCORABLE, None) == (item.status, item.score)
        assert "PT313" in codes(card)
        message = next(f.message for f in card.findings if f.code == "PT313")
        assert str(D(weight)) in message

    def test_out_of_range_published_score_is_a_finding(self) -> None:
        """A published score of 1E+999999999 is refused on its row, not overflowed."""
        card = evaluate([row("10", published=D("1E+999999999"))])
        assert (Status.NOT_SCORABLE, True) == (card.indicators[0].status, "PT313" in codes(card))

    def test_out_of_range_budget_amount_is_a_finding(self) -> None:
        """A budget of 1E+999999999 leaves the budget line unscored with PT313."""
        line = BudgetRow(
            budget=Money(amount=D("1E+999999999"), unit="元"),
            executed=Money(amount=D("5"), unit="元"),
        )
        card = evaluate([row("90")], budget=line)
        assert (None, True) == (card.budget.score, "PT313" in codes(card))

    def test_rounding_a_non_finite_or_enormous_value_is_our_error(self) -> None:
        """RoundingRule.apply refuses NaN and 1E+999999999 with ModelError, naming the value."""
        for value in (D("NaN"), D("1E+999999999")):
            with pytest.raises(ModelError, match="cannot round"):
                RoundingRule().apply(value)

    def test_rounding_a_thirty_digit_value_is_exact(self) -> None:
        """Thirty nines round to two places without InvalidOperation."""
        assert D("9" * 30 + ".00") == RoundingRule().apply(D("9" * 30))


class TestScoreNeverAboveWeight:
    """Item 2: rounding never lifts a score above its weight."""

    def test_weight_finer_than_the_quantum_caps_below_it(self) -> None:
        """A met row of weight 6.667 scores 6.66, not 6.67, with a PT349 warning."""
        card = evaluate([row("6.667", "≥100人", "100人")])
        assert D("6.66") == card.indicators[0].score
        assert ["PT349"] == [c for c in codes(card) if c == "PT349"]

    def test_three_thirds_do_not_total_more_than_their_weights(self) -> None:
        """Met rows of 6.667, 6.667, 6.666 total 19.98, not 20.01 of 20."""
        rows = [row(w, "≥100人", "100人", name=f"指标{i}") for i, w in enumerate(["6.667"] * 2)]
        rows.append(row("6.666", "≥100人", "100人", name="指标3"))
        card = evaluate(rows)
        assert D("19.98") == sum((i.score for i in card.indicators if i.score), D(0))

    def test_weight_on_the_grid_gives_no_finding(self) -> None:
        """A weight of 6.67 is earned in full and raises no PT349."""
        card = evaluate([row("6.67", "≥100人", "100人")])
        assert (D("6.67"), False) == (card.indicators[0].score, "PT349" in codes(card))

    def test_uncapped_rule_set_still_pays_over_completion(self) -> None:
        """With higher_cap off, a ratio above 1 still scores above the weight."""
        ruleset = evolve(load_rules(), higher_cap=False)
        card = evaluate([row("20", "≥1100人次", "1120人次")], rules=ruleset)
        assert D("20.36") == card.indicators[0].score

    @settings(max_examples=150, deadline=None)
    @given(
        st.lists(st.tuples(weights, actuals), min_size=1, max_size=6),
        st.sampled_from(list(RoundingMode)),
        st.integers(min_value=0, max_value=4),
    )
    def test_rounded_score_within_zero_and_weight(
        self, items: list[tuple[Decimal, Decimal]], mode: RoundingMode, places: int
    ) -> None:
        """For any weights and actuals, 0 <= score <= weight and the total <= the weights."""
        ruleset = evolve(load_rules(), rounding=RoundingRule(mode=mode, places=places))
        rows = [
            row(weight, "≥100人", f"{actual}人", name=f"指标{i}")
            for i, (weight, actual) in enumerate(items)
        ]
        card = evaluate(rows, rules=ruleset)
        for item in card.indicators:
            assert item.score is not None
            assert item.weight is not None
            assert D(0) <= item.score <= item.weight
        with decimal.localcontext(EXACT):
            assert card.total <= sum((w for w, _ in items), D(0))

    @settings(max_examples=100, deadline=None)
    @given(weights, st.sampled_from(list(RoundingMode)), st.integers(min_value=0, max_value=6))
    def test_cap_is_the_largest_grid_value_not_above_the_weight(
        self, weight: Decimal, mode: RoundingMode, places: int
    ) -> None:
        """Rounding the weight itself with the weight as cap gives the quantum below or at it."""
        rule = RoundingRule(mode=mode, places=places)
        capped = rule.apply(weight, cap=weight)
        with decimal.localcontext(EXACT):
            assert capped <= weight < capped + rule.quantum


class TestGradesOnlyOnScale:
    """Item 3: a grade only when the weights add to the rule set's total."""

    def test_weights_of_110_get_no_grade(self) -> None:
        """Indicators of 100 plus a budget of 10 are off the scale: no grade, PT348."""
        rows = [row("50", "≥100人", "100人", name="甲"), row("50", "≥100人", "100人", name="乙")]
        card = evaluate(rows, budget=Money.parse("10万元"), executed=Money.parse("10万元"))
        assert (D("110.00"), "", "", True) == (
            card.total,
            card.grade,
            card.grade_en,
            "PT348" in codes(card),
        )
        assert not card.graded

    def test_partial_table_gets_no_grade(self) -> None:
        """A table of 52 points in all is not graded 差."""
        card = evaluate(
            [row("42", "≥100人", "100人")],
            budget=Money.parse("10万元"),
            executed=Money.parse("10万元"),
        )
        assert ("", True) == (card.grade, "PT348" in codes(card))

    def test_full_table_is_graded(self) -> None:
        """Weights adding to 100 give a grade and no PT348."""
        card = evaluate(
            [row("90", "≥100人", "100人")],
            budget=Money.parse("10万元"),
            executed=Money.parse("10万元"),
        )
        assert ("优", False) == (card.grade, "PT348" in codes(card))

    def test_weights_within_one_quantum_are_on_scale(self) -> None:
        """Three weights of 30 and 29.99 plus 10 (99.99) are graded."""
        rows = [row(w, "≥100人", "100人", name=f"指标{i}") for i, w in enumerate(["30", "30"])]
        rows.append(row("29.99", "≥100人", "100人", name="指标3"))
        card = evaluate(rows, budget=Money.parse("10万元"), executed=Money.parse("10万元"))
        assert "优" == card.grade

    def test_message_says_why_in_both_languages(self) -> None:
        """PT348 names the weights and the rule total, in Chinese or English."""
        rows = [row("100", "≥100人", "100人")]
        for lang, words in (("en", "off the grading scale"), ("zh", "不评等级")):
            card = evaluate(rows, lang=lang)
            message = next(f.message for f in card.findings if f.code == "PT348")
            assert (True, True) == (words in message, "110" in message)

    def test_rollup_flags_instead_of_ranking_first(self) -> None:
        """An off-scale 110 is listed unranked after the graded ones, outside the mean."""
        full = evaluate(
            [row("90", "≥100人", "90人")],
            budget=Money.parse("10万元"),
            executed=Money.parse("10万元"),
        )
        over = evaluate(
            [row("100", "≥100人", "100人")],
            budget=Money.parse("10万元"),
            executed=Money.parse("10万元"),
        )
        summary = rollup([("over", over), ("full", full)])
        assert [("full", 1), ("over", None)] == [(e.project, e.rank) for e in summary.entries]
        assert (full.total, full.total, 1) == (summary.mean, summary.highest, summary.off_scale)
        record = rollup_record(summary, "en")
        assert (None, True) == (record["projects"][1]["grade"], record["projects"][1]["off_scale"])
        assert "off scale" in RollupRenderer(lang="en")(summary)


class TestLinearReconciliation:
    """Item 4: the monotonicity check counts discordant pairs without comparing every pair."""

    @settings(max_examples=200)
    @given(
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=6), st.integers(min_value=0, max_value=6)),
            max_size=40,
        )
    )
    def test_counts_the_pairs_the_definition_counts(self, points: list[tuple[int, int]]) -> None:
        """The count equals that of comparing every pair: lower ratio, higher published."""
        values = [(D(a), D(b)) for a, b in points]
        expected = sum(
            1
            for i, (ra, pa) in enumerate(values)
            for rb, pb in values[i + 1 :]
            if (ra - rb) * (pa - pb) < 0
        )
        assert expected == _discordant(values)

    def test_pairs_are_counted_within_equal_weights_only(self) -> None:
        """Two reversed rows of equal weight make PT343; of different weights they do not."""
        same = [
            row("10", "≥100人", "50人", name="甲", published=D(8)),
            row("10", "≥100人", "80人", name="乙", published=D(5)),
        ]
        other = [same[0], row("20", "≥100人", "80人", name="乙", published=D(5))]
        assert (True, False) == (
            "PT343" in codes(evaluate(same)),
            "PT343" in codes(evaluate(other)),
        )
