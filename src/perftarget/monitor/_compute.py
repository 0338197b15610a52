"""
The computation of a monitoring round: time progress, execution, projections,
lights, findings and the self-evaluation score a project is heading for.

Every rate is a percent rounded half-up to 2 places (rule M1), as tables
print it and as the profile's thresholds compare it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import MAX_EMAX, MIN_EMIN, ROUND_HALF_UP, Decimal, localcontext
from typing import Final

from attrs import evolve, field, frozen

from perftarget.core._findings import Finding
from perftarget.core._format import format_actual, format_target
from perftarget.core._model import Actual, Direction, Target, TargetKind
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number
from perftarget.exceptions import PerftargetError
from perftarget.monitor._codes import finding
from perftarget.monitor._profile import Light, Profile, TimeBasis, load_profile
from perftarget.monitor._snapshot import IndicatorSnapshot, Period, ProjectSnapshot
from perftarget.rules import RuleSet, load_rules
from perftarget.score._scorecard import BudgetRow, EvaluationRow, Scorecard

__all__ = [
    "PROJECTED",
    "REPORTED",
    "IndicatorProgress",
    "ProjectProgress",
    "direction_of",
    "monitor",
    "percent",
    "projected_attainment",
    "projected_value",
    "time_progress",
]

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
#: Places a projected amount keeps in each unit: one 元.
_MONEY_PLACES: Final = {"元": 0, "千元": 3, "万元": 4, "亿元": 8}
REPORTED: Final = "reported"
PROJECTED: Final = "projected"


def percent(numerator: Decimal, denominator: Decimal) -> Decimal:
    """
    ``numerator / denominator`` as a percent, rounded half-up to 2 places.

    Examples:
        >>> percent(Decimal("3.12"), Decimal("19.3"))
        Decimal('16.17')
        >>> percent(Decimal(181), Decimal(365))
        Decimal('49.59')
        >>> percent(Decimal("922337203685477580000"), Decimal("0.000001"))
        Decimal('92233720368547758000000000000.00')
    """
    # digits before the point, so the quotient keeps its cents at any size
    whole = max(numerator.adjusted() - denominator.adjusted() + 4, 0)
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, whole + 28)
        ctx.Emax, ctx.Emin = MAX_EMAX, MIN_EMIN
        return (numerator * _HUNDRED / denominator).quantize(_CENT, rounding=ROUND_HALF_UP)


def _share(period: Period, basis: TimeBasis) -> tuple[int, int]:
    """Elapsed and total units of time (days or months)."""
    if basis is TimeBasis.MONTHS:
        return period.elapsed_months, period.total_months
    return period.elapsed_days, period.total_days


def time_progress(period: Period, basis: TimeBasis = TimeBasis.DAYS) -> Decimal:
    """
    序时进度: the elapsed share of the period in percent, 2 places (rule M1).

    Args:
        period: The period and as-of date.
        basis: Count elapsed days, or whole months.

    Returns:
        The percent.

    Examples:
        >>> time_progress(Period.of_year(2019, month=6))
        Decimal('49.59')
        >>> time_progress(Period.of_year(2019, month=6), TimeBasis.MONTHS)
        Decimal('50.00')
    """
    elapsed, total = _share(period, basis)
    return percent(Decimal(elapsed), Decimal(total))


def _scale(value: Decimal, elapsed: int, total: int) -> Decimal:
    return value * total / elapsed


def _project_money(executed: Money, elapsed: int, total: int) -> Money:
    places = _MONEY_PLACES.get(executed.unit, 2)
    amount = _scale(executed.amount, elapsed, total).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    return Money(amount=amount, unit=executed.unit)


def direction_of(snapshot: IndicatorSnapshot, rules: RuleSet) -> Direction | None:
    """Which way is better, as scoring reads it (an implicit cost is a cap)."""
    from perftarget.score._evaluate import reads_as_cap

    if reads_as_cap(snapshot.indicator, rules):
        return Direction.LOWER_IS_BETTER
    return snapshot.indicator.target.direction


def _accumulates(snapshot: IndicatorSnapshot, direction: Direction | None) -> bool:
    if snapshot.cumulative is not None:
        return snapshot.cumulative
    kind = snapshot.indicator.target.kind
    counted = kind in (TargetKind.QUANTITY, TargetKind.MONEY)
    return counted and direction in (Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER)


def projected_value(
    snapshot: IndicatorSnapshot,
    period: Period,
    *,
    basis: TimeBasis = TimeBasis.DAYS,
    direction: Direction | None = None,
) -> tuple[Actual | None, str | None]:
    """
    The full-year value an indicator is heading for, and where it comes from.

    The reported forecast (全年预计完成情况) when there is one; else the
    current value, scaled by ``total / elapsed`` time for a value that
    accumulates (a count behind pace stays behind) and as it is for a rate
    or a stock.

    Args:
        snapshot: The indicator row.
        period: The period and as-of date.
        basis: Days or months.
        direction: The direction to read the target by (the target's own
            when None).

    Returns:
        The projected value and ``"reported"`` or ``"projected"``; ``(None,
        None)`` when nothing is known yet.

    Examples:
        >>> from perftarget import Indicator, Level1, Level2, parse_actual, parse_target
        >>> row = IndicatorSnapshot(indicator=Indicator(level1=Level1.OUTPUT,
        ...     level2=Level2.QUANTITY, name="培训人次", target=parse_target("≥1100人次")),
        ...     current=parse_actual("500人次"))
        >>> value, source = projected_value(row, Period.of_year(2021, month=6),
        ...     basis=TimeBasis.MONTHS)
        >>> format_actual(value), source
        ('1000人次', 'projected')
    """
    if snapshot.forecast is not None:
        return snapshot.forecast, REPORTED
    current = snapshot.current
    if current is None:
        return None, None
    way = direction if direction is not None else snapshot.indicator.target.direction
    if current.value is None or not _accumulates(snapshot, way):
        return current, PROJECTED
    elapsed, total = _share(period, basis)
    if elapsed == 0:
        return None, None
    value = _scale(current.value, elapsed, total)
    return Actual(kind=current.kind, value=value, unit=current.unit), PROJECTED


def _in_target_unit(actual: Actual, target: Target) -> Decimal | None:
    if actual.value is None:
        return None
    if not actual.unit or not target.unit or actual.unit == target.unit:
        return actual.value
    from perftarget.core._units import convert

    try:
        return convert(actual.value, actual.unit, target.unit)
    except (PerftargetError, ArithmeticError):
        return None


def _numeric_attainment(
    target: Target, value: Decimal, direction: Direction | None
) -> Decimal | None:
    goal = target.value
    if goal is None:
        return None
    if direction is Direction.WITHIN_RANGE and target.upper is not None:
        if goal <= value <= target.upper:
            return _HUNDRED
        if value < goal:
            return percent(value, goal) if goal > 0 else Decimal(0)
        return percent(target.upper, value) if value > 0 else _HUNDRED
    if direction is Direction.LOWER_IS_BETTER:
        if value <= goal:
            return _HUNDRED
        return percent(goal, value) if goal > 0 else Decimal(0)
    if goal == 0:
        return _HUNDRED if value >= 0 else Decimal(0)
    if goal < 0:
        return None
    return percent(max(value, Decimal(0)), goal)


def _deadline_of(target: Target, year: int) -> date | None:
    bound = target.date_upper if target.date_upper is not None else target.date
    return None if bound is None else bound.last_day(year)


def projected_attainment(
    target: Target,
    projected: Actual | None,
    *,
    year: int,
    as_of: date,
    direction: Direction | None = None,
) -> Decimal | None:
    """
    The projected value as a percent of the target, by the target's direction.

    Higher-is-better (and ``=``, read as at least): projected / target,
    not capped, so a value ahead of its target shows how far ahead.
    Lower-is-better (a cap): 100 within the cap, else target / projected, so
    a cap projected to be breached falls below 100.  A range: 100 inside,
    the nearer bound's ratio outside.  A deadline: 100 when done by it, 0
    when done late or when it has passed with nothing reported.

    Args:
        target: The target (年度指标值).
        projected: The projected full-year value, None when unknown.
        year: The budget year, for dates written without one.
        as_of: The as-of date.
        direction: The direction to read the target by (its own when None).

    Returns:
        The percent (2 places), or None when it cannot be told.

    Examples:
        >>> from perftarget import parse_actual, parse_target
        >>> day = date(2020, 6, 30)
        >>> projected_attainment(parse_target("≤30万元"), parse_actual("32万元"),
        ...     year=2020, as_of=day)
        Decimal('93.75')
        >>> projected_attainment(parse_target("2020年3月底前"), None, year=2020, as_of=day)
        Decimal('0')
    """
    way = direction if direction is not None else target.direction
    if target.kind is TargetKind.DEADLINE:
        deadline = _deadline_of(target, year)
        if deadline is None:
            return None
        if projected is not None and projected.date is not None:
            done = projected.date.last_day(year)
            return _HUNDRED if done <= deadline else Decimal(0)
        if projected is not None and projected.achievement is not None:
            return _HUNDRED if projected.achievement.name == "ACHIEVED" else Decimal(0)
        return Decimal(0) if as_of > deadline else None
    if projected is None or not target.is_numeric:
        return None
    value = _in_target_unit(projected, target)
    return None if value is None else _numeric_attainment(target, value, way)


def _worst(lights: Iterable[Light | None]) -> Light | None:
    found = [light for light in lights if light is not None]
    return max(found, key=lambda light: light.rank) if found else None


@frozen(kw_only=True)
class IndicatorProgress:
    """
    One indicator's monitoring result.

    Attributes:
        snapshot: The row as reported.
        direction: The direction it is read by (a cost cap is lower-is-better).
        projected: The projected full-year value; None when unknown.
        source: ``"reported"`` or ``"projected"``; None when unknown.
        attainment: The projected value in percent of the target, 2 places.
        light: red, yellow or green; None when the attainment is unknown.
    """

    snapshot: IndicatorSnapshot
    direction: Direction | None
    projected: Actual | None
    source: str | None
    attainment: Decimal | None
    light: Light | None


@frozen(kw_only=True)
class ProjectProgress:
    """
    A project's monitoring result.

    Attributes:
        snapshot: The project as reported.
        profile: Id of the profile used.
        time_progress: 序时进度 in percent.
        execution_rate: 执行率 in percent; None without budget and execution.
        gap: 序时进度 − 执行率 in percentage points.
        forecast: Full-year execution, reported or projected.
        forecast_source: ``"reported"`` or ``"projected"``.
        projected_rate: The forecast in percent of the budget.
        execution_light: The light of budget execution.
        light: The worst light of the project (execution and indicators).
        indicators: One result per indicator row.
        scorecard: The self-evaluation the project is heading for: the
            rule set's scoring of the projected values, with its trace.
        findings: What the profile's rules found (``PT4xx``).
    """

    snapshot: ProjectSnapshot
    profile: str
    time_progress: Decimal
    execution_rate: Decimal | None
    gap: Decimal | None
    forecast: Money | None
    forecast_source: str | None
    projected_rate: Decimal | None
    execution_light: Light | None
    light: Light | None
    indicators: tuple[IndicatorProgress, ...]
    scorecard: Scorecard
    findings: tuple[Finding, ...] = field(factory=tuple)

    @property
    def name(self) -> str:
        """The project's name."""
        return self.snapshot.name


