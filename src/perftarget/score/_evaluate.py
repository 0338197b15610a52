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
from perftarget.core._lang import current_language, language, say
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
from perftarget.score._adjusted import in_force, revision_finding, scored_note
from perftarget.score._budget_score import score_budget
from perftarget.score._codes import finding, part, rule_finding
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

__all__ = [
    "COST_LEVEL2",
    "RowOutcome",
    "deviation_finding",
    "evaluate",
    "reads_as_cap",
    "rounding_cap_finding",
    "row_outcome",
    "score_row",
]

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
class RowOutcome:
    """
    What a row earns, as the fraction ``num/den`` of its weight.

    The first step of scoring a row (:func:`row_outcome`); :func:`score_row`
    turns it into a score once the weight is known.  The batch engine reuses
    the two steps for the row contents its vectorised path does not reach.

    Attributes:
        status: Met, partly met, not met, not applicable, not scorable or judged.
        direction: The direction the row was scored in, when it has one.
        ratio: Actual over target (or its inverse, lower-is-better), when numeric.
        num: Numerator of the fraction of the weight earned.
        den: Denominator of that fraction (never 0).
        formula: The score's trace, with ``{w}`` standing for the weight.
        reason: Why the row is not scorable (empty otherwise).
        findings: What scoring the row found (unit conversions, doubts …).
        actual_value: The actual as compared, in the target's unit.

    .. versionadded:: Unreleased
    """

    status: Status
    direction: Direction | None = None
    ratio: Decimal | None = None
    num: Decimal = _ZERO
    den: Decimal = _ONE
    formula: str = ""
    reason: str = ""
    findings: tuple[Finding, ...] = ()
    actual_value: Decimal | None = None


def _full(direction: Direction | None, note: str, ratio: Decimal | None = None) -> RowOutcome:
    return RowOutcome(
        status=Status.MET, direction=direction, ratio=ratio, num=_ONE, formula=f"{{w}} ({note})"
    )


def _fraction_status(num: Decimal, den: Decimal) -> Status:
    if num >= den:
        return Status.MET
    return Status.NOT_MET if num <= 0 else Status.PARTLY_MET


def _unscorable(row: EvaluationRow, code: str, key: str, **fields: object) -> RowOutcome:
    """A row that is not scored: finding ``code``, its reason the code's part ``key``."""
    reason = part(code, key, **fields)
    found = finding(code, row.where, name=row.indicator.name, reason=reason)
    return RowOutcome(status=Status.NOT_SCORABLE, reason=reason, findings=(found,))


def _out_of_range(row: EvaluationRow) -> RowOutcome | None:
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
        name = part("PT313", ("weight", "published", "target", "upper", "actual")[field])
        return _unscorable(row, "PT313", "range", field=name, value=value, digits=SCORING_RANGE)
    return None


def _unreadable(row: EvaluationRow) -> RowOutcome:
    """A row whose target could not be read: kept, not scored, reported as an error."""
    problem = row.indicator.problem
    found = finding("PT309", row.where, name=row.indicator.name, problem=problem)
    return RowOutcome(status=Status.NOT_SCORABLE, reason=problem, findings=(found,))


def _judged(row: EvaluationRow) -> RowOutcome:
    """A checklist row: the evaluator's published score is the judgement."""
    if row.published_score is None:
        return _unscorable(row, "PT347", "unpublished")
    return RowOutcome(status=Status.JUDGED)


def _judged_bounds(row: EvaluationRow, weight: Decimal | None) -> Finding | None:
    """A finding when a judged row's published score lies outside [0, weight]."""
    published = row.published_score
    if published is None:
        return None
    top = published if weight is None else weight
    if _ZERO <= published <= top:
        return None
    bound = _ZERO if published < 0 else top
    return finding(
        "PT346",
        row.where,
        name=row.indicator.name,
        published=_n(published),
        top=_n(top),
        bound=_n(bound),
    )


def _qualitative(row: EvaluationRow, rules: RuleSet, actual: Actual) -> RowOutcome:
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
            row, "PT306", "undetermined", target=row.indicator.target.text, actual=actual.text
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
    return RowOutcome(
        status=status,
        num=point,
        formula=f"{{w}} × {_n(point)} ({level.value}, band {_n(bottom)}–{_n(top)})",
    )


