"""
Helpers every renderer shares: fixed-place numbers, locations, tables.

tabulate is imported inside :func:`table` so that ``import perftarget`` stays
light.  tabulate measures cells with wcwidth (a dependency), so Chinese
characters count as two columns and plain-text tables line up.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath
from typing import Final, Literal

from attrs import field, frozen

from perftarget.core._lang import current_language
from perftarget.exceptions import ArgumentError, Location
from perftarget.report.terms import check_lang, term

__all__ = [
    "FORMATS",
    "Format",
    "Renderer",
    "check_fmt",
    "fixed",
    "json_text",
    "percent",
    "table",
    "where_text",
]

#: An output format.
Format = Literal["text", "markdown", "html", "json"]

#: The formats every renderer accepts.
FORMATS: Final = ("text", "markdown", "html", "json")

_TABLEFMT: Final = {"text": "simple", "markdown": "github", "html": "html"}


def check_fmt(fmt: str) -> Format:
    """
    Return ``fmt`` if it is an output format.

    Raises:
        ValueError: Any other value.

    Examples:
        >>> check_fmt("markdown")
        'markdown'
    """
    for known in ("text", "markdown", "html", "json"):
        if fmt == known:
            return known
    raise ArgumentError(f"fmt must be one of {', '.join(FORMATS)}, got {fmt!r}")


@frozen(kw_only=True)
class Renderer:
    """
    What every renderer is configured with.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en``; the language in force by default.
    """

    fmt: str = field(default="text", validator=lambda _s, _a, v: check_fmt(v))
    lang: str = field(factory=current_language, validator=lambda _s, _a, v: check_lang(v))


def json_text(record: object) -> str:
    """A JSON record as the renderers write it: indented, Chinese kept, one final newline."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def fixed(value: Decimal | None, places: int = 2) -> str:
    """
    Format a number with exactly ``places`` decimals (half up); ``""`` for None.

    Args:
        value: The number.
        places: Decimal places shown.

    Returns:
        The text, never in exponent form.

    Examples:
        >>> fixed(Decimal("10")), fixed(Decimal("9.8")), fixed(Decimal("19.875"))
        ('10.00', '9.80', '19.88')
        >>> fixed(None)
        ''
    """
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-places)
    return format(value.quantize(quantum, rounding=ROUND_HALF_UP), "f")


def percent(fraction: Decimal | None, places: int = 2) -> str:
    """
    Format a fraction as a percentage with fixed places.

    Examples:
        >>> percent(Decimal("0.8045")), percent(Decimal("1"))
        ('80.45%', '100.00%')
    """
    return "" if fraction is None else fixed(fraction * 100, places) + "%"


def where_text(where: Location, lang: str | None = None) -> str:
    """
    Show a location briefly: project (or file name), row, column.

    Examples:
        >>> where_text(Location(sheet="驻访专项业务经费", row=1, column="二级指标"), "zh")
        '驻访专项业务经费 · 第1行 · 二级指标'
        >>> where_text(Location(file="/tmp/a.csv", row=7), "en")
        'a.csv · row 7'
        >>> where_text(Location())
        ''
    """
    lang = current_language(lang)
    parts: list[str] = []
    if where.sheet:
        parts.append(where.sheet)
    elif where.file:
        parts.append(PurePath(where.file).name)
    if where.row is not None:
        parts.append(term("row", lang, n=where.row))
    if where.column:
        parts.append(where.column)
    return " · ".join(parts)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    fmt: str,
    *,
    numeric: Sequence[int] = (),
) -> str:
    """
    Lay out a table in ``text``, ``markdown`` or ``html``.

    Cells are text already formatted (numbers with their fixed places);
    columns in ``numeric`` are right-aligned.

    Args:
        headers: Column labels.
        rows: The rows.
        fmt: ``text``, ``markdown`` or ``html``.
        numeric: Indexes of right-aligned columns.

    Returns:
        The table, without a trailing newline.

    Examples:
        >>> rows = [["甲", "9.80"], ["乙乙乙", "10.00"]]
        >>> print(table(["项目", "得分"], rows, "text", numeric=[1]))
        项目      得分
        ------  ------
        甲        9.80
        乙乙乙   10.00
    """
    from tabulate import tabulate

    if fmt == "html":
        return _html_table(headers, rows, numeric)
    align = ["right" if i in numeric else "left" for i in range(len(headers))]
    return tabulate(
        [list(r) for r in rows],
        headers=list(headers),
        tablefmt=_TABLEFMT[fmt],
        disable_numparse=True,
        colalign=align,
    )


def _html_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]
) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        klass = ' class="num"' if i in numeric else ""
        return f"<{tag}{klass}>{html.escape(text)}</{tag}>"

    head = "".join(cell("th", i, h) for i, h in enumerate(headers))
    body = "\n".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(r)) + "</tr>" for r in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
