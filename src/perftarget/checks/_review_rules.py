"""
The review rules for performance-target tables (绩效目标审核), as data.

Each :class:`Rule` has a stable code (``PT101`` …), a default severity, a
short title and a one-line message template in Chinese and English, the
source it rests on, and a check function.  Project rules look at one
:class:`~perftarget.Project`; department rules (boilerplate copied across
projects) look at the whole :class:`~perftarget.Department`.  The checks
return :class:`Hit` values; :func:`perftarget.review` turns them into
:class:`~perftarget.Finding` values with the configured severity.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from perftarget.checks._review_boilerplate import _boilerplate, _description_unrelated, _same_value
from perftarget.checks._review_history import (
    _adjusted_without_reason,
    _adjustment_loosens,
    _lowered_from_last_year,
    _not_above_baseline,
)
from perftarget.checks._review_structure import (
    _basis_absent,
    _basis_empty,
    _level1_missing,
    _level2_misplaced,
    _level2_missing,
    _rate_under_quantity,
    _satisfaction_misplaced,
    _weights_level1,
    _weights_total,
)
from perftarget.checks._review_types import DepartmentCheck, ProjectCheck, Rule, Scope
from perftarget.checks._review_values import (
    _cost_as_minimum,
    _cost_without_comparator,
    _degenerate_bound,
    _excel_serial,
    _no_unit,
    _parser_warning,
    _qualitative_where_numeric,
    _satisfaction_floor,
    _unit_vs_column,
    _unit_vs_name,
)
from perftarget.core._findings import Severity
from perftarget.exceptions import NotFoundError

__all__ = ["RULES", "rule"]


# ----------------------------------------------------------------- registry

_W, _E, _I = Severity.WARNING, Severity.ERROR, Severity.INFO


def _rule(
    code: str,
    severity: Severity,
    title: tuple[str, str],
    message: tuple[str, str],
    source: str,
    check: ProjectCheck | DepartmentCheck,
    scope: Scope = "project",
) -> Rule:
    return Rule(
        code=code,
        severity=severity,
        title_zh=title[0],
        title_en=title[1],
        message_zh=message[0],
        message_en=message[1],
        source=source,
        scope=scope,
        check=check,
    )


#: Every review rule, by code.
RULES: Final[Mapping[str, Rule]] = {
    r.code: r
    for r in (
        _rule(
            "PT101", _E, ("缺少一级指标", "level-1 category missing"),
            ("缺少一级指标「{zh}」", "no level-1 category {en} ({zh})"),
            "domain-rules §2.1, §9 rule 2; 财预〔2015〕88号 完整性", _level1_missing,
        ),
        _rule(
            "PT102", _W, ("缺少二级指标", "expected level-2 category missing"),
            ("没有「{zh}」类指标", "no {en} indicator ({zh})"),
            "中发〔2018〕34号 (targets cover 产出, 成本 …); domain-rules §2.1", _level2_missing,
        ),
        _rule(
            "PT103", _E, ("二级指标不属于其一级指标", "level 2 not under its level 1"),
            (
                "「{name}」：二级指标「{level2}」应在「{parent}」下，而不是「{level1}」",
                "{name}: level 2 {level2_en} belongs under {parent_en}, not {level1_en}",
            ),
            "domain-rules §2.1, §9 rule 1", _level2_misplaced,
        ),
        _rule(
            "PT104", _W, ("满意度指标放错位置", "satisfaction indicator outside 满意度指标"),
            (
                "「{name}」是满意度指标，却放在「{where}」下（旧模板写法）",
                "{name}: a satisfaction indicator filed under {where_en} (old template)",
            ),
            "domain-rules §2.4 (湘潭 2023, 青山 2020); §2.1", _satisfaction_misplaced,
        ),
        _rule(
            "PT105", _W, ("数量指标用了比率", "rate under 数量指标"),
            (
                "「{name}」是比率（{target}），不是数量；应放在质量/时效等指标下或改为绝对数",
                "{name}: a rate ({target}) under quantity; a quantity should be an absolute count",
            ),
            "domain-rules §5 lint heuristics, §9 rule 11", _rate_under_quantity,
        ),
        _rule(
            "PT106", _W, ("应量化而未量化", "qualitative target where a number is expected"),
            (
                "「{name}」的指标值「{target}」是定性表述，而「{level2}」应量化",
                "{name}: target {target!r} is qualitative, but {level2_en} expects a number",
            ),
            "财预〔2015〕88号 细化量化; domain-rules §3.5, §5", _qualitative_where_numeric,
        ),
        _rule(
            "PT107", _W, ("数值缺少单位", "numeric target without a unit"),
            (
                "「{name}」的指标值「{target}」没有单位{hint}",
                "{name}: target {target!r} has no unit{hint_en}",
            ),
            "domain-rules §2.5 (platform validation [C]), §9 rule 5", _no_unit,
        ),
        _rule(
            "PT108", _E, ("单位与度量单位列矛盾", "unit contradicts the unit column"),
            (
                "「{name}」的指标值「{target}」与度量单位「{unit}」矛盾",
                "{name}: target {target!r} contradicts the unit column {unit!r}",
            ),
            "domain-rules §5 (岳阳楼区 2023), §9 rule 10", _unit_vs_column,
        ),
        _rule(
            "PT109", _W, ("单位与指标名称矛盾", "unit contradicts the indicator name"),
            (
                "「{name}」的名称意味着单位 {implied}，但指标值是「{target}」",
                "{name}: the name implies {implied}, but the target is {target!r}",
            ),
            "domain-rules §2.5 (how 三级指标 are written)", _unit_vs_name,
        ),
        _rule(
            "PT110", _W, ("退化的界限", "degenerate bound"),
            (
                "「{name}」的指标值「{target}」只能恰好达到 100%，应写作 =100%",
                "{name}: target {target!r} can only be met at exactly 100%; write =100%",
            ),
            "domain-rules §5 (池州 2022), §9 rule 8", _degenerate_bound,
        ),
        _rule(
            "PT111", _W, ("Excel 序列号日期", "Excel serial date as a deadline"),
            (
                "「{name}」的指标值 {serial} 是 Excel 日期序列号（{date}）",
                "{name}: target {serial} is an Excel serial date ({date})",
            ),
            "domain-rules §3.4 (乌海 2021), §9 rule 9", _excel_serial,
        ),
        _rule(
            "PT112", _W, ("满意度目标偏低", "satisfaction target below the floor"),
            (
                "「{name}」的满意度目标「{target}」低于 {floor}%",
                "{name}: satisfaction target {target!r} is below {floor}%",
            ),
            "no regulation: a project choice (domain-rules §5); values seen 85–95%",
            _satisfaction_floor,
        ),
        _rule(
            "PT113", _W, ("成本指标写成下限", "cost target written as a minimum"),
            (
                "「{name}」是成本指标，指标值「{target}」却是下限；应写作 ≤",
                "{name}: a cost target written as a minimum ({target!r}); write ≤",
            ),
            "domain-rules §3.6 (反向指标 are ≤)", _cost_as_minimum,
        ),
        _rule(
            "PT114", _W, ("目标不高于基线", "target not beyond the baseline"),
            (
                "「{name}」的指标值「{target}」不优于基线/上年实际「{baseline}」",
                "{name}: target {target!r} is not beyond the baseline {baseline!r}",
            ),
            "财预〔2015〕88号 合理可行; 2021 核心指标 历史标准 (domain-rules §5)",
            _not_above_baseline,
        ),
        _rule(
            "PT115", _W, ("分值合计不符", "weights do not sum"),
            (
                "三级指标分值合计 {total}，应为 {expected}（{missing} 行无分值）",
                "level-3 weights sum to {total}, expected {expected} ({missing} rows unweighted)",
            ),
            "domain-rules §4.1 (platform [C]), §5, §9 rule 13", _weights_total,
        ),
        _rule(
            "PT116", _I, ("一级指标分值不符", "level-1 weight differs"),
            (
                "「{level1}」下分值合计 {total}，通常为 {expected}",
                "weights under {level1_en} sum to {total}, usually {expected}",
            ),
            "财预〔2020〕10号 50/30/10 (adjustable in special cases); domain-rules §4.1",
            _weights_level1,
        ),
        _rule(
            "PT117", _W, ("指标值确定依据为空", "empty 指标值确定依据"),
            ("「{name}」没有填写指标值确定依据", "{name}: no basis for the target value"),
            "2021 核心指标指引 (计划/行业/历史标准); domain-rules §5", _basis_empty,
        ),
        _rule(
            "PT118", _I, ("未给出指标值确定依据", "no basis column"),
            ("本表没有任何指标值确定依据", "the table gives no basis for any target value"),
            "2021 核心指标指引 (计划/行业/历史标准); domain-rules §5", _basis_absent,
        ),
        _rule(
            "PT119", _W, ("跨项目套用的指标", "indicator copied across projects"),
            (
                "「{name}」（{target}）连同描述在 {count} 个项目中相同：{projects}",
                "{name} ({target}) is copied, description and all, in {count} projects: "
                "{projects}",
            ),
            "财预〔2015〕88号 指向明确/相关性; domain-rules §5", _boilerplate, "department",
        ),
        _rule(
            "PT120", _I, ("不同指标同一目标值", "same target for unrelated indicators"),
            (
                "{count} 个不同类别的指标都写「{target}」：{names}",
                "{count} indicators of different categories all say {target!r}: {names}",
            ),
            "domain-rules §5 (井研 2023)", _same_value,
        ),
        _rule(
            "PT121", _I, ("描述与名称无关", "description unrelated to the name"),
            (
                "「{name}」的描述「{description}」没有提到它衡量的内容",
                "{name}: the description {description!r} does not mention what it measures",
            ),
            "财预〔2015〕88号 相关性; domain-rules §2.5 (指标解释)", _description_unrelated,
        ),
        _rule(
            "PT122", _W, ("指标值可能已损坏", "doubtful target value"),
            (
                "「{name}」的指标值「{target}」有疑问：{warning}",
                "{name}: target {target!r} is doubtful: {warning}",
            ),
            "domain-rules §3 (parser warnings)", _parser_warning,
        ),
        _rule(
            "PT123", _I, ("成本上限未写比较符", "cost cap without a comparator"),
            (
                "「{name}」的成本指标值「{target}」没有比较符，应写作 ≤",
                "{name}: cost target {target!r} has no comparator; a cap is written ≤",
            ),
            "domain-rules §3.1, §3.6 (东莞 2019, 湘潭 2023)", _cost_without_comparator,
        ),
        _rule(
            "PT124", _W,
            ("指标值较上年放宽且未说明原因", "target lowered from last year without a reason"),
            (
                "「{name}」的指标值「{target}」较上年指标值「{last}」放宽，但未说明原因",
                "{name}: target {target!r} is looser than last year's {last!r}, and no reason "
                "is given",
            ),
            "monitoring.md §4 (上年指标值 kept beside the target [C]); issue #15 (lowered "
            "targets are a classic audit finding)",
            _lowered_from_last_year,
        ),
        _rule(
            "PT125", _W, ("指标值调整未说明原因", "adjustment without a reason"),
            (
                "「{name}」的指标值由「{original}」调整为「{adjusted}」，但未填写调整原因",
                "{name}: the target was adjusted from {original!r} to {adjusted!r} without a "
                "reason",
            ),
            "monitoring.md §4 (年初指标值 → 调整指标值 with a reason [C]; an adjustment without "
            "a reason is a finding)",
            _adjusted_without_reason,
        ),
        _rule(
            "PT126", _I, ("调整放宽了指标值", "adjustment loosens the target"),
            (
                "「{name}」的指标值由「{before}」调整为更宽松的「{after}」",
                "{name}: the adjustment from {before!r} to {after!r} loosens the target",
            ),
            "monitoring.md §4 (targets adjusted during the year [C])", _adjustment_loosens,
        ),
    )
}  # fmt: skip


def rule(code: str) -> Rule:
    """
    Return the rule with ``code``.

    Raises:
        KeyError: No rule has that code; the message lists the codes.

    Examples:
        >>> rule("PT105").title_en
        'rate under 数量指标'
    """
    try:
        return RULES[code]
    except KeyError:
        raise NotFoundError(
            f"no review rule {code!r}; known: {', '.join(RULES)}", name=code, known=RULES
        ) from None
