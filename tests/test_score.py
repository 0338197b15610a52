"""
Tests of :func:`perftarget.evaluate`: formulas, traces, statuses and findings.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from perftarget import (
    BudgetRow,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Money,
    RuleSet,
    Severity,
    Status,
    evaluate,
    load_rules,
    parse_actual,
    parse_target,
)
from perftarget.core._model import Achievement, Actual, TargetKind

D = Decimal


def row(
    target: str,
    actual: str | None,
    weight: str | None = "10",
    *,
    name: str = "指标",
    level1: Level1 = Level1.OUTPUT,
    level2: Level2 = Level2.QUANTITY,
    reason: str = "原因",
    published: str | None = None,
    not_applicable: bool = False,
) -> EvaluationRow:
    """Build one evaluation row from strings."""
    return EvaluationRow(
        indicator=Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=parse_target(target),
            weight=None if weight is None else D(weight),
        ),
        actual=None if actual is None else parse_actual(actual),
        reason=reason,
        published_score=None if published is None else D(published),
        not_applicable=not_applicable,
    )


def rules(**changes: object) -> RuleSet:
    """The default rule set with some fields replaced."""
    from attrs import evolve

    return evolve(load_rules(), **changes)  # type: ignore[arg-type]


def one(item: EvaluationRow, ruleset: RuleSet | str | None = None):  # type: ignore[no-untyped-def]
    """Score a single row."""
    return evaluate([item], rules=ruleset).indicators[0]


def codes(card) -> list[str]:  # type: ignore[no-untyped-def]
    """The finding codes of a scorecard."""
    return [f.code for f in card.findings]


class TestHigherIsBetter:
    def test_partial_score_is_proportional_with_trace(self) -> None:
        """A shortfall scores weight × actual/target, rounded once, with the formula shown."""
        score = one(row("≥1100人次", "1093人次", "20"))
        assert (D("19.87"), Status.PARTLY_MET) == (score.score, score.status)
        assert score.trace == "20 × 1093/1100 = 19.87"

    def test_over_completion_is_capped(self) -> None:
        """An actual above the target earns the weight and no more."""
        score = one(row("≥1100人次", "1500人次", "20"))
        assert (D("20.00"), Status.MET) == (score.score, score.status)

    def test_uncapped_rule_set_pays_over_completion(self) -> None:
        """With the cap turned off the score follows the ratio above the weight."""
        score = one(row("≥1100人次", "1120人次", "20"), rules(higher_cap=False))
        assert D("20.36") == score.score

    def test_zero_actual_is_not_met(self) -> None:
        """An actual of zero against a positive target is not met and scores 0."""
        score = one(row("≥10人", "0人"))
        assert (D("0.00"), Status.NOT_MET) == (score.score, score.status)


class TestLowerIsBetter:
    def test_ratio_formula_matches_the_worked_example(self) -> None:
        """R1: weight × target/actual gives 7.27 for ≤90万元 against 99万元 at weight 8."""
        score = one(row("≤90万元", "99万元", "8"))
        assert D("7.27") == score.score
        assert score.trace == "8 × 90/99 = 7.27"

    def test_linear_formula_matches_the_worked_example(self) -> None:
        """R2 (Guangxi): weight × (2 − actual/target) gives 7.20."""
        score = one(row("≤90万元", "99万元", "8"), "guangxi_pmkpi")
        assert D("7.20") == score.score

    def test_linear_formula_reaches_zero_at_twice_the_target(self) -> None:
        """R2 scores 0 from twice the target on."""
        score = one(row("≤90万元", "200万元", "8"), "guangxi_pmkpi")
        assert (D("0.00"), Status.NOT_MET) == (score.score, score.status)

    def test_under_the_ceiling_is_met(self) -> None:
        """An actual at or under the ceiling earns the weight."""
        assert D("8.00") == one(row("≤90万元", "90万元", "8")).score


class TestEqualAndZero:
    def test_equal_means_at_least_by_default(self) -> None:
        """Under the default rule set '=' behaves like '≥' (platform practice)."""
        assert D("10.00") == one(row("=100%", "120%")).score

    def test_exact_equal_penalises_both_sides(self) -> None:
        """With equal_means = exact an actual above the target loses points too."""
        from perftarget.rules import EqualMeans

        score = one(row("=100%", "120%"), rules(equal_means=EqualMeans.EXACT))
        assert D("8.00") == score.score

    @pytest.mark.parametrize(("actual", "expected"), [("0起", "10.00"), ("1起", "0.00")])
    def test_zero_ceiling_is_all_or_nothing(self, actual: str, expected: str) -> None:
        """A zero target scores the weight at 0 and nothing above it."""
        assert D(expected) == one(row("≤0起", actual)).score

    def test_zero_target_can_be_unscorable(self) -> None:
        """A rule set may refuse zero targets: the row is not scorable, not zero."""
        from perftarget.rules import ZeroTarget

        card = evaluate([row("≤0起", "0起")], rules=rules(zero_target=ZeroTarget.NOT_SCORABLE))
        assert (card.indicators[0].score, card.indicators[0].status) == (None, Status.NOT_SCORABLE)
        assert "PT307" in codes(card)


class TestOtherKinds:
    def test_deadline_met_by_date(self) -> None:
        """A completion date on or before the deadline is met."""
        score = one(row("2022年12月31日前", "2022年11月30日", level2=Level2.TIMELINESS))
        assert score.status == Status.MET

    def test_deadline_missed(self) -> None:
        """A completion date after the deadline scores 0."""
        score = one(row("2022年6月30日前", "2022年8月1日", level2=Level2.TIMELINESS))
        assert (D("0.00"), Status.NOT_MET) == (score.score, score.status)

    def test_qualitative_achieved_takes_the_band_top(self) -> None:
        """达成年度指标 earns the full weight at the default band point."""
        score = one(row("有效", "达成年度指标", level1=Level1.EFFECT, level2=Level2.SOCIAL))
        assert (D("10.00"), Status.MET) == (score.score, score.status)

    def test_qualitative_partly_takes_the_band_top(self) -> None:
        """部分达成 earns 80% of the weight at the default band point."""
        item = row("有效", "部分达成年度指标并具有一定效果", level2=Level2.SOCIAL)
        assert D("8.00") == one(item).score

    def test_qualitative_point_is_configurable(self) -> None:
        """The middle point of the partly band is 70% of the weight."""
        from perftarget.rules import QualitativePoint

        item = row("有效", "部分达成年度指标并具有一定效果", level2=Level2.SOCIAL)
        assert D("7.00") == one(item, rules(qualitative_point=QualitativePoint.MIDDLE)).score

    def test_qualitative_actual_repeating_the_target_is_met(self) -> None:
        """An actual that repeats the qualitative target phrase counts as achieved."""
        assert one(row("显著提升", "显著提升", level2=Level2.SOCIAL)).status == Status.MET


class TestUnits:
    def test_money_units_are_converted(self) -> None:
        """万元 against 元 is converted and reported as info, not an error."""
        card = evaluate([row("≤30万元", "250000元")])
        assert card.indicators[0].status == Status.MET
        assert codes(card)[:1] == ["PT302"]
        assert not card.has_errors

    def test_people_against_visits_is_an_error_never_a_zero(self) -> None:
        """人 against 次 makes the row not scorable with an error finding."""
        card = evaluate([row("≥20人", "25次")])
        item = card.indicators[0]
        assert (item.score, item.status) == (None, Status.NOT_SCORABLE)
        assert "PT301" in codes(card)
        assert card.has_errors

    def test_copied_comparator_is_a_warning(self) -> None:
        """An actual that repeats the target's comparator is scored but warned about."""
        card = evaluate([row("≥266米", "≥266米")])
        finding = next(f for f in card.findings if f.code == "PT303")
        assert finding.severity == Severity.WARNING

    def test_missing_actual_is_not_scorable(self) -> None:
        """A row without an actual value is an error, not a zero."""
        card = evaluate([row("≥10人", None)])
        assert (card.indicators[0].status, codes(card)[:1]) == (Status.NOT_SCORABLE, ["PT305"])


