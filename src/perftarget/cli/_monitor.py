"""
The ``perftarget monitor`` command: mid-year monitoring of projects.

Reads monitoring tables (files, or every ``.csv``, ``.xlsx`` and ``.txt``
file of a folder), computes time progress, execution gaps, projections and
lights under a profile, and prints each project with a folder summary.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some,
2 unusable input (unreadable file, no monitoring table, bad profile or rule
set).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from perftarget.core._findings import Finding
    from perftarget.monitor import ProjectSnapshot

__all__ = ["add_monitor_command", "as_of_option"]


def as_of_option(text: str) -> date:
    """
    Read the value of ``--as-of``: an ISO date.

    Raises:
        argparse.ArgumentTypeError: Not a date such as 2020-06-30.

    Examples:
        >>> as_of_option("2020-06-30")
        datetime.date(2020, 6, 30)
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2020-06-30, found {text!r}"
        ) from None


def _files(paths: list[str]) -> list[Path]:
    from perftarget.io._monitor import MONITOR_FORMATS

    found: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found.extend(p for p in sorted(path.iterdir()) if p.suffix.lower() in MONITOR_FORMATS)
        else:
            found.append(path)
    return found


def _read(args: argparse.Namespace) -> tuple[list[ProjectSnapshot], list[Finding]]:
    from perftarget.core._lang import say
    from perftarget.exceptions import Location, Problem, TableError
    from perftarget.io._monitor import read_monitoring

    files = _files(args.paths)
    if not files:
        message = say(
            "没有找到监控表文件（.csv、.xlsx 或 .txt）",
            "no monitoring table files (.csv, .xlsx or .txt) found",
        )
        raise TableError([Problem(where=Location(file=", ".join(args.paths)), message=message)])
    projects: list[ProjectSnapshot] = []
    reading: list[Finding] = []
    for path in files:
        found = read_monitoring(path, year=args.year, as_of=args.as_of)
        projects.extend(found.projects)
        reading.extend(found.findings)
    return projects, reading


def _cmd_monitor(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from perftarget.core._findings import exit_status
    from perftarget.core._lang import language
    from perftarget.exceptions import PerftargetError
    from perftarget.monitor import MonitorRenderer, load_profile, monitor, monitoring_record
    from perftarget.report._format import json_text
    from perftarget.rules import load_rules

    with language(args.lang):
        try:
            profile = load_profile(args.profile)
            rules = load_rules(args.rules)
            projects, reading = _read(args)
        except (PerftargetError, OSError) as error:
            sys.stderr.write(f"perftarget monitor: {error}\n")
            return 2
        results = [monitor(p, profile=profile, rules=rules, lang=args.lang) for p in projects]
        if args.format == "json":
            record = monitoring_record(
                results, profile=profile.id, as_of=args.as_of, reading=reading, lang=args.lang
            )
            out.write(json_text(record))
        else:
            out.write(MonitorRenderer(fmt=args.format, lang=args.lang)(results))
            from perftarget.cli._main import reading_output

            out.write(reading_output(reading, args.format, args.lang))
        findings = [*reading, *(f for r in results for f in r.findings)]
        return exit_status(findings, args.fail_on)


def add_monitor_command(commands: Any) -> argparse.ArgumentParser:
    """
    Add the ``monitor`` subcommand to ``commands``.

    Args:
        commands: What ``ArgumentParser.add_subparsers`` returned.

    Returns:
        The ``monitor`` parser.
    """
    from perftarget.cli._main import year_option

    parser: argparse.ArgumentParser = commands.add_parser(
        "monitor",
        help="mid-year monitoring (绩效运行监控): execution against time, projections, lights",
        description="Read monitoring tables (.csv, .xlsx or .txt files, or folders of them), "
        "compute 序时进度, the execution gap, full-year projections and red/yellow/green "
        "lights under a profile, and the self-evaluation score each project is heading for. "
        "Exit 0 when clean, 1 with findings at or above --fail-on, 2 on unusable input.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="monitoring tables or folders")
    parser.add_argument(
        "--as-of",
        type=as_of_option,
        dest="as_of",
        metavar="DATE",
        help="as-of date (default: the end of the period the table names, 1-6月 → 06-30)",
    )
    parser.add_argument(
        "--year", type=year_option, metavar="YEAR", help="budget year of tables naming none"
    )
    parser.add_argument(
        "--profile", default="central", metavar="NAME|FILE", help="monitoring profile or TOML"
    )
    parser.add_argument(
        "--rules",
        default="mof2020_selfeval",
        metavar="NAME|FILE",
        help="rule set of the projected self-evaluation score",
    )
    parser.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default="error", dest="fail_on"
    )
    parser.set_defaults(run=_cmd_monitor)
    return parser
