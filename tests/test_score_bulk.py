"""
Tests of what :func:`perftarget.evaluate` works out once rather than once a row:
outcomes shared by rows with the same cells, scores shared by rows with the
same outcome and weight, the rounding's derived values, the paused collector,
and the shared readings of equal actual cells.
"""

from __future__ import annotations

import gc
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perftarget import (
    Direction,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Scorecard,
    Severity,
    Status,
    evaluate,
    language,
    load_rules,
    parse_actual,
    parse_target,
)
from perftarget.core._findings import Finding
from perftarget.core._model import Comparator, Target, TargetKind
from perftarget.exceptions import Location, ModelError
from perftarget.rules import RoundingMode, RoundingRule, available_rules
from perftarget.score import IndicatorScore, row_outcome, score_row
from perftarget.score._bulk import (
    PAUSE_COLLECTOR_FROM,
    Rounding,
    collector_paused,
    new_finding,
    new_indicator_score,
)
from strategies import decimals

D = Decimal

#: The codes of the findings an outcome carries (scoring one row's cells).
OUTCOME_CODES = frozenset(
    {"PT301", "PT302", "PT303", "PT305", "PT306", "PT307", "PT309", "PT313", "PT347"}
)


def row(
    target: Target | str,
    actual: str | None,
    *,
    name: str,
    where: Location | None = None,
    level2: Level2 = Level2.QUANTITY,
    weight: str = "10",
    published: str | None = None,
    not_applicable: bool = False,
    checklist: bool = False,
    problem: str = "",
) -> EvaluationRow:
    """One counted row; equal target and actual texts give the same parsed objects."""
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=level2,
            name=name,
            target=parse_target(target) if isinstance(target, str) else target,
            weight=D(weight),
            problem=problem,
        ),
        actual=None if actual is None else parse_actual(actual),
        published_score=None if published is None else D(published),
        not_applicable=not_applicable,
        checklist=checklist,
        where=where or Location(),
    )


def shown(item: IndicatorScore) -> tuple[object, ...]:
    """Every number of a score as written, with its status, direction and trace."""
    numbers = (item.ratio, item.score, item.raw, item.weight)
    return (
        item.status,
        item.direction,
        item.trace,
        item.reason,
        *(None if n is None else str(n) for n in numbers),
    )


def outcome_findings(card: Scorecard) -> list[tuple[str, str, Location]]:
    """Code, message and place of the findings that rows' outcomes carry, in order."""
    return [(f.code, f.message, f.where) for f in card.findings if f.code in OUTCOME_CODES]


