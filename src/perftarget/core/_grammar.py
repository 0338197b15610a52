"""
The value grammar's shared pieces: what a faster reader of the common value
shapes takes from :mod:`perftarget.core._parse` and
:mod:`perftarget.core._valuewords` so that it cannot drift from
:func:`~perftarget.parse_target`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from perftarget.core._model import Comparator
from perftarget.core._parse import _DATE_CHARS, _month_under_timeliness
from perftarget.core._valuewords import _PREFIXES, _alternation

__all__ = ["VALUE_GRAMMAR", "ValueGrammar", "month_under_timeliness"]


@attrs.frozen(kw_only=True)
class ValueGrammar:
    """
    The pieces of the value grammar a faster reader of the common shapes reuses.

    The batch engine splits *comparator word, plain number, tail* with one
    vectorised regular expression; it takes the comparator words and the
    characters that make a date from here.  What a shape means is still
    decided by :func:`~perftarget.parse_target`.

    Attributes:
        comparator_words: Word forms and symbols written before the number
            (不低于, ≥, 控制在 …) and the comparator each stands for (None: it
            depends on what follows, as in 达到 X 以上).
        comparator_pattern: A regular-expression alternation of those words,
            longest first (so 不少于 wins over 少于).
        date_chars: Characters whose presence sends a value down the
            deadline path (年, 月, 日, 底, 末).

    Example:
        >>> import re
        >>> re.fullmatch(VALUE_GRAMMAR.comparator_pattern, "不少于") is not None
        True
        >>> VALUE_GRAMMAR.comparator_words["不少于"]
        <Comparator.GE: '>='>

    .. versionadded:: Unreleased
    """

    comparator_words: Mapping[str, Comparator | None]
    comparator_pattern: str
    date_chars: frozenset[str]


#: The grammar :func:`~perftarget.parse_target` reads with (see :class:`ValueGrammar`).
VALUE_GRAMMAR: Final = ValueGrammar(
    comparator_words=MappingProxyType(_PREFIXES),
    comparator_pattern=_alternation(_PREFIXES),
    date_chars=_DATE_CHARS,
)


def month_under_timeliness(text: str) -> bool:
    """
    Tell whether a value reads as a month under 时效指标 and as a number elsewhere.

    Such a value (``2020.5``) is read differently by
    :func:`~perftarget.parse_target` with and without
    ``level2=Level2.TIMELINESS``, so a reader that ignores the label must
    leave it to the full parser.

    Args:
        text: A value as written.

    Returns:
        True when its reading depends on the level-2 label.

    Example:
        >>> month_under_timeliness("2020.5"), month_under_timeliness("95%")
        (True, False)

    .. versionadded:: Unreleased
    """
    return _month_under_timeliness(text)
