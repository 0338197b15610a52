"""
Layout pieces shared by the renderers: a list of labelled values and a heading.
"""

from __future__ import annotations

import html
from collections.abc import Sequence


def facts(pairs: Sequence[tuple[str, str]], fmt: str) -> str:
    """
    Lay out labelled values: ``label: value`` lines, a Markdown list or ``<dl>``.

    Examples:
        >>> print(facts([("总分", "99.80"), ("等级", "优")], "text"))
        总分: 99.80
        等级: 优
        >>> print(facts([("total", "99.80")], "markdown"))
        - **total**: 99.80
    """
    if fmt == "html":
        items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs)
        return f'<dl class="facts">{items}</dl>'
    if fmt == "markdown":
        return "\n".join(f"- **{k}**: {v}" for k, v in pairs)
    return "\n".join(f"{k}: {v}" for k, v in pairs)


def heading(text: str, fmt: str, level: int = 3) -> str:
    """
    Return a heading: underlined text, ``###`` Markdown or ``<hN>``.

    Examples:
        >>> print(heading("发现的问题", "text"))
        发现的问题
        ----------
        >>> heading("findings", "markdown")
        '### findings'
    """
    if fmt == "html":
        return f"<h{level}>{html.escape(text)}</h{level}>"
    if fmt == "markdown":
        return f"{'#' * level} {text}"
    from wcwidth import wcswidth

    return f"{text}\n{'-' * max(wcswidth(text), 1)}"


def join(parts: Sequence[str], fmt: str) -> str:
    """Join blocks with a blank line (a newline in HTML) and end with a newline."""
    return ("\n" if fmt == "html" else "\n\n").join(p for p in parts if p) + "\n"
