"""
The comparator words and marks of a value cell: the word forms written before
and after a number (不低于, 以上, 以内 …), the comparator symbols and digits.
"""

from __future__ import annotations

import re
from typing import Final

from perftarget.core._model import Comparator

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


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_COMPARATOR_SYMBOLS: Final = "≥≤=<>"
_COMPARATOR_SYMBOL = re.compile(r"[≥≤=<>]")
_DIGIT = re.compile(r"\d")