def _deadline(row: EvaluationRow, actual: Actual, year: int | None) -> RowOutcome:
    target = row.indicator.target
    if actual.date is None or target.date is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(Direction.LOWER_IS_BETTER, "completed on time as reported")
        return _unscorable(row, "PT305", "not a date", actual=actual.text)
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
        return _unscorable(row, "PT305", "dates", error=error)
    if one_year:
        # ISO 8601 without a year (--MM-DD)
        shown = f"done --{done.isoformat()[5:]} {{}} due --{due.isoformat()[5:]}, " + say(
            "同一年内比较", "compared within one year"
        )
    else:
        shown = f"done {done.isoformat()} {{}} due {due.isoformat()}"
    if done <= due:
        return _full(Direction.LOWER_IS_BETTER, shown.format("≤"))
    return RowOutcome(
        status=Status.NOT_MET,
        direction=Direction.LOWER_IS_BETTER,
        formula=f"0 ({shown.format('>')})",
    )


def _aligned(
    row: EvaluationRow, target: Target, actual: Actual
) -> tuple[Decimal, tuple[Finding, ...]] | RowOutcome:
    """The actual value in the target's unit, or an unscorable outcome."""
    value = actual.value
    assert value is not None
    notes: list[Finding] = []
    if actual.copied_comparator is not None:
        notes.append(
            finding(
                "PT303",
                row.where,
                name=row.indicator.name,
                actual=actual.text,
                symbol=actual.copied_comparator.symbol,
                value=_n(value),
            )
        )
    if target.unit and actual.unit and target.unit != actual.unit:
        try:
            converted = convert(value, actual.unit, target.unit)
        except UnitMismatchError:
            return _unscorable(
                row, "PT301", "units", actual_unit=actual.unit, target_unit=target.unit
            )
        notes.append(
            finding(
                "PT302",
                row.where,
                name=row.indicator.name,
                value=_n(value),
                actual_unit=actual.unit,
                converted=_n(converted),
                target_unit=target.unit,
            )
        )
        value = converted
    return value, tuple(notes)


def _numeric(row: EvaluationRow, rules: RuleSet, actual: Actual) -> RowOutcome:
    target = row.indicator.target
    if actual.value is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(target.direction, "reported achieved")
        return _unscorable(row, "PT305", "not a number", actual=actual.text)
    aligned = _aligned(row, target, actual)
    if isinstance(aligned, RowOutcome):
        return aligned
    a, notes = aligned
    t = target.value
    assert t is not None
    outcome = _formula(target, rules, a, t, cap=reads_as_cap(row.indicator, rules))
    if outcome is None:
        refused = _unscorable(row, "PT307", "zero target")
        return evolve(refused, findings=(*notes, *refused.findings))
    # built by hand: attrs.evolve costs a fifth of a large table's scoring
    return RowOutcome(
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
) -> RowOutcome | None:
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
            return RowOutcome(
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
) -> RowOutcome:
    if den <= 0:
        num, den = _ZERO, _ONE
    return RowOutcome(
        status=_fraction_status(num, den),
        direction=direction,
        ratio=ratio,
        num=max(num, _ZERO),
        den=den,
        formula=formula,
    )


def row_outcome(row: EvaluationRow, rules: RuleSet, year: int | None) -> RowOutcome:
    """
    Work out what one indicator row earns, as a fraction of its weight.

    The weight is left out: the same outcome serves every weight, which the
    batch engine multiplies in integer arithmetic.

    Args:
        row: The indicator row (a counted row, not a parent or 其中 row).
        rules: The rule set.
        year: The year deadlines written without one fall in (None: compare
            month and day only).

    Returns:
        The row's outcome.

    Example:
        >>> from perftarget import EvaluationRow, Indicator, Level1, Level2
        >>> from perftarget import parse_actual, parse_target
        >>> from perftarget.rules import load_rules
        >>> row = EvaluationRow(
        ...     indicator=Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY,
        ...         name="培训人次", target=parse_target("≥1100人次")),
        ...     actual=parse_actual("1093人次"),
        ... )
        >>> out = row_outcome(row, load_rules(), None)
        >>> out.status.value, out.num, out.den
        ('partly met', Decimal('1093'), Decimal('1100'))

    .. versionadded:: Unreleased
    """
    with localcontext(ARITHMETIC):
        return _outcome_of(row, rules, year)


def _outcome_of(row: EvaluationRow, rules: RuleSet, year: int | None) -> RowOutcome:
    if row.indicator.revisions:
        row = in_force(row, rules)
    target = row.indicator.target
    outside = _out_of_range(row)
    if outside is not None:
        return outside
    if row.not_applicable:
        cap = reads_as_cap(row.indicator, rules)
        direction = Direction.LOWER_IS_BETTER if cap else target.direction
        return RowOutcome(status=Status.NOT_APPLICABLE, direction=direction)
    if row.checklist:
        return _judged(row)
    if row.indicator.problem:
        return _unreadable(row)
    actual = row.actual
    if actual is None:
        return _unscorable(row, "PT305", "no actual")
    if target.kind is TargetKind.DEADLINE:
        return _deadline(row, actual, year)
    if target.value is None:
        return _qualitative(row, rules, actual)
    return _numeric(row, rules, actual)


