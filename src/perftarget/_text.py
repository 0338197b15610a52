"""
Text normalisation shared by the value and label parsers.

Real tables mix full-width and half-width forms, look-alike comparison
symbols and stray spaces.  ``normalize`` folds all of that into one canonical
spelling so the grammars downstream stay small.
"""

from __future__ import annotations

import unicodedata

# Characters that NFKC leaves alone but that tables use as comparators or
# separators.  Keys are single code points.
_LOOKALIKES = str.maketrans(
    {
        "≧": "≥",  # U+2267
        "⩾": "≥",  # U+2A7E
        "≦": "≤",  # U+2266
        "⩽": "≤",  # U+2A7D
        "═": "=",  # U+2550 box drawing, seen as '=' in Yunnan tables
        "﹦": "=",  # NFKC maps it too; kept for clarity
        "〜": "~",
        "～": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "−": "-",
        "﹣": "-",
        "•": "·",
        "・": "·",
        "．": ".",
        "，": ",",
        "、": "、",
    }
)

_TWO_CHAR_OPS = ((">=", "≥"), ("=>", "≥"), ("<=", "≤"), ("=<", "≤"), ("≥=", "≥"), ("≤=", "≤"))


def normalize(text: str) -> str:
    """
    Return ``text`` in the canonical spelling the parsers expect.

    NFKC folds full-width digits, letters and ``％``; look-alike comparators
    become ``≥ ≤ =``; two-character operators become one; all white space is
    removed (tables insert it at random).

    Examples:
        >>> normalize(" ≧ ２０ ０００亩 ")
        '≥20000亩'
        >>> normalize(">= 98 %(百分比)")
        '≥98%(百分比)'
    """
    folded = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    out = "".join(folded.split())
    while "=" in out:
        before = out
        for pair, single in _TWO_CHAR_OPS:
            if pair in out:
                out = out.replace(pair, single)
        if out == before:
            break
    if len(out) != len(folded) and not unicodedata.is_normalized("NFKC", out):
        # Removing a space let a combining mark join a new base: fold again.
        return normalize(out)
    return out


def is_cjk(char: str) -> bool:
    """
    Tell whether ``char`` is a CJK ideograph.
    """
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF


def display_width(text: str) -> int:
    """
    Return the number of terminal columns ``text`` occupies.

    East-Asian wide and full-width characters take two columns.

    Examples:
        >>> display_width("产出指标 50")
        11
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
