"""
The cells of a monitoring batch, read as the monitoring reader reads them.

Cells are stripped as Python strips them; a blank cell is empty, and so, for
values and amounts, is one of the reader's empty marks
(:data:`~perftarget.io._monitor.EMPTY_MARKS`: ``-``, ``—``, ``/``, ``无`` …);
blank level-2 labels and project names take the value above (merged cells).
Level-2 labels, likelihoods and deviation reasons are read once per distinct
text.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from perftarget.batch._monitor_columns import (
    MONITOR_INPUT_COLUMNS,
    MONITOR_PROJECT_COLUMNS,
    MONITOR_REQUIRED_COLUMNS,
    monitor_columns,
)
from perftarget.core._categories import Level2
from perftarget.core._labels import resolve_level2
from perftarget.core._lang import say
from perftarget.exceptions import ArgumentError
from perftarget.io._monitor import EMPTY_MARKS
from perftarget.monitor import Likelihood, deviation_category

__all__ = ["categories", "prepare", "stripped"]

#: What Python's ``str.strip`` removes (the reader strips cells with it): the
#: characters whose ``isspace()`` is true.
_SPACE: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: Cells read with the reader's empty marks (an empty cell), and those only stripped.
_FILLED: Final = ("current", "forecast", "deviation", "explanation", *MONITOR_PROJECT_COLUMNS)
_STRIPPED: Final = ("project", "level2", "level3", "likelihood")
_EMPTY: Final = sorted(EMPTY_MARKS)
_RENAMED: Final = {
    "_level3": "_name",
    "_likelihood": "_likt",
    "_current": "_cur",
    "_forecast": "_fc",
    "_deviation": "_dev",
    "_explanation": "_expl",
}


def stripped(column: str) -> pl.Expr:
    """
    A text column stripped as Python's ``str.strip`` strips it.

    Args:
        column: The column's name.

    Returns:
        The stripped text.

    Example:
        >>> pl.DataFrame({"a": ["\\u3000x\\x1c "]}).select(stripped("a")).item()
        'x'
    """
    return pl.col(column).str.strip_chars(_SPACE)


def _cells(batch: pl.DataFrame) -> pl.DataFrame:
    """
    Add each read cell as ``_<column>``: stripped as Python strips it, null when
    blank (and, for values and amounts, when one of the reader's empty marks).
    """
    read = (*_STRIPPED, *_FILLED)
    batch = batch.with_columns(stripped(c).alias(f"_{c}") for c in read)
    return batch.with_columns(
        *(pl.when(pl.col(f"_{c}") != "").then(pl.col(f"_{c}")).alias(f"_{c}") for c in _STRIPPED),
        *(
            pl.when(~pl.col(f"_{c}").is_in(_EMPTY)).then(pl.col(f"_{c}")).alias(f"_{c}")
            for c in _FILLED
        ),
        _tgt=stripped("target").fill_null(""),
    )


def prepare(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[str], dict[str, str]]:
    """
    Read a frame's cells into the engine's working frame.

    Args:
        frame: The batch, under its own names or the official headers.

    Returns:
        The working frame (the batch's columns as text, the read cells as
        ``_<column>``, a row index ``_i``), the batch columns given and the
        header of each.

    Raises:
        ArgumentError: A required column is missing.
    """
    names = monitor_columns(frame.columns)
    batch = frame.select(pl.col(h).cast(pl.String).alias(c) for h, c in names.items())
    missing = [c for c in MONITOR_REQUIRED_COLUMNS if c not in batch.columns]
    if missing:
        needed = ", ".join(missing)
        raise ArgumentError(
            say(
                f"监控批量表缺少列：{needed}（可用官方表头：项目名称、三级指标、年度指标值）",
                f"the monitoring batch lacks the column(s) {needed}; expected "
                f"{', '.join(MONITOR_REQUIRED_COLUMNS)} or the official headers (项目名称, "
                f"三级指标, 年度指标值), and optionally the others of "
                f"{', '.join(MONITOR_INPUT_COLUMNS)}",
            )
        )
    given: list[str] = [c for c in MONITOR_INPUT_COLUMNS if c in batch.columns]
    headers = {column: header for header, column in names.items()}
    batch = batch.with_columns(
        pl.lit(None, pl.String).alias(c) for c in MONITOR_INPUT_COLUMNS if c not in given
    )
    work = _cells(batch.with_row_index("_i")).with_columns(pl.col("_project").forward_fill())
    level2 = pl.col("_level2").forward_fill().over("_project")
    work = work.with_columns(level2).rename(_RENAMED)
    work = work.with_columns(pl.col("_project").alias("project"))
    return work.with_columns(pl.col("_project").fill_null("")), given, headers


def _level2(label: str | None) -> Level2:
    """The level-2 category of a label, as the monitoring reader reads it (other when none)."""
    found = resolve_level2(label).category if label else None
    return found if isinstance(found, Level2) else Level2.OTHER


def _mapped(column: str, name: str, read: dict[str, str | None]) -> pl.Expr:
    """``read`` of each value of ``column`` (a table of distinct values), as column ``name``."""
    keys = list(read)
    return (
        pl.col(column)
        .replace_strict(keys, [read[k] for k in keys], default=None, return_dtype=pl.String)
        .alias(name)
    )


def categories(work: pl.DataFrame) -> pl.DataFrame:
    """
    Add what each row's labels read as.

    The level-2 member (``_l2c``: it decides how a target reads), the
    likelihood and the deviation category.  The level-1 label decides nothing
    here; it is repeated as written.

    Args:
        work: The working frame of :func:`prepare`.

    Returns:
        The frame with ``_l2c``, ``likelihood_category`` and ``deviation_category``.
    """
    level2 = {text: _level2(text).name for text in work["_level2"].drop_nulls().unique()}
    work = work.with_columns(
        pl.col("_level2")
        .replace_strict(level2, default=Level2.OTHER.name, return_dtype=pl.String)
        .alias("_l2c")
    )
    likelihoods: dict[str, str | None] = {}
    for text in work["_likt"].drop_nulls().unique().to_list():
        found = Likelihood.read(text)
        likelihoods[text] = None if found is None else found.value
    deviations: dict[str, str | None] = {}
    for text in work["_dev"].drop_nulls().unique().to_list():
        category, _ = deviation_category(text)
        deviations[text] = None if category is None else category.value
    return work.with_columns(
        _mapped("_likt", "likelihood_category", likelihoods),
        _mapped("_dev", "deviation_category", deviations),
    )
