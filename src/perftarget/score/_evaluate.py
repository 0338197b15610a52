"""
Self-evaluation scoring: :func:`evaluate` turns rows and a rule set into a
:class:`~perftarget.Scorecard`, with a trace for every number.

Arithmetic is exact :class:`~decimal.Decimal`: a score is ``weight × num/den``
with the multiplication done first, then rounded once as the rule set says;
totals are sums of rounded parts.

Rows that open-world reading keeps are scored for what they are: a row whose
target could not be read is not scorable (``PT309``); a checklist row of the
evaluation framework takes the evaluator's published score (``Status.JUDGED``).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, localcontext
from typing import Final

from attrs import evolve, frozen

from perftarget.core._categories import Level2
from perftarget.core._lang import language, say
from perftarget.core._model import (
    Achievement,
    Actual,
    Comparator,
    Direction,
    Indicator,
    Target,
    TargetKind,
)
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number as _n
from perftarget.core._units import convert
from perftarget.exceptions import UnitMismatchError
from perftarget.rules import (
    EqualMeans,
    LowerFormula,
    NotApplicable,
    QualitativePoint,
    RuleSet,
    ZeroTarget,
    load_rules,
)
from perftarget.rules._ruleset import DEFAULT_RULES
from perftarget.score._budget_score import score_budget
from perftarget.score._reconcile import classify_rows, infer_weights, reconcile
from perftarget.score._scorecard import (
    ARITHMETIC,
    SCORING_RANGE,
    BudgetRow,
    BudgetScore,
    EvaluationRow,
    Finding,
    IndicatorScore,
    RowRole,
    Scorecard,
    Severity,
    Status,
    in_scoring_range,
)

__all__ = ["COST_LEVEL2", "evaluate", "reads_as_cap"]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_NEGATIVE_WORDS: Final = ("未", "没有", "不", "差")
#: The cost level-2 categories: an implicit ``=`` under them is a cap.
COST_LEVEL2: Final = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECO_COST}
)
#: Year-less deadlines on both sides are compared as dates of this year: a
#: leap year, so ``2月29日`` and ``2月底`` keep their meaning; for any other
#: date the order is that of every year.
#: Years in which two dates without a year are compared: a common year, so
#: "February" ends on the 28th as in most years, unless a side names 2月29日.
_COMMON_YEAR: Final = 2001
_LEAP_YEAR: Final = 2000


def reads_as_cap(indicator: Indicator, rules: RuleSet) -> bool:
    """
    Tell whether a row's target is read as a cost cap (≤).

    An implicit ``=`` (no comparator written, ``80万元``) under a cost level
    2 means a budget not to exceed: spending less is no shortfall.  The
    rule set's ``cost_cap`` turns the reading off; a direction the table
    states (``direction_override``) always wins.

    Args:
        indicator: The indicator row.
        rules: The rule set.

    Returns:
        True when the target is scored as lower-is-better.

    Examples:
        >>> from perftarget import Level1, parse_target
        >>> from perftarget.rules import load_rules
        >>> row = Indicator(level1=Level1.OUTPUT, level2=Level2.COST, name="成本",
        ...     target=parse_target("80万元"))
        >>> reads_as_cap(row, load_rules())
        True
    """
    target = indicator.target
    return (
        rules.cost_cap
        and target.implicit
        and target.comparator is Comparator.EQ
        and target.direction_override is None
        and indicator.level2 in COST_LEVEL2
    )


@frozen(kw_only=True)
class _Outcome:
    """What a row earns, as the fraction ``num/den`` of its weight."""

    status: Status
    direction: Direction | None = None
    ratio: Decimal | None = None
    num: Decimal = _ZERO
    den: Decimal = _ONE
    formula: str = ""
    reason: str = ""
    findings: tuple[Finding, ...] = ()
    actual_value: Decimal | None = None


def _full(direction: Direction | None, note: str, ratio: Decimal | None = None) -> _Outcome:
    return _Outcome(
        status=Status.MET, direction=direction, ratio=ratio, num=_ONE, formula=f"{{w}} ({note})"
    )


def _fraction_status(num: Decimal, den: Decimal) -> Status:
    if num >= den:
        return Status.MET
    return Status.NOT_MET if num <= 0 else Status.PARTLY_MET


def _unscorable(
    row: EvaluationRow, reason: str, code: str, severity: Severity = Severity.ERROR
) -> _Outcome:
    finding = Finding(
        code=code,
        severity=severity,
        message=say(
            f"{row.indicator.name}：无法计分：{reason}",
            f"{row.indicator.name}: not scorable: {reason}",
        ),
        where=row.where,
    )
    return _Outcome(status=Status.NOT_SCORABLE, reason=reason, findings=(finding,))


def _out_of_range(row: EvaluationRow) -> _Outcome | None:
    """A row with a number no score can use (see :data:`SCORING_RANGE`): not scored."""
    indicator, actual = row.indicator, row.actual
    numbers = (
        indicator.weight,
        row.published_score,
        indicator.target.value,
        indicator.target.upper,
        None if actual is None else actual.value,
    )
    for field, value in enumerate(numbers):
        if value is None or in_scoring_range(value):
            continue
        name = (
            say("分值", "weight"),
            say("公布得分", "published score"),
            say("指标值", "target"),
            say("指标值上限", "target's upper bound"),
            say("实际完成值", "actual"),
        )[field]
        return _unscorable(
            row,
            say(
                f"{name} {value} 超出可计分的范围（非零数的绝对值须在 "
                f"1E-{SCORING_RANGE} 与 1E+{SCORING_RANGE} 之间）",
                f"the {name} {value} is out of the range a score can use (a nonzero "
                f"number's magnitude must lie between 1E-{SCORING_RANGE} and "
                f"1E+{SCORING_RANGE})",
            ),
            "PT313",
        )
    return None


def _unreadable(row: EvaluationRow) -> _Outcome:
    """A row whose target could not be read: kept, not scored, reported as an error."""
    problem = row.indicator.problem
    finding = Finding(
        code="PT309",
        severity=Severity.ERROR,
        message=say(
            f"{row.indicator.name}：指标值无法读取（{problem}），本行不计分",
            f"{row.indicator.name}: the target could not be read ({problem}); "
            "the row is not scored",
        ),
        where=row.where,
    )
    return _Outcome(status=Status.NOT_SCORABLE, reason=problem, findings=(finding,))


def _judged(row: EvaluationRow) -> _Outcome:
    """A checklist row: the evaluator's published score is the judgement."""
    if row.published_score is None:
        return _unscorable(
            row,
            say(
                "这是由评价人判定的核查项，但没有公布得分",
                "this checklist row is judged by the evaluator, but no score is published",
            ),
            "PT347",
        )
    return _Outcome(status=Status.JUDGED)


