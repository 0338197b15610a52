"""
Monitoring results as the ``perftarget monitor`` JSON contract and as text.

The JSON record is a contract (``perftarget monitor --format json``)::

    {"profile", "as_of", "projects": [{"name", "budget", "executed",
     "execution_rate", "time_progress", "gap", "forecast", "forecast_source",
     "projected_rate", "light", "indicators": [{"level1", "level2", "level3",
     "target", "current", "forecast", "likelihood", "deviation_category",
     "explanation", "projected_attainment", "light"}], "findings": [{"code",
     "severity", "message", "where"}]}], "summary": {...}}

Money is a decimal string in the unit of the project's budget, rates are
percents with 2 places (``"39.80"``), lights ``"red"``, ``"yellow"``,
``"green"`` or null.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from attrs import frozen

from perftarget.core._findings import Finding, Severity
from perftarget.core._format import format_actual, format_target
from perftarget.core._lang import current_language, language, say
from perftarget.core._model import Actual
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number
from perftarget.monitor._compute import IndicatorProgress, ProjectProgress
from perftarget.monitor._profile import Light

__all__ = ["MonitorRenderer", "monitoring_record", "summary_record"]

_CENT: Final = Decimal("0.01")
_LIGHTS: Final = ("red", "yellow", "green")


def _rate(value: Decimal | None) -> str | None:
    """
    A percent as the contract writes it: 2 places.

    Examples:
        >>> _rate(Decimal("100")), _rate(None)
        ('100.00', None)
    """
    if value is None:
        return None
    return format(value.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


def _money(value: Money | None, unit: str | None) -> str | None:
    if value is None:
        return None
    return plain_number(value.to(unit).amount if unit else value.amount)


def _value(actual: Actual | None) -> str | None:
    if actual is None:
        return None
    if actual.text:
        return actual.text
    if actual.value is not None:
        number = actual.value.quantize(_CENT, rounding=ROUND_HALF_UP).normalize()
        return f"{plain_number(number)}{actual.unit}"
    return format_actual(actual)


def _light(light: Light | None) -> str | None:
    return None if light is None else light.value


def finding_record(item: Finding) -> dict[str, str]:
    """A finding as ``{"code", "severity", "message", "where"}``."""
    return {
        "code": item.code,
        "severity": item.severity.value,
        "message": item.message,
        "where": str(item.where),
    }


def _indicator_record(row: IndicatorProgress, lang: str) -> dict[str, Any]:
    snap = row.snapshot
    indicator = snap.indicator
    return {
        "level1": indicator.label(1, lang),
        "level2": indicator.label(2, lang),
        "level3": indicator.name,
        "target": indicator.target.text or format_target(indicator.target),
        "current": _value(snap.current),
        "forecast": _value(row.projected),
        "likelihood": None if snap.likelihood is None else snap.likelihood.value,
        "deviation_category": None if snap.deviation is None else snap.deviation.value,
        "explanation": snap.explanation,
        "projected_attainment": _rate(row.attainment),
        "light": _light(row.light),
    }


def project_record(result: ProjectProgress, lang: str | None = None) -> dict[str, Any]:
    """One project of the contract."""
    lang = current_language(lang)
    snap = result.snapshot
    unit = snap.budget.unit if snap.budget is not None else None
    return {
        "name": snap.name,
        "budget": _money(snap.budget, unit),
        "executed": _money(snap.executed, unit),
        "execution_rate": _rate(result.execution_rate),
        "time_progress": _rate(result.time_progress),
        "gap": _rate(result.gap),
        "forecast": _money(result.forecast, unit),
        "forecast_source": result.forecast_source,
        "projected_rate": _rate(result.projected_rate),
        "light": _light(result.light),
        "indicators": [_indicator_record(row, lang) for row in result.indicators],
        "findings": [finding_record(f) for f in result.findings],
    }


def _total(amounts: Sequence[Money], unit: str) -> str:
    return plain_number(sum((m.to(unit).amount for m in amounts), start=Decimal(0)))


def summary_record(
    results: Sequence[ProjectProgress],
    reading: Sequence[Finding] = (),
    unreadable: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """
    The folder summary: projects by light and the amounts at risk.

    ``amount_at_risk`` is the budget of the projects lit red (the funds a
    bureau may hold back), ``amount_at_risk_yellow`` that of the projects
    lit yellow; ``projected_unspent`` is what the forecasts leave unspent
    of the budgets.  Amounts are in the unit of the first budget.

    .. versionchanged:: Unreleased
       ``amount_at_risk_yellow`` and ``unreadable`` were added.

    Args:
        results: One result per project.
        reading: What reading the files noticed.
        unreadable: ``(file, reason)`` of each input that gave no project.

    Returns:
        ``{"projects", "lights", "unit", "budget", "executed",
        "amount_at_risk", "amount_at_risk_yellow", "projected_unspent",
        "findings", "unreadable"}``.

    Examples:
        >>> summary_record([], unreadable=[("x.csv", "no such file")])["unreadable"]
        [{'file': 'x.csv', 'message': 'no such file'}]
    """
    budgets = [r.snapshot.budget for r in results if r.snapshot.budget is not None]
    unit = budgets[0].unit if budgets else "万元"
    counts = {name: sum(_light(r.light) == name for r in results) for name in _LIGHTS}
    counts["none"] = sum(r.light is None for r in results)

    def lit(light: Light) -> list[Money]:
        return [r.snapshot.budget for r in results if r.light is light and r.snapshot.budget]

    unspent = [
        r.snapshot.budget - r.forecast
        for r in results
        if r.snapshot.budget is not None
        and r.forecast is not None
        and r.forecast.yuan < r.snapshot.budget.yuan
    ]
    executed = [r.snapshot.executed for r in results if r.snapshot.executed is not None]
    return {
        "projects": len(results),
        "lights": counts,
        "unit": unit,
        "budget": _total(budgets, unit),
        "executed": _total(executed, unit),
        "amount_at_risk": _total(lit(Light.RED), unit),
        "amount_at_risk_yellow": _total(lit(Light.YELLOW), unit),
        "projected_unspent": _total([m for m in unspent if isinstance(m, Money)], unit),
        "findings": [finding_record(f) for f in reading],
        "unreadable": [{"file": file, "message": message} for file, message in unreadable],
    }


def monitoring_record(
    results: Sequence[ProjectProgress],
    *,
    profile: str,
    as_of: date | None = None,
    reading: Sequence[Finding] = (),
    unreadable: Sequence[tuple[str, str]] = (),
    lang: str | None = None,
) -> dict[str, Any]:
    """
    The ``perftarget monitor --format json`` record.

    .. versionchanged:: Unreleased
       ``unreadable``; the summary's ``amount_at_risk_yellow`` and ``unreadable``.

    Args:
        results: One result per project.
        profile: The profile's id.
        as_of: The as-of date; the first project's when None.
        reading: What reading the files noticed, shown in the summary.
        unreadable: ``(file, reason)`` of each input that gave no project,
            listed in the summary.
        lang: Language of the level labels.

    Returns:
        The record (see the module docstring).

    Examples:
        >>> monitoring_record([], profile="central")["summary"]["lights"]
        {'red': 0, 'yellow': 0, 'green': 0, 'none': 0}
    """
    lang = current_language(lang)
    if as_of is None and results:
        as_of = results[0].snapshot.period.as_of
    return {
        "profile": profile,
        "as_of": None if as_of is None else as_of.isoformat(),
        "projects": [project_record(r, lang) for r in results],
        "summary": summary_record(results, reading, unreadable),
    }


def _severity(severity: Severity) -> str:
    """The severity's word in the language in force (错误 / error …)."""
    return {
        Severity.ERROR: say("错误", "error"),
        Severity.WARNING: say("警告", "warning"),
        Severity.INFO: say("提示", "info"),
    }[severity]


