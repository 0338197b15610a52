"""
Tests of scoring what open-world reading hands over: unreadable rows, checklist
rows judged by the evaluator, the two tree families, unresolved categories,
cost caps read from the level 2, and deadlines with no year on either side.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from perftarget import (
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    RuleSet,
    RuleSetError,
    Scorecard,
    Severity,
    Status,
    available_rules,
    evaluate,
    load_rules,
    parse_actual,
    parse_target,
)
from perftarget.core._model import Direction, Target, TargetKind
from perftarget.report import ScorecardRenderer, scorecard_record
from strategies import common_years, yearless_actual_texts, yearless_deadline_texts

D = Decimal
SHIPPED = [load_rules(name) for name in available_rules()]


def row(
    target: str,
    actual: str | None,
    weight: str | None = "10",
    *,
    name: str = "指标",
    level1: Level1 = Level1.OUTPUT,
    level2: Level2 = Level2.QUANTITY,
    published: str | None = None,
    reason: str = "原因",
    level1_weight: str | None = None,
    level1_label: str = "",
    level2_label: str = "",
) -> EvaluationRow:
    """A row built from strings, with a deviation reason unless told otherwise."""
    return EvaluationRow(
        indicator=Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=parse_target(target),
            weight=None if weight is None else D(weight),
            level1_label=level1_label,
            level2_label=level2_label,
        ),
        actual=None if actual is None else parse_actual(actual),
        published_score=None if published is None else D(published),
        reason=reason,
        level1_weight=None if level1_weight is None else D(level1_weight),
    )


def unreadable(
    weight: str = "10", *, name: str = "不明指标", problem: str = "无法识别"
) -> EvaluationRow:
    """A row whose target the reader could not read: the text kept as a phrase."""
    text = "≥**%（待填）"
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name=name,
            target=Target(kind=TargetKind.QUALITATIVE, phrase=text, text=text),
            weight=D(weight),
            problem=problem,
        ),
        actual=parse_actual("95%"),
        reason="原因",
    )


def checklist(
    published: str | None,
    weight: str | None = "5",
    *,
    name: str = "立项依据充分性",
    level1: Level1 = Level1.DECISION,
    level2: Level2 = Level2.PROJECT_APPROVAL,
    level1_weight: str | None = None,
) -> EvaluationRow:
    """A checklist row of the evaluation framework: a dash for a target."""
    return EvaluationRow(
        indicator=Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=Target(kind=TargetKind.QUALITATIVE, phrase="-", text="-"),
            weight=None if weight is None else D(weight),
            criteria="立项依据充分得满分，每缺一项扣1分",
        ),
        published_score=None if published is None else D(published),
        checklist=True,
        level1_weight=None if level1_weight is None else D(level1_weight),
    )


def codes(card: Scorecard) -> list[str]:
    """The finding codes of a scorecard, in order."""
    return [f.code for f in card.findings]


def finding(card: Scorecard, code: str) -> Any:
    """The one finding with ``code``."""
    (found,) = [f for f in card.findings if f.code == code]
    return found


class TestUnreadableRows:
    def test_kept_not_scorable_with_an_error_naming_row_and_reason(self) -> None:
        """A row with a problem stays in the scorecard, unscored, with a PT309 error."""
        card = evaluate([row("≥95%", "96%"), unreadable(name="覆盖率", problem="占位符未填")])
        item = card.indicators[1]
        found = finding(card, "PT309")
        assert (Status.NOT_SCORABLE, None, Severity.ERROR) == (
            item.status,
            item.score,
            found.severity,
        )
        assert "覆盖率" in found.message
        assert "占位符未填" in found.message

    def test_the_message_follows_the_language(self) -> None:
        """The PT309 message is written in the language asked for."""
        card = evaluate([unreadable(name="覆盖率", problem="占位符未填")], lang="zh")
        assert "覆盖率：指标值无法读取（占位符未填），本行不计分" == finding(card, "PT309").message

    def test_the_target_is_not_scored_even_when_the_actual_is_readable(self) -> None:
        """The problem wins over a readable actual: no formula is applied to the kept text."""
        item = evaluate([unreadable()]).indicators[0]
        assert ("not scorable: 无法识别", None) == (item.trace, item.raw)

    def test_its_weight_still_counts_in_the_weight_sum(self) -> None:
        """Weights 50 + 30 + 10 with the output row unreadable still sum to the rule total."""
        card = evaluate(
            [
                unreadable("50"),
                row("≥90%", "95%", "30", level1=Level1.EFFECT, level2=Level2.SOCIAL),
                row("≥90%", "95%", "10", level1=Level1.SATISFACTION, level2=Level2.SATISFACTION),
            ]
        )
        assert ("PT338" in codes(card), "PT321" in codes(card)) == (False, False)

    def test_its_weight_is_not_rescaled_away(self) -> None:
        """Unlike a not-applicable row, an unreadable one leaves the total unrescaled."""
        card = evaluate([unreadable("50"), row("≥90%", "95%", "40", level1=Level1.EFFECT)])
        assert D("40.00") == card.total

    def test_the_total_is_reported_incomplete_not_compared(self) -> None:
        """PT344 says the total misses the row's weight; PT345 (total differs) is not raised."""
        card = evaluate(
            [unreadable("50"), row("≥90%", "95%", "40", level1=Level1.EFFECT)],
            published_total=D("85"),
        )
        found = finding(card, "PT344")
        assert ("PT345" in codes(card), found.severity, found.cause) == (
            False,
            Severity.WARNING,
            "total incomplete",
        )
        assert "50" in found.message
        assert "85" in found.message

    def test_no_incomplete_finding_without_problem_rows(self) -> None:
        """A table whose rows all read has no PT344, and PT345 still compares totals."""
        card = evaluate([row("≥90%", "95%", "40")], published_total=D("85"))
        assert ("PT344" in codes(card), "PT345" in codes(card)) == (False, True)


