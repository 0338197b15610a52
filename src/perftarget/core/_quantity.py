"""
Exact amounts with a unit: :class:`Quantity` for anything measured and
:class:`Money` for budget amounts in 元 / 千元 / 万元 / 亿元.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from attrs import field, frozen

from perftarget.core._text import normalize
from perftarget.core._units import _require_decimal, canonical_unit, convert
from perftarget.exceptions import ArgumentTypeError, ModelError, UnitMismatchError

__all__ = ["MONEY_UNITS", "Money", "Quantity"]

MONEY_UNITS: Final[tuple[str, ...]] = ("元", "千元", "万元", "亿元")
_MONEY_RE = re.compile(r"(-?\d+(?:,\d{3})*(?:\.\d+)?)(元|千元|万元|亿元|万|亿)?")


@frozen(kw_only=True)
class Quantity:
    """
    A measured amount: an exact ``Decimal`` value and a unit symbol.

    Quantities of the same dimension convert and add; different dimensions
    (人 and 次) raise :class:`~perftarget.UnitMismatchError`.

    Examples:
        >>> Quantity(value=Decimal("1.5"), unit="公里").to("米")
        Quantity(value=Decimal('1500.0'), unit='米')
        >>> Quantity(value=Decimal(8), unit="人") + Quantity(value=Decimal(2), unit="人")
        Quantity(value=Decimal('10'), unit='人')
    """

    value: Decimal
    unit: str = field(default="", converter=canonical_unit)

    def __attrs_post_init__(self) -> None:
        _require_decimal("Quantity", "value", self.value)

    def to(self, unit: str) -> Quantity:
        """
        Return this amount expressed in ``unit``.

        Raises:
            UnitMismatchError: ``unit`` measures something else.
        """
        unit = canonical_unit(unit)
        return Quantity(value=convert(self.value, self.unit, unit), unit=unit)

    def _aligned(self, other: object, operation: str) -> Decimal:
        if not isinstance(other, Quantity):
            raise ArgumentTypeError(f"cannot {operation} Quantity and {type(other).__name__}")
        if other.unit == self.unit:
            return other.value
        try:
            return convert(other.value, other.unit, self.unit)
        except UnitMismatchError:
            raise UnitMismatchError(str(self), str(other), operation) from None

    def __add__(self, other: Quantity) -> Quantity:
        return Quantity(value=self.value + self._aligned(other, "add"), unit=self.unit)

    def __sub__(self, other: Quantity) -> Quantity:
        return Quantity(value=self.value - self._aligned(other, "subtract"), unit=self.unit)

    def __str__(self) -> str:
        return f"{self.value:f}{self.unit}"


@frozen(kw_only=True)
class Money:
    """
    An amount of money in 元, 千元, 万元 or 亿元, held exactly.

    Conversions between the units are exact at any size.  Adding two amounts
    gives the result in the finer of the two units, so nothing is rounded.
    A float amount is refused: floats cannot hold 0.01 exactly.

    Examples:
        >>> Money.parse("278.4449万元").to("元")
        Money(amount=Decimal('2784449.0000'), unit='元')
        >>> str(Money(amount=Decimal("30"), unit="万元") + Money(amount=Decimal("5000"), unit="元"))
        '305000元'
    """

    amount: Decimal
    unit: str = "元"

    def __attrs_post_init__(self) -> None:
        _require_decimal("Money", "amount", self.amount)
        if self.unit not in MONEY_UNITS:
            raise ModelError(
                f"Money.unit must be one of {', '.join(MONEY_UNITS)}; got {self.unit!r}"
            )

    @classmethod
    def parse(cls, text: str, *, default_unit: str = "万元") -> Money:
        """
        Read an amount such as ``"278.4449万元"``, ``"250万"`` or ``"30"``.

        Args:
            text: The amount as written; a bare number takes ``default_unit``.
            default_unit: The unit of a bare number (tables state 单位：万元
                once in the header).

        Raises:
            ModelError: The text is not an amount of money.
        """
        norm = normalize(text)
        match = _MONEY_RE.fullmatch(norm)
        if match is None:
            raise ModelError(
                f"cannot read {text!r} as an amount of money; expected a number with an "
                f"optional unit (元, 千元, 万元, 亿元), e.g. '278.4449万元'"
            )
        number, unit = match.groups()
        unit = {"万": "万元", "亿": "亿元", None: default_unit}.get(unit, unit)
        # the pattern admits only plain numbers: Decimal cannot fail here
        return cls(amount=Decimal(number.replace(",", "")), unit=str(unit))

    @property
    def yuan(self) -> Decimal:
        """The amount in 元, exact."""
        return convert(self.amount, self.unit, "元")

    def to(self, unit: str) -> Money:
        """
        Return the same amount in another money unit, exactly.
        """
        if unit not in MONEY_UNITS:
            raise ModelError(f"Money.to expects one of {', '.join(MONEY_UNITS)}; got {unit!r}")
        return Money(amount=convert(self.amount, self.unit, unit), unit=unit)

    def _finer(self, other: object) -> str:
        if not isinstance(other, Money):
            raise ArgumentTypeError(
                f"cannot combine Money and {type(other).__name__}; wrap the value in Money"
            )
        return min(self.unit, other.unit, key=MONEY_UNITS.index)

    def __add__(self, other: Money) -> Money:
        unit = self._finer(other)
        return Money(amount=self.to(unit).amount + other.to(unit).amount, unit=unit)

    def __sub__(self, other: Money) -> Money:
        unit = self._finer(other)
        return Money(amount=self.to(unit).amount - other.to(unit).amount, unit=unit)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, unit=self.unit)

    def same_amount(self, other: Money) -> bool:
        """
        Tell whether two amounts are equal once expressed in the same unit.

        Examples:
            >>> Money.parse("30万元").same_amount(Money.parse("300000元"))
            True
        """
        return self.yuan == other.yuan

    def __str__(self) -> str:
        return f"{self.amount:f}{self.unit}"
