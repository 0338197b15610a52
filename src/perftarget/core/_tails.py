"""
The text after a number in a value cell: its unit (canonical spelling, kind,
unknown measure words) and the comparator word that may follow it.
"""

from __future__ import annotations

import re
from typing import Final

from perftarget.core._lang import say
from perftarget.core._model import TargetKind
from perftarget.core._textcache import _text_cache
from perftarget.core._units import canonical_unit, unit_info, unknown_words
from perftarget.core._valuewords import _SUFFIXES, _alternation

_UNIT_SUFFIX_WORDS: Final[tuple[str, ...]] = tuple(w for w in _SUFFIXES if len(w) > 1)
_QUALIFIERS: Final[tuple[str, ...]] = ("全覆盖", "覆盖", "完成", "达标", "合格", "到位")

#: The text after a number: no digit, except the power of a Latin unit (``m2``, ``m^3``).
_UNIT_TEXT = r"\D*(?:(?<=[A-Za-z^])[23]\D*)*"

_TAIL = re.compile(
    rf"(?P<unit>.*?)(?P<post>{_alternation(_SUFFIXES)})?(?P<qual>{_alternation(_QUALIFIERS)})?"
)

_MEASURE_WORD = re.compile(r"(?:[A-Za-z]{1,4}|[万亿]?[\u4e00-\u9fff]{1,4}|%|‰)")

#: No unit is longer than this or has more words (``万元/人·月`` has three).
_LONGEST_UNIT: Final = 24
_MOST_UNIT_WORDS: Final = 5
_PER_AFTER_SEPARATOR = re.compile(r"(?<=[/·*×.•・、])每")
_UNIT_SEPARATORS: Final = str.maketrans(dict.fromkeys("/·*×.•・、每", "|"))


def _well_formed(unit_text: str) -> bool:
    """
    Tell whether every word of a unit is there: ``元/人·月`` and ``元/人.每天``
    are, ``**%``, ``元//人`` and ``人/`` are not (a separator would swallow the
    gap).
    """
    words = _PER_AFTER_SEPARATOR.sub("", unit_text).translate(_UNIT_SEPARATORS).split("|")
    if words[0] == "" and len(words) > 1 and unit_text[0] in "/每":
        words = words[1:]  # '/亩', '每亩': a number per mu
    return len(words) <= _MOST_UNIT_WORDS and all(words)


def _unknown_warnings(words: tuple[str, ...]) -> list[str]:
    return [
        say(
            f"未知的计量单位 {word!r}：按独立的计数单位处理",
            f"unknown measure word {word!r}: treated as a count unit of its own",
        )
        for word in words
    ]


@_text_cache(maxsize=4096)
def _unit_facts(unit_text: str) -> tuple[str, TargetKind, tuple[str, ...]] | None:
    """
    Canonical unit, kind and unknown measure words for the text after a
    number, or None when that text is no unit.  Units repeat endlessly,
    numbers do not: caching here keeps distinct strings cheap.
    """
    if unit_text and (len(unit_text) > _LONGEST_UNIT or not _well_formed(unit_text)):
        return None
    unit = {"万": "万元", "亿": "亿元"}.get(unit_text) or canonical_unit(unit_text)
    if not unit and unit_text:
        return None
    if unit.endswith(_UNIT_SUFFIX_WORDS) or unit.startswith(_UNIT_SUFFIX_WORDS):
        return None  # '以上以上': a doubled comparator word, not a unit
    if unit:
        parts = unit.replace("·", "/").split("/")
        if parts[0] == "" and len(parts) > 1:  # '/亩': a number per mu
            parts = parts[1:]
        if not all(_MEASURE_WORD.fullmatch(part) or unit_info(part).known for part in parts):
            return None
    kind = unit_info(unit).kind
    if kind in ("percent", "percent_point"):
        target_kind = TargetKind.PERCENT
    elif kind == "money":
        target_kind = TargetKind.MONEY
    elif kind == "rate":
        target_kind = TargetKind.RATE
    else:
        target_kind = TargetKind.QUANTITY
    return unit, target_kind, unknown_words(unit)


@_text_cache(maxsize=4096)
def _tail_facts(tail: str) -> tuple[str, TargetKind, tuple[str, ...], str | None] | None:
    """Unit, kind, unknown measure words and suffix word for the text after a number."""
    match = _TAIL.fullmatch(tail)
    if match is None:  # pragma: no cover - the pattern matches any text
        return None
    facts = _unit_facts(match["unit"])
    if facts is None:
        return None
    return (*facts, match["post"])
