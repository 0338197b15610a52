"""
Value strings from tables the parser had not seen (issue #11, items 5 and 6):
units as a grammar, dates only where plausible, unfilled templates and option
lists, direction words, and other provinces' spellings.
"""

from __future__ import annotations

import contextlib
import time
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from perftarget import (
    Comparator,
    Deadline,
    Level2,
    Target,
    TargetKind,
    TargetParseError,
    format_target,
    parse_actual,
    parse_target,
)
from perftarget.core._lang import language
from perftarget.core._units import (
    canonical_unit,
    conversion_factor,
    convert,
    unit_info,
    unknown_words,
)

D = Decimal
GE, LE, EQ, RANGE = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.RANGE


def _summary(target: Target) -> tuple[object, ...]:
    return (target.kind, target.comparator, target.value, target.upper, target.unit)


def _unfilled(target: Target) -> bool:
    return target.value is None and any("unfilled" in w for w in target.warnings)


class TestUnitGrammar:
    @pytest.mark.parametrize(
        ("spelling", "canonical"),
        [
            ("元/人·月", "元/人·月"),
            ("元/人*月", "元/人·月"),
            ("元/人×月", "元/人·月"),
            ("元/人.每天", "元/人·天"),
            ("元/人/月", "元/人·月"),
            ("元/月·人", "元/人·月"),
            ("元每亩", "元/亩"),
            ("元/人每月", "元/人·月"),
            ("人/平方公里", "人/平方公里"),
            ("人/km²", "人/平方公里"),
            ("万元/公里", "万元/公里"),
            ("吨·公里", "吨·公里"),
            ("kW·h", "千瓦时"),
        ],
    )
    def test_products_quotients_and_per_words(self, spelling: str, canonical: str) -> None:
        """``/`` and ``每`` start a denominator, ``· * × .`` join a product, in one spelling."""
        assert canonical == canonical_unit(spelling)

    @pytest.mark.parametrize(
        ("spelling", "canonical"),
        [
            ("m²", "平方米"),
            ("m2", "平方米"),
            ("m^2", "平方米"),
            ("m³", "立方米"),
            ("m3", "立方米"),
            ("km²", "平方公里"),
            ("km2", "平方公里"),
            ("平方千米", "平方公里"),
            ("cm2", "平方厘米"),
            ("立方厘米", "立方厘米"),
            ("万m2", "万平方米"),
            ("hm²", "公顷"),
        ],
    )
    def test_powers_of_a_length(self, spelling: str, canonical: str) -> None:
        """Superscript, digit and caret powers of a length are written 平方X / 立方X."""
        assert canonical == canonical_unit(spelling)

    @pytest.mark.parametrize(
        ("src", "dst", "factor"),
        [
            ("平方公里", "平方米", "1000000"),
            ("平方公里", "公顷", "100"),
            ("平方厘米", "平方米", "0.0001"),
            ("立方厘米", "立方米", "0.000001"),
            ("万平方米", "公顷", "1"),
            ("元/人·月", "元/人·月", "1"),
            ("万元/公里", "元/米", "10"),
            ("人/平方公里", "人/公顷", "0.01"),
            ("吨·公里", "公斤·米", "1000000"),
            ("‰", "%", "0.1"),
        ],
    )
    def test_new_units_convert_exactly(self, src: str, dst: str, factor: str) -> None:
        """Every unit the grammar builds is a real unit of the registry and converts exactly."""
        assert D(factor) == conversion_factor(src, dst)

    def test_one_square_kilometre_three_ways(self) -> None:
        """``1km²``, ``1000000m²`` and ``100公顷`` are the same area."""
        km2 = parse_target("1km²")
        m2 = parse_target("1000000m²")
        ha = parse_target("100公顷")
        assert (D(1000000), D(1000000)) == (
            convert(km2.value or D(0), km2.unit, "平方米"),
            convert(ha.value or D(0), ha.unit, "平方米"),
        )
        assert "平方米" == m2.unit

    def test_slash_and_dot_spellings_are_one_unit(self) -> None:
        """``元/人·月`` and ``元/人/月`` parse to equal targets."""
        assert parse_target("1200元/人·月") == parse_target("1200元/人/月")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("1200元/人*月", (TargetKind.MONEY, EQ, D(1200), None, "元/人·月")),
            ("50元/人.每天", (TargetKind.MONEY, EQ, D(50), None, "元/人·天")),
            ("300人/平方公里", (TargetKind.QUANTITY, EQ, D(300), None, "人/平方公里")),
            ("≤80万元/公里", (TargetKind.MONEY, LE, D(80), None, "万元/公里")),
            ("每亩200", (TargetKind.QUANTITY, EQ, D(200), None, "/亩")),
            ("200元每亩", (TargetKind.MONEY, EQ, D(200), None, "元/亩")),
            ("每亩200元", (TargetKind.MONEY, EQ, D(200), None, "元/亩")),
            ("每人每月500元", (TargetKind.MONEY, EQ, D(500), None, "元/人·月")),
            ("每个村不少于2名", (TargetKind.QUANTITY, GE, D(2), None, "名/村")),
            ("每年1次以上", (TargetKind.RATE, GE, D(1), None, "次/年")),
            ("每学期2次", (TargetKind.RATE, EQ, D(2), None, "次/学期")),
            ("≥100m²", (TargetKind.QUANTITY, GE, D(100), None, "平方米")),
            ("5000m^3", (TargetKind.QUANTITY, EQ, D(5000), None, "立方米")),
            ("3km2以上", (TargetKind.QUANTITY, GE, D(3), None, "平方公里")),
        ],
    )
    def test_values_with_compound_units(self, text: str, expected: tuple[object, ...]) -> None:
        """Values with product, per-unit and power units read with their canonical unit."""
        assert expected == _summary(parse_target(text))

    def test_unknown_word_stays_a_count_unit(self) -> None:
        """An unknown measure word inside a compound is a count unit of its own, flagged."""
        target = parse_target("1000元/生·年")
        assert ("元/生·年", ("生",)) == (target.unit, unknown_words(target.unit))
        assert any("生" in w for w in target.warnings)

    @pytest.mark.parametrize("text", ["5元//人", "5人/", "5**人"])
    def test_a_unit_with_a_missing_word_is_no_unit(self, text: str) -> None:
        """A doubled or dangling separator is no unit: the value is not read as a number."""
        assert parse_target(text).value is None

    def test_unit_kinds(self) -> None:
        """Money in the numerator makes money; a time denominator a rate; a power a measure."""
        assert ("money", "rate", "measure", "count") == (
            unit_info("元/亩").kind,
            unit_info("立方米/日").kind,
            unit_info("平方厘米").kind,
            unit_info("/亩").kind,
        )

    @given(
        st.sampled_from(["", "≥", "≤", "不少于", "控制在"]),
        st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
        st.sampled_from(
            [
                "元/人*月",
                "元/人.每天",
                "人/平方公里",
                "万元/公里",
                "元每亩",
                "m²",
                "km^2",
                "m3",
                "元/m³",
                "‰",
                "吨·公里",
                "次/学期",
                "元/生/年",
            ]
        ),
    )
    def test_round_trip_with_new_units(self, pre: str, number: Decimal, unit: str) -> None:
        """parse_target(format_target(t)) == t, and the canonical text is a fixed point."""
        target = parse_target(f"{pre}{number}{unit}")
        canonical = format_target(target)
        assert target == parse_target(canonical)
        assert canonical == format_target(parse_target(canonical))

    @given(
        st.sampled_from(["每亩", "每人", "每人每月", "每户每年", "每公里"]), st.integers(0, 9999)
    )
    def test_round_trip_with_per_words(self, per: str, number: int) -> None:
        """A value after per-unit words writes back and reads again identically."""
        target = parse_target(f"{per}{number}元")
        assert (target.value, target) == (D(number), parse_target(format_target(target)))


