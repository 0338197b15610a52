"""
What one self-evaluation row earns: :func:`row_outcome` gives its
:class:`RowOutcome`, the fraction ``num/den`` of its weight, with the trace
and the findings of working it out; the weight comes in later
(:func:`~perftarget.score.score_row`).

A row is scored for what it is: a number against a number (with units
converted), a deadline against a date, a qualitative phrase by its
achievement band; a row whose target could not be read is not scorable
(``PT309``); a checklist row of the evaluation framework takes the
evaluator's published score (``Status.JUDGED``).

Within one :func:`~perftarget.evaluate` call, rows that share what an outcome
depends on share its working-out (:func:`outcome_of` with a cache); each
row still gets findings of its own, naming it, at its place.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Final

from attrs import frozen

from perftarget.core._categories import Level2
from perftarget.core._lang import say
from perftarget.core._model import (
    Achievement,
    Actual,
    Comparator,
    Direction,
    Indicator,
    Target,
    TargetKind,
)
from perftarget.core._text import plain_number as _n
from perftarget.core._units import convert
from perftarget.exceptions import UnitMismatchError
from perftarget.rules import EqualMeans, LowerFormula, QualitativePoint, RuleSet, ZeroTarget
from perftarget.score._adjusted import in_force
from perftarget.score._codes import finding, part
from perftarget.score._scorecard import (
    ARITHMETIC,
    SCORING_RANGE,
    EvaluationRow,
    Finding,
    Status,
    in_scoring_range,
)

__all__ = ["COST_LEVEL2", "OutcomeCache", "RowOutcome", "outcome_of", "reads_as_cap", "row_outcome"]

_ZERO: Final = Decimal(0)
_ONE: Final = Decimal(1)
_NEGATIVE_WORDS: Final = ("未", "没有", "不", "差")
#: The cost level-2 categories: an implicit ``=`` under them is a cap.
COST_LEVEL2: Final = frozenset(
    {Level2.COST, Level2.ECONOMIC_COST, Level2.SOCIAL_COST, Level2.ECO_COST}
)
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

    The first step of scoring a row (:func:`row_outcome`);
    :func:`~perftarget.score.score_row` turns it into a score once the
    weight is known.  The batch engine reuses
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


#: A finding an outcome carries before it is placed at a row: its code and
#: its fields but the row's name (every finding of an outcome names its row).
_Note = tuple[str, dict[str, str]]
#: An outcome without its findings, and the notes its findings are made from.
_Core = tuple[RowOutcome, tuple[_Note, ...]]
#: Outcomes already worked out in one :func:`~perftarget.evaluate` call, by
#: what they depend on (see :func:`outcome_of`), with the target and actual
#: they were worked out for (kept, so that their ids stay theirs meanwhile).
OutcomeCache = dict[tuple[object, ...], tuple[_Core, Target, Actual | None]]


def _full(
    direction: Direction | None,
    note: str,
    ratio: Decimal | None = None,
    actual_value: Decimal | None = None,
) -> RowOutcome:
    return RowOutcome(
        status=Status.MET,
        direction=direction,
        ratio=ratio,
        num=_ONE,
        formula=f"{{w}} ({note})",
        actual_value=actual_value,
    )


def _fraction_status(num: Decimal, den: Decimal) -> Status:
    if num >= den:
        return Status.MET
    return Status.NOT_MET if num <= 0 else Status.PARTLY_MET


def _unscorable(code: str, key: str, **fields: object) -> _Core:
    """A row that is not scored: finding ``code``, its reason the code's part ``key``."""
    reason = part(code, key, **fields)
    return RowOutcome(status=Status.NOT_SCORABLE, reason=reason), ((code, {"reason": reason}),)


def _placed(row: EvaluationRow, out: RowOutcome, notes: tuple[_Note, ...]) -> RowOutcome:
    """The outcome of ``row``: ``out`` with its notes made findings at the row."""
    if not notes:
        return out
    where, name = row.where, row.indicator.name
    return RowOutcome(
        status=out.status,
        direction=out.direction,
        ratio=out.ratio,
        num=out.num,
        den=out.den,
        formula=out.formula,
        reason=out.reason,
        findings=tuple(finding(code, where, name=name, **fields) for code, fields in notes),
        actual_value=out.actual_value,
    )


