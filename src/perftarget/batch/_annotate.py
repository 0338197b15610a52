"""
A batch's rows coded for scoring: level-1 and level-2 labels, weights and
years read once per distinct text, the target in force put in place (the
adjusted targets, 调整后指标值 …), the unreadable rows and those of projects
scored whole marked, and every distinct target and actual read once.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

import polars as pl

from perftarget.batch._arith import pow10
from perftarget.batch._cells import _code, _distinct
from perftarget.batch._columns import adjusted_columns
from perftarget.batch._fallback import read_adjusted
from perftarget.batch._vectorparse import parse_shapes, parse_values
from perftarget.core._levellabel import parse_level1, parse_level2
from perftarget.core._text import normalize
from perftarget.core._unfilled import is_unfilled
from perftarget.exceptions import LabelError
from perftarget.rules import AdjustedTargets, RuleSet

__all__ = ["WEIGHT_SCALE"]

#: Weights are summed per project at this scale (six decimals).
WEIGHT_SCALE: Final = 6
_PARENT_NAME: Final = r"[一二三四五六七八九十]+[、.．]|其中"


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
