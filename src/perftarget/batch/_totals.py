"""
Project totals and grades from scored rows, mergeable across batches.

A project may span batches (or partitions).  :func:`partial_totals` reduces
the scored rows of one batch to one row per project of sums that add up
(scores in integer units, weights per level-1 category at six decimals,
counts, flags); :func:`merge_totals` adds the partials of every batch and
finishes them into totals, grades and project-level finding codes, as
:func:`~perftarget.evaluate` gives them, the budget-execution line included
(scored once per project with the per-object budget function).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import polars as pl

from perftarget.batch._annotate import WEIGHT_SCALE
from perftarget.batch._arith import _round, pow10, units_text
from perftarget.batch._engine import BUDGET_FIELDS, PROJECT_RESULT, budget_aggregations
from perftarget.batch._fallback import score_budgets
from perftarget.core._categories import Level1
from perftarget.rules import BudgetFormula, Denominator, NotApplicable, RuleSet
from perftarget.score import Status

__all__ = ["merge_totals", "partial_totals", "project_totals"]

_LEVELS: Final = tuple(level.en for level in Level1)
#: Levels a rule set can weigh: not ``other`` (a label naming no category).
_WEIGHED: Final = tuple(level.en for level in Level1 if level is not Level1.OTHER)
_FRAMEWORK: Final = tuple(level.en for level in Level1 if level.family == "framework")
#: The totals' columns that a project scored whole takes from evaluate().
_FROM_EVALUATE: Final = ("total", "grade", "grade_en", "findings")
#: Finding code of a total that misses rows kept unscored for their target (evaluate's).
_INCOMPLETE: Final = "PT344"


def partial_totals(rows: pl.DataFrame, *, offset: int = 0) -> pl.DataFrame:
    """
    Reduce scored rows to mergeable per-project sums.

    Args:
        rows: The result of :func:`score_batch`.
        offset: Number of rows before this batch (orders the projects).

    Returns:
        One row per project of this batch.
    """
    good = ~pl.col("_bad")
    dropped = (pl.col("status") == Status.NOT_APPLICABLE.value) & pl.col("_units").is_null()
    # Row-wise masks first: the group-by then only sums plain columns.
    masks = [
        good.alias("_good"),
        pl.when(good & dropped).then(pl.col("_w6")).alias("_wdropped"),
        *((good & (pl.col("_l1") == level)).alias(f"_in_{level}") for level in _LEVELS),
    ]
    rows = rows.select(
        "project",
        "_i",
        "_units",
        "_w6",
        "_incomplete",
        *PROJECT_RESULT,
        *BUDGET_FIELDS,
        "_bbad",
        *masks,
    )
    good = pl.col("_good")
    aggregations = [
        (pl.col("_i").min().cast(pl.Int64) + offset).alias("_first"),
        good.sum().cast(pl.Int64).alias("rows"),
        (~good).sum().cast(pl.Int64).alias("unreadable"),
        pl.col("_units").is_not_null().sum().cast(pl.Int64).alias("scored"),
        pl.col("_units").sum().cast(pl.Int64).alias("_units"),
        pl.col("_wdropped").sum().cast(pl.Int64).alias("_dropped"),
        (good & pl.col("_w6").is_null()).any().alias("_wnull"),
        pl.col("_incomplete").any(),
        *(pl.col(c).drop_nulls().first() for c in PROJECT_RESULT),
        *budget_aggregations("_bbad"),
    ]
    for level in _LEVELS:
        mine = pl.col(f"_in_{level}")
        aggregations.append(
            pl.when(mine).then(pl.col("_w6")).sum().cast(pl.Int64).alias(f"_w_{level}")
        )
        aggregations.append(mine.sum().cast(pl.Int64).alias(f"_n_{level}"))
    return rows.group_by("project").agg(aggregations)


def merge_totals(partials: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Add the partial sums of all batches and finish the project totals.

    Args:
        partials: Concatenated results of :func:`partial_totals`.
        rules: The rule set the rows were scored with.

    Returns:
        One row per project, in order of first appearance: ``project``,
        ``rows``, ``scored``, ``unreadable``, ``total`` (exact decimal text),
        ``grade``, ``grade_en`` and ``findings`` (project-level codes).
    """
    sums = [c for c in partials.columns if c.startswith(("_w_", "_n_"))]
    merged = (
        partials.group_by("project")
        .agg(
            pl.col("_first").min(),
            pl.col("rows", "unreadable", "scored", "_units", "_dropped", *sums).sum(),
            pl.col("_wnull").any(),
            pl.col("_incomplete").any(),
            *(pl.col(c).drop_nulls().first() for c in PROJECT_RESULT),
            *budget_aggregations("_bconf"),
        )
        .sort("_first")
    )
    merged = _with_budget(merged, rules)
    places = rules.rounding.places
    total = (
        pl.when((pl.col("scored") == 0) & pl.col("_bunits").is_null())
        .then(pl.lit("0"))
        .otherwise(units_text(pl.col("_units"), places))
    )
    grade = pl.lit(rules.grades[-1].zh)
    grade_en = pl.lit(rules.grades[-1].en)
    for band in reversed(rules.grades):
        # total >= lower  <=>  units >= ceil(lower * 10**places)
        edge = -((-band.lower.scaleb(places)) // 1)
        grade = pl.when(pl.col("_units") >= int(edge)).then(pl.lit(band.zh)).otherwise(grade)
        grade_en = pl.when(pl.col("_units") >= int(edge)).then(pl.lit(band.en)).otherwise(grade_en)
    codes: list[pl.Expr] = [pl.when(pl.col("_bcodes") != "").then(pl.col("_bcodes"))]
    known = ~pl.col("_wnull") & (pl.col("rows") > 0)
    for level in _WEIGHED if rules.level1_weights else ():
        expected = rules.level1_weights.get(level)
        present = known & (pl.col(f"_n_{level}") > 0)
        if expected is None:
            differs = present
        else:
            differs = present & (pl.col(f"_w_{level}") != int(expected.scaleb(WEIGHT_SCALE)))
        codes.append(pl.when(differs).then(pl.lit("PT321")))
    weights = pl.sum_horizontal(*(pl.col(f"_w_{level}") for level in _LEVELS))
    full = int(rules.total.scaleb(WEIGHT_SCALE))
    codes.append(pl.when(known & (weights + pl.col("_bw6") != full)).then(pl.lit("PT338")))
    codes.append(pl.when(pl.col("_incomplete")).then(pl.lit(_INCOMPLETE)))
    codes.append(_family(rules))
    # graded only on the rule set's scale: weights within one quantum of the total
    # (RuleSet.on_scale), compared as integers at WEIGHT_SCALE decimals
    present = weights.fill_null(0) + pl.col("_bw6").fill_null(0)
    on_scale = (present - full).abs() * 10**places <= 10**WEIGHT_SCALE
    codes.append(pl.when(~on_scale).then(pl.lit("PT348")))
    finished = merged.with_columns(
        total=total,
        grade=grade,
        grade_en=grade_en,
        findings=pl.concat_str(*codes, separator=";", ignore_nulls=True),
    )
    finished = _rescale(finished, rules).with_columns(
        grade=pl.when(on_scale).then(pl.col("grade")).otherwise(pl.lit("")),
        grade_en=pl.when(on_scale).then(pl.col("grade_en")).otherwise(pl.lit("")),
    )
    final = pl.col("_ptotal").is_not_null()
    return finished.select(
        "project",
        "rows",
        "scored",
        "unreadable",
        *(
            pl.when(final).then(pl.col(whole)).otherwise(pl.col(name)).alias(name)
            for whole, name in zip(PROJECT_RESULT, _FROM_EVALUATE, strict=True)
        ),
    )


def _with_budget(merged: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Score each project's budget line (once per distinct line) and add it to
    the indicator units: ``_bunits`` (None: not scored), ``_bcodes`` and
    ``_bw6`` (the line's weight at six decimals, for the weights' sum).

    Plain lines are scored in integer arithmetic (:func:`_fast_budgets`); the
    rest by the per-object budget function.
    """
    fields = [*BUDGET_FIELDS, "_bconf"]
    lines = _fast_budgets(merged.select(fields).unique(), rules)
    slow = lines.filter(~pl.col("_fast")).select(fields)
    scored = score_budgets(list(slow.iter_rows()), rules)
    slow = slow.with_columns(
        _bunits=pl.Series([s[0] for s in scored], dtype=pl.Int64),
        _bcodes=pl.Series([s[1] for s in scored], dtype=pl.String),
        _bw6=pl.Series([s[2] for s in scored], dtype=pl.Int64),
    )
    done = lines.filter(pl.col("_fast")).select(*fields, "_bunits", "_bcodes", "_bw6")
    lines = pl.concat([done, slow])
    merged = merged.join(lines, on=fields, how="left", nulls_equal=True, maintain_order="left")
    return merged.with_columns(
        _units=pl.col("_units").fill_null(0) + pl.col("_bunits").fill_null(0),
    )


#: Amounts the integer path takes: at most this many digits, at most _AMOUNT_SCALE decimals.
_AMOUNT_DIGITS: Final = 12
_AMOUNT_SCALE: Final = 4


def _scaled(column: str) -> tuple[pl.Expr, pl.Expr]:
    """A plain decimal text column as integer mantissa and scale (null: not plain)."""
    text = pl.col(column)
    whole = text.str.extract(r"^(\d+)(?:\.\d+)?$")
    part = text.str.extract(r"^\d+\.(\d+)$").fill_null("")
    digits = pl.concat_str(whole, part)
    ok = whole.is_not_null() & (digits.str.len_chars() <= _AMOUNT_DIGITS)
    ok = ok & (part.str.len_chars() <= _AMOUNT_SCALE)
    return (
        pl.when(ok).then(digits.cast(pl.Int64, strict=False)),
        pl.when(ok).then(part.str.len_chars().cast(pl.Int64)),
    )


def _fast_budgets(lines: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Score plain budget lines in integer arithmetic, exactly as the per-object
    budget function does: ``round(weight × min(executed, budget) / budget)``.

    A line is plain when its amounts are plain numbers of a bounded size,
    the budget is positive, no adjusted budget is asked for, the rule's
    formula is proportional, its weight needs no finer step than the
    rounding and no published weight is given; ``_fast`` marks them.
    """
    rule = rules.budget
    places = rules.rounding.places
    weight = rule.weight
    exponent = weight.as_tuple().exponent
    plain_rule = (
        rule.formula is BudgetFormula.PROPORTIONAL
        and isinstance(exponent, int)
        and -exponent <= places
        and weight.adjusted() < 6
        and (rule.denominator is Denominator.FULL_YEAR)
    )
    if not plain_rule or not lines.height:
        return lines.with_columns(
            _fast=pl.lit(False), **{c: pl.lit(None, pl.Int64) for c in ("_bunits", "_bw6")}
        ).with_columns(_bcodes=pl.lit(None, pl.String))
    bm, bs = _scaled("_b_budget")
    em, es = _scaled("_b_executed")
    lines = lines.with_columns(_bm=bm, _bs=bs, _em=em, _es=es)
    scale = pl.max_horizontal("_bs", "_es")
    b = pl.col("_bm") * pow10(scale - pl.col("_bs"))
    e = pl.col("_em") * pow10(scale - pl.col("_es"))
    lines = lines.with_columns(_B=b, _E=e)
    b, e = pl.col("_B"), pl.col("_E")
    w_units = int(weight.scaleb(places))  # the weight in units of the quantum
    capped = e >= b if rule.cap else pl.lit(False)
    num = e if not rule.cap else pl.min_horizontal(e, b)
    fast = (
        ~pl.col("_bconf")
        & pl.col("_b_budget_weight").is_null()
        & pl.col("_B").is_not_null()
        & pl.col("_E").is_not_null()
        & (b > 0)
        & (num.cast(pl.Float64) * max(w_units, 1) < 4e18)
    ).fill_null(False)
    units = (
        pl.when(capped)
        .then(pl.lit(w_units))
        .otherwise(_round(num * w_units, b, rules.rounding.mode))
    )
    codes: pl.Expr = pl.lit("")
    if rule.reason_below is not None:
        below = rule.reason_below
        exp = below.as_tuple().exponent
        shift = -exp if isinstance(exp, int) and exp < 0 else 0
        scaled_below = int(below.scaleb(shift))
        low = (e * 10**shift < b * scaled_below) & pl.col("_b_budget_reason").is_null()
        fits = (e.cast(pl.Float64) * 10**shift < 4e18) & (b.cast(pl.Float64) * scaled_below < 4e18)
        fast = fast & fits.fill_null(False)
        codes = pl.when(low).then(pl.lit("PT312")).otherwise(codes)
    return lines.with_columns(
        _fast=fast,
        _bunits=pl.when(fast).then(units).cast(pl.Int64),
        _bcodes=codes,
        _bw6=pl.lit(int(weight.scaleb(WEIGHT_SCALE)), pl.Int64),
    ).drop("_bm", "_bs", "_em", "_es", "_B", "_E")


def _family(rules: RuleSet) -> pl.Expr:
    """``PT320`` where the project's tree is of the other family than the rule set's."""
    framework = pl.sum_horizontal(*(pl.col(f"_n_{level}") for level in _FRAMEWORK)) > 0
    named = pl.sum_horizontal(*(pl.col(f"_n_{level}") for level in _WEIGHED)) > 0
    other = framework if rules.family == "common" else named & ~framework
    return pl.when(other).then(pl.lit("PT320"))


def _rescale(frame: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """Rescale the totals of projects with not-applicable rows (exact, in Python)."""
    if rules.not_applicable is not NotApplicable.RESCALE:
        return frame
    full = rules.total.scaleb(WEIGHT_SCALE)
    mask = (pl.col("_dropped") > 0) & (pl.col("_dropped") < int(full)) & pl.col("_ptotal").is_null()
    todo = frame.filter(mask)
    if not todo.height:
        return frame
    places = rules.rounding.places
    fixed: dict[str, tuple[str, str, str]] = {}
    for project, units, dropped in todo.select("project", "_units", "_dropped").iter_rows():
        total = Decimal(units or 0).scaleb(-places)
        lost = Decimal(dropped).scaleb(-WEIGHT_SCALE)
        value = rules.rounding.apply(total * rules.total / (rules.total - lost))
        band = rules.grade(value)
        fixed[project] = (format(value, "f"), band.zh, band.en)
    patch = pl.DataFrame(
        [(p, *v) for p, v in fixed.items()],
        schema={"project": pl.String, "_t": pl.String, "_g": pl.String, "_ge": pl.String},
        orient="row",
    )
    return (
        frame.join(patch, on="project", how="left", nulls_equal=True)
        .with_columns(
            total=pl.coalesce("_t", "total"),
            grade=pl.coalesce("_g", "grade"),
            grade_en=pl.coalesce("_ge", "grade_en"),
        )
        .drop("_t", "_g", "_ge")
    )


def project_totals(rows: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Totals and grades of the projects of one complete batch.

    Args:
        rows: The result of :func:`score_batch`.
        rules: The rule set.

    Returns:
        As :func:`merge_totals`.
    """
    return merge_totals(partial_totals(rows), rules)
