"""
Renderer for a performance-target table (绩效目标表).
"""

from __future__ import annotations

from typing import Any

from attrs import frozen

from perftarget.core._model import Indicator, Project
from perftarget.core._quantity import Money
from perftarget.report._blocks import facts, join
from perftarget.report._format import Renderer, fixed, json_text, table
from perftarget.report.terms import term

__all__ = ["TargetTableRenderer", "target_table_record"]


def _money(amount: Money | None) -> str:
    return "" if amount is None else f"{fixed(amount.amount)}{amount.unit}"


def _indicator_record(item: Indicator) -> dict[str, Any]:
    from perftarget.core._format import format_target

    return {
        "level1": item.level1.zh,
        "level2": item.level2.zh,
        "level3": item.name,
        "target": item.target.text,
        "canonical": format_target(item.target),
        "kind": item.target.kind.value,
        "weight": None if item.weight is None else fixed(item.weight),
        "warnings": list(item.target.warnings),
    }


def target_table_record(project: Project) -> dict[str, Any]:
    """
    Return a project's target table as a JSON-ready mapping.

    Args:
        project: The project.

    Returns:
        ``{"project", "amount", "year", "indicators": [{"level1", "level2",
        "level3", "target", "canonical", "kind", "weight", "warnings"}]}``;
        ``amount`` and ``weight`` are decimal strings with two places.

    Examples:
        >>> from perftarget import datasets
        >>> record = target_table_record(datasets.quyang_2020().projects[0])
        >>> record["amount"], record["indicators"][0]["canonical"]
        ('30.00万元', '8人')
    """
    return {
        "project": project.name,
        "amount": _money(project.amount) or None,
        "year": project.year,
        "indicators": [_indicator_record(item) for item in project.indicators],
    }


@frozen(kw_only=True)
class TargetTableRenderer(Renderer):
    """
    Render a project's performance-target table.

    Columns: level 1, level 2, level 3, the target as written, its canonical
    form, its kind, the weight where given, and the parser's notes.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en`` for the labels; the language in force by default.

    Examples:
        >>> from perftarget import datasets
        >>> project = datasets.quyang_2020().projects[0]
        >>> print(TargetTableRenderer(lang="en")(project).splitlines()[0])
        群众工作中心日常经费 (30.00万元)
    """

    def __call__(self, project: Project) -> str:
        """
        Return the rendered table, ending with a newline.

        Args:
            project: The project whose targets to show.

        Returns:
            The text; JSON is :func:`target_table_record`.
        """
        if self.fmt == "json":
            return json_text(target_table_record(project))
        lang = self.lang
        keys = ("level1", "level2", "level3", "target", "canonical", "kind", "weight", "notes")
        headers = [term(k, lang) for k in keys]
        rows = [_row(item, lang) for item in project.indicators]
        grid = table(headers, rows, self.fmt, numeric=[6])
        if self.fmt == "text":
            title = project.name + (f" ({_money(project.amount)})" if project.amount else "")
            return join([title, grid], "text")
        pairs = [(term("project", lang), project.name)]
        if project.amount is not None:
            pairs.append((term("amount", lang), _money(project.amount)))
        return join([facts(pairs, self.fmt), grid], self.fmt)


def _row(item: Indicator, lang: str) -> list[str]:
    record = _indicator_record(item)
    return [
        item.level1.label(lang),
        item.level2.label(lang),
        item.name,
        item.target.text,
        record["canonical"],
        term(f"kind.{record['kind']}", lang),
        record["weight"] or "",
        "; ".join(record["warnings"]),
    ]
