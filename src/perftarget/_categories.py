"""
The indicator hierarchy: level-1 (一级指标) and level-2 (二级指标) categories,
with their Chinese and English labels and the variant labels real templates use.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Final, TypeVar

from attrs import frozen

from perftarget._text import normalize
from perftarget.exceptions import LabelError

__all__ = ["Level1", "Level2", "LevelLabel", "parse_level1", "parse_level2"]

_T = TypeVar("_T")


class _Labelled:
    """The Chinese and English labels of a category (the member's value)."""

    zh: str
    en: str

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def label(self, lang: str = "zh") -> str:
        """Return the label in ``lang`` (``"zh"`` or ``"en"``)."""
        return self.zh if lang == "zh" else self.en


class Level1(_Labelled, enum.Enum):
    """
    Level-1 indicator category (一级指标).

    Two families of trees share these members: the target-table family
    (产出 / 效益 / 满意度, 成本 in newer templates) and the common evaluation
    framework of 财预〔2020〕10号 (决策 / 过程 / 产出 / 效益).  ``OTHER`` holds
    rows whose level-1 label names no category; the label as written stays on
    the indicator (:attr:`~perftarget.Indicator.level1_label`).

    Examples:
        >>> Level1.OUTPUT.zh, Level1.OUTPUT.en
        ('产出指标', 'output')
    """

    OUTPUT = ("产出指标", "output")
    EFFECT = ("效益指标", "effect")
    SATISFACTION = ("满意度指标", "satisfaction")
    COST = ("成本指标", "cost")
    DECISION = ("决策指标", "decision")
    PROCESS = ("过程指标", "process")
    OTHER = ("其他指标", "other")

    @property
    def family(self) -> str:
        """
        ``"framework"`` for 决策 and 过程 (the evaluation framework only),
        ``"common"`` for the rest.
        """
        return "framework" if self in (Level1.DECISION, Level1.PROCESS) else "common"

    @classmethod
    def from_label(cls, label: str) -> Level1:
        """
        Return the category a label names; see :func:`parse_level1`.
        """
        found = parse_level1(label).category
        assert isinstance(found, Level1)
        return found


class Level2(_Labelled, enum.Enum):
    """
    Level-2 indicator category (二级指标), with the level-1 categories it
    normally sits under (first one canonical).

    Examples:
        >>> Level2.QUANTITY.parents
        (<Level1.OUTPUT: ('产出指标', 'output')>,)
        >>> Level2.from_label("服务对象满意度指标等")
        <Level2.SATISFACTION: ('服务对象满意度指标', 'service-recipient satisfaction')>
    """

    QUANTITY = ("数量指标", "quantity")
    QUALITY = ("质量指标", "quality")
    TIMELINESS = ("时效指标", "timeliness")
    COST = ("成本指标", "cost")
    ECONOMIC = ("经济效益指标", "economic effect")
    SOCIAL = ("社会效益指标", "social effect")
    ECOLOGICAL = ("生态效益指标", "ecological effect")
    COMBINED_EFFECT = ("社会经济生态效益指标", "social, economic and ecological effect")
    SUSTAINABILITY = ("可持续影响指标", "sustainable impact")
    SATISFACTION = ("服务对象满意度指标", "service-recipient satisfaction")
    ECONOMIC_COST = ("经济成本指标", "economic cost")
    SOCIAL_COST = ("社会成本指标", "social cost")
    ECO_COST = ("生态环境成本指标", "eco-environmental cost")
    PROJECT_APPROVAL = ("项目立项", "project approval")
    PERFORMANCE_GOALS = ("绩效目标", "performance targets")
    FUND_INPUT = ("资金投入", "funding input")
    FUND_MANAGEMENT = ("资金管理", "fund management")
    IMPLEMENTATION = ("组织实施", "implementation")
    PROJECT_EFFECT = ("项目效益", "project effect")
    OTHER = ("其他指标", "other")

    @property
    def parents(self) -> tuple[Level1, ...]:
        """The level-1 categories this level 2 belongs under, canonical first."""
        return _PARENTS[self]

    @property
    def expects_number(self) -> bool:
        """Whether targets of this category should be numeric (数量, 时效, 成本 …)."""
        return self in _NUMERIC

    @classmethod
    def from_label(cls, label: str) -> Level2:
        """
        Return the category a label names; see :func:`parse_level2`.
        """
        found = parse_level2(label).category
        assert isinstance(found, Level2)
        return found


_PARENTS: Final[dict[Level2, tuple[Level1, ...]]] = {
    Level2.QUANTITY: (Level1.OUTPUT,),
    Level2.QUALITY: (Level1.OUTPUT,),
    Level2.TIMELINESS: (Level1.OUTPUT,),
    Level2.COST: (Level1.OUTPUT, Level1.COST),
    Level2.ECONOMIC: (Level1.EFFECT,),
    Level2.SOCIAL: (Level1.EFFECT,),
    Level2.ECOLOGICAL: (Level1.EFFECT,),
    Level2.COMBINED_EFFECT: (Level1.EFFECT,),
    Level2.SUSTAINABILITY: (Level1.EFFECT,),
    Level2.SATISFACTION: (Level1.SATISFACTION,),
    Level2.ECONOMIC_COST: (Level1.COST,),
    Level2.SOCIAL_COST: (Level1.COST,),
    Level2.ECO_COST: (Level1.COST,),
    Level2.PROJECT_APPROVAL: (Level1.DECISION,),
    Level2.PERFORMANCE_GOALS: (Level1.DECISION,),
    Level2.FUND_INPUT: (Level1.DECISION,),
    Level2.FUND_MANAGEMENT: (Level1.PROCESS,),
    Level2.IMPLEMENTATION: (Level1.PROCESS,),
    Level2.PROJECT_EFFECT: (Level1.EFFECT,),
    # A label that names no category may stand under any level 1.
    Level2.OTHER: tuple(Level1),
}

_NUMERIC: Final[frozenset[Level2]] = frozenset(
    {
        Level2.QUANTITY,
        Level2.QUALITY,
        Level2.TIMELINESS,
        Level2.COST,
        Level2.SATISFACTION,
        Level2.ECONOMIC_COST,
    }
)

_LEVEL1_ALIASES: Final[dict[str, Level1]] = {
    "产出": Level1.OUTPUT,
    "预期产出指标": Level1.OUTPUT,
    "产出(工作量)指标": Level1.OUTPUT,
    "效益": Level1.EFFECT,
    "效果指标": Level1.EFFECT,
    "效果": Level1.EFFECT,
    "满意度": Level1.SATISFACTION,
    "成本": Level1.COST,
    "outputs": Level1.OUTPUT,
    "outputindicators": Level1.OUTPUT,
    "effects": Level1.EFFECT,
    "benefit": Level1.EFFECT,
    "benefits": Level1.EFFECT,
    "outcome": Level1.EFFECT,
    "outcomes": Level1.EFFECT,
    "effectindicators": Level1.EFFECT,
    "satisfactionindicators": Level1.SATISFACTION,
    "costindicators": Level1.COST,
}

_LEVEL2_ALIASES: Final[dict[str, Level2]] = {
    "进度指标": Level2.TIMELINESS,
    "预算控制指标": Level2.COST,
    "预算(或投资规模)控制指标": Level2.COST,
    "社会、经济、生态效益指标": Level2.COMBINED_EFFECT,
    "社会公众或服务对象满意度指标": Level2.SATISFACTION,
    "满意度指标": Level2.SATISFACTION,
    "time": Level2.TIMELINESS,
    "economicbenefit": Level2.ECONOMIC,
    "socialbenefit": Level2.SOCIAL,
    "ecologicalbenefit": Level2.ECOLOGICAL,
    "sustainability": Level2.SUSTAINABILITY,
    "satisfaction": Level2.SATISFACTION,
}

# Every member's own labels read back; the tables hold the other spellings.
for _member in Level1:
    _LEVEL1_ALIASES.setdefault(_member.zh, _member)
    _LEVEL1_ALIASES.setdefault(normalize(_member.en).lower(), _member)
for _member2 in Level2:
    _LEVEL2_ALIASES.setdefault(_member2.zh, _member2)
    _LEVEL2_ALIASES.setdefault(normalize(_member2.en).lower(), _member2)

_WEIGHT = re.compile(r"\((\d+(?:\.\d+)?)分?\)$|(\d+(?:\.\d+)?)分$")
_PAREN = re.compile(r"\([^()]*\)")


@frozen(kw_only=True)
class LevelLabel:
    """
    A level label as read from a table: the category and, where the label
    carries one (``产出指标(50分)``), its weight.
    """

    category: Level1 | Level2
    weight: Decimal | None = None


def _clean(label: str) -> tuple[str, Decimal | None]:
    text = normalize(label)
    weight: Decimal | None = None
    match = _WEIGHT.search(text)
    if match is not None:
        weight = Decimal(match.group(1) or match.group(2))
        text = text[: match.start()]
    text = text.rstrip("等:：")
    return text, weight


def _lookup(text: str, table: Mapping[str, _T]) -> _T | None:
    for candidate in (text, _PAREN.sub("", text), text.lower().replace("indicators", "")):
        for form in (candidate, candidate + "指标"):
            found = table.get(form)
            if found is not None:
                return found
    return None


def parse_level1(label: str) -> LevelLabel:
    """
    Read a level-1 label, with any weight it carries.

    Raises:
        LabelError: The label names no level-1 category.

    Examples:
        >>> parse_level1("产出指标(50分)")
        LevelLabel(category=<Level1.OUTPUT: ('产出指标', 'output')>, weight=Decimal('50'))
        >>> parse_level1("效果指标").category
        <Level1.EFFECT: ('效益指标', 'effect')>
    """
    return _parse_label(label, 1, _LEVEL1_ALIASES)


def parse_level2(label: str) -> LevelLabel:
    """
    Read a level-2 label, with any weight it carries.

    Variant labels of real templates are accepted: ``进度指标`` (时效),
    ``社会公众或服务对象满意度指标``, a trailing ``等``, and a parenthesised
    alternative such as ``数量指标（或建筑规模指标）``.

    Raises:
        LabelError: The label names no level-2 category.
    """
    return _parse_label(label, 2, _LEVEL2_ALIASES)


def _parse_label(label: str, level: int, table: Mapping[str, Level1 | Level2]) -> LevelLabel:
    text, weight = _clean(label)
    found = _lookup(text, table)
    if found is None:
        raise LabelError(label, level, [c.zh for c in (Level1 if level == 1 else Level2)])
    return LevelLabel(category=found, weight=weight)
