"""
The ``perftarget`` command line.

Commands:
    parse   read value strings and show how perftarget understands them
    demo    run the main job on the bundled example department
    score   score self-evaluation tables (files, folders, globs)

Commands that read table files (``score``, ``review``, ``convert``) take
``--strict`` and ``--year`` (:func:`add_reading_options`) and show what
reading noticed (:func:`reading_output`).

Exit codes: 0 success, 1 some input could not be read (``parse``) or error
findings (``score``), 2 usage or unusable input (a perftarget error: one
line, or one line per problem, no traceback; for ``score`` and ``review`` of
many files, also when some file could not be read: the others are still
processed and reported), 70 an unexpected internal
error (``EX_SOFTWARE``: a bug; ``--debug`` prints its traceback), 141 the
reader of the output went away (``perftarget demo | head -1``: the output
stops quietly, as with a shell's SIGPIPE, 128 + 13).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, TextIO

from perftarget.core._lang import language, say
from perftarget.core._model import Target
from perftarget.core._parse import parse_target
from perftarget.exceptions import TargetParseError

if TYPE_CHECKING:  # pragma: no cover
    from decimal import Decimal

    from perftarget.core._findings import Finding
    from perftarget.core._labels import LabelAliases
    from perftarget.io import Contents
    from perftarget.io._selfeval import SelfEvaluation
    from perftarget.score._scorecard import Scorecard

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_PIPE",
    "YEARS",
    "add_reading_options",
    "build_parser",
    "main",
    "reading_labels",
    "reading_output",
    "target_record",
    "year_option",
]

#: The years ``--year`` accepts (first and last, inclusive).
YEARS: Final = (1900, 2200)

_SELFEVAL_COLUMNS: Final = "一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值"


def _decimal_text(value: object) -> str | None:
    return None if value is None else format(value, "f")


def target_record(text: str) -> dict[str, object]:
    """
    Parse one value string into the ``perftarget parse --format json`` record.

    The keys are a contract: ``text``, ``comparator`` (``">="``, ``"<="``,
    ``"="``, ``">"``, ``"<"``, ``"range"`` or None), ``implicit``, ``value``
    and ``upper`` (decimal strings or None), ``unit``, ``kind``,
    ``warnings``, ``error``; ``date`` and ``date_upper`` (ISO 8601 at the
    precision written, or None) are added for deadlines.

    Examples:
        >>> target_record("≥95百分之比")["value"]
        '95'
        >>> target_record("≥≥5")["error"] is not None
        True
    """
    try:
        target: Target = parse_target(text)
    except TargetParseError as error:
        return {
            "text": text,
            "comparator": None,
            "implicit": False,
            "value": None,
            "upper": None,
            "unit": "",
            "kind": None,
            "warnings": [],
            "error": str(error),
            "date": None,
            "date_upper": None,
        }
    return {
        "text": text,
        "comparator": target.comparator.value if target.comparator is not None else None,
        "implicit": target.implicit,
        "value": _decimal_text(target.value),
        "upper": _decimal_text(target.upper),
        "unit": target.unit,
        "kind": target.kind.value,
        "warnings": list(target.warnings),
        "error": None,
        "date": target.date.iso() if target.date is not None else None,
        "date_upper": target.date_upper.iso() if target.date_upper is not None else None,
    }


def _inputs(values: Sequence[str], stdin: TextIO) -> Iterable[str]:
    """
    Yield the values to parse: the arguments, else every line of ``stdin``.

    Blank lines are kept, so that output line *n* answers input line *n*.
    """
    if values:
        yield from values
        return
    for line in stdin:
        yield line.rstrip("\r\n")


#: Characters other line splitters break at (str.splitlines, JavaScript) that
#: JSON leaves raw: escaped, a record stays on its one line for every reader.
_LINE_BREAKS: Final = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json_line(record: dict[str, object]) -> str:
    """
    Return ``record`` as one line of JSON, Chinese kept, ending with a newline.

    Examples:
        >>> _json_line({"text": "8人" + chr(0x2028)})
        '{"text": "8人\\\\u2028"}\\n'
    """
    text = json.dumps(record, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKS.items():
        text = text.replace(raw, escaped)
    return text + "\n"


def _cmd_parse(args: argparse.Namespace, out: TextIO) -> int:
    records = []
    for text in _inputs(args.values, sys.stdin):
        record = target_record(text)
        records.append(record)
        if args.format == "json":  # a line out per line in, as soon as it is read
            out.write(_json_line(record))
    if args.format == "table":
        out.write(_parse_table(records) + "\n")
    return 1 if any(r["error"] for r in records) else 0


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _parse_table(records: Sequence[dict[str, object]]) -> str:
    """Lay out parse records as a table, one row per record (blank values included)."""
    from tabulate import tabulate

    def cell(value: object) -> str:  # a line break in an argument would split the row
        return "" if value is None else str(value).replace("\r", "\\r").replace("\n", "\\n")

    rows = [
        [
            cell(r["text"]),
            cell(r["comparator"]),
            cell(r["value"]),
            cell(r["upper"]),
            cell(r["unit"]),
            cell(r["kind"]),
            cell(r["date"]),
            cell(r["error"]) or "; ".join(map(str, _as_list(r["warnings"]))),
        ]
        for r in records
    ]
    headers = ["text", "comparator", "value", "upper", "unit", "kind", "date", "notes"]
    return str(tabulate(rows, headers=headers, disable_numparse=True))


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget.cli._demo import run_demo

    run_demo(args.out, out, lang=args.lang)
    return 0


def year_option(text: str) -> int:
    """
    Read the value of ``--year``: a whole number from 1900 to 2200.

    Args:
        text: The option's value as typed.

    Returns:
        The year.

    Raises:
        argparse.ArgumentTypeError: Not a whole number in range; the message
            says what was expected and what was found (argparse turns it into
            a usage error, exit status 2).

    Examples:
        >>> year_option("2024")
        2024
        >>> year_option("24")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: expected a year from 1900 to 2200, found '24'
    """
    first, last = YEARS
    try:
        year = int(text.strip())
    except ValueError:
        year = None
    if year is None or not first <= year <= last:
        raise argparse.ArgumentTypeError(
            say(
                f"应为 {first} 至 {last} 之间的年份，实为 {text!r}",
                f"expected a year from {first} to {last}, found {text!r}",
            )
        )
    return year


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    """
    Add ``--strict`` and ``--year`` to a command that reads table files.

    Both go to :func:`perftarget.io.read_table`.

    Args:
        parser: The command's parser.
    """
    group = parser.add_argument_group("reading tables")
    group.add_argument(
        "--strict",
        action="store_true",
        help="refuse a table (exit 2) when reading it noticed anything of warning or error "
        "severity, instead of reading past it and reporting it",
    )
    group.add_argument(
        "--year",
        type=year_option,
        metavar="YEAR",
        help="budget year (年度) of tables that do not state one, 1900-2200",
    )
    group.add_argument(
        "--labels",
        metavar="FILE",
        help="a TOML file of your templates' variant level labels, merged over the built-in ones",
    )


def reading_labels(args: argparse.Namespace) -> LabelAliases | None:
    """
    The label aliases ``--labels`` names, loaded; None when not given.

    Raises:
        RuleSetError: The file is not a valid label-alias file (exit 2).
    """
    path = getattr(args, "labels", None)
    if not path:
        return None
    from perftarget.core._labels import load_label_aliases

    return load_label_aliases(path)


def reading_output(reading: Sequence[Finding], fmt: str, lang: str) -> str:
    """
    Return the "reading" section a command prints after its main text output.

    Args:
        reading: What reading the input noticed (``Contents.findings``).
        fmt: ``text`` or ``markdown``; JSON output carries reading findings
            in its ``findings`` array instead.
        lang: ``zh`` or ``en``.

    Returns:
        ``""`` when there is nothing to show, else a blank line and the section.

    Examples:
        >>> reading_output([], "text", "en")
        ''
    """
    from perftarget.report._findings import ReadingRenderer

    section = ReadingRenderer(fmt=fmt, lang=lang)(reading)
    return "\n" + section if section else ""


def _cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    if args.batch:
        with language(args.lang):
            refusal = None
            if args.strict or args.year is not None:
                refusal = say(
                    "--strict 和 --year 只用于单张自评表，--batch 请在表中写 year 列",
                    "--strict and --year apply to one self-evaluation; "
                    "with --batch, give a year column",
                )
            elif len(args.paths) != 1 or args.out or args.format in ("html", "xlsx"):
                refusal = say(
                    "--batch 读取一个文件，写入 --output 和 --totals"
                    "（不用 --out、--format html|xlsx）",
                    "--batch reads one file and writes --output and --totals "
                    "(not --out or --format html|xlsx)",
                )
            if refusal is not None:
                sys.stderr.write(f"perftarget score: {refusal}\n")
                return 2
        from perftarget.cli._batch import run_batch

        args.file = args.paths[0]
        return run_batch(args, out)
    with language(args.lang):
        return _score(args, out)


def _one_evaluation(contents: Contents, file: str) -> SelfEvaluation | str:
    """The file's one self-evaluation, or the message saying how many it holds."""
    found = len(contents.evaluations)
    if found == 1:
        return contents.evaluations[0]
    message = say(
        f"{file} 含 {found} 张绩效自评表，perftarget score 需要恰好一张"
        f"（自评表有 {_SELFEVAL_COLUMNS} 列）",
        f"{file} holds {found} self-evaluation tables; perftarget score needs exactly one "
        f"(a self-evaluation has the columns {_SELFEVAL_COLUMNS})",
    )
    targets = len(contents.department.projects)
    if found == 0 and targets:
        message += say(
            f"；该文件含 {targets} 张绩效目标表，可用 perftarget review 审核",
            f"; it holds {targets} target tables, which perftarget review reads",
        )
    return message


