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
    from perftarget._findings import Finding
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


def _subject(args: argparse.Namespace) -> tuple[Department | Project, tuple[Finding, ...]]:
    """The tables to review, and what reading their files noticed."""
    if args.dataset:
        from perftarget import datasets

        return datasets.quyang_2020(), ()
    from perftarget.cli import reading_labels
    from perftarget.io import read_table

    projects: list[Project] = []
    reading: list[Finding] = []
    labels = reading_labels(args)
    for path in args.files:
        # The reader every command shares: every format, a project column, lenient.
        contents = read_table(path, strict=args.strict, year=args.year, labels=labels)
        projects.extend(contents.department.projects)
        reading.extend(contents.findings)
    return Department(name="", projects=projects), tuple(reading)


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget._lang import language

    with language(args.lang):
        return _review(args, out)


def _review(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from perftarget._findings import exit_status
    from perftarget._lang import say
    from perftarget._review import review
    from perftarget.cli import reading_output
    from perftarget.report import FindingsRenderer, findings_record
    from perftarget.report._findings import with_reading
    from perftarget.report._format import json_text

    if bool(args.files) == bool(args.dataset):
        sys.stderr.write(
            "perftarget review: "
            + say(
                "请给出目标表文件（.xlsx、.docx、.csv、.json 或 .txt）或 --dataset，二者选一",
                "give target-table files (.xlsx, .docx, .csv, .json or .txt) or --dataset, "
                "not both",
            )
            + "\n"
        )
        return 2
    try:
        config = _config(args)
        subject, reading = _subject(args)
    except (PerftargetError, OSError) as error:
        sys.stderr.write(f"perftarget review: {error}\n")
        return 2
    findings = review(subject, config=config, lang=args.lang)
    if args.format == "json":
        out.write(json_text(with_reading(findings_record(findings), reading)))
    else:
        out.write(FindingsRenderer(fmt=args.format, lang=args.lang)(findings) + "\n")
        out.write(reading_output(reading, args.format, args.lang))
    return exit_status([*reading, *findings], args.fail_on)


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
        description="Review target tables (.xlsx, .docx, .csv, .json or .txt files, or the "
        "bundled seed) against the PT1xx rules; what reading the files noticed (PT0xx) is shown "
        "too and counts toward --fail-on. Exit 0 when clean, 1 with findings at or above "
        "--fail-on, 2 on unusable input.",
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
    from perftarget.cli import add_reading_options

    add_reading_options(parser)
    parser.set_defaults(run=_cmd_review)
    return parser