def deviation_finding(row: EvaluationRow, out: RowOutcome, rules: RuleSet) -> Finding | None:
    """
    Report a deviation reason (偏差原因) the rule set asks for and the row lacks.

    Args:
        row: The indicator row.
        out: Its outcome (:func:`row_outcome`).
        rules: The rule set, whose ``deviation`` rule says when a reason is due.

    Returns:
        The ``PT304`` finding, or None when a reason is given or none is due.

    .. versionadded:: Unreleased
    """
    if row.reason.strip():
        return None
    rule = rules.deviation
    why = ""
    if rule.on_shortfall and out.status in (Status.PARTLY_MET, Status.NOT_MET):
        why = part("PT304", "shortfall")
    target = row.indicator.target_in_force(rules.adjusted_targets)
    a, t = out.actual_value, target.value
    # the direction as scored: a cost cap is lower-is-better, never over-completed
    if a is not None and t is not None and out.direction is not Direction.LOWER_IS_BETTER:
        if t > 0 and rule.over_ratio is not None and a >= rule.over_ratio * t:
            why = part("PT304", "over", actual=_n(a), percent=_n(rule.over_ratio * 100))
        elif t == 0 and rule.over_zero_target is not None and a >= rule.over_zero_target:
            why = part("PT304", "over zero", actual=_n(a), limit=_n(rule.over_zero_target))
    if not why:
        return None
    return rule_finding(
        "PT304", row.where, Severity(rule.severity), name=row.indicator.name, reason=why
    )


def score_row(
    row: EvaluationRow, out: RowOutcome, rules: RuleSet, weight: Decimal | None
) -> IndicatorScore:
    """
    Score one row from its outcome: ``weight × num/den`` rounded once, capped at the weight.

    Rounding never lifts the score above the weight: a weight finer than
    the rounding quantum caps at the quantum below it (see
    :meth:`RoundingRule.apply`).  Only a rule set that pays over-completion
    (``higher_cap = false``) scores above the weight, by its formula.

    Args:
        row: The indicator row.
        out: Its outcome (:func:`row_outcome`).
        rules: The rule set (rounding, not-applicable treatment).
        weight: The row's weight (分值); None or out of range: not scored.

    Returns:
        The row's score, with its trace.

    .. versionadded:: Unreleased
    """
    if weight is not None and not in_scoring_range(weight):
        # an inferred weight (a published score) never reaches here out of
        # range: _out_of_range has refused the row already
        weight = None
    with localcontext(ARITHMETIC):
        return _score_row_of(row, out, rules, weight)


def _score_row_of(
    row: EvaluationRow, out: RowOutcome, rules: RuleSet, weight: Decimal | None
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
    scored: Target | None = None
    if row.indicator.revisions:
        scored, note = scored_note(row, rules)
        trace += note
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
        scored_target=scored,
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
    lang: str | None = None,
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
        lang: Language of the findings' messages, ``"en"`` or ``"zh"``; by
            default the one in force: that of an enclosing
            ``language(...)`` block, else :data:`~perftarget.core._lang.DEFAULT_LANG`
            (English).

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
    with language(current_language(lang)), localcontext(ARITHMETIC):
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
            capped = rounding_cap_finding(item, ruleset)
            if capped is not None:
                findings.append(capped)
            missing = deviation_finding(row, out, ruleset)
            if missing is not None:
                findings.append(missing)
            if row.indicator.revisions:
                findings.append(revision_finding(row, ruleset))
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


def rounding_cap_finding(item: IndicatorScore, rules: RuleSet) -> Finding | None:
    """
    Report a score held at a weight finer than the rounding quantum.

    Args:
        item: The row's score (:func:`score_row`).
        rules: The rule set, whose rounding gives the quantum.

    Returns:
        The ``PT349`` finding when rounding would have lifted the score above
        the weight, else None.

    .. versionadded:: Unreleased
    """
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
    return finding(
        "PT349",
        item.row.where,
        name=name,
        weight=_n(weight),
        quantum=_n(quantum),
        rounded=_n(rules.rounding.apply(raw)),
        score=_n(item.score or _ZERO),
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
    return finding(
        "PT348",
        weights=_n(weights),
        rows=_n(rows),
        budget=_n(line),
        full=_n(rules.total),
        rules=rules.id,
        total=_n(total),
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
