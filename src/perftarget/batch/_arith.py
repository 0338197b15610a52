"""
Integer arithmetic of scores: the vectorised path of the batch engine.

A number ``mant / 10**scale`` is held as two integers.  A row's earned share
of its weight is the fraction ``num / den`` of two integers, and its score in
units of the rounding quantum is ``round(weight × num × 10**places / den)``,
computed in 64-bit integers and rounded half-up, half-even or down as the rule
set says.  Sizes are guarded so nothing overflows and so the result equals the
per-object path's ``Decimal`` arithmetic (28 significant digits, then one
rounding): a row outside the guard is scored by the per-object row functions.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from perftarget.batch._fallback import score_exact
from perftarget.core._model import Direction
from perftarget.rules import EqualMeans, LowerFormula, RoundingMode, RuleSet
from perftarget.score import COST_LEVEL2, Status

__all__ = ["fast_mask", "fast_outcomes", "pow10", "score_columns", "units_text"]

_LIMIT: Final = 4e18
#: Vectorised numbers are below 10**12 with at most 6 decimals: scaled to a common
#: exponent they stay below 10**18.
_MANTISSA: Final = 10**12
_SCALE: Final = 6
#: Finding code of a score capped at a weight finer than the rounding quantum.
CAPPED: Final = "PT349"
_DIRECTION_OF_CODE: Final = {
    0: Direction.HIGHER_IS_BETTER.value,
    1: Direction.HIGHER_IS_BETTER.value,
    2: Direction.LOWER_IS_BETTER.value,
    3: Direction.LOWER_IS_BETTER.value,
    4: Direction.EQUAL.value,
}
#: Level-2 member names (the ``_l2`` column) under which an implicit ``=`` is a cap.
_COST_NAMES: Final = sorted(level.name for level in COST_LEVEL2)


def pow10(exponent: pl.Expr) -> pl.Expr:
    """
    Ten to the power of an integer expression.

    Args:
        exponent: Non-negative integers.

    Returns:
        The Int64 powers.
    """
    return pl.lit(10, dtype=pl.Int64).pow(exponent)


def fast_mask(rules: RuleSet) -> pl.Expr:
    """
    Rows the integer path takes: plain numbers, same unit, positive target, small sizes.

    Args:
        rules: The rule set (its over-ratio tightens the size limit).

    Returns:
        A boolean expression over the engine's working columns.
    """
    limit = _MANTISSA
    if rules.deviation.over_ratio is not None:
        # A × 10**exponent and scaled × T (A, T < limit × 10**6) must fit in 63 bits
        exponent, scaled = _over_ratio(rules)
        limit = min(limit, 9 * 10**12 // max(10**exponent, abs(scaled), 1))
    small = (
        (pl.col("t_mant") < limit)
        & (pl.col("a_mant") < limit)
        & (pl.col("t_scale") <= _SCALE)
        & (pl.col("a_scale") <= _SCALE)
    )
    same_unit = (
        (pl.col("t_unit") == 0) | (pl.col("a_unit") == 0) | (pl.col("t_unit") == pl.col("a_unit"))
    )
    mask = pl.col("t_ok") & pl.col("a_ok") & (pl.col("t_mant") > 0) & same_unit & small
    return mask.fill_null(False)


def _over_ratio(rules: RuleSet) -> tuple[int, int]:
    """The over-ratio of the deviation rule as ``scaled / 10**exponent`` (0, 0 if none)."""
    over = rules.deviation.over_ratio
    if over is None:
        return 0, 0
    exponent = over.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return places, int(over.scaleb(places))


def _round(num: pl.Expr, den: pl.Expr, mode: RoundingMode) -> pl.Expr:
    q = num // den
    r = num - q * den
    if mode is RoundingMode.DOWN:
        return q
    if mode is RoundingMode.HALF_UP:
        return q + (2 * r >= den).cast(pl.Int64)
    return q + ((2 * r > den) | ((2 * r == den) & (q % 2 == 1))).cast(pl.Int64)


def units_text(units: pl.Expr, places: int) -> pl.Expr:
    """
    Write integer units of ``10**-places`` as decimal text (``1987`` → ``19.87``).

    Args:
        units: Non-negative integers.
        places: Decimal places.

    Returns:
        The text expression.
    """
    if places == 0:
        return units.cast(pl.String)
    scale = 10**places
    return pl.concat_str(
        (units // scale).cast(pl.String),
        pl.lit("."),
        (units % scale).cast(pl.String).str.zfill(places),
    )


def _cost_cap(rules: RuleSet) -> pl.Expr:
    """
    Rows whose implicit ``=`` under a cost level 2 reads as a cap (≤), as
    :func:`perftarget.score._evaluate.reads_as_cap` says; the vectorised targets never
    carry a stated direction.
    """
    if not rules.cost_cap:
        return pl.lit(False)
    cap = (pl.col("t_cmp") == 4) & pl.col("t_implicit") & pl.col("_l2").is_in(_COST_NAMES)
    return cap.fill_null(False)


def fast_outcomes(frame: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Add status, direction, ratio and earned fraction ``f_num / f_den`` (``f_`` columns).

    Args:
        frame: The engine's working frame (parsed targets and actuals).
        rules: The rule set.

    Returns:
        The frame with the ``f_`` columns, meaningful where the row is vectorised.
    """
    k = pl.max_horizontal("t_scale", "a_scale")
    cmp = pl.col("t_cmp")
    frame = frame.with_columns(
        _A=pl.col("a_mant") * pow10(k - pl.col("a_scale")),
        _T=pl.col("t_mant") * pow10(k - pl.col("t_scale")),
        _lower=(cmp == 2) | (cmp == 3) | _cost_cap(rules),
        _exact=(cmp == 4) & (rules.equal_means is EqualMeans.EXACT),
    )
    big_a, big_t, lower, exact = pl.col("_A"), pl.col("_T"), pl.col("_lower"), pl.col("_exact")
    if rules.lower_formula is LowerFormula.RATIO:
        lower_num, lower_den = big_t, big_a
    else:
        lower_num, lower_den = pl.max_horizontal(2 * big_t - big_a, pl.lit(0)), big_t
    full = (
        pl.when(lower)
        .then(big_a <= big_t)
        .when(exact)
        .then(big_a == big_t)
        .otherwise((big_a >= big_t) & rules.higher_cap)
    )
    frame = frame.with_columns(_full=full)
    full = pl.col("_full")
    frame = frame.with_columns(
        f_num=pl.when(full)
        .then(1)
        .when(lower)
        .then(lower_num)
        .when(exact)
        .then(pl.max_horizontal(big_t - (big_a - big_t).abs(), pl.lit(0)))
        .otherwise(big_a),
        f_den=pl.when(full).then(1).when(lower).then(lower_den).otherwise(big_t),
    )
    num, den = pl.col("f_num"), pl.col("f_den")
    status = (
        pl.when(full | (num >= den))
        .then(pl.lit(Status.MET.value))
        .when(num <= 0)
        .then(pl.lit(Status.NOT_MET.value))
        .otherwise(pl.lit(Status.PARTLY_MET.value))
    )
    fa, ft = big_a.cast(pl.Float64), big_t.cast(pl.Float64)
    over = pl.lit(False)
    if rules.deviation.over_ratio is not None:
        exponent, scaled = _over_ratio(rules)
        over = ~lower & (big_a * 10**exponent >= scaled * big_t)
    frame = frame.with_columns(f_status=status)
    shortfall = (
        pl.col("f_status").is_in([Status.PARTLY_MET.value, Status.NOT_MET.value])
        & rules.deviation.on_shortfall
    )
    copied = pl.col("a_cmp").is_not_null() & ~pl.col("a_implicit")
    return frame.with_columns(
        f_direction=pl.when(lower)
        .then(pl.lit(Direction.LOWER_IS_BETTER.value))
        .otherwise(cmp.replace_strict(_DIRECTION_OF_CODE, default=None, return_dtype=pl.String)),
        f_ratio=pl.when(lower).then(pl.when(big_a != 0).then(ft / fa)).otherwise(fa / ft),
        f_na=pl.lit(False),
        f_codes=pl.when(copied).then(pl.lit("PT303")).otherwise(pl.lit("")),
        f_dev=shortfall | over,
    )


