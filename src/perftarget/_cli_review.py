"""
The ``perftarget review`` command: review target tables like a linter.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some,
2 unusable input (unreadable file, bad configuration, unknown code).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attrs import evolve

from perftarget._model import Department, Project
from perftarget.exceptions import PerftargetError

if TYPE_CHECKING:
    from perftarget._review import ReviewConfig

# The review rules and renderers are imported where they are used: building
# the parser for another command should not load them.

__all__ = ["add_review_command"]


def _split(values: Sequence[str] | None) -> list[str]:
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def _config(args: argparse.Namespace) -> ReviewConfig:
    from perftarget._review import ReviewConfig

    base = ReviewConfig.from_toml(args.config) if args.config else _found_config()
    select = _split(args.select)
    ignore = _split(args.ignore)
    return evolve(
        base,
        select=frozenset(select) if select else base.select,
        ignore=base.ignore | frozenset(ignore),
    )


def _found_config() -> ReviewConfig:
    from perftarget._review import ReviewConfig

    local = Path("perftarget.toml")
    return ReviewConfig.from_toml(local) if local.is_file() else ReviewConfig()


def _subject(args: argparse.Namespace) -> Department | Project:
    from perftarget.io._targets_csv import read_targets_csv

    if args.dataset:
        from perftarget import datasets

        return datasets.quyang_2020()
    projects: list[Project] = []
    for path in args.files:
        if str(path).lower().endswith(".csv"):
            projects.extend(read_targets_csv(path))  # also reads a per-row project column
        else:
            from perftarget.io import read_table

            projects.extend(read_table(path).department.projects)
    return Department(name="", projects=projects)


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from perftarget._findings import exit_status
    from perftarget._review import review
    from perftarget.report import FindingsRenderer

    if bool(args.files) == bool(args.dataset):
        sys.stderr.write("perftarget review: give target-table CSV files or --dataset, not both\n")
        return 2
    try:
        config = _config(args)
        subject = _subject(args)
    except (PerftargetError, OSError) as error:
        sys.stderr.write(f"perftarget review: {error}\n")
        return 2
    findings = review(subject, config=config, lang=args.lang)
    out.write(FindingsRenderer(fmt=args.format, lang=args.lang)(findings) + "\n")
    return exit_status(findings, args.fail_on)


def _list_rules(lang: str) -> str:
    from tabulate import tabulate

    from perftarget._review_rules import RULES

    rows = [[r.code, r.severity.value, r.title(lang)] for r in RULES.values()]
    return tabulate(rows, headers=["code", "severity", "title"], disable_numparse=True)


class _ListRules(argparse.Action):
    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        print(_list_rules(getattr(namespace, "lang", "zh")))
        parser.exit()


def add_review_command(commands: Any) -> argparse.ArgumentParser:
    """
    Add the ``review`` subcommand to ``commands``.

    Args:
        commands: What ``ArgumentParser.add_subparsers`` returned.

    Returns:
        The ``review`` parser.
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        "review",
        help="review performance-target tables (绩效目标审核) like a linter",
        description="Review target-table CSV files (or the bundled seed) against the PT1xx "
        "rules. Exit 0 when clean, 1 with findings at or above --fail-on, 2 on unusable input.",
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE", help="target tables: .xlsx, .docx, .csv, .json or .txt"
    )
    parser.add_argument("--dataset", choices=["quyang_2020"], help="review a bundled dataset")
    parser.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--select", action="append", metavar="CODES", help="e.g. PT105,PT11")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="e.g. PT120")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default="error", dest="fail_on"
    )
    parser.add_argument(
        "--config", metavar="TOML", help="perftarget.toml (default: ./perftarget.toml if present)"
    )
    parser.add_argument("--list-rules", action=_ListRules, nargs=0, help="list the rules and exit")
    parser.set_defaults(run=_cmd_review)
    return parser
