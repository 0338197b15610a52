"""
The known stems of the level labels: the words in a label's core that name a
category (产出, 效益, 满意度 …), and the effect domains.
"""

from __future__ import annotations

from typing import Final, Literal

from perftarget.core._categories import Level1, Level2

# ----------------------------------------------------------------- stems

# (stem, category, how): "in" the stem occurs in the label's core, "start"
# the core starts with it, "core" the core is exactly it.  A stem contained
# in another matching stem gives way to it (经济成本 beats 成本); matches
# naming different categories leave the label unresolved.
_Stem = tuple[str, Level1 | Level2, Literal["in", "start", "core"]]

_LEVEL1_STEMS: Final[tuple[_Stem, ...]] = (
    ("产出", Level1.OUTPUT, "in"),
    ("工作量", Level1.OUTPUT, "in"),
    ("项目完成", Level1.OUTPUT, "start"),
    ("效益", Level1.EFFECT, "in"),
    ("效果", Level1.EFFECT, "in"),
    ("满意", Level1.SATISFACTION, "in"),
    ("成本", Level1.COST, "in"),
    ("决策", Level1.DECISION, "in"),
    ("过程", Level1.PROCESS, "in"),
    ("项目管理", Level1.PROCESS, "core"),
    ("管理", Level1.PROCESS, "core"),
    ("output", Level1.OUTPUT, "in"),
    ("effect", Level1.EFFECT, "in"),
    ("benefit", Level1.EFFECT, "in"),
    ("outcome", Level1.EFFECT, "in"),
    ("satisfaction", Level1.SATISFACTION, "in"),
    ("cost", Level1.COST, "in"),
    ("decision", Level1.DECISION, "in"),
    ("process", Level1.PROCESS, "in"),
)

_LEVEL2_STEMS: Final[tuple[_Stem, ...]] = (
    ("数量", Level2.QUANTITY, "in"),
    ("工作量", Level2.QUANTITY, "in"),
    ("规模", Level2.QUANTITY, "in"),
    ("质量", Level2.QUALITY, "in"),
    ("时效", Level2.TIMELINESS, "in"),
    ("进度", Level2.TIMELINESS, "in"),
    ("工期", Level2.TIMELINESS, "in"),
    ("时限", Level2.TIMELINESS, "in"),
    ("及时", Level2.TIMELINESS, "in"),
    ("成本", Level2.COST, "in"),
    ("预算控制", Level2.COST, "in"),
    ("投资控制", Level2.COST, "in"),
    ("投资规模", Level2.COST, "in"),
    ("经济成本", Level2.ECONOMIC_COST, "in"),
    ("社会成本", Level2.SOCIAL_COST, "in"),
    ("生态环境成本", Level2.ECO_COST, "in"),
    ("生态成本", Level2.ECO_COST, "in"),
    ("环境成本", Level2.ECO_COST, "in"),
    ("经济效益", Level2.ECONOMIC, "in"),
    ("经济效果", Level2.ECONOMIC, "in"),
    ("社会效益", Level2.SOCIAL, "in"),
    ("社会效果", Level2.SOCIAL, "in"),
    ("生态效益", Level2.ECOLOGICAL, "in"),
    ("环境效益", Level2.ECOLOGICAL, "in"),
    ("生态效果", Level2.ECOLOGICAL, "in"),
    ("可持续", Level2.SUSTAINABILITY, "in"),
    ("满意", Level2.SATISFACTION, "in"),
    ("立项", Level2.PROJECT_APPROVAL, "in"),
    ("绩效目标", Level2.PERFORMANCE_GOALS, "in"),
    ("资金投入", Level2.FUND_INPUT, "in"),
    ("资金落实", Level2.FUND_INPUT, "in"),
    ("资金管理", Level2.FUND_MANAGEMENT, "in"),
    ("财务管理", Level2.FUND_MANAGEMENT, "in"),
    ("组织实施", Level2.IMPLEMENTATION, "in"),
    ("业务管理", Level2.IMPLEMENTATION, "in"),
    ("项目效益", Level2.PROJECT_EFFECT, "in"),
    ("实施效益", Level2.PROJECT_EFFECT, "in"),
    ("quantity", Level2.QUANTITY, "in"),
    ("quality", Level2.QUALITY, "in"),
    ("timeliness", Level2.TIMELINESS, "in"),
    ("economic", Level2.ECONOMIC, "in"),
    ("social", Level2.SOCIAL, "in"),
    ("ecological", Level2.ECOLOGICAL, "in"),
    ("environmental", Level2.ECOLOGICAL, "in"),
    ("sustainab", Level2.SUSTAINABILITY, "in"),
    ("satisfaction", Level2.SATISFACTION, "in"),
    ("cost", Level2.COST, "in"),
    ("economiccost", Level2.ECONOMIC_COST, "in"),
    ("socialcost", Level2.SOCIAL_COST, "in"),
)

#: The effect domains; a level-2 effect label naming two or more of them is
#: the combined 社会经济生态效益 category.
_EFFECT_DOMAINS: Final = (("经济",), ("社会",), ("生态", "环境"))
_DOMAIN_EFFECTS: Final = frozenset({Level2.ECONOMIC, Level2.SOCIAL, Level2.ECOLOGICAL})
