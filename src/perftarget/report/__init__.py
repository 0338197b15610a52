"""
Reports: renderers for target tables, scorecards, findings, audits and
department roll-ups, charts, and the self-contained HTML page.

Every renderer is a small callable configured once with a format
(``text``, ``markdown``, ``html``, ``json``) and a language (``zh``
default, ``en``); labels come from :mod:`perftarget.report.terms`.

Examples:
    >>> from perftarget import datasets
    >>> from perftarget.report import ScorecardRenderer
    >>> render = ScorecardRenderer(fmt="markdown", lang="en")
    >>> print(render(datasets.yongde_2022_scorecard()).splitlines()[0])
    - **rule set**: mof2020_selfeval
"""

from perftarget.report._charts import (
    ChartsUnavailableError,
    achievement_chart,
    charts_available,
    cjk_font,
    distribution_chart,
)
from perftarget.report._diff import DiffRenderer
from perftarget.report._findings import (
    AuditRenderer,
    FindingsRenderer,
    audit_record,
    finding_record,
    findings_record,
)
from perftarget.report._format import FORMATS, fixed, percent
from perftarget.report._html import HtmlPage, Section, embed_chart
from perftarget.report._monitor import MonitorPage, execution_chart, write_monitor_workbook
from perftarget.report._rollup import Rollup, RollupEntry, RollupRenderer, rollup, rollup_record
from perftarget.report._scorecard import ScorecardRenderer, scorecard_record
from perftarget.report._targets import TargetTableRenderer, target_table_record
from perftarget.report.terms import LANGS, TERMS, term

__all__ = [
    "FORMATS",
    "LANGS",
    "TERMS",
    "AuditRenderer",
    "ChartsUnavailableError",
    "DiffRenderer",
    "FindingsRenderer",
    "HtmlPage",
    "MonitorPage",
    "Rollup",
    "RollupEntry",
    "RollupRenderer",
    "ScorecardRenderer",
    "Section",
    "TargetTableRenderer",
    "achievement_chart",
    "audit_record",
    "charts_available",
    "cjk_font",
    "distribution_chart",
    "embed_chart",
    "execution_chart",
    "finding_record",
    "findings_record",
    "fixed",
    "percent",
    "rollup",
    "rollup_record",
    "scorecard_record",
    "target_table_record",
    "term",
    "write_monitor_workbook",
]
