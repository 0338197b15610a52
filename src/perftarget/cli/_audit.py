"""
``perftarget audit``: check the arithmetic of a department budget disclosure.
"""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from perftarget.core._lang import say
from perftarget.exceptions import TableError

__all__ = ["add_audit_command"]


def _run(args: argparse.Namespace, out: TextIO) -> int:
    # imported here: building the parser for another command should not load the audit
    from perftarget import datasets
    from perftarget.checks._audit import audit
    from perftarget.core._findings import exit_status
    from perftarget.io._disclosure_text import read_disclosure_file

    try:
        tolerance = Decimal(args.tolerance)
    except InvalidOperation:
        out.write(
            "perftarget audit: "
            + say(
                f"--tolerance 应为数字，得到 {args.tolerance!r}",
                f"--tolerance expects a number, got {args.tolerance!r}",
            )
            + "\n"
        )
        return 2
    try:
        if args.file is None or args.file == "quyang_2020":
            budget = datasets.quyang_2020_budget()
        else:
            budget = read_disclosure_file(args.file)
    except (OSError, TableError) as error:
        reason = say(f"无法读取 {args.file}：{error}", f"cannot read {args.file}: {error}")
        out.write(f"perftarget audit: {reason}\n")
        return 2
    select = args.select.split(",") if args.select else None
    ignore = args.ignore.split(",") if args.ignore else ()
    report = audit(budget, tolerance=tolerance, select=select, ignore=ignore)
    from perftarget.report._findings import AuditRenderer

    out.write(AuditRenderer(fmt=args.format, lang=args.lang)(report))
    return exit_status(report.findings, args.fail_on)


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
