"""
The ``perftarget review`` command: review target tables like a linter.

PATHs are files, folders and globs (:func:`perftarget.cli._many.expand_paths`).
One file is reviewed as always; with several, a line per project and a
summary follow the findings, and an unreadable file is listed while the
others are reviewed.  ``--out DIR`` writes ``index.html``, ``results.xlsx``
and ``results.json``.

Exit codes: 0 no finding at or above ``--fail-on`` (default error), 1 some,
2 unusable input (unreadable file, bad configuration, unknown code).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from attrs import define, evolve

from perftarget.core._lang import say
from perftarget.core._model import Department, Project
from perftarget.exceptions import PerftargetError

if TYPE_CHECKING:
    from perftarget.checks._review import ReviewConfig
    from perftarget.core._findings import Finding
    from perftarget.core._labels import LabelAliases
    from perftarget.report._workbook import Unreadable

# The review rules and renderers are imported where they are used: building
# the parser for another command should not load them.

__all__ = ["add_review_command"]


def _split(values: Sequence[str] | None) -> list[str]:
    return [c.strip() for v in values or () for c in v.split(",") if c.strip()]


def _config(args: argparse.Namespace) -> ReviewConfig:
    from perftarget.checks._review import ReviewConfig

    base = ReviewConfig.from_toml(args.config) if args.config else _found_config()
    select = _split(args.select)
    ignore = _split(args.ignore)
    return evolve(
        base,
        select=frozenset(select) if select else base.select,
        ignore=base.ignore | frozenset(ignore),
    )


def _found_config() -> ReviewConfig:
    from perftarget.checks._review import ReviewConfig

    local = Path("perftarget.toml")
    return ReviewConfig.from_toml(local) if local.is_file() else ReviewConfig()


def _subject(
    args: argparse.Namespace,
) -> tuple[Department | Project, tuple[Finding, ...], ReadTargets | None]:
    """The tables to review, what reading their files noticed, and the run of many files."""
    if args.dataset:
        from perftarget import datasets

        return datasets.quyang_2020(), (), None
    from perftarget.cli._main import reading_labels
    from perftarget.cli._many import is_single_file

    labels = reading_labels(args)
    if is_single_file(args.files):
        from perftarget.io import read_table

        # One file as always: unreadable is an error (exit 2), not a line in a list.
        contents = read_table(args.files[0], strict=args.strict, year=args.year, labels=labels)
        if contents.evaluations and not contents.department.projects:
            from perftarget.exceptions import Location, Problem, TableError

            where = Location(file=args.files[0])
            raise TableError([Problem(where=where, message=_no_target_table())])
        run = ReadTargets(
            projects=[(args.files[0], p) for p in contents.department.projects],
            unreadable=[],
            files=1,
        )
        return contents.department, tuple(contents.findings), run
    projects, reading, unreadable, files = read_targets(args, labels)
    run = ReadTargets(projects=projects, unreadable=unreadable, files=files)
    # The reader every command shares: every format, a project column, lenient.
    department = Department(name="", projects=[p for _, p in projects])
    return department, tuple(reading), run


def _no_target_table() -> str:
    """Why a file that reads but holds only self-evaluations gives nothing to review."""
    return say(
        "不含绩效目标表（自评表请用 perftarget score）",
        "holds no target table (for self-evaluations, use perftarget score)",
    )


@define(kw_only=True)
class ReadTargets:
    """The files a review read: each project with its file, and the files it could not read."""

    projects: list[tuple[str, Project]]
    unreadable: list[Unreadable]
    files: int


def _cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    from perftarget.core._lang import language

    with language(args.lang):
        return _review(args, out)


def _review(args: argparse.Namespace, out: TextIO) -> int:
    import sys

    from perftarget.checks._review import review
    from perftarget.cli._main import reading_output
    from perftarget.core._findings import exit_status
    from perftarget.report import FindingsRenderer, findings_record
    from perftarget.report._findings import with_reading
    from perftarget.report._format import json_text

    if bool(args.files) == bool(args.dataset):
        sys.stderr.write(
            "perftarget review: "
            + say(
                "请给出目标表文件（.xlsx、.docx、.csv、.json 或 .txt）、文件夹或通配符，"
                "或 --dataset，二者选一",
                "give target-table files (.xlsx, .docx, .csv, .json or .txt), folders or "
                "globs, or --dataset, not both",
            )
            + "\n"
        )
        return 2
    try:
        config = _config(args)
        subject, reading, run = _subject(args)
    except (PerftargetError, OSError) as error:
        sys.stderr.write(f"perftarget review: {error}\n")
        return 2
    findings = review(subject, config=config, lang=args.lang)
    everything = [*reading, *findings]
    many = run is not None and (run.files != 1 or bool(run.unreadable))
    rows = review_rows(run.projects, everything) if run is not None else []
    if args.format == "json" and many and run is not None:
        out.write(json_text(review_summary_record(rows, everything, run.unreadable, run.files)))
    elif args.format == "json":
        out.write(json_text(with_reading(findings_record(findings), reading)))
    else:
        out.write(FindingsRenderer(fmt=args.format, lang=args.lang)(findings) + "\n")
        out.write(reading_output(reading, args.format, args.lang))
        if many and run is not None:
            out.write("\n" + review_text(rows, run.unreadable, run.files, args.format, args.lang))
    if args.out:
        written = _write(args, rows, everything, run)
        if written:
            return written
    if run is not None and run.unreadable:
        return 2
    return exit_status(everything, args.fail_on)


def _write(
    args: argparse.Namespace,
    rows: list[tuple[str, Project, list[Finding]]],
    findings: list[Finding],
    run: ReadTargets | None,
) -> int:
    """Write the --out files; return 2 when they cannot be written, else 0."""
    import sys

    from perftarget.cli._many import tell_written

    if run is None:  # the bundled dataset: every project, no file
        subject, _, _ = _subject(args)
        projects = subject.projects if isinstance(subject, Department) else [subject]
        run = ReadTargets(projects=[("", p) for p in projects], unreadable=[], files=0)
        rows = review_rows(run.projects, findings)
    try:
        written = write_review_results(
            rows, findings, run.unreadable, run.files, out_dir=args.out, lang=args.lang
        )
    except (OSError, ImportError) as error:
        sys.stderr.write(f"perftarget review: {error}\n")
        return 2
    tell_written(written, sys.stderr, args.lang)
    return 0


# -- many files ---------------------------------------------------------------


def read_targets(
    args: argparse.Namespace, labels: LabelAliases | None = None
) -> tuple[list[tuple[str, Project]], list[Finding], list[Unreadable], int]:
    """
    Read the target tables of every file ``args.files`` names.

    Args:
        args: The ``review`` arguments (paths, ``--strict``, ``--year``, ``--out``).
        labels: The ``--labels`` aliases for reading.

    Returns:
        ``(file, project)`` pairs, the reading findings, the unreadable
        files, and how many files were read.
    """
    from perftarget.cli._many import expand_paths, read_each
    from perftarget.io import read_table
    from perftarget.report._workbook import Unreadable

    files, unreadable = expand_paths(args.files, exclude=getattr(args, "out", None))
    projects: list[tuple[str, Project]] = []
    reading: list[Finding] = []
    for file, contents in read_each(
        files, lambda f: read_table(f, strict=args.strict, year=args.year, labels=labels)
    ):
        if isinstance(contents, Unreadable):
            unreadable.append(contents)
        elif not contents.department.projects:
            unreadable.append(Unreadable(file=file, message=_no_target_table()))
        else:
            projects += [(file, p) for p in contents.department.projects]
            reading += contents.findings
    return projects, reading, unreadable, len(files)


def _of_project(file: str, project: Project, findings: Sequence[Finding]) -> list[Finding]:
    """The findings about ``project`` (a review finding names it as the sheet) and its file's."""
    return [
        f
        for f in findings
        if (f.where.sheet == project.name and f.where.file in (None, file))
        or (f.where.file == file and f.code < "PT1")
    ]