def _judged_bounds(row: EvaluationRow, weight: Decimal | None) -> Finding | None:
    """A finding when a judged row's published score lies outside [0, weight]."""
    published = row.published_score
    if published is None:
        return None
    top = published if weight is None else weight
    if _ZERO <= published <= top:
        return None
    bound = _ZERO if published < 0 else top
    return Finding(
        code="PT346",
        severity=Severity.WARNING,
        message=say(
            f"{row.indicator.name}：评价人判定的公布得分 {_n(published)} 超出 "
            f"[0, {_n(top)}]，按 {_n(bound)} 计",
            f"{row.indicator.name}: the judged score {_n(published)} is outside "
            f"[0, {_n(top)}]; counted as {_n(bound)}",
        ),
        where=row.where,
        cause="judged score outside the weight",
    )


def _qualitative(row: EvaluationRow, rules: RuleSet, actual: Actual) -> _Outcome:
    level = actual.achievement
    if level is None and actual.value is None:
        phrase = actual.phrase or actual.text.strip()
        target_phrase = row.indicator.target.phrase or row.indicator.target.text.strip()
        if phrase and any(word in phrase for word in _NEGATIVE_WORDS):
            level = Achievement.NOT_ACHIEVED
        elif phrase and target_phrase and (phrase in target_phrase or target_phrase in phrase):
            level = Achievement.ACHIEVED
    if level is None:
        return _unscorable(
            row,
            say(
                f"无法判断定性指标「{row.indicator.target.text}」是否由「{actual.text}」达成；"
                "请填写 达成年度指标 / 部分达成 / 未达成",
                f"cannot tell whether the qualitative target {row.indicator.target.text!r} was "
                f"achieved by {actual.text!r}; write 达成年度指标 / 部分达成 / 未达成",
            ),
            "PT306",
            Severity.WARNING,
        )
    high, low = rules.qualitative_bands
    bands = {
        Achievement.ACHIEVED: (high, _ONE),
        Achievement.PARTLY: (low, high),
        Achievement.NOT_ACHIEVED: (_ZERO, low),
    }
    bottom, top = bands[level]
    point = {
        QualitativePoint.TOP: top,
        QualitativePoint.MIDDLE: (bottom + top) / 2,
        QualitativePoint.BOTTOM: bottom,
    }[rules.qualitative_point]
    status = {
        Achievement.ACHIEVED: Status.MET,
        Achievement.PARTLY: Status.PARTLY_MET,
        Achievement.NOT_ACHIEVED: Status.NOT_MET,
    }[level]
    return _Outcome(
        status=status,
        num=point,
        formula=f"{{w}} × {_n(point)} ({level.value}, band {_n(bottom)}–{_n(top)})",
    )


