"""
Reading target values (指标值) into :class:`Target`.  Actual values are read
by :mod:`perftarget.core._actual` and both are written back in one canonical
spelling by :mod:`perftarget.core._format`.

The grammar, in order of trial:

1. a deadline or period (``2020年12月31日前``, ``年底前``, ``2023.07-2024.01``);
2. a number with optional comparator, range, unit and suffix word
   (``≥95百分比``, ``不少于12种``, ``95%以上``, ``3-5天``, ``±3%以内``, ``≥1次/月``),
   also after per-unit words (``每人每月500元``) or a label (``满意度≥90%``);
3. a comparator or unit with the number missing, or a template placeholder
   (``≥**%``, ``××人``): read and flagged as unfilled;
4. a phrase: qualitative (``效果明显``) or a timeliness phrase (``按时完成``);
   an option list left in the cell (``是/否``, ``优良中差``) is flagged as unfilled.

Text with no letters that fits none of these raises :class:`TargetParseError`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Final

import attrs

from perftarget.core._categories import Level2
from perftarget.core._dates import (
    Deadline,
    _year_month_decimal,
    excel_serial_to_date,
    is_excel_serial,
    parse_deadline,
)
from perftarget.core._lang import say
from perftarget.core._model import (
    Comparator,
    Target,
    TargetKind,
    _numeric_target_unchecked,
)
from perftarget.core._phrases import _phrase_target
from perftarget.core._tails import (
    _MOST_UNIT_WORDS,
    _UNIT_TEXT,
    _tail_facts,
    _unit_facts,
    _unknown_warnings,
)
from perftarget.core._text import normalize
from perftarget.core._textcache import CACHED_TEXT_LONGEST
from perftarget.core._unfilled import _PLACEHOLDER, _has_placeholder, _unfilled
from perftarget.core._units import canonical_unit, unit_info
from perftarget.core._valuewords import (
    _COMPARATOR_SYMBOL,
    _DIGIT,
    _PREFIXES,
    _SUFFIXES,
    EQ,
    GE,
    LE,
    LT,
    _alternation,
)
from perftarget.exceptions import ArgumentTypeError, TargetParseError

__all__ = ["parse_target"]


_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMERIC = re.compile(
    rf"(?P<pre>{_alternation(_PREFIXES)})?(?P<pm>±)?(?P<num>{_NUM})"
    rf"(?:(?P<sep>[-~至到])(?P<num2>{_NUM}))?(?P<tail>{_UNIT_TEXT})"
)
# The common shape (symbol, plain number, tail), tried first because it is cheap.
_SIMPLE = re.compile(rf"(?P<pre>[≥≤=><]?)(?P<num>\d+(?:\.\d+)?)(?P<tail>{_UNIT_TEXT})")
_UNIT_ONLY = re.compile(rf"(?P<pre>{_alternation(_PREFIXES)})?(?P<unit>[^\d]+)")
_DATE_CHARS: Final = frozenset("年月日底末")
_DATE_HINT = re.compile(r"\d{4}[./-]\d")
#: A leading per-unit word (``每亩``, ``每人``, ``每个村``) before the value.
_PER_UNIT = re.compile(
    rf"每(?P<per>[^\d每≥≤=<>±~]{{1,6}}?)(?=每|[\d+±≥≤=<>]|{_alternation(_PREFIXES)})"
)
_LETTER = re.compile(r"[^\W\d_]")
#: A label before a value (``满意度达到≥90%``) is an indicator name: short.
_LONGEST_LABEL: Final = 30
_BRACKETS: Final[dict[str, str]] = {"(": ")", "[": "]", "【": "】"}
_TRAILING_PUNCTUATION: Final = "。;,、!:"
_PERCENT_WORD = re.compile(r"百分之(\d+(?:\.\d+)?)")


# ----------------------------------------------------------------- helpers


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "") if "," in text else text)


def _has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def _error(original: str, norm: str, position: int, expected: str) -> TargetParseError:
    error = TargetParseError(norm, position, expected)
    if norm != original:
        error.args = (f"{error.args[0]} (text as given: {original!r})",)
    error.text = original
    return error


# ----------------------------------------------------------------- targets


def _deadline_target(text: str, norm: str) -> Target | None:
    body = norm
    comparator: Comparator | None = None
    if body[:1] in ("≤", "<", "="):
        comparator = {"≤": LE, "<": LT, "=": EQ}[body[0]]
        body = body[1:]
    try:
        found = parse_deadline(body)
    except ValueError as error:
        raise _error(text, norm, 0, f"a valid date ({error})") from None
    if found is None:
        return None
    parsed = Comparator(found.comparator)
    implicit = found.implicit
    if comparator is not None and parsed is not Comparator.RANGE:
        if implicit or parsed is comparator:
            parsed, implicit = comparator, False
        else:
            raise _error(text, norm, 0, "one comparator, not both a symbol and a word")
    return Target(
        kind=TargetKind.DEADLINE,
        comparator=parsed,
        implicit=implicit,
        date=found.start,
        date_upper=found.end,
        text=text,
    )


@lru_cache(maxsize=256)
def _comparator(pre: str | None, post: str | None) -> tuple[Comparator, bool, bool] | None:
    """Comparator, implicit and approximate flags of a prefix/suffix pair; None if they clash."""
    before = _PREFIXES.get(pre) if pre else None
    after = _SUFFIXES.get(post) if post else None
    approximate = pre == "约" or post == "左右"
    if before is not None and after is not None and before is not after:
        return None
    chosen = before or after
    if chosen is None:
        return EQ, not pre, approximate
    return chosen, False, approximate


def _numeric_target(text: str, norm: str, level2: Level2 | None) -> Target | None:
    match = _SIMPLE.fullmatch(norm)
    if match is not None:
        pre, num, tail = match.groups()
        pm = num2 = None
    else:
        match = _NUMERIC.fullmatch(norm)
        if match is None:
            return None
        pre, pm, num, _, num2, tail = match.groups()
    facts = _tail_facts(tail)
    if facts is None:
        return None
    unit, kind, unknown, post = facts
    resolved = _comparator(pre, post)
    if resolved is None:
        raise _error(text, norm, 0, f"one comparator, found both {pre!r} and {post!r}")
    comparator, implicit, approximate = resolved
    warnings = _unknown_warnings(unknown) if unknown else []
    if approximate:
        warnings.append(
            say(
                "近似值（'约' / '左右'）：按 '=' 读取",
                "approximate value ('约' / '左右'): read as '='",
            )
        )
    value = _decimal(num)
    upper: Decimal | None = None
    if pm:
        comparator, implicit, value, upper = Comparator.RANGE, False, -abs(value), abs(value)
    elif num2 is not None:
        upper = _decimal(num2)
        if upper < value:
            raise _error(text, norm, match.start("num2"), f"an upper bound of at least {value}")
        comparator, implicit = Comparator.RANGE, False
    if not unit and upper is None and "." not in num and len(num) <= 5:
        serial = int(value)
        if is_excel_serial(serial):
            day = excel_serial_to_date(serial)
            warnings.append(
                say(
                    f"{serial} 像是从电子表格漏出的 Excel 日期序列号（{day.isoformat()}）",
                    f"{serial} looks like an Excel serial date ({day.isoformat()}), "
                    "leaked from a spreadsheet",
                )
            )
            if level2 is Level2.TIMELINESS:
                return Target(
                    kind=TargetKind.DEADLINE,
                    comparator=comparator,
                    implicit=implicit,
                    date=Deadline(year=day.year, month=day.month, day=day.day),
                    text=text,
                    warnings=tuple(warnings),
                )
    if unit == "%" and value >= 100:  # every percent warning concerns 100 or more
        _percent_warnings(num, norm, comparator, implicit, value, level2, warnings)
    return _numeric_target_unchecked(
        kind, comparator, implicit, value, upper, unit, text, tuple(warnings)
    )


def _percent_warnings(
    digits: str,
    norm: str,
    comparator: Comparator,
    implicit: bool,
    value: Decimal,
    level2: Level2 | None,
    warnings: list[str],
) -> None:
    if comparator is GE and value == 100:
        warnings.append(
            say(
                "退化的界限 '≥100%'：比率只有恰为 100% 时才能达到；请写作 '=100%'",
                "degenerate bound '≥100%': a rate can only meet it at exactly 100%; write '=100%'",
            )
        )
    if value > 100 and implicit:
        rest = digits[1:]
        if digits.startswith("2") and rest.isdigit() and 50 <= int(rest) <= 100:
            warnings.append(
                say(
                    f"可疑的值 {norm!r}：可能是 '≥{rest}%'，'≥' 在文档转换中被损坏成 '2'；"
                    "请核对原件",
                    f"suspicious value {norm!r}: probably '≥{rest}%' with '≥' damaged into '2' "
                    "by document conversion; check the source",
                )
            )
    if level2 is Level2.SATISFACTION and value > 100:
        warnings.append(
            say(f"满意度 {value}% 不可能", f"a satisfaction rate of {value}% is impossible")
        )


def _unit_only_target(text: str, norm: str) -> Target | None:
    match = _UNIT_ONLY.fullmatch(norm)
    if match is None:
        return None
    facts = _unit_facts(match["unit"])
    if facts is None:
        return None
    unit, kind, _ = facts
    if not unit_info(unit).known or unit.startswith("/"):
        return None
    pre = match["pre"]
    comparator = _PREFIXES.get(pre) if pre else None
    if pre and comparator is None:
        return None
    warning = say(
        f"{norm!r} 中没有数值：只有单位（未填写的模板？）",
        f"no number in {norm!r}: a unit without a value (an unfilled template?)",
    )
    return Target(kind=kind, comparator=comparator, unit=unit, text=text, warnings=(warning,))


def _placeholder_target(text: str, norm: str) -> Target | None:
    """``≥**%``, ``××人``, ``≥XX%``: a template whose number was never filled in."""
    match = _PLACEHOLDER.fullmatch(norm)
    if match is None:
        return None
    facts = _tail_facts(match["tail"])
    if facts is None or facts[2]:
        return None
    unit, kind, _, post = facts
    if unit.startswith("/"):
        return None
    resolved = _comparator(match["pre"], post)
    if resolved is None:
        return None
    comparator = None if resolved[1] else resolved[0]
    if comparator is None and not unit:
        return None  # '**' alone: read as a phrase, flagged
    return Target(
        kind=kind, comparator=comparator, unit=unit, text=text, warnings=(_unfilled(norm),)
    )


def _per_unit_target(text: str, norm: str, level2: Level2 | None) -> Target | None:
    """``每人每月500元``, ``每亩200``, ``每月≥1次``: per-unit words before the value."""
    pers: list[str] = []
    position = 0
    while (match := _PER_UNIT.match(norm, position)) is not None:
        if len(pers) == _MOST_UNIT_WORDS:
            return None
        per = match["per"]
        per = canonical_unit(per[1:] if per.startswith("个") and len(per) > 1 else per)
        if len(per) > 1 and not unit_info(per).known:
            return None  # '每亩补贴200元': words after the unit, not a unit
        pers.append(per)
        position = match.end()
    if not pers or position == len(norm):
        return None
    inner = _numeric_target(text, norm[position:], level2)
    if inner is None or inner.value is None or inner.kind is TargetKind.DEADLINE:
        return None
    facts = _unit_facts(canonical_unit("/".join((inner.unit, *pers))))
    if facts is None:
        return None
    unit, kind, unknown = facts
    warnings = tuple(dict.fromkeys((*inner.warnings, *_unknown_warnings(unknown))))
    return attrs.evolve(inner, kind=kind, unit=unit, warnings=warnings)


def _labelled_target(text: str, norm: str, level2: Level2 | None) -> Target | None:
    """``满意度达到≥90%``: an indicator name left before a comparator and a number."""
    symbol = _COMPARATOR_SYMBOL.search(norm, 0, _LONGEST_LABEL + 1)
    index = symbol.start() if symbol is not None else 0
    head, rest = norm[:index], norm[index:]
    if (
        not index
        or _DIGIT.search(head)
        or not _has_letters(head)
        or head[-1] in "不未没非无"
        or any(head.endswith(w) for w, c in _PREFIXES.items() if c is not None)
    ):
        return None
    inner = _numeric_target(text, rest, level2)
    if inner is None or inner.value is None:
        return None
    warning = say(
        f"数值前的文字 {head!r} 已略去，按 {rest!r} 读取",
        f"words before the value ({head!r}) dropped: read as {rest!r}",
    )
    return attrs.evolve(inner, warnings=(*inner.warnings, warning))


def _undecorate(norm: str) -> str:
    """
    Drop what surrounds a value without changing it: trailing punctuation
    (``≥95%。``), the inclusive mark ``(含)`` and enclosing brackets
    (``(≥**人)``).
    """
    if "(含)" in norm:
        norm = norm.replace("(含)", "") or norm
    norm = norm.rstrip(_TRAILING_PUNCTUATION) or norm
    closing = _BRACKETS.get(norm[0])
    if closing is not None and len(norm) > 2 and norm[-1] == closing:
        inner = norm[1:-1]
        if norm[0] not in inner and closing not in inner:
            return inner
    return norm


def _year_month_body(norm: str) -> Deadline | None:
    """The month a ``2020.5`` value could name (after an optional ``≤ < =``)."""
    return _year_month_decimal(norm[1:] if norm[:1] in ("≤", "<", "=") else norm)


def _month_under_timeliness(text: str) -> bool:
    """
    Tell whether ``text`` (``2020.5``) reads as a month under 时效指标 and as
    a number elsewhere, so its reading depends on the level-2 label.
    """
    norm = normalize(text)
    return bool(norm) and _year_month_body(_undecorate(norm)) is not None


def _parse(text: str, level2: Level2 | None, lang: str = "") -> Target:
    """Read one target; ``lang`` only keys the cache (warnings are in that language)."""
    if not isinstance(text, str):
        raise ArgumentTypeError(f"parse_target expects a str, got {type(text).__name__}")
    norm = normalize(text)
    if not norm:
        raise _error(text, norm, 0, "a value (the cell is empty)")
    norm = _undecorate(norm)
    damaged: str | None = None
    if norm[0] == "工" and len(norm) > 1 and norm[1].isdigit():
        damaged, norm = norm, "≥" + norm[1:]
    if "百分之" in norm:
        norm = _PERCENT_WORD.sub(r"\1%", norm.replace("百分之百", "100%"))
    target: Target | None = None
    ambiguous = _year_month_body(norm)
    if (ambiguous is None or level2 is Level2.TIMELINESS) and (
        not _DATE_CHARS.isdisjoint(norm)
        or (("." in norm or "-" in norm or "/" in norm) and _DATE_HINT.search(norm))
    ):
        target = _deadline_target(text, norm)
    if target is None:
        target = _numeric_target(text, norm, level2)
        if target is not None and ambiguous is not None:
            target = attrs.evolve(
                target,
                warnings=(
                    *target.warnings,
                    say(
                        f"{norm!r} 也可能是日期 {ambiguous.zh()}：此处按数字读取，"
                        "在时效指标下按该月读取",
                        f"{norm!r} could also be the date {ambiguous.iso()}: read as a number "
                        "(under 时效指标 it is read as that month)",
                    ),
                ),
            )
    if target is None and "每" in norm:
        target = _per_unit_target(text, norm, level2)
    if target is None:
        target = _placeholder_target(text, norm) or _unit_only_target(text, norm)
    if target is None and norm in _PREFIXES and _PREFIXES[norm] is not None:
        target = Target(
            kind=TargetKind.QUANTITY,
            comparator=_PREFIXES[norm],
            text=text,
            warnings=(
                say(
                    f"{norm!r} 只有比较符，没有数值（未填写的模板？）",
                    f"unfilled value {norm!r}: a comparator without a number",
                ),
            ),
        )
    if target is None:
        target = _labelled_target(text, norm, level2)
    if target is None:
        if not _has_letters(norm) and not _has_placeholder(norm):
            start = 1 if norm[0] in "≥≤=<>±" else 0
            position = next(
                (i for i, c in enumerate(norm[start:], start) if not (c.isdigit() or c in ".,")),
                len(norm),
            )
            raise _error(text, norm, position, "a number with an optional comparator and unit")
        target = _phrase_target(text, norm)
    if damaged is not None:
        target = attrs.evolve(
            target,
            warnings=(
                *target.warnings,
                say(
                    f"可疑的值 {damaged!r}：'工' 按损坏的 '≥'（OCR）读取；请核对原件",
                    f"suspicious value {damaged!r}: '工' read as a damaged '≥' (OCR); "
                    "check the source",
                ),
            ),
        )
    return target


_parse_cached = lru_cache(maxsize=65536)(_parse)


def parse_target(text: str, *, level2: Level2 | None = None) -> Target:
    """
    Read a target value (指标值) as written in a real table.

    Look-alike and full-width symbols, word forms of comparators
    (不低于, 不超过, …以上, …以内), percent spellings (百分比, 百分之比, ％),
    ranges, per-period rates, deadlines and qualitative phrases are all
    understood.  A bare value keeps what was written: comparator ``=`` with
    ``implicit=True``.  Doubts (a damaged value, a degenerate bound, an
    unknown measure word, an Excel serial date) are reported in
    ``Target.warnings`` rather than guessed away.  Results are cached for
    texts of up to :data:`CACHED_TEXT_LONGEST` characters.

    Args:
        text: The cell text.
        level2: The 二级指标 the value stands under, when known; it lets
            the parser read an Excel serial number under 时效指标 as a date
            and flag an impossible satisfaction rate.

    Raises:
        TargetParseError: The text is empty, or has no letters and is no
            number the grammar knows (``≥≥5``).

    Examples:
        >>> t = parse_target("≥95百分之比")
        >>> t.comparator, t.value, t.unit, t.kind
        (<Comparator.GE: '>='>, Decimal('95'), '%', <TargetKind.PERCENT: 'percent'>)
        >>> parse_target("不少于12 种").comparator
        <Comparator.GE: '>='>
        >>> parse_target("8人").implicit
        True
        >>> parse_target("2020年12月31日前").date
        Deadline(year=2020, month=12, day=31)
    """
    try:
        short = len(text) <= CACHED_TEXT_LONGEST
    except TypeError:  # not a str: refused by _parse with our message
        short = False
    if short:
        return _parse_cached(text, level2, say("zh", "en"))
    return _parse(text, level2, say("zh", "en"))  # not kept: the cache is bounded in bytes


# ----------------------------------------------------------------- actuals


# ----------------------------------------------------------------- formatting