def review_rows(
    projects: Sequence[tuple[str, Project]], findings: Sequence[Finding]
) -> list[tuple[str, Project, list[Finding]]]:
    """Each project with the findings that concern it."""
    return [(file, p, _of_project(file, p, findings)) for file, p in projects]


def review_summary_record(
    rows: Sequence[tuple[str, Project, list[Finding]]],
    findings: Sequence[Finding],
    unreadable: Sequence[Unreadable],
    files: int,
) -> dict[str, object]:
    """The ``results.json`` of ``review``: summary, one object per project, unreadable files."""
    from collections import Counter

    from perftarget.report._findings import findings_record, severity_counts

    codes = Counter(f.code for f in findings)
    return {
        "summary": {
            "files": files,
            "projects": len(rows),
            "unreadable": len(unreadable),
            "counts": severity_counts(findings),
            "common_findings": [
                {"code": c, "count": n}
                for c, n in sorted(codes.items(), key=lambda pair: (-pair[1], pair[0]))[:10]
            ],
        },
        "projects": [
            {**findings_record(found), "file": file, "project": project.name}
            for file, project, found in rows
        ],
        "unreadable": [{"file": u.file, "message": u.message} for u in unreadable],
    }


def _review_table(rows: Sequence[tuple[str, Project, list[Finding]]], fmt: str, lang: str) -> str:
    from perftarget.cli._many import term_of
    from perftarget.core._findings import Severity
    from perftarget.report._format import table
    from perftarget.report._workbook import label

    headers = [
        label("file", lang),
        label("project", lang),
        term_of("errors", lang),
        term_of("warnings", lang),
    ]
    body = [
        [
            file,
            project.name,
            str(sum(f.severity is Severity.ERROR for f in found)),
            str(sum(f.severity is Severity.WARNING for f in found)),
        ]
        for file, project, found in rows
    ]
    return table(headers, body, fmt, numeric=[2, 3])


