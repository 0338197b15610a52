"""
Renderers for findings (review, scoring, reconciliation, reading) and audit reports.

The JSON shapes are the contracts of ``perftarget review`` and
``perftarget audit``: a finding is ``{"code", "severity", "message", "where",
"location"}``, ``where`` as text and ``location`` as its parts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from attrs import frozen

from perftarget.checks._audit import AuditReport
from perftarget.core._findings import Finding, Severity
from perftarget.exceptions import ArgumentError, Location
from perftarget.report._blocks import facts, heading, join
from perftarget.report._format import Renderer, json_text, table, where_text
from perftarget.report.terms import term

__all__ = [
    "AuditRenderer",
    "FindingsRenderer",
    "ReadingRenderer",
    "audit_record",
    "finding_record",
    "findings_record",
    "location_record",
    "with_reading",
]


def location_record(where: Location) -> dict[str, Any]:
    """
    Return a location as JSON: ``{"file", "sheet", "row", "column"}``, None where unknown.

    Args:
        where: The location.

    Returns:
        Its four parts; ``row`` is an int (1-based, as a spreadsheet shows it).

    Examples:
        >>> location_record(Location(file="a.xlsx", row=7))
        {'file': 'a.xlsx', 'sheet': None, 'row': 7, 'column': None}
    """
    return {"file": where.file, "sheet": where.sheet, "row": where.row, "column": where.column}


def finding_record(finding: Finding) -> dict[str, Any]:
    """
    Return the JSON shape of one finding, the same in every command:
    ``{"code", "severity", "message", "where", "location"}``, ``where`` as
    text and ``location`` as :func:`location_record`.

    .. versionchanged:: Unreleased
        Added ``location``.

    Examples:
        >>> where = Location(file="a.txt", row=50)
        >>> record = finding_record(
        ...     Finding(code="PT203", severity=Severity.ERROR, message="x", where=where)
        ... )
        >>> record["where"], record["location"]["row"]
        ('a.txt, row 50', 50)
    """
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "where": str(finding.where),
        "location": location_record(finding.where),
    }


def with_reading(record: dict[str, Any], reading: Sequence[Finding]) -> dict[str, Any]:
    """
    Return a JSON record with what reading the input noticed added to its findings.

    The reading findings come first in ``record["findings"]``, in the common
    shape; a ``counts`` entry, when the record has one, counts them too.  The
    record itself is not changed.

    Args:
        record: A record with a ``findings`` array, such as
            :func:`findings_record` or ``scorecard_record`` returns.
        reading: The findings of reading (``Contents.findings``).

    Returns:
        A new record with the same keys.

    Examples:
        >>> found = Finding(code="PT001", severity=Severity.WARNING, message="x")
        >>> record = with_reading(findings_record([]), [found])
        >>> [f["code"] for f in record["findings"]], record["counts"]["warning"]
        (['PT001'], 1)
    """
    merged = dict(record)
    merged["findings"] = [finding_record(f) for f in reading] + list(record["findings"])
    if "counts" in record:
        merged["counts"] = {
            key: count + sum(f.severity.value == key for f in reading)
            for key, count in record["counts"].items()
        }
    return merged


def findings_record(findings: Sequence[Finding]) -> dict[str, Any]:
    """
    Return findings as ``perftarget review --format json`` writes them.

    Returns:
        ``{"findings": [{"code", "severity", "message", "where"}, …],
        "counts": {"error": n, "warning": n, "info": n}}``; ``where`` is text.

    Examples:
        >>> findings_record([])["counts"]
        {'error': 0, 'warning': 0, 'info': 0}
    """
    return {
        "findings": [finding_record(f) for f in findings],
        "counts": severity_counts(findings),
    }


def severity_counts(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings of each severity: ``{"error": n, "warning": n, "info": n}``."""
    return {s.value: sum(f.severity is s for f in findings) for s in Severity}


def _decimal(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, "f")


def audit_record(report: AuditReport) -> dict[str, Any]:
    """
    Return the JSON contract of ``perftarget audit --format json``.

    Args:
        report: The audit report.

    Returns:
        ``{"source", "passed", "checks": [...], "findings": [...]}``.

    Examples:
        >>> from perftarget import datasets
        >>> from perftarget.checks._audit import audit
        >>> record = audit_record(audit(datasets.quyang_2020_budget()))
        >>> record["passed"], record["checks"][0]["code"]
        (True, 'PT201')
    """
    return {
        "source": report.source,
        "passed": report.passed,
        "checks": [
            {
                "code": c.code,
                "title": c.title,
                "title_en": c.title_en,
                "equation": c.equation,
                "left": _decimal(c.left),
                "right": _decimal(c.right),
                "difference": _decimal(c.difference),
                "tolerance": _decimal(c.tolerance),
                "passed": c.passed,
                "where": str(c.where),
            }
            for c in report.checks
        ],
        "findings": [finding_record(f) for f in report.findings],
    }


def _severity(severity: Severity, lang: str) -> str:
    return term(f"severity.{severity.value}", lang)


