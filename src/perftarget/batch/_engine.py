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
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Final, NamedTuple

import polars as pl

from perftarget.batch._arith import fast_mask, fast_outcomes, pow10, score_columns
from perftarget.batch._fallback import (
    UNREADABLE,
    UNREADABLE_OUTCOME,
    BudgetFields,
    KeyOutcome,
    RowResult,
    read_adjusted,
    score_keys,
    score_projects,
)
from perftarget.batch._vectorparse import parse_shapes, parse_values
from perftarget.core._labels import parse_level1, parse_level2
from perftarget.core._lang import say
from perftarget.core._parse import is_unfilled
from perftarget.core._text import normalize
from perftarget.exceptions import ArgumentError, LabelError, Location
from perftarget.io._blocks import decimal
from perftarget.io._layout import (
    FUNDING_ROLES,
    INDICATOR_ROLES,
    cell_key,
    header_role,
    label_of,
)
from perftarget.io._rows import prepare_cells
from perftarget.rules import AdjustedTargets, RuleSet
from perftarget.score import Status

__all__ = [
    "ADJUSTED_TARGET",
    "BUDGET_COLUMNS",
    "BUDGET_FIELDS",
    "INPUT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "PROJECT_RESULT",
    "WEIGHT_SCALE",
    "adjusted_columns",
    "batch_columns",
    "budget_aggregations",
    "score_batch",
]

#: Required input columns (all read as text).
INPUT_COLUMNS: Final = ("project", "level1", "level2", "level3", "target", "actual", "weight")
#: The budget-execution line of the row's project (全年预算数, 全年执行数,
#: 调整后预算数, the line's 分值 and 偏差原因): given on one or more rows of the
#: project, blanks ignored.
BUDGET_COLUMNS: Final = ("budget", "executed", "adjusted", "budget_weight", "budget_reason")
#: Optional input columns: the published 得分, the deviation reason, the 年度
#: (which dates deadlines written without a year, such as ``12月底前``) and the
#: budget line.
OPTIONAL_COLUMNS: Final = ("published_score", "reason", "year", *BUDGET_COLUMNS)
#: Optional input column: the target as adjusted during the year (调整后指标值);
#: the n-th adjustment's is ``adjusted_target_n`` (第n次调整后指标值).  Shown in
#: the result when given, after the optional columns.
ADJUSTED_TARGET: Final = "adjusted_target"
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


#: Batch column of each indicator-header role of the readers (the roles not
#: listed, such as 评分标准, are not read).
_INDICATOR_COLUMN: Final = {
    "level1": "level1",
    "level2": "level2",
    "level3": "level3",
    "target": "target",
    "actual": "actual",
    "weight": "weight",
    "score": "published_score",
    "reason": "reason",
    "project": "project",
    "project_code": "project",
    "operator": "_operator",
    "unit": "_unit",
}
#: Batch column of each funding-block role that has one.
_FUNDING_COLUMN: Final = {
    "budget": "budget",
    "executed": "executed",
    "adjusted": "adjusted",
    "weight": "budget_weight",
    "reason": "budget_reason",
}
#: Prefixes naming the budget line's own 分值 and 偏差原因 beside the indicators'.
_BUDGET_PREFIXES: Final = ("预算执行率", "预算执行", "预算", "budget")
#: The columns the batch reads under their own names.
_OWN_NAMES: Final = frozenset(
    (*INPUT_COLUMNS, *OPTIONAL_COLUMNS, ADJUSTED_TARGET, "_operator", "_unit")
)
#: The batch's own name of the n-th adjusted target, and the readers' role of it.
_NTH_ADJUSTED: Final = re.compile(rf"^(?:{ADJUSTED_TARGET}|revised_target)_([0-9]{{1,2}})$")


def _adjusted_column(role: str) -> str | None:
    """
    The batch column of an adjusted-target role (``revised_target_2``), or None.

    Examples:
        >>> _adjusted_column("revised_target"), _adjusted_column("adjusted_target_2")
        ('adjusted_target', 'adjusted_target_2')
        >>> _adjusted_column("adjusted_target_1"), _adjusted_column("revision_reason")
        ('adjusted_target', None)
    """
    if role in ("revised_target", ADJUSTED_TARGET):
        return ADJUSTED_TARGET
    match = _NTH_ADJUSTED.match(role)
    if match is None or int(match[1]) < 1:
        return None
    number = int(match[1])
    return ADJUSTED_TARGET if number == 1 else f"{ADJUSTED_TARGET}_{number}"