def _out_of_range(row: EvaluationRow) -> RowOutcome | None:
    """A row with a number no score can use (see :data:`SCORING_RANGE`): not scored."""
    indicator, actual = row.indicator, row.actual
    target = indicator.target
    numbers = (
        indicator.weight,
        row.published_score,
        target.value,
        target.upper,
        None if actual is None else actual.value,
    )
    # the common case first, five numbers a row: a finite number of an
    # exponent in range is in range (a zero of any exponent too, checked below)
    low, high = -SCORING_RANGE, SCORING_RANGE
    for value in numbers:
        if value is not None and not (low <= value.adjusted() < high and value.is_finite()):
            break
    else:
        return None
    for field, value in enumerate(numbers):
        if value is None or in_scoring_range(value):
            continue
        name = part("PT313", ("weight", "published", "target", "upper", "actual")[field])
        out, notes = _unscorable("PT313", "range", field=name, value=value, digits=SCORING_RANGE)
        return _placed(row, out, notes)
    return None


def _qualitative(target: Target, rules: RuleSet, actual: Actual) -> _Core:
    level = actual.achievement
    if level is None and actual.value is None:
        phrase = actual.phrase or actual.text.strip()
        target_phrase = target.phrase or target.text.strip()
        if phrase and any(word in phrase for word in _NEGATIVE_WORDS):
            level = Achievement.NOT_ACHIEVED
        elif phrase and target_phrase and (phrase in target_phrase or target_phrase in phrase):
            level = Achievement.ACHIEVED
    if level is None:
        return _unscorable("PT306", "undetermined", target=target.text, actual=actual.text)
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
    ), ()


def _deadline(target: Target, actual: Actual, year: int | None) -> _Core:
    if actual.date is None or target.date is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(Direction.LOWER_IS_BETTER, "completed on time as reported"), ()
        return _unscorable("PT305", "not a date", actual=actual.text)
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
        return _unscorable("PT305", "dates", error=error)
    if one_year:
        # ISO 8601 without a year (--MM-DD)
        shown = f"done --{done.isoformat()[5:]} {{}} due --{due.isoformat()[5:]}, " + say(
            "同一年内比较", "compared within one year"
        )
    else:
        shown = f"done {done.isoformat()} {{}} due {due.isoformat()}"
    if done <= due:
        return _full(Direction.LOWER_IS_BETTER, shown.format("≤")), ()
    return RowOutcome(
        status=Status.NOT_MET,
        direction=Direction.LOWER_IS_BETTER,
        formula=f"0 ({shown.format('>')})",
    ), ()


def _aligned(target: Target, actual: Actual) -> tuple[Decimal, tuple[_Note, ...]] | None:
    """
    The actual value in the target's unit and what aligning it noted; None
    when the units do not convert.
    """
    value = actual.value
    assert value is not None
    notes: tuple[_Note, ...] = ()
    if actual.copied_comparator is not None:
        copied = {"actual": actual.text, "symbol": actual.copied_comparator.symbol}
        notes = (("PT303", {**copied, "value": _n(value)}),)
    if target.unit and actual.unit and target.unit != actual.unit:
        try:
            converted = convert(value, actual.unit, target.unit)
        except UnitMismatchError:
            return None
        conversion = {
            "value": _n(value),
            "actual_unit": actual.unit,
            "converted": _n(converted),
            "target_unit": target.unit,
        }
        notes = (*notes, ("PT302", conversion))
        value = converted
    return value, notes


def _numeric(target: Target, rules: RuleSet, actual: Actual, cap: bool) -> _Core:
    if actual.value is None:
        if actual.achievement is Achievement.ACHIEVED:
            return _full(target.direction, "reported achieved"), ()
        return _unscorable("PT305", "not a number", actual=actual.text)
    aligned = _aligned(target, actual)
    if aligned is None:
        return _unscorable("PT301", "units", actual_unit=actual.unit, target_unit=target.unit)
    a, notes = aligned
    t = target.value
    assert t is not None
    outcome = _formula(target, rules, a, t, cap=cap)
    if outcome is None:
        refused, why = _unscorable("PT307", "zero target")
        return refused, (*notes, *why)
    return outcome, notes


