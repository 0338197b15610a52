"""
Properties that hold for every input, checked with Hypothesis.
"""

from __future__ import annotations

from decimal import Context, Decimal

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import strategies as pst
from perftarget import (
    Money,
    Quantity,
    Target,
    TargetParseError,
    UnitMismatchError,
    format_actual,
    format_target,
    parse_actual,
    parse_target,
)
from perftarget.core._text import normalize

#: A context wide enough that no amount drawn here is rounded.
_EXACT = Context(prec=1000)


class TestMoney:
    @given(pst.money(pst.moderate_amounts), pst.money_units)
    def test_conversion_is_invertible(self, money: Money, unit: str) -> None:
        """Converting to another unit and back gives the same amount."""
        assert money.amount == money.to(unit).to(money.unit).amount

    @given(pst.money(pst.extreme_amounts), pst.money_units)
    def test_conversion_is_invertible_for_extreme_amounts(self, money: Money, unit: str) -> None:
        """Huge and tiny amounts (up to 40 digits) convert exactly, both ways."""
        assert money.amount == money.to(unit).to(money.unit).amount

    @given(pst.money(pst.extreme_amounts), pst.money_units)
    def test_conversion_is_exact(self, money: Money, unit: str) -> None:
        """A conversion equals the amount scaled by the exact power of ten."""
        exponents = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
        expected = money.amount.scaleb(exponents[money.unit] - exponents[unit], _EXACT)
        assert expected == money.to(unit).amount

    @given(pst.money(), pst.money(), pst.money())
    def test_sum_is_associative(self, a: Money, b: Money, c: Money) -> None:
        """(a + b) + c and a + (b + c) are the same amount."""
        assert ((a + b) + c).same_amount(a + (b + c))

    @given(pst.money(), pst.money())
    def test_sum_is_commutative(self, a: Money, b: Money) -> None:
        """a + b equals b + a, unit included."""
        assert a + b == b + a

    @given(pst.money(), pst.money())
    def test_sum_is_exact(self, a: Money, b: Money) -> None:
        """The sum in 元 is the sum of the amounts in 元."""
        assert a.yuan + b.yuan == (a + b).yuan

    @given(pst.money())
    def test_subtracting_itself_is_zero(self, a: Money) -> None:
        """a − a is zero."""
        assert Decimal(0) == (a - a).amount


class TestQuantity:
    @given(pst.moderate_amounts, pst.same_dimension_power_of_ten_units())
    def test_power_of_ten_round_trip(self, value: Decimal, units: tuple[str, str]) -> None:
        """Quantities in power-of-ten units convert there and back exactly."""
        src, dst = units
        quantity = Quantity(value=value, unit=src)
        assert value == quantity.to(dst).to(src).value

    @given(pst.moderate_amounts, pst.moderate_amounts, pst.different_dimension_units())
    def test_mixing_dimensions_raises(self, a: Decimal, b: Decimal, units: tuple[str, str]) -> None:
        """Adding quantities of different dimensions raises UnitMismatchError."""
        with pytest.raises(UnitMismatchError):
            Quantity(value=a, unit=units[0]) + Quantity(value=b, unit=units[1])

    @given(pst.different_dimension_units())
    def test_converting_across_dimensions_raises(self, units: tuple[str, str]) -> None:
        """Converting to a unit of another dimension raises UnitMismatchError."""
        with pytest.raises(UnitMismatchError):
            Quantity(value=Decimal(1), unit=units[0]).to(units[1])


class TestParseRoundTrip:
    @given(pst.target_texts)
    def test_realistic_strings_parse(self, text: str) -> None:
        """Every realistic target string parses."""
        assert isinstance(parse_target(text), Target)

    @given(pst.target_texts)
    def test_format_then_parse_is_identity(self, text: str) -> None:
        """parse_target(format_target(t)) == t for every parsed target."""
        target = parse_target(text)
        assert target == parse_target(format_target(target))

    @given(pst.target_texts)
    def test_format_is_a_fixed_point(self, text: str) -> None:
        """Formatting a parsed canonical string gives the same string."""
        canonical = format_target(parse_target(text))
        assert canonical == format_target(parse_target(canonical))

    @given(pst.actual_texts)
    def test_actual_format_then_parse_is_identity(self, text: str) -> None:
        """parse_actual(format_actual(a)) == a for every parsed actual."""
        actual = parse_actual(text)
        assert actual == parse_actual(format_actual(actual))

    @given(pst.value_like_text)
    def test_arbitrary_text_parses_or_raises_parse_error(self, text: str) -> None:
        """Any text gives a Target or a TargetParseError, never another exception."""
        outcome: Target | TargetParseError
        try:
            outcome = parse_target(text)
        except TargetParseError as error:
            outcome = error
        if isinstance(outcome, TargetParseError):
            assert 0 <= outcome.position <= len(normalize(text))
        else:
            assert isinstance(outcome, Target)

    @given(pst.value_like_text)
    def test_arbitrary_parsed_target_round_trips(self, text: str) -> None:
        """Whatever the parser accepts, it can write back and read again identically."""
        try:
            target = parse_target(text)
        except TargetParseError:
            return
        assert target == parse_target(format_target(target))


class TestNormalize:
    @given(st.one_of(st.text(), pst.value_like_text))
    @example("≥==")
    @example("a \u0301")
    def test_idempotent(self, text: str) -> None:
        """Normalising twice is normalising once."""
        once = normalize(text)
        assert once == normalize(once)

    @given(pst.target_texts)
    def test_no_whitespace_left(self, text: str) -> None:
        """A normalised string has no white space."""
        assert not any(c.isspace() for c in normalize(text))


class TestFastConstructor:
    """The parser's unchecked constructor builds exactly what the checked one does."""

    @given(pst.target_texts)
    def test_equals_checked_constructor(self, text: str) -> None:
        """Every numeric target the parser builds passes the model's own checks unchanged."""
        target = parse_target(text)
        rebuilt = attrs.evolve(target)  # runs __init__ and __attrs_post_init__
        assert rebuilt == target
        assert rebuilt.text == target.text
        assert rebuilt.warnings == target.warnings