def adjusted_columns(columns: Sequence[str]) -> list[str]:
    """
    The adjusted-target columns among batch columns, in the order of the adjustments.

    Args:
        columns: Batch column names (as :func:`batch_columns` gives them).

    Returns:
        ``adjusted_target`` and ``adjusted_target_n`` as present, the first
        adjustment first: the last one filled is the target in force.

    Example:
        >>> adjusted_columns(["adjusted_target_10", "adjusted_target_2", "adjusted_target"])
        ['adjusted_target', 'adjusted_target_2', 'adjusted_target_10']
    """
    found = [c for c in columns if _adjusted_column(c) == c]
    return sorted(found, key=lambda c: 1 if c == ADJUSTED_TARGET else int(c.rpartition("_")[2]))


def _column_of(header: str) -> tuple[str, int] | None:
    """The batch column a header names and its rank (lower wins), or None."""
    if header in _OWN_NAMES:
        return header, -1
    adjusted = _adjusted_column(header)
    if adjusted is not None:
        return adjusted, -1
    found = header_role(header, INDICATOR_ROLES)
    if found is not None:
        role, rank = found
        column = _INDICATOR_COLUMN.get(role) or _adjusted_column(role)
        if column is None:
            return None
        # 项目名称 is the project key when a table has both it and 项目编码
        return column, rank + (100 if role == "project_code" else 0)
    found = header_role(header, FUNDING_ROLES)
    if found is None:
        key = cell_key(header)
        rest = next((key[len(p) :] for p in _BUDGET_PREFIXES if key.startswith(p)), "")
        found = header_role(rest, FUNDING_ROLES) if rest else None
    if found is not None:
        column = _FUNDING_COLUMN.get(found[0])
        return None if column is None else (column, found[1])
    if label_of(header) == "year":
        return "year", 0
    return None


def batch_columns(headers: Sequence[str]) -> dict[str, str]:
    """
    Tell which batch column each header names, in the readers' vocabulary.

    Headers are matched as the readers match them (:data:`INDICATOR_ROLES`,
    :data:`FUNDING_ROLES`, normalised, a unit in brackets ignored): 一级指标,
    二级指标, 三级指标, 年度指标值 / 指标值, 实际完成值, 分值, 得分 (the
    published score), 偏差原因, 年度; 项目名称, else 项目编码, for the project;
    全年预算数, 全年执行数 and 调整后预算数 for the budget line, whose own 分值
    and 偏差原因 take a prefix (``预算执行率分值``, ``budget_weight``);
    调整后指标值 (调整指标值, 调整后目标值) for ``adjusted_target`` and
    第n次调整后指标值 for ``adjusted_target_n``.  Split 指标性质 and 度量单位
    columns are joined into the target (and the adjusted ones) as the
    readers join them.  The batch's own names (``project``, ``level1`` …)
    still work.  When two headers name one column, the reader's preferred
    one wins.

    Args:
        headers: The header row.

    Returns:
        The batch column of each header that names one, by header.

    Example:
        >>> batch_columns(["项目编码", "项目名称", "年度指标值", "全年预算数(万元)"])
        {'项目名称': 'project', '年度指标值': 'target', '全年预算数(万元)': 'budget'}
        >>> batch_columns(["年初指标值", "调整后指标值", "第2次调整后指标值", "调整原因"])
        ... # doctest: +NORMALIZE_WHITESPACE
        {'年初指标值': 'target', '调整后指标值': 'adjusted_target',
         '第2次调整后指标值': 'adjusted_target_2'}
    """
    best: dict[str, tuple[int, str]] = {}
    for header in headers:
        found = _column_of(header)
        if found is None:
            continue
        column, rank = found
        if column not in best or rank < best[column][0]:
            best[column] = (rank, header)
    chosen = {header: column for column, (_, header) in best.items()}
    return {header: chosen[header] for header in headers if header in chosen}


def _joined_targets(frame: pl.DataFrame) -> pl.DataFrame:
    """
    Join split 指标性质 | 指标值 | 度量单位 cells into one target, as the readers
    do; adjusted targets (调整后指标值) share the row's 指标性质 and 度量单位.
    """
    for column in ("target", *adjusted_columns(frame.columns)):
        role = "target" if column == "target" else "revised_target"
        parts = [c for c in ("_operator", column, "_unit") if c in frame.columns]
        distinct = frame.select(parts).unique()
        joined: list[str | None] = []
        for values in distinct.iter_rows(named=True):
            cells = {"level3": "-", "target": ""}
            cells |= {k.lstrip("_"): v or "" for k, v in values.items() if k != column}
            cells[role] = values[column] or ""
            joined.append(prepare_cells(cells)[role] if values[column] is not None else None)
        table = distinct.with_columns(_joined=pl.Series(joined, dtype=pl.String))
        frame = frame.join(table, on=parts, how="left", nulls_equal=True, maintain_order="left")
        frame = frame.with_columns(pl.col("_joined").alias(column)).drop("_joined")
    return frame.drop("_operator", "_unit", strict=False)


