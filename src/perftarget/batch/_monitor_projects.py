"""
Project results of a monitoring batch: the budget line and the project's light.

A project's budget line (:data:`~perftarget.batch.MONITOR_PROJECT_COLUMNS`)
sits on one of its rows or is repeated on each; two different values are a
conflict (:func:`conflicts`).  Its execution depends only on its amounts and
on whether it gives a reason and an explanation
(:data:`~perftarget.batch._monitor_fallback.PROJECT_KEY`): plain amounts are
computed in integer arithmetic, other spellings by
:func:`~perftarget.monitor.monitor` once per distinct key.  The project's
light is the worst of its execution's and its indicators'.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

import polars as pl

from perftarget.batch._arith import pow10, units_text
from perftarget.batch._monitor_arith import Round, hundredths, rounded, units_above, units_below
from perftarget.batch._monitor_columns import MONITOR_PROJECT_COLUMNS
from perftarget.batch._monitor_fallback import PROJECT_KEY, fallback_projects
from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem
from perftarget.monitor import MONITORING_CODES

__all__ = ["conflicts", "project_results"]

_PLAIN_AMOUNT: Final = r"^(?:0|[1-9][0-9]{0,13})(?:\.[0-9]{1,6})?$"
#: Places a projected amount keeps in each unit (one 元), as the per-object path.
_MONEY_PLACES: Final = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
_RANKS: Final = {"green": 0, "yellow": 1, "red": 2}


def _plain(column: str) -> pl.Expr:
    """No amount, or a plain one whose digits fit 63 bits."""
    text = pl.col(column)
    digits = text.str.replace(".", "", literal=True).cast(pl.Int64, strict=False)
    return text.is_null() | (text.str.contains(_PLAIN_AMOUNT) & digits.is_not_null())


def _mantissa(column: str) -> tuple[pl.Expr, pl.Expr]:
    """Integer mantissa and scale of a plain amount."""
    text = pl.col(column)
    dot = text.str.find(".", literal=True)
    scale = pl.when(dot.is_null()).then(0).otherwise(text.str.len_chars() - dot - 1)
    digits = text.str.replace(".", "", literal=True).cast(pl.Int64, strict=False)
    return digits, scale.cast(pl.Int64)


def _ratio(
    top: tuple[pl.Expr, pl.Expr], bottom: tuple[pl.Expr, pl.Expr], factor: int
) -> tuple[pl.Expr, pl.Expr]:
    """``factor × top / bottom`` rounded half-up, and whether it fits 63 bits (checked first)."""
    (nm, ns), (dm, ds) = top, bottom
    common = pl.max_horizontal(ns, ds)
    up, down = pow10(common - ns), pow10(common - ds)
    fits = (nm < (10**18 // (2 * factor)) // up) & (dm < 10**17 // down)
    return rounded(nm * up * factor, dm * down), fits


def _fast_projects(keys: pl.DataFrame, run: Round) -> pl.DataFrame:
    """Projects whose amounts are plain numbers in the default unit, in integer arithmetic."""
    profile, rule = run.profile, run.profile.execution
    places = _MONEY_PLACES.get(run.unit, 2)
    keys = keys.with_columns(_budget_text=pl.coalesce("_budget", "_initial_budget"))
    budget = _mantissa("_budget_text")
    executed = _mantissa("_executed")
    reported = _mantissa("_forecast_execution")
    rate, rate_fits = _ratio(executed, budget, 10_000)
    has_rate = (
        pl.col("_budget_text").is_not_null() & pl.col("_executed").is_not_null() & (budget[0] > 0)
    )
    elapsed, total = run.elapsed, run.total
    # projected: executed × total / elapsed at ``places`` decimals
    shift = places - executed[1]
    widen = pow10(shift.clip(0))
    num = executed[0] * widen * total
    den = pow10((-shift).clip(0)) * max(elapsed, 1)
    projected = rounded(num, den)
    keys = keys.with_columns(
        _rate=pl.when(has_rate).then(rate),
        _proj=pl.when(
            pl.col("_forecast_execution").is_null() & pl.col("_executed").is_not_null()
        ).then(projected),
        _fits=rate_fits | ~has_rate,
        _pfits=pl.col("_executed").is_null() | (executed[0] < (10**17 // total) // widen),
    )
    keys = keys.with_columns(
        _fsrc=pl.when(pl.col("_forecast_execution").is_not_null())
        .then(pl.lit("reported"))
        .when(pl.col("_proj").is_not_null() & (elapsed > 0))
        .then(pl.lit("projected")),
    )
    forecast_m = pl.when(pl.col("_fsrc") == "reported").then(reported[0]).otherwise(pl.col("_proj"))
    forecast_s = pl.when(pl.col("_fsrc") == "reported").then(reported[1]).otherwise(places)
    projected_rate, pr_fits = _ratio((forecast_m, forecast_s), budget, 10_000)
    has_pr = pl.col("_fsrc").is_not_null() & pl.col("_budget_text").is_not_null() & (budget[0] > 0)
    progress = int(run.progress * 100)
    gap = progress - pl.col("_rate")
    light = (
        pl.when(pl.col("_rate").is_null())
        .then(None)
        .when(gap > units_above(rule.red_gap))
        .then(pl.lit("red"))
        .when(gap > units_above(rule.yellow_gap))
        .then(pl.lit("yellow"))
        .otherwise(pl.lit("green"))
    )
    checkpoint = pl.lit(False)
    if rule.min_rate is not None and run.period.elapsed_months >= rule.min_rate_from_month:
        checkpoint = pl.col("_rate") < units_below(rule.min_rate)
    keys = keys.with_columns(
        _gap=gap,
        _light0=light,
        _checkpoint=checkpoint.fill_null(False),
        _prate=pl.when(has_pr).then(projected_rate),
        _prfits=pr_fits | ~has_pr,
    )
    light = pl.when(pl.col("_checkpoint")).then(pl.lit("red")).otherwise(pl.col("_light0"))
    keys = keys.with_columns(execution_light=light)
    below = profile.forecast.reason_below
    reason, explained = pl.col("_reason"), pl.col("_explained")
    lights = [item.value for item in profile.reason_lights]
    codes = [
        pl.when(pl.col("_light0") == "red")
        .then(pl.lit("PT401"))
        .when(pl.col("_light0") == "yellow")
        .then(pl.lit("PT402")),
        pl.when(pl.col("_checkpoint")).then(pl.lit("PT403")),
        pl.lit(None, pl.String)
        if below is None
        else pl.when(pl.col("_prate") < units_below(below)).then(pl.lit("PT404")),
        pl.when(reason & profile.explanation.on_deviation & ~explained).then(pl.lit("PT409")),
        pl.when(pl.col("execution_light").is_in(lights) & ~reason).then(pl.lit("PT410")),
    ]
    forecast_text = (
        pl.when(pl.col("_fsrc") == "reported")
        .then(pl.col("_forecast_execution"))
        .when(pl.col("_fsrc") == "projected")
        .then(units_text(pl.col("_proj"), places))
    )
    fast = (
        _plain("_budget")
        & _plain("_initial_budget")
        & _plain("_executed")
        & _plain("_forecast_execution")
        & pl.col("_fits")
        & pl.col("_pfits")
        & pl.col("_prfits")
    )
    return keys.select(
        *PROJECT_KEY,
        fast.fill_null(False).alias("_fast"),
        pl.col("_budget_text").alias("budget"),
        pl.col("_executed").alias("executed"),
        pl.when(pl.col("_rate").is_not_null())
        .then(hundredths(pl.col("_rate")))
        .alias("execution_rate"),
        pl.when(pl.col("_rate").is_not_null()).then(hundredths(pl.col("_gap"))).alias("gap"),
        forecast_text.alias("forecast"),
        pl.col("_fsrc").alias("forecast_source"),
        pl.when(pl.col("_prate").is_not_null())
        .then(hundredths(pl.col("_prate")))
        .alias("projected_rate"),
        "execution_light",
        pl.concat_str(codes, separator=";", ignore_nulls=True).alias("_pcodes"),
    )


def _spelled(text: str, amount: bool) -> str:
    """An amount in one spelling (``043.20`` → ``43.2``), to compare two cells; text as it is."""
    if amount and re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        return format(Decimal(text).normalize(), "f")
    return text


def conflicts(work: pl.DataFrame, headers: dict[str, str], first_row: int) -> list[Problem]:
    """
    Find every project column to which two rows of one project give different values.

    Amounts are compared by value (``43.2`` and ``43.20`` are one value); one
    problem is listed per project and column, at the row of the second value.

    Args:
        work: The working frame (read cells ``_<column>``, row index ``_i``).
        headers: The header of each batch column given.
        first_row: The row number of the frame's first row, in messages.

    Returns:
        The problems, in row order per column.
    """
    problems: list[Problem] = []
    given = [c for c in MONITOR_PROJECT_COLUMNS if c in headers]
    if not given:
        return problems
    counts = work.group_by("_project").agg(pl.col(f"_{c}").drop_nulls().n_unique() for c in given)
    for column in given:
        bad = counts.filter(pl.col(f"_{column}") > 1)["_project"]
        if not bad.len():
            continue
        rows = work.filter(
            pl.col("_project").is_in(bad.implode()) & pl.col(f"_{column}").is_not_null()
        ).select("_i", "_project", f"_{column}")
        amount = column not in ("budget_reason", "budget_explanation")
        first: dict[str, tuple[str, int]] = {}
        reported: set[str] = set()
        for index, project, value in rows.iter_rows():
            seen, at = first.setdefault(project, (value, index))
            if project in reported or _spelled(value, amount) == _spelled(seen, amount):
                continue
            reported.add(project)
            one, two = at + first_row, index + first_row
            message = say(
                f"项目「{project}」的「{headers[column]}」有两个不同的值：「{seen}」（第 {one} 行）"
                f"和「{value}」；同一项目各行只能给出一个值",
                f"project {project!r} gives two different values in {headers[column]!r}: "
                f"{seen!r} (row {one}) and {value!r}; give one value per project",
            )
            where = Location(row=two, column=headers[column])
            problems.append(Problem(where=where, message=message, text=value))
    return problems


def project_results(rows: pl.DataFrame, run: Round) -> pl.DataFrame:
    """
    One row per project: execution, forecast, lights and finding codes.

    Args:
        rows: The working frame with the indicator results.
        run: The round.

    Returns:
        The projects in order of appearance, with the columns
        :func:`~perftarget.batch.monitor_batch` documents.
    """
    rank = pl.col("light").replace_strict(_RANKS, default=None, return_dtype=pl.Int8)
    found = pl.col("findings")
    fields = rows.group_by("_project", maintain_order=True).agg(
        *(pl.col(f"_{c}").drop_nulls().first() for c in MONITOR_PROJECT_COLUMNS),
        pl.col("_name").is_not_null().sum().alias("indicators"),
        rank.max().alias("_rank"),
        found.filter(found.is_not_null() & (found != "")).str.join(";").alias("_icodes"),
    )
    fields = fields.with_columns(
        _reason=pl.col("_budget_reason").is_not_null(),
        _explained=pl.col("_budget_explanation").is_not_null(),
    )
    keys = fields.select(PROJECT_KEY).unique()
    fast = _fast_projects(keys, run)
    done = fast.filter(pl.col("_fast")).drop("_fast")
    todo = fast.filter(~pl.col("_fast")).select(PROJECT_KEY)
    if todo.height:
        done = pl.concat([done, fallback_projects(todo, run)])
    fields = fields.join(
        done, on=list(PROJECT_KEY), how="left", nulls_equal=True, maintain_order="left"
    )
    execution = pl.col("execution_light").replace_strict(_RANKS, default=None, return_dtype=pl.Int8)
    worst = pl.max_horizontal(execution, pl.col("_rank"))
    names = {rank: name for name, rank in _RANKS.items()}
    codes = pl.concat_str(
        [pl.when(pl.col(c) != "").then(pl.col(c)) for c in ("_pcodes", "_icodes")],
        separator=";",
        ignore_nulls=True,
    )
    errors = [c for c, item in MONITORING_CODES.items() if item.severity.value == "error"]
    warnings = [c for c, item in MONITORING_CODES.items() if item.severity.value == "warning"]
    listed = codes.str.split(";")
    return fields.select(
        pl.when(pl.col("_project") != "").then(pl.col("_project")).alias("project"),
        "budget",
        "executed",
        "execution_rate",
        pl.lit(format(run.progress, "f")).alias("time_progress"),
        "gap",
        "forecast",
        "forecast_source",
        "projected_rate",
        "execution_light",
        worst.replace_strict(names, default=None, return_dtype=pl.String).alias("light"),
        pl.col("indicators").cast(pl.Int64),
        listed.list.eval(pl.element().is_in(errors)).list.sum().cast(pl.Int64).alias("errors"),
        listed.list.eval(pl.element().is_in(warnings)).list.sum().cast(pl.Int64).alias("warnings"),
        codes.alias("findings"),
    )