class TestDeviationReasons:
    def test_shortfall_without_reason_is_reported(self) -> None:
        """A missed target with an empty deviation reason is an error finding."""
        card = evaluate([row("≥10人", "8人", reason="")])
        assert [f.code for f in card.findings if f.severity is Severity.ERROR] == ["PT304"]

    def test_shortfall_with_reason_is_fine(self) -> None:
        """A missed target with a reason raises no deviation finding."""
        assert "PT304" not in codes(evaluate([row("≥10人", "8人", reason="天气原因")]))

    def test_guangxi_requires_a_reason_for_over_completion(self) -> None:
        """Guangxi: actual ≥ 130% of the target needs a reason; the central rules do not."""
        item = row("≥10人", "13人", reason="")
        assert "PT304" in codes(evaluate([item], rules="guangxi_pmkpi"))
        assert "PT304" not in codes(evaluate([item]))


class TestBudget:
    def test_proportional_budget_score(self) -> None:
        """V1: 10 × 37.24/43.2 = 8.62 (廊坊 2019 amounts)."""
        card = evaluate([], budget=Money.parse("43.2万元"), executed=Money.parse("37.24万元"))
        assert (D("8.62"), "10 × 37.24/43.2 = 8.62") == (card.budget.score, card.budget.trace)

    def test_integer_budget_formula(self) -> None:
        """V2 rounds the budget score to an integer: 9."""
        from attrs import evolve

        from perftarget.rules import BudgetFormula

        base = load_rules()
        ruleset = evolve(base, budget=evolve(base.budget, formula=BudgetFormula.INTEGER))
        card = evaluate(
            [], rules=ruleset, budget=Money.parse("43.2万元"), executed=Money.parse("37.24万元")
        )
        assert D("9") == card.budget.score

    def test_over_execution_is_capped(self) -> None:
        """Executing more than the budget earns the weight and no more."""
        card = evaluate([], budget=Money.parse("100万元"), executed=Money.parse("120万元"))
        assert D("10.00") == card.budget.score

    def test_mixed_money_units(self) -> None:
        """A budget in 万元 and an executed amount in 元 are compared exactly."""
        card = evaluate([], budget=Money.parse("20万元"), executed=Money.parse("100000元"))
        assert (D("0.5"), D("5.00")) == (card.budget.rate, card.budget.score)

    def test_zero_budget_is_an_error(self) -> None:
        """A budget of 0 leaves the rate undefined: error finding, no score."""
        card = evaluate([], budget=Money.parse("0万元"), executed=Money.parse("0万元"))
        assert (card.budget.score, card.has_errors) == (None, True)

    def test_sichuan_uses_the_adjusted_budget_and_wants_a_reason(self) -> None:
        """Sichuan divides by the adjusted budget and needs a reason below 90%."""
        line = BudgetRow(
            budget=Money.parse("100万元"),
            adjusted=Money.parse("80万元"),
            executed=Money.parse("70万元"),
        )
        card = evaluate([], rules="sichuan2023", budget=line)
        assert (D("0.875"), D("8.75")) == (card.budget.rate, card.budget.score)
        assert "PT312" in codes(card)

    def test_missing_amounts_are_a_warning(self) -> None:
        """Without amounts the budget line is not scored and a warning says so (and an empty
        table, its weights adding to 10 of 100, is not graded: PT348)."""
        card = evaluate([])
        assert (card.budget.score, codes(card)) == (None, ["PT311", "PT348"])


