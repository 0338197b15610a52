"""
The monitoring findings (``PT4xx``): codes, severities and message templates.

One registry, as for the reading findings: a finding is made only through
:func:`finding`, and the reference page ``docs/reference/monitoring-findings.md``
is generated from it (:func:`reference_page`), so neither can drift.
"""

from __future__ import annotations

from typing import Final

from perftarget.core._findings import Finding, FindingCode, Severity, registry_page
from perftarget.exceptions import Location

__all__ = ["MONITORING_CODES", "MonitoringCode", "finding", "reference_page"]


#: One kind of monitoring finding (the shape every registry shares).
MonitoringCode = FindingCode


_CODES: Final = (
    MonitoringCode(
        code="PT401",
        severity=Severity.ERROR,
        zh="预算执行率 {rate}% 落后序时进度 {progress}% 达 {gap} 个百分点，亮红灯（阈值 {limit}）",
        en="budget execution {rate}% is {gap} points behind time progress {progress}%: "
        "red light (threshold {limit})",
        explanation="Rules M1, M2: the gap between 序时进度 and the execution rate exceeds the "
        "profile's `execution.red_gap`. Speed up spending or give a deviation reason.",
    ),
    MonitoringCode(
        code="PT402",
        severity=Severity.WARNING,
        zh="预算执行率 {rate}% 落后序时进度 {progress}% 达 {gap} 个百分点，亮黄灯（阈值 {limit}）",
        en="budget execution {rate}% is {gap} points behind time progress {progress}%: "
        "yellow light (threshold {limit})",
        explanation="Rules M1, M2: the gap exceeds `execution.yellow_gap` but not `red_gap`.",
    ),
    MonitoringCode(
        code="PT403",
        severity=Severity.ERROR,
        zh="截至第 {month} 个月预算执行率 {rate}% 低于 {limit}%，亮红灯",
        en="budget execution {rate}% after {month} months is below {limit}%: red light",
        explanation="Rule M2: a checkpoint profile (`execution.min_rate`, from "
        "`execution.min_rate_from_month`), such as 预算执行进度 (7月) ≥ 40 %.",
    ),
    MonitoringCode(
        code="PT404",
        severity=Severity.WARNING,
        zh="预计全年执行率 {rate}%（{source}）低于 {limit}%，年终自评时须说明偏差原因",
        en="the projected full-year execution rate {rate}% ({source_en}) is below {limit}%: "
        "a deviation reason will be required at year end",
        explanation="Rule M3: the reported 全年预计执行数, else the cumulative execution "
        "projected linearly, falls short of `forecast.reason_below` of the budget.",
    ),
    MonitoringCode(
        code="PT405",
        severity=Severity.ERROR,
        zh="「{name}」预计全年完成 {projected}，为指标值 {target} 的 {attainment}%，亮红灯",
        en="{name!r} is projected to reach {projected}, {attainment}% of its target "
        "{target}: red light",
        explanation="The projected attainment (reported forecast, else the current value "
        "projected by the direction of the target) is below `attainment.red_below`.",
    ),
    MonitoringCode(
        code="PT406",
        severity=Severity.WARNING,
        zh="「{name}」预计全年完成 {projected}，为指标值 {target} 的 {attainment}%，亮黄灯",
        en="{name!r} is projected to reach {projected}, {attainment}% of its target "
        "{target}: yellow light",
        explanation="The projected attainment is below `attainment.yellow_below` but not "
        "below `red_below`.",
    ),
    MonitoringCode(
        code="PT407",
        severity=Severity.ERROR,
        zh="「{name}」的完成时限 {deadline} 已过，尚无完成情况",
        en="the deadline {deadline} of {name!r} has passed and no completion is reported",
        explanation="A deadline target whose date lies before the as-of date, with neither a "
        "current value nor a forecast: the deadline is at risk (attainment 0).",
    ),
    MonitoringCode(
        code="PT408",
        severity=Severity.ERROR,
        zh="「{name}」完成目标可能性为「{likelihood}」，须填写{missing}",
        en="{name!r} is marked {likelihood_en}; it needs {missing_en}",
        explanation="Rule M4 (Tianjin): a likelihood listed in `explanation.likelihoods` "
        "requires both the full-year forecast and a deviation reason.",
    ),
    MonitoringCode(
        code="PT409",
        severity=Severity.ERROR,
        zh="{subject}填写了偏差原因「{reason}」，但没有原因说明",
        en="{subject_en} gives the deviation reason {reason!r} but no explanation",
        explanation="Rule M4 (Tianjin, Ningxia): with `explanation.on_deviation`, any "
        "deviation reason requires 原因说明.",
    ),
    MonitoringCode(
        code="PT410",
        severity=Severity.ERROR,
        zh="{subject}亮{light}，须填写偏差原因",
        en="{subject_en} has a {light_en} light; it needs a deviation reason",
        explanation="Rule M4 (Ningxia): a light listed in `explanation.on_lights` requires a "
        "deviation reason: on the budget line for the execution light, on the row for an "
        "indicator's light.",
    ),
    MonitoringCode(
        code="PT411",
        severity=Severity.ERROR,
        zh="「{name}」当前完成值 {current} 偏离指标值 {target}（{how}），须作分析说明",
        en="the current value {current} of {name!r} departs from its target {target} "
        "({how_en}); it needs an explanation",
        explanation="Rule M5 (Hebei): a ≥ indicator more than `explanation.over_percent` above "
        "its target, or a ≤ indicator above its target with `explanation.over_cap`, requires "
        "an explanation.",
    ),
    MonitoringCode(
        code="PT412",
        severity=Severity.INFO,
        zh="偏差原因「{text}」按关键词归入「{category}」",
        en="the deviation reason {text!r} is read as {category_en} by its keywords",
        explanation="Rule M6: free text in 偏差原因 is mapped to one of the five categories "
        "(经费/资金 → 经费保障, 制度 → 制度保障, 人员/人手 → 人员保障, 设备/场地 → 硬件条件保障, "
        "otherwise 其他). Shown so every mapping is visible.",
    ),
    MonitoringCode(
        code="PT420",
        severity=Severity.INFO,
        zh="截至日期取表中期间「{text}」的末日 {as_of}",
        en="the as-of date is the last day of the period {text!r} the table names: {as_of}",
        explanation="No `--as-of` was given: the table's period (1-6月, 1—7月, 截至8月) gives "
        "the date.",
    ),
    MonitoringCode(
        code="PT421",
        severity=Severity.INFO,
        zh="未使用的列「{column}」",
        en="column not used: {column!r}",
        explanation="A column the monitoring model has no place for (备注, 附件). Shown so "
        "nothing is dropped silently.",
    ),
    MonitoringCode(
        code="PT422",
        severity=Severity.WARNING,
        zh="「{name}」的{column}「{text}」无法读取，按空值处理",
        en="the {column_en} {text!r} of {name!r} cannot be read and is taken as empty",
        explanation="A value, amount or likelihood the reader cannot read. The row is kept.",
    ),
    MonitoringCode(
        code="PT423",
        severity=Severity.WARNING,
        zh="无法确定截至日期，按年末 {as_of} 计算",
        en="no as-of date could be found; the year's end {as_of} is used",
        explanation="Neither `--as-of` nor a period in the table (1-6月): give `--as-of`.",
    ),
)

