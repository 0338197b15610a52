"""
Golden-file tests: every renderer's output for the bundled data, in every
format and both languages, is pinned in ``tests/golden/``.

Regenerate after an intended change with::

    PERFTARGET_REGEN_GOLDEN=1 python -m pytest tests/test_report_golden.py

then review ``git diff tests/golden`` before committing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from perftarget import datasets, evaluate, review
from perftarget.checks._audit import audit
from perftarget.report import (
    AuditRenderer,
    FindingsRenderer,
    HtmlPage,
    RollupRenderer,
    ScorecardRenderer,
    Section,
    TargetTableRenderer,
    rollup,
)
from perftarget.report._rollup import Rollup

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("PERFTARGET_REGEN_GOLDEN") == "1"
EXTENSION = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}


@cache
def department_rollup() -> Rollup:
    """Roll up the bundled self-evaluations."""
    cards = []
    for name in datasets.SELFEVALUATIONS:
        table = datasets.selfevaluation(name)
        card = evaluate(table.rows, budget=table.budget, published_total=table.published_total)
        cards.append((name, card))
    return rollup(cards)


def targets(fmt: str, lang: str) -> str:
    """Render the seed department's three target tables."""
    render = TargetTableRenderer(fmt=fmt, lang=lang)
    return "".join(render(p) for p in datasets.quyang_2020().projects)


def findings(fmt: str, lang: str) -> str:
    """Render the seed department's review findings."""
    return FindingsRenderer(fmt=fmt, lang=lang)(review(datasets.quyang_2020(), lang=lang)) + "\n"


def audit_report(fmt: str, lang: str) -> str:
    """Render the seed disclosure's audit."""
    return AuditRenderer(fmt=fmt, lang=lang)(audit(datasets.quyang_2020_budget()))


def scorecard(fmt: str, lang: str) -> str:
    """Render the bundled self-evaluation's scorecard."""
    return ScorecardRenderer(fmt=fmt, lang=lang)(datasets.yongde_2022_scorecard(lang))


def department(fmt: str, lang: str) -> str:
    """Render the roll-up of the bundled self-evaluations."""
    return RollupRenderer(fmt=fmt, lang=lang)(department_rollup())


RENDERERS: dict[str, Callable[[str, str], str]] = {
    "targets": targets,
    "findings": findings,
    "audit": audit_report,
    "scorecard": scorecard,
    "rollup": department,
}


def check(name: str, actual: str) -> None:
    """Compare ``actual`` with the golden file ``name`` (or write it when regenerating)."""
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: regenerate with PERFTARGET_REGEN_GOLDEN=1"
    assert path.read_text(encoding="utf-8") == actual


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["text", "markdown", "html", "json"])
@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_renderer_output_is_pinned(renderer: str, fmt: str, lang: str) -> None:
    """Each renderer's output for the bundled data equals its golden file."""
    check(f"{renderer}.{lang}.{EXTENSION[fmt]}", RENDERERS[renderer](fmt, lang))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_html_page_is_pinned(lang: str) -> None:
    """The assembled HTML page (without charts) equals its golden file."""
    page = HtmlPage(lang=lang, title="perftarget")(
        [
            Section(title="scorecard", body=[scorecard("html", lang)]),
            Section(title="rollup", body=[department("html", lang)]),
        ]
    )
    from perftarget import __version__

    check(f"page.{lang}.html", page.replace(__version__, "VERSION"))