def _score(args: argparse.Namespace, out: TextIO) -> int:
    """
    Score what ``args.paths`` names.

    One FILE (named literally) holding one self-evaluation is scored as it
    always was: its scorecard, or the JSON record.  Anything else (several
    paths, a folder, a glob, a file with several self-evaluations) goes to
    :func:`perftarget.cli._many.run_score_many`: a line per project and a
    summary.  ``--out DIR`` and ``--format html|xlsx --output FILE`` write
    the report files in both cases.
    """
    from decimal import Decimal, InvalidOperation

    from attrs import evolve

    from perftarget.cli._many import check_output_options, is_single_file, run_score_many
    from perftarget.core._findings import Severity
    from perftarget.core._quantity import Money
    from perftarget.exceptions import ModelError, NoTableError, RuleSetError, TableError
    from perftarget.io import read_table
    from perftarget.report import ScorecardRenderer, scorecard_record
    from perftarget.report._findings import with_reading
    from perftarget.report._format import json_text
    from perftarget.rules import load_rules
    from perftarget.score._evaluate import evaluate

    refused = check_output_options(args, "score")
    if refused is not None:
        return refused
    single = is_single_file(args.paths)
    try:
        rules = load_rules(args.rules)
        tolerance = Decimal(args.tolerance)
        if not tolerance.is_finite() or tolerance < 0:
            raise InvalidOperation
        labels = reading_labels(args)
        if not single:
            return run_score_many(args, out, rules=rules, tolerance=tolerance, labels=labels)
        file = args.paths[0]
        contents = read_table(file, strict=args.strict, year=args.year, labels=labels)
        if len(contents.evaluations) > 1:
            return run_score_many(
                args, out, rules=rules, tolerance=tolerance, labels=labels, preread={file: contents}
            )
        table = _one_evaluation(contents, file)
        if isinstance(table, str):
            sys.stderr.write(f"perftarget score: {table}\n")
            return 2
        budget_row = evolve(
            table.budget,
            budget=Money.parse(args.budget) if args.budget else table.budget.budget,
            executed=Money.parse(args.executed) if args.executed else table.budget.executed,
        )
    except (RuleSetError, TableError, ModelError, OSError) as error:
        sys.stderr.write(f"perftarget score: {error}\n")
        if isinstance(error, NoTableError):
            hint = say(
                f"绩效自评表应有 {_SELFEVAL_COLUMNS} 列（得分、偏差原因可选）",
                f"a self-evaluation has the columns {_SELFEVAL_COLUMNS} "
                "(得分 and 偏差原因 optional)",
            )
            sys.stderr.write(f"perftarget score: {hint}\n")
        return 2
    except InvalidOperation:
        sys.stderr.write(
            "perftarget score: "
            + say(
                f"--tolerance 应为不小于 0 的数，实为 {args.tolerance!r}",
                f"--tolerance must be a number >= 0, found {args.tolerance!r}",
            )
            + "\n"
        )
        return 2
    card = evaluate(
        table.rows,
        rules=rules,
        budget=budget_row,
        published_total=table.published_total,
        tolerance=tolerance,
        year=table.year,
        lang=args.lang,
    )
    reading = contents.findings
    if args.format == "json":
        out.write(json_text(with_reading(scorecard_record(card, lang=args.lang), reading)))
    elif args.format in ("text", "markdown"):
        out.write(ScorecardRenderer(fmt=args.format, lang=args.lang)(card))
        out.write(reading_output(reading, args.format, args.lang))
    read_errors = any(f.severity is Severity.ERROR for f in reading)
    code = 1 if card.has_errors or read_errors else 0
    if args.out or args.format in ("html", "xlsx"):
        written = _write_one(args, out, file, table.name, card, reading, tolerance)
        code = written if written else code
    return code


