"""
Indicator results of a monitoring batch, computed once per distinct key.

An indicator's projection, attainment and light depend only on its target,
level-2 category, current value and forecast
(:data:`~perftarget.batch._monitor_fallback.INDICATOR_KEY`); its findings
follow from them and from the row's likelihood, deviation reason and
explanation.  The common shapes (a plain number against a positive plain
number in the same unit, or without one) are computed in 64-bit integer
arithmetic; everything else (deadlines, qualitative targets, conversions,
ranges), and the few percents the integers cannot round as the per-object path
does, by :func:`~perftarget.monitor.monitor` itself.
"""

from __future__ import annotations

import math
from typing import Final

import polars as pl

from perftarget.batch._arith import pow10
from perftarget.batch._monitor_arith import (
    Round,
    half,
    hundredths,
    normalized,
    rounded,
    units_above,
    units_below,
)
from perftarget.batch._monitor_fallback import (
    INDICATOR_KEY,
    INDICATOR_RESULT,
    fallback_indicators,
)
from perftarget.batch._vectorparse import parse_values
from perftarget.core._units import unit_info
from perftarget.monitor import Profile
from perftarget.rules import RuleSet
from perftarget.score import COST_LEVEL2

__all__ = ["indicator_results"]

#: Integers below this take the vectorised path (products stay below 2**63).
_LIMIT: Final = 10**11
_SCALE: Final = 6
#: The result columns of a row (``findings`` is made from the others).
_ROW_RESULTS: Final = (*(c for c in INDICATOR_RESULT if not c.startswith("_")), "findings")


def _parsed(keys: pl.DataFrame, column: str, prefix: str, *, actual: bool) -> pl.DataFrame:
    table = parse_values(keys[column].drop_nulls().unique(), actual=actual)
    table = table.rename({c: f"{prefix}{c}" for c in table.columns if c != "text"})
    return keys.join(table.rename({"text": column}), on=column, how="left")


def _counted(units: pl.Series) -> dict[str, bool]:
    """Whether a target in each unit counts up over the year (a quantity or an amount)."""
    return {
        unit: unit_info(unit).kind not in ("percent", "percent_point", "rate")
        for unit in units.drop_nulls().unique().to_list()
    }


def _direction(rules: RuleSet) -> pl.Expr:
    """The direction a target is read by: its comparator's, an implicit cost ``=`` a cap."""
    cmp = pl.col("t_cmp")
    cost = [level.name for level in COST_LEVEL2]
    cap = (cmp == "=") & pl.col("t_implicit") & pl.col("_l2c").is_in(cost) & rules.cost_cap
    return (
        pl.when(cmp.is_in([">=", ">"]) & ~cap)
        .then(pl.lit("higher"))
        .when(cmp.is_in(["<=", "<"]) | cap)
        .then(pl.lit("lower"))
        .otherwise(pl.lit("equal"))
    )


def _usable(prefix: str) -> pl.Expr:
    """A parsed current value or forecast the integer path takes (small, same unit)."""
    unit, target = pl.col(f"{prefix}unit"), pl.col("t_unit")
    return (
        pl.col(f"{prefix}ok")
        & (pl.col(f"{prefix}scale") <= _SCALE)
        & (pl.col(f"{prefix}mant") < _LIMIT)
        & ((unit == "") | (target == "") | (unit == target))
    )