def _deadline(row: EvaluationRow, actual: Actual, year: int | None) -> _Outcome:
    target = row.indicator.target
    if actual.date is None or target.date is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(Direction.LOWER_IS_BETTER, "completed on time as reported")
        return _unscorable(
            row,
            say(
                f"实际完成值「{actual.text}」不是完成日期",
                f"the actual {actual.text!r} is no completion date",
            ),
            "PT305",
        )
    default = year if year is not None else target.date.year or actual.date.year
    # no year anywhere: both sides fall in the same year, whichever it is
    one_year = default is None
    if one_year:
        leap = any(d.month == 2 and d.day == 29 for d in (target.date, actual.date))
        default = _LEAP_YEAR if leap else _COMMON_YEAR
    try:
        due = target.date.last_day(default)
        done = actual.date.last_day(default)
    except ValueError as error:
        return _unscorable(
            row, say(f"无法比较日期：{error}", f"cannot compare dates: {error}"), "PT305"
        )
    if one_year:
        # ISO 8601 without a year (--MM-DD)
        shown = f"done --{done.isoformat()[5:]} {{}} due --{due.isoformat()[5:]}, " + say(
            "同一年内比较", "compared within one year"
        )
    else:
        shown = f"done {done.isoformat()} {{}} due {due.isoformat()}"
    if done <= due:
        return _full(Direction.LOWER_IS_BETTER, shown.format("≤"))
    return _Outcome(
        status=Status.NOT_MET,
        direction=Direction.LOWER_IS_BETTER,
        formula=f"0 ({shown.format('>')})",
    )


