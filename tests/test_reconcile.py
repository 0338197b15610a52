"""
Tests of reconciliation: published weights and scores against the rule set.
"""

from __future__ import annotations

from decimal import Decimal

from perftarget import (
    BudgetRow,
    EvaluationRow,
    Level1,
    Level2,
    Money,
    RowRole,
    classify_rows,
    evaluate,
)
from test_score import row

D = Decimal


def causes(card) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    """Finding code → cause, for the reconciliation findings."""
    return {f.code: f.cause for f in card.findings if f.cause is not None}


def budget(
    budget: str, executed: str, rate: str | None = None, score: str | None = None
) -> BudgetRow:
    """A published budget line."""
    return BudgetRow(
        budget=Money.parse(budget),
        executed=Money.parse(executed),
        published_rate=None if rate is None else D(rate),
        published_score=None if score is None else D(score),
    )


class TestIndicatorCauses:
    def test_docked_although_met(self) -> None:
        """A met target published below its weight is docked although met."""
        card = evaluate([row("≥100%", "100%", published="7")])
        assert causes(card)["PT331"] == "docked although met"

    def test_over_completion_not_capped(self) -> None:
        """31.9 on a weight of 20 is over-completion left uncapped."""
        card = evaluate([row("≥100个", "159.5个", "20", published="31.9")])
        assert causes(card)["PT332"] == "over-completion not capped"

    def test_integer_rounding(self) -> None:
        """8.62 published as 9 is integer rounding."""
        card = evaluate([row("≥43.2万元", "37.24万元", published="9")])
        assert causes(card)["PT333"] == "integer rounding"

    def test_weight_times_actual_percent(self) -> None:
        """A met 98% satisfaction target published as 19.6/20 is weight × actual%."""
        item = row(
            "≥98%",
            "98%",
            "20",
            published="19.6",
            level1=Level1.SATISFACTION,
            level2=Level2.SATISFACTION,
        )
        assert causes(evaluate([item]))["PT335"] == "weight × actual%"

    def test_full_score_although_not_met(self) -> None:
        """A missed target published at full weight is reported even within tolerance."""
        card = evaluate([row("≥38508人", "37442人", "3", published="3")])
        assert causes(card)["PT340"] == "full score although not met"

    def test_within_tolerance_is_silent(self) -> None:
        """1.9 against a rule 1.95 is within the default 0.1."""
        card = evaluate([row("≥100%", "97.3%", "2", published="1.9")])
        assert "PT339" not in causes(card)

    def test_tolerance_is_configurable(self) -> None:
        """A 0.21 difference is reported at 0.1 and silent at 0.5."""
        item = row("≥3807人", "3224人", "2", published="1.9")
        assert "PT339" in causes(evaluate([item]))
        assert "PT339" not in causes(evaluate([item], tolerance=D("0.5")))

    def test_qualitative_judgement_inside_band_is_accepted(self) -> None:
        """A qualitative score inside its band is a judgement, not a departure."""
        card = evaluate([row("有效", "有效", published="8.5", level2=Level2.SOCIAL)])
        assert "PT341" not in causes(card)

    def test_qualitative_score_outside_band(self) -> None:
        """An achieved qualitative row published under 80% of its weight is outside its band."""
        card = evaluate([row("有效", "有效", published="7", level2=Level2.SOCIAL)])
        assert causes(card)["PT341"] == "outside qualitative band"


class TestBudgetCauses:
    def test_rate_contradicts_the_amounts(self) -> None:
        """100% printed where 3824.26/4753.66 = 80.45% is a contradiction."""
        card = evaluate([], budget=budget("4753.66万元", "3824.26万元", rate="1", score="10"))
        assert causes(card)["PT336"] == "rate contradicts the amounts"

    def test_integer_rounded_budget_score(self) -> None:
        """廊坊: 86% and 9 for 37.24/43.2: integer rounding, and the rate is no contradiction."""
        card = evaluate([], budget=budget("43.2万元", "37.24万元", rate="0.86", score="9"))
        assert (causes(card)["PT333"], "PT336" in causes(card)) == ("integer rounding", False)

    def test_proportional_but_uncapped(self) -> None:
        """110/100 published as 11 of 10 is proportional but uncapped."""
        card = evaluate([], budget=budget("100万元", "110万元", score="11"))
        assert causes(card)["PT334"] == "proportional but uncapped"


class TestTotalsAndWeights:
    def test_total_not_the_sum(self) -> None:
        """A published total that is not the sum of the published scores is reported."""
        items = [row("≥1人", "1人", "45", published="45"), row("≥1人", "1人", "45", published="45")]
        card = evaluate(items, budget=budget("1万元", "1万元", score="10"), published_total=D(95))
        assert causes(card)["PT337"] == "total not the sum"

    def test_weights_not_summing_to_100(self) -> None:
        """Indicator weights of 100 plus a budget of 10 make 110."""
        items = [
            row("≥1人", "1人", "50"),
            row("≥1人", "1人", "50", level1=Level1.EFFECT, level2=Level2.SOCIAL),
        ]
        assert causes(evaluate(items))["PT338"] == "weights do not sum to 100"

    def test_level1_label_weight_differs_from_rule_set(self) -> None:
        """产出指标(70分) under the central 50 is reported."""
        item = row("≥1人", "1人", "70")
        labelled = EvaluationRow(indicator=item.indicator, actual=item.actual, level1_weight=D(70))
        card = evaluate([labelled])
        assert any("70" in f.message and f.code == "PT321" for f in card.findings)

    def test_inference_refused_when_not_all_met(self) -> None:
        """Weights are not inferred from scores when a row falls short."""
        items = [row("≥3人", "3人", None, published="30"), row("≥3人", "2人", "10")]
        card = evaluate(items)
        assert (card.indicators[0].weight, causes(card)["PT351"]) == (None, "missing weights")


class TestRowRoles:
    def test_parent_and_subrows_are_recognised(self) -> None:
        """一、 = 1、 + 2、 is a parent; an unweighted 其中 row is a sub-row."""
        items = [
            row("≥1人", "1人", "20", name="一、培训"),
            row("≥1人", "1人", "10", name="1、线上"),
            row("≥1人", "1人", "10", name="2、线下"),
            row("≥1人", "1人", None, name="其中：女性"),
        ]
        roles = [r.role for r in classify_rows(items)]
        assert roles == [RowRole.PARENT, RowRole.INDICATOR, RowRole.INDICATOR, RowRole.SUBROW]

    def test_parents_are_not_counted_twice(self) -> None:
        """The total counts the children, not the parent as well."""
        items = [
            row("≥1人", "1人", "20", name="一、培训"),
            row("≥1人", "1人", "10", name="1、线上"),
            row("≥1人", "1人", "10", name="2、线下"),
        ]
        assert D("20.00") == evaluate(items).total

    def test_numbered_row_without_matching_children_is_an_indicator(self) -> None:
        """一、 whose weight is not the children's sum stays an ordinary row."""
        items = [row("≥1人", "1人", "5", name="一、培训"), row("≥1人", "1人", "10", name="1、线上")]
        assert classify_rows(items)[0].role == RowRole.INDICATOR
