"""
The ``perftarget diff`` command: last year's target tables against this year's.

Reads OLD and NEW with :func:`perftarget.io.read_table`, compares them with
:func:`perftarget.compare.diff` and prints the diff (text, Markdown, JSON or
an HTML page), with what reading the files noticed.

Exit codes: 0 compared, 1 the ``--fail-on`` kind occurs (``loosened``: a
loosened target; ``changed``: any difference at all), 2 unusable input (a
missing or unreadable file, a file without target tables, a bad option
value, an output that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from perftarget.core._lang import say

if TYPE_CHECKING:
    from perftarget.compare import TableDiff
    from perftarget.core._findings import Finding
    from perftarget.core._model import Department

__all__ = ["add_diff_command", "threshold_option"]

#: ``--threshold`` when not given (:data:`perftarget.compare.DEFAULT_THRESHOLD`;
#: not imported, so that building the parser stays light).
_THRESHOLD: Final = Decimal("0.75")


def threshold_option(text: str) -> Decimal:
    """
    Read the value of ``--threshold``: a number above 0 and at most 1.

    Raises:
        argparse.ArgumentTypeError: Anything else (a usage error, exit 2).

    Examples:
        >>> threshold_option("0.8")
        Decimal('0.8')
        >>> threshold_option("80")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected a number above 0 and at most 1, found '80'
    """
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            say(
                f"应为大于 0、不大于 1 的数，实为 {text!r}",
                f"expected a number above 0 and at most 1, found {text!r}",
            )
        )
    return value


def _read(file: str, args: argparse.Namespace) -> tuple[Department, tuple[Finding, ...]]:
    """One side's target tables and what reading them noticed."""
    from perftarget.cli._main import reading_labels
    from perftarget.exceptions import Location, Problem, TableError
    from perftarget.io import read_table

    contents = read_table(file, strict=args.strict, labels=reading_labels(args))
    if not contents.department.projects:
        message = say(
            f"{file} 中没有绩效目标表（应有 一级指标、二级指标、三级指标、指标值 列）",
            f"{file} holds no target table (one has the columns "
            "一级指标, 二级指标, 三级指标, 指标值)",
        )
        raise TableError([Problem(where=Location(file=file), message=message)])
    return contents.department, tuple(contents.findings)


def _status(found: TableDiff, fail_on: str | None) -> int:
    from perftarget.compare import DiffKind

    if fail_on == "loosened":
        return 1 if found.has(DiffKind.LOOSENED) else 0
    if fail_on == "changed":
        return 1 if found.changed else 0
    return 0


def _write(path: str, text: str) -> None:
    from perftarget.io._csv_write import replaced_atomically

    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def _check_output(args: argparse.Namespace) -> None:
    """Refuse an ``--output`` that would replace OLD or NEW, before anything is read."""
    if args.output:
        from perftarget.io._csv_write import refuse_overwriting_input

        refuse_overwriting_input(args.output, args.old, args.new)


def _cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    """
    Run ``perftarget diff``.

    Unusable input raises our own error or an ``OSError``, which :func:`perftarget.cli.main`
    reports in one line with exit status 2.
    """
    from perftarget.compare import diff
    from perftarget.core._lang import language
    from perftarget.report import DiffRenderer

    with language(args.lang):
        _check_output(args)
        old, old_reading = _read(args.old, args)
        new, new_reading = _read(args.new, args)
        found = diff(old, new, year_shift=args.year_shift, threshold=args.threshold)
        render = DiffRenderer(fmt=args.format, lang=args.lang)
        text = render(found, reading=[*old_reading, *new_reading])
        if args.output:
            from perftarget.cli._many import tell_written

            _write(args.output, text)
            tell_written([Path(args.output)], sys.stderr, args.lang)
        else:
            out.write(text)
        return _status(found, args.fail_on)


def add_diff_command(commands: Any) -> argparse.ArgumentParser:
    """
    Add the ``diff`` subcommand to ``commands``.

    Args:
        commands: What ``ArgumentParser.add_subparsers`` returned.

    Returns:
        The ``diff`` parser.
    """
    parser: argparse.ArgumentParser = commands.add_parser(
        "diff",
        help="compare two years' target tables (绩效目标表): loosened, tightened, added, dropped",
        description="Compare last year's target tables (OLD) with this year's (NEW), each a "
        ".xlsx, .docx, .csv, .json or .txt file: projects matched by name and indicators by "
        "label, tolerant to small wording changes; every target loosened, tightened, changed "
        "or unchanged, marked when its unit changed, it was renamed or moved, or its weight "
        "changed; indicators added and dropped. Exit 0 when compared, 1 when the --fail-on "
        "kind occurs, 2 on unusable input.",
    )
    parser.add_argument("old", metavar="OLD", help="last year's target tables")
    parser.add_argument("new", metavar="NEW", help="this year's target tables")
    parser.add_argument("--format", choices=["text", "markdown", "json", "html"], default="text")
    parser.add_argument(
        "--output", metavar="FILE", help="write to FILE (replaced atomically) instead of stdout"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument(
        "--year-shift",
        type=int,
        dest="year_shift",
        metavar="N",
        help="years between the tables, by which deadlines move (default: NEW's year minus "
        "OLD's when both name one, else 1)",
    )
    parser.add_argument(
        "--threshold",
        type=threshold_option,
        default=_THRESHOLD,
        metavar="X",
        help="least name similarity (0-1] of a match by similarity (default 0.75)",
    )
    parser.add_argument(
        "--fail-on",
        choices=["loosened", "changed"],
        dest="fail_on",
        help="exit 1 when a target was loosened, or when anything changed",
    )
    group = parser.add_argument_group("reading tables")
    group.add_argument(
        "--strict",
        action="store_true",
        help="refuse a table (exit 2) when reading it noticed anything of warning or error "
        "severity",
    )
    group.add_argument(
        "--labels",
        metavar="FILE",
        help="a TOML file of your templates' variant level labels, merged over the built-in ones",
    )
    parser.set_defaults(run=_cmd_diff)
    return parser