def _aligned(
    row: EvaluationRow, target: Target, actual: Actual
) -> tuple[Decimal, tuple[Finding, ...]] | _Outcome:
    """The actual value in the target's unit, or an unscorable outcome."""
    value = actual.value
    assert value is not None
    notes: list[Finding] = []
    if actual.copied_comparator is not None:
        notes.append(
            Finding(
                code="PT303",
                severity=Severity.WARNING,
                message=say(
                    f"{row.indicator.name}：实际完成值「{actual.text}」照抄了指标值的符号"
                    f"（{actual.copied_comparator.symbol}），按 {_n(value)} 计，真实完成情况不明",
                    f"{row.indicator.name}: the actual {actual.text!r} copies the target's "
                    f"comparator ({actual.copied_comparator.symbol}); read as {_n(value)}, "
                    "the real outcome is unknown",
                ),
                where=row.where,
            )
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        try:
            converted = convert(value, actual.unit, target.unit)
        except UnitMismatchError:
            return _unscorable(
                row,
                say(
                    f"实际完成值的单位是「{actual.unit}」，指标值的单位是「{target.unit}」，"
                    "二者计量的不是同一种东西",
                    f"the actual is in {actual.unit!r} but the target in {target.unit!r}, "
                    "which measure different things",
                ),
                "PT301",
            )
        notes.append(
            Finding(
                code="PT302",
                severity=Severity.INFO,
                message=say(
                    f"{row.indicator.name}：实际完成值 {_n(value)}{actual.unit} 换算为 "
                    f"{_n(converted)}{target.unit} 后与指标值比较",
                    f"{row.indicator.name}: actual {_n(value)}{actual.unit} converted to "
                    f"{_n(converted)}{target.unit} to compare with the target",
                ),
                where=row.where,
            )
        )
        value = converted
    return value, tuple(notes)


def _numeric(row: EvaluationRow, rules: RuleSet, actual: Actual) -> _Outcome:
    target = row.indicator.target
    if actual.value is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(target.direction, "reported achieved")
        return _unscorable(
            row,
            say(
                f"指标值是数值，但实际完成值「{actual.text}」不是",
                f"the target is a number but the actual {actual.text!r} is not",
            ),
            "PT305",
        )
    aligned = _aligned(row, target, actual)
    if isinstance(aligned, _Outcome):
        return aligned
    a, notes = aligned
    t = target.value
    assert t is not None
    outcome = _formula(target, rules, a, t, cap=reads_as_cap(row.indicator, rules))
    if outcome is None:
        refused = _unscorable(
            row, "the target is 0 and the rule set scores no zero target", "PT307"
        )
        return evolve(refused, findings=(*notes, *refused.findings))
    # built by hand: attrs.evolve costs a fifth of a large table's scoring
    return _Outcome(
        status=outcome.status,
        direction=outcome.direction,
        ratio=outcome.ratio,
        num=outcome.num,
        den=outcome.den,
        formula=outcome.formula,
        findings=notes,
        actual_value=a,
    )


def _formula(
    target: Target, rules: RuleSet, a: Decimal, t: Decimal, *, cap: bool = False
) -> _Outcome | None:
    direction = Direction.LOWER_IS_BETTER if cap else target.direction
    sa, st = _n(a), _n(t)
    # said in the trace when an implicit = under a cost level 2 is read as ≤
    why = say("；成本指标按上限计", "; read as a cap") if cap else ""
    aside = say("（成本指标按上限计）", " (read as a cap)") if cap else ""
    if target.comparator is Comparator.RANGE:
        hi = target.upper
        assert hi is not None
        if t <= a <= hi:
            return _full(direction, f"{st} ≤ {sa} ≤ {_n(hi)}")
        if a < t:
            return _partial(direction, a, t, f"{{w}} × {sa}/{st}", a / t if t else None)
        return _partial(direction, hi, a, f"{{w}} × {_n(hi)}/{sa}", hi / a)
    lower = direction is Direction.LOWER_IS_BETTER
    exact = direction is Direction.EQUAL and rules.equal_means is EqualMeans.EXACT
    if t == 0:
        if rules.zero_target is ZeroTarget.NOT_SCORABLE:
            return None
        if lower or direction is Direction.EQUAL:
            if a <= 0:
                return _full(direction, f"{sa} ≤ 0{why}")
            return _Outcome(
                status=Status.NOT_MET, direction=direction, formula=f"0 ({sa} > 0{why})"
            )
        return _full(direction, f"{sa} ≥ 0")
    if lower:
        ratio = t / a if a else None
        if a <= t:
            return _full(direction, f"{sa} ≤ {st}{why}", ratio)
        if rules.lower_formula is LowerFormula.RATIO:
            return _partial(direction, t, a, f"{{w}} × {st}/{sa}{aside}", ratio)
        num = max(2 * t - a, _ZERO)
        return _partial(direction, num, t, f"{{w}} × (2 − {sa}/{st}){aside}", ratio)
    ratio = a / t
    if exact:
        if a == t:
            return _full(direction, f"{sa} = {st}", ratio)
        num = max(t - abs(a - t), _ZERO)
        return _partial(direction, num, t, f"{{w}} × (1 − |{sa} − {st}|/{st})", ratio)
    if a >= t and rules.higher_cap:
        return _full(direction, f"{sa} ≥ {st}", ratio)
    return _partial(direction, a, t, f"{{w}} × {sa}/{st}", ratio)


def _partial(
    direction: Direction | None, num: Decimal, den: Decimal, formula: str, ratio: Decimal | None
) -> _Outcome:
    if den <= 0:
        num, den = _ZERO, _ONE
    return _Outcome(
        status=_fraction_status(num, den),
        direction=direction,
        ratio=ratio,
        num=max(num, _ZERO),
        den=den,
        formula=formula,
    )


def _outcome(row: EvaluationRow, rules: RuleSet, year: int | None) -> _Outcome:
    with localcontext(ARITHMETIC):
        return _outcome_of(row, rules, year)


def _outcome_of(row: EvaluationRow, rules: RuleSet, year: int | None) -> _Outcome:
    target = row.indicator.target
    outside = _out_of_range(row)
    if outside is not None:
        return outside
    if row.not_applicable:
        cap = reads_as_cap(row.indicator, rules)
        direction = Direction.LOWER_IS_BETTER if cap else target.direction
        return _Outcome(status=Status.NOT_APPLICABLE, direction=direction)
    if row.checklist:
        return _judged(row)
    if row.indicator.problem:
        return _unreadable(row)
    actual = row.actual
    if actual is None:
        return _unscorable(row, "no actual value (实际完成值) given", "PT305")
    if target.kind is TargetKind.DEADLINE:
        return _deadline(row, actual, year)
    if target.value is None:
        return _qualitative(row, rules, actual)
    return _numeric(row, rules, actual)


def _deviation(row: EvaluationRow, out: _Outcome, rules: RuleSet) -> Finding | None:
    if row.reason.strip():
        return None
    rule = rules.deviation
    why = ""
    if rule.on_shortfall and out.status in (Status.PARTLY_MET, Status.NOT_MET):
        why = say("指标未完全达成", "the target was not fully met")
    target = row.indicator.target
    a, t = out.actual_value, target.value
    # the direction as scored: a cost cap is lower-is-better, never over-completed
    if a is not None and t is not None and out.direction is not Direction.LOWER_IS_BETTER:
        if t > 0 and rule.over_ratio is not None and a >= rule.over_ratio * t:
            why = say(
                f"实际完成值 {_n(a)} 达到指标值的 {_n(rule.over_ratio * 100)}% 以上",
                f"the actual {_n(a)} is at least {_n(rule.over_ratio * 100)}% of the target",
            )
        elif t == 0 and rule.over_zero_target is not None and a >= rule.over_zero_target:
            why = say(
                f"指标值为 0，实际完成值 {_n(a)} ≥ {_n(rule.over_zero_target)}",
                f"the target is 0 and the actual {_n(a)} ≥ {_n(rule.over_zero_target)}",
            )
    if not why:
        return None
    return Finding(
        code="PT304",
        severity=Severity(rule.severity),
        message=say(
            f"{row.indicator.name}：{why}，但未填写偏差原因",
            f"{row.indicator.name}: {why}, but no deviation reason (偏差原因) is given",
        ),
        where=row.where,
    )


def _score_row(
    row: EvaluationRow, out: _Outcome, rules: RuleSet, weight: Decimal | None
) -> IndicatorScore:
    """
    The row's score: ``weight × num/den`` rounded once, capped at the weight.

    Rounding never lifts the score above the weight: a weight finer than
    the rounding quantum caps at the quantum below it (see
    :meth:`RoundingRule.apply`).  Only a rule set that pays over-completion
    (``higher_cap = false``) scores above the weight, by its formula.
    """
    if weight is not None and not in_scoring_range(weight):
        # an inferred weight (a published score) never reaches here out of
        # range: _out_of_range has refused the row already
        weight = None
    with localcontext(ARITHMETIC):
        return _score_row_of(row, out, rules, weight)


def _score_row_of(
    row: EvaluationRow, out: _Outcome, rules: RuleSet, weight: Decimal | None
) -> IndicatorScore:
    score: Decimal | None = None
    raw: Decimal | None = None
    reason = ""
    if out.status is Status.NOT_APPLICABLE:
        zero = rules.not_applicable is NotApplicable.ZERO and weight is not None
        score = rules.rounding.apply(_ZERO) if zero else None
        trace = "not applicable: " + ("0" if zero else "dropped")
    elif out.status is Status.NOT_SCORABLE:
        reason = out.reason
        trace = f"not scorable: {out.reason}"
    elif out.status is Status.JUDGED:
        published = row.published_score
        assert published is not None
        raw = max(published, _ZERO) if weight is None else min(max(published, _ZERO), weight)
        score = rules.rounding.apply(raw, cap=weight)
        judged = say("评价人判定", "judged by the evaluator")
        if raw != published:
            judged += say(
                f"：公布 {_n(published)}，超出范围", f": published {_n(published)}, out of range"
            )
        trace = f"{_n(raw)} ({judged}) = {_n(score)}"
    elif weight is None:
        reason = "no weight (分值)"
        trace = "no weight (分值): not scored"
    else:
        raw = weight * out.num / out.den
        # rounding never lifts a score above its weight; a rule set that pays
        # over-completion (higher_cap = false) still pays it
        score = rules.rounding.apply(raw, cap=weight if out.num <= out.den else None)
        trace = out.formula.replace("{w}", _n(weight)) + f" = {_n(score)}"
    # outcomes that are not applicable or not scorable carry no ratio
    return IndicatorScore(
        row=row,
        direction=out.direction,
        ratio=out.ratio,
        status=out.status,
        weight=weight,
        score=score,
        raw=raw,
        trace=trace,
        reason=reason,
    )


def evaluate(
    rows: Iterable[EvaluationRow],
    *,
    rules: RuleSet | str | None = None,
    budget: Money | BudgetRow | None = None,
    executed: Money | None = None,
    published_total: Decimal | None = None,
    tolerance: Decimal = Decimal("0.1"),
    infer_missing_weights: bool = True,
    year: int | None = None,
    lang: str = "en",
) -> Scorecard:
    """
    Score a self-evaluation (绩效自评) and reconcile it with what it publishes.

    Args:
        rows: The indicator rows, in table order.
        rules: A :class:`~perftarget.rules.RuleSet`, a shipped name or a TOML
            path; ``mof2020_selfeval`` when None.
        budget: The full-year budget, or a whole :class:`BudgetRow`.
        executed: The executed amount (with a :class:`Money` budget).
        published_total: The total the table prints (总分), if any.
        tolerance: Largest difference between a published and a rule score
            that is not reported (0.1 by default).
        infer_missing_weights: When rows lack a weight but carry a published
            score and every row is met, take the score as the weight (said
            in an info finding).
        year: Year used for deadlines written without one.  When neither
            this, the target nor the actual names a year, the two dates are
            compared within one year (month and day).
        lang: Language of the findings' messages, ``"en"`` or ``"zh"``.

    Returns:
        The :class:`Scorecard`, with every finding.

    Raises:
        RuleSetError: ``rules`` names no valid rule set.

    Example:
        >>> from decimal import Decimal
        >>> from perftarget import EvaluationRow, Indicator, Level1, Level2, Money
        >>> from perftarget import parse_actual, parse_target
        >>> row = EvaluationRow(
        ...     indicator=Indicator(
        ...         level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="培训人次",
        ...         target=parse_target("≥1100人次"), weight=Decimal("20"),
        ...     ),
        ...     actual=parse_actual("1093人次"),
        ...     reason="部分学员因疫情未能参训",
        ... )
        >>> card = evaluate([row], budget=Money.parse("300万元"), executed=Money.parse("270万元"))
        >>> card.indicators[0].trace
        '20 × 1093/1100 = 19.87'
        >>> card.budget.trace, card.total
        ('10 × 270/300 = 9.00', Decimal('28.87'))
    """
    with language(lang), localcontext(ARITHMETIC):
        ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules or DEFAULT_RULES)
        budget_row = (
            budget if isinstance(budget, BudgetRow) else BudgetRow(budget=budget, executed=executed)
        )
        table = classify_rows(tuple(rows))
        outcomes = [
            # already in the ARITHMETIC context: the row functions proper
            _outcome_of(row, ruleset, year) if row.role is RowRole.INDICATOR else None
            for row in table
        ]
        findings: list[Finding] = []
        weights: list[Decimal | None] = [row.indicator.weight for row in table]
        statuses = [o.status for o in outcomes if o is not None]
        weights, inferred = infer_weights(table, weights, statuses, enabled=infer_missing_weights)
        findings.extend(inferred)
        scores: list[IndicatorScore] = []
        for row, out, weight in zip(table, outcomes, weights, strict=True):
            if out is None:
                scores.append(
                    IndicatorScore(
                        row=row,
                        direction=row.indicator.target.direction,
                        ratio=None,
                        status=Status.NOT_APPLICABLE,
                        weight=weight,
                        score=None,
                        trace=f"{row.role.value} row: not counted",
                    )
                )
                continue
            findings.extend(out.findings)
            if out.status is Status.JUDGED:
                outside = _judged_bounds(row, weight)
                if outside is not None:
                    findings.append(outside)
            item = _score_row_of(row, out, ruleset, weight)
            capped = _capped(item, ruleset)
            if capped is not None:
                findings.append(capped)
            missing = _deviation(row, out, ruleset)
            if missing is not None:
                findings.append(missing)
            scores.append(item)
        budget_score, budget_findings = score_budget(budget_row, ruleset)
        findings.extend(budget_findings)
        total = _total(scores, budget_score, ruleset)
        off_scale = _off_scale(scores, budget_score, ruleset, total)
        band = ruleset.grade(total)
        card = Scorecard(
            rules=ruleset.id,
            budget=budget_score,
            indicators=tuple(scores),
            total=total,
            published_total=published_total,
            grade="" if off_scale else band.zh,
            grade_en="" if off_scale else band.en,
        )
        if off_scale is not None:
            findings.append(off_scale)
        findings.extend(reconcile(card, ruleset, tolerance=tolerance))
        return evolve(card, findings=tuple(findings))