def _fast_indicators(keys: pl.DataFrame, run: Round) -> pl.DataFrame:
    """
    Results of the keys the integer path takes (``_fast``), as :data:`INDICATOR_RESULT`.

    A plain number against a positive plain number in the same unit (or
    without one), small enough that every product fits 63 bits; a percent
    that falls exactly half-way between two hundredths goes back (``_back``)
    to the per-object path, which rounds a projected value to 28 digits first.
    """
    keys = _parsed(keys, "_tgt", "t_", actual=False)
    keys = _parsed(keys, "_cur", "c_", actual=True)
    keys = _parsed(keys, "_fc", "f_", actual=True)
    has_f, has_c = pl.col("_fc").is_not_null(), pl.col("_cur").is_not_null()
    target = pl.col("t_ok") & (pl.col("t_mant") > 0) & (pl.col("t_mant") < _LIMIT)
    keys = keys.with_columns(
        _fast=(
            target
            & (pl.col("t_scale") <= _SCALE)
            & (~has_f | _usable("f_"))
            & (~has_c | _usable("c_"))
        ).fill_null(False),
        direction=_direction(run.rules),
        _counted=pl.col("t_unit").replace_strict(
            _counted(keys["t_unit"]), default=False, return_dtype=pl.Boolean
        ),
    )
    fast = _projected(keys.filter(pl.col("_fast")), run)
    red = units_below(run.profile.attainment.red_below)
    yellow = units_below(run.profile.attainment.yellow_below)
    att = pl.col("_att")
    light = pl.when(att < red).then(pl.lit("red")).when(att < yellow).then(pl.lit("yellow"))
    fast = fast.with_columns(light=light.when(att.is_not_null()).then(pl.lit("green")))
    first = pl.col("light").replace_strict({"red": "PT405", "yellow": "PT406"}, default=None)
    common = pl.max_horizontal(pl.col("c_scale"), pl.col("t_scale"))
    current = pl.col("c_mant") * pow10(common - pl.col("c_scale"))
    small = pl.col("_small") & (pl.col("_cur").is_null() | (current < _LIMIT))
    back = (~small | pl.col("_on_half")).fill_null(False)
    return fast.select(
        "_key",
        *INDICATOR_KEY,
        back.alias("_back"),
        "direction",
        "projected",
        "projected_source",
        pl.when(att.is_not_null()).then(hundredths(att)).alias("projected_attainment"),
        "light",
        first.alias("_first"),
        _over_target(run.profile).alias("_over"),
        has_f.alias("_forecast"),
    )


def _projected(fast: pl.DataFrame, run: Round) -> pl.DataFrame:
    """The projected value (``projected``, its source) and attainment in hundredths (``_att``)."""
    elapsed, total = run.elapsed, run.total
    has_f, has_c = pl.col("_fc").is_not_null(), pl.col("_cur").is_not_null()
    scaled = ~has_f & has_c & pl.col("_counted") & pl.col("direction").is_in(["higher", "lower"])
    value_m = pl.when(has_f).then(pl.col("f_mant")).otherwise(pl.col("c_mant"))
    value_s = pl.when(has_f).then(pl.col("f_scale")).otherwise(pl.col("c_scale"))
    common = pl.max_horizontal(value_s, pl.col("t_scale"))
    fast = fast.with_columns(
        _scaled=scaled,
        _known=has_f | (has_c & ~(scaled & (elapsed == 0))),
        _v=value_m * pow10(common - value_s),
        _g=pl.col("t_mant") * pow10(common - pl.col("t_scale")),
    )
    times = pl.when(pl.col("_scaled")).then(pl.lit(total)).otherwise(pl.lit(1))
    per = pl.when(pl.col("_scaled")).then(pl.lit(max(elapsed, 1))).otherwise(pl.lit(1))
    value, goal = pl.col("_v") * times, pl.col("_g") * per
    lower = pl.col("direction") == "lower"
    within = lower & (value <= goal)
    num = pl.when(lower).then(goal * 10_000).otherwise(value * 10_000)
    den = pl.when(lower).then(value).otherwise(goal)
    scaled_value = rounded(
        pl.col("c_mant") * (total * 100), pow10(pl.col("c_scale")) * max(elapsed, 1)
    )
    shown = (
        pl.when(has_f)
        .then(pl.col("_fc"))
        .when(pl.col("_scaled"))
        .then(pl.concat_str(normalized(scaled_value), pl.col("c_unit")))
        .otherwise(pl.col("_cur"))
    )
    known = pl.col("_known")
    return fast.with_columns(
        _small=((pl.col("_v") < _LIMIT) | ~known) & (pl.col("_g") < _LIMIT),
        _att=pl.when(~known)
        .then(None)
        .when(within)
        .then(pl.lit(10_000, pl.Int64))
        .otherwise(rounded(num, den)),
        _on_half=known & ~within & half(num, den),
        projected=pl.when(known).then(shown),
        projected_source=pl.when(has_f)
        .then(pl.lit("reported"))
        .when(known)
        .then(pl.lit("projected")),
    )


