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
"""

from __future__ import annotations

import math
import re
from typing import Final, NamedTuple

import polars as pl

from perftarget._labels import parse_level1, parse_level2
from perftarget._text import normalize
from perftarget.batch._arith import fast_mask, fast_outcomes, pow10, score_columns
from perftarget.batch._fallback import UNREADABLE, RowResult, score_keys, score_projects
from perftarget.batch._vectorparse import parse_values
from perftarget.exceptions import LabelError
from perftarget.rules import RuleSet

__all__ = [
    "INPUT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "PROJECT_RESULT",
    "WEIGHT_SCALE",
    "score_batch",
]

#: Required input columns (all read as text).
INPUT_COLUMNS: Final = ("project", "level1", "level2", "level3", "target", "actual", "weight")
#: Optional input columns: the published 得分, the deviation reason and the 年度
#: (which dates deadlines written without a year, such as ``12月底前``).
OPTIONAL_COLUMNS: Final = ("published_score", "reason", "year")
#: Columns of the result besides the input ones.
OUTPUT_COLUMNS: Final = ("direction", "ratio", "status", "score", "findings")
#: Weights are summed per project at this scale (six decimals).
WEIGHT_SCALE: Final = 6
_PARENT_NAME: Final = r"[一二三四五六七八九十]+[、.．]|其中"
_RESULT_SCHEMA: Final = {
    "direction": pl.String,
    "ratio": pl.Float64,
    "status": pl.String,
    "score": pl.String,
    "_units": pl.Int64,
    "findings": pl.String,
}


def _prepare(batch: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in INPUT_COLUMNS if c not in batch.columns]
    if missing:
        raise ValueError(
            f"the batch lacks the column(s) {', '.join(missing)}; expected "
            f"{', '.join(INPUT_COLUMNS)} and optionally {', '.join(OPTIONAL_COLUMNS)}"
        )
    columns = [pl.col(c).cast(pl.String) for c in INPUT_COLUMNS]
    columns += [
        pl.col(c).cast(pl.String) if c in batch.columns else pl.lit(None, pl.String).alias(c)
        for c in OPTIONAL_COLUMNS
    ]
    return batch.select(columns).with_row_index("_i")


def _code(texts: pl.Series, categories: pl.Series) -> pl.Series:
    """The position of each text in ``categories`` (distinct texts); null for null."""
    return texts.cast(pl.Enum(categories)).to_physical()


def _distinct(frame: pl.DataFrame, column: str) -> pl.Series:
    return frame[column].drop_nulls().unique()


def _label_table(texts: pl.Series, level: int) -> pl.DataFrame:
    found: list[str | None] = []
    for label in texts.to_list():
        try:
            category = (parse_level1 if level == 1 else parse_level2)(label).category
        except LabelError:
            found.append(None)
            continue
        found.append(category.en if level == 1 else category.name)
    return pl.DataFrame(
        {"text": texts, f"_l{level}": found}, schema={"text": pl.String, f"_l{level}": pl.String}
    )


def _weight_table(texts: pl.Series) -> pl.DataFrame:
    """Mantissa, scale and readability of each distinct weight text."""
    rows: list[tuple[str, int | None, int | None, bool]] = []
    for text in texts.to_list():
        stripped = text.strip()
        if not stripped:
            rows.append((text, None, None, False))
            continue
        whole, dot, part = stripped.partition(".")
        digits = whole + part
        if not (whole.isascii() and digits.isdigit() and whole and (part or not dot)):
            rows.append((text, None, None, True))
            continue
        if len(digits) > 15:
            rows.append((text, None, None, True))
            continue
        rows.append((text, int(digits), len(part), False))
    schema = {"text": pl.String, "_wm": pl.Int64, "_ws": pl.Int64, "_wbad": pl.Boolean}
    table = pl.DataFrame(rows, schema=schema, orient="row")
    return table.with_columns(
        _wp=pow10(pl.col("_ws")),
        _w6=pl.when(pl.col("_ws") <= WEIGHT_SCALE).then(
            pl.col("_wm") * pow10(WEIGHT_SCALE - pl.col("_ws"))
        ),
    )


class _Lookups(NamedTuple):
    """What the distinct keys and whole projects read by code, not per row."""

    level2: pl.Series  #: the level-2 member name of each ``_l2c`` (null: unknown label)
    weights: pl.DataFrame  #: the ``weight`` text, ``_wm`` and ``_wp`` of each ``_wc``
    years: pl.Series  #: the year of each ``_yc`` (null: none given)


def _blank(column: str) -> pl.Expr:
    """Null, empty or only white space (no stripped copy of the column is made)."""
    return pl.col(column).is_null() | pl.col(column).str.contains(r"^\s*$")


_YEAR: Final = re.compile(r"(\d{4})(?:年度?)?")


def _year_table(texts: pl.Series) -> pl.DataFrame:
    """The year of each distinct ``year`` text (``2020``, ``2020年``, ``2020年度``)."""
    rows: list[tuple[str, int | None, bool]] = []
    for text in texts.to_list():
        stripped = normalize(text)
        match = _YEAR.fullmatch(stripped)
        rows.append((text, int(match[1]) if match else None, bool(stripped) and not match))
    schema = {"text": pl.String, "_year": pl.Int32, "_ybad": pl.Boolean}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _annotate(frame: pl.DataFrame) -> tuple[pl.DataFrame, _Lookups]:
    """
    Code labels and weights; mark unreadable rows and whole-project rows.

    Rows get codes (``_l1c``, ``_l2c``, ``_wc``) and only what every row
    needs: ``_l1`` and ``_w6`` for the totals, and the flags.
    """
    level1 = _label_table(_distinct(frame, "level1"), 1)
    level2 = _label_table(_distinct(frame, "level2"), 2)
    weights = _weight_table(_distinct(frame, "weight"))
    years = _year_table(_distinct(frame, "year"))
    l1c = _code(frame["level1"], level1["text"])
    l2c = _code(frame["level2"], level2["text"])
    wc = _code(frame["weight"], weights["text"])
    yc = _code(frame["year"], years["text"])
    frame = frame.with_columns(
        l1c.alias("_l1c"),
        l2c.alias("_l2c"),
        wc.alias("_wc"),
        yc.alias("_yc"),
        level1["_l1"].gather(l1c),
        weights["_w6"].gather(wc),
        _ybad=years["_ybad"].gather(yc),
        _l2bad=level2["_l2"].is_null().gather(l2c),
        _wbad=weights["_wbad"].gather(wc),
        _wbig=(weights["_ws"] > WEIGHT_SCALE).gather(wc),
    )
    frame = frame.with_columns(
        _bad=(
            pl.col("_l1").is_null()
            | pl.col("_l2bad").fill_null(True)
            | _blank("target")
            | _blank("level3")
            | pl.col("_wbad").fill_null(False)
            | pl.col("_ybad").fill_null(False)
        ),
        _reasoned=~_blank("reason"),
    )
    interacting = (
        ~_blank("published_score")
        | pl.col("level3").str.contains(_PARENT_NAME).fill_null(False)
        | pl.col("_wbig").fill_null(False)
    )
    whole = frame.filter(interacting)["project"].unique()
    frame = frame.with_columns(
        _whole=pl.col("project").is_in(whole.implode(), nulls_equal=True),
    )
    weights = weights.select(pl.col("text").alias("weight"), "_wm", "_wp")
    return frame, _Lookups(level2=level2["_l2"], weights=weights, years=years["_year"])


def _value_tables(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """
    Code every target and actual (``_tc``, ``_ac``: the position of its text in
    a table of distinct texts) and read each distinct text once.

    Returns:
        The frame with the code columns, the table of distinct targets
        (``target`` and ``t_*`` columns, in code order) and that of distinct
        actuals (``actual`` and ``a_*``); comparators and units as small
        integer codes.
    """
    tables = {
        column: parse_values(_distinct(frame, column), actual=column == "actual")
        for column in ("target", "actual")
    }
    units = pl.concat([t["unit"] for t in tables.values()]).drop_nulls().unique().sort()
    ids = pl.Series(range(1, units.len() + 1), dtype=pl.UInt32)
    coded: dict[str, pl.DataFrame] = {}
    for column, table in tables.items():
        table = table.with_columns(
            cmp=pl.col("cmp").replace_strict(_CMP_CODES, default=None, return_dtype=pl.Int8),
            unit=pl.when(pl.col("unit") == "")
            .then(pl.lit(0, pl.UInt32))
            .otherwise(pl.col("unit").replace_strict(units, ids, default=None)),
        )
        code = f"_{column[0]}c"
        frame = frame.with_columns(_code(frame[column], table["text"]).alias(code))
        prefix = column[0] + "_"
        names = {"text": column} | {c: prefix + c for c in table.columns[1:]}
        coded[column] = table.rename(names)
    return frame, coded["target"], coded["actual"]


_CMP_CODES: Final = {">=": 0, ">": 1, "<=": 2, "<": 3, "=": 4}


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
        if item is None:
            item = (None, None, "not scorable", None, None, False, UNREADABLE, False)
            columns["_unread"].append(True)
        else:
            columns["_unread"].append(False)
        direction, ratio, status, num, den, na, codes_, dev = item
        big = num is not None and den is not None and max(num, den) >= _INT64
        columns["_big"].append(big)
        values = (direction, ratio, status, None if big else num, None if big else den, na)
        for name, value in zip(_OUTCOME_SCHEMA, (*values, codes_, dev), strict=True):
            columns[name].append(value)
    schema = {**_OUTCOME_SCHEMA, "_unread": pl.Boolean, "_big": pl.Boolean}
    table = pl.DataFrame(columns, schema=schema)
    return pl.concat([todo.select(codes), table], how="horizontal").rename(
        {name: f"s{name}" if name.startswith("_") else f"s_{name}" for name in schema}
    )


def _results(index: list[int], results: list[RowResult]) -> pl.DataFrame:
    data: dict[str, object] = {"_i": pl.Series("_i", index, dtype=pl.UInt32)}
    for position, (name, dtype) in enumerate(_RESULT_SCHEMA.items()):
        data[name] = pl.Series(name, [item[position] for item in results], dtype=dtype)
    return pl.DataFrame(data)


def _whole_projects(frame: pl.DataFrame, lookups: _Lookups, rules: RuleSet) -> pl.DataFrame:
    frame = frame.with_columns(
        lookups.level2.gather(frame["_l2c"]).alias("_l2"),
        lookups.years.gather(frame["_yc"]).alias("_year"),
    )
    fields = ["_l1", "_l2", "level3", "target", "actual", "weight", "published_score", "reason"]
    projects: dict[str, list[tuple[int, dict[str, str | None]]]] = {}
    years: dict[str, int] = {}  # a project's year: the first its rows give
    for record in frame.select("project", "_i", "_year", *fields).iter_rows(named=True):
        projects.setdefault(record["project"], []).append((record["_i"], record))
        if record["_year"] is not None:
            years.setdefault(record["project"], record["_year"])
    owners = frame.select("_i", "project")
    scored = score_projects(projects, rules, years=years)
    index: list[int] = []
    results: list[RowResult] = []
    finals: dict[str, list[object]] = {name: [] for name in ("project", *PROJECT_RESULT)}
    for project, (by_row, *outcome) in scored.items():
        index.extend(by_row)
        results.extend(by_row.values())
        for key, value in zip(finals, (project, *outcome), strict=True):
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
        _found=codes.fill_null(""),
        _found_304=pl.concat_str(codes, pl.lit("PT304"), separator=";", ignore_nulls=True),
    )


def _mark_unreadable(frame: pl.DataFrame) -> pl.DataFrame:
    unread = pl.col("_bad")
    return frame.with_columns(
        findings=pl.when(unread).then(pl.lit(UNREADABLE)).otherwise(pl.col("findings")),
        status=pl.when(unread).then(pl.lit("not scorable")).otherwise(pl.col("status")),
        direction=pl.when(unread).then(None).otherwise(pl.col("direction")),
        ratio=pl.when(unread).then(None).otherwise(pl.col("ratio")),
        score=pl.when(unread).then(None).otherwise(pl.col("score")),
        _units=pl.when(unread).then(None).otherwise(pl.col("_units")),
    )


def score_batch(batch: pl.DataFrame, rules: RuleSet) -> pl.DataFrame:
    """
    Score every row of a batch, exactly as :func:`~perftarget.evaluate` would.

    A pure function of the batch: usable unchanged on the partitions of a
    distributed frame.  Project totals come from :func:`project_totals`
    (one batch) or :func:`partial_totals` and :func:`merge_totals`.

    Args:
        batch: Columns ``project``, ``level1``, ``level2``, ``level3``,
            ``target``, ``actual``, ``weight`` and optionally
            ``published_score``, ``reason`` and ``year`` (the 年度, dating
            deadlines written without a year); values are read as text.
        rules: The rule set.

    Returns:
        The input columns in input order, plus ``direction``, ``ratio``
        (float, informative), ``status``, ``score`` (exact decimal text,
        null when not scored) and ``findings`` (codes joined by ``;``);
        columns starting with ``_`` carry what the totals need.

    Raises:
        ValueError: A required column is missing.
    """
    frame, lookups = _annotate(_prepare(batch))
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
    return frame.select(
        *INPUT_COLUMNS,
        *OPTIONAL_COLUMNS,
        *OUTPUT_COLUMNS,
        "_i",
        "_l1",
        "_w6",
        "_units",
        "_bad",
        *PROJECT_RESULT,
    )