class TestSharedOutcomes:
    def test_rows_sharing_cells_get_findings_of_their_own(self) -> None:
        """Two rows with the same cells each get the finding naming them, at their own place."""
        first = row("≤30万元", "250000元", name="甲", where=Location(file="t.csv", row=5))
        second = row("≤30万元", "250000元", name="乙", where=Location(file="t.csv", row=9))
        assert first.indicator.target is second.indicator.target
        assert first.actual is second.actual
        with language("en"):
            card = evaluate([first, second])
        expected = [
            ("PT302", "甲", Location(file="t.csv", row=5)),
            ("PT302", "乙", Location(file="t.csv", row=9)),
        ]
        found = [(code, text.split(":")[0], at) for code, text, at in outcome_findings(card)]
        assert expected == found

    def test_rows_sharing_an_unscorable_reading_are_each_reported(self) -> None:
        """A missing actual is reported once for each row that lacks it, naming that row."""
        rows = [row("≥95%", None, name=f"指标{i}", where=Location(row=i)) for i in (3, 4)]
        card = evaluate(rows)
        expected = [("PT305", Location(row=3)), ("PT305", Location(row=4))]
        assert expected == [(code, where) for code, _, where in outcome_findings(card)]
        assert ["指标3", "指标4"] == [m.split(":")[0] for _, m, _ in outcome_findings(card)]

    def test_a_cost_level2_is_part_of_what_is_shared(self) -> None:
        """The same implicit target is a cap under a cost level 2 and an equality elsewhere."""
        cost = row("80万元", "70万元", name="成本", level2=Level2.COST)
        count = row("80万元", "70万元", name="数量", level2=Level2.QUANTITY)
        card = evaluate([cost, count])
        expected = [
            "10 (70 ≤ 80; read as a cap) = 10.00",
            "10 × 70/80 = 8.75",
        ]
        assert expected == [item.trace for item in card.indicators]

    def test_marks_and_published_scores_are_part_of_what_is_shared(self) -> None:
        """Rows with the same cells but another mark, problem or published score score apart."""
        rows = [
            row("≥95%", "96%", name="a"),
            row("≥95%", "96%", name="b", not_applicable=True),
            row("≥95%", "96%", name="c", checklist=True),
            row("≥95%", "96%", name="d", checklist=True, published="7"),
            row("≥95%", "96%", name="e", problem="damaged"),
        ]
        expected = ["met", "not applicable", "not scorable", "judged", "not scorable"]
        assert expected == [item.status.value for item in evaluate(rows).indicators]

    def test_weights_written_apart_are_traced_as_written(self) -> None:
        """Rows sharing an outcome at weights 5 and 5.0 keep each weight's spelling."""
        rows = [
            row("≥95%", "96%", name="a", weight="5"),
            row("≥95%", "96%", name="b", weight="5.0"),
            row("≥95%", "96%", name="c", weight="5"),
        ]
        card = evaluate(rows)
        expected = [
            ("5", "5 (96 ≥ 95) = 5.00"),
            ("5.0", "5.0 (96 ≥ 95) = 5.00"),
            ("5", "5 (96 ≥ 95) = 5.00"),
        ]
        assert expected == [(str(i.raw), i.trace) for i in card.indicators]

    def test_equal_targets_built_apart_keep_their_own_spelling(self) -> None:
        """Equal targets that are different objects are each traced as written (95.0, 95.00)."""
        targets = [
            Target(kind=TargetKind.PERCENT, comparator=Comparator.GE, value=D(value), unit="%")
            for value in ("95.0", "95.00")
        ]
        assert targets[0] == targets[1]
        rows = [row(t, "90%", name=f"指标{i}") for i, t in enumerate(targets)]
        expected = ["10 × 90/95.0 = 9.47", "10 × 90/95.00 = 9.47"]
        assert expected == [item.trace for item in evaluate(rows).indicators]

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["≥95%", "≤30万元", "80万元", "有效", "2023年6月底前", "≥0人"]),
                st.sampled_from(["96%", "250000元", "35万元", "有效", "2023年7月", "3人", None]),
                st.sampled_from([Level2.QUANTITY, Level2.COST]),
                st.sampled_from(["5", "5.0", "6.667", "0"]),
                st.sampled_from([None, "4", "5"]),
                st.booleans(),
                st.booleans(),
            ),
            min_size=1,
            max_size=12,
        ),
        st.sampled_from(sorted(available_rules())),
        st.sampled_from(["en", "zh"]),
    )
    def test_a_table_scores_as_its_rows_one_by_one(
        self,
        cells: list[tuple[str, str | None, Level2, str, str | None, bool, bool]],
        rules_id: str,
        lang: str,
    ) -> None:
        """Sharing never changes a row's score, trace or findings: the table scores as its rows."""
        rows = [
            row(
                target,
                actual,
                name=f"指标{i}",
                where=Location(row=i),
                level2=level2,
                weight=weight,
                published=published,
                not_applicable=not_applicable and i % 3 == 0,
                checklist=checklist and i % 4 == 0,
            )
            for i, (target, actual, level2, weight, published, not_applicable, checklist) in (
                enumerate(cells)
            )
        ]
        rules = load_rules(rules_id)
        with language(lang):
            card = evaluate(rows, rules=rules)
            outcomes = [row_outcome(r, rules, None) for r in rows]
            alone = [
                score_row(r, o, rules, r.indicator.weight)
                for r, o in zip(rows, outcomes, strict=True)
            ]
        assert [shown(item) for item in alone] == [shown(item) for item in card.indicators]
        expected = [(f.code, f.message, f.where) for o in outcomes for f in o.findings]
        assert expected == outcome_findings(card)


