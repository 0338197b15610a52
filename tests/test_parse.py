"""
Example-based tests of ``parse_target``, ``parse_actual`` and the formatters.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from perftarget import (
    Achievement,
    Comparator,
    Deadline,
    Direction,
    Level2,
    QualitativeLevel,
    Target,
    TargetKind,
    TargetParseError,
    format_actual,
    format_target,
    parse_actual,
    parse_target,
)

D = Decimal


def _summary(target: Target) -> tuple[object, ...]:
    return (target.kind, target.comparator, target.value, target.upper, target.unit)


class TestComparators:
    @pytest.mark.parametrize(
        ("text", "comparator"),
        [
            ("≥95%", Comparator.GE),
            (">=95%", Comparator.GE),
            ("≧95%", Comparator.GE),
            ("不低于95%", Comparator.GE),
            ("不少于95%", Comparator.GE),
            ("至少95%", Comparator.GE),
            ("95%以上", Comparator.GE),
            ("95%及以上", Comparator.GE),
            ("≤95%", Comparator.LE),
            ("<=95%", Comparator.LE),
            ("≦95%", Comparator.LE),
            ("不超过95%", Comparator.LE),
            ("不高于95%", Comparator.LE),
            ("95%以内", Comparator.LE),
            ("95%以下", Comparator.LE),
            ("=95%", Comparator.EQ),
            ("﹦95%", Comparator.EQ),
            ("═95%", Comparator.EQ),
            (">95%", Comparator.GT),
            ("高于95%", Comparator.GT),
            ("<95%", Comparator.LT),
            ("低于95%", Comparator.LT),
        ],
    )
    def test_symbol_and_word_forms(self, text: str, comparator: Comparator) -> None:
        """Each symbol, look-alike and word form maps to its comparator, keeping the number."""
        expected = (TargetKind.PERCENT, comparator, D(95), None, "%")
        assert expected == _summary(parse_target(text))

    def test_look_alike_greater_equal_with_area(self) -> None:
        """``≧20000亩`` reads as at least 20000 mu."""
        expected = (TargetKind.QUANTITY, Comparator.GE, D(20000), None, "亩")
        assert expected == _summary(parse_target("≧20000亩"))

    def test_small_form_equals(self) -> None:
        """``﹦100%`` (U+FE66) is an explicit equals."""
        target = parse_target("﹦100%")
        assert (target.comparator, target.implicit) == (Comparator.EQ, False)

    def test_word_form_with_measure_word_and_space(self) -> None:
        """``不少于12 种`` is at least 12 kinds; the space is ignored."""
        expected = (TargetKind.QUANTITY, Comparator.GE, D(12), None, "种")
        assert expected == _summary(parse_target("不少于12 种"))

    def test_bare_number_is_implicit_equals(self) -> None:
        """``8人`` has no comparator written: it reads as ``=`` with implicit set."""
        target = parse_target("8人")
        assert (Comparator.EQ, True, D(8), "人") == (
            target.comparator,
            target.implicit,
            target.value,
            target.unit,
        )

    def test_written_equals_is_not_implicit(self) -> None:
        """``=8人`` is an explicit equals and formats with its symbol."""
        target = parse_target("=8人")
        assert (
            target.comparator,
            target.implicit,
            format_target(target),
        ) == (Comparator.EQ, False, "=8人")

    def test_reach_with_above_is_at_least(self) -> None:
        """``达到95%以上`` is at least 95%."""
        assert parse_target("达到95%以上").comparator == Comparator.GE

    def test_money_cap(self) -> None:
        """``≤90万元`` is a money cap in 万元."""
        expected = (TargetKind.MONEY, Comparator.LE, D(90), None, "万元")
        assert expected == _summary(parse_target("≤90万元"))

    def test_bare_wan_is_wan_yuan(self) -> None:
        """``250万`` is 250 万元, a money target."""
        expected = (TargetKind.MONEY, Comparator.EQ, D(250), None, "万元")
        assert expected == _summary(parse_target("250万"))

    def test_approximate_reads_as_equals_with_warning(self) -> None:
        """``约100人`` reads as ``=100人`` and says the value was approximate."""
        target = parse_target("约100人")
        assert target.comparator == Comparator.EQ
        assert any("approximate" in w for w in target.warnings)


class TestPercent:
    @pytest.mark.parametrize(
        "text", ["≥95%", "≥95百分比", "≥95百分之比", "≥95％", ">= 95 %(百分比)", "≥百分之95"]
    )
    def test_percent_spellings(self, text: str) -> None:
        """Every spelling of percent gives unit ``%`` and kind percent."""
        expected = (TargetKind.PERCENT, Comparator.GE, D(95), None, "%")
        assert expected == _summary(parse_target(text))

    def test_percent_point_is_percent_kind(self) -> None:
        """``≥0.5个百分点`` is a percent-kind target in percentage points."""
        expected = (TargetKind.PERCENT, Comparator.GE, D("0.5"), None, "个百分点")
        assert expected == _summary(parse_target("≥0.5个百分点"))

    def test_trailing_zeros_are_kept_but_compare_equal(self) -> None:
        """``98.70%`` has value 98.7 (Decimal equality ignores trailing zeros)."""
        assert D("98.7") == parse_target("98.70%").value

    def test_percent_followed_by_verb(self) -> None:
        """``100%覆盖`` is 100 percent; the verb is dropped."""
        expected = (TargetKind.PERCENT, Comparator.EQ, D(100), None, "%")
        assert expected == _summary(parse_target("100%覆盖"))


class TestRanges:
    def test_hyphen_range(self) -> None:
        """``3-5天`` is the range 3 to 5 days."""
        expected = (TargetKind.QUANTITY, Comparator.RANGE, D(3), D(5), "天")
        assert expected == _summary(parse_target("3-5天"))

    def test_tilde_range_formats_canonically(self) -> None:
        """A range is written back with ``~``."""
        assert format_target(parse_target("3－5 天")) == "3~5天"

    def test_plus_minus_tolerance(self) -> None:
        """``±3%以内`` is the range −3 to 3 percent."""
        expected = (TargetKind.PERCENT, Comparator.RANGE, D(-3), D(3), "%")
        assert expected == _summary(parse_target("±3%以内"))

    def test_reversed_range_is_refused(self) -> None:
        """``5-3天`` raises, pointing at the upper bound."""
        with pytest.raises(TargetParseError) as info:
            parse_target("5-3天")
        assert info.value.position == 2

    def test_range_direction_is_within(self) -> None:
        """A range is better when inside it."""
        assert parse_target("3-5天").direction == Direction.WITHIN_RANGE


class TestRates:
    def test_per_month_with_slash(self) -> None:
        """``≥1次/月`` is a rate in 次/月."""
        expected = (TargetKind.RATE, Comparator.GE, D(1), None, "次/月")
        assert expected == _summary(parse_target("≥1次/月"))

    def test_per_month_with_prefix_word(self) -> None:
        """``每月≥1次`` reads the same as ``≥1次/月``."""
        assert parse_target("≥1次/月") == parse_target("每月≥1次")

    def test_compound_money_rate_is_canonical(self) -> None:
        """``1130元/月/人`` is money in 元/人·月."""
        expected = (TargetKind.MONEY, Comparator.EQ, D(1130), None, "元/人·月")
        assert expected == _summary(parse_target("1130元/月/人"))


class TestDeadlines:
    def test_full_date_before(self) -> None:
        """``2020年12月31日前`` is on or before 2020-12-31."""
        target = parse_target("2020年12月31日前")
        assert (TargetKind.DEADLINE, Comparator.LE, Deadline(year=2020, month=12, day=31)) == (
            target.kind,
            target.comparator,
            target.date,
        )

    def test_year_end(self) -> None:
        """``年底前`` is by the end of December of the budget year."""
        target = parse_target("年底前")
        assert (Comparator.LE, Deadline(month=12)) == (target.comparator, target.date)

    def test_month_end(self) -> None:
        """``12月底前`` is by the end of December, year unknown."""
        target = parse_target("12月底前")
        assert (Comparator.LE, Deadline(month=12)) == (target.comparator, target.date)

    def test_year_end_and_month_end_are_equal(self) -> None:
        """``年底前`` and ``12月底前`` are the same target."""
        assert parse_target("年底前") == parse_target("12月底前")

    def test_dotted_period(self) -> None:
        """``2023.07-2024.01`` is the period July 2023 to January 2024."""
        target = parse_target("2023.07-2024.01")
        assert (
            TargetKind.DEADLINE,
            Comparator.RANGE,
            Deadline(year=2023, month=7),
            Deadline(year=2024, month=1),
        ) == (target.kind, target.comparator, target.date, target.date_upper)

    def test_period_ending_before_it_starts_is_refused(self) -> None:
        """A period whose end precedes its start raises."""
        with pytest.raises(TargetParseError):
            parse_target("2023.07-2022.01")

    def test_impossible_date_is_refused(self) -> None:
        """``2月30日前`` is no date and raises."""
        with pytest.raises(TargetParseError):
            parse_target("2月30日前")

    def test_date_without_before_is_implicit_equals(self) -> None:
        """``2021年12月31日`` is a completion date with no comparator written."""
        target = parse_target("2021年12月31日")
        assert (target.comparator, target.implicit) == (Comparator.EQ, True)

    def test_excel_serial_under_timeliness_is_a_date(self) -> None:
        """``44561`` under 时效指标 is the Excel date 2021-12-31, with a warning."""
        target = parse_target("44561", level2=Level2.TIMELINESS)
        assert (TargetKind.DEADLINE, Deadline(year=2021, month=12, day=31)) == (
            target.kind,
            target.date,
        )
        assert any("Excel serial" in w for w in target.warnings)

    def test_excel_serial_elsewhere_is_a_number_with_warning(self) -> None:
        """``44561`` without a level 2 stays a number but is flagged."""
        target = parse_target("44561")
        assert (TargetKind.QUANTITY, D(44561)) == (target.kind, target.value)
        assert any("Excel serial" in w for w in target.warnings)

    def test_duration_in_months_is_not_a_date(self) -> None:
        """``≥12月`` is a duration of at least 12 months, not December."""
        expected = (TargetKind.QUANTITY, Comparator.GE, D(12), None, "月")
        assert expected == _summary(parse_target("≥12月"))


class TestQualitative:
    def test_rule_phrase(self) -> None:
        """``按人社部门审批标准执行`` is a qualitative target with no level."""
        target = parse_target("按人社部门审批标准执行")
        assert (
            target.kind,
            target.comparator,
            target.level,
            target.phrase,
        ) == (TargetKind.QUALITATIVE, None, None, "按人社部门审批标准执行")

    @pytest.mark.parametrize(
        ("text", "level"),
        [
            ("效果明显", QualitativeLevel.GOOD),
            ("优良", QualitativeLevel.GOOD),
            ("效果显著", QualitativeLevel.EXCELLENT),
            ("合格", QualitativeLevel.PASS),
            ("差", QualitativeLevel.POOR),
            ("效果不明显", QualitativeLevel.POOR),
        ],
    )
    def test_graded_phrases(self, text: str, level: QualitativeLevel) -> None:
        """A graded phrase names its level; a negated grade is poor."""
        assert level == parse_target(text).level

    def test_achievement_phrase_as_target(self) -> None:
        """``达成预期指标`` read as a target is qualitative."""
        assert parse_target("达成预期指标").kind == TargetKind.QUALITATIVE

    def test_budget_cap_phrase(self) -> None:
        """``不超预算`` is a money cap without a number."""
        target = parse_target("不超预算")
        assert (
            target.kind,
            target.comparator,
            target.value,
        ) == (TargetKind.MONEY, Comparator.LE, None)

    def test_timeliness_phrase(self) -> None:
        """``在项目计划完成时间内完成`` is a deadline phrase."""
        assert parse_target("在项目计划完成时间内完成").kind == TargetKind.DEADLINE

    def test_qualitative_has_no_direction(self) -> None:
        """A qualitative target infers no direction."""
        assert parse_target("效果明显").direction is None


class TestNormalisation:
    def test_full_width_digits(self) -> None:
        """Full-width digits and percent read like half-width ones."""
        assert parse_target("≥95%") == parse_target("≥９５％")

    def test_stray_spaces(self) -> None:
        """Spaces anywhere, including ideographic spaces, are ignored."""
        assert parse_target("≥95%") == parse_target(" ≥ 9 5\u3000% ")

    def test_text_is_kept_but_not_compared(self) -> None:
        """The original text is kept on the target and plays no part in equality."""
        target = parse_target(" ≥ 95 % ")
        assert target.text == " ≥ 95 % "
        assert parse_target("≥95%") == target

    def test_thousands_separator(self) -> None:
        """``1,200人`` is 1200 people."""
        assert D(1200) == parse_target("1,200人").value


class TestDirection:
    @pytest.mark.parametrize(
        ("text", "direction"),
        [
            ("≥95%", Direction.HIGHER_IS_BETTER),
            (">95%", Direction.HIGHER_IS_BETTER),
            ("≤30万元", Direction.LOWER_IS_BETTER),
            ("<5%", Direction.LOWER_IS_BETTER),
            ("=100%", Direction.EQUAL),
            ("8人", Direction.EQUAL),
            ("3-5天", Direction.WITHIN_RANGE),
        ],
    )
    def test_inferred_from_comparator(self, text: str, direction: Direction) -> None:
        """Direction follows the comparator."""
        assert direction == parse_target(text).direction

    def test_override_wins(self) -> None:
        """A stated direction overrides the one the comparator implies."""
        target = attrs.evolve(parse_target("=30万元"), direction_override=Direction.LOWER_IS_BETTER)
        assert target.direction == Direction.LOWER_IS_BETTER

    def test_override_takes_part_in_equality(self) -> None:
        """Two targets differing only in their override are not equal."""
        target = parse_target("=30万元")
        assert target != attrs.evolve(target, direction_override=Direction.LOWER_IS_BETTER)


class TestActuals:
    def test_copied_comparator(self) -> None:
        """``≥266米`` as an actual reads 266 metres and records the copied comparator."""
        actual = parse_actual("≥266米")
        assert (D(266), "米", Comparator.GE) == (
            actual.value,
            actual.unit,
            actual.copied_comparator,
        )
        assert actual.warnings != ()

    def test_plain_actual_has_no_copied_comparator(self) -> None:
        """``1093人`` as an actual has no comparator and no warning."""
        actual = parse_actual("１０９３ 人")
        assert (D(1093), "人", None, ()) == (
            actual.value,
            actual.unit,
            actual.copied_comparator,
            actual.warnings,
        )

    @pytest.mark.parametrize(
        ("text", "achievement"),
        [
            ("达成预期指标", Achievement.ACHIEVED),
            ("达成年度指标", Achievement.ACHIEVED),
            ("已完成", Achievement.ACHIEVED),
            ("基本达到", Achievement.PARTLY),
            ("部分达成年度指标并具有一定效果", Achievement.PARTLY),
            ("未完成", Achievement.NOT_ACHIEVED),
            ("未达成年度指标且效果较差", Achievement.NOT_ACHIEVED),
        ],
    )
    def test_achievement_phrases(self, text: str, achievement: Achievement) -> None:
        """Achievement phrases become one of the three achievement levels."""
        actual = parse_actual(text)
        assert (TargetKind.QUALITATIVE, achievement) == (actual.kind, actual.achievement)

    def test_range_actual_is_refused(self) -> None:
        """An actual cannot be a range."""
        with pytest.raises(TargetParseError):
            parse_actual("3-5天")

    def test_period_actual_is_refused(self) -> None:
        """An actual cannot be a period."""
        with pytest.raises(TargetParseError):
            parse_actual("2023.07-2024.01")

    def test_completion_date(self) -> None:
        """A date actual keeps the date."""
        actual = parse_actual("2021年12月31日前")
        assert (TargetKind.DEADLINE, Deadline(year=2021, month=12, day=31)) == (
            actual.kind,
            actual.date,
        )

    def test_format_round_trip(self) -> None:
        """``format_actual`` writes a copied comparator back."""
        assert format_actual(parse_actual("≧ 266 米")) == "≥266米"


class TestFormatting:
    @pytest.mark.parametrize(
        ("text", "canonical"),
        [
            ("不低于 ９０ 百分比", "≥90%"),
            ("≥95百分之比", "≥95%"),
            ("250万", "250万元"),
            ("3-5天", "3~5天"),
            ("±3%以内", "±3%"),
            ("每月≥1次", "≥1次/月"),
            ("年底前", "12月底前"),
            ("2020年12月31日前", "2020年12月31日前"),
            ("2023.07-2024.01", "2023年7月~2024年1月"),
            ("8人", "8人"),
            ("效果明显", "效果明显"),
            ("0以上以上", "0以上以上"),  # a doubled suffix word is no unit: read as a phrase
        ],
    )
    def test_canonical_spelling(self, text: str, canonical: str) -> None:
        """Targets are written back in one canonical spelling that parses to the same target."""
        target = parse_target(text)
        assert canonical == format_target(target)
        assert target == parse_target(canonical)


class TestErrors:
    def test_empty_string(self) -> None:
        """An empty cell raises at position 0."""
        with pytest.raises(TargetParseError) as info:
            parse_target("")
        assert info.value.position == 0

    def test_blank_string(self) -> None:
        """A cell of spaces is empty and raises."""
        with pytest.raises(TargetParseError):
            parse_target("   ")

    def test_doubled_comparator_has_position(self) -> None:
        """``≥≥5`` raises with the position where reading failed and the text as given."""
        with pytest.raises(TargetParseError) as info:
            parse_target("≥≥5")
        error = info.value
        assert (error.text, error.text[error.position]) == ("≥≥5", "≥")
        assert f"at position {error.position}" in str(error)

    def test_conflicting_comparators(self) -> None:
        """``不低于5%以下`` names two different comparators and raises."""
        with pytest.raises(TargetParseError, match="one comparator"):
            parse_target("不低于5%以下")

    def test_parse_error_is_value_error(self) -> None:
        """``TargetParseError`` can be caught as ``ValueError``."""
        with pytest.raises(ValueError, match="cannot read value"):
            parse_target("≥≥5")

    def test_non_string_is_type_error(self) -> None:
        """Passing a number instead of a str is a programming error."""
        with pytest.raises(TypeError):
            parse_target(95)  # type: ignore[arg-type]


class TestWarnings:
    def test_degenerate_upper_percent(self) -> None:
        """``≥100%`` is flagged as a degenerate bound."""
        assert any("degenerate" in w for w in parse_target("≥100%").warnings)

    def test_at_most_hundred_is_not_degenerate(self) -> None:
        """``≤100%`` is a normal cap and carries no warning."""
        assert parse_target("≤100%").warnings == ()

    def test_damaged_greater_equal_as_two(self) -> None:
        """``292%`` is flagged as a probably damaged ``≥92%``."""
        assert any("≥92%" in w for w in parse_target("292%").warnings)

    def test_damaged_greater_equal_as_gong(self) -> None:
        """``工5%`` is read as ``≥5%`` and flagged."""
        target = parse_target("工5%")
        assert (Comparator.GE, D(5)) == (target.comparator, target.value)
        assert any("工" in w for w in target.warnings)

    def test_unknown_measure_word(self) -> None:
        """``550万粒`` keeps its unit and warns that 粒 is unknown."""
        target = parse_target("550万粒")
        assert (D(550), "万粒") == (target.value, target.unit)
        assert any("粒" in w for w in target.warnings)

    def test_unit_without_number(self) -> None:
        """``≧ %`` is template residue: a comparator and unit, no number, flagged."""
        target = parse_target("≧ %")
        assert (target.comparator, target.value, target.unit) == (Comparator.GE, None, "%")
        assert target.warnings != ()

    def test_impossible_satisfaction(self) -> None:
        """A satisfaction rate above 100% is flagged when the level 2 is known."""
        warnings = parse_target("120%", level2=Level2.SATISFACTION).warnings
        assert any("impossible" in w for w in warnings)

    def test_clean_value_has_no_warning(self) -> None:
        """An ordinary target carries no warning."""
        assert parse_target("≥95%").warnings == ()

    def test_warnings_are_not_compared(self) -> None:
        """Warnings play no part in equality."""
        target = parse_target("≥100%")
        assert target == attrs.evolve(target, warnings=())
