"""
The monitoring round and the integer fixed-point arithmetic of its engine.

Every row of a round shares one profile, rule set and period (:class:`Round`).
The integer paths hold percents as hundredths (``3342`` is 33.42 %) and
amounts as units of ``10**-places``; a ratio is rounded half-up once, as the
per-object path rounds its ``Decimal`` result, and written as the contract
writes it.  Powers of ten and fixed-point amounts are those of the scoring
engine (:func:`~perftarget.batch._arith.pow10`,
:func:`~perftarget.batch._arith.units_text`).
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import polars as pl
from attrs import frozen

from perftarget.monitor import Period, Profile, TimeBasis, time_progress
from perftarget.rules import RuleSet

__all__ = [
    "Round",
    "half",
    "hundredths",
    "normalized",
    "rounded",
    "units_above",
    "units_below",
]


@frozen(kw_only=True)
class Round:
    """
    What every row of a round shares: profile, rules, period and its constants.

    Attributes:
        profile: The monitoring profile.
        rules: The rule set that decides how targets read.
        period: The budget year up to the as-of date.
        unit: The unit of amounts written without one.
        progress: 序时进度 in percent.
        elapsed: Elapsed days or months (the profile's basis).
        total: Days or months of the year (the same basis).
    """

    profile: Profile
    rules: RuleSet
    period: Period
    unit: str
    progress: Decimal
    elapsed: int
    total: int

    @classmethod
    def of(cls, profile: Profile, rules: RuleSet, as_of: date, unit: str) -> Round:
        """
        The round of a profile and rule set as of a date.

        Args:
            profile: The monitoring profile (its time basis).
            rules: The rule set.
            as_of: The as-of date; the budget year is its year.
            unit: The unit of amounts written without one.

        Returns:
            The round.
        """
        period = Period.of_year(as_of.year, as_of=as_of)
        if profile.time_progress is TimeBasis.MONTHS:
            elapsed, total = period.elapsed_months, period.total_months
        else:
            elapsed, total = period.elapsed_days, period.total_days
        return cls(
            profile=profile,
            rules=rules,
            period=period,
            unit=unit,
            progress=time_progress(period, profile.time_progress),
            elapsed=elapsed,
            total=total,
        )


def units_below(limit: Decimal) -> int:
    """
    The smallest count of hundredths not below ``limit``: ``x < limit`` ⇔ ``x×100 < this``.

    Example:
        >>> units_below(Decimal("59.995")), units_below(Decimal("60"))
        (6000, 6000)
    """
    return math.ceil(limit * 100)


def units_above(limit: Decimal) -> int:
    """
    ``x > limit`` ⇔ ``x×100 > this`` for hundredths.

    Example:
        >>> units_above(Decimal("15.005")), units_above(Decimal("15"))
        (1500, 1500)
    """
    return math.floor(limit * 100)


def rounded(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """
    ``num / den`` rounded half-up (both non-negative, ``den`` positive).

    Example:
        >>> pl.select(a=rounded(pl.lit(5), pl.lit(2)), b=rounded(pl.lit(7), pl.lit(3))).row(0)
        (3, 2)
    """
    return (2 * num + den) // (2 * den)


def half(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """
    Whether ``num / den`` lies exactly half-way between two integers.

    Example:
        >>> pl.select(a=half(pl.lit(5), pl.lit(2)), b=half(pl.lit(7), pl.lit(3))).row(0)
        (True, False)
    """
    return (2 * num) % (2 * den) == den


def hundredths(units: pl.Expr) -> pl.Expr:
    """
    Hundredths as the contract writes a percent: ``3342`` → ``33.42``, ``-5`` → ``-0.05``.

    Example:
        >>> pl.select(hundredths(pl.Series([3342, -5, 10000]))).to_series().to_list()
        ['33.42', '-0.05', '100.00']
    """
    size = units.abs()
    text = pl.concat_str(
        (size // 100).cast(pl.String), pl.lit("."), (size % 100).cast(pl.String).str.zfill(2)
    )
    return pl.when(units < 0).then(pl.concat_str(pl.lit("-"), text)).otherwise(text)


def normalized(units: pl.Expr) -> pl.Expr:
    """
    Hundredths without trailing zeros (``Decimal.normalize``): ``100000`` → ``1000``.

    Example:
        >>> pl.select(normalized(pl.Series([100000, 1250, 1205]))).to_series().to_list()
        ['1000', '12.5', '12.05']
    """
    whole = (units // 100).cast(pl.String)
    cents = units % 100
    return (
        pl.when(cents == 0)
        .then(whole)
        .when(cents % 10 == 0)
        .then(pl.concat_str(whole, pl.lit("."), (cents // 10).cast(pl.String)))
        .otherwise(pl.concat_str(whole, pl.lit("."), cents.cast(pl.String).str.zfill(2)))
    )