def _exact_scores(frame: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """Scores of rows outside the integer guard, by the per-object row functions."""
    keys = frame.select("target", "_l2", "actual", "weight", "_year").unique()
    texts, units, capped = score_exact(list(keys.iter_rows()), rules)
    return keys.with_columns(
        _xscore=pl.Series(texts, dtype=pl.String),
        _xunits=pl.Series(units, dtype=pl.Int64),
        _xcapped=pl.Series(capped, dtype=pl.Boolean),
    )


def score_columns(frame: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Add every row's score (``score`` text and ``_units``) from ``_num / _den``.

    Args:
        frame: The working frame with ``_wm``, ``_wp``, ``_num``, ``_den``, ``_na``, ``_big``.
        rules: The rule set.

    Returns:
        The frame with ``score`` and ``_units``.
    """
    places = rules.rounding.places
    w, n, d = pl.col("_wm"), pl.col("_num"), pl.col("_den")
    fw, fn, fd = w.cast(pl.Float64), n.cast(pl.Float64), d.cast(pl.Float64)
    wp = pl.col("_wp").cast(pl.Float64)
    fits = (
        (w < 10**9)
        & (n < 10**18)
        & (fd * wp < _LIMIT)
        & (fw * fn * 10.0**places < _LIMIT)
        & (fw * fn < 1e4 * fd * wp)
    )
    scored = n.is_not_null() & w.is_not_null()
    units = _round(w * n * 10**places, d * pl.col("_wp"), rules.rounding.mode)
    # rounding never lifts a score above its weight (RoundingRule.apply's cap)
    top = (w * 10**places) // pl.col("_wp")
    capped = scored & fits & (n <= d) & (units > top)
    frame = frame.with_columns(
        _units=pl.when(capped).then(top).when(scored & fits).then(units),
        _capped=capped.fill_null(False),
        _inexact=(scored & ~fits.fill_null(False)) | (pl.col("_big") & w.is_not_null()),
    )
    # Written once per distinct score (a batch repeats a few thousand), then mapped.
    distinct = frame["_units"].drop_nulls().unique()
    written = pl.select(units_text(pl.lit(distinct), places)).to_series()
    text = (
        pl.when(pl.col("_na") & n.is_not_null() & w.is_not_null())
        .then(pl.lit("0"))
        .otherwise(
            pl.col("_units").replace_strict(distinct, written, default=None, return_dtype=pl.String)
        )
    )
    frame = frame.with_columns(score=text)
    if frame["_inexact"].any():
        inexact = frame.filter(pl.col("_inexact"))
        exact = _exact_scores(inexact, rules)
        keys = ["target", "_l2", "actual", "weight", "_year"]
        inside = pl.col("_inexact")
        frame = frame.join(exact, on=keys, how="left", nulls_equal=True).with_columns(
            score=pl.when(inside).then(pl.col("_xscore")).otherwise(pl.col("score")),
            _units=pl.when(inside).then(pl.col("_xunits")).otherwise(pl.col("_units")),
            _capped=pl.when(inside).then(pl.col("_xcapped")).otherwise(pl.col("_capped")),
        )
    if "_codes" in frame.columns:
        # PT349 follows the outcome's codes, as evaluate() orders a row's findings
        codes = pl.col("_codes")
        frame = frame.with_columns(
            _codes=pl.when(~pl.col("_capped").fill_null(False))
            .then(codes)
            .when(codes.fill_null("") == "")
            .then(pl.lit(CAPPED))
            .otherwise(pl.concat_str(codes, pl.lit(";" + CAPPED)))
        )
    return frame