def _over_target(profile: Profile) -> pl.Expr:
    """Rule M5 on the current value (before the explanation is considered)."""
    rule = profile.explanation
    common = pl.max_horizontal(pl.col("c_scale"), pl.col("t_scale"))
    current = pl.col("c_mant") * pow10(common - pl.col("c_scale"))
    goal = pl.col("t_mant") * pow10(common - pl.col("t_scale"))
    over = pl.lit(False)
    if rule.over_percent is not None:
        beyond = rounded((current - goal) * 10_000, goal) > units_above(rule.over_percent)
        over = (pl.col("direction") == "higher") & (current > goal) & beyond
    if rule.over_cap:
        over = over | ((pl.col("direction") == "lower") & (current > goal))
    return pl.col("_cur").is_not_null() & over.fill_null(False)


def _indicator_codes(profile: Profile) -> pl.Expr:
    """A row's codes in the order of the per-object path, from its key's result."""
    light = pl.col("light")
    likely = [item.value for item in profile.likelihoods]
    reason, explained = pl.col("_reason"), pl.col("_explained")
    lights = [item.value for item in profile.reason_lights]
    codes = [
        pl.col("_first"),
        pl.when(
            pl.col("likelihood_category").is_in(likely) & (~pl.col("_forecast") | ~reason)
        ).then(pl.lit("PT408")),
        pl.when(reason & profile.explanation.on_deviation & ~explained).then(pl.lit("PT409")),
        pl.when(light.is_in(lights) & ~reason).then(pl.lit("PT410")),
        pl.when(pl.col("_over") & ~explained).then(pl.lit("PT411")),
    ]
    return pl.concat_str(codes, separator=";", ignore_nulls=True)


def _row_keys(rows: pl.DataFrame) -> pl.Series:
    """
    One integer per distinct :data:`INDICATOR_KEY`: each column coded by the
    position of its text among the column's distinct texts, the codes combined
    arithmetically when that fits 64 bits, else numbered by a join.
    """
    codes: list[pl.Series] = []
    for column in INDICATOR_KEY:
        texts = rows[column].drop_nulls().unique()
        codes.append(rows[column].cast(pl.Enum(texts)).to_physical().cast(pl.UInt64))
    sizes = [int(code.max() or 0) + 2 for code in codes]  # type: ignore[arg-type]
    if math.prod(sizes) < 2**63:
        key = pl.Series("_key", [0] * rows.height, dtype=pl.UInt64)
        for code, size in zip(codes, sizes, strict=True):
            key = key * size + code.fill_null(size - 1)
        return key.alias("_key")
    table = pl.DataFrame(codes)
    numbered = table.unique().with_row_index("_key")
    joined = table.join(numbered, on=table.columns, how="left", nulls_equal=True)
    return joined["_key"].cast(pl.UInt64)


def indicator_results(work: pl.DataFrame, run: Round) -> pl.DataFrame:
    """
    Add the result columns of every row, joined back by key.

    Args:
        work: The working frame, with the level-2 member, the likelihood and
            whether a reason and an explanation are given (``_reason``,
            ``_explained``).
        run: The round.

    Returns:
        The frame with the indicator results (null on a row that is no
        indicator: a blank level-3 cell) and ``findings``.
    """
    named = pl.col("_name").is_not_null()
    rows = work.with_columns(_row_keys(work))
    keys = rows.filter(named).select("_key", *INDICATOR_KEY).unique("_key")
    fast = _fast_indicators(keys, run)
    done = fast.filter(~pl.col("_back")).drop("_back")
    todo = keys.join(done.select("_key"), on="_key", how="anti")
    if todo.height:
        done = pl.concat([done, fallback_indicators(todo, run)])
    rows = rows.join(done.drop(INDICATOR_KEY), on="_key", how="left", maintain_order="left")
    rows = rows.with_columns(findings=_indicator_codes(run.profile))
    if not rows["_name"].null_count():
        return rows
    return rows.with_columns(pl.when(named).then(pl.col(c)).alias(c) for c in _ROW_RESULTS)