def _attainment_light(attainment: Decimal | None, profile: Profile) -> Light | None:
    if attainment is None:
        return None
    if attainment < profile.attainment.red_below:
        return Light.RED
    if attainment < profile.attainment.yellow_below:
        return Light.YELLOW
    return Light.GREEN


def _shown(actual: Actual | None) -> str:
    if actual is None:
        return "—"
    if actual.value is not None:
        value = actual.value.quantize(_CENT, rounding=ROUND_HALF_UP).normalize()
        return f"{plain_number(value)}{actual.unit}"
    return format_actual(actual)


def _indicator(
    reported: IndicatorSnapshot, project: ProjectSnapshot, profile: Profile, rules: RuleSet
) -> tuple[IndicatorProgress, list[Finding]]:
    # projected against the target in force, as the self-evaluation will score it
    used = reported.indicator.target_in_force(rules.adjusted_targets)
    snapshot = reported
    if used is not reported.indicator.target:
        snapshot = evolve(reported, indicator=evolve(reported.indicator, target=used, problem=""))
    period, where = project.period, snapshot.where
    indicator = snapshot.indicator
    direction = direction_of(snapshot, rules)
    projected, source = projected_value(
        snapshot, period, basis=profile.time_progress, direction=direction
    )
    attainment = projected_attainment(
        indicator.target, projected, year=project.year, as_of=period.as_of, direction=direction
    )
    light = _attainment_light(attainment, profile)
    found: list[Finding] = []
    name, target = indicator.name, format_target(indicator.target)
    if indicator.target.kind is TargetKind.DEADLINE and projected is None and attainment == 0:
        found.append(finding("PT407", where, name=name, deadline=target))
    elif light in (Light.RED, Light.YELLOW):
        code = "PT405" if light is Light.RED else "PT406"
        found.append(
            finding(
                code,
                where,
                name=name,
                projected=_shown(projected),
                target=target,
                attainment=plain_number(attainment or Decimal(0)),
            )
        )
    found.extend(_explanations(snapshot, light, profile, direction))
    progress = IndicatorProgress(
        snapshot=reported,
        direction=direction,
        projected=projected,
        source=source,
        attainment=attainment,
        light=light,
    )
    return progress, found