class TestChecklistRows:
    def test_score_is_the_published_score_rounded(self) -> None:
        """A judged row takes the evaluator's 3.455, rounded half-up to 3.46, status judged."""
        item = evaluate([checklist("3.455")], rules="mof2020_framework").indicators[0]
        assert (Status.JUDGED, D("3.46"), None) == (item.status, item.score, item.direction)

    def test_rounding_follows_the_rule_set(self) -> None:
        """Under a rule set rounding down, 3.459 judged becomes 3.45."""
        from perftarget.rules import RoundingMode, RoundingRule

        rules = evolve(
            load_rules("mof2020_framework"),
            rounding=RoundingRule(mode=RoundingMode.DOWN, places=2),
        )
        assert D("3.45") == evaluate([checklist("3.459")], rules=rules).indicators[0].score

    def test_never_recomputed_from_a_target(self) -> None:
        """A judged row with an actual that would score differently keeps the published score."""
        judged = evolve(checklist("2"), actual=parse_actual("100%"))
        assert D("2.00") == evaluate([judged], rules="mof2020_framework").indicators[0].score

    def test_a_score_above_the_weight_is_capped_with_a_finding(self) -> None:
        """Published 6 of a weight of 5 counts as 5, with a PT346 warning."""
        card = evaluate([checklist("6", "5")], rules="mof2020_framework")
        found = finding(card, "PT346")
        assert (D("5.00"), Severity.WARNING) == (card.indicators[0].score, found.severity)
        assert "立项依据充分性" in found.message

    def test_a_score_within_the_weight_has_no_finding(self) -> None:
        """Published 5 of 5 is no departure: no PT346."""
        card = evaluate([checklist("5", "5")], rules="mof2020_framework")
        assert "PT346" not in codes(card)

    def test_no_published_score_is_not_scorable(self) -> None:
        """A checklist row without a published score is not scorable, with a PT347 error."""
        card = evaluate([checklist(None)], rules="mof2020_framework")
        item = card.indicators[0]
        assert (Status.NOT_SCORABLE, None, Severity.ERROR) == (
            item.status,
            item.score,
            finding(card, "PT347").severity,
        )

    def test_no_published_score_makes_the_total_incomplete(self) -> None:
        """The missing judgement is reported on the total too (PT344)."""
        card = evaluate([checklist(None)], rules="mof2020_framework")
        assert "PT344" in codes(card)

    @pytest.mark.parametrize(
        ("lang", "trace"),
        [
            ("en", "4 (judged by the evaluator) = 4.00"),
            ("zh", "4 (评价人判定) = 4.00"),
        ],
    )
    def test_trace_says_judged_by_the_evaluator(self, lang: str, trace: str) -> None:
        """The trace names the evaluator's judgement in the language asked for."""
        card = evaluate([checklist("4")], rules="mof2020_framework", lang=lang)
        assert trace == card.indicators[0].trace

    @pytest.mark.parametrize("published", ["3", "5", "6"])
    def test_reconciliation_reports_no_departure(self, published: str) -> None:
        """A judged 3, 5 or 6 of 5 is never reconciled as a departure from the rule."""
        card = evaluate([checklist(published, "5")], rules="mof2020_framework")
        departures = ("PT331", "PT332", "PT333", "PT335", "PT339", "PT340", "PT341", "PT342")
        assert [] == [c for c in codes(card) if c in departures]

    def test_judged_rows_neither_block_nor_feed_weight_inference(self) -> None:
        """Weights are inferred for met rows beside a judged row, never for the judged row."""
        met = row("≥90%", "95%", None, published="8", level1=Level1.OUTPUT)
        card = evaluate([met, checklist("3", None)], rules="mof2020_framework")
        assert (D("8"), None) == (card.indicators[0].weight, card.indicators[1].weight)
        assert "PT350" in codes(card)

    def test_no_deviation_reason_is_asked_of_a_judged_row(self) -> None:
        """A judged 1 of 5 is the evaluator's verdict, not a shortfall needing a reason."""
        card = evaluate([checklist("1", "5")], rules="mof2020_framework")
        assert "PT304" not in codes(card)

    @given(
        published=st.integers(min_value=-2000, max_value=20000).map(lambda n: D(n).scaleb(-3)),
        weight=st.integers(min_value=0, max_value=5000).map(lambda n: D(n).scaleb(-2)),
        rules=st.sampled_from(SHIPPED),
    )
    def test_score_lies_between_zero_and_the_weight(
        self, published: Decimal, weight: Decimal, rules: RuleSet
    ) -> None:
        """For weights of at most two decimals, a judged score is in [0, weight] after rounding."""
        item = evaluate([checklist(str(published), str(weight))], rules=rules).indicators[0]
        assert item.score is not None
        assert D(0) <= item.score <= weight


