"""
Unit catalogue, canonical spellings and exact conversions.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from perftarget import PerftargetError, Quantity, UnitMismatchError
from perftarget.core._units import (
    canonical_unit,
    conversion_factor,
    convert,
    same_dimension,
    unit_info,
    unknown_words,
)

D = Decimal


class TestCanonicalUnit:
    @pytest.mark.parametrize(
        ("spelling", "canonical"),
        [
            ("百分比", "%"),
            ("百分之比", "%"),
            ("%(百分比)", "%"),
            ("百分点", "个百分点"),
            ("M", "米"),
            ("km", "公里"),
            ("千米", "公里"),
            ("㎡", "平方米"),
            ("千克", "公斤"),
            ("萬元", "万元"),
            ("個", "个"),
            ("个工作日", "工作日"),
            ("人", "人"),
        ],
    )
    def test_aliases(self, spelling: str, canonical: str) -> None:
        """Alias spellings resolve to one canonical symbol."""
        assert canonical == canonical_unit(spelling)

    @pytest.mark.parametrize(
        ("spelling", "canonical"),
        [
            ("元/月/人", "元/人·月"),
            ("元/人/月", "元/人·月"),
            ("元/人、天", "元/人·天"),
            ("元/人·月", "元/人·月"),
            ("万元/人·月", "万元/人·月"),
            ("次/月", "次/月"),
        ],
    )
    def test_compound_units(self, spelling: str, canonical: str) -> None:
        """Denominators of a compound unit put count words before time."""
        assert canonical == canonical_unit(spelling)

    def test_canonical_is_idempotent(self) -> None:
        """A canonical spelling is its own canonical spelling."""
        assert canonical_unit(canonical_unit("元/月/人")) == "元/人·月"


class TestUnitInfo:
    @pytest.mark.parametrize(
        ("symbol", "kind"),
        [
            ("", "none"),
            ("%", "percent"),
            ("个百分点", "percent_point"),
            ("万元", "money"),
            ("元/人·月", "money"),
            ("人", "count"),
            ("公里", "measure"),
            ("天", "time"),
            ("次/月", "rate"),
            ("万亩", "measure"),
        ],
    )
    def test_kinds(self, symbol: str, kind: str) -> None:
        """Each unit has the kind its dimension implies."""
        assert kind == unit_info(symbol).kind

    def test_unknown_word_is_an_unknown_count(self) -> None:
        """A measure word outside the catalogue is a count unit, marked unknown."""
        info = unit_info("粒")
        assert (info.kind, info.known) == ("count", False)

    def test_unknown_words_strip_scale(self) -> None:
        """``万粒`` reports the unknown word 粒, not 万粒."""
        assert unknown_words("万粒") == ("粒",)

    def test_known_compound_has_no_unknown_words(self) -> None:
        """A compound of catalogue words has no unknown words."""
        assert unknown_words("元/人·月") == ()

    def test_unknown_denominator(self) -> None:
        """An unknown word in a denominator is reported."""
        assert unknown_words("元/生·年") == ("生",)


class TestConversions:
    @pytest.mark.parametrize(
        ("src", "dst", "factor"),
        [
            ("元", "元", "1"),
            ("万元", "元", "10000"),
            ("元", "万元", "0.0001"),
            ("亿元", "元", "100000000"),
            ("元", "亿元", "0.00000001"),
            ("千元", "元", "1000"),
            ("亿元", "万元", "10000"),
            ("万元", "亿元", "0.0001"),
            ("千元", "万元", "0.1"),
            ("公里", "米", "1000"),
            ("米", "公里", "0.001"),
            ("厘米", "米", "0.01"),
            ("吨", "公斤", "1000"),
            ("公顷", "平方米", "10000"),
            ("天", "小时", "24"),
            ("年", "月", "12"),
            ("万元/人·月", "元/人·月", "10000"),
        ],
    )
    def test_exact_factors(self, src: str, dst: str, factor: str) -> None:
        """Factors between units of one dimension are exact."""
        assert D(factor) == conversion_factor(src, dst)

    def test_wan_yuan_to_yuan_is_exact(self) -> None:
        """``278.4449万元`` is exactly 2784449元."""
        assert D("2784449") == convert(D("278.4449"), "万元", "元")

    def test_km_and_metres_round_trip(self) -> None:
        """1.5公里 is 1500米, and back."""
        assert D("1.5") == convert(convert(D("1.5"), "公里", "米"), "米", "公里")

    def test_people_and_visits_do_not_convert(self) -> None:
        """人 and 次 measure different things."""
        with pytest.raises(UnitMismatchError):
            conversion_factor("人", "次")

    def test_unit_and_no_unit_do_not_convert(self) -> None:
        """A bare number does not convert to a unit."""
        with pytest.raises(UnitMismatchError):
            conversion_factor("", "人")

    def test_unknown_word_converts_to_itself(self) -> None:
        """An unknown word is its own dimension: 粒 to 粒 is factor 1, 万粒 to 粒 is 10000."""
        assert (D(1), D(10000)) == (conversion_factor("粒", "粒"), conversion_factor("万粒", "粒"))

    def test_unknown_word_does_not_convert_to_a_count(self) -> None:
        """粒 and 人 are different dimensions."""
        assert not same_dimension("粒", "人")

    def test_same_dimension(self) -> None:
        """公里 and 米 are comparable; 米 and 平方米 are not."""
        assert (same_dimension("公里", "米"), same_dimension("米", "平方米")) == (True, False)


class TestQuantity:
    def test_to(self) -> None:
        """1.5公里 in 米 is 1500米."""
        assert Quantity(value=D(1500), unit="米") == Quantity(value=D("1.5"), unit="公里").to("米")

    def test_to_accepts_alias(self) -> None:
        """``to`` takes an alias spelling and returns the canonical unit."""
        assert Quantity(value=D(1), unit="米").to("km").unit == "公里"

    def test_mu_to_square_metres(self) -> None:
        """3亩 is exactly 2000平方米 (1亩 = 10000/15平方米)."""
        assert D(2000) == Quantity(value=D(3), unit="亩").to("平方米").value

    def test_compound_money_rate(self) -> None:
        """2万元/人·月 is 20000元/人·月."""
        expected = Quantity(value=D(20000), unit="元/人·月")
        assert expected == Quantity(value=D(2), unit="万元/人·月").to("元/人·月")

    def test_add_same_unit(self) -> None:
        """8人 + 2人 is 10人."""
        total = Quantity(value=D(8), unit="人") + Quantity(value=D(2), unit="人")
        assert Quantity(value=D(10), unit="人") == total

    def test_add_converts_to_left_unit(self) -> None:
        """1公里 + 500米 is 1.5公里."""
        total = Quantity(value=D(1), unit="公里") + Quantity(value=D(500), unit="米")
        assert Quantity(value=D("1.5"), unit="公里") == total

    def test_subtract(self) -> None:
        """1公里 − 500米 is 0.5公里."""
        total = Quantity(value=D(1), unit="公里") - Quantity(value=D(500), unit="米")
        assert D("0.5") == total.value

    def test_people_plus_visits_raises(self) -> None:
        """8人 + 3次 raises UnitMismatchError, which is a TypeError and a PerftargetError."""
        with pytest.raises(UnitMismatchError) as info:
            Quantity(value=D(8), unit="人") + Quantity(value=D(3), unit="次")
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, PerftargetError)

    def test_mismatch_message_names_both_sides(self) -> None:
        """The error names both amounts and a way out."""
        with pytest.raises(UnitMismatchError, match=r"8人.*3次.*convert"):
            Quantity(value=D(8), unit="人") + Quantity(value=D(3), unit="次")

    def test_unknown_word_mismatch(self) -> None:
        """粒 does not convert to 人; 粒 to 粒 is fine."""
        grains = Quantity(value=D(5), unit="粒")
        assert grains == grains.to("粒")
        with pytest.raises(UnitMismatchError):
            grains.to("人")

    def test_add_non_quantity_is_type_error(self) -> None:
        """Adding a plain number to a Quantity raises TypeError."""
        with pytest.raises(TypeError):
            Quantity(value=D(1), unit="人") + D(1)  # type: ignore[operator]

    def test_str(self) -> None:
        """A quantity prints as number and unit."""
        assert str(Quantity(value=D(1500), unit="米")) == "1500米"
