"""
Rendering a :class:`~perftarget.Scorecard`: the JSON record of
``perftarget score --format json`` and the self-evaluation table (自评表).
"""

from __future__ import annotations

from decimal import Decimal

from attrs import frozen

from perftarget.core._lang import current_language
from perftarget.core._model import Target
from perftarget.report._blocks import facts, heading, join
from perftarget.report._findings import FindingsRenderer, finding_record
from perftarget.report._format import Renderer, fixed, json_text, percent, table
from perftarget.report.terms import term
from perftarget.score._scorecard import IndicatorScore, RowRole, Scorecard

__all__ = ["ScorecardRenderer", "scorecard_record"]


def _d(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _target_text(target: Target) -> str:
    return target.text or ""


def _indicator_record(item: IndicatorScore, lang: str) -> dict[str, object]:
    indicator = item.row.indicator
    actual = item.row.actual
    return {
        "level1": indicator.label(1, lang),
        "level2": indicator.label(2, lang),
        "level3": indicator.name,
        "target": _target_text(item.target),
        "actual": actual.text if actual is not None else None,
        "direction": item.direction.value if item.direction is not None else None,
        "weight": _d(item.weight),
        "score": _d(item.score),
        "published_score": _d(item.row.published_score),
        "status": item.status.value,
        "trace": item.trace,
    }


def scorecard_record(card: Scorecard, *, lang: str | None = None) -> dict[str, object]:
    """
    Return the JSON contract of ``perftarget score --format json``.

    Numbers are decimal strings (or null); the keys are fixed: ``rules``,
    ``budget``, ``indicators``, ``total``, ``published_total``, ``grade``,
    ``findings``.

    Args:
        card: The scorecard.
        lang: ``zh`` or ``en`` for the level labels and the grade.

    Returns:
        A dict ready for :func:`json.dumps`.

    Examples:
        >>> from perftarget import datasets
        >>> record = scorecard_record(datasets.yongde_2022_scorecard(), lang="zh")
        >>> record["total"], record["published_total"], record["grade"]
        ('99.80', '96', '优')
    """
    lang = current_language(lang)
    line = card.budget
    return {
        "rules": card.rules,
        "budget": {
            "budget": None if line.budget is None else str(line.budget),
            "executed": None if line.executed is None else str(line.executed),
            "rate": _d(line.rate),
            "weight": _d(line.weight),
            "score": _d(line.score),
            "published_score": _d(line.published_score),
        },
        "indicators": [_indicator_record(item, lang) for item in card.indicators],
        "total": _d(card.total),
        "published_total": _d(card.published_total),
        "grade": card.grade if lang == "zh" else card.grade_en,
        "findings": [finding_record(f) for f in card.findings],
    }


def _row(item: IndicatorScore, lang: str) -> list[str]:
    indicator = item.row.indicator
    actual = item.row.actual
    counted = item.row.role is RowRole.INDICATOR
    return [
        indicator.label(1, lang),
        indicator.label(2, lang),
        indicator.name,
        _target_text(item.target),
        "" if actual is None else actual.text,
        fixed(item.weight),
        fixed(item.score),
        fixed(item.row.published_score),
        term(f"status.{item.status.value}", lang) if counted else "",
        item.row.reason,
        item.trace,
    ]


@frozen(kw_only=True)
class ScorecardRenderer(Renderer):
    """
    Render a scorecard as the official self-evaluation table, configured once.

    The table has the 自评表 columns (一级/二级/三级指标, 年度指标值, 实际完成值,
    分值, 得分, 偏差原因) plus the published score, the status and the trace;
    above it the budget-execution line, below it the total, the grade and
    the findings.  Every number shows two decimals.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en`` for the labels; the language in force by default.

    Examples:
        >>> from perftarget import datasets
        >>> text = ScorecardRenderer(lang="en")(datasets.yongde_2022_scorecard())
        >>> print(text.splitlines()[0])
        rule set: mof2020_selfeval
        >>> [line for line in text.splitlines() if line.startswith("total")]
        ['total: 99.80']
    """

    def __call__(self, card: Scorecard) -> str:
        """
        Return the rendered scorecard, ending with a newline.

        Args:
            card: The result of :func:`perftarget.evaluate`.

        Returns:
            The text; JSON is :func:`scorecard_record`.
        """
        lang = self.lang
        if self.fmt == "json":
            return json_text(scorecard_record(card, lang=lang))
        line = card.budget
        budget = [
            (term("rules", lang), card.rules),
            (term("budget_amount", lang), "" if line.budget is None else str(line.budget)),
            (term("executed", lang), "" if line.executed is None else str(line.executed)),
            (term("budget_line", lang), percent(line.rate)),
            (term("weight", lang), fixed(line.weight)),
            (term("score", lang), fixed(line.score)),
            (term("published_score", lang), fixed(line.published_score)),
            (term("trace", lang), line.trace),
        ]
        keys = (
            "level1", "level2", "level3", "target", "actual", "weight", "score",
            "published_score", "status", "reason", "trace",
        )  # fmt: skip
        headers = [term(k, lang) for k in keys]
        rows = [_row(item, lang) for item in card.indicators]
        totals = [(term("total", lang), fixed(card.total))]
        if card.published_total is not None:
            totals.append((term("published_total", lang), fixed(card.published_total)))
        totals.append((term("grade", lang), card.grade if lang == "zh" else card.grade_en))
        return join(
            [
                facts(budget, self.fmt),
                table(headers, rows, self.fmt, numeric=[5, 6, 7]),
                facts(totals, self.fmt),
                heading(term("findings", lang), self.fmt, level=4),
                FindingsRenderer(fmt=self.fmt, lang=lang)(card.findings),
            ],
            self.fmt,
        )
