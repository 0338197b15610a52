"""
Money: exact amounts in 元 / 千元 / 万元 / 亿元.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from perftarget import MONEY_UNITS, ModelError, Money

D = Decimal


class TestConstruction:
    def test_default_unit_is_yuan(self) -> None:
        """Money without a unit is in 元."""
        assert Money(amount=D(5)).unit == "元"

    def test_float_refused(self) -> None:
        """A float amount is refused with a hint to pass a Decimal or a string."""
        with pytest.raises(ModelError, match=r"Decimal\('0.1'\)"):
            Money(amount=0.1, unit="元")  # type: ignore[arg-type]

    def test_int_refused(self) -> None:
        """An int amount is refused too: amounts are Decimals."""
        with pytest.raises(ModelError):
            Money(amount=5, unit="元")  # type: ignore[arg-type]

    def test_non_finite_refused(self) -> None:
        """NaN and infinity are not amounts."""
        with pytest.raises(ModelError):
            Money(amount=D("NaN"), unit="元")

    @pytest.mark.parametrize("unit", ["美元", "万", "", "yuan"])
    def test_unknown_unit_refused(self, unit: str) -> None:
        """Only 元, 千元, 万元 and 亿元 are money units; the error lists them."""
        with pytest.raises(ModelError, match="元, 千元, 万元, 亿元"):
            Money(amount=D(1), unit=unit)

    def test_money_units(self) -> None:
        """The money units run from finest to coarsest."""
        assert MONEY_UNITS == ("元", "千元", "万元", "亿元")


class TestConversion:
    @pytest.mark.parametrize(
        ("amount", "unit", "target_unit", "expected"),
        [
            ("1", "万元", "元", "10000"),
            ("10000", "元", "万元", "1"),
            ("1", "亿元", "元", "100000000"),
            ("1", "元", "亿元", "0.00000001"),
            ("1", "千元", "元", "1000"),
            ("1", "元", "千元", "0.001"),
            ("1", "亿元", "万元", "10000"),
            ("1", "万元", "亿元", "0.0001"),
            ("1", "千元", "万元", "0.1"),
            ("1", "万元", "千元", "10"),
            ("278.4449", "万元", "元", "2784449"),
            ("0.01", "元", "亿元", "0.0000000001"),
        ],
    )
    def test_exact(self, amount: str, unit: str, target_unit: str, expected: str) -> None:
        """Conversions between money units are exact both ways."""
        assert D(expected) == Money(amount=D(amount), unit=unit).to(target_unit).amount

    def test_to_keeps_unit(self) -> None:
        """The converted amount carries the unit asked for."""
        assert Money(amount=D(1), unit="万元").to("元").unit == "元"

    def test_to_unknown_unit_refused(self) -> None:
        """Converting to a non-money unit raises ModelError."""
        with pytest.raises(ModelError):
            Money(amount=D(1), unit="元").to("美元")

    def test_yuan(self) -> None:
        """``yuan`` is the exact amount in 元."""
        assert D("3050000") == Money(amount=D("305"), unit="万元").yuan

    def test_same_amount(self) -> None:
        """30万元 and 300000元 are the same amount but not equal objects."""
        a, b = Money(amount=D(30), unit="万元"), Money(amount=D(300000), unit="元")
        assert (a.same_amount(b), a == b) == (True, False)


class TestArithmetic:
    def test_add_gives_finer_unit(self) -> None:
        """30万元 + 5000元 is 305000元."""
        total = Money(amount=D(30), unit="万元") + Money(amount=D(5000), unit="元")
        assert Money(amount=D(305000), unit="元") == total

    def test_add_same_unit(self) -> None:
        """Amounts in one unit add in that unit."""
        total = Money(amount=D("1.5"), unit="万元") + Money(amount=D("2.5"), unit="万元")
        assert Money(amount=D(4), unit="万元") == total

    def test_subtract(self) -> None:
        """1亿元 − 1万元 is 9999万元."""
        total = Money(amount=D(1), unit="亿元") - Money(amount=D(1), unit="万元")
        assert Money(amount=D(9999), unit="万元") == total

    def test_negate(self) -> None:
        """Negation keeps the unit."""
        assert Money(amount=D(-5), unit="万元") == -Money(amount=D(5), unit="万元")

    def test_add_non_money_is_type_error(self) -> None:
        """Adding a Decimal to Money raises TypeError with a hint."""
        with pytest.raises(TypeError, match="wrap the value in Money"):
            Money(amount=D(1)) + D(1)  # type: ignore[operator]

    def test_str(self) -> None:
        """Money prints as amount and unit."""
        assert str(Money(amount=D("278.4449"), unit="万元")) == "278.4449万元"


class TestParse:
    @pytest.mark.parametrize(
        ("text", "amount", "unit"),
        [
            ("278.4449万元", "278.4449", "万元"),
            ("250万", "250", "万元"),
            ("3亿", "3", "亿元"),
            ("5000元", "5000", "元"),
            ("12千元", "12", "千元"),
            ("30", "30", "万元"),
            ("1,234,567.89元", "1234567.89", "元"),
            (" ２５０ 万元 ", "250", "万元"),
            ("-3万元", "-3", "万元"),
        ],
    )
    def test_forms(self, text: str, amount: str, unit: str) -> None:
        """Amounts with or without a unit, 万 without 元, separators and full-width digits parse."""
        assert Money(amount=D(amount), unit=unit) == Money.parse(text)

    def test_default_unit(self) -> None:
        """A bare number takes the default unit given."""
        assert Money(amount=D(30), unit="元") == Money.parse("30", default_unit="元")

    @pytest.mark.parametrize(
        "text", ["", "万元", "三十万元", "30美元", "≥30万元", "30万元以上", "1.2.3"]
    )
    def test_errors(self, text: str) -> None:
        """Text that is not an amount raises ModelError (a ValueError) with an example."""
        with pytest.raises(ValueError, match=r"278\.4449万元"):
            Money.parse(text)
