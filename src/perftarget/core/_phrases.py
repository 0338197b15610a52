"""
Phrase targets: a value cell read as words rather than a number, qualitative
(``效果明显``), a timeliness phrase (``按时完成``) or a budget phrase
(``不超预算``).
"""

from __future__ import annotations

from typing import Final

from perftarget.core._lang import say
from perftarget.core._model import QualitativeLevel, Target, TargetKind
from perftarget.core._unfilled import _has_placeholder, _option_list, _unfilled
from perftarget.core._valuewords import _COMPARATOR_SYMBOL, _DIGIT, _PREFIXES, LE

_BUDGET_PHRASES: Final[frozenset[str]] = frozenset(
    {"不超预算", "不超过预算", "不超出预算", "不超预算数", "不超过预算数", "不高于预算"}
)
_TIME_PHRASES: Final[tuple[str, ...]] = (
    "按时",
    "按期",
    "如期",
    "及时",
    "时间内",
    "时限内",
    "期限内",
    "工期内",
    "规定时间",
)
_LEVEL_WORDS: Final[tuple[tuple[str, QualitativeLevel], ...]] = (
    ("优秀", QualitativeLevel.EXCELLENT),
    ("显著", QualitativeLevel.EXCELLENT),
    ("很好", QualitativeLevel.EXCELLENT),
    ("优良", QualitativeLevel.GOOD),
    ("良好", QualitativeLevel.GOOD),
    ("较好", QualitativeLevel.GOOD),
    ("明显", QualitativeLevel.GOOD),
    ("合格", QualitativeLevel.PASS),
    ("达标", QualitativeLevel.PASS),
    ("一般", QualitativeLevel.PASS),
    ("较差", QualitativeLevel.POOR),
)
_SINGLE_LEVEL: Final[dict[str, QualitativeLevel]] = {
    "优": QualitativeLevel.EXCELLENT,
    "好": QualitativeLevel.EXCELLENT,
    "良": QualitativeLevel.GOOD,
    "中": QualitativeLevel.PASS,
    "差": QualitativeLevel.POOR,
}


def _qualitative_level(phrase: str) -> QualitativeLevel | None:
    found = _SINGLE_LEVEL.get(phrase)
    if found is not None:
        return found
    for word, level in _LEVEL_WORDS:
        index = phrase.find(word)
        if index >= 0:
            negated = index > 0 and phrase[index - 1] in "不未没"
            return QualitativeLevel.POOR if negated else level
    return None


def _phrase_target(text: str, norm: str) -> Target:
    if norm in _BUDGET_PHRASES:
        return Target(kind=TargetKind.MONEY, comparator=LE, phrase=norm, text=text)
    if _option_list(norm):
        warning = say(
            f"{norm!r} 是未填写的选项列表：单元格中留下了备选项，未作选择",
            f"unfilled option list {norm!r}: the choices were left in the cell, none was chosen",
        )
        return Target(kind=TargetKind.QUALITATIVE, phrase=norm, text=text, warnings=(warning,))
    warnings: list[str] = []
    if _DIGIT.search(norm):
        warnings.append(
            say(
                f"{norm!r} 在文字中夹有数字：按定性指标读取，不可计量",
                f"{norm!r} mixes a number into a phrase: read as qualitative, not measurable",
            )
        )
    elif _COMPARATOR_SYMBOL.search(norm) or any(
        norm.endswith(w) for w, c in _PREFIXES.items() if c is not None
    ):
        warnings.append(
            say(
                f"{norm!r} 有比较符却没有数值（未填写的模板？）",
                f"unfilled value {norm!r}: a comparator without a number",
            )
        )
    if _has_placeholder(norm):
        warnings.append(_unfilled(norm))
    kind = (
        TargetKind.DEADLINE
        if any(word in norm for word in _TIME_PHRASES)
        else TargetKind.QUALITATIVE
    )
    return Target(
        kind=kind,
        phrase=norm,
        level=_qualitative_level(norm),
        text=text,
        warnings=tuple(warnings),
    )