class TestTotals:
    def test_total_is_the_sum_of_rounded_parts_and_graded(self) -> None:
        """Total = budget score + Σ rounded indicator scores; 优 at 90 and above."""
        items = [row("≥3人", "2人", "45"), row("≥3人", "3人", "45")]
        card = evaluate(items, budget=Money.parse("3万元"), executed=Money.parse("3万元"))
        assert (D("85.00"), "良") == (card.total, card.grade)

    def test_not_applicable_rows_are_dropped_and_rescaled(self) -> None:
        """N/A weight is dropped and the rest rescaled to 100."""
        items = [row("≥3人", "3人", "45"), row("≥3人", "3人", "45", not_applicable=True)]
        card = evaluate(items, budget=Money.parse("3万元"), executed=Money.parse("3万元"))
        assert (D("100.00"), Status.NOT_APPLICABLE) == (card.total, card.indicators[1].status)

    def test_not_applicable_rows_can_score_zero(self) -> None:
        """With not_applicable = zero the row scores 0 and nothing is rescaled."""
        from perftarget.rules import NotApplicable

        items = [row("≥3人", "3人", "45"), row("≥3人", "3人", "45", not_applicable=True)]
        card = evaluate(items, rules=rules(not_applicable=NotApplicable.ZERO))
        assert (D("45.00"), D("0")) == (card.total, card.indicators[1].score)

    def test_missing_weights_are_inferred_when_all_met(self) -> None:
        """Without weights, published scores become weights when every row is met."""
        card = evaluate([row("≥3人", "3人", None, published="30")])
        assert (D("30"), "PT350") == (card.indicators[0].weight, codes(card)[0])

    def test_float_free(self) -> None:
        """Every number on the scorecard is a Decimal."""
        card = evaluate([row("≥1100人次", "1093人次", "20")])
        item = card.indicators[0]
        assert all(type(x) is Decimal for x in (item.score, item.raw, item.ratio, card.total))


def test_qualitative_actual_model_accepts_achievement() -> None:
    """A hand-built qualitative Actual with an achievement level is scored by its band."""
    actual = Actual(kind=TargetKind.QUALITATIVE, achievement=Achievement.NOT_ACHIEVED)
    item = EvaluationRow(indicator=row("有效", None).indicator, actual=actual, reason="x")
    assert (D("6.00"), Status.NOT_MET) == (one(item).score, one(item).status)