@frozen(kw_only=True)
class FindingsRenderer(Renderer):
    """
    Render findings as a table: code, severity, location, message.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en`` for the labels; the language in force by default.

    Examples:
        >>> from perftarget.exceptions import Location
        >>> found = Finding(code="PT102", severity=Severity.WARNING, message="没有时效指标",
        ...                 where=Location(sheet="日常经费", column="二级指标"))
        >>> print(FindingsRenderer(lang="zh")([found]))
        代码    严重程度    位置                 说明
        ------  ----------  -------------------  ------------
        PT102   警告        日常经费 · 二级指标  没有时效指标
        >>> print(FindingsRenderer(lang="en")([]))
        no findings
    """

    def __call__(self, findings: Sequence[Finding]) -> str:
        """
        Return the rendered findings (a one-line note when there are none).

        Args:
            findings: The findings, in the order to show.

        Returns:
            The text; JSON is :func:`findings_record`.
        """
        if self.fmt == "json":
            return json.dumps(findings_record(findings), ensure_ascii=False, indent=2)
        if not findings:
            note = term("no_findings", self.lang)
            return f"<p>{note}</p>" if self.fmt == "html" else note
        headers = [term(k, self.lang) for k in ("code", "severity", "where", "message")]
        rows = [
            [f.code, _severity(f.severity, self.lang), where_text(f.where, self.lang), f.message]
            for f in findings
        ]
        return table(headers, rows, self.fmt)


@frozen(kw_only=True)
class ReadingRenderer(Renderer):
    """
    Render what reading the input noticed: a short section under its own heading.

    Commands that read table files show it beside their main output; nothing
    is shown when reading noticed nothing.  In JSON the reading findings are
    items of the command's ``findings`` array instead (:func:`with_reading`).

    Attributes:
        fmt: ``text`` (default), ``markdown`` or ``html``.
        lang: ``zh`` or ``en``; the language in force by default.

    Examples:
        >>> where = Location(file="t.csv", row=3, column="二级指标")
        >>> message = "label read as 数量指标"
        >>> found = Finding(code="PT001", severity=Severity.WARNING, message=message, where=where)
        >>> print(ReadingRenderer(lang="en")([found]))
        reading the input: 1 findings
        -----------------------------
        <BLANKLINE>
        code    severity    location                  message
        ------  ----------  ------------------------  ----------------------
        PT001   warning     t.csv · row 3 · 二级指标  label read as 数量指标
        <BLANKLINE>
        >>> ReadingRenderer()([])
        ''
    """

    def __call__(self, findings: Sequence[Finding]) -> str:
        """
        Return the section, ending with a newline, or ``""`` when there are no findings.

        Args:
            findings: The findings of reading, in file order.

        Returns:
            A heading with the count, then the findings table.

        Raises:
            ValueError: ``fmt`` is ``json``: JSON output carries reading
                findings in its ``findings`` array (:func:`with_reading`).
        """
        if self.fmt == "json":
            raise ArgumentError(
                "reading findings go into the JSON findings array: use with_reading"
            )
        if not findings:
            return ""
        title = term("reading_heading", self.lang, n=len(findings))
        return join(
            [
                heading(title, self.fmt, level=4),
                FindingsRenderer(fmt=self.fmt, lang=self.lang)(findings),
            ],
            self.fmt,
        )


@frozen(kw_only=True)
class AuditRenderer(Renderer):
    """
    Render an audit report: every identity checked, then the findings.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en``; the language in force by default.

    Examples:
        >>> from perftarget import datasets
        >>> from perftarget.checks._audit import audit
        >>> text = AuditRenderer(lang="en")(audit(datasets.quyang_2020_budget()))
        >>> print(text.splitlines()[-1])
        24 checks, 0 failed, 0 findings.
    """

    def __call__(self, report: AuditReport) -> str:
        """
        Return the rendered report, ending with a newline.

        Args:
            report: The result of :func:`perftarget.audit`.

        Returns:
            The text; JSON is :func:`audit_record`.
        """
        if self.fmt == "json":
            return json_text(audit_record(report))
        lang = self.lang
        headers = [term(k, lang) for k in ("code", "identity", "equation", "result", "line")]
        rows = [
            [
                c.code,
                c.title if lang == "zh" else c.title_en,
                c.equation,
                term("passed" if c.passed else "failed", lang),
                "" if c.where.row is None else str(c.where.row),
            ]
            for c in report.checks
        ]
        failed = sum(not c.passed for c in report.checks)
        summary = term(
            "audit_summary",
            lang,
            checks=len(report.checks),
            failed=failed,
            findings=len(report.findings),
        )
        parts = [table(headers, rows, self.fmt)]
        if report.findings:
            parts.append(FindingsRenderer(fmt=self.fmt, lang=lang)(report.findings))
        parts.append(f"<p>{summary}</p>" if self.fmt == "html" else summary)
        if self.fmt != "text":
            parts.insert(0, facts([(term("source", lang), report.source)], self.fmt))
        return join(parts, self.fmt)
