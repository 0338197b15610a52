"""
The text cache of the readers: a :func:`functools.lru_cache` bounded in bytes
as well as in entries, for functions of a cell's text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from functools import lru_cache
from typing import Concatenate, Final, ParamSpec, TypeVar, cast

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
