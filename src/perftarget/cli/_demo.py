"""
The main job, ``perftarget demo``: everything perftarget does, on bundled data.

1. The seed department's three performance-target tables (曲阳县信访局 2020),
   their review and the audit of the department's disclosure arithmetic.
2. A real published self-evaluation (永德县明朗中学 2022) scored, reconciled
   with its published scores and graded.
3. A mid-year monitoring round of the seed department's projects
   (constructed data, :func:`perftarget.datasets.quyang_2020_monitoring`):
   time progress, execution gaps, projections and lights.
4. A self-contained HTML report (with charts when matplotlib is installed:
   SVG, whose text the browser draws; PNG files too when a CJK font is
   installed) written to a directory; its path is the last line printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from perftarget.core._findings import Finding
from perftarget.core._lang import language, say

__all__ = ["run_demo"]


def _summary(findings: tuple[Finding, ...], lang: str) -> str:
    from perftarget.report._findings import severity_counts
    from perftarget.report.terms import term

    return term("findings_summary", lang, n=len(findings), **severity_counts(findings))


def _title(meta: Mapping[str, str], lang: str) -> str:
    return meta["title"] if lang == "zh" else meta["title_en"]


def _banner(text: str) -> str:
    return f"\n== {text} ==\n\n"


def run_demo(out_dir: str | Path, stream: TextIO, *, lang: str = "zh") -> Path:
    """
    Run the main job on the bundled data; return the path of the HTML report.

    Args:
        out_dir: Directory for ``index.html``, the chart files,
            ``scorecard.json`` and ``monitoring.json`` (created if missing).
        stream: Where the text report goes.
        lang: ``zh`` (default) or ``en``.

    Returns:
        The absolute path of ``index.html``.

    Raises:
        OSError: The directory cannot be written.
    """
    from perftarget import datasets
    from perftarget.checks._audit import audit
    from perftarget.checks._review import review
    from perftarget.monitor import MonitorRenderer, monitor, monitoring_record
    from perftarget.report import (
        AuditRenderer,
        FindingsRenderer,
        HtmlPage,
        MonitorPage,
        RollupRenderer,
        ScorecardRenderer,
        Section,
        TargetTableRenderer,
        achievement_chart,
        charts_available,
        distribution_chart,
        embed_chart,
        rollup,
        term,
    )
    from perftarget.report._format import json_text
    from perftarget.score._evaluate import evaluate

    department = datasets.quyang_2020()
    findings = review(department, lang=lang)
    checks = audit(datasets.quyang_2020_budget())
    scored = {}
    for name in datasets.SELFEVALUATIONS:
        table = datasets.selfevaluation(name)
        scored[name] = evaluate(
            table.rows, budget=table.budget, published_total=table.published_total, lang=lang
        )
    summary = rollup(
        (_title(datasets.selfevaluation_info(name), lang).split("— ")[-1], scored[name])
        for name in datasets.SELFEVALUATIONS
    )
    monitored = [monitor(p, lang=lang) for p in datasets.quyang_2020_monitoring().projects]
    heading_monitor = term("monitoring_demo", lang)
    card = scored["yongde_2022_nutrition"]
    info = datasets.selfevaluation_info("yongde_2022_nutrition")
    heading_targets = (
        f"{department.name} {department.year} {term('target_table', lang)}"
        f" ({term('projects_count', lang, n=len(department.projects))})"
    )
    heading_self = _title(info, lang)

    write = stream.write
    write(f"perftarget demo — {department.name} {department.year}\n")
    write(_banner(f"1. {heading_targets}"))
    for project in department.projects:
        write(TargetTableRenderer(lang=lang)(project) + "\n")
    write(_banner(f"2. {term('review', lang)}"))
    write(FindingsRenderer(lang=lang)(findings) + "\n\n" + _summary(findings, lang) + "\n")
    write(_banner(f"3. {term('audit', lang)} ({checks.source})"))
    write(AuditRenderer(lang=lang)(checks))
    write(_banner(f"4. {heading_self}"))
    write(f"{term('source', lang)}: {info['publisher']}, {info['source_url']}\n\n")
    write(ScorecardRenderer(lang=lang)(card))
    write(_banner(f"5. {heading_monitor}"))
    write(MonitorRenderer(lang=lang)(monitored))

    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    (out / "scorecard.json").write_text(ScorecardRenderer(fmt="json", lang=lang)(card), "utf-8")
    record = monitoring_record(monitored, profile=monitored[0].profile, lang=lang)
    (out / "monitoring.json").write_text(json_text(record), "utf-8")
    images: dict[str, bytes] = {}  # drawn once: written as files and embedded in the page
    # SVG needs matplotlib only (the browser draws the text); PNG needs a CJK font too
    unavailable = ""
    for fmt in ("png", "svg"):
        available, why = charts_available(fmt)
        if not available:
            unavailable = unavailable or why
            continue
        images[f"achievement.{fmt}"] = achievement_chart(card, lang=lang, fmt=fmt)
        images[f"distribution.{fmt}"] = distribution_chart(summary, lang=lang, fmt=fmt)
    for name, image in images.items():
        (out / name).write_bytes(image)
    if images:
        write(f"\n{term('charts_written', lang)}: {', '.join(sorted(images))}\n")
    if not images:
        write(f"\n{term('charts_unavailable', lang, reason=unavailable)}\n")
    elif unavailable:  # SVG drawn, PNG not: say why, in the report's language
        with language(lang):
            write(say(f"PNG 图表未写入：{unavailable}", f"PNG charts not written: {unavailable}"))
        write("\n")
    html = "html"
    sections = [
        Section(
            title=heading_targets,
            body=[TargetTableRenderer(fmt=html, lang=lang)(p) for p in department.projects],
        ),
        Section(
            title=term("review", lang),
            body=[
                FindingsRenderer(fmt=html, lang=lang)(findings),
                f"<p>{_summary(findings, lang)}</p>",
            ],
        ),
        Section(title=term("audit", lang), body=[AuditRenderer(fmt=html, lang=lang)(checks)]),
        Section(
            title=heading_self,
            body=[
                # without matplotlib the drawing raises and embed_chart writes why instead
                embed_chart(
                    lambda: (
                        images.get("achievement.svg")
                        or achievement_chart(card, lang=lang, fmt="svg")
                    ),
                    lang=lang,
                ),
                ScorecardRenderer(fmt=html, lang=lang)(card),
            ],
        ),
        Section(
            title=term("bundled_selfevals", lang),
            body=[
                embed_chart(
                    lambda: (
                        images.get("distribution.svg")
                        or distribution_chart(summary, lang=lang, fmt="svg")
                    ),
                    lang=lang,
                ),
                RollupRenderer(fmt=html, lang=lang)(summary),
            ],
        ),
    ]
    watch = MonitorPage(lang=lang).sections(monitored)
    sections.append(Section(title=heading_monitor, body=watch[0].body))
    sections.extend(watch[1:])
    page = HtmlPage(lang=lang, title=f"perftarget demo — {department.name}")
    index = out / "index.html"
    index.write_text(page(sections, subtitle=f"{checks.source}; {info['source_url']}"), "utf-8")
    write(f"\n{term('report_written', lang)}: {index}\n")
    return index