class TestPlausibleDates:
    @pytest.mark.parametrize("text", ["1234.56", "2020.13", "1850.00", "9999.99", "2101.5"])
    def test_implausible_dotted_number_is_a_number(self, text: str) -> None:
        """A decimal whose digits name no real month of a plausible year is that number."""
        target = parse_target(text)
        assert (TargetKind.QUANTITY, D(text)) == (target.kind, target.value)

    def test_year_and_one_digit_month_is_a_number_outside_timeliness(self) -> None:
        """``2020.5`` is the number 2020.5, with a warning naming the date it could be."""
        target = parse_target("2020.5")
        assert (TargetKind.QUANTITY, D("2020.5")) == (target.kind, target.value)
        assert any("2020-05" in w for w in target.warnings)

    def test_year_and_one_digit_month_is_a_month_under_timeliness(self) -> None:
        """Under 时效指标 ``2020.5`` is May 2020."""
        target = parse_target("2020.5", level2=Level2.TIMELINESS)
        assert (TargetKind.DEADLINE, Deadline(year=2020, month=5)) == (target.kind, target.date)

    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("2023.07", Deadline(year=2023, month=7)),
            ("2023.12", Deadline(year=2023, month=12)),
            ("2024/12/31", Deadline(year=2024, month=12, day=31)),
            ("1949.10.01", Deadline(year=1949, month=10, day=1)),
        ],
    )
    def test_year_month_with_two_digits_stays_a_date(self, text: str, date: Deadline) -> None:
        """A plausible year with a two-digit month (or a full date) is a date, as before."""
        assert date == parse_target(text).date

    def test_impossible_day_is_no_date(self) -> None:
        """``2023.02.30`` is no date and no number: it raises, as text with no letters does."""
        with pytest.raises(TargetParseError):
            parse_target("2023.02.30")

    @pytest.mark.parametrize(
        "text", ["2024年年底前", "2024年底前", "2024年度末", "2024年年内", "截至2024年年底"]
    )
    def test_end_of_a_named_year(self, text: str) -> None:
        """``2024年年底前`` and its variants are the deadline end of December 2024."""
        target = parse_target(text)
        assert (TargetKind.DEADLINE, LE, Deadline(year=2024, month=12)) == (
            target.kind,
            target.comparator,
            target.date,
        )

    def test_end_of_year_equals_end_of_december(self) -> None:
        """``2024年年底前`` is the same target as ``2024年12月底前``."""
        assert parse_target("2024年12月底前") == parse_target("2024年年底前")

    @pytest.mark.parametrize("text", ["2023年-2025年", "2023-2025年"])
    def test_period_of_years(self, text: str) -> None:
        """A span of years is a period from the first year to the last."""
        target = parse_target(text)
        assert (RANGE, Deadline(year=2023), Deadline(year=2025)) == (
            target.comparator,
            target.date,
            target.date_upper,
        )

    def test_implausible_year_is_no_date(self) -> None:
        """``1234年12月底前`` names no plausible year: it is no deadline."""
        assert TargetKind.DEADLINE != parse_target("1234年12月底前").kind

    @given(st.integers(0, 99999), st.integers(0, 9999).map(str))
    def test_bare_decimals_never_become_deadlines(self, whole: int, fraction: str) -> None:
        """A decimal that names no month of a plausible year is read as that number."""
        text = f"{whole}.{fraction}"
        # a plausible year and month is a date (two digits) or level-2 dependent (one)
        assume(not (1949 <= whole <= 2100 and len(fraction) <= 2 and 1 <= int(fraction) <= 12))
        target = parse_target(text)
        assert (TargetKind.QUANTITY, D(text)) == (target.kind, target.value)

    @given(st.integers(1949, 2100), st.integers(1, 9))
    def test_one_digit_month_is_never_a_deadline_outside_timeliness(
        self, year: int, month: int
    ) -> None:
        """``YYYY.M`` is a number (flagged) unless the row is a 时效指标."""
        target = parse_target(f"{year}.{month}", level2=Level2.QUANTITY)
        assert (TargetKind.QUANTITY, D(f"{year}.{month}")) == (target.kind, target.value)
        assert target.warnings != ()


