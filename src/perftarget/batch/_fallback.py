"""
The per-object path, applied where the vectorised path does not reach.

Two fallbacks, both exact because they call the per-object code itself:

* :func:`score_keys` scores distinct ``(target, level-2, actual, year)``
  combinations with the row-scoring seams of :mod:`perftarget.score`
  (:func:`~perftarget.score.row_outcome`, :func:`~perftarget.score.score_row`):
  qualitative targets, deadlines, unit conversions, ranges, unusual spellings;
* :func:`score_projects` runs :func:`~perftarget.evaluate` on whole projects
  whose rows interact (published scores to reconcile, parent and ``其中``
  rows, weights with more than six decimals).

:func:`read_adjusted` reads an adjusted target (调整后指标值) as the readers
read it, so that the engine scores the target in force as ``evaluate`` does.

:func:`score_budgets` scores the budget-execution lines of the other
projects with the per-object budget function.

Results are small typed records (:class:`KeyOutcome`, :class:`RowResult`,
:class:`ProjectResult`) carrying the per-object path's enums
(:class:`~perftarget.Status`, :class:`~perftarget.Direction`); the engine turns
them into columns of the enums' values.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Final

from attrs import frozen

from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level1, Level2
from perftarget.core._lang import say
from perftarget.core._model import Actual, Direction, Indicator, Revision, Target, TargetKind
from perftarget.core._parse import parse_target
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number, says_not_applicable
from perftarget.core._unfilled import is_unfilled
from perftarget.exceptions import Location, ModelError, TargetParseError
from perftarget.io._history import read_history
from perftarget.io._notes import ReadNotes
from perftarget.io._rows import LabelledRow, RowCells, prepare_cells
from perftarget.rules import AdjustedTargets, NotApplicable, RuleSet
from perftarget.score import (
    BudgetRow,
    EvaluationRow,
    Status,
    deviation_finding,
    evaluate,
    rounding_cap_finding,
    row_outcome,
    score_budget,
    score_row,
)

__all__ = [
    "BUDGET_UNUSABLE",
    "PER_OBJECT",
    "UNREADABLE",
    "UNREADABLE_OUTCOME",
    "BudgetFields",
    "KeyOutcome",
    "ProjectResult",
    "RowResult",
    "budget_row",
    "content_row",
    "read_adjusted",
    "read_row",
    "score_budgets",
    "score_exact",
    "score_keys",
    "score_projects",
]

#: Finding code of a row the per-object path cannot even build (batch only).
UNREADABLE: Final = "PT308"

#: Finding code of a project whose budget amounts cannot be used: two of its rows
#: give different values, or a budget cell is not a number >= 0 (batch only).
BUDGET_UNUSABLE: Final = "PT319"

#: Held while the per-object scoring code runs: batches may be scored on several
#: threads at once, and the unit registry behind conversions is shared.
PER_OBJECT: Final = threading.Lock()


@frozen(kw_only=True)
class RowResult:
    """
    One row's result, as the batch output gives it.

    Attributes:
        direction: The direction the row was scored in, when it has one.
        ratio: Actual over target, for information only (never summed).
        status: The row's status.
        score: The score as exact decimal text; None when not scored.
        units: The score in units of the rounding quantum (None: not scored).
        codes: The row's finding codes, joined by ``;``.
    """

    direction: Direction | None
    ratio: float | None
    status: Status
    score: str | None
    units: int | None
    codes: str


def _unreadable() -> RowResult:
    return RowResult(
        direction=None,
        ratio=None,
        status=Status.NOT_SCORABLE,
        score=None,
        units=None,
        codes=UNREADABLE,
    )


def _units(score: Decimal | None, places: int) -> int | None:
    return None if score is None else int(score.scaleb(places))


def read_row(
    *,
    level1: str | None,
    level2: str | None,
    name: str,
    target: str | None,
    actual: str | None,
    weight: str | None,
    published: str | None,
    reason: str,
    where: Location,
    adjusted: str | None = None,
    scored_adjusted: bool = False,
) -> EvaluationRow | None:
    """
    Build the per-object row for one batch row, or None if it cannot be built.

    Args:
        level1: Level-1 key (``output`` …), as resolved from the label.
        level2: Level-2 member name, as resolved from the label.
        name: The level-3 name.
        target: Target text.
        actual: Actual text (empty: none; 不适用 and the like: not applicable).
        weight: Weight text.
        published: Published score text.
        reason: Deviation reason.
        where: Location carried by the row's findings.
        adjusted: The adjusted target in force (调整后指标值, as
            :func:`read_adjusted` gives it), None when the target was never
            adjusted; the row's indicator then carries it as its revision.
        scored_adjusted: The rule set scores the adjusted target (``use``):
            with ``adjusted`` given, an original target that cannot be read
            is kept with its problem, as the readers keep it, and does not
            make the row unreadable.

    Returns:
        The row, or None when a label, value or number cannot be read.
    """
    kept = scored_adjusted and adjusted is not None
    if level1 is None or level2 is None or (target is None and not kept) or not name.strip():
        return None
    try:
        level2_member = Level2[level2]
        parsed, problem = _original(target or "", level2_member, kept)
        value: Actual | None = None
        not_applicable = False
        if actual is not None and actual != "":
            not_applicable = says_not_applicable(actual)
            if not not_applicable:
                value = parse_actual(actual)
        revisions: tuple[Revision, ...] = ()
        if adjusted is not None:
            revisions = (Revision(target=parse_target(adjusted, level2=level2_member)),)
        indicator = Indicator(
            level1=next(level for level in Level1 if level.en == level1),
            level2=level2_member,
            name=name,
            target=parsed,
            weight=_decimal(weight),
            problem=problem,
            revisions=revisions,
        )
        return EvaluationRow(
            indicator=indicator,
            actual=value,
            published_score=_decimal(published),
            reason=reason,
            not_applicable=not_applicable,
            where=where,
        )
    except (TargetParseError, ModelError, InvalidOperation, KeyError):
        return None


def _original(text: str, level2: Level2, kept: bool) -> tuple[Target, str]:
    """
    A row's (original) target and the problem reading it.

    Template residue (``是/否``) is kept unscored with its weight, as the
    readers keep it.  A target that cannot be read raises, unless ``kept``
    (an adjusted target is scored in its place): it is then a phrase with
    its problem, as the readers keep it.

    Raises:
        TargetParseError: The target cannot be read and is not ``kept``.
    """
    try:
        parsed = parse_target(text, level2=level2)
    except TargetParseError:
        if not kept:
            raise
        if text.strip():
            return Target(kind=TargetKind.QUALITATIVE, text=text), say(
                "指标值无法读取", "the target cannot be read"
            )
        return Target(kind=TargetKind.QUALITATIVE, text=text), say(
            "指标值为空", "the target is empty"
        )
    unfilled = is_unfilled(text)
    return parsed, say("指标值未填写", "the target is unfilled") if unfilled else ""


#: The stand-in original target of a row whose adjusted target alone is read.
_NO_TARGET: Final = Target(kind=TargetKind.QUALITATIVE, text="-")
_NOWHERE: Final = Location()


def _nowhere(_role: str) -> Location:
    return _NOWHERE


def read_adjusted(text: str, level2: str) -> tuple[str | None, bool]:
    """
    Read one adjusted-target cell (调整后指标值) as the readers read it.

    The cell goes through the readers' own functions (placeholders blanked,
    then :func:`~perftarget.io._history.read_history`): a blank cell, a dash,
    ``无`` or ``不适用`` is no adjustment; a value that cannot be read, or
    template residue (``≥**人``), is reported (``PT011``) and taken as empty.

    Args:
        text: The cell, its split 指标性质 and 度量单位 joined to it already.
        level2: The row's level-2 member name (``QUANTITY`` …), under which
            the value is read.

    Returns:
        The adjusted target as read (its text, trimmed), None when the cell
        holds none; and whether the cell could not be read (``PT011``).

    Example:
        >>> read_adjusted(" ≥45人 ", "QUANTITY"), read_adjusted("—", "QUANTITY")
        (('≥45人', False), (None, False))
        >>> read_adjusted("≥**人", "QUANTITY")
        (None, True)
    """
    with PER_OBJECT:
        return _read_adjusted(text, level2)


@lru_cache(maxsize=1 << 14)
def _read_adjusted(text: str, level2: str) -> tuple[str | None, bool]:
    member = Level2[level2]
    value = text.strip()
    # a value that reads, is no template residue and holds a digit (no word
    # for "none", no placeholder and no 不适用 does) is an adjustment as it stands
    if any(character.isdigit() for character in value) and not is_unfilled(value):
        try:
            parse_target(value, level2=member)
        except TargetParseError:
            pass  # reported as the readers report it, below
        else:
            return value, False
    cells = prepare_cells({"level3": "-", "revised_target": text})
    notes = ReadNotes()
    row = LabelledRow(
        row=RowCells(
            cells={"revised_target": cells["revised_target"]}, where=_NOWHERE, at=_nowhere
        ),
        level1=member.parents[0],
        level2=member,
        level1_label="",
        level2_label="",
        level1_weight=None,
        name="-",
        target=_NO_TARGET,
    )
    _, revisions = read_history(row, notes)
    found = revisions[-1].target.text if revisions else None
    return found, any(note.code == "PT011" for note in notes.findings)


def content_row(
    target: str | None, level2: str | None, actual: str | None, weight: str | None = None
) -> EvaluationRow | None:
    """
    The per-object row of a row's scored content alone (no name, published
    score or reason): what the outcome and score of a distinct key depend on.
    """
    return read_row(
        level1=Level1.OUTPUT.en,
        level2=level2,
        name="-",
        target=target,
        actual=actual,
        weight=weight,
        published=None,
        reason="",
        where=Location(),
    )


def _decimal(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    value = Decimal(text.strip())
    if not value.is_finite():
        raise InvalidOperation(text)
    return value


@frozen(kw_only=True)
class KeyOutcome:
    """
    What a distinct row content earns, the weight left out.

    Attributes:
        direction: The direction the row is scored in, when it has one.
        ratio: Actual over target, for information only; None for a row not
            applicable or not scorable.
        status: The row's status.
        num: Numerator of the fraction of the weight earned (None: no score).
        den: Its denominator (None: no score).
        not_applicable: The row is not applicable (不适用).
        codes: The outcome's finding codes, joined by ``;``.
        reason_missing: A deviation reason (偏差原因) is due when none is given.
    """

    direction: Direction | None
    ratio: float | None
    status: Status
    num: int | None
    den: int | None
    not_applicable: bool
    codes: str
    reason_missing: bool


#: The outcome of a row content that cannot be read (``PT308``).
UNREADABLE_OUTCOME: Final = KeyOutcome(
    direction=None,
    ratio=None,
    status=Status.NOT_SCORABLE,
    num=None,
    den=None,
    not_applicable=False,
    codes=UNREADABLE,
    reason_missing=False,
)


#: Target, level-2 member name, actual and year of a distinct row content.
Key = tuple[str | None, str | None, str | None, int | None]


def score_keys(keys: Sequence[Key], rules: RuleSet) -> list[KeyOutcome | None]:
    """
    Find what distinct row contents earn, with the per-object row functions.

    The weight is left out: a row earns ``weight × num / den``, which the
    engine computes in integer arithmetic.

    Args:
        keys: ``(target, level-2 member name, actual, year)`` tuples; the
            year dates deadlines written without one.
        rules: The rule set.

    Returns:
        One outcome per key, in order; None where the row cannot be read.
    """
    with PER_OBJECT:
        return _score_keys(keys, rules)


def _score_keys(keys: Sequence[Key], rules: RuleSet) -> list[KeyOutcome | None]:
    out: list[KeyOutcome | None] = []
    zero_na = rules.not_applicable is NotApplicable.ZERO
    for target, level2, actual, year in keys:
        row = content_row(target, level2, actual)
        if row is None:
            out.append(None)
            continue
        try:
            outcome = row_outcome(row, rules, year)
        except (ArithmeticError, ValueError):  # a number beyond any context: unreadable
            out.append(None)
            continue
        status = outcome.status
        num: int | None = None
        den: int | None = None
        plain = status not in (Status.NOT_APPLICABLE, Status.NOT_SCORABLE)
        if plain:
            fraction = Fraction(outcome.num) / Fraction(outcome.den)
            num, den = fraction.numerator, fraction.denominator
        elif status is Status.NOT_APPLICABLE and zero_na:
            num, den = 0, 1
        out.append(
            KeyOutcome(
                direction=outcome.direction,
                ratio=float(outcome.ratio) if plain and outcome.ratio is not None else None,
                status=status,
                num=num,
                den=den,
                not_applicable=status is Status.NOT_APPLICABLE,
                codes=";".join(f.code for f in outcome.findings),
                reason_missing=deviation_finding(row, outcome, rules) is not None,
            )
        )
    return out


def score_exact(
    keys: Sequence[tuple[str | None, str | None, str | None, str | None, int | None]],
    rules: RuleSet,
) -> tuple[list[str | None], list[int | None], list[bool]]:
    """
    Score ``(target, level-2, actual, weight, year)`` contents with the
    per-object row functions: for rows whose numbers exceed the integer path.

    Returns:
        Each key's score as text and in units of the rounding quantum (None:
        not scored), and whether it was capped at a weight finer than the
        quantum (``PT349``).
    """
    texts: list[str | None] = []
    units: list[int | None] = []
    capped: list[bool] = []
    with PER_OBJECT:
        for target, level2, actual, weight, year in keys:
            row = content_row(target, level2, actual, weight)
            assert row is not None  # the key was read once already
            item = score_row(row, row_outcome(row, rules, year), rules, row.indicator.weight)
            score = item.score
            texts.append(None if score is None else plain_number(score))
            units.append(_units(score, rules.rounding.places))
            capped.append(rounding_cap_finding(item, rules) is not None)
    return texts, units, capped


@frozen(kw_only=True)
class ProjectResult:
    """
    A project scored whole.

    Attributes:
        rows: Each row's result, by row number.
        total: The project's total, as exact decimal text.
        grade: Its grade (优 / 良 / 中 / 差), empty when off the scale.
        grade_en: The grade in English.
        codes: The project-level finding codes, joined by ``;``.
    """

    rows: Mapping[int, RowResult]
    total: str
    grade: str
    grade_en: str
    codes: str


def score_projects(
    projects: dict[str, list[tuple[int, dict[str, str | None]]]],
    rules: RuleSet,
    *,
    years: Mapping[str, int] | None = None,
    budgets: Mapping[str, BudgetFields] | None = None,
) -> dict[str, ProjectResult]:
    """
    Score whole projects with :func:`~perftarget.evaluate`.

    Args:
        projects: For each project, its rows as ``(row number, fields)``.
        rules: The rule set.
        years: Each project's year (年度), for deadlines written without one.
        budgets: Each project's budget line, as :func:`budget_row` takes it.

    Returns:
        For each project, the row results and the project's total, grade
        (Chinese and English) and project-level finding codes.
    """
    with PER_OBJECT:
        return _score_projects(projects, rules, years or {}, budgets or {})


def _score_projects(
    projects: dict[str, list[tuple[int, dict[str, str | None]]]],
    rules: RuleSet,
    years: Mapping[str, int],
    budgets: Mapping[str, BudgetFields],
) -> dict[str, ProjectResult]:
    places = rules.rounding.places
    use = AdjustedTargets(rules.adjusted_targets) is AdjustedTargets.USE
    result: dict[str, ProjectResult] = {}
    for project, items in projects.items():
        rows: list[EvaluationRow] = []
        by_row: dict[int, RowResult] = {}
        for number, fields in items:
            row = read_row(
                level1=fields["_l1"],
                level2=fields["_l2"],
                name=fields["level3"] or "",
                target=fields["target"],
                actual=fields["actual"],
                weight=fields["weight"],
                published=fields["published_score"],
                reason=fields["reason"] or "",
                where=Location(row=number),
                adjusted=fields.get("_adj"),
                scored_adjusted=use,
            )
            if row is None:
                by_row[number] = _unreadable()
            else:
                rows.append(row)
        line = budgets.get(project, _NO_BUDGET)
        try:
            card = evaluate(rows, rules=rules, year=years.get(project), budget=budget_row(line))
        except (ArithmeticError, ValueError):  # a number beyond any context: none scored
            result[project] = ProjectResult(
                rows={n: _unreadable() for n, _ in items},
                total="0",
                grade="",
                grade_en="",
                codes="",
            )
            continue
        codes: dict[int | None, list[str]] = {}
        if line[-1]:
            codes[None] = [BUDGET_UNUSABLE]
        for finding in card.findings:
            codes.setdefault(finding.where.row, []).append(finding.code)
        for item in card.indicators:
            row_number = item.row.where.row
            assert row_number is not None
            by_row[row_number] = RowResult(
                direction=item.direction,
                ratio=float(item.ratio) if item.ratio is not None else None,
                status=item.status,
                score=plain_number(item.score) if item.score is not None else None,
                units=_units(item.score, places),
                codes=";".join(codes.get(row_number, [])),
            )
        result[project] = ProjectResult(
            rows=by_row,
            total=format(card.total, "f"),
            grade=card.grade,
            grade_en=card.grade_en,
            codes=";".join(codes.get(None, [])),
        )
    return result


#: A project's budget line as the batch gives it: full-year budget, executed
#: amount, adjusted budget, the line's weight and reason (plain decimal texts,
#: None where not given), and whether they cannot be used (conflicting or
#: unreadable cells).
BudgetFields = tuple[str | None, str | None, str | None, str | None, str | None, bool]
_NO_BUDGET: Final[BudgetFields] = (None, None, None, None, None, False)
#: Weights at six decimals are summed in 64-bit integers.
_WEIGHT_LIMIT: Final = 2**60


def budget_row(fields: BudgetFields) -> BudgetRow:
    """
    The per-object budget line of a project's batch fields.

    Amounts are read in one unit (万元): only their ratio is scored.  Unusable
    fields give an empty line, as a table without amounts.

    Example:
        >>> budget_row(("43.2", "37.24", None, "10", None, False)).executed
        Money(amount=Decimal('37.24'), unit='万元')
    """
    budget, executed, adjusted, weight, reason, unusable = fields
    if unusable:
        return BudgetRow()

    def money(text: str | None) -> Money | None:
        return None if text is None else Money(amount=Decimal(text), unit="万元")

    return BudgetRow(
        budget=money(budget),
        executed=money(executed),
        adjusted=money(adjusted),
        weight=None if weight is None else Decimal(weight),
        reason=reason or "",
    )


def score_budgets(
    lines: Sequence[BudgetFields], rules: RuleSet
) -> list[tuple[int | None, str, int]]:
    """
    Score budget-execution lines with the per-object budget function.

    Args:
        lines: Each project's budget fields (see :data:`BudgetFields`).
        rules: The rule set.

    Returns:
        For each line: its score in units of the rounding quantum (None: not
        scored), its finding codes joined by ``;`` (as :func:`~perftarget.evaluate`
        gives them, with ``PT319`` for unusable fields), and the weight that
        counts towards the weights' sum at six decimals (the published one,
        else the rule set's).
    """
    places = rules.rounding.places
    out: list[tuple[int | None, str, int]] = []
    for fields in lines:
        row = budget_row(fields)
        try:
            line, found = score_budget(row, rules)
        except (ArithmeticError, ValueError):  # amounts beyond any context
            row, fields = BudgetRow(), (*fields[:5], True)
            line, found = score_budget(row, rules)
        codes = [f.code for f in found]
        if row.weight is not None and row.weight != rules.budget.weight:
            codes.append("PT321")
        if fields[-1]:
            codes.append(BUDGET_UNUSABLE)
        units = _units(line.score, places)
        if units is not None and abs(units) >= _WEIGHT_LIMIT:  # beyond 64 bits: unusable
            units, codes = None, [*codes, BUDGET_UNUSABLE]
        weight = int((row.weight or line.weight).scaleb(6))
        if abs(weight) >= _WEIGHT_LIMIT:  # no table's weight: counted as the rule set's
            weight = int(line.weight.scaleb(6))
        out.append((units, ";".join(codes), weight))
    return out
