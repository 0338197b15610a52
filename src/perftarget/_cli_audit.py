"""
``perftarget audit``: check the arithmetic of a department budget disclosure.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from perftarget._audit import AuditReport, audit
from perftarget._findings import Finding, Severity
from perftarget.exceptions import Location, TableError

__all__ = ["add_audit_command", "finding_record"]


def finding_record(finding: Finding) -> dict[str, Any]:
    """The JSON shape of a finding, shared by every command."""
    return {
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "where": _where(finding.where),
    }


def _where(where: Location) -> dict[str, Any]:
    return {"file": where.file, "sheet": where.sheet, "row": where.row, "column": where.column}


def _decimal(value: Decimal) -> str:
    return format(value.normalize() if value == value.to_integral_value() else value, "f")


def _json(report: AuditReport) -> str:
    data = {
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
                "where": _where(c.where),
            }
            for c in report.checks
        ],
        "findings": [finding_record(f) for f in report.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def _table(report: AuditReport, lang: str, fmt: str) -> str:
    from tabulate import tabulate

    zh = lang == "zh"
    headers = (
        ["代码", "恒等式", "等式", "结果", "行"]
        if zh
        else ["code", "identity", "equation", "result", "line"]
    )
    rows = [
        [
            c.code,
            c.title if zh else c.title_en,
            c.equation,
            ("通过" if zh else "ok") if c.passed else ("不符" if zh else "FAILS"),
            c.where.row or "",
        ]
        for c in report.checks
    ]
    tablefmt = "github" if fmt == "markdown" else "simple"
    out = tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True) + "\n"
    failed = sum(not c.passed for c in report.checks)
    summary = (
        f"\n{len(report.checks)} 项检查，{failed} 项不符，{len(report.findings)} 条发现。\n"
        if zh
        else f"\n{len(report.checks)} checks, {failed} failed, {len(report.findings)} findings.\n"
    )
    for finding in report.findings:
        out += f"{finding.code} {finding.severity.value}: {finding.message} ({finding.where})\n"
    return out + summary


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget import datasets
    from perftarget.io._disclosure_text import read_disclosure_file

    try:
        tolerance = Decimal(args.tolerance)
    except InvalidOperation:
        out.write(f"perftarget audit: --tolerance expects a number, got {args.tolerance!r}\n")
        return 2
    try:
        if args.file is None or args.file == "quyang_2020":
            budget = datasets.quyang_2020_budget()
        else:
            budget = read_disclosure_file(args.file)
    except (OSError, TableError) as error:
        out.write(f"perftarget audit: cannot read {args.file}: {error}\n")
        return 2
    select = args.select.split(",") if args.select else None
    ignore = args.ignore.split(",") if args.ignore else ()
    report = audit(budget, tolerance=tolerance, select=select, ignore=ignore)
    if args.format == "json":
        out.write(_json(report) + "\n")
    else:
        out.write(_table(report, args.lang, args.format))
    threshold = Severity(args.fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in report.findings) else 0


def add_audit_command(commands: Any) -> None:
    """Add ``audit`` to the command line's subparsers."""
    parser = commands.add_parser(
        "audit",
        help="check that a department budget disclosure adds up",
        description=(
            "Check every arithmetic identity of a department budget disclosure (text of the "
            "published document). Without FILE, audits the bundled 曲阳县信访局 2020 disclosure."
        ),
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="disclosure as text (.txt)")
    parser.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--select", help="only these check codes, comma-separated (PT203,PT204)")
    parser.add_argument("--ignore", help="skip these check codes, comma-separated")
    parser.add_argument("--tolerance", default="0.01", help="per rounded addend, in 万元")
    parser.add_argument(
        "--fail-on",
        choices=["error", "warning", "info"],
        default="error",
        help="exit 1 when a finding at or above this severity exists",
    )
    parser.set_defaults(run=_run)