def _prepare(batch: pl.DataFrame) -> pl.DataFrame:
    names = batch_columns(batch.columns)
    batch = batch.select(pl.col(h).cast(pl.String).alias(c) for h, c in names.items())
    if "_operator" in batch.columns or "_unit" in batch.columns:
        batch = _joined_targets(batch)
    missing = [c for c in INPUT_COLUMNS if c not in batch.columns]
    if missing:
        needed = ", ".join(missing)
        raise ArgumentError(
            say(
                f"批量表缺少列：{needed}（可用官方表头：项目名称、一级指标、二级指标、三级指标、"
                "年度指标值、实际完成值、分值）",
                f"the batch lacks the column(s) {needed}; expected {', '.join(INPUT_COLUMNS)} "
                f"or the official headers, and optionally {', '.join(OPTIONAL_COLUMNS)}",
            )
        )
    columns = [pl.col(c) for c in INPUT_COLUMNS]
    columns += [
        pl.col(c) if c in batch.columns else pl.lit(None, pl.String).alias(c)
        for c in OPTIONAL_COLUMNS
    ]
    columns += [pl.col(c) for c in adjusted_columns(batch.columns)]
    frame = batch.select(columns).with_row_index("_i")
    return _read_numbers(frame)


def _number_texts(texts: pl.Series, what: str, *, amounts: bool) -> pl.DataFrame:
    """
    Each distinct text read as the readers read a number cell (``10``, ``10分``,
    ``1,000``, ``٣``): its plain decimal text, or null with ``bad`` when it is
    not a number >= 0 (blank is null and not bad).  Texts that are plain
    ASCII numbers already are taken as they are, without a Python loop;
    ``amounts`` writes every value in one spelling (``43.20`` and ``043.2``
    as ``43.2``), so that equal amounts compare equal as text.
    """
    plain = texts.str.contains(r"^[0-9]+(?:\.[0-9]+)?$")
    rows: list[tuple[str, str | None, bool]] = []
    for text in texts.filter(~plain).to_list():
        problems: list[object] = []
        try:
            value = decimal(text, _NOWHERE, what, problems)  # type: ignore[arg-type]
        except (ArithmeticError, ValueError):
            value, problems = None, [text]
        written = None if value is None else _plain(value)
        rows.append((text, written, bool(problems) or (value is not None and written is None)))
    schema = {"text": pl.String, "value": pl.String, "bad": pl.Boolean}
    easy = pl.DataFrame({"text": texts.filter(plain)}).select(
        "text", pl.col("text").alias("value"), pl.lit(False).alias("bad")
    )
    table = pl.concat([easy, pl.DataFrame(rows, schema=schema, orient="row")])
    if not amounts:
        return table
    spelled = pl.col("value").str.replace(r"^0+([0-9])", "$1")
    spelled = spelled.str.replace(r"(\.[0-9]*?)0+$", "$1").str.strip_suffix(".")
    return table.with_columns(value=spelled)


def _plain(value: Decimal) -> str | None:
    """Fixed-point text of a number, None when it is too long to be a table's number."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or abs(exponent) > _MAX_EXPONENT:
        return None
    return format(value, "f")


#: Largest exponent of a number cell taken at face value (beyond it: unreadable).
_MAX_EXPONENT: Final = 60
_NOWHERE: Final = Location()


def _read_numbers(frame: pl.DataFrame) -> pl.DataFrame:
    """
    Read the weight, published score and budget amounts as the readers do.

    ``weight`` and ``published_score`` are replaced by their plain decimal
    text (the originals are kept in ``_weight_raw`` and ``_published_raw``
    for the output; an unreadable weight stays as written); each budget
    column gives ``_b_<column>`` (plain text), and ``_bbad`` marks a row
    with a budget cell that is not a number >= 0.
    """
    extra: list[pl.Expr] = [
        pl.col("weight").alias("_weight_raw"),
        pl.col("published_score").alias("_published_raw"),
    ]
    bad: pl.Expr = pl.lit(False)
    for column in ("weight", "published_score", "budget", "executed", "adjusted", "budget_weight"):
        texts = _distinct(frame, column)
        if not texts.len():
            if column in BUDGET_COLUMNS:
                extra.append(pl.lit(None, pl.String).alias(f"_b_{column}"))
            continue
        what = "weight" if column.endswith("weight") else column
        table = _number_texts(texts, what, amounts=column in BUDGET_COLUMNS)
        if column not in BUDGET_COLUMNS and (table["text"] == table["value"]).all():
            continue  # every text is a plain number already: nothing to rewrite
        code = _code(frame[column], table["text"])
        values = table["value"].gather(code)
        if column in BUDGET_COLUMNS:
            extra.append(pl.lit(values).alias(f"_b_{column}"))
            bad = bad | pl.lit(table["bad"].gather(code)).fill_null(False)
        else:
            kept = (
                pl.when(pl.lit(values).is_not_null()).then(pl.lit(values)).otherwise(pl.col(column))
            )
            extra.append(kept.alias(column))
    reason = pl.col("budget_reason").str.strip_chars()
    extra.append(pl.when(reason != "").then(reason).alias("_b_budget_reason"))
    return frame.with_columns(*extra).with_columns(_bbad=bad)


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


def _annotate(frame: pl.DataFrame, rules: RuleSet) -> tuple[pl.DataFrame, _Lookups]:
    """
    Code labels and weights; put the target in force in place; mark
    unreadable rows and whole-project rows.

    Rows get codes (``_l1c``, ``_l2c``, ``_wc``) and only what every row
    needs: ``_l1`` and ``_w6`` for the totals, and the flags; with adjusted
    targets, what :func:`_adjustments` adds.
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
    if adjusted_columns(frame.columns):
        frame = _adjustments(frame, level2["_l2"], rules)
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


