"""
A batch's cells read as the readers read them: the batch columns picked
from the headers and the required ones checked, split 指标性质 | 指标值 |
度量单位 cells joined into one target, and the weight, published score and
budget amounts read as numbers, once per distinct text.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

import polars as pl

from perftarget.batch._columns import (
    BUDGET_COLUMNS,
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    adjusted_columns,
    batch_columns,
)
from perftarget.core._lang import say
from perftarget.exceptions import ArgumentError, Location
from perftarget.io._blocks import decimal
from perftarget.io._rows import prepare_cells

__all__ = []


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
