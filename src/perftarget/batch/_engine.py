"""
The columnar engine: :func:`score_batch` scores a whole table of rows held in
a polars frame, with the results of the per-object path to the last decimal.

Three paths, chosen per row:

1. **vectorised** — a numeric target and actual of a common shape, in the
   same unit, with a positive target.  Numbers are held as scaled integers
   (``mantissa / 10**scale``) and every score is computed in integer
   arithmetic: ``score × 10**places = round(weight × num × 10**places /
   den)``, rounded as the rule set says.  No float touches a score (ratios
   are reported as floats, for information only).
2. **distinct rows** — everything else (qualitative targets, deadlines,
   conversions, ranges, odd spellings): the per-object row functions find,
   once per distinct ``(target, level-2, actual)``, the share of the weight
   the row earns; the weight is applied in integer arithmetic as above.
3. **whole projects** — projects whose rows interact (published scores,
   parent and ``其中`` rows) go through :func:`~perftarget.evaluate`.

Headers are read with the readers' vocabulary (:func:`batch_columns`): the
official Chinese headers (一级指标 … 实际完成值, 分值, 得分, 偏差原因), 项目名称 /
项目编码 for the project and the funding block's 全年预算数 / 全年执行数 for
the budget-execution line.

A target adjusted during the year (调整后指标值, and 第2次调整后指标值 … : the
last one filled is in force) is read as the readers read it, before the
paths are chosen: under a rule set whose ``adjusted_targets`` is ``use`` it
replaces the row's target, so every path scores it; either way the row
carries ``PT314``, and an adjusted value that cannot be read ``PT011``
(:func:`_adjustments`).
"""

from __future__ import annotations

import math
from typing import Final

import polars as pl

from perftarget.batch._annotate import _annotate, _Lookups, _value_tables
from perftarget.batch._arith import fast_mask, fast_outcomes, score_columns
from perftarget.batch._cells import _prepare
from perftarget.batch._columns import (
    BUDGET_COLUMNS,
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    OUTPUT_COLUMNS,
    adjusted_columns,
    batch_columns,
)
from perftarget.batch._fallback import (
    UNREADABLE,
    UNREADABLE_OUTCOME,
    BudgetFields,
    KeyOutcome,
    RowResult,
    score_keys,
    score_projects,
)
from perftarget.rules import RuleSet
from perftarget.score import Status

__all__ = ["BUDGET_FIELDS", "PROJECT_RESULT", "budget_aggregations", "score_batch"]

_RESULT_SCHEMA: Final = {
    "direction": pl.String,
    "ratio": pl.Float64,
    "status": pl.String,
    "score": pl.String,
    "_units": pl.Int64,
    "findings": pl.String,
}


_OUTCOME_SCHEMA: Final = {
    "direction": pl.String,
    "ratio": pl.Float64,
    "status": pl.String,
    "_num": pl.Int64,
    "_den": pl.Int64,
    "_na": pl.Boolean,
    "_codes": pl.String,
    "_dev": pl.Boolean,
}
_INT64: Final = 2**62