def _write_one(
    args: argparse.Namespace,
    out: TextIO,
    file: str,
    name: str,
    card: Scorecard,
    reading: Sequence[Finding],
    tolerance: Decimal,
) -> int:
    """Write the report files of one scored table; return 2 when they cannot be written."""
    from pathlib import Path

    from perftarget.cli._many import tell_written, write_score_results
    from perftarget.report._workbook import ScoredProject, summarise

    project = ScoredProject(
        file=file, project=name or Path(file).stem, card=card, reading=tuple(reading)
    )
    summary = summarise([project], files=1, unreadable=0)
    output = (args.format, args.output) if args.format in ("html", "xlsx") else None
    try:
        written = write_score_results(
            [project], [], summary, out_dir=args.out, output=output, lang=args.lang,
            tolerance=tolerance,
        )  # fmt: skip
    except (OSError, ImportError) as error:
        sys.stderr.write(f"perftarget score: {error}\n")
        return 2
    # the scorecard owns standard output unless the format was a file
    tell_written(written, out if output is not None else sys.stderr, args.lang)
    return 0


class _CommandLineParser(argparse.ArgumentParser):
    """
    The top-level parser: an option no sub-command knows is reported with
    that sub-command's usage (argparse would show the top-level usage).
    """

    commands: dict[str, argparse.ArgumentParser]

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            words = list(sys.argv[1:] if args is None else args)
            name = getattr(parsed, "command", None)
            before = words[: words.index(name)] if name in words else words
            command = getattr(self, "commands", {}).get(name, self)
            if any(word in before for word in extra):  # ``perftarget --bogus score``
                command = self
            # argparse's own wording, so the line reads like its other usage errors
            command.error(f"unrecognized arguments: {' '.join(extra)}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for documentation tools)."""
    parser = _CommandLineParser(
        prog="perftarget",
        description="Parse, score, review and report public-budget performance targets.",
    )
    from perftarget import __version__

    parser.add_argument("--version", action="version", version=f"perftarget {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an unexpected error, print the traceback (for a bug report)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser(
        "parse",
        help="read value strings (指标值) and show how they are understood",
        description="Read value strings given as arguments, or one per line on standard input.",
    )
    parse.add_argument("values", nargs="*", metavar="VALUE", help="value strings, e.g. '≥95%%'")
    parse.add_argument("--format", choices=["table", "json"], default="table")
    parse.set_defaults(run=_cmd_parse)

    score = commands.add_parser(
        "score",
        help="score self-evaluation tables (绩效自评表) and reconcile their published scores",
        description="Score self-evaluation tables (.xlsx, .docx, .csv, .json or .txt) under "
        "a rule set: files, folders (searched recursively) and globs, any number of tables per "
        "file. One file with one table prints its scorecard; otherwise one line per project "
        "and a summary. What reading noticed is shown too (in JSON, among the findings). "
        "Exit 0 when scored, 1 when error findings exist, 2 on unusable input (an unreadable "
        "file: the others are still scored).",
    )
    score.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="self-evaluation tables (.xlsx, .docx, .csv, .json, .txt), folders or globs",
    )
    score.add_argument("--budget", help="full-year budget, e.g. 300万元 (bare numbers: 万元)")
    score.add_argument("--executed", help="executed amount, e.g. 278.4449万元")
    score.add_argument(
        "--rules", default="mof2020_selfeval", metavar="NAME|FILE", help="rule set name or TOML"
    )
    score.add_argument("--tolerance", default="0.1", help="score difference not reported")
    score.add_argument("--lang", choices=["zh", "en"], default="zh")
    score.add_argument(
        "--format",
        choices=["text", "markdown", "json", "html", "xlsx"],
        default="text",
        help="html and xlsx write the report to --output FILE",
    )
    score.add_argument(
        "--out",
        metavar="DIR",
        help="also write index.html, results.xlsx and results.json to DIR",
    )
    add_reading_options(score)
    from perftarget.cli._batch import add_batch_options

    add_batch_options(score)
    score.set_defaults(run=_cmd_score)

    from perftarget.cli._audit import add_audit_command

    add_audit_command(commands)

    from perftarget.cli._convert import add_convert_command

    add_convert_command(commands)

    demo = commands.add_parser(
        "demo",
        help="run the main job on the bundled example and write an HTML report",
        description="Show the bundled department's target tables with their review and the "
        "disclosure audit, score a published self-evaluation, and write an HTML report.",
    )
    demo.add_argument("--out", default="perftarget-report", metavar="DIR", help="report directory")
    demo.add_argument("--lang", choices=["zh", "en"], default="zh")
    demo.set_defaults(run=_cmd_demo)

    from perftarget.cli._review import add_review_command

    add_review_command(commands)
    from perftarget.cli._monitor import add_monitor_command

    add_monitor_command(commands)
    from perftarget.cli._diff import add_diff_command

    add_diff_command(commands)
    parser.commands = dict(commands.choices)
    return parser