def _explanations(
    snapshot: IndicatorSnapshot, light: Light | None, profile: Profile, direction: Direction | None
) -> list[Finding]:
    rule, where, name = profile.explanation, snapshot.where, snapshot.indicator.name
    has_reason = snapshot.deviation is not None or bool(snapshot.deviation_text.strip())
    has_explanation = bool(snapshot.explanation.strip())
    found: list[Finding] = []
    likely = snapshot.likelihood
    if likely is not None and likely in profile.likelihoods:
        missing_zh = [
            w
            for w, gap in (
                ("全年预计完成情况", snapshot.forecast is None),
                ("偏差原因", not has_reason),
            )
            if gap
        ]
        missing_en = [
            w
            for w, gap in (
                ("the full-year forecast", snapshot.forecast is None),
                ("a deviation reason", not has_reason),
            )
            if gap
        ]
        if missing_zh:
            found.append(
                finding(
                    "PT408",
                    where,
                    name=name,
                    likelihood=likely.value,
                    likelihood_en=likely.en,
                    missing="和".join(missing_zh),
                    missing_en=" and ".join(missing_en),
                )
            )
    subject = {"subject": f"「{name}」", "subject_en": repr(name)}
    if has_reason and rule.on_deviation and not has_explanation:
        reason = snapshot.deviation_text.strip() or (
            snapshot.deviation.value if snapshot.deviation is not None else ""
        )
        found.append(finding("PT409", where, reason=reason, **subject))
    if light is not None and light in profile.reason_lights and not has_reason:
        found.append(finding("PT410", where, light=light.zh, light_en=light.value, **subject))
    found.extend(_over_target(snapshot, profile, direction, has_explanation))
    return found