class TestRounding:
    @given(
        decimals(max_digits=30, min_exp=-40, max_exp=40),
        st.one_of(st.none(), decimals(max_digits=30, min_exp=-40, max_exp=40)),
        st.sampled_from(list(RoundingMode)),
        st.integers(min_value=-3, max_value=8),
    )
    def test_rounds_as_the_rule(
        self, value: Decimal, cap: Decimal | None, mode: RoundingMode, places: int
    ) -> None:
        """A value rounds, under a cap or none, to the rule's own result, digit for digit."""
        rule = RoundingRule(mode=mode, places=places)
        assert str(rule.apply(value, cap=cap)) == str(Rounding(rule).apply(value, cap=cap))

    @pytest.mark.parametrize("value", ["Infinity", "NaN", "1E+20000"])
    def test_refuses_what_the_rule_refuses(self, value: str) -> None:
        """A value the rule cannot round raises the rule's error."""
        with pytest.raises(ModelError):
            Rounding(RoundingRule()).apply(D(value))

    def test_modes_are_the_rules(self) -> None:
        """Half-up, half-even and down round 2.345 and 2.355 as the decimal module does."""
        expected = {
            RoundingMode.HALF_UP: ROUND_HALF_UP,
            RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
            RoundingMode.DOWN: ROUND_DOWN,
        }
        for mode, decimal_mode in expected.items():
            rounding = Rounding(RoundingRule(mode=mode))
            for value in (D("2.345"), D("2.355")):
                assert value.quantize(D("0.01"), decimal_mode) == rounding.apply(value)


class TestDirectConstructors:
    def test_a_finding_is_the_constructors(self) -> None:
        """A finding built directly equals, hashes and shows as the one the constructor builds."""
        where = Location(row=3)
        built = new_finding("PT339", Severity.WARNING, "指标: differs", where, "unexplained")
        expected = Finding(
            code="PT339",
            severity=Severity.WARNING,
            message="指标: differs",
            where=where,
            cause="unexplained",
        )
        assert (expected, hash(expected), repr(expected)) == (built, hash(built), repr(built))

    def test_a_score_is_the_constructors(self) -> None:
        """A score built directly equals and shows as the one the constructor builds."""
        item = row("≥95%", "96%", name="指标")
        expected = IndicatorScore(
            row=item,
            direction=Direction.HIGHER_IS_BETTER,
            ratio=D("1.01"),
            status=Status.MET,
            weight=D(5),
            score=D("5.00"),
            raw=D(5),
            trace="5 (96 ≥ 95) = 5.00",
            reason="",
            scored_target=item.indicator.target,
        )
        built = new_indicator_score(
            item,
            Direction.HIGHER_IS_BETTER,
            D("1.01"),
            Status.MET,
            D(5),
            D("5.00"),
            D(5),
            "5 (96 ≥ 95) = 5.00",
            "",
            item.indicator.target,
        )
        assert (expected, repr(expected)) == (built, repr(built))


class TestCollectorPaused:
    def test_pauses_for_many_rows_and_resumes(self) -> None:
        """A running collector is paused while many rows are scored and runs again after."""
        assert gc.isenabled()
        with collector_paused(PAUSE_COLLECTOR_FROM):
            assert not gc.isenabled()
        assert gc.isenabled()

    def test_resumes_after_an_error(self) -> None:
        """The collector runs again however the block ends."""
        with pytest.raises(ZeroDivisionError), collector_paused(PAUSE_COLLECTOR_FROM):
            1 / 0  # noqa: B018
        assert gc.isenabled()

    def test_leaves_few_rows_alone(self) -> None:
        """A table of few rows is scored with the collector as it was."""
        with collector_paused(PAUSE_COLLECTOR_FROM - 1):
            assert gc.isenabled()

    def test_leaves_a_paused_collector_paused(self) -> None:
        """A collector the caller paused stays paused after the block."""
        gc.disable()
        try:
            with collector_paused(PAUSE_COLLECTOR_FROM):
                assert not gc.isenabled()
            assert not gc.isenabled()
        finally:
            gc.enable()


class TestSharedActualReadings:
    def test_equal_cells_give_the_same_reading(self) -> None:
        """Two equal actual cells are read once: the same immutable value."""
        assert parse_actual("1093人次") is parse_actual("1093人次")

    def test_readings_are_kept_per_language(self) -> None:
        """A reading's warnings are in the language in force when it is read, cached or not."""
        with language("zh"):
            chinese = parse_actual("292%").warnings
        with language("en"):
            english = parse_actual("292%").warnings
        assert chinese[0].startswith("可疑的值")
        assert english[0].startswith("suspicious value")