#: Every monitoring finding, by code.
MONITORING_CODES: Final[dict[str, MonitoringCode]] = {c.code: c for c in _CODES}


def finding(code: str, where: Location | None = None, **fields: object) -> Finding:
    """
    Make finding ``code``, its message filled from ``fields`` in the current language.

    Args:
        code: A code of :data:`MONITORING_CODES`.
        where: Where in the input.
        fields: The template fields, in both languages' forms where they
            differ (``how`` and ``how_en``).

    Returns:
        The finding.

    Raises:
        KeyError: ``code`` is not registered.

    Example:
        >>> finding("PT421", column="备注").message
        "column not used: '备注'"
    """
    return MONITORING_CODES[code].finding(where, **fields)


def reference_page() -> str:
    """
    The reference page of the monitoring findings (``docs/reference/monitoring-findings.md``),
    generated from :data:`MONITORING_CODES`.
    """
    intro = [
        "What `perftarget monitor` and `perftarget.monitor.monitor` report (see",
        "[Mid-year monitoring](../explanation/monitoring.md)). PT401–PT411 come from the",
        "profile's rules, PT412 and PT420–PT423 from reading a monitoring table.",
        "This page is generated from the registry in `perftarget/monitor/_codes.py`.",
    ]
    return registry_page("Monitoring findings (PT4xx)", intro, _CODES)
