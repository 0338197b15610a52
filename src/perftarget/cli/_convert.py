"""
``perftarget convert IN OUT``: convert a table between file formats.

The formats are chosen by extension: any of ``.xlsx``, ``.docx``, ``.csv``,
``.json``, ``.txt`` is read; ``.xlsx``, ``.csv`` and ``.json`` are written.
Exit codes: 0 converted, 2 unusable input (every problem is listed with its
location) or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from perftarget.exceptions import TableError

__all__ = ["add_convert_command"]


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget.core._lang import language

    with language(args.lang):
        return _convert(args, out)


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget.cli._main import reading_labels, reading_output
    from perftarget.core._lang import say
    from perftarget.io import Limits, read_table, write_table
    from perftarget.io._csv_write import refuse_overwriting_input

    limits = Limits(max_rows=args.max_rows) if args.max_rows else Limits()
    try:
        refuse_overwriting_input(args.output, args.input)
        contents = read_table(
            args.input,
            limits=limits,
            strict=args.strict,
            year=args.year,
            labels=reading_labels(args),
        )
        write_table(contents, args.output, names=args.name or (), raw_formulas=args.raw_formulas)
    except (TableError, OSError) as error:
        sys.stderr.write(f"perftarget convert: {error}\n")
        return 2
    projects = len(contents.department.projects)
    evaluations = len(contents.evaluations)
    out.write(
        f"{args.input} -> {args.output}: "
        + say(
            f"{projects} 张绩效目标表，{evaluations} 张绩效自评表",
            f"{projects} target table(s), {evaluations} self-evaluation(s)",
        )
        + "\n"
    )
    out.write(reading_output(contents.findings, "text", args.lang))
    return 0


def add_convert_command(commands: Any) -> None:
    """
    Add the ``convert`` subcommand to the command line.

    Args:
        commands: The subparsers object of the main parser.
    """
    convert = commands.add_parser(
        "convert",
        help="convert a table between .xlsx, .docx, .csv, .json and .txt",
        description="Read IN (.xlsx, .docx, .csv, .json or .txt: a target table or a "
        "self-evaluation) and write OUT (.xlsx, .csv or .json); what reading IN noticed is "
        "listed after the summary. Exit 0 when converted, 2 on unusable input, with every "
        "problem and its location.",
    )
    convert.add_argument("input", metavar="IN", help="file to read")
    convert.add_argument("output", metavar="OUT", help="file to write")
    convert.add_argument(
        "--name",
        action="append",
        metavar="NAME",
        help="project name shown on a written self-evaluation (repeat for several)",
    )
    convert.add_argument("--max-rows", type=int, default=0, help="largest sheet accepted, in rows")
    convert.add_argument(
        "--raw-formulas",
        action="store_true",
        help="write text cells starting with = + - @ as they are; by default they get a "
        "leading ' so a spreadsheet shows them instead of running them",
    )
    convert.add_argument(
        "--lang",
        choices=["zh", "en"],
        default="en",
        help="language of the summary and of what reading noticed (default en)",
    )
    from perftarget.cli._main import add_reading_options

    add_reading_options(convert)
    convert.set_defaults(run=_run)
