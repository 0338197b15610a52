"""
The text forms of a level label as written: numbering, marks, brackets and a
weight (``(20分)``) stripped to the core a lookup compares, and the test for a
close match.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from perftarget.core._text import normalize

# ----------------------------------------------------------------- text forms

# Brackets of every kind fold to ( ); NFKC already folds （） ［］ ｛｝.
_BRACKETS: Final = str.maketrans("【〔〖［[{】〕〗］]}", "((((((" + "))))))")
# Marks that are never part of a label: ★ for core indicators, quotes,
# zero-width characters left by document conversion.
_MARKS: Final = re.compile("[★☆*※▲△●○■□◆◇√✓✔#“”\"'‘’《》〈〉「」『』\u200b-\u200d\u2060\ufeff]")
_HEADER: Final = re.compile(r"^[一二三]级指标[:：]")
_NUMBERING: Final = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[部分项类个]*"
    r"|\([一二三四五六七八九十\d]+\)"
    r"|[一二三四五六七八九十]+[、.]"
    r"|\d+(?:\.\d+)*[、.)]?"
    r"|[IVXivx]+[、.)])"
)
_LEADING_JUNK: Final = "、.:;,-·_/"
_TRAILING_JUNK: Final = "等:;,.、。!?…-·_/"
_NUMBER: Final = r"\d+(?:\.\d+)?"
_WEIGHT_END: Final = re.compile(
    rf"(?:\((?:分值|权重|满分)?:?(?P<a>{_NUMBER})(?:[-~至到](?P<b>{_NUMBER}))?分?\)分?"
    rf"|(?:分值|权重|满分)?:?(?P<c>{_NUMBER})(?:[-~至到](?P<d>{_NUMBER}))?分)$"
)
_WEIGHT_START: Final = re.compile(rf"^\((?P<a>{_NUMBER})分\)|^(?P<c>{_NUMBER})分")
#: A weight is looked for in this many characters at the end of a label only,
#: so reading a long cell stays linear.
_WEIGHT_TAIL: Final = 32
_CANONICAL_WEIGHT: Final = re.compile(rf"\({_NUMBER}分\)$")
#: Longest label (in characters, after cleaning) tried for a close match.
_CLOSE_MAX: Final = 40


def _key(text: str) -> str:
    return normalize(text).translate(_BRACKETS).lower()


def _weight_of(match: re.Match[str]) -> Decimal:
    numbers = [match.group(g) for g in ("a", "b", "c", "d") if match.groupdict().get(g)]
    return max(Decimal(number) for number in numbers)


def _take_end_weight(text: str) -> tuple[str, Decimal | None]:
    """Remove a weight ending ``text``; a range ``(0-20)分`` weighs its upper bound."""
    offset = max(len(text) - _WEIGHT_TAIL, 0)
    match = _WEIGHT_END.search(text, offset)
    if match is None or (match.start() == offset > 0 and text[offset - 1] in "0123456789."):
        return text, None
    return text[: match.start()], _weight_of(match)


def _strip_lead(text: str) -> str:
    text = _HEADER.sub("", text)
    for _ in range(3):
        stripped = _NUMBERING.sub("", text).lstrip(_LEADING_JUNK)
        if stripped == text or not stripped:
            break
        text = stripped
    return text


def _debracket(text: str) -> str:
    """Drop bracketed text; an unclosed ``(`` drops the rest, a stray ``)`` goes."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _forms(label: str) -> tuple[Decimal | None, tuple[str, ...], str]:
    """
    Return the weight, the lookup forms of ``label`` (least changed first,
    the cleanest last) and the label as written without a canonical weight.
    """
    bare = _CANONICAL_WEIGHT.sub("", label).lower()
    text, weight = _take_end_weight(_key(label))
    forms = [text]
    text = _strip_lead(_MARKS.sub("", text))
    if weight is None:
        match = _WEIGHT_START.search(text)
        if match is not None:
            text, weight = text[match.end() :], _weight_of(match)
            text = _strip_lead(text)
    while True:
        before = text
        text = text.rstrip(_TRAILING_JUNK)
        if weight is None:
            text, weight = _take_end_weight(text)
        if text == before:
            break
    forms.append(text)
    # A label wholly in brackets (【产出指标】) keeps its text.
    unbracketed = _debracket(text) or text.replace("(", "").replace(")", "")
    forms.append(_strip_lead(unbracketed).rstrip(_TRAILING_JUNK))
    return weight, tuple(dict.fromkeys(forms)), bare


def _core(text: str) -> str:
    """
    Remove the suffixes a label adds to its stem: ``数量类指标`` → ``数量``,
    ``产出目标`` → ``产出`` (but 绩效目标 names a category itself).
    """
    for _ in range(3):  # a label stacks a few suffixes at most; stay linear on long text
        before = text
        for suffix in ("indicators", "indicator", "指标", "类", "方面"):
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        if text.endswith("目标") and len(text) > 2 and not text.endswith("绩效目标"):
            text = text[:-2]
        if text == before:
            break
    return text


_REPEATS: Final = re.compile(r"(.)\1+")


def _within_one_edit(text: str, other: str) -> bool:
    """Tell whether one character changed, added or removed turns ``text`` into ``other``."""
    if len(text) < len(other):
        text, other = other, text
    if len(text) - len(other) > 1:
        return False
    i = 0
    while i < len(other) and text[i] == other[i]:
        i += 1
    if len(text) == len(other):
        return text[i + 1 :] == other[i + 1 :]
    return text[i + 1 :] == other[i:]