class TestFamilies:
    def test_framework_rule_set_ships(self) -> None:
        """mof2020_framework is listed, scores the framework family and has no budget line."""
        rules = load_rules("mof2020_framework")
        assert ("mof2020_framework" in available_rules(), rules.family, rules.budget.weight) == (
            True,
            "framework",
            D(0),
        )

    def test_framework_weights_cover_the_four_levels(self) -> None:
        """决策 / 过程 / 产出 / 效益 weigh 100 together; its source marks [M] values."""
        rules = load_rules("mof2020_framework")
        assert (["decision", "effect", "output", "process"], D(100)) == (
            sorted(rules.level1_weights),
            sum(rules.level1_weights.values(), start=D(0)),
        )
        assert "[M]" in rules.source

    @pytest.mark.parametrize("name", ["mof2020_selfeval", "sichuan2023", "hubei2020"])
    def test_common_rule_sets_score_the_common_family_with_cost_caps(self, name: str) -> None:
        """Every other shipped set scores the common family, cost_cap on."""
        rules = load_rules(name)
        assert ("common", True) == (rules.family, rules.cost_cap)

    def test_an_unknown_family_is_refused(self) -> None:
        """family must be common or framework."""
        with pytest.raises(RuleSetError, match="family"):
            RuleSet.from_toml('id = "x"\nfamily = "regional"\n')

    def test_decision_and_process_are_weight_keys(self) -> None:
        """level1_weights accepts decision and process (Level1.en)."""
        text = (
            'id = "x"\nfamily = "framework"\nindicator_total = 100\n[budget]\nweight = 0\n'
            "[level1_weights]\ndecision = 25\nprocess = 25\noutput = 25\neffect = 25\n"
        )
        assert D(25) == RuleSet.from_toml(text).level1_weights["decision"]

    def test_other_is_no_weight_key(self) -> None:
        """level1_weights refuses 'other': no rule set can weigh an unknown label."""
        with pytest.raises(RuleSetError, match=r"level1_weights\.other"):
            RuleSet.from_toml('id = "x"\n[level1_weights]\nother = 10\n')

    def framework_table(self) -> list[EvaluationRow]:
        """A framework table: 决策 and 过程 checklist rows, 产出 and 效益 numeric rows."""
        return [
            checklist("4", "5", level1_weight="15"),
            checklist(
                "10",
                "10",
                name="绩效目标合理性",
                level2=Level2.PERFORMANCE_GOALS,
                level1_weight="15",
            ),
            checklist(
                "18",
                "20",
                name="资金到位率",
                level1=Level1.PROCESS,
                level2=Level2.FUND_MANAGEMENT,
                level1_weight="20",
            ),
            row("≥100个", "96个", "35", level1_weight="35"),
            row(
                "≥90%",
                "95%",
                "30",
                level1=Level1.EFFECT,
                level2=Level2.PROJECT_EFFECT,
                level1_weight="30",
            ),
        ]

    def test_a_framework_table_scores_under_the_framework(self) -> None:
        """Judged 4 + 10 + 18, 35 × 96/100 = 33.60 and 30: total 95.60, no family finding."""
        card = evaluate(self.framework_table(), rules="mof2020_framework")
        assert D("95.60") == card.total
        assert [] == [c for c in codes(card) if c in ("PT320", "PT311", "PT321", "PT338")]

    def test_weights_read_from_labels_are_checked_against_their_rows(self) -> None:
        """决策(20分) over rows weighing 15 is PT322, but not PT321 against the usual 20."""
        rows = self.framework_table()
        rows[0] = evolve(rows[0], level1_weight=D(20))
        rows[1] = evolve(rows[1], level1_weight=D(20))
        card = evaluate(rows, rules="mof2020_framework")
        assert ["PT322"] == [c for c in codes(card) if c in ("PT321", "PT322")]

    def test_without_labels_the_usual_weights_apply(self) -> None:
        """With no weight in the labels, 决策 15 differs from the framework's 20: PT321."""
        rows = [evolve(r, level1_weight=None) for r in self.framework_table()]
        card = evaluate(rows, rules="mof2020_framework", lang="zh")
        assert any(f.code == "PT321" and "决策指标" in f.message for f in card.findings)

    def test_a_framework_table_under_a_common_rule_set_is_a_finding(self) -> None:
        """The common default scores a framework table without crashing, with PT320."""
        card = evaluate(self.framework_table(), rules="mof2020_selfeval")
        found = finding(card, "PT320")
        assert (Severity.WARNING, True) == (found.severity, "mof2020_framework" in found.message)

    def test_a_common_table_under_the_framework_is_a_finding(self) -> None:
        """A 产出 / 效益 / 满意度 table under mof2020_framework gives PT320."""
        card = evaluate(
            [row("≥90%", "95%", "50"), row("≥90%", "95%", "10", level1=Level1.SATISFACTION)],
            rules="mof2020_framework",
        )
        assert "PT320" in codes(card)

    def test_a_common_table_under_a_common_rule_set_has_no_family_finding(self) -> None:
        """No PT320 where table and rule set agree."""
        assert "PT320" not in codes(evaluate([row("≥90%", "95%", "50")]))

    def test_the_framework_asks_for_no_budget_amounts(self) -> None:
        """No budget line in the framework: no PT311 when no amounts are given."""
        card = evaluate(self.framework_table(), rules="mof2020_framework")
        assert (None, "PT311" in codes(card)) == (card.budget.score, False)