def review_text(
    rows: Sequence[tuple[str, Project, list[Finding]]],
    unreadable: Sequence[Unreadable],
    files: int,
    fmt: str,
    lang: str,
) -> str:
    """The per-project lines, counts and unreadable files shown after a review of many files."""
    from perftarget.cli._many import unreadable_block
    from perftarget.report._blocks import facts, heading, join
    from perftarget.report._workbook import label

    pairs = [
        (label("files", lang), str(files)),
        (label("projects", lang), str(len(rows))),
        (label("unreadable", lang), str(len(unreadable))),
    ]
    return join(
        [
            heading(label("summary", lang), fmt),
            _review_table(rows, fmt, lang) if rows else "",
            facts(pairs, fmt),
            *unreadable_block(unreadable, fmt, lang),
        ],
        fmt,
    )


def review_page(
    rows: Sequence[tuple[str, Project, list[Finding]]],
    findings: Sequence[Finding],
    unreadable: Sequence[Unreadable],
    files: int,
    lang: str,
) -> str:
    """The printable HTML report of a review: summary, then each target table with its findings."""
    from perftarget.report import FindingsRenderer, HtmlPage, Section, TargetTableRenderer
    from perftarget.report._workbook import label

    html = "html"
    sections = [
        Section(
            title=label("summary", lang),
            body=[
                review_text(rows, unreadable, files, html, lang),
                FindingsRenderer(fmt=html, lang=lang)(findings),
            ],
        )
    ]
    for file, project, found in rows:
        sections.append(
            Section(
                title=f"{project.name} — {file}",
                body=[
                    TargetTableRenderer(fmt=html, lang=lang)(project),
                    FindingsRenderer(fmt=html, lang=lang)(found),
                ],
            )
        )
    return HtmlPage(lang=lang)(sections)


def write_review_results(
    rows: Sequence[tuple[str, Project, list[Finding]]],
    findings: Sequence[Finding],
    unreadable: Sequence[Unreadable],
    files: int,
    *,
    out_dir: str | Path,
    lang: str,
) -> list[Path]:
    """
    Write ``index.html``, ``results.xlsx`` and ``results.json`` of a review to ``out_dir``.

    The workbook has a summary sheet (one row per project: file, project,
    errors, warnings; autofilter, frozen header) and a findings sheet (code,
    severity, file, project, where, message).

    Raises:
        OSError: A file cannot be written.
        ImportError: openpyxl (extra ``office``) is missing.
    """
    from perftarget.cli._many import write_text
    from perftarget.report._format import json_text
    from perftarget.report._workbook import write_review_workbook

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    page, book, data = folder / "index.html", folder / "results.xlsx", folder / "results.json"
    write_text(page, review_page(rows, findings, unreadable, files, lang))
    write_review_workbook(book, [(file, p.name, found) for file, p, found in rows], lang=lang)
    write_text(data, json_text(review_summary_record(rows, findings, unreadable, files)))
    return [page, book, data]


def _list_rules(lang: str) -> str:
    from tabulate import tabulate

    from perftarget.checks._review_rules import RULES

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
        description="Review target tables (.xlsx, .docx, .csv, .json or .txt files, folders, "
        "globs, or the bundled seed) against the PT1xx rules; what reading the files noticed "
        "(PT0xx) is shown too and counts toward --fail-on. With several files, a line per "
        "project and a summary follow; an unreadable file is listed and the others reviewed. "
        "Exit 0 when clean, 1 with findings at or above --fail-on, 2 on unusable input "
        "(an unreadable file among several included).",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="PATH",
        help="target tables (.xlsx, .docx, .csv, .json, .txt), folders (searched recursively) "
        "or globs",
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
    parser.add_argument(
        "--out",
        metavar="DIR",
        help="also write index.html, results.xlsx and results.json to DIR",
    )
    parser.add_argument("--list-rules", action=_ListRules, nargs=0, help="list the rules and exit")
    from perftarget.cli._main import add_reading_options

    add_reading_options(parser)
    parser.set_defaults(run=_cmd_review)
    return parser
