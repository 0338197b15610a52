"""
The per-object path, applied where the vectorised path does not reach.

Two fallbacks, both exact because they call the per-object code itself:

* :func:`score_keys` scores distinct ``(target, level-2, actual, year)``
  combinations with the private row functions of
  :mod:`perftarget._score` (qualitative targets, deadlines, unit
  conversions, ranges, unusual spellings);
* :func:`score_projects` runs :func:`~perftarget.evaluate` on whole projects
  whose rows interact (published scores to reconcile, parent and ``其中``
  rows, weights with more than six decimals).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final

from perftarget._categories import Level1, Level2
from perftarget._model import Actual, Indicator, Target
from perftarget._parse import parse_actual, parse_target
from perftarget._score import _deviation, _outcome, _score_row, evaluate
from perftarget._scorecard import EvaluationRow, Status
from perftarget._text import plain_number, says_not_applicable
from perftarget.exceptions import Location, ModelError, TargetParseError
from perftarget.rules import NotApplicable, RuleSet

__all__ = [
    "PER_OBJECT",
    "UNREADABLE",
    "Outcome",
    "RowResult",
    "content_row",
    "read_row",
    "score_exact",
    "score_keys",
    "score_projects",
]

#: Finding code of a row the per-object path cannot even build (batch only).
UNREADABLE: Final = "PT308"

#: Held while the per-object scoring code runs: batches may be scored on several
#: threads at once, and the unit registry behind conversions is shared.
PER_OBJECT: Final = threading.Lock()

#: direction, ratio, status, score text, score in units of the rounding quantum, codes.
RowResult = tuple[str | None, float | None, str, str | None, int | None, str]


def _unreadable() -> RowResult:
    return (None, None, "not scorable", None, None, UNREADABLE)


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

    Returns:
        The row, or None when a label, value or number cannot be read.
    """
    if level1 is None or level2 is None or target is None or not name.strip():
        return None
    try:
        level2_member = Level2[level2]
        parsed: Target = parse_target(target, level2=level2_member)
        value: Actual | None = None
        not_applicable = False
        if actual is not None and actual != "":
            not_applicable = says_not_applicable(actual)
            if not not_applicable:
                value = parse_actual(actual)
        indicator = Indicator(
            level1=next(level for level in Level1 if level.en == level1),
            level2=level2_member,
            name=name,
            target=parsed,
            weight=_decimal(weight),
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


#: direction, ratio, status, ratio of the weight earned as ``num / den`` (None: no
#: score), whether a not-applicable row scores 0, the outcome's finding codes, and
#: whether a deviation reason is missing when none is given.
Outcome = tuple[str | None, float | None, str, int | None, int | None, bool, str, bool]


#: Target, level-2 member name, actual and year of a distinct row content.
Key = tuple[str | None, str | None, str | None, int | None]


def score_keys(keys: Sequence[Key], rules: RuleSet) -> list[Outcome | None]:
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


def _score_keys(keys: Sequence[Key], rules: RuleSet) -> list[Outcome | None]:
    out: list[Outcome | None] = []
    zero_na = rules.not_applicable is NotApplicable.ZERO
    for target, level2, actual, year in keys:
        row = content_row(target, level2, actual)
        if row is None:
            out.append(None)
            continue
        outcome = _outcome(row, rules, year)
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
            (
                outcome.direction.value if outcome.direction is not None else None,
                float(outcome.ratio) if plain and outcome.ratio is not None else None,
                status.value,
                num,
                den,
                status is Status.NOT_APPLICABLE,
                ";".join(f.code for f in outcome.findings),
                _deviation(row, outcome, rules) is not None,
            )
        )
    return out


def score_exact(
    keys: Sequence[tuple[str | None, str | None, str | None, str | None, int | None]],
    rules: RuleSet,
) -> tuple[list[str | None], list[int | None]]:
    """
    Score ``(target, level-2, actual, weight, year)`` contents with the
    per-object row functions: for rows whose numbers exceed the integer path.

    Returns:
        Each key's score as text and in units of the rounding quantum (None:
        not scored).
    """
    texts: list[str | None] = []
    units: list[int | None] = []
    with PER_OBJECT:
        for target, level2, actual, weight, year in keys:
            row = content_row(target, level2, actual, weight)
            assert row is not None  # the key was read once already
            score = _score_row(row, _outcome(row, rules, year), rules, row.indicator.weight).score
            texts.append(None if score is None else plain_number(score))
            units.append(_units(score, rules.rounding.places))
    return texts, units


#: A project's result: row results by row number, then total, grade, grade_en, codes.
ProjectResult = tuple[dict[int, RowResult], str, str, str, str]


def score_projects(
    projects: dict[str, list[tuple[int, dict[str, str | None]]]],
    rules: RuleSet,
    *,
    years: Mapping[str, int] | None = None,
) -> dict[str, ProjectResult]:
    """
    Score whole projects with :func:`~perftarget.evaluate`.

    Args:
        projects: For each project, its rows as ``(row number, fields)``.
        rules: The rule set.
        years: Each project's year (年度), for deadlines written without one.

    Returns:
        For each project, the row results and the project's total, grade
        (Chinese and English) and project-level finding codes.
    """
    with PER_OBJECT:
        return _score_projects(projects, rules, years or {})


def _score_projects(
    projects: dict[str, list[tuple[int, dict[str, str | None]]]],
    rules: RuleSet,
    years: Mapping[str, int],
) -> dict[str, ProjectResult]:
    places = rules.rounding.places
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
            )
            if row is None:
                by_row[number] = _unreadable()
            else:
                rows.append(row)
        card = evaluate(rows, rules=rules, year=years.get(project))
        codes: dict[int | None, list[str]] = {}
        for finding in card.findings:
            codes.setdefault(finding.where.row, []).append(finding.code)
        for item in card.indicators:
            row_number = item.row.where.row
            assert row_number is not None
            by_row[row_number] = (
                item.direction.value if item.direction is not None else None,
                float(item.ratio) if item.ratio is not None else None,
                item.status.value,
                plain_number(item.score) if item.score is not None else None,
                _units(item.score, places),
                ";".join(codes.get(row_number, [])),
            )
        result[project] = (
            by_row,
            format(card.total, "f"),
            card.grade,
            card.grade_en,
            ";".join(codes.get(None, [])),
        )
    return result
