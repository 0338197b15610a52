"""
Self-evaluation scoring: :func:`evaluate` turns rows and a rule set into a
:class:`~perftarget.Scorecard`, with a trace for every number.

Arithmetic is exact :class:`~decimal.Decimal`: a score is ``weight × num/den``
with the multiplication done first, then rounded once as the rule set says;
totals are sums of rounded parts.  What each row earns, as a fraction of its
weight, is its outcome (:mod:`perftarget.score._outcome`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal, localcontext
from typing import Final

from attrs import evolve

from perftarget.core._lang import current_language, language, say
from perftarget.core._model import AdjustedTargets, Direction, Target
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number as _n
from perftarget.rules import NotApplicable, RoundingRule, RuleSet, load_rules
from perftarget.rules._ruleset import DEFAULT_RULES
from perftarget.score._adjusted import revision_finding, scored_note
from perftarget.score._budget_score import score_budget
from perftarget.score._bulk import Rounding, collector_paused, new_indicator_score
from perftarget.score._codes import finding, part, rule_finding
from perftarget.score._outcome import (
    COST_LEVEL2,
    OutcomeCache,
    RowOutcome,
    outcome_of,
    reads_as_cap,
    row_outcome,
)
from perftarget.score._reconcile import classify_rows, infer_weights, reconcile
from perftarget.score._scorecard import (
    ARITHMETIC,
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
#: Scores already worked out in one :func:`evaluate` call, by outcome (its id:
#: the outcomes are kept for the call) and weight as written: the raw score,
#: the score and the trace.
_Weighted = dict[tuple[int, str], tuple[Decimal, Decimal, str]]


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
    indicator = row.indicator
    choice = rules.adjusted_targets
    if indicator.revisions or not isinstance(choice, AdjustedTargets):
        target = indicator.target_in_force(choice)
    else:
        target = indicator.target  # the target in force of an indicator never adjusted
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
    row: EvaluationRow,
    out: RowOutcome,
    rules: RuleSet,
    weight: Decimal | None,
    rounding: Rounding | RoundingRule | None = None,
    known: _Weighted | None = None,
) -> IndicatorScore:
    """
    :func:`score_row` in the :data:`ARITHMETIC` context.

    Rounds by ``rounding`` (the rule's when None); with ``known``, an
    outcome's score at a weight is worked out once (see :data:`_Weighted`).
    """
    apply = (rounding or rules.rounding).apply
    score: Decimal | None = None
    raw: Decimal | None = None
    reason = ""
    if out.status is Status.NOT_APPLICABLE:
        zero = rules.not_applicable is NotApplicable.ZERO and weight is not None
        score = apply(_ZERO) if zero else None
        trace = "not applicable: " + ("0" if zero else "dropped")
    elif out.status is Status.NOT_SCORABLE:
        reason = out.reason
        trace = f"not scorable: {out.reason}"
    elif out.status is Status.JUDGED:
        published = row.published_score
        assert published is not None
        raw = max(published, _ZERO) if weight is None else min(max(published, _ZERO), weight)
        score = apply(raw, cap=weight)
        judged = say("评价人判定", "judged by the evaluator")
        if raw != published:
            judged += say(
                f"：公布 {_n(published)}，超出范围", f": published {_n(published)}, out of range"
            )
        trace = f"{_n(raw)} ({judged}) = {_n(score)}"
    elif weight is None:
        reason = "no weight (分值)"
        trace = "no weight (分值): not scored"
    elif known is None:
        raw, score, trace = _weighted(out, weight, apply)
    else:
        # str: a weight of 5 and one of 5.0 score 5 and 5.0, and are traced so
        key = (id(out), str(weight))
        scored_at = known.get(key)
        if scored_at is None:
            scored_at = known[key] = _weighted(out, weight, apply)
        raw, score, trace = scored_at
    scored: Target | None = None
    if row.indicator.revisions:
        scored, note = scored_note(row, rules)
        trace += note
    # outcomes that are not applicable or not scorable carry no ratio
    return new_indicator_score(
        row, out.direction, out.ratio, out.status, weight, score, raw, trace, reason, scored
    )


def _weighted(
    out: RowOutcome, weight: Decimal, apply: Callable[..., Decimal]
) -> tuple[Decimal, Decimal, str]:
    """The raw score, the score and the trace of a scored outcome at ``weight``."""
    raw = weight * out.num / out.den
    # rounding never lifts a score above its weight; a rule set that pays
    # over-completion (higher_cap = false) still pays it
    score = apply(raw, cap=weight if out.num <= out.den else None)
    return raw, score, out.formula.replace("{w}", _n(weight)) + f" = {_n(score)}"


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
        with collector_paused(len(table)):
            scores, findings = _scores(table, ruleset, year, infer_missing_weights)
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


def _scores(
    table: tuple[EvaluationRow, ...],
    ruleset: RuleSet,
    year: int | None,
    infer_missing_weights: bool,
) -> tuple[list[IndicatorScore], list[Finding]]:
    """
    Score every row of a classified table, in the :data:`ARITHMETIC` context already.

    Args:
        table: The rows, parents and sub-rows marked (:func:`classify_rows`).
        ruleset: The rule set.
        year: The year deadlines written without one fall in.
        infer_missing_weights: Whether published scores stand in for missing weights.

    Returns:
        One score a row, and the findings of scoring them, in table order.
    """
    # rows sharing what an outcome depends on share its working-out
    cache: OutcomeCache = {}
    counted = RowRole.INDICATOR
    outcomes = [
        # already in the ARITHMETIC context: the row functions proper
        outcome_of(row, ruleset, year, cache) if row.role is counted else None
        for row in table
    ]
    del cache
    rounding = Rounding(ruleset.rounding)
    findings: list[Finding] = []
    weights: list[Decimal | None] = [row.indicator.weight for row in table]
    statuses = [o.status for o in outcomes if o is not None]
    weights, inferred = infer_weights(table, weights, statuses, enabled=infer_missing_weights)
    findings.extend(inferred)
    scores: list[IndicatorScore] = []
    known: _Weighted = {}
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
        if out.findings:
            findings.extend(out.findings)
        if out.status is Status.JUDGED:
            outside = _judged_bounds(row, weight)
            if outside is not None:
                findings.append(outside)
        item = _score_row_of(row, out, ruleset, weight, rounding, known)
        # a score equal to its raw value is the raw value rounded: never above the weight
        if item.score != item.raw:
            capped = rounding_cap_finding(item, ruleset)
            if capped is not None:
                findings.append(capped)
        missing = deviation_finding(row, out, ruleset)
        if missing is not None:
            findings.append(missing)
        if row.indicator.revisions:
            findings.append(revision_finding(row, ruleset))
        scores.append(item)
    return scores, findings


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