#: Exit code of an unexpected internal error (``EX_SOFTWARE`` of ``sysexits.h``).
EXIT_INTERNAL: Final = 70
#: Exit code when the reader of the output went away (128 + SIGPIPE).
EXIT_PIPE: Final = 141


def _user_language(args: argparse.Namespace) -> str:
    """The command's ``--lang``, else Chinese when the locale is Chinese, else English."""
    lang = getattr(args, "lang", None)
    if lang in ("zh", "en"):
        return str(lang)
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _quiet_pipe() -> None:
    """After a closed pipe: point stdout at /dev/null so the exit flush cannot fail."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - stdout is not a file
        pass


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """
    Run the command line; return the exit code.

    Our own errors (:class:`~perftarget.PerftargetError`) and errors of the
    operating system end the run with exit code 2 and a message without a
    traceback; anything else is a bug and ends it with
    :data:`EXIT_INTERNAL` (``--debug`` prints the traceback).  A closed
    output pipe ends the run quietly with :data:`EXIT_PIPE`.
    """
    from perftarget.exceptions import PerftargetError
    from perftarget.io._limits import os_problem

    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out if out is not None else sys.stdout
    command = f"perftarget {args.command}"
    with language(_user_language(args)):
        try:
            code: int = args.run(args, stream)
            stream.flush()
        except BrokenPipeError:
            _quiet_pipe()
            return EXIT_PIPE
        except PerftargetError as error:
            sys.stderr.write(f"{command}: {error}\n")
            return 2
        except OSError as error:
            where = error.filename if error.filename is not None else "?"
            [problem] = os_problem(str(where), error).problems
            sys.stderr.write(f"{command}: {problem}\n")
            return 2
        except Exception as error:
            if args.debug:
                import traceback

                traceback.print_exc(file=sys.stderr)
            sys.stderr.write(
                f"{command}: "
                + say(
                    f"内部错误（{type(error).__name__}：{error}）；请加 --debug 重新运行并报告问题",
                    f"internal error ({type(error).__name__}: {error}); "
                    "run again with --debug and report it",
                )
                + "\n"
            )
            return EXIT_INTERNAL
    return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