class TestBatchAgreement:
    @pytest.mark.parametrize(
        "text",
        ["2020.5", "≤2020.5", "200元每亩", "每人每月500元", "≥100m²", "1234.56", "≥95%。"],
    )
    def test_columnar_reading_matches_the_parser(self, text: str) -> None:
        """The batch engine reads a value as parse_target does, or leaves it to the rows."""
        pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
        from perftarget.batch._vectorparse import parse_values

        row = parse_values(pl.Series([text]), actual=False).row(0, named=True)
        target = parse_target(text)
        if row["ok"]:
            value = D(row["mant"]).scaleb(-row["scale"])
            assert (target.comparator.value if target.comparator else None, value, target.unit) == (
                row["cmp"],
                target.value,
                row["unit"],
            )
        else:
            assert text in ("2020.5", "≤2020.5")  # depends on the level-2 label

    def test_year_month_decimal_is_left_to_the_rows(self) -> None:
        """``2020.5`` is not read by the columnar engine: under 时效指标 it is a month."""
        pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
        from perftarget.batch._vectorparse import parse_values

        assert [False, True] == parse_values(pl.Series(["2020.5", "2020.55"]), actual=False)[
            "ok"
        ].to_list()


PLACEHOLDERS = ["≥**%", "(≥**人)", "≥XX%", "××人", "≥ %", "≥__%", "≥？%", "达到XX%", "XX万元以上"]