def _formula(
    target: Target, rules: RuleSet, a: Decimal, t: Decimal, *, cap: bool = False
) -> RowOutcome | None:
    """What actual ``a`` earns against target value ``t`` (None: a zero target not scored)."""
    direction = Direction.LOWER_IS_BETTER if cap else target.direction
    sa, st = _n(a), _n(t)
    # said in the trace when an implicit = under a cost level 2 is read as ≤
    why = say("；成本指标按上限计", "; read as a cap") if cap else ""
    aside = say("（成本指标按上限计）", " (read as a cap)") if cap else ""
    if target.comparator is Comparator.RANGE:
        hi = target.upper
        assert hi is not None
        if t <= a <= hi:
            return _full(direction, f"{st} ≤ {sa} ≤ {_n(hi)}", actual_value=a)
        if a < t:
            return _partial(direction, a, t, f"{{w}} × {sa}/{st}", a / t if t else None, a)
        return _partial(direction, hi, a, f"{{w}} × {_n(hi)}/{sa}", hi / a, a)
    lower = direction is Direction.LOWER_IS_BETTER
    exact = direction is Direction.EQUAL and rules.equal_means is EqualMeans.EXACT
    if t == 0:
        if rules.zero_target is ZeroTarget.NOT_SCORABLE:
            return None
        if lower or direction is Direction.EQUAL:
            if a <= 0:
                return _full(direction, f"{sa} ≤ 0{why}", actual_value=a)
            return RowOutcome(
                status=Status.NOT_MET,
                direction=direction,
                formula=f"0 ({sa} > 0{why})",
                actual_value=a,
            )
        return _full(direction, f"{sa} ≥ 0", actual_value=a)
    if lower:
        ratio = t / a if a else None
        if a <= t:
            return _full(direction, f"{sa} ≤ {st}{why}", ratio, a)
        if rules.lower_formula is LowerFormula.RATIO:
            return _partial(direction, t, a, f"{{w}} × {st}/{sa}{aside}", ratio, a)
        num = max(2 * t - a, _ZERO)
        return _partial(direction, num, t, f"{{w}} × (2 − {sa}/{st}){aside}", ratio, a)
    ratio = a / t
    if exact:
        if a == t:
            return _full(direction, f"{sa} = {st}", ratio, a)
        num = max(t - abs(a - t), _ZERO)
        return _partial(direction, num, t, f"{{w}} × (1 − |{sa} − {st}|/{st})", ratio, a)
    if a >= t and rules.higher_cap:
        return _full(direction, f"{sa} ≥ {st}", ratio, a)
    return _partial(direction, a, t, f"{{w}} × {sa}/{st}", ratio, a)


def _partial(
    direction: Direction | None,
    num: Decimal,
    den: Decimal,
    formula: str,
    ratio: Decimal | None,
    actual_value: Decimal,
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
        actual_value=actual_value,
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
        return outcome_of(row, rules, year)


def outcome_of(
    row: EvaluationRow, rules: RuleSet, year: int | None, cache: OutcomeCache | None = None
) -> RowOutcome:
    """
    Work out the outcome of one row, in the :data:`ARITHMETIC` context already.

    With a ``cache``, rows that share what an outcome depends on share its
    working-out: the target in force and the actual (the same objects: the
    parsers' caches give equal cells the same reading), the level 2 (whether
    the target reads as a cap), the not-applicable and checklist marks,
    whether a score is published and the problem reading the target.  The
    rest of a row (weight, published score) is checked for each row, and
    each row gets findings of its own, naming it, at its place.

    Args:
        row: The indicator row.
        rules: The rule set.
        year: The year deadlines written without one fall in.
        cache: The outcomes of one :func:`~perftarget.evaluate` call so far
            (its rule set, year and language), or None.

    Returns:
        The row's outcome.
    """
    if row.indicator.revisions:
        row = in_force(row, rules)
    outside = _out_of_range(row)
    if outside is not None:
        return outside
    indicator, actual = row.indicator, row.actual
    target = indicator.target
    if cache is None:
        out, notes = _core(row, target, actual, reads_as_cap(indicator, rules), rules, year)
        return _placed(row, out, notes)
    key = (
        id(target),
        id(actual),
        id(indicator.level2),  # with the target, whether it reads as a cap
        row.not_applicable,
        row.checklist,
        row.published_score is None,
        indicator.problem,
    )
    known = cache.get(key)
    if known is None:
        cap = reads_as_cap(indicator, rules)
        known = cache[key] = (_core(row, target, actual, cap, rules, year), target, actual)
    out, notes = known[0]
    return _placed(row, out, notes) if notes else out


def _core(
    row: EvaluationRow,
    target: Target,
    actual: Actual | None,
    cap: bool,
    rules: RuleSet,
    year: int | None,
) -> _Core:
    """
    The outcome of a row within range, and the notes of its findings.

    Reads of ``row`` only what :func:`outcome_of` keys a cache by.
    """
    if row.not_applicable:
        direction = Direction.LOWER_IS_BETTER if cap else target.direction
        return RowOutcome(status=Status.NOT_APPLICABLE, direction=direction), ()
    if row.checklist:
        # the evaluator's published score is the judgement
        if row.published_score is None:
            return _unscorable("PT347", "unpublished")
        return RowOutcome(status=Status.JUDGED), ()
    problem = row.indicator.problem
    if problem:
        # an unreadable target: kept, not scored, reported as an error
        return RowOutcome(status=Status.NOT_SCORABLE, reason=problem), (
            ("PT309", {"problem": problem}),
        )
    if actual is None:
        return _unscorable("PT305", "no actual")
    if target.kind is TargetKind.DEADLINE:
        return _deadline(target, actual, year)
    if target.value is None:
        return _qualitative(target, rules, actual)
    return _numeric(target, rules, actual, cap)