def _slow_outcomes(keys: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Outcomes of the distinct ``(target, level-2, actual, year)`` of the keys
    the vectorised path does not take (``s_`` columns, joined on the codes).
    """
    codes = ["_tc", "_l2c", "_ac", "_yc"]
    fields = ["target", "_l2", "actual", "_year"]
    todo = keys.filter(~pl.col("_fast")).select(*codes, *fields).unique(codes)
    found = score_keys(list(todo.select(fields).iter_rows()), rules)
    columns: dict[str, list[object]] = {name: [] for name in _OUTCOME_SCHEMA}
    columns["_unread"] = []
    columns["_big"] = []
    for item in found:
        columns["_unread"].append(item is None)
        outcome = UNREADABLE_OUTCOME if item is None else item
        num, den = outcome.num, outcome.den
        big = num is not None and den is not None and max(num, den) >= _INT64
        columns["_big"].append(big)
        for name, value in zip(_OUTCOME_SCHEMA, _outcome_values(outcome, big), strict=True):
            columns[name].append(value)
    schema = {**_OUTCOME_SCHEMA, "_unread": pl.Boolean, "_big": pl.Boolean}
    table = pl.DataFrame(columns, schema=schema)
    return pl.concat([todo.select(codes), table], how="horizontal").rename(
        {name: f"s{name}" if name.startswith("_") else f"s_{name}" for name in schema}
    )


def _outcome_values(outcome: KeyOutcome, big: bool) -> tuple[object, ...]:
    """An outcome's values in :data:`_OUTCOME_SCHEMA` order; a fraction beyond 64 bits left out."""
    return (
        None if outcome.direction is None else outcome.direction.value,
        outcome.ratio,
        outcome.status.value,
        None if big else outcome.num,
        None if big else outcome.den,
        outcome.not_applicable,
        outcome.codes,
        outcome.reason_missing,
    )


def _result_values(result: RowResult) -> tuple[object, ...]:
    """A row result's values in :data:`_RESULT_SCHEMA` order."""
    return (
        None if result.direction is None else result.direction.value,
        result.ratio,
        result.status.value,
        result.score,
        result.units,
        result.codes,
    )


def _results(index: list[int], results: list[RowResult]) -> pl.DataFrame:
    data: dict[str, object] = {"_i": pl.Series("_i", index, dtype=pl.UInt32)}
    rows = [_result_values(item) for item in results]
    for position, (name, dtype) in enumerate(_RESULT_SCHEMA.items()):
        data[name] = pl.Series(name, [row[position] for row in rows], dtype=dtype)
    return pl.DataFrame(data)


#: The working columns of a row's budget fields, in :data:`BudgetFields` order.
BUDGET_FIELDS: Final = tuple(f"_b_{column}" for column in BUDGET_COLUMNS)


def budget_aggregations(flag: str) -> list[pl.Expr]:
    """
    Aggregations of the budget fields of a project's rows (or partial sums).

    Each field is the first value given; ``_bconf`` says the fields cannot
    be used: a field has two different values, or ``flag`` (a bad cell) is
    set on any row.

    Args:
        flag: ``_bbad`` over rows, ``_bconf`` over partial sums.

    Returns:
        The expressions, for a group-by on ``project``.
    """
    differ = [pl.col(c).drop_nulls().n_unique() > 1 for c in BUDGET_FIELDS]
    return [
        *(pl.col(c).drop_nulls().first() for c in BUDGET_FIELDS),
        (pl.col(flag).any() | pl.any_horizontal(*differ)).alias("_bconf"),
    ]


def _whole_projects(frame: pl.DataFrame, lookups: _Lookups, rules: RuleSet) -> pl.DataFrame:
    budgets: dict[str, BudgetFields] = {
        row[0]: row[1:]
        for row in frame.group_by("project").agg(budget_aggregations("_bbad")).iter_rows()
    }
    frame = frame.with_columns(
        lookups.level2.gather(frame["_l2c"]).alias("_l2"),
        lookups.years.gather(frame["_yc"]).alias("_year"),
    )
    fields = ["_l1", "_l2", "level3", "target", "actual", "weight", "published_score", "reason"]
    if "_adj" in frame.columns:
        # evaluate() takes the original target and its revision, and picks the one in force
        frame = frame.with_columns(target=pl.col("_given"))
        fields.append("_adj")
    projects: dict[str, list[tuple[int, dict[str, str | None]]]] = {}
    years: dict[str, int] = {}  # a project's year: the first its rows give
    for record in frame.select("project", "_i", "_year", *fields).iter_rows(named=True):
        projects.setdefault(record["project"], []).append((record["_i"], record))
        if record["_year"] is not None:
            years.setdefault(record["project"], record["_year"])
    owners = frame.select("_i", "project")
    scored = score_projects(projects, rules, years=years, budgets=budgets)
    index: list[int] = []
    results: list[RowResult] = []
    finals: dict[str, list[object]] = {name: [] for name in ("project", *PROJECT_RESULT)}
    for project, result in scored.items():
        index.extend(result.rows)
        results.extend(result.rows.values())
        values = (project, result.total, result.grade, result.grade_en, result.codes)
        for key, value in zip(finals, values, strict=True):
            finals[key].append(value)
    rows = _results(index, results)
    final = pl.DataFrame(finals, schema=dict.fromkeys(finals, pl.String))
    return (
        rows.join(owners, on="_i")
        .join(final, on="project", how="left", nulls_equal=True)
        .drop("project")
        .rename({name: f"w{name}" for name in _RESULT_SCHEMA})
    )


#: Working columns of a project scored whole: total, grade (zh, en), finding codes.
PROJECT_RESULT: Final = ("_ptotal", "_pgrade", "_pgrade_en", "_pcodes")


_KEY_CODES: Final = ("_tc", "_l2c", "_ac", "_wc", "_yc")
#: Finding code of a row kept unscored for a problem reading its target (template residue).
_UNFILLED: Final = "PT309"


def _row_key(frame: pl.DataFrame) -> pl.Series:
    """
    One integer per distinct ``(target, level-2, actual, weight, year)``:
    everything a row's score and outcome depend on.  The codes are combined
    arithmetically when that fits 64 bits, else numbered by a join.
    """
    sizes = [int(frame[code].max() or 0) + 2 for code in _KEY_CODES]  # type: ignore[arg-type]
    if math.prod(sizes) < 2**63:
        key = pl.lit(0, pl.UInt64)
        for code, size in zip(_KEY_CODES, sizes, strict=True):
            key = key * size + pl.col(code).cast(pl.UInt64).fill_null(size - 1)
        return frame.select(key.alias("_key")).to_series()
    codes = frame.select(_KEY_CODES)
    numbered = codes.unique().with_row_index("_key")
    joined = codes.join(numbered, on=list(_KEY_CODES), how="left", nulls_equal=True)
    return joined["_key"].cast(pl.UInt64)


def _key_outcomes(
    frame: pl.DataFrame,
    lookups: _Lookups,
    targets: pl.DataFrame,
    actuals: pl.DataFrame,
    rules: RuleSet,
) -> pl.DataFrame:
    """
    Outcome and score of each distinct key of the readable rows: the
    vectorised path where it reaches, the per-object row functions elsewhere.
    """
    readable = ~pl.col("_whole") & ~pl.col("_bad")
    keys = frame.filter(readable).select("_key", *_KEY_CODES).unique("_key")
    keys = keys.with_columns(
        lookups.level2.gather(keys["_l2c"]),
        lookups.years.gather(keys["_yc"]),
        *(lookups.weights[c].gather(keys["_wc"]) for c in lookups.weights.columns),
        *(targets[c].gather(keys["_tc"]) for c in targets.columns),
        *(actuals[c].gather(keys["_ac"]) for c in actuals.columns),
    )
    keys = keys.with_columns(_fast=fast_mask(rules))
    slow = _slow_outcomes(keys, rules)
    keys = keys.join(slow, on=["_tc", "_l2c", "_ac", "_yc"], how="left", nulls_equal=True)
    fast = pl.col("_fast")
    keys = fast_outcomes(keys, rules)
    picked = {
        name: pl.when(fast)
        .then(pl.col("f" + name if name[0] == "_" else "f_" + name))
        .otherwise(pl.col("s" + name if name[0] == "_" else "s_" + name))
        for name in _OUTCOME_SCHEMA
    }
    keys = keys.with_columns(
        **picked,
        _big=~fast & pl.col("s_big").fill_null(False),
        _unread=~fast & pl.col("s_unread").fill_null(False),
    )
    keys = score_columns(keys, rules)
    codes = pl.when(pl.col("_codes") != "").then(pl.col("_codes"))
    return keys.select(
        "_key",
        "direction",
        "ratio",
        "status",
        "score",
        "_units",
        "_dev",
        "_unread",
        # kept unscored for a problem reading the target: the total is a lower bound
        _unfilled=(pl.col("status") == Status.NOT_SCORABLE.value)
        & pl.col("_codes").str.contains(_UNFILLED, literal=True),
        _found=codes.fill_null(""),
        _found_304=pl.concat_str(codes, pl.lit("PT304"), separator=";", ignore_nulls=True),
    )


def _mark_unreadable(frame: pl.DataFrame) -> pl.DataFrame:
    unread = pl.col("_bad")
    return frame.with_columns(
        findings=pl.when(unread).then(pl.lit(UNREADABLE)).otherwise(pl.col("findings")),
        status=pl.when(unread).then(pl.lit(Status.NOT_SCORABLE.value)).otherwise(pl.col("status")),
        direction=pl.when(unread).then(None).otherwise(pl.col("direction")),
        ratio=pl.when(unread).then(None).otherwise(pl.col("ratio")),
        score=pl.when(unread).then(None).otherwise(pl.col("score")),
        _units=pl.when(unread).then(None).otherwise(pl.col("_units")),
    )


#: Finding code of a value that cannot be read and is taken as empty (the readers').
_UNREAD_VALUE: Final = "PT011"
#: Finding code of an indicator adjusted during the year (evaluate's).
_ADJUSTED: Final = "PT314"


def _adjustment_findings(frame: pl.DataFrame, columns: int) -> pl.DataFrame:
    """
    Add the codes of the adjustments to each readable row's findings: a
    ``PT011`` first for each adjusted cell that could not be read (the
    readers report it), ``PT314`` last on an adjusted row scored by key
    (``evaluate`` gives it on a project scored whole).  Only the rows with
    an adjusted cell are rewritten.
    """
    readable = ~pl.col("_bad")
    touched = readable & (pl.col("_adj").is_not_null() | (pl.col("_adjbad") > 0))
    rows = frame.select(touched.arg_true()).to_series()
    if not rows.len():
        return frame
    unread = pl.col("_adjbad")
    codes = [pl.when(unread > count).then(pl.lit(_UNREAD_VALUE)) for count in range(columns)]
    codes.append(pl.when(pl.col("findings") != "").then(pl.col("findings")))
    codes.append(pl.when(~pl.col("_whole") & pl.col("_adj").is_not_null()).then(pl.lit(_ADJUSTED)))
    needed = frame.select("_adjbad", "findings", "_whole", "_adj")[rows]
    found = needed.select(pl.concat_str(codes, separator=";", ignore_nulls=True)).to_series()
    return frame.with_columns(frame["findings"].scatter(rows, found))


def _incomplete() -> pl.Expr:
    """
    Rows scored by key that leave their project's total a lower bound
    (``PT344``, as :func:`~perftarget.evaluate` reports it): kept unscored
    for a problem reading the target in force (``PT309``, found per key).
    An adjusted target that was read stands in for an unreadable original.
    """
    kept = ~pl.col("_bad") & ~pl.col("_whole")
    return kept & pl.col("_unfilled").fill_null(False)


def score_batch(batch: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Score every row of a batch, exactly as :func:`~perftarget.evaluate` would.

    A pure function of the batch: usable unchanged on the partitions of a
    distributed frame.  Project totals come from :func:`project_totals`
    (one batch) or :func:`partial_totals` and :func:`merge_totals`.

    Args:
        batch: Columns ``project``, ``level1``, ``level2``, ``level3``,
            ``target``, ``actual``, ``weight`` and optionally
            ``published_score``, ``reason``, ``year`` (the 年度, dating
            deadlines written without a year), the budget line's and
            ``adjusted_target`` (调整后指标值; ``adjusted_target_2`` …, the
            last filled in force), under those names or the official
            headers; values are read as text.
        rules: The rule set; its ``adjusted_targets`` says whether an
            adjusted row is scored against its adjusted target (``use``) or
            its original one (``original``).

    Returns:
        The input columns in input order (under the batch's names; the
        budget and adjusted-target columns only when given; ``target`` as
        given, not the target in force), plus ``direction``, ``ratio``
        (float, informative), ``status``, ``score`` (exact decimal text,
        null when not scored) and ``findings`` (codes joined by ``;``:
        ``PT314`` on an adjusted row, ``PT011`` for an adjusted value that
        cannot be read and is taken as empty); columns starting with ``_``
        carry what the totals need.

    Raises:
        ValueError: A required column is missing.
    """
    given = {batch_columns(batch.columns).get(c, c) for c in batch.columns}
    frame, lookups = _annotate(_prepare(batch), rules)
    frame, targets, actuals = _value_tables(frame)
    frame = frame.with_columns(_key=_row_key(frame))
    keys = _key_outcomes(frame, lookups, targets, actuals, rules)
    position = frame["_key"].replace_strict(
        keys["_key"], pl.Series(range(keys.height), dtype=pl.UInt32), default=None
    )
    frame = frame.with_columns(keys[c].gather(position) for c in keys.columns if c != "_key")
    missing = pl.col("_dev") & ~pl.col("_reasoned")
    frame = frame.with_columns(
        findings=pl.when(missing).then(pl.col("_found_304")).otherwise(pl.col("_found")),
        _bad=(pl.col("_bad") | pl.col("_unread").fill_null(False)) & ~pl.col("_whole"),
        **{n: pl.lit(None, pl.String) for n in PROJECT_RESULT},
    )
    if frame["_bad"].any():
        frame = _mark_unreadable(frame)
    if frame["_whole"].any():
        whole = _whole_projects(frame.filter(pl.col("_whole")), lookups, rules)
        frame = frame.drop(PROJECT_RESULT).join(whole, on="_i", how="left")
        inside = pl.col("_whole")
        frame = frame.with_columns(
            **{
                name: pl.when(inside).then(pl.col(f"w{name}")).otherwise(pl.col(name))
                for name in _RESULT_SCHEMA
            },
            _bad=pl.when(inside).then(pl.col("wfindings") == UNREADABLE).otherwise(pl.col("_bad")),
        )
    raw = {"weight": "_weight_raw", "published_score": "_published_raw"}
    adjusted = adjusted_columns(frame.columns)
    if adjusted:
        frame = _adjustment_findings(frame, len(adjusted))
        raw["target"] = "_given"
    frame = frame.with_columns(_incomplete=_incomplete().fill_null(False))
    shown = [c for c in OPTIONAL_COLUMNS if c not in BUDGET_COLUMNS or c in given]
    return frame.select(
        *(pl.col(raw.get(c, c)).alias(c) for c in (*INPUT_COLUMNS, *shown, *adjusted)),
        *OUTPUT_COLUMNS,
        "_i",
        "_l1",
        "_w6",
        "_units",
        "_bad",
        "_incomplete",
        *PROJECT_RESULT,
        *BUDGET_FIELDS,
        "_bbad",
    )