class TestOtherCategories:
    def test_a_level2_other_row_is_scored_under_its_level1_weight(self) -> None:
        """产出 rows 40 + an unknown 二级 row 10 make the 50 the rule set asks: no PT321."""
        rows = [
            row("≥90%", "95%", "40"),
            row("≥8人", "8人", "10", level2=Level2.OTHER, level2_label="受益群众指标"),
            row("≥90%", "95%", "30", level1=Level1.EFFECT, level2=Level2.SOCIAL),
            row("≥90%", "95%", "10", level1=Level1.SATISFACTION, level2=Level2.SATISFACTION),
        ]
        card = evaluate(rows)
        assert (D("90.00"), "PT321" in codes(card)) == (card.total, False)

    def test_a_level1_other_row_is_scored_without_a_level1_weight_check(self) -> None:
        """A row under an unknown 一级 label earns its score and no PT321 for that label."""
        other = row(
            "≥8人",
            "8人",
            "10",
            level1=Level1.OTHER,
            level2=Level2.OTHER,
            level1_label="项目管理指标",
        )
        card = evaluate([row("≥90%", "95%", "50"), other])
        assert D("60.00") == card.total
        assert [] == [f for f in card.findings if f.code == "PT321" and "项目管理指标" in f.message]

    def test_findings_name_the_written_label(self) -> None:
        """PT322 on an unknown 一级 names 项目管理指标(20分), not 其他指标."""
        other = row(
            "≥8人",
            "8人",
            "10",
            level1=Level1.OTHER,
            level2=Level2.OTHER,
            level1_label="项目管理指标",
            level1_weight="20",
        )
        message = finding(evaluate([other]), "PT322").message
        assert ("项目管理指标" in message, "其他指标" in message) == (True, False)

    def test_two_unknown_labels_are_two_groups(self) -> None:
        """Two different unknown 一级 labels are summed and checked apart."""
        first = row(
            "≥8人",
            "8人",
            "10",
            level1=Level1.OTHER,
            level2=Level2.OTHER,
            level1_label="甲类指标",
            level1_weight="10",
        )
        second = evolve(
            first, indicator=evolve(first.indicator, name="乙", level1_label="乙类指标")
        )
        assert "PT322" not in codes(evaluate([first, second]))


