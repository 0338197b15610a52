"""
Reading value strings (指标值, 实际完成值) into :class:`Target` and
:class:`Actual`, and writing them back in one canonical spelling.

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

import functools
import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Concatenate, Final, ParamSpec, TypeVar, cast

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
    Achievement,
    Actual,
    Comparator,
    QualitativeLevel,
    Target,
    TargetKind,
    _numeric_target_unchecked,
)
from perftarget.core._text import normalize
from perftarget.core._text import plain_number as _n
from perftarget.core._units import canonical_unit, unit_info, unknown_words
from perftarget.exceptions import ArgumentTypeError, TargetParseError

__all__ = ["format_actual", "format_target", "is_unfilled", "parse_actual", "parse_target"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

#: The longest text, in characters, whose result a cache keeps.  Real cells
#: (values, labels, headers) are far shorter; a longer text is worked out
#: again on every call, so no input can make a cache hold more than about
#: ``maxsize x CACHED_TEXT_LONGEST`` characters (the 65,536 readings of
#: :func:`parse_target` stay under 100 MiB however hostile the cells).
CACHED_TEXT_LONGEST: Final = 128


def _text_cache(
    maxsize: int, longest: int = CACHED_TEXT_LONGEST
) -> Callable[[Callable[Concatenate[str, _P], _R]], Callable[Concatenate[str, _P], _R]]:
    """
    Cache a function of a text, bounded in entries and in bytes.

    Like :func:`functools.lru_cache`, but a call whose first argument is
    longer than ``longest`` characters (or not a string) bypasses the cache,
    so the memory held is bounded by ``maxsize`` entries of short texts
    rather than by whatever the input holds.

    Args:
        maxsize: The most results kept (least recently used dropped first).
        longest: The longest text, in characters, whose result is kept.

    Returns:
        A decorator.

    Examples:
        >>> @_text_cache(maxsize=8, longest=3)
        ... def shout(text: str) -> str:
        ...     return text.upper() + "!"
        >>> shout("ab") is shout("ab"), shout("abcd") is shout("abcd")
        (True, False)
    """

    def decorate(func: Callable[Concatenate[str, _P], _R]) -> Callable[Concatenate[str, _P], _R]:
        # lru_cache checks hashability at run time; its stub wants Hashable arguments.
        cached = cast("Callable[Concatenate[str, _P], _R]", lru_cache(maxsize=maxsize)(func))

        @functools.wraps(func)
        def call(text: str, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
            if isinstance(text, str) and len(text) <= longest:
                return cached(text, *args, **kwargs)
            return func(text, *args, **kwargs)

        return call

    return decorate


GE, LE, EQ, GT, LT = Comparator.GE, Comparator.LE, Comparator.EQ, Comparator.GT, Comparator.LT

# Word forms before the number, longest first so 不少于 wins over 少于.
_PREFIXES: Final[dict[str, Comparator | None]] = {
    "大于或等于": GE,
    "高于或等于": GE,
    "最低不低于": GE,
    "不得低于": GE,
    "不得少于": GE,
    "不应低于": GE,
    "不应少于": GE,
    "最低": GE,
    "大于等于": GE,
    "不低于": GE,
    "不少于": GE,
    "不小于": GE,
    "至少": GE,
    "最少": GE,
    "≥": GE,
    "小于或等于": LE,
    "低于或等于": LE,
    "最高不超过": LE,
    "最多不超过": LE,
    "不得超过": LE,
    "不得超出": LE,
    "不得高于": LE,
    "不应超过": LE,
    "不应高于": LE,
    "最高": LE,
    "小于等于": LE,
    "不高于": LE,
    "不超过": LE,
    "不多于": LE,
    "不大于": LE,
    "不超出": LE,
    "不超": LE,
    "控制在": LE,
    "最多": LE,
    "≤": LE,
    "高于": GT,
    "大于": GT,
    "超过": GT,
    "多于": GT,
    ">": GT,
    "低于": LT,
    "小于": LT,
    "少于": LT,
    "<": LT,
    "等于": EQ,
    "=": EQ,
    "达到": None,  # 达到 X → =, 达到 X 以上 → ≥
    "达": None,
    "约": None,
}
_SUFFIXES: Final[dict[str, Comparator | None]] = {
    "及以上": GE,
    "或以上": GE,
    "以上": GE,
    "及以下": LE,
    "或以下": LE,
    "以下": LE,
    "以内": LE,
    "之内": LE,
    "内": LE,
    "左右": None,
}
_UNIT_SUFFIX_WORDS: Final[tuple[str, ...]] = tuple(w for w in _SUFFIXES if len(w) > 1)
_QUALIFIERS: Final[tuple[str, ...]] = ("全覆盖", "覆盖", "完成", "达标", "合格", "到位")


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: The text after a number: no digit, except the power of a Latin unit (``m2``, ``m^3``).
_UNIT_TEXT = r"\D*(?:(?<=[A-Za-z^])[23]\D*)*"
_NUMERIC = re.compile(
    rf"(?P<pre>{_alternation(_PREFIXES)})?(?P<pm>±)?(?P<num>{_NUM})"
    rf"(?:(?P<sep>[-~至到])(?P<num2>{_NUM}))?(?P<tail>{_UNIT_TEXT})"
)
# The common shape (symbol, plain number, tail), tried first because it is cheap.
_SIMPLE = re.compile(rf"(?P<pre>[≥≤=><]?)(?P<num>\d+(?:\.\d+)?)(?P<tail>{_UNIT_TEXT})")
_TAIL = re.compile(
    rf"(?P<unit>.*?)(?P<post>{_alternation(_SUFFIXES)})?(?P<qual>{_alternation(_QUALIFIERS)})?"
)
_UNIT_ONLY = re.compile(rf"(?P<pre>{_alternation(_PREFIXES)})?(?P<unit>[^\d]+)")
_DATE_CHARS: Final = frozenset("年月日底末")
_DATE_HINT = re.compile(r"\d{4}[./-]\d")
#: A leading per-unit word (``每亩``, ``每人``, ``每个村``) before the value.
_PER_UNIT = re.compile(
    rf"每(?P<per>[^\d每≥≤=<>±~]{{1,6}}?)(?=每|[\d+±≥≤=<>]|{_alternation(_PREFIXES)})"
)
_MEASURE_WORD = re.compile(r"(?:[A-Za-z]{1,4}|[万亿]?[\u4e00-\u9fff]{1,4}|%|‰)")
#: A number left unfilled in a template: ``**``, ``××``, ``XX``, ``__``, ``？``, ``□``.
_PLACEHOLDER_CHARS = "*xX×_?□○〇#"
_PLACEHOLDER = re.compile(
    rf"(?P<pre>{_alternation(_PREFIXES)})?"
    rf"(?P<ph>(?:[{_PLACEHOLDER_CHARS}]|\.{{2,}})[{_PLACEHOLDER_CHARS}.]*)(?P<tail>\D*)"
)
#: A placeholder run inside longer text (``**年**月前完成``).
_PLACEHOLDER_RUN = re.compile(r"\*{2,}|×{2,}|[xX]{2,}|_{2,}|○{2,}|〇{2,}")
_COMPARATOR_SYMBOLS: Final = "≥≤=<>"
_COMPARATOR_SYMBOL = re.compile(r"[≥≤=<>]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
#: A label before a value (``满意度达到≥90%``) is an indicator name: short.
_LONGEST_LABEL: Final = 30
#: An option list (``优秀/良好/合格/不合格``) is short.
_LONGEST_OPTION_LIST: Final = 40
#: No unit is longer than this or has more words (``万元/人·月`` has three).
_LONGEST_UNIT: Final = 24
_MOST_UNIT_WORDS: Final = 5
_PER_AFTER_SEPARATOR = re.compile(r"(?<=[/·*×.•・、])每")
_UNIT_SEPARATORS: Final = str.maketrans(dict.fromkeys("/·*×.•・、每", "|"))
_BRACKETS: Final[dict[str, str]] = {"(": ")", "[": "]", "【": "】"}
_TRAILING_PUNCTUATION: Final = "。;,、!:"
#: Options a template lists for the filler to choose from.
_OPTION_WORDS: Final[frozenset[str]] = frozenset(
    "好 坏 优 良 中 差 高 低 强 弱 是 否 有 无 优秀 良好 较好 一般 较差 合格 不合格 "
    "达标 未达标 不达标 达到 未达到 达成 未达成 完成 未完成 满意 基本满意 比较满意 非常满意 "
    "不满意 显著 明显 较明显 不明显 提高 降低 持平 增加 减少 上升 下降".split()
)
_OPTION_SEPARATORS = re.compile(r"[/、|,;]|或")
#: Option lists written without separators (a grade alone, ``优良``, is no list).
_OPTION_RUNS: Final[frozenset[str]] = frozenset(
    {"好坏", "好差", "优劣", "是否", "有无", "高低", "强弱"}
)
_GRADE_CHARS: Final = frozenset("优良中差好坏高低")
_PERCENT_WORD = re.compile(r"百分之(\d+(?:\.\d+)?)")
_BUDGET_PHRASES: Final[frozenset[str]] = frozenset(
    {"不超预算", "不超过预算", "不超出预算", "不超预算数", "不超过预算数", "不高于预算"}
)
_TIME_PHRASES: Final[tuple[str, ...]] = (
    "按时",
    "按期",
    "如期",
    "及时",
    "时间内",
    "时限内",
    "期限内",
    "工期内",
    "规定时间",
)
_LEVEL_WORDS: Final[tuple[tuple[str, QualitativeLevel], ...]] = (
    ("优秀", QualitativeLevel.EXCELLENT),
    ("显著", QualitativeLevel.EXCELLENT),
    ("很好", QualitativeLevel.EXCELLENT),
    ("优良", QualitativeLevel.GOOD),
    ("良好", QualitativeLevel.GOOD),
    ("较好", QualitativeLevel.GOOD),
    ("明显", QualitativeLevel.GOOD),
    ("合格", QualitativeLevel.PASS),
    ("达标", QualitativeLevel.PASS),
    ("一般", QualitativeLevel.PASS),
    ("较差", QualitativeLevel.POOR),
)
_SINGLE_LEVEL: Final[dict[str, QualitativeLevel]] = {
    "优": QualitativeLevel.EXCELLENT,
    "好": QualitativeLevel.EXCELLENT,
    "良": QualitativeLevel.GOOD,
    "中": QualitativeLevel.PASS,
    "差": QualitativeLevel.POOR,
}
_ACHIEVEMENT_WORDS: Final[dict[str, Achievement]] = {
    "达成年度指标": Achievement.ACHIEVED,
    "达成预期指标": Achievement.ACHIEVED,
    "达到预期指标": Achievement.ACHIEVED,
    "达到预期": Achievement.ACHIEVED,
    "达成预期": Achievement.ACHIEVED,
    "达成": Achievement.ACHIEVED,
    "已达成": Achievement.ACHIEVED,
    "完成": Achievement.ACHIEVED,
    "已完成": Achievement.ACHIEVED,
    "全部完成": Achievement.ACHIEVED,
    "按时完成": Achievement.ACHIEVED,
    "如期完成": Achievement.ACHIEVED,
    "达标": Achievement.ACHIEVED,
    "已达标": Achievement.ACHIEVED,
    "合格": Achievement.ACHIEVED,
    "是": Achievement.ACHIEVED,
    "部分达成年度指标并具有一定效果": Achievement.PARTLY,
    "部分达成": Achievement.PARTLY,
    "部分完成": Achievement.PARTLY,
    "基本达到": Achievement.PARTLY,
    "基本达成": Achievement.PARTLY,
    "基本完成": Achievement.PARTLY,
    "未达成年度指标且效果较差": Achievement.NOT_ACHIEVED,
    "未达成": Achievement.NOT_ACHIEVED,
    "未完成": Achievement.NOT_ACHIEVED,
    "未达标": Achievement.NOT_ACHIEVED,
    "未达到": Achievement.NOT_ACHIEVED,
    "不合格": Achievement.NOT_ACHIEVED,
    "否": Achievement.NOT_ACHIEVED,
}


# ----------------------------------------------------------------- helpers


def _decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", "") if "," in text else text)


def _has_letters(text: str) -> bool:
    return _LETTER.search(text) is not None


def _qualitative_level(phrase: str) -> QualitativeLevel | None:
    found = _SINGLE_LEVEL.get(phrase)
    if found is not None:
        return found
    for word, level in _LEVEL_WORDS:
        index = phrase.find(word)
        if index >= 0:
            negated = index > 0 and phrase[index - 1] in "不未没"
            return QualitativeLevel.POOR if negated else level
    return None


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


def _unfilled(norm: str) -> str:
    return say(
        f"{norm!r} 是未填写的模板占位符：没有数值",
        f"unfilled template placeholder {norm!r}: no number",
    )


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


def _has_placeholder(norm: str) -> bool:
    """Tell whether ``norm`` is a placeholder (``*``, ``XX``) or holds a run of one (``**年``)."""
    if _PLACEHOLDER_RUN.search(norm) is not None:
        return True
    match = _PLACEHOLDER.fullmatch(norm)
    return match is not None and not match["tail"]


def _option_list(norm: str) -> bool:
    """Tell whether ``norm`` is a list of options left for the filler to choose from."""
    if len(norm) > _LONGEST_OPTION_LIST:
        return False
    bare = norm.replace("□", "").replace("☐", "")
    if bare in _OPTION_RUNS or (len(bare) >= 3 and _GRADE_CHARS.issuperset(bare)):
        return True
    options = _OPTION_SEPARATORS.split(bare)
    if len(options) < 2:
        return bare != norm and len(bare) > 1 and _GRADE_CHARS.issuperset(bare)
    return len(set(options)) == len(options) and _OPTION_WORDS.issuperset(options)


def is_unfilled(text: str) -> bool:
    """
    Tell whether a value cell is template residue rather than a value: a
    placeholder for the number (``≥**%``, ``××人``), an option list left for
    the filler (``是/否``, ``优良中差``), or a comparator with no number
    (``群众满意度≥``).  The parser reads such cells and warns; a reader uses
    this to keep the row unscored.

    Examples:
        >>> is_unfilled("≥**%"), is_unfilled("是/否"), is_unfilled("群众满意度≥")
        (True, True, True)
        >>> is_unfilled("≥95%"), is_unfilled("显著提升"), is_unfilled("2024年底前")
        (False, False, False)
    """
    norm = normalize(text)
    if not norm or len(norm) > _LONGEST_OPTION_LIST * 4:
        return False
    if _has_placeholder(norm) or _option_list(norm):
        return True
    if _DIGIT.search(norm):
        return False
    return _COMPARATOR_SYMBOL.search(norm) is not None or any(
        norm.endswith(word) for word, comparator in _PREFIXES.items() if comparator is not None
    )


def _phrase_target(text: str, norm: str) -> Target:
    if norm in _BUDGET_PHRASES:
        return Target(kind=TargetKind.MONEY, comparator=LE, phrase=norm, text=text)
    if _option_list(norm):
        warning = say(
            f"{norm!r} 是未填写的选项列表：单元格中留下了备选项，未作选择",
            f"unfilled option list {norm!r}: the choices were left in the cell, none was chosen",
        )
        return Target(kind=TargetKind.QUALITATIVE, phrase=norm, text=text, warnings=(warning,))
    warnings: list[str] = []
    if _DIGIT.search(norm):
        warnings.append(
            say(
                f"{norm!r} 在文字中夹有数字：按定性指标读取，不可计量",
                f"{norm!r} mixes a number into a phrase: read as qualitative, not measurable",
            )
        )
    elif _COMPARATOR_SYMBOL.search(norm) or any(
        norm.endswith(w) for w, c in _PREFIXES.items() if c is not None
    ):
        warnings.append(
            say(
                f"{norm!r} 有比较符却没有数值（未填写的模板？）",
                f"unfilled value {norm!r}: a comparator without a number",
            )
        )
    if _has_placeholder(norm):
        warnings.append(_unfilled(norm))
    kind = (
        TargetKind.DEADLINE
        if any(word in norm for word in _TIME_PHRASES)
        else TargetKind.QUALITATIVE
    )
    return Target(
        kind=kind,
        phrase=norm,
        level=_qualitative_level(norm),
        text=text,
        warnings=tuple(warnings),
    )


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


def parse_actual(text: str) -> Actual:
    """
    Read an actual value (实际完成值).

    Actuals are often copies of the target with its comparator (``≥266米``):
    the number is read and the comparator kept in ``copied_comparator``, with
    a warning.  Achievement phrases (达成年度指标, 基本达到, 未完成 …) become
    an :class:`Achievement`.  Results are cached as :func:`parse_target`'s
    are: equal cells of up to :data:`CACHED_TEXT_LONGEST` characters give
    the same (immutable) value.

    Raises:
        TargetParseError: As :func:`parse_target`, or for a range.

    Examples:
        >>> a = parse_actual("≥266米")
        >>> a.value, a.unit, a.copied_comparator
        (Decimal('266'), '米', <Comparator.GE: '>='>)
        >>> parse_actual("达成预期指标").achievement
        <Achievement.ACHIEVED: '达成年度指标'>
    """
    # warnings come in the language in force: it keys the cache
    return _read_actual(text, say("zh", "en"))


@_text_cache(maxsize=65536)
def _read_actual(text: str, lang: str = "") -> Actual:
    """Read one actual; ``lang`` only keys the cache (warnings are in that language)."""
    norm = (normalize(text) and _undecorate(normalize(text))) if isinstance(text, str) else text
    achievement = _ACHIEVEMENT_WORDS.get(norm) if isinstance(norm, str) else None
    if achievement is not None:
        return Actual(kind=TargetKind.QUALITATIVE, achievement=achievement, phrase=norm, text=text)
    target = parse_target(text)
    warnings = list(target.warnings)
    if target.kind is TargetKind.DEADLINE and target.date is not None:
        if target.comparator is Comparator.RANGE:
            raise _error(text, norm, 0, "a single completion date, not a period")
        return Actual(
            kind=TargetKind.DEADLINE, date=target.date, text=text, warnings=tuple(warnings)
        )
    if target.value is None:
        return Actual(
            kind=target.kind,
            unit=target.unit,
            phrase=target.phrase,
            text=text,
            warnings=tuple(warnings),
        )
    if target.comparator is Comparator.RANGE:
        raise _error(text, norm, 0, "a single actual value, not a range")
    copied: Comparator | None = None
    if not target.implicit and target.comparator is not None:
        copied = target.comparator
        warnings.append(
            f"the actual repeats a comparator ({target.comparator.symbol}): "
            f"read as {target.value}; the real outcome may differ"
        )
    return Actual(
        kind=target.kind,
        value=target.value,
        unit=target.unit,
        copied_comparator=copied,
        text=text,
        warnings=tuple(warnings),
    )


# ----------------------------------------------------------------- formatting


def _deadline_text(comparator: Comparator | None, implicit: bool, date: Deadline) -> str:
    text = date.zh()
    if comparator is LE:
        return text + ("前" if date.day is not None else "底前")
    if comparator is None or implicit:
        return text
    return comparator.symbol + text


def format_target(target: Target) -> str:
    """
    Write a target in perftarget's canonical spelling.

    ``parse_target(format_target(t)) == t`` for every target the parser
    produces.

    Examples:
        >>> format_target(parse_target("不低于 ９０ 百分比"))
        '≥90%'
        >>> format_target(parse_target("3-5天"))
        '3~5天'
        >>> format_target(parse_target("年底前"))
        '12月底前'
    """
    if target.kind is TargetKind.DEADLINE and target.date is not None:
        if target.comparator is Comparator.RANGE and target.date_upper is not None:
            return f"{target.date.zh()}~{target.date_upper.zh()}"
        return _deadline_text(target.comparator, target.implicit, target.date)
    if target.value is None:
        if target.phrase:
            return target.phrase
        symbol = target.comparator.symbol if target.comparator is not None else ""
        return symbol + target.unit
    if target.comparator is Comparator.RANGE and target.upper is not None:
        if target.value == -target.upper and target.upper > 0:
            return f"±{_n(target.upper)}{target.unit}"
        return f"{_n(target.value)}~{_n(target.upper)}{target.unit}"
    symbol = "" if target.implicit or target.comparator is None else target.comparator.symbol
    return f"{symbol}{_n(target.value)}{target.unit}"


def format_actual(actual: Actual) -> str:
    """
    Write an actual value in canonical spelling; ``parse_actual`` inverts it.

    Examples:
        >>> format_actual(parse_actual("１０９３ 人"))
        '1093人'
    """
    if actual.kind is TargetKind.DEADLINE and actual.date is not None:
        return actual.date.zh()
    if actual.value is None:
        return actual.phrase or actual.unit
    symbol = actual.copied_comparator.symbol if actual.copied_comparator is not None else ""
    return f"{symbol}{_n(actual.value)}{actual.unit}"
