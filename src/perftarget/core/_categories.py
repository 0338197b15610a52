"""
The indicator hierarchy: level-1 (一级指标) and level-2 (二级指标) categories,
with their Chinese and English labels.  How a label as written resolves to a
category is :mod:`perftarget.core._labels` (strict parsing:
:mod:`perftarget.core._levellabel`).
"""

from __future__ import annotations

import enum
from typing import Final

from perftarget.core._lang import current_language

__all__ = ["Level1", "Level2"]


class _Labelled:
    """The Chinese and English labels of a category (the member's value)."""

    zh: str
    en: str

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def label(self, lang: str | None = None) -> str:
        """Return the label in ``lang`` (``"zh"`` or ``"en"``)."""
        lang = current_language(lang)
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
        from perftarget.core._levellabel import parse_level1

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
        from perftarget.core._levellabel import parse_level2

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