def _over_target(
    snapshot: IndicatorSnapshot, profile: Profile, direction: Direction | None, explained: bool
) -> list[Finding]:
    rule, target, current = profile.explanation, snapshot.indicator.target, snapshot.current
    if explained or current is None or target.value is None:
        return []
    value = _in_target_unit(current, target)
    if value is None:
        return []
    goal = target.value
    fields = {
        "name": snapshot.indicator.name,
        "current": _shown(current),
        "target": format_target(target),
    }
    if direction is Direction.HIGHER_IS_BETTER and rule.over_percent is not None and goal > 0:
        over = percent(value - goal, goal)
        if over > rule.over_percent:
            how = plain_number(over)
            limit = plain_number(rule.over_percent)
            return [
                finding(
                    "PT411",
                    snapshot.where,
                    how=f"超出 {how}%，标准 {limit}%",
                    how_en=f"{how}% above, the standard is {limit}%",
                    **fields,
                )
            ]
    if direction is Direction.LOWER_IS_BETTER and rule.over_cap and value > goal:
        return [finding("PT411", snapshot.where, how="超过上限", how_en="above the cap", **fields)]
    return []


def _execution(
    project: ProjectSnapshot, profile: Profile, progress: Decimal
) -> tuple[Decimal | None, Decimal | None, Light | None, list[Finding]]:
    budget, executed = project.budget, project.executed
    if budget is None or executed is None or budget.amount <= 0:
        return None, None, None, []
    rate = percent(executed.yuan, budget.yuan)
    gap = progress - rate
    rule, where = profile.execution, project.where
    numbers = {
        "rate": plain_number(rate),
        "progress": plain_number(progress),
        "gap": plain_number(gap),
    }
    found: list[Finding] = []
    light = Light.GREEN
    if gap > rule.red_gap:
        light = Light.RED
        found.append(finding("PT401", where, limit=plain_number(rule.red_gap), **numbers))
    elif gap > rule.yellow_gap:
        light = Light.YELLOW
        found.append(finding("PT402", where, limit=plain_number(rule.yellow_gap), **numbers))
    months = project.period.elapsed_months
    if rule.min_rate is not None and months >= rule.min_rate_from_month and rate < rule.min_rate:
        light = Light.RED
        found.append(
            finding(
                "PT403",
                where,
                month=months,
                rate=plain_number(rate),
                limit=plain_number(rule.min_rate),
            )
        )
    return rate, gap, light, found


def _forecast(project: ProjectSnapshot, profile: Profile) -> tuple[Money | None, str | None]:
    if project.forecast is not None:
        return project.forecast, REPORTED
    if project.executed is None:
        return None, None
    elapsed, total = _share(project.period, profile.time_progress)
    if elapsed == 0:
        return None, None
    return _project_money(project.executed, elapsed, total), PROJECTED


