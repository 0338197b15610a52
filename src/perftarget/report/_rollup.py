"""
The department roll-up: every project's score and grade, sorted, with totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from attrs import frozen

from perftarget.core._findings import Severity
from perftarget.core._lang import current_language, language, say
from perftarget.core._quantity import Money
from perftarget.exceptions import ArgumentError
from perftarget.report._blocks import facts, join
from perftarget.report._format import Renderer, fixed, json_text, percent, table
from perftarget.report.terms import term
from perftarget.rules import GradeBand, RuleSet
from perftarget.score import Scorecard

__all__ = ["Rollup", "RollupEntry", "RollupRenderer", "rollup"]

#: The grade bands a rule set has unless it says otherwise (every shipped one
#: keeps them): 优 from 90, 良 from 80, 中 from 60, 差 below.
DEFAULT_GRADES: tuple[GradeBand, ...] = RuleSet(id="defaults").grades
#: Grades (zh, en) in band order, as scorecards carry them.
GRADES: tuple[tuple[str, str], ...] = tuple((band.zh, band.en) for band in DEFAULT_GRADES)


@frozen(kw_only=True)
class RollupEntry:
    """
    One project in a roll-up.

    Attributes:
        rank: 1 for the highest total (ties share a rank); None for a
            project off the grading scale (its weights do not add to the
            rule set's total), whose total is not comparable.
        project: The project's name.
        card: Its scorecard.
    """

    rank: int | None
    project: str
    card: Scorecard

    @property
    def off_scale(self) -> bool:
        """True when the project is not graded, so not ranked (``PT348``)."""
        return not self.card.graded

    def count(self, severity: Severity) -> int:
        """Return how many findings of ``severity`` the scorecard has."""
        return sum(f.severity is severity for f in self.card.findings)


@frozen(kw_only=True)
class Rollup:
    """
    A department's projects, highest total first, with the totals.

    Attributes:
        entries: One per project: the graded ones ranked by total
            (descending), then name; then the projects off the grading scale,
            unranked, in the same order.
        mean: Mean total of the graded projects (of all when none is graded),
            rounded half up to 0.01.
        lowest, highest: The extreme totals, likewise.
        grades: Chinese grade -> number of projects, in band order.
        budget, executed: Sums of the funding lines in 万元 (None when a
            project lacks the amount).
    """

    entries: tuple[RollupEntry, ...]
    mean: Decimal
    lowest: Decimal
    highest: Decimal
    grades: dict[str, int]
    budget: Decimal | None
    executed: Decimal | None

    @property
    def off_scale(self) -> int:
        """The number of projects off the grading scale (not ranked, not graded)."""
        return sum(e.off_scale for e in self.entries)

    @property
    def rate(self) -> Decimal | None:
        """Executed over budget, for the whole department."""
        if self.budget is None or self.executed is None or not self.budget:
            return None
        return self.executed / self.budget


def _sum(amounts: Iterable[Money | None]) -> Decimal | None:
    total = Decimal(0)
    for amount in amounts:
        if amount is None:
            return None
        total += amount.to("万元").amount
    return total


def rollup(cards: Iterable[tuple[str, Scorecard]]) -> Rollup:
    """
    Roll the scorecards of a department's projects up.

    Args:
        cards: ``(project name, scorecard)`` pairs, in any order.

    Returns:
        The :class:`Rollup`.

    Raises:
        ValueError: ``cards`` is empty.

    Examples:
        >>> from perftarget import datasets
        >>> card = datasets.yongde_2022_scorecard()
        >>> summary = rollup([("甲", card), ("乙", card)])
        >>> [e.rank for e in summary.entries], summary.mean, summary.grades["优"]
        ([1, 1], Decimal('99.80'), 2)
    """
    ordered = sorted(cards, key=lambda pair: (not pair[1].graded, -pair[1].total, pair[0]))
    if not ordered:
        raise ArgumentError("rollup needs at least one scorecard")
    entries: list[RollupEntry] = []
    for index, (name, card) in enumerate(ordered):
        rank: int | None = index + 1
        if not card.graded:
            rank = None  # a total off the scale is not compared with the others
        elif entries and entries[-1].card.total == card.total:
            rank = entries[-1].rank
        entries.append(RollupEntry(rank=rank, project=name, card=card))
    graded = [c.total for _, c in ordered if c.graded]
    totals = graded or [c.total for _, c in ordered]
    mean = (sum(totals, Decimal(0)) / len(totals)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    grades = {zh: sum(c.grade == zh for _, c in ordered) for zh, _ in GRADES}
    return Rollup(
        entries=tuple(entries),
        mean=mean,
        lowest=min(totals),
        highest=max(totals),
        grades=grades,
        budget=_sum(c.budget.budget for _, c in ordered),
        executed=_sum(c.budget.executed for _, c in ordered),
    )


def _off_scale(lang: str, *, long: bool = False) -> str:
    """The flag shown in place of a grade off the grading scale (``long``: the count's label)."""
    with language(lang):
        if long:
            return say("不可比（分值合计不是满分）", "off scale (weights do not add to the total)")
        return say("不可比", "off scale")


def rollup_record(summary: Rollup, lang: str | None = None) -> dict[str, Any]:
    """
    Return a roll-up as a JSON-ready mapping; numbers are decimal strings.

    Examples:
        >>> from perftarget import datasets
        >>> record = rollup_record(rollup([("甲", datasets.yongde_2022_scorecard())]))
        >>> record["projects"][0]["total"], record["budget"]
        ('99.80', '38.77')
    """
    lang = current_language(lang)
    return {
        "projects": [
            {
                "rank": e.rank,
                "project": e.project,
                "total": fixed(e.card.total),
                "published_total": fixed(e.card.published_total) or None,
                "grade": (e.card.grade if lang == "zh" else e.card.grade_en) or None,
                "off_scale": e.off_scale,
                "errors": e.count(Severity.ERROR),
                "warnings": e.count(Severity.WARNING),
            }
            for e in summary.entries
        ],
        "count": len(summary.entries),
        "off_scale": summary.off_scale,
        "mean": fixed(summary.mean),
        "lowest": fixed(summary.lowest),
        "highest": fixed(summary.highest),
        "grades": {(zh if lang == "zh" else en): summary.grades[zh] for zh, en in GRADES},
        "budget": fixed(summary.budget) or None,
        "executed": fixed(summary.executed) or None,
        "rate": fixed(summary.rate, 4) or None,
    }


@frozen(kw_only=True)
class RollupRenderer(Renderer):
    """
    Render a department roll-up: rank, project, total, grade, findings.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en``; the language in force by default.

    Examples:
        >>> from perftarget import datasets
        >>> summary = rollup([("营养改善", datasets.yongde_2022_scorecard())])
        >>> print(RollupRenderer(lang="en")(summary).splitlines()[2])
             1  营养改善     99.80              96.00  excellent         1           4
    """

    def __call__(self, summary: Rollup) -> str:
        """
        Return the rendered roll-up, ending with a newline.

        Args:
            summary: The result of :func:`rollup`.

        Returns:
            The text; JSON is :func:`rollup_record`.
        """
        lang = self.lang
        if self.fmt == "json":
            return json_text(rollup_record(summary, lang))
        keys = ("rank", "project", "total", "published_total", "grade", "errors", "warnings")
        headers = [term(k, lang) for k in keys]
        rows = [
            [
                "—" if e.rank is None else str(e.rank),
                e.project,
                fixed(e.card.total),
                fixed(e.card.published_total),
                _off_scale(lang)
                if e.off_scale
                else (e.card.grade if lang == "zh" else e.card.grade_en),
                str(e.count(Severity.ERROR)),
                str(e.count(Severity.WARNING)),
            ]
            for e in summary.entries
        ]
        grades = "  ".join(
            f"{zh if lang == 'zh' else en} {summary.grades[zh]}" for zh, en in GRADES
        )
        totals = [
            (term("count", lang), str(len(summary.entries))),
            (term("mean", lang), fixed(summary.mean)),
            (term("min", lang), fixed(summary.lowest)),
            (term("max", lang), fixed(summary.highest)),
            (term("grade", lang), grades),
        ]
        if summary.off_scale:
            totals.append((_off_scale(lang, long=True), str(summary.off_scale)))
        if summary.budget is not None:
            totals.append((term("budget_amount", lang), f"{fixed(summary.budget)}万元"))
        if summary.executed is not None:
            totals.append((term("executed", lang), f"{fixed(summary.executed)}万元"))
        if summary.rate is not None:
            totals.append((term("rate", lang), percent(summary.rate)))
        body = table(headers, rows, self.fmt, numeric=[0, 2, 3, 5, 6])
        return join([body, facts(totals, self.fmt)], self.fmt)
