"""
Text normalisation shared by the value and label parsers.

Real tables mix full-width and half-width forms, look-alike comparison
symbols and stray spaces.  ``normalize`` folds all of that into one canonical
spelling so the grammars downstream stay small.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

# Characters that NFKC leaves alone but that tables use as comparators or
# separators (NFKC already folds the full-width forms ＝ ～ － ． ，).  Keys are
# single code points.
_LOOKALIKES = str.maketrans(
    {
        "≧": "≥",  # U+2267
        "⩾": "≥",  # U+2A7E
        "≦": "≤",  # U+2266
        "⩽": "≤",  # U+2A7D
        "═": "=",  # U+2550 box drawing, seen as '=' in Yunnan tables
        "〜": "~",
        "—": "-",
        "–": "-",
        "−": "-",
        "•": "·",
        "・": "·",
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


#: What an actual-value cell holds when the row does not apply (不适用),
#: compared after :func:`normalize` and lower-casing.
NOT_APPLICABLE = frozenset({"不适用", "n/a", "na", "/", "—", "-"})


def says_not_applicable(text: str) -> bool:
    """
    Tell whether a cell's text marks its row not applicable.

    Examples:
        >>> says_not_applicable(" N/A "), says_not_applicable("0")
        (True, False)
    """
    return normalize(text).lower() in NOT_APPLICABLE


def plain_number(value: Decimal) -> str:
    """
    A decimal as written in messages and traces: fixed point, never an exponent.

    Examples:
        >>> plain_number(Decimal("1E+2")), plain_number(Decimal("19.870"))
        ('100', '19.870')
    """
    return format(value, "f")