class TestUnfilled:
    @pytest.mark.parametrize("text", PLACEHOLDERS)
    def test_placeholder_is_read_and_flagged(self, text: str) -> None:
        """A template placeholder reads as a comparator and unit with no number, flagged."""
        assert _unfilled(parse_target(text))

    def test_placeholder_keeps_comparator_and_unit(self) -> None:
        """``≥**%`` is at least some percent: comparator ≥, unit %, no value."""
        expected = (TargetKind.PERCENT, GE, None, None, "%")
        assert expected == _summary(parse_target("≥**%"))

    @pytest.mark.parametrize(
        "text", ["好坏", "优良中差", "是/否", "达到/未达到", "□是□否", "高/中/低"]
    )
    def test_option_list_is_flagged(self, text: str) -> None:
        """Options left in the cell are read as a phrase with no grade, flagged unfilled."""
        target = parse_target(text)
        assert (TargetKind.QUALITATIVE, None, True) == (
            target.kind,
            target.level,
            _unfilled(target),
        )

    @pytest.mark.parametrize("text", ["优良", "良好", "好", "效果明显"])
    def test_a_grade_is_no_option_list(self, text: str) -> None:
        """A single grade (``优良``) is a value, not a list of options."""
        assert parse_target(text).warnings == ()

    def test_option_list_as_actual(self) -> None:
        """``是/否`` as an actual is no achievement: it is flagged."""
        actual = parse_actual("是/否")
        assert (None, True) == (actual.achievement, actual.warnings != ())

    @pytest.mark.parametrize("text", ["≥", "不低于", "完成率≥", "群众满意度≥", "完成率不低于"])
    def test_comparator_without_number_is_flagged(self, text: str) -> None:
        """A comparator with no number, alone or after words, is flagged unfilled."""
        assert _unfilled(parse_target(text))

    def test_phrase_with_comparator_word_inside_is_not_flagged(self) -> None:
        """``服务质量不低于上年`` compares with last year: a qualitative value, no flag."""
        assert parse_target("服务质量不低于上年").warnings == ()

    def test_label_before_a_number_is_dropped(self) -> None:
        """``满意度达到≥90%`` has a number: it reads as ``≥90%``, with the label reported."""
        target = parse_target("满意度达到≥90%")
        assert (TargetKind.PERCENT, GE, D(90), None, "%") == _summary(target)
        assert any("满意度达到" in w for w in target.warnings)

    @pytest.mark.parametrize("text", ["不≥90%", "不低于≥90%"])
    def test_negated_label_is_not_dropped(self, text: str) -> None:
        """Words that negate or repeat the comparator are not dropped: a phrase, flagged."""
        target = parse_target(text)
        assert (TargetKind.QUALITATIVE, True) == (target.kind, target.warnings != ())

    def test_placeholder_inside_a_phrase(self) -> None:
        """``**年**月前完成`` is a deadline template never filled in: flagged."""
        assert _unfilled(parse_target("**年**月前完成"))

    def test_placeholder_alone_does_not_raise(self) -> None:
        """``**`` has no letters but is a placeholder: read and flagged, not refused."""
        assert _unfilled(parse_target("**"))

    @given(
        st.sampled_from(["", "≥", "≤", "不低于", "(≥", "达到"]),
        st.sampled_from(["**", "*", "××", "XX", "xx", "__", "?", "□□", "..."]),
        st.sampled_from(["%", "人", "万元", "个", "次/年", "", "元/人·月", "%以上"]),
    )
    def test_placeholders_are_always_flagged(self, pre: str, hole: str, unit: str) -> None:
        """Every comparator + placeholder + unit reads without a number and is flagged."""
        text = f"{pre}{hole}{unit}" + (")" if pre.startswith("(") else "")
        target = parse_target(text)
        assert _unfilled(target)
        assert target == parse_target(format_target(target))


