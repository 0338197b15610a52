"""
The ``perftarget monitor`` command: mid-year monitoring of projects.

Reads monitoring tables (``.csv``, ``.xlsx``, ``.docx`` and ``.txt``) named
as files, folders (searched recursively) or globs, as ``perftarget score``
does; computes time progress, execution gaps, projections and lights under a
profile; prints each project with a folder summary, or writes the report
files: ``--format html|xlsx --output FILE``, or ``--out DIR`` for
``index.html``, ``results.xlsx`` and ``results.json`` (the ``--format json``
record), all replaced together once every one is complete.

A file that cannot be read, or holds no monitoring table, is listed with
its reason and the others go on.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some,
2 unusable input (an unreadable file: the others are still printed and
written; a bad profile or rule set; report files that cannot be written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from perftarget.core._lang import say
from perftarget.report._workbook import Unreadable

if TYPE_CHECKING:
    from perftarget.core._findings import Finding
    from perftarget.io._monitor import MonitoringRound
    from perftarget.monitor import ProjectProgress

__all__ = ["add_monitor_command", "as_of_option", "monitor_files", "write_monitor_results"]


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


def monitor_files(
    arguments: Sequence[str], *, exclude: str | Path | None = None
) -> tuple[list[str], list[Unreadable]]:
    """
    Expand files, folders and globs into the monitoring files to read.

    Folders and globs are expanded as for ``perftarget score``
    (:func:`~perftarget.cli._many.expand_paths`), keeping the formats the
    monitoring reader knows; a file named literally is kept whatever its
    extension (reading it says why it cannot be read).

    Args:
        arguments: The command's PATH arguments.
        exclude: A folder whose files are never read (the ``--out`` folder).

    Returns:
        The files (each argument's sorted, a file named twice read once) and
        the arguments that named nothing to read.

    Examples:
        >>> import tempfile, pathlib
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("b.csv", "a.docx", "sub/c.xlsx", "d.json"):
        ...     (root / name).parent.mkdir(exist_ok=True)
        ...     _ = (root / name).write_text("")
        >>> files, missing = monitor_files([str(root), str(root / "d.json")])
        >>> [pathlib.Path(f).relative_to(root).as_posix() for f in files], missing
        (['a.docx', 'b.csv', 'sub/c.xlsx', 'd.json'], [])
    """
    from perftarget.cli._many import expand_paths, is_single_file
    from perftarget.io._monitor import MONITOR_FORMATS

    files: list[str] = []
    seen: set[Path] = set()
    missing: list[Unreadable] = []
    for argument in arguments:
        found, nothing = expand_paths([argument], exclude=exclude)
        missing += nothing
        if not is_single_file([argument]):
            kept = [f for f in found if Path(f).suffix.lower() in MONITOR_FORMATS]
            if found and not kept:
                missing.append(Unreadable(file=argument, message=_no_monitoring_file()))
            found = kept
        for file in found:
            key = Path(file).resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, missing


def _no_monitoring_file() -> str:
    from perftarget.io._monitor import MONITOR_FORMATS

    formats = " ".join(MONITOR_FORMATS)
    return say(f"没有监控表文件（{formats}）", f"no monitoring table file ({formats})")


def _read_one(args: argparse.Namespace) -> Callable[[str], MonitoringRound]:
    from perftarget.exceptions import Location, Problem, TableError
    from perftarget.io._monitor import read_monitoring

    def read(file: str) -> MonitoringRound:
        try:
            return read_monitoring(file, year=args.year, as_of=args.as_of)
        except ImportError as error:  # the office extra is missing: this file only
            raise TableError([Problem(where=Location(file=file), message=str(error))]) from None

    return read


def _each(
    files: Sequence[str], read: Callable[[str], MonitoringRound]
) -> Iterator[tuple[str, MonitoringRound | Unreadable]]:
    """Read every file with score's reading loop (progress, unreadable files listed)."""
    from perftarget.cli._many import read_each

    return read_each(files, read)


def _targets(args: argparse.Namespace) -> list[tuple[str, Path]]:
    """The report files to write: ``(format, path)``."""
    from perftarget.cli._many import OUTPUT_FORMATS

    targets: list[tuple[str, Path]] = []
    if args.out:
        folder = Path(args.out)
        targets += [
            ("html", folder / "index.html"),
            ("xlsx", folder / "results.xlsx"),
            ("json", folder / "results.json"),
        ]
    if args.format in OUTPUT_FORMATS:
        targets.append((args.format, Path(args.output)))
    return targets


def _check_targets(targets: Sequence[tuple[str, Path]], files: Sequence[str]) -> None:
    """
    Refuse a report file that is an input, or that cannot be replaced.

    Raises:
        TableError: A report file is one of the inputs.
        OSError: A report file is a folder, or its folder is a file.
    """
    from perftarget.io._csv_write import refuse_overwriting_input

    for _, path in targets:
        refuse_overwriting_input(path, *files)
        if path.is_dir():
            raise IsADirectoryError(
                say(f"{path} 是文件夹，不能写成文件", f"{path} is a folder, not a file to write")
            )
        folder = next((p for p in path.parents if p.exists()), None)
        if folder is not None and not folder.is_dir():
            raise NotADirectoryError(
                say(f"{folder} 是文件，不是文件夹", f"{folder} is a file, not a folder")
            )


def write_monitor_results(
    targets: Sequence[tuple[str, Path]],
    results: Sequence[ProjectProgress],
    *,
    json_record: str,
    reading: Sequence[Finding] = (),
    unreadable: Sequence[Unreadable] = (),
    lang: str,
) -> list[Path]:
    """
    Write the report files of a monitoring run, all or none.

    Every file is written to a temporary file beside it first; only when
    all are complete are they renamed over the old ones, so a run that
    fails leaves the files that were there as they were.

    Args:
        targets: ``(format, path)``: ``html``, ``xlsx`` or ``json``.
        results: The monitored projects.
        json_record: The ``--format json`` text, written as it is.
        reading: What reading the files noticed.
        unreadable: The inputs that gave no project.
        lang: ``zh`` or ``en``.

    Returns:
        The files written.

    Raises:
        OSError: A file cannot be written (none is replaced).
        ImportError: openpyxl (extra ``office``) is missing for the workbook.

    Examples:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> written = write_monitor_results(
        ...     [("json", folder / "results.json")], [], json_record="{}\\n", lang="en")
        >>> [p.name for p in written], (folder / "results.json").read_text()
        (['results.json'], '{}\\n')
    """
    from perftarget.io._csv_write import replaced_atomically
    from perftarget.report import MonitorPage, write_monitor_workbook

    for _, path in targets:
        path.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        for fmt, path in targets:
            temporary = stack.enter_context(replaced_atomically(path))
            if fmt == "xlsx":
                write_monitor_workbook(temporary, results, reading=reading, lang=lang)
            elif fmt == "html":
                page = MonitorPage(lang=lang)(results, reading=reading, unreadable=unreadable)
                temporary.write_text(page, encoding="utf-8")
            else:
                temporary.write_text(json_record, encoding="utf-8")
    return [path for _, path in targets]


def _refuse(message: object) -> int:
    sys.stderr.write(f"perftarget monitor: {message}\n")
    return 2


def _cmd_monitor(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget.core._lang import language

    if args.batch:  # one large table through the columnar engine
        from perftarget.cli._monitor_batch import run_monitor_batch

        return run_monitor_batch(args, out)
    with language(args.lang):
        return run_monitor(args, out)


def run_monitor(args: argparse.Namespace, out: TextIO) -> int:
    """
    Monitor every project of every file ``args.paths`` names; print and write the results.

    Args:
        args: The ``monitor`` arguments.
        out: Standard output.

    Returns:
        0, 1 (findings at or above ``--fail-on``) or 2 (unusable input, or
        report files not written).
    """
    from perftarget.cli._main import reading_output
    from perftarget.cli._many import OUTPUT_FORMATS, check_output_options, tell_written
    from perftarget.core._findings import exit_status
    from perftarget.exceptions import PerftargetError
    from perftarget.monitor import MonitorRenderer, load_profile, monitor, monitoring_record
    from perftarget.report._format import json_text
    from perftarget.rules import load_rules

    refused = check_output_options(args, "monitor")
    if refused is not None:
        return refused
    lang = args.lang
    files, unreadable = monitor_files(args.paths, exclude=args.out)
    targets = _targets(args)
    try:
        profile = load_profile(args.profile)
        rules = load_rules(args.rules)
        _check_targets(targets, files)
    except (PerftargetError, OSError) as error:
        return _refuse(error)
    results: list[ProjectProgress] = []
    reading: list[Finding] = []
    for _, found in _each(files, _read_one(args)):
        if isinstance(found, Unreadable):
            unreadable.append(found)
            continue
        reading += found.findings
        results += [monitor(p, profile=profile, rules=rules, lang=lang) for p in found.projects]
    record = ""  # the JSON contract, made once: printed and written alike
    if args.format == "json" or targets:
        whole = monitoring_record(
            results,
            profile=profile.id,
            as_of=args.as_of,
            reading=reading,
            unreadable=[(u.file, u.message) for u in unreadable],
            lang=lang,
        )
        record = json_text(whole)
    if args.format == "json":
        out.write(record)
    elif args.format in ("text", "markdown"):
        out.write(MonitorRenderer(fmt=args.format, lang=lang)(results))
        out.write(reading_output(reading, args.format, lang))
        out.write(_unreadable_text(unreadable, args.format, lang))
    if unreadable and args.format not in ("text", "markdown"):
        for item in unreadable:  # standard output holds data: say it beside
            sys.stderr.write(f"perftarget monitor: {item.file}: {item.message}\n")
    if targets:
        if not results:
            return _refuse(
                say(
                    "没有可读的监控表，未写入报告文件",
                    "no monitoring table could be read; no report file written",
                )
            )
        try:
            written = write_monitor_results(
                targets,
                results,
                json_record=record,
                reading=reading,
                unreadable=unreadable,
                lang=lang,
            )
        except (OSError, ImportError) as error:
            return _refuse(error)
        # standard output holds the results unless the format went to a file
        tell_written(written, out if args.format in OUTPUT_FORMATS else sys.stderr, lang)
    if unreadable:
        return 2
    return exit_status([*reading, *(f for r in results for f in r.findings)], args.fail_on)


def _unreadable_text(unreadable: Sequence[Unreadable], fmt: str, lang: str) -> str:
    from perftarget.cli._many import unreadable_block

    blocks = unreadable_block(unreadable, fmt, lang)
    return "\n" + "\n\n".join(blocks) + "\n" if blocks else ""


def add_monitor_command(commands: Any) -> argparse.ArgumentParser:
    """
    Add the ``monitor`` subcommand to ``commands``.

    Options of other features (``--batch``) are added to the parser this
    returns; ``--output FILE`` is defined here already.

    Args:
        commands: What ``ArgumentParser.add_subparsers`` returned.

    Returns:
        The ``monitor`` parser.
    """
    from perftarget.cli._main import year_option

    parser: argparse.ArgumentParser = commands.add_parser(
        "monitor",
        help="mid-year monitoring (绩效运行监控): execution against time, projections, lights",
        description="Read monitoring tables (.csv, .xlsx, .docx or .txt files, folders searched "
        "recursively, or globs), compute 序时进度, the execution gap, full-year projections "
        "and red/yellow/green lights under a profile, and the self-evaluation score each "
        "project is heading for. A file that cannot be read is listed and the others go on. "
        "Exit 0 when clean, 1 with findings at or above --fail-on, 2 on unusable input.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="monitoring tables, folders or globs"
    )
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
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "json", "html", "xlsx"],
        default="text",
        help="html and xlsx write the report to --output FILE",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="the file of --format html or xlsx; with --batch, the per-row results (.csv or "
        ".parquet)",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="also write index.html, results.xlsx and results.json to DIR"
    )
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument(
        "--fail-on", choices=["error", "warning", "info"], default="error", dest="fail_on"
    )
    from perftarget.cli._monitor_batch import add_monitor_batch_options

    add_monitor_batch_options(parser)
    parser.set_defaults(run=_cmd_monitor)
    return parser