def _budget_findings(
    project: ProjectSnapshot,
    profile: Profile,
    light: Light | None,
    projected_rate: Decimal | None,
    source: str | None,
) -> list[Finding]:
    where = project.where
    found: list[Finding] = []
    below = profile.forecast.reason_below
    if projected_rate is not None and below is not None and projected_rate < below:
        found.append(
            finding(
                "PT404",
                where,
                rate=plain_number(projected_rate),
                limit=plain_number(below),
                source="上报数" if source == REPORTED else "按已执行数线性推算",
                source_en="as reported" if source == REPORTED else "projected linearly",
            )
        )
    has_reason = project.deviation is not None or bool(project.deviation_text.strip())
    subject = {"subject": "预算执行", "subject_en": "budget execution"}
    if has_reason and profile.explanation.on_deviation and not project.explanation.strip():
        reason = project.deviation_text.strip() or (
            project.deviation.value if project.deviation is not None else ""
        )
        found.append(finding("PT409", where, reason=reason, **subject))
    if light is not None and light in profile.reason_lights and not has_reason:
        found.append(finding("PT410", where, light=light.zh, light_en=light.value, **subject))
    return found


def monitor(
    snapshot: ProjectSnapshot,
    *,
    profile: Profile | str | None = None,
    rules: RuleSet | str | None = None,
    lang: str | None = None,
) -> ProjectProgress:
    """
    Monitor one project: execution against time, projections, lights, findings
    and the self-evaluation score it is heading for.

    Args:
        snapshot: The project as reported in the round.
        profile: A :class:`Profile`, a shipped name or a TOML path;
            ``central`` when None.
        rules: The scoring rule set of the projected self-evaluation; the
            default rule set when None.
        lang: Language of the findings' messages, ``"en"`` or ``"zh"``; the
            language in force when None (:func:`perftarget.language`).

    Returns:
        The :class:`ProjectProgress`.

    Raises:
        ProfileError: ``profile`` names no valid profile.
        RuleSetError: ``rules`` names no valid rule set.

    Examples:
        >>> from perftarget import Money
        >>> project = ProjectSnapshot(name="p", year=2019, period=Period.of_year(2019, month=6),
        ...     budget=Money.parse("19.3"), executed=Money.parse("3.12"))
        >>> result = monitor(project)
        >>> result.execution_rate, result.time_progress, result.gap, result.light
        (Decimal('16.17'), Decimal('49.59'), Decimal('33.42'), <Light.RED: 'red'>)
        >>> [f.code for f in result.findings]
        ['PT401', 'PT404', 'PT410']
    """
    from perftarget.core._lang import current_language, language
    from perftarget.score._evaluate import evaluate

    with language(current_language(lang)):
        chosen = profile if isinstance(profile, Profile) else load_profile(profile or "central")
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules or "mof2020_selfeval")
        progress = time_progress(snapshot.period, chosen.time_progress)
        rate, gap, execution_light, found = _execution(snapshot, chosen, progress)
        forecast, forecast_source = _forecast(snapshot, chosen)
        budget = snapshot.budget
        projected_rate = (
            percent(forecast.yuan, budget.yuan)
            if forecast is not None and budget is not None and budget.amount > 0
            else None
        )
        found.extend(
            _budget_findings(snapshot, chosen, execution_light, projected_rate, forecast_source)
        )
        rows: list[IndicatorProgress] = []
        for item in snapshot.indicators:
            row, row_findings = _indicator(item, snapshot, chosen, ruleset)
            rows.append(row)
            found.extend(row_findings)
        card = evaluate(
            [
                EvaluationRow(
                    indicator=row.snapshot.indicator,
                    actual=row.projected,
                    reason=row.snapshot.deviation_text or row.snapshot.explanation,
                    where=row.snapshot.where,
                )
                for row in rows
            ],
            rules=ruleset,
            budget=BudgetRow(budget=budget, executed=forecast, where=snapshot.where),
            year=snapshot.year,
            lang=lang,
        )
        return ProjectProgress(
            snapshot=snapshot,
            profile=chosen.id,
            time_progress=progress,
            execution_rate=rate,
            gap=gap,
            forecast=forecast,
            forecast_source=forecast_source,
            projected_rate=projected_rate,
            execution_light=execution_light,
            light=_worst([execution_light, *(row.light for row in rows)]),
            indicators=tuple(rows),
            scorecard=card,
            findings=tuple(found),
        )
