"""
The language of the messages that scoring writes into findings.

``evaluate(..., lang="zh")`` sets it for the duration of the call, as
``decimal.localcontext`` sets a precision: the many small functions that
write findings read it with :func:`say` instead of passing it along.

Outside any :func:`language` block the language is :data:`DEFAULT_LANG`,
the one default of the whole API: every function and renderer whose
``lang`` is not given writes in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

__all__ = ["DEFAULT_LANG", "LANGUAGES", "current_language", "language", "say"]

#: Languages messages are written in.
LANGUAGES: Final = ("zh", "en")

#: The language of the API when none is chosen: English, so that messages,
#: errors and doctests read the same in a traceback, a notebook or a log
#: aggregator, whoever calls the library.  The command line is the one place
#: that defaults to Chinese (``--lang zh``): its readers are the finance
#: staff who fill in the tables.  See docs/explanation/scoring.md, "Language".
DEFAULT_LANG: Final = "en"

_LANG: ContextVar[str] = ContextVar("perftarget_message_language", default=DEFAULT_LANG)


def current_language(lang: str | None = None) -> str:
    """
    The language to write in: ``lang`` when given, else the one in force.

    Args:
        lang: ``"zh"``, ``"en"`` or None.

    Returns:
        ``lang``, or the language of the enclosing :func:`language` block,
        or :data:`DEFAULT_LANG`.

    Raises:
        ValueError: ``lang`` is neither language.

    Examples:
        >>> current_language()
        'en'
        >>> with language("zh"):
        ...     current_language(), current_language("en")
        ('zh', 'en')
    """
    if lang is None:
        return _LANG.get()
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    return lang


def say(zh: str, en: str) -> str:
    """
    Return the message in the current language.

    Examples:
        >>> with language("zh"):
        ...     say("未达成", "not met")
        '未达成'
        >>> say("未达成", "not met")
        'not met'
    """
    return zh if _LANG.get() == "zh" else en


@contextmanager
def language(lang: str) -> Iterator[None]:
    """
    Write messages in ``lang`` (``"zh"`` or ``"en"``) inside the block.

    Raises:
        ValueError: ``lang`` is neither.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be 'zh' or 'en', got {lang!r}")
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)