class TestCostCap:
    def cost(self, target: str, actual: str, level2: Level2 = Level2.COST) -> EvaluationRow:
        """A cost row under ``level2``."""
        return row(target, actual, "10", level2=level2, reason="")

    def test_spending_less_than_an_implicit_target_earns_full_marks(self) -> None:
        """76 of 80万元 under 成本指标 is met: full marks, lower-is-better, no reason needed."""
        card = evaluate([self.cost("80万元", "76万元")])
        item = card.indicators[0]
        assert (D("10.00"), Status.MET, Direction.LOWER_IS_BETTER) == (
            item.score,
            item.status,
            item.direction,
        )
        assert "PT304" not in codes(card)

    @pytest.mark.parametrize(
        "level2", [Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECO_COST]
    )
    def test_spending_more_is_scored_lower_is_better(self, level2: Level2) -> None:
        """90 against 80万元 scores 10 × 80/90 = 8.89 under every cost level 2."""
        item = evaluate([self.cost("80万元", "90万元", level2)]).indicators[0]
        assert (D("8.89"), Status.PARTLY_MET) == (item.score, item.status)

    def test_the_linear_formula_applies_where_the_rule_set_says(self) -> None:
        """Under guangxi_pmkpi (R2) 90 of 80 scores 10 × (2 − 90/80) = 8.75."""
        item = evaluate([self.cost("80万元", "90万元")], rules="guangxi_pmkpi").indicators[0]
        assert D("8.75") == item.score

    def test_overspending_is_a_shortfall_not_an_over_completion(self) -> None:
        """Guangxi asks a reason at 130%: for a cap, 120 of 80 is a shortfall (PT304 once)."""
        card = evaluate([self.cost("80万元", "120万元")], rules="guangxi_pmkpi")
        assert [("PT304", True)] == [
            (f.code, "not fully met" in f.message) for f in card.findings if f.code == "PT304"
        ]

    @pytest.mark.parametrize(
        ("lang", "words"), [("en", "read as a cap"), ("zh", "成本指标按上限计")]
    )
    def test_trace_says_read_as_a_cap(self, lang: str, words: str) -> None:
        """The trace says the target was read as a cap, in the language asked for."""
        trace = evaluate([self.cost("80万元", "90万元")], lang=lang).indicators[0].trace
        assert words in trace

    def test_switched_off_the_old_reading_returns(self) -> None:
        """With cost_cap = false, 76 of 80 reads as '= at least': 10 × 76/80 = 9.50."""
        rules = evolve(load_rules(), cost_cap=False)
        item = evaluate([self.cost("80万元", "76万元")], rules=rules).indicators[0]
        assert (D("9.50"), Direction.EQUAL) == (item.score, item.direction)

    def test_a_written_equals_sign_is_not_a_cap(self) -> None:
        """=80万元 says equal in so many words: 76 scores 9.50."""
        assert D("9.50") == evaluate([self.cost("=80万元", "76万元")]).indicators[0].score

    def test_a_stated_direction_wins(self) -> None:
        """A table that states 正向 for an implicit cost target is not read as a cap."""
        cost = self.cost("80万元", "76万元")
        target = evolve(cost.indicator.target, direction_override=Direction.HIGHER_IS_BETTER)
        cost = evolve(cost, indicator=evolve(cost.indicator, target=target))
        assert D("9.50") == evaluate([cost]).indicators[0].score

    def test_other_level2_are_not_caps(self) -> None:
        """80万元 under 数量指标 stays '= at least'."""
        item = evaluate([self.cost("80万元", "76万元", Level2.QUANTITY)]).indicators[0]
        assert D("9.50") == item.score

    @given(
        target=st.integers(min_value=1, max_value=10**6),
        actuals=st.lists(st.integers(min_value=0, max_value=3 * 10**6), min_size=2, max_size=2),
        rules=st.sampled_from(SHIPPED),
    )
    def test_score_never_rises_with_spending(
        self, target: int, actuals: list[int], rules: RuleSet
    ) -> None:
        """An implicit cost cap's score is monotone non-increasing in the actual."""
        low, high = sorted(actuals)
        scores = [
            evaluate([self.cost(f"{target}元", f"{a}元")], rules=rules).indicators[0].score
            for a in (low, high)
        ]
        assert scores[0] is not None
        assert scores[1] is not None
        assert scores[0] >= scores[1]


