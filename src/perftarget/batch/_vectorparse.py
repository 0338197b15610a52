"""
Vectorised reading of the common value shapes (``≥95%``, ``8人``, ``≤30万元``).

A value string of the shape *comparator word or symbol, plain number, tail*
is split with one polars regular expression over the distinct strings of a
column.  What the comparator and the tail mean is not re-implemented here: for
every distinct ``(prefix, tail)`` pair (a handful per table) the full parser
reads a sample value ``prefix + "7" + tail``, and the pair is accepted only
when that sample parses to a plain numeric target whose reading cannot depend
on the number.  Everything else is left to the full parser.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Final

import polars as pl

from perftarget.core import VALUE_GRAMMAR, month_under_timeliness
from perftarget.core._actual import parse_actual
from perftarget.core._dates import EXCEL_SERIAL_RANGE, is_excel_serial
from perftarget.core._model import Comparator, TargetKind
from perftarget.core._parse import parse_target
from perftarget.core._text import normalize, says_not_applicable
from perftarget.exceptions import TargetParseError

__all__ = ["parse_shapes", "parse_values"]

_SHAPE: Final = rf"^(?:({VALUE_GRAMMAR.comparator_pattern}))?([0-9]+(?:\.[0-9]+)?)(.*)$"
#: A date-looking number (``2020.5``) sends the full parser down the deadline path.
_DATE_NUMBER: Final = r"^[0-9]{4,}\.[0-9]"
_MAX_DIGITS: Final = 15
#: Numbers every accepted (prefix, tail) pair is read with: small, month-like, year-like.
_SAMPLES: Final = ("7", "12", "2020", "31")
#: A tail starting with one of these could make a date of the number before it.
_DATE_START: Final = frozenset("年月日号./-~至到")


@lru_cache(maxsize=4096)
def _pair_facts(pre: str, tail: str) -> tuple[str, bool, str] | None:
    """
    Comparator value, implicit flag and unit of ``pre + number + tail``, or
    None when the full parser's reading of that shape may depend on the number.

    A date needs its number followed at once by a date word or a separator
    (``2020年``, ``12月``, ``2020.12``), so a tail that starts with anything
    else (``元/月/人``, ``元/生/年``) reads the same whatever the number; each
    accepted pair is also checked on several sample numbers.
    """
    if not VALUE_GRAMMAR.date_chars.isdisjoint(pre) or tail[:1] in _DATE_START:
        return None
    if "百分之" in pre + tail or re.search(r"\d", tail):
        return None
    facts = {_sample_facts(pre, number, tail) for number in _SAMPLES}
    return facts.pop() if len(facts) == 1 else None


def _sample_facts(pre: str, number: str, tail: str) -> tuple[str, bool, str] | None:
    sample = f"{pre}{number}{tail}"
    if normalize(sample) != sample:
        return None
    try:
        target = parse_target(sample)
    except TargetParseError:
        return None
    comparator = target.comparator
    if (
        target.kind is TargetKind.DEADLINE
        or comparator is None
        or comparator is Comparator.RANGE
        or target.value != Decimal(number)
        or target.upper is not None
        or target.direction_override is not None
    ):
        return None
    return comparator.value, target.implicit, target.unit


def parse_shapes(texts: pl.Series) -> pl.DataFrame:
    """
    Read the common shapes of distinct value strings without Python loops.

    Args:
        texts: Distinct value strings (nulls allowed).

    Returns:
        A frame with the column ``text`` and ``ok`` (the shape was read),
        ``cmp`` (comparator value, ``">="`` …), ``implicit``, ``mant`` and
        ``scale`` (the number is ``mant / 10**scale``) and ``unit``.
        Where ``ok`` is false the other columns are null and the full
        parser must be used.
    """
    frame = pl.DataFrame({"text": texts.cast(pl.String)})
    parts = frame.select(
        pl.col("text"),
        pl.col("text").str.extract_groups(_SHAPE).alias("g"),
    ).unnest("g")
    parts.columns = ["text", "pre", "num", "tail"]
    parts = parts.with_columns(pl.col("pre").fill_null(""))
    pairs = parts.filter(pl.col("num").is_not_null()).select("pre", "tail").unique()
    rows: list[tuple[str, str, str | None, bool | None, str | None]] = []
    for pre, tail in pairs.iter_rows():
        facts = _pair_facts(pre, tail)
        if facts is None:
            rows.append((pre, tail, None, None, None))
        else:
            rows.append((pre, tail, *facts))
    known = pl.DataFrame(
        rows,
        schema={
            "pre": pl.String,
            "tail": pl.String,
            "cmp": pl.String,
            "implicit": pl.Boolean,
            "unit": pl.String,
        },
        orient="row",
    )
    joined = parts.join(known, on=["pre", "tail"], how="left")
    num = pl.col("num")
    digits = num.str.replace(".", "", literal=True)
    scale = (
        pl.when(num.str.contains(".", literal=True))
        .then(num.str.len_chars() - num.str.find(".", literal=True) - 1)
        .otherwise(0)
    )
    serial = num.cast(pl.Int64, strict=False)
    ok = (
        pl.col("cmp").is_not_null()
        & (digits.str.len_chars() <= _MAX_DIGITS)
        & ~num.str.contains(_DATE_NUMBER)
        # a bare integer in the Excel serial range is a date under 时效指标
        & ~(
            (pl.col("unit") == "") & serial.is_between(EXCEL_SERIAL_RANGE[0], EXCEL_SERIAL_RANGE[1])
        )
    ).fill_null(False)
    return joined.select(
        "text",
        ok.alias("ok"),
        pl.when(ok).then(pl.col("cmp")).alias("cmp"),
        pl.when(ok).then(pl.col("implicit")).alias("implicit"),
        pl.when(ok).then(digits.cast(pl.Int64, strict=False)).alias("mant"),
        pl.when(ok).then(scale.cast(pl.Int64)).alias("scale"),
        pl.when(ok).then(pl.col("unit")).alias("unit"),
    )


_Fields = tuple[bool, str | None, bool | None, int | None, int | None, str | None]


def _numeric_fields(
    comparator: Comparator | None, implicit: bool, value: Decimal | None, unit: str
) -> _Fields:
    """The ``parse_shapes`` columns of a parsed plain number (or not-ok)."""
    if comparator is None or comparator is Comparator.RANGE or value is None or value < 0:
        return _NOT_OK
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or len(digits) > _MAX_DIGITS or exponent > _MAX_DIGITS:
        return _NOT_OK  # too long for the integer path (and for int() beyond 4,300 digits)
    mant = int("".join(map(str, digits)) or "0")
    scale = -exponent
    if scale < 0:
        mant, scale = mant * 10**-scale, 0
    if mant >= 10**_MAX_DIGITS or scale > _MAX_DIGITS:
        return _NOT_OK
    if unit == "" and scale == 0 and is_excel_serial(mant):
        return _NOT_OK  # read as a date under 时效指标: depends on the level-2 label
    return True, comparator.value, implicit, mant, scale, unit


_NOT_OK: Final[_Fields] = (False, None, None, None, None, None)


@lru_cache(maxsize=1 << 16)
def _full_parse(text: str, actual: bool) -> _Fields:
    """
    Read one string with the full parser.  Remembered across batches: the
    spellings the vectorised shapes miss repeat from batch to batch.
    """
    try:
        if actual:
            if says_not_applicable(text):
                return _NOT_OK
            found = parse_actual(text)
            if found.value is None or found.kind is TargetKind.DEADLINE:
                return _NOT_OK
            comparator = found.copied_comparator or Comparator.EQ
            return _numeric_fields(
                comparator, found.copied_comparator is None, found.value, found.unit
            )
        if month_under_timeliness(text):
            return _NOT_OK  # ``2020.5``: a month under 时效指标, a number elsewhere
        target = parse_target(text)
    except TargetParseError:
        return _NOT_OK
    if target.kind is TargetKind.DEADLINE or target.direction_override is not None:
        return _NOT_OK
    return _numeric_fields(target.comparator, target.implicit, target.value, target.unit)


def parse_values(texts: pl.Series, *, actual: bool) -> pl.DataFrame:
    """
    Read distinct value strings: common shapes vectorised, the rest with the
    full parser (once per distinct string).

    Args:
        texts: Distinct value strings (nulls allowed).
        actual: Read them as actuals (``parse_actual``) rather than targets.

    Returns:
        As :func:`parse_shapes`; ``ok`` is true for every plain number
        (not a range, a deadline or a phrase), however it was written.
    """
    shapes = parse_shapes(texts)
    rest = shapes.filter(~pl.col("ok") & pl.col("text").is_not_null())
    if not rest.height:
        return shapes
    rows = [(text, *_full_parse(text, actual)) for text in rest["text"]]
    parsed = pl.DataFrame(rows, schema=shapes.schema, orient="row")
    return pl.concat([shapes.filter(pl.col("ok") | pl.col("text").is_null()), parsed])
