"""
Unfilled-template detection: a placeholder for the number (``≥**%``,
``××人``), an option list left for the filler (``是/否``, ``优良中差``) or a
comparator with no number.
"""

from __future__ import annotations

import re
from typing import Final

from perftarget.core._lang import say
from perftarget.core._text import normalize
from perftarget.core._valuewords import _COMPARATOR_SYMBOL, _DIGIT, _PREFIXES, _alternation

__all__ = ["is_unfilled"]


#: A number left unfilled in a template: ``**``, ``××``, ``XX``, ``__``, ``？``, ``□``.
_PLACEHOLDER_CHARS = "*xX×_?□○〇#"
_PLACEHOLDER = re.compile(
    rf"(?P<pre>{_alternation(_PREFIXES)})?"
    rf"(?P<ph>(?:[{_PLACEHOLDER_CHARS}]|\.{{2,}})[{_PLACEHOLDER_CHARS}.]*)(?P<tail>\D*)"
)
#: A placeholder run inside longer text (``**年**月前完成``).
_PLACEHOLDER_RUN = re.compile(r"\*{2,}|×{2,}|[xX]{2,}|_{2,}|○{2,}|〇{2,}")

#: An option list (``优秀/良好/合格/不合格``) is short.
_LONGEST_OPTION_LIST: Final = 40

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


def _unfilled(norm: str) -> str:
    return say(
        f"{norm!r} 是未填写的模板占位符：没有数值",
        f"unfilled template placeholder {norm!r}: no number",
    )


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
