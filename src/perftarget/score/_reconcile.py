"""
Reconciliation: compare what a table publishes with what its rule set gives.

Each difference beyond the tolerance becomes a :class:`~perftarget.Finding`
whose ``cause`` names the likely reason: docked although met, over-completion
not capped, integer rounding, proportional but uncapped, weight × actual%,
rate contradicts the amounts, total not the sum, weights not summing to the
rule total, a tree of the other family, a total missing unreadable rows.
Parent rows (``一、`` = ``1、`` + ``2、``) and unweighted ``其中`` sub-rows are
recognised first so nothing counts twice.  A judged row (the evaluator's
published score, :attr:`Status.JUDGED`) is the rule, never a departure from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Final

from attrs import evolve

from perftarget.core._categories import Level1
from perftarget.core._lang import language
from perftarget.core._model import Direction, TargetKind
from perftarget.core._text import plain_number as _n
from perftarget.rules import RuleSet
from perftarget.score._codes import finding, part
from perftarget.score._scorecard import (
    EvaluationRow,
    Finding,
    IndicatorScore,
    RowRole,
    Scorecard,
    Status,
)

__all__ = ["classify_rows", "infer_weights", "reconcile"]

_PARENT: Final = re.compile(r"^[一二三四五六七八九十]+[、.．]")
_CHILD: Final = re.compile(r"^\d+[、.．]")
_RATE_TOLERANCE: Final = Decimal("0.005")
_ONE: Final = Decimal(1)


def classify_rows(rows: Sequence[EvaluationRow]) -> tuple[EvaluationRow, ...]:
    """
    Mark parent rows and ``其中`` sub-rows so they are not counted twice.

    A row named ``一、…`` whose weight equals the sum of the weights of the
    ``1、``, ``2、`` … rows right below it is a parent; an unweighted row whose
    name starts with ``其中`` is a sub-row.  Roles already set are kept.

    Args:
        rows: The rows in table order.

    Returns:
        The rows with :attr:`~perftarget.EvaluationRow.role` set.
    """
    out = list(rows)
    for index, row in enumerate(out):
        if row.role is not RowRole.INDICATOR:
            continue
        name = row.indicator.name.strip()
        if name.startswith("其中") and row.indicator.weight is None:
            out[index] = evolve(row, role=RowRole.SUBROW)
            continue
        weight = row.indicator.weight
        if weight is None or not _PARENT.match(name):
            continue
        children = []
        for child in out[index + 1 :]:
            if not _CHILD.match(child.indicator.name.strip()):
                break
            children.append(child.indicator.weight or Decimal(0))
        if children and sum(children, start=Decimal(0)) == weight:
            out[index] = evolve(row, role=RowRole.PARENT)
    return tuple(out)


def infer_weights(
    rows: Sequence[EvaluationRow],
    weights: Sequence[Decimal | None],
    statuses: Sequence[Status],
    *,
    enabled: bool = True,
) -> tuple[list[Decimal | None], list[Finding]]:
    """
    Take missing weights from published scores when every row is met.

    Args:
        rows: The classified rows.
        weights: Each row's weight (None where the table gives none).
        statuses: The statuses of the scored rows.
        enabled: Whether to infer at all.

    Returns:
        The weights to use and a finding saying what was inferred (or why not).
    """
    result = list(weights)
    # a judged row's published score is a judgement, not evidence of its weight
    missing = [
        i
        for i, row in enumerate(rows)
        if row.role is RowRole.INDICATOR
        and not row.checklist
        and result[i] is None
        and row.published_score is not None
    ]
    if not missing:
        return result, []
    names = ", ".join(rows[i].indicator.name for i in missing)
    unknown = (Status.NOT_APPLICABLE, Status.NOT_SCORABLE, Status.JUDGED)
    scored = [s for s in statuses if s not in unknown]
    if not enabled or not all(s is Status.MET for s in scored):
        why = part("PT351", "off" if not enabled else "not met")
        return result, [finding("PT351", names=names, reason=why)]
    for i in missing:
        result[i] = rows[i].published_score
    return result, [finding("PT350", names=names)]


def _finding(code: str, item: IndicatorScore, **fields: str) -> Finding:
    """Finding ``code`` about an indicator row, its name and published score filled in."""
    published = item.row.published_score
    return finding(
        code,
        item.row.where,
        name=item.row.indicator.name,
        published="" if published is None else _n(published),
        **fields,
    )


def _qualitative_band(item: IndicatorScore, rules: RuleSet, published: Decimal) -> Finding | None:
    weight = item.weight
    assert weight is not None
    high, low = rules.qualitative_bands
    lo, hi = {
        Status.MET: (high * weight, weight),
        Status.PARTLY_MET: (low * weight, high * weight),
        Status.NOT_MET: (Decimal(0), low * weight),
    }[item.status]
    inside = lo <= published <= hi if item.status is Status.MET else lo <= published < hi
    if inside:
        return None
    return _finding(
        "PT341",
        item,
        status=item.status.zh,
        status_en=item.status.value,
        low=_n(lo),
        high=_n(hi),
        weight=_n(weight),
    )


def _indicator(item: IndicatorScore, rules: RuleSet, tolerance: Decimal) -> Finding | None:
    row = item.row
    published, score, weight = row.published_score, item.score, item.weight
    if published is None or score is None or weight is None or item.raw is None:
        return None
    if item.status is Status.JUDGED:
        return None
    target = item.target  # the one scored: an adjusted target when the rule set uses it
    if target.value is None and target.kind is not TargetKind.DEADLINE:
        return _qualitative_band(item, rules, published)
    trace = item.trace
    if item.status is not Status.MET and published >= weight > score:
        return _finding("PT340", item, trace=trace)
    if abs(published - score) <= tolerance:
        return None
    if published > weight + tolerance:
        if item.ratio is not None and abs(weight * item.ratio - published) <= tolerance:
            ratio = item.ratio.quantize(Decimal("0.0001"))
            return _finding("PT332", item, weight=_n(weight), ratio=_n(ratio), trace=trace)
        return _finding("PT342", item, weight=_n(weight), trace=trace)
    raw = item.raw
    nearest, below = raw.quantize(_ONE, ROUND_HALF_UP), raw.quantize(_ONE, ROUND_DOWN)
    if published in (nearest, below):
        down = published == below != nearest
        way = part("PT333", "down" if down else "nearest")
        exact = raw.quantize(Decimal("0.0001"))
        return _finding("PT333", item, exact=_n(exact), way=way, trace=trace)
    actual = item.row.actual
    if actual is not None and actual.value is not None and actual.unit == "%":
        pct = weight * actual.value / 100
        if abs(pct - published) <= tolerance / 10:
            return _finding("PT335", item, weight=_n(weight), actual=_n(actual.value), trace=trace)
    if item.status is Status.MET and published < score:
        unexplained = "" if item.row.reason.strip() else part("PT331", "unexplained")
        return _finding("PT331", item, weight=_n(weight), unexplained=unexplained, trace=trace)
    return _finding("PT339", item, score=_n(score), difference=_n(published - score), trace=trace)


def _budget(card: Scorecard, rules: RuleSet, tolerance: Decimal) -> list[Finding]:
    line = card.budget
    row = line.row
    out: list[Finding] = []

    if row.weight is not None and row.weight != rules.budget.weight:
        out.append(
            finding(
                "PT321",
                row.where,
                variant="budget",
                published=_n(row.weight),
                rules=rules.id,
                expected=_n(line.weight),
            )
        )
    rate = line.rate
    if (
        rate is not None
        and row.published_rate is not None
        and abs(rate - row.published_rate) > _RATE_TOLERANCE
    ):
        out.append(
            finding(
                "PT336",
                row.where,
                published=_n(row.published_rate * 100),
                rate=_n((rate * 100).quantize(Decimal("0.01"))),
                trace=line.trace,
            )
        )
    published, score, raw = row.published_score, line.score, line.raw
    if published is None or score is None or raw is None or abs(published - score) <= tolerance:
        return out
    if rate is not None and rate > 1 and abs(line.weight * rate - published) <= tolerance:
        out.append(
            finding(
                "PT334",
                row.where,
                published=_n(published),
                weight=_n(line.weight),
                rate=_n(rate),
                trace=line.trace,
            )
        )
    elif published in (raw.quantize(_ONE, ROUND_HALF_UP), raw.quantize(_ONE, ROUND_DOWN)):
        out.append(
            finding(
                "PT333",
                row.where,
                variant="budget",
                published=_n(published),
                exact=_n(raw.quantize(Decimal("0.0001"))),
                trace=line.trace,
            )
        )
    elif not any(f.code == "PT336" for f in out):
        out.append(
            finding("PT339", row.where, variant="budget", published=_n(published), trace=line.trace)
        )
    return out


def _weights(card: Scorecard, rules: RuleSet, rows: list[IndicatorScore]) -> list[Finding]:
    """The weight checks over the counted ``rows``: level-1 sums and the rule total."""
    out: list[Finding] = []
    if not rows or any(s.weight is None for s in rows):
        return out
    # Rows group by level 1; rows under Level1.OTHER by the label as written
    # (two unknown labels are two groups), named by that label.
    by_level: dict[tuple[Level1, str], Decimal] = {}
    labelled: dict[tuple[Level1, str], Decimal] = {}
    # a group's key by the level 1 and the label as written: label() once a pair
    keys: dict[tuple[int, str], tuple[Level1, str]] = {}
    zero = Decimal(0)
    for item in rows:
        row = item.row
        indicator = row.indicator
        written = (id(indicator.level1), indicator.level1_label)
        key = keys.get(written)
        if key is None:
            key = keys[written] = (indicator.level1, indicator.label(1))
        by_level[key] = by_level.get(key, zero) + (item.weight or zero)
        if row.level1_weight is not None:
            labelled[key] = row.level1_weight
    for (level, label), weight in by_level.items():
        stated = labelled.get((level, label), weight)
        if stated != weight:
            out.append(finding("PT322", label=label, stated=_n(stated), weight=_n(weight)))
        if level is Level1.OTHER:
            continue  # a label naming no category has no weight in any rule set
        if rules.level1_from_labels and (level, label) in labelled:
            continue  # the table's own split, checked against its rows above
        expected = rules.level1_weights.get(level.en)
        if rules.level1_weights and expected != stated:
            shown = "none" if expected is None else _n(expected)
            out.append(
                finding("PT321", label=label, stated=_n(stated), rules=rules.id, expected=shown)
            )
    budget_weight = card.budget.row.weight or card.budget.weight
    total = sum(by_level.values(), start=Decimal(0)) + budget_weight
    if total != rules.total:
        out.append(
            finding(
                "PT338",
                total=_n(total),
                rows=_n(total - budget_weight),
                budget=_n(budget_weight),
                full=_n(rules.total),
            )
        )
    return out


def _unread(rows: list[IndicatorScore]) -> list[IndicatorScore]:
    """
    Of the counted ``rows``, those the table did not let us score: an
    unreadable target in force (an adjusted target that was read stands in
    for an unreadable original), or a judgement not published.
    """
    return [
        s
        for s in rows
        if s.status is Status.NOT_SCORABLE
        and (
            s.row.checklist
            or (bool(s.row.indicator.problem) and s.target is s.row.indicator.target)
        )
    ]


def _incomplete(card: Scorecard, rows: list[IndicatorScore]) -> list[Finding]:
    """
    Say that the total misses rows that could not be read.

    Their weights still count (the weight checks and the not-applicable
    rescaling see them), so the total is a lower bound of the table's, not
    comparable with a published total.  ``rows`` are those rows (:func:`_unread`).
    """
    if not rows:
        return []
    weight = sum((s.weight for s in rows if s.weight is not None), start=Decimal(0))
    count = len(rows)
    published = card.published_total
    comparison = "" if published is None else part("PT344", "comparison", published=_n(published))
    return [
        finding(
            "PT344",
            count=count,
            weight=_n(weight),
            total=_n(card.total),
            comparison=comparison,
        )
    ]


def _family(rules: RuleSet, rows: list[IndicatorScore]) -> list[Finding]:
    """
    Say when the table's tree is of the other family than the rule set's.

    决策 / 过程 rows belong to the evaluation framework only; a framework rule
    set expects some.  Rows under :attr:`Level1.OTHER` tell nothing.
    """
    other = Level1.OTHER
    levels = [s.row.indicator.level1 for s in rows if s.row.indicator.level1 is not other]
    if not levels:
        return []
    framework = [level for level in Level1 if level in levels and level.family == "framework"]
    if rules.family == "common" and framework:
        return [
            finding(
                "PT320",
                levels="、".join(level.zh for level in framework),
                levels_en=" and ".join(level.en for level in framework),
                rules=rules.id,
            )
        ]
    if rules.family == "framework" and not framework:
        return [finding("PT320", variant="framework", rules=rules.id)]
    return []


def _total(
    card: Scorecard, tolerance: Decimal, rows: list[IndicatorScore], unread: list[IndicatorScore]
) -> list[Finding]:
    published = card.published_total
    if published is None:
        return []
    out: list[Finding] = []
    parts = [s.row.published_score for s in rows]
    parts.append(card.budget.row.published_score)
    known = [p for p in parts if p is not None]
    if len(known) == len(parts):
        summed = sum(known, start=Decimal(0))
        if abs(summed - published) > tolerance:
            out.append(finding("PT337", published=_n(published), summed=_n(summed)))
    if abs(published - card.total) > tolerance and not unread:
        out.append(finding("PT345", published=_n(published), total=_n(card.total)))
    return out


def _discordant(points: list[tuple[Decimal, Decimal]]) -> int:
    """
    Count the pairs of ``(ratio, published)`` points ordered oppositely.

    A pair counts when one point has the strictly lower ratio and the
    strictly higher published score.  Points are taken in ratio order (ties
    together) and each is compared, through a Fenwick tree over the ranks of
    the published scores, with those of lower ratio: O(n log n), not the
    O(n²) of comparing every pair.

    Examples:
        >>> D = Decimal
        >>> _discordant([(D("0.5"), D(3)), (D("0.9"), D(2)), (D("0.9"), D(4))])
        1
    """
    ranks = {value: index + 1 for index, value in enumerate(sorted({p for _, p in points}))}
    tree = [0] * (len(ranks) + 1)
    seen = 0
    pairs = 0
    ordered = sorted(points, key=lambda point: point[0])
    start = 0
    while start < len(ordered):
        end = start
        while end < len(ordered) and ordered[end][0] == ordered[start][0]:
            end += 1
        group = [ranks[p] for _, p in ordered[start:end]]
        for rank in group:  # lower ratios with a strictly higher published score
            at_most, index = 0, rank
            while index:
                at_most += tree[index]
                index -= index & -index
            pairs += seen - at_most
        for rank in group:
            index = rank
            while index < len(tree):
                tree[index] += 1
                index += index & -index
        seen += len(group)
        start = end
    return pairs


def _monotone(rows: list[IndicatorScore]) -> list[Finding]:
    by_weight: dict[Decimal, list[tuple[Decimal, Decimal]]] = {}
    met, higher, equal = Status.MET, Direction.HIGHER_IS_BETTER, Direction.EQUAL
    for s in rows:
        direction = s.direction
        if (
            s.status is not met
            and (direction is higher or direction is equal)
            and s.ratio is not None
            and s.row.published_score is not None
            and s.weight is not None
        ):
            by_weight.setdefault(s.weight, []).append((s.ratio, s.row.published_score))
    # pairs of equally weighted rows where the lower ratio scores higher
    pairs = sum(_discordant(points) for points in by_weight.values())
    if not pairs:
        return []
    return [finding("PT343", pairs=pairs)]


def reconcile(
    card: Scorecard,
    rules: RuleSet,
    *,
    tolerance: Decimal = Decimal("0.1"),
    lang: str | None = None,
) -> tuple[Finding, ...]:
    """
    Compare a scorecard's published weights and scores with the rule set's.

    Args:
        card: The scored table (its published values travel in its rows).
        rules: The rule set it was scored with.
        tolerance: Largest score difference not reported (0.1 by default).
        lang: Language of the messages (``"zh"`` or ``"en"``); by default the
            one in force (``evaluate(lang=...)`` sets it; otherwise
            :data:`~perftarget.core._lang.DEFAULT_LANG`, English).

    Returns:
        One finding per difference, each with its likely ``cause``.
    """
    if lang is not None:
        with language(lang):
            return reconcile(card, rules, tolerance=tolerance)
    found: list[Finding] = []
    counted = RowRole.INDICATOR
    rows = [item for item in card.indicators if item.row.role is counted]
    for item in rows:
        finding = _indicator(item, rules, tolerance)
        if finding is not None:
            found.append(finding)
    unread = _unread(rows)
    found.extend(_budget(card, rules, tolerance))
    found.extend(_weights(card, rules, rows))
    found.extend(_total(card, tolerance, rows, unread))
    found.extend(_incomplete(card, unread))
    found.extend(_monotone(rows))
    found.extend(_family(rules, rows))
    return tuple(found)
