"""
Rendering a :class:`~perftarget.Scorecard`: the JSON record of
``perftarget score --format json`` and a text/markdown table renderer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from attrs import frozen

from perftarget._model import Target
from perftarget._scorecard import Finding, IndicatorScore, Scorecard

__all__ = ["ScorecardRenderer", "scorecard_record"]

_LABELS: Final[dict[str, tuple[str, ...]]] = {
    "zh": (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "方向",
        "分值",
        "得分",
        "公布得分",
        "状态",
        "计算过程",
    ),
    "en": (
        "level 1",
        "level 2",
        "level 3",
        "target",
        "actual",
        "direction",
        "weight",
        "score",
        "published",
        "status",
        "trace",
    ),
}
_WORDS: Final[dict[str, dict[str, str]]] = {
    "zh": {
        "budget": "预算执行率",
        "total": "总分",
        "published": "公布总分",
        "grade": "等级",
        "findings": "发现的问题",
        "rules": "规则集",
        "none": "无",
    },
    "en": {
        "budget": "budget execution",
        "total": "total",
        "published": "published total",
        "grade": "grade",
        "findings": "findings",
        "rules": "rule set",
        "none": "none",
    },
}


def _d(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _target_text(target: Target) -> str:
    return target.text or ""


def _finding_record(finding: Finding) -> dict[str, object]:
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "where": str(finding.where),
    }


def _indicator_record(item: IndicatorScore, lang: str) -> dict[str, object]:
    indicator = item.row.indicator
    actual = item.row.actual
    return {
        "level1": indicator.level1.label(lang),
        "level2": indicator.level2.label(lang),
        "level3": indicator.name,
        "target": _target_text(indicator.target),
        "actual": actual.text if actual is not None else None,
        "direction": item.direction.value if item.direction is not None else None,
        "weight": _d(item.weight),
        "score": _d(item.score),
        "published_score": _d(item.row.published_score),
        "status": item.status.value,
        "trace": item.trace,
    }


def scorecard_record(card: Scorecard, *, lang: str = "zh") -> dict[str, object]:
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
    """
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
        "findings": [_finding_record(f) for f in card.findings],
    }


@frozen(kw_only=True)
class ScorecardRenderer:
    """
    Render a scorecard as a text or markdown table, configured once.

    Example:
        >>> ScorecardRenderer(fmt="markdown", lang="en").fmt
        'markdown'
    """

    fmt: str = "text"
    lang: str = "zh"

    def __call__(self, card: Scorecard) -> str:
        """Return the rendered scorecard."""
        from tabulate import tabulate

        words = _WORDS[self.lang]
        rows = []
        for item in card.indicators:
            record = _indicator_record(item, self.lang)
            status = item.status.zh if self.lang == "zh" else item.status.value
            rows.append(
                [
                    record["level1"],
                    record["level2"],
                    record["level3"],
                    record["target"],
                    record["actual"] or "",
                    record["direction"] or "",
                    record["weight"] or "",
                    record["score"] or "",
                    record["published_score"] or "",
                    status,
                    record["trace"],
                ]
            )
        tablefmt = "github" if self.fmt == "markdown" else "simple"
        table = tabulate(rows, headers=_LABELS[self.lang], tablefmt=tablefmt, disable_numparse=True)
        line = card.budget
        rate = "" if line.rate is None else f" ({(line.rate * 100).quantize(Decimal('0.01'))}%)"
        grade = card.grade if self.lang == "zh" else card.grade_en
        lines = [
            f"{words['rules']}: {card.rules}",
            f"{words['budget']}{rate}: {line.trace}",
            "",
            table,
            "",
            f"{words['total']}: {card.total}  {words['grade']}: {grade}",
        ]
        if card.published_total is not None:
            lines.append(f"{words['published']}: {card.published_total}")
        lines.append(f"{words['findings']}:")
        bullet = "- " if self.fmt == "markdown" else "  "
        for finding in card.findings:
            lines.append(
                f"{bullet}{finding.code} {finding.severity.value}: {finding.message}"
                f" [{finding.where}]"
            )
        if not card.findings:
            lines.append(f"{bullet}{words['none']}")
        return "\n".join(lines) + "\n"