class TestYearlessDeadlines:
    def test_both_sides_without_a_year_compare_within_one_year(self) -> None:
        """10月底前 done in 8月, no year anywhere: met, not PT305."""
        card = evaluate([row("10月底前", "8月", level2=Level2.TIMELINESS)])
        assert (Status.MET, D("10.00"), "PT305" in codes(card)) == (
            card.indicators[0].status,
            card.indicators[0].score,
            False,
        )

    def test_february_ends_as_in_a_common_year(self) -> None:
        """2月28日前 done in 2月 (no year): February ends on the 28th, so it is met;
        2月29日 still reads, compared in a leap year."""
        card = evaluate(
            [
                row("2月28日前", "2月", level2=Level2.TIMELINESS),
                row("2月29日前", "2月", level2=Level2.TIMELINESS),
            ]
        )
        assert [Status.MET, Status.MET] == [item.status for item in card.indicators]

    def test_a_later_month_is_not_met(self) -> None:
        """10月底前 done in 11月 is not met and scores 0."""
        item = evaluate([row("10月底前", "11月", level2=Level2.TIMELINESS)]).indicators[0]
        assert (Status.NOT_MET, D("0.00")) == (item.status, item.score)

    @pytest.mark.parametrize(
        ("lang", "words"), [("en", "compared within one year"), ("zh", "同一年内比较")]
    )
    def test_trace_shows_month_and_day_only(self, lang: str, words: str) -> None:
        """The trace writes year-less dates as --MM-DD and says how they were compared."""
        trace = (
            evaluate([row("10月底前", "8月15日", level2=Level2.TIMELINESS)], lang=lang)
            .indicators[0]
            .trace
        )
        assert trace.startswith("10 (done --08-15 ≤ due --10-31")
        assert words in trace

    def test_a_year_on_one_side_is_still_used(self) -> None:
        """2020年10月底前 against 2021年1月: the actual's year makes it late."""
        item = evaluate([row("2020年10月底前", "2021年1月", level2=Level2.TIMELINESS)]).indicators[
            0
        ]
        assert Status.NOT_MET == item.status

    def test_a_year_on_the_actual_dates_the_target(self) -> None:
        """12月底前 against 2021年1月: the target falls in 2021 too, so it is met."""
        item = evaluate([row("12月底前", "2021年1月", level2=Level2.TIMELINESS)]).indicators[0]
        assert Status.MET == item.status

    def test_february_29_is_a_date_without_a_year(self) -> None:
        """2月底前 done on 2月29日 is met: no year means no year to make the 29th impossible."""
        item = evaluate([row("2月底前", "2月29日", level2=Level2.TIMELINESS)]).indicators[0]
        assert Status.MET == item.status

    @given(target=yearless_deadline_texts(), actual=yearless_actual_texts(), year=common_years)
    def test_equals_comparison_in_any_common_year(
        self, target: str, actual: str, year: int
    ) -> None:
        """With no year anywhere, the outcome is that of the same dates in any non-leap year."""
        item = row(target, actual, level2=Level2.TIMELINESS)
        yearless = evaluate([item]).indicators[0]
        dated = evaluate([item], year=year).indicators[0]
        assert (dated.status, dated.score) == (yearless.status, yearless.score)


class TestReports:
    def test_judged_status_in_both_languages(self) -> None:
        """The scorecard table shows a judged row as 评价判定 / judged."""
        card = evaluate([checklist("4")], rules="mof2020_framework")
        zh, en = (ScorecardRenderer(fmt="markdown", lang=lang)(card) for lang in ("zh", "en"))
        assert ("| 评价判定 " in zh, "| judged " in en) == (True, True)

    def test_written_labels_for_other_categories(self) -> None:
        """Records and tables show the label as written for OTHER categories, in both languages."""
        other = row(
            "≥8人",
            "8人",
            "10",
            level1=Level1.OTHER,
            level2=Level2.OTHER,
            level1_label="项目管理指标",
            level2_label="受益群众指标",
        )
        card = evaluate([other])
        record = scorecard_record(card, lang="en")["indicators"][0]  # type: ignore[index]
        assert ("项目管理指标", "受益群众指标") == (record["level1"], record["level2"])
        text = ScorecardRenderer(lang="zh")(card)
        assert ("受益群众指标" in text, "其他指标" in text) == (True, False)