class TestDirectionWords:
    @pytest.mark.parametrize(
        "text",
        [
            "控制在80万元以内",
            "控制在80万元之内",
            "不超80万元",
            "80万元以内",
            "80万元之内",
            "≤80万元以内",
            "不得超过80万元",
            "最高不超过80万元",
            "最高80万元",
            "不应超过80万元",
            "低于或等于80万元",
        ],
    )
    def test_caps_read_as_at_most(self, text: str) -> None:
        """Every cap wording reads as ``≤80万元``."""
        assert (TargetKind.MONEY, LE, D(80), None, "万元") == _summary(parse_target(text))

    @pytest.mark.parametrize("text", ["不得低于95%", "最低95%", "不应低于95%", "高于或等于95%"])
    def test_floors_read_as_at_least(self, text: str) -> None:
        """Every floor wording reads as ``≥95%``."""
        assert (TargetKind.PERCENT, GE, D(95), None, "%") == _summary(parse_target(text))

    def test_range_after_control_word(self) -> None:
        """``控制在3-5天`` is the range 3 to 5 days."""
        assert (TargetKind.QUANTITY, RANGE, D(3), D(5), "天") == _summary(
            parse_target("控制在3-5天")
        )


class TestOtherProvinces:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("≥95%（含）", (TargetKind.PERCENT, GE, D(95), None, "%")),
            ("95%（含）以上", (TargetKind.PERCENT, GE, D(95), None, "%")),
            ("≤500万元(含)", (TargetKind.MONEY, LE, D(500), None, "万元")),
            ("≥95%。", (TargetKind.PERCENT, GE, D(95), None, "%")),
            ("≥90%；", (TargetKind.PERCENT, GE, D(90), None, "%")),
            ("(≥95%)", (TargetKind.PERCENT, GE, D(95), None, "%")),
            ("【≥95%】", (TargetKind.PERCENT, GE, D(95), None, "%")),
            ("≤1.5万元/人", (TargetKind.MONEY, LE, D("1.5"), None, "万元/人")),
            ("≥3000元/亩", (TargetKind.MONEY, GE, D(3000), None, "元/亩")),
            ("≥1200㎡", (TargetKind.QUANTITY, GE, D(1200), None, "平方米")),
            ("≥10hm²", (TargetKind.QUANTITY, GE, D(10), None, "公顷")),
            ("1000立方米/日", (TargetKind.RATE, EQ, D(1000), None, "立方米/日")),
            ("≤5元/m³", (TargetKind.MONEY, LE, D(5), None, "元/立方米")),
            ("≦3‰", (TargetKind.PERCENT, LE, D(3), None, "‰")),
            ("不超过3‰", (TargetKind.PERCENT, LE, D(3), None, "‰")),
            ("≥1万人次", (TargetKind.QUANTITY, GE, D(1), None, "万人次")),
            ("5个工作日内", (TargetKind.QUANTITY, LE, D(5), None, "工作日")),
            ("每季度不少于1次", (TargetKind.RATE, GE, D(1), None, "次/季度")),
            ("每周至少1次", (TargetKind.RATE, GE, D(1), None, "次/周")),
            ("每生每年1000元", (TargetKind.MONEY, EQ, D(1000), None, "元/生·年")),
            ("百分之百", (TargetKind.PERCENT, EQ, D(100), None, "%")),
            ("≥98.5％", (TargetKind.PERCENT, GE, D("98.5"), None, "%")),
            ("1.5元/kWh", (TargetKind.MONEY, EQ, D("1.5"), None, "元/千瓦时")),
            ("≤80元/人·次", (TargetKind.MONEY, LE, D(80), None, "元/人·次")),
            ("≥0.8万吨", (TargetKind.QUANTITY, GE, D("0.8"), None, "万吨")),
            ("每月≥2次", (TargetKind.RATE, GE, D(2), None, "次/月")),
            ("≥2次/年度", (TargetKind.RATE, GE, D(2), None, "次/年")),
        ],
    )
    def test_numeric_spellings(self, text: str, expected: tuple[object, ...]) -> None:
        """Spellings from other provinces' tables read as the value they state."""
        assert expected == _summary(parse_target(text))

    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("2024年6月30日之前", Deadline(year=2024, month=6, day=30)),
            ("2024.12.31前", Deadline(year=2024, month=12, day=31)),
            ("2024年末前完成", Deadline(year=2024, month=12)),
        ],
    )
    def test_deadline_spellings(self, text: str, date: Deadline) -> None:
        """Deadline spellings from other provinces are ``≤`` that date."""
        target = parse_target(text)
        assert (TargetKind.DEADLINE, LE, date) == (target.kind, target.comparator, target.date)

    def test_verb_after_per_word_is_not_a_unit(self) -> None:
        """``每亩补贴200元`` is not misread with a unit 亩补贴: it stays a flagged phrase."""
        target = parse_target("每亩补贴200元")
        assert (None, True) == (target.value, target.warnings != ())


class TestRobustness:
    @pytest.mark.parametrize(
        "text",
        [
            "1" * 100_000,
            "5" + "人" * 100_000,
            "每" * 100_000,
            "每人" * 50_000 + "5元",
            "*" * 100_000,
            "满意度" * 33_000 + "≥",
            "是/" * 50_000,
            "元/" * 50_000 + "人",
            "5" + "m2" * 50_000,
            "2020.5" * 16_000,
            "(" * 50_000 + ")" * 50_000,
        ],
    )
    def test_long_strings_are_fast(self, text: str) -> None:
        """A 100,000-character string parses or fails well within a second (linear work)."""
        start = time.perf_counter()
        with contextlib.suppress(TargetParseError):
            parse_target(text)
        assert time.perf_counter() - start < 1.0

    def test_warnings_follow_the_message_language(self) -> None:
        """Warnings come in the language in force, even for a value read before in another."""
        english = parse_target("≥**%").warnings
        with language("zh"):
            chinese = parse_target("≥**%").warnings
        assert (True, True) == ("unfilled" in english[0], "未填写" in chinese[0])
