"""
Project totals and grades from scored rows, mergeable across batches.

A project may span batches (or partitions).  :func:`partial_totals` reduces
the scored rows of one batch to one row per project of sums that add up
(scores in integer units, weights per level-1 category at six decimals,
counts, flags); :func:`merge_totals` adds the partials of every batch and
finishes them into totals, grades and project-level finding codes, as
:func:`~perftarget.evaluate` gives them when no budget line is known.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import polars as pl

from perftarget._categories import Level1
from perftarget.batch._arith import units_text
from perftarget.batch._engine import PROJECT_RESULT, WEIGHT_SCALE
from perftarget.rules import NotApplicable, RuleSet

__all__ = ["merge_totals", "partial_totals", "project_totals"]

_LEVELS: Final = tuple(level.en for level in Level1)
#: Levels a rule set can weigh: not ``other`` (a label naming no category).
_WEIGHED: Final = tuple(level.en for level in Level1 if level is not Level1.OTHER)
_FRAMEWORK: Final = tuple(level.en for level in Level1 if level.family == "framework")
#: The totals' columns that a project scored whole takes from evaluate().
_FROM_EVALUATE: Final = ("total", "grade", "grade_en", "findings")


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
    dropped = (pl.col("status") == "not applicable") & pl.col("_units").is_null()
    # Row-wise masks first: the group-by then only sums plain columns.
    masks = [
        good.alias("_good"),
        pl.when(good & dropped).then(pl.col("_w6")).alias("_wdropped"),
        *((good & (pl.col("_l1") == level)).alias(f"_in_{level}") for level in _LEVELS),
    ]
    rows = rows.select("project", "_i", "_units", "_w6", *PROJECT_RESULT, *masks)
    good = pl.col("_good")
    aggregations = [
        (pl.col("_i").min().cast(pl.Int64) + offset).alias("_first"),
        good.sum().cast(pl.Int64).alias("rows"),
        (~good).sum().cast(pl.Int64).alias("unreadable"),
        pl.col("_units").is_not_null().sum().cast(pl.Int64).alias("scored"),
        pl.col("_units").sum().cast(pl.Int64).alias("_units"),
        pl.col("_wdropped").sum().cast(pl.Int64).alias("_dropped"),
        (good & pl.col("_w6").is_null()).any().alias("_wnull"),
        *(pl.col(c).drop_nulls().first() for c in PROJECT_RESULT),
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
            *(pl.col(c).drop_nulls().first() for c in PROJECT_RESULT),
        )
        .sort("_first")
    )
    places = rules.rounding.places
    total = (
        pl.when(pl.col("scored") == 0)
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
    # no budget amounts in a batch: the budget line is not scored (a rule set
    # without one, weight 0, asks for none)
    codes = [pl.lit("PT311")] if rules.budget.weight else []
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
    budget = int(rules.budget.weight.scaleb(WEIGHT_SCALE))
    full = int(rules.total.scaleb(WEIGHT_SCALE))
    codes.append(pl.when(known & (weights + budget != full)).then(pl.lit("PT338")))
    codes.append(_family(rules))
    finished = merged.with_columns(
        total=total,
        grade=grade,
        grade_en=grade_en,
        findings=pl.concat_str(*codes, separator=";", ignore_nulls=True),
    )
    finished = _rescale(finished, rules)
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
    for project, units, scored, dropped in todo.select(
        "project", "_units", "scored", "_dropped"
    ).iter_rows():
        total = Decimal(units).scaleb(-places) if scored else Decimal(0)
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