def _capped(item: IndicatorScore, rules: RuleSet) -> Finding | None:
    """A finding when the rounded score would exceed a weight finer than the quantum."""
    raw, weight = item.raw, item.weight
    if raw is None or weight is None or raw > weight:
        return None
    exponent = weight.as_tuple().exponent
    if isinstance(exponent, int) and exponent >= -rules.rounding.places:
        return None  # a weight on the quantum's grid is never exceeded by rounding
    if rules.rounding.apply(raw) <= weight:
        return None
    quantum = rules.rounding.quantum
    name = item.row.indicator.name
    return Finding(
        code="PT349",
        severity=Severity.WARNING,
        message=say(
            f"{name}：分值 {_n(weight)} 比得分的舍入单位 {_n(quantum)} 更细，"
            f"舍入后的得分 {_n(rules.rounding.apply(raw))} 会超过分值，"
            f"按不超过分值的 {_n(item.score or _ZERO)} 计",
            f"{name}: the weight {_n(weight)} is finer than the rounding step "
            f"{_n(quantum)} of scores; the rounded score {_n(rules.rounding.apply(raw))} "
            f"would exceed it, so it counts as {_n(item.score or _ZERO)}",
        ),
        where=item.row.where,
        cause="weight finer than the rounding",
    )


def _off_scale(
    scores: list[IndicatorScore], budget: BudgetScore, rules: RuleSet, total: Decimal
) -> Finding | None:
    """
    A finding, and no grade, when the weights present do not add to the rule total.

    The weights are those of the counted rows (not parents, not 其中 rows)
    and the budget line's (published, else the rule set's).
    """
    rows = sum(
        (s.weight for s in scores if s.row.role is RowRole.INDICATOR and s.weight is not None),
        start=_ZERO,
    )
    line = budget.row.weight or budget.weight
    weights = rows + line
    if rules.on_scale(weights):
        return None
    return Finding(
        code="PT348",
        severity=Severity.WARNING,
        message=say(
            f"分值合计 {_n(weights)}（指标 {_n(rows)} + 预算执行 {_n(line)}），"
            f"不是规则集 {rules.id} 的满分 {_n(rules.total)}：总分 {_n(total)} "
            "不在评级的分制上，不评等级",
            f"the weights add to {_n(weights)} (indicators {_n(rows)} + budget "
            f"{_n(line)}), not the {_n(rules.total)} of rule set {rules.id}: the total "
            f"{_n(total)} is off the grading scale, so no grade is given",
        ),
        cause="off the grading scale",
    )


def _total(scores: list[IndicatorScore], budget: BudgetScore, rules: RuleSet) -> Decimal:
    counted = [s for s in scores if s.row.role is RowRole.INDICATOR]
    total = sum((s.score for s in counted if s.score is not None), start=_ZERO)
    if budget.score is not None:
        total += budget.score
    dropped = sum(
        (
            s.weight
            for s in counted
            if s.status is Status.NOT_APPLICABLE and s.score is None and s.weight is not None
        ),
        start=_ZERO,
    )
    if dropped and rules.not_applicable is NotApplicable.RESCALE and dropped < rules.total:
        return rules.rounding.apply(total * rules.total / (rules.total - dropped))
    return total