def _adjustments(frame: pl.DataFrame, level2: pl.Series, rules: RuleSet) -> pl.DataFrame:
    """
    Read the adjusted targets (调整后指标值 …) as the readers read them and
    put the target in force in place.

    Each adjusted cell is read once per distinct text (and level 2, which
    the reading may depend on): the common numeric shapes by
    :func:`~perftarget.batch._vectorparse.parse_shapes`, the rest by the
    readers' own function (:func:`~perftarget.batch._fallback.read_adjusted`).
    The last adjustment read is in force, as on
    :attr:`~perftarget.Indicator.adjusted_target`.

    Args:
        frame: The rows, with the level-2 codes ``_l2c``.
        level2: The level-2 member name of each code.
        rules: The rule set, whose ``adjusted_targets`` says which target is scored.

    Returns:
        The rows with ``_given`` (the target as given, for the output),
        ``_adj`` (the adjusted target in force, null when the row was never
        adjusted) and ``_adjbad`` (how many adjusted cells could not be read,
        each a ``PT011``); under ``use``, ``target`` is the adjusted target
        where there is one.
    """
    found: list[pl.Series] = []
    unread: list[pl.Series] = []
    for column in adjusted_columns(frame.columns):
        read, bad = _read_adjusted_column(frame.select(column, "_l2c"), level2)
        found.append(read)
        unread.append(bad)
    frame = frame.with_columns(
        _given=pl.col("target"),
        _adj=pl.coalesce(list(reversed(found))),
        _adjbad=pl.sum_horizontal(unread).cast(pl.Int32),
    )
    if AdjustedTargets(rules.adjusted_targets) is AdjustedTargets.USE:
        frame = frame.with_columns(target=pl.coalesce("_adj", "target"))
    return frame


def _read_adjusted_column(cells: pl.DataFrame, level2: pl.Series) -> tuple[pl.Series, pl.Series]:
    """
    One adjusted-target column read: per row, the adjusted target (null: none)
    and whether the cell could not be read.  Blank cells are no adjustment,
    as the readers have it, and are not looked at again.
    """
    column = cells.columns[0]
    filled = cells.with_row_index("_r").filter(~_blank(column))
    shapes = parse_shapes(filled[column].unique()).filter(pl.col("ok"))
    # a plain number of a common shape is an adjustment under any level 2
    plain = pl.Series(column, [t for t in shapes["text"] if not is_unfilled(t)], pl.String)
    is_plain = pl.col(column).is_in(plain.implode())
    pairs = filled.filter(~is_plain).select(column, "_l2c").unique()
    names = level2.gather(pairs["_l2c"]).to_list() if pairs.height else []
    results = [
        (None, False) if name is None else read_adjusted(text, name)
        for text, name in zip(pairs[column].to_list(), names, strict=True)
    ]
    table = pairs.with_columns(
        _read=pl.Series([r[0] for r in results], dtype=pl.String),
        _unread=pl.Series([r[1] for r in results], dtype=pl.Boolean),
    )
    filled = filled.join(table, on=[column, "_l2c"], how="left", nulls_equal=True).select(
        "_r",
        pl.when(is_plain).then(pl.col(column)).otherwise(pl.col("_read")).alias("_read"),
        pl.col("_unread").fill_null(False),
    )
    read = pl.repeat(None, cells.height, dtype=pl.String, eager=True)
    unread = pl.repeat(False, cells.height, dtype=pl.Boolean, eager=True)
    return (
        read.scatter(filled["_r"], filled["_read"]),
        unread.scatter(filled["_r"], filled["_unread"]),
    )


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
