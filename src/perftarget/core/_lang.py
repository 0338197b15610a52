"""
The language of the messages that scoring writes into findings.

``evaluate(..., lang="zh")`` sets it for the duration of the call, as
``decimal.localcontext`` sets a precision: the many small functions that
write findings read it with :func:`say` instead of passing it along.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["LANGUAGES", "language", "say"]

#: Languages messages are written in.
LANGUAGES = ("zh", "en")

_LANG: ContextVar[str] = ContextVar("perftarget_message_language", default="en")


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