def _light_label(light: Light | None) -> str:
    if light is None:
        return "—"
    return say(light.zh, light.value)


@frozen(kw_only=True)
class MonitorRenderer:
    """
    Render monitoring results as text or Markdown.

    Attributes:
        fmt: ``text`` or ``markdown``.
        lang: ``zh`` or ``en``.
    """

    fmt: str = "text"
    lang: str = "zh"

    def __call__(self, results: Sequence[ProjectProgress]) -> str:
        """Return the report of ``results`` with the folder summary."""
        with language(self.lang):
            parts = [self._project(r) for r in results]
            parts.append(self._summary(results))
        return "\n\n".join(parts) + "\n"

    def _table(self, headers: list[str], rows: list[list[str]]) -> str:
        from tabulate import tabulate

        style = "github" if self.fmt == "markdown" else "simple"
        return str(tabulate(rows, headers=headers, tablefmt=style, disable_numparse=True))

    def _project(self, result: ProjectProgress) -> str:
        record = project_record(result, self.lang)
        title = f"{result.name} [{_light_label(result.light)}]"
        lines = [f"## {title}" if self.fmt == "markdown" else title, ""]
        if record["execution_rate"] is not None:
            lines.append(
                say(
                    f"预算执行率 {record['execution_rate']}%，序时进度 {record['time_progress']}%，"
                    f"差距 {record['gap']} 个百分点",
                    f"execution {record['execution_rate']}%, time progress "
                    f"{record['time_progress']}%, gap {record['gap']} points",
                )
            )
        if record["forecast"] is not None:
            source = record["forecast_source"]
            how = "上报" if source == "reported" else "推算"
            lines.append(
                say(
                    f"全年预计执行 {record['forecast']}（{how}），"
                    f"预计执行率 {record['projected_rate']}%",
                    f"full-year forecast {record['forecast']} ({source}), projected rate "
                    f"{record['projected_rate']}%",
                )
            )
        card = result.scorecard
        grade = say(f"（{card.grade}）", f" ({card.grade_en})") if card.grade else ""
        lines.append(
            say(
                f"按 {card.rules} 预计自评得分 {plain_number(card.total)}{grade}",
                f"heading for a self-evaluation score of {plain_number(card.total)}{grade} "
                f"under {card.rules}",
            )
        )
        if result.indicators:
            headers = [
                say("三级指标", "indicator"),
                say("指标值", "target"),
                say("当前", "current"),
                say("全年预计", "forecast"),
                say("预计完成度", "attainment"),
                say("灯", "light"),
            ]
            rows = [
                [
                    i["level3"],
                    i["target"],
                    i["current"] or "—",
                    i["forecast"] or "—",
                    f"{i['projected_attainment']}%" if i["projected_attainment"] else "—",
                    _light_label(row.light),
                ]
                for i, row in zip(record["indicators"], result.indicators, strict=True)
            ]
            lines += ["", self._table(headers, rows)]
        if result.findings:
            lines.append("")
            bullet = "- " if self.fmt == "markdown" else ""
            lines += [
                f"{bullet}{f.code} {_severity(f.severity)}: {f.message}" for f in result.findings
            ]
        return "\n".join(lines)

    def _summary(self, results: Sequence[ProjectProgress]) -> str:
        summary = summary_record(results)
        lights = summary["lights"]
        head = say("汇总", "Summary")
        lines: list[str] = []
        lines.append(
            say(
                f"项目 {summary['projects']} 个：红灯 {lights['red']}，黄灯 {lights['yellow']}，"
                f"绿灯 {lights['green']}，无灯 {lights['none']}",
                f"{summary['projects']} projects: {lights['red']} red, {lights['yellow']} yellow, "
                f"{lights['green']} green, {lights['none']} without a light",
            )
        )
        unit = summary["unit"]
        lines.append(
            say(
                f"全年预算合计 {summary['budget']}{unit}，已执行 {summary['executed']}{unit}",
                f"budgets {summary['budget']} {unit} in all, {summary['executed']} {unit} executed",
            )
        )
        lines.append(
            say(
                f"红灯项目预算 {summary['amount_at_risk']}{unit}，"
                f"黄灯项目预算 {summary['amount_at_risk_yellow']}{unit}，"
                f"预计全年未执行 {summary['projected_unspent']}{unit}",
                f"budget of red projects {summary['amount_at_risk']} {unit}, of yellow projects "
                f"{summary['amount_at_risk_yellow']} {unit}; projected unspent "
                f"{summary['projected_unspent']} {unit}",
            )
        )
        bullet = "- " if self.fmt == "markdown" else ""
        title = f"## {head}" if self.fmt == "markdown" else head
        return "\n".join([title, "", *(f"{bullet}{line}" for line in lines)])
