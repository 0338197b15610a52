"""
Many tables in one command: ``perftarget score PATH...`` (and the paths of ``review``).

A PATH is a file, a folder (searched recursively for every extension
:func:`perftarget.io.read_table` knows; hidden files and Office lock files
``~$…`` skipped) or a glob (``*``, ``?``, ``[…]``; ``**`` crosses folders),
expanded here so that it works the same in every shell.  Each argument's
files are sorted; a file named twice is read once.

Each file is read and each of its tables scored (or reviewed).  A file that
cannot be read, or holds no table of the kind wanted, is listed with its
reason and the others go on.  Exit codes keep their meaning: 0 every file
read and no finding at error severity (``--fail-on`` for ``review``), 1 such
findings, 2 some input unusable (an unreadable file; the rest is still
scored, printed and written).

``--out DIR`` writes ``index.html`` (the printable report), ``results.xlsx``
and ``results.json``; each file replaced only once complete.
"""

from __future__ import annotations

import argparse
import functools
import glob
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO, TypeVar

from attrs import evolve

from perftarget.core._lang import say
from perftarget.exceptions import Location
from perftarget.report._workbook import ScoredProject, Unreadable

if TYPE_CHECKING:
    from perftarget.core._labels import LabelAliases
    from perftarget.exceptions import Problem
    from perftarget.io import Contents
    from perftarget.report._workbook import Summary
    from perftarget.rules import RuleSet

__all__ = [
    "OUTPUT_FORMATS",
    "check_output_options",
    "expand_paths",
    "is_single_file",
    "read_each",
    "run_score_many",
    "score_contents",
    "score_page",
    "tell_written",
    "term_of",
    "unreadable_block",
    "write_score_results",
    "write_text",
]

#: Formats written to a file named by ``--output`` instead of printed.
OUTPUT_FORMATS: Final = ("html", "xlsx")
_GLOB: Final = frozenset("*?[")


def _is_glob(argument: str) -> bool:
    return any(c in _GLOB for c in argument) and not Path(argument).exists()


def is_single_file(arguments: Sequence[str]) -> bool:
    """
    Whether the arguments name one file literally (no folder, no glob).

    Examples:
        >>> is_single_file(["a.xlsx"]), is_single_file(["a.xlsx", "b.xlsx"])
        (True, False)
        >>> is_single_file(["*.csv"])
        False
    """
    return len(arguments) == 1 and not _is_glob(arguments[0]) and not Path(arguments[0]).is_dir()


def _skipped(path: Path) -> bool:
    return path.name.startswith((".", "~$"))


def _in_folder(folder: Path, exclude: Path | None) -> list[Path]:
    from perftarget.io import READ_FORMATS

    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if any(_skipped(Path(part)) for part in relative):
            continue
        if exclude is not None and exclude in path.resolve().parents:
            continue
        if path.suffix.lower() in READ_FORMATS and path.is_file():
            found.append(path)
    return sorted(found)


def expand_paths(
    arguments: Sequence[str], *, exclude: str | Path | None = None
) -> tuple[list[str], list[Unreadable]]:
    """
    Expand files, folders and globs into the files to read.

    Args:
        arguments: The command's PATH arguments.
        exclude: A folder whose files are never read (the ``--out`` folder,
            so that a second run does not read the first one's results).

    Returns:
        The files (each argument's sorted, first mention kept) and the
        arguments that named nothing, as :class:`Unreadable`.

    Examples:
        >>> import tempfile, pathlib
        >>> root = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("b.csv", "a.xlsx", "sub/c.json", "sub/.hidden.csv", "note.md"):
        ...     (root / name).parent.mkdir(exist_ok=True)
        ...     _ = (root / name).write_text("")
        >>> files, missing = expand_paths([str(root), str(root / "*.csv"), str(root / "nope.csv")])
        >>> [pathlib.Path(f).relative_to(root).as_posix() for f in files]
        ['a.xlsx', 'b.csv', 'sub/c.json']
        >>> [pathlib.Path(m.file).name for m in missing]
        ['nope.csv']
    """
    from perftarget.io import READ_FORMATS

    skip = Path(exclude).resolve() if exclude is not None else None
    files: list[str] = []
    seen: set[Path] = set()
    missing: list[Unreadable] = []

    def keep(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            files.append(str(path))

    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            inside = _in_folder(path, skip)
            for found in inside:
                keep(found)
            if not inside:  # a folder with nothing to read is said, never a silent success
                missing.append(Unreadable(file=argument, message=_empty_folder()))
        elif _is_glob(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            kept = 0
            for match in map(Path, matches):
                inside = [match] if match.is_file() else _in_folder(match, skip)
                for found in inside:
                    if found.suffix.lower() in READ_FORMATS and not _skipped(found):
                        keep(found)
                        kept += 1
            if not kept:
                missing.append(Unreadable(file=argument, message=_nothing_matched(argument)))
        elif path.exists():
            keep(path)
        else:
            missing.append(Unreadable(file=argument, message=_no_such_file()))
    return files, missing


def _nothing_matched(pattern: str) -> str:
    return say(f"没有与 {pattern} 匹配的表格文件", f"no table file matches {pattern}")


def _empty_folder() -> str:
    formats = " ".join(_formats())
    return say(f"文件夹中没有表格文件（{formats}）", f"the folder holds no table file ({formats})")


def _formats() -> tuple[str, ...]:
    from perftarget.io import READ_FORMATS

    return READ_FORMATS


def _no_such_file() -> str:
    return say("文件不存在", "no such file")


class _Progress:
    """``[12/50] file`` on standard error, at most five times a second, only on a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self.enabled = total > 1 and self._stream.isatty()
        self._total = total
        self._drawn = 0.0
        self._width = 0

    def show(self, done: int, file: str) -> None:
        now = time.perf_counter()
        if self.enabled and now - self._drawn >= 0.2:
            self._drawn = now
            text = f"[{done}/{self._total}] {file}"[:100]
            self._stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
            self._stream.flush()

    def close(self) -> None:
        if self.enabled and self._width:
            self._stream.write("\r" + " " * self._width + "\r")
            self._stream.flush()


#: What a reader of :func:`read_each` returns for one file.
_Read = TypeVar("_Read")


def read_each(
    files: Sequence[str], read: Callable[[str], _Read]
) -> Iterator[tuple[str, _Read | Unreadable]]:
    """
    Read every file, yielding what ``read`` returns or why it cannot be read (never raising).

    Any reader fits: table contents for ``score`` and ``review``, monitoring
    rounds for ``monitor``.
    """
    from perftarget.exceptions import PerftargetError, TableError
    from perftarget.io._limits import os_problem

    progress = _Progress(len(files))
    try:
        for done, file in enumerate(files, start=1):
            progress.show(done, file)
            try:
                yield file, read(file)
            except TableError as error:  # the file is named in its own column
                message = "; ".join(map(_problem_text, error.problems)) or str(error)
                yield file, Unreadable(file=file, message=message)
            except PerftargetError as error:
                yield file, Unreadable(file=file, message=str(error))
            except OSError as error:
                [problem] = os_problem(file, error).problems
                yield file, Unreadable(file=file, message=problem.message)
    finally:
        progress.close()


def _problem_text(problem: Problem) -> str:
    """A problem without its file (shown beside it): ``sheet 表1, row 3: message``."""
    where = evolve(problem.where, file=None)
    return problem.message if where == Location() else f"{where}: {problem.message}"


def _no_evaluation(file: str, contents: Contents) -> Unreadable:
    from perftarget.cli._main import _SELFEVAL_COLUMNS as columns

    message = say(
        f"不含绩效自评表（自评表有 {columns} 列）",
        f"holds no self-evaluation (a self-evaluation has the columns {columns})",
    )
    targets = len(contents.department.projects)
    if targets:
        message += say(
            f"；该文件含 {targets} 张绩效目标表，可用 perftarget review 审核",
            f"; it holds {targets} target tables, which perftarget review reads",
        )
    return Unreadable(file=file, message=message)


def score_contents(
    file: str,
    contents: Contents,
    *,
    rules: RuleSet,
    tolerance: Decimal,
    lang: str,
) -> list[ScoredProject]:
    """
    Score every self-evaluation a file holds.

    The budget line comes from each table's funding block.  A table without
    a name is named after the file (``stem``, or ``stem (2)`` for the second
    of several).

    Args:
        file: The file, as it will be shown.
        contents: What reading it gave.
        rules: The rule set.
        tolerance: Differences from published scores not reported.
        lang: ``zh`` or ``en``.

    Returns:
        One scored project per self-evaluation, in file order.
    """
    from perftarget.score._evaluate import evaluate

    stem = Path(file).stem
    several = len(contents.evaluations) > 1
    scored = []
    for index, table in enumerate(contents.evaluations, start=1):
        card = evaluate(
            table.rows,
            rules=rules,
            budget=table.budget,
            published_total=table.published_total,
            tolerance=tolerance,
            year=table.year,
            lang=lang,
        )
        name = table.name or (f"{stem} ({index})" if several else stem)
        # reading findings belong to the file: shown once, with its first table
        reading = contents.findings if index == 1 else ()
        scored.append(ScoredProject(file=file, project=name, card=card, reading=tuple(reading)))
    return scored


def _label(key: str, lang: str) -> str:
    from perftarget.report._workbook import label

    return label(key, lang)


def _projects_table(projects: Sequence[ScoredProject], fmt: str, lang: str) -> str:
    from perftarget.report._format import fixed, table

    keys = ("file", "project", "total", "grade", "departures", "problems")
    rows = [
        [
            p.file,
            p.project,
            fixed(p.card.total),
            p.card.grade if lang == "zh" else p.card.grade_en,
            str(p.departures),
            str(p.problems),
        ]
        for p in projects
    ]
    return table([_label(k, lang) for k in keys], rows, fmt, numeric=[2, 4, 5])


def _summary_blocks(summary: Summary, fmt: str, lang: str) -> list[str]:
    from perftarget.report._blocks import facts, heading
    from perftarget.report._format import fixed, table
    from perftarget.report._rollup import GRADES
    from perftarget.report._workbook import gap_text

    grades = "  ".join(f"{zh if lang == 'zh' else en} {summary.grades[zh]}" for zh, en in GRADES)
    common = ", ".join(f"{code} × {n}" for code, n in summary.common)
    pairs = [
        (_label("files", lang), str(summary.files)),
        (_label("projects", lang), str(summary.projects)),
        (_label("unreadable", lang), str(summary.unreadable)),
        (term_of("mean", lang), fixed(summary.mean)),
        (_label("weighted_mean", lang), fixed(summary.weighted_mean)),
        (term_of("grade", lang), grades),
        (_label("common_findings", lang), common or term_of("none", lang)),
    ]
    blocks = [heading(_label("summary", lang), fmt), facts(pairs, fmt)]
    if summary.gaps:
        keys = ("file", "project", "total", "published_total", "gap")
        rows = [
            [p.file, p.project, fixed(p.card.total), fixed(p.card.published_total), gap_text(p)]
            for p in summary.gaps
        ]
        blocks.append(heading(_label("largest_gaps", lang), fmt, level=4))
        blocks.append(table([_label(k, lang) for k in keys], rows, fmt, numeric=[2, 3, 4]))
    return blocks


def term_of(key: str, lang: str) -> str:
    """A label from the shared table of terms (:func:`perftarget.report.term`)."""
    from perftarget.report.terms import term

    return term(key, lang)


def unreadable_block(unreadable: Sequence[Unreadable], fmt: str, lang: str) -> list[str]:
    from perftarget.report._blocks import heading
    from perftarget.report._format import table

    if not unreadable:
        return []
    rows = [[u.file, u.message] for u in unreadable]
    headers = [_label("file", lang), term_of("message", lang)]
    return [heading(_label("unreadable", lang), fmt), table(headers, rows, fmt)]


def _score_text(
    projects: Sequence[ScoredProject],
    unreadable: Sequence[Unreadable],
    summary: Summary,
    fmt: str,
    lang: str,
) -> str:
    from perftarget.report._blocks import join

    return join(
        [
            _projects_table(projects, fmt, lang) if projects else "",
            *_summary_blocks(summary, fmt, lang),
            *unreadable_block(unreadable, fmt, lang),
        ],
        fmt,
    )


def score_page(
    projects: Sequence[ScoredProject],
    unreadable: Sequence[Unreadable],
    summary: Summary,
    *,
    lang: str,
) -> str:
    """
    Return the printable HTML report of a run: summary, then each project.

    The summary has the counts, the table of projects, the distribution of
    totals and grades (a chart), the most common findings, the largest gaps
    and the unreadable files; each project has its achievement chart and its
    scorecard (the self-evaluation table with every trace, then its
    findings) and what reading its file noticed.
    """
    from perftarget.report import (
        HtmlPage,
        ScorecardRenderer,
        Section,
        achievement_chart,
        distribution_chart,
        embed_chart,
        rollup,
    )
    from perftarget.report._findings import ReadingRenderer

    html = "html"
    body = [_projects_table(projects, html, lang)] if projects else []
    if projects:
        overview = rollup((p.project, p.card) for p in projects)
        body.append(
            embed_chart(lambda: distribution_chart(overview, lang=lang, fmt="svg"), lang=lang)
        )
    body += _summary_blocks(summary, html, lang)[1:]
    body += unreadable_block(unreadable, html, lang)
    sections = [Section(title=_label("summary", lang), body=body)]
    for project in projects:
        card = project.card
        draw = functools.partial(achievement_chart, card, lang=lang, fmt="svg")
        sections.append(
            Section(
                title=f"{project.project} — {project.file}",
                body=[
                    embed_chart(draw, lang=lang),
                    ScorecardRenderer(fmt=html, lang=lang)(card),
                    ReadingRenderer(fmt=html, lang=lang)(project.reading),
                ],
            )
        )
    return HtmlPage(lang=lang)(sections)


def write_text(path: Path, text: str) -> None:
    from perftarget.io._csv_write import replaced_atomically

    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_score_results(
    projects: Sequence[ScoredProject],
    unreadable: Sequence[Unreadable],
    summary: Summary,
    *,
    out_dir: str | Path | None = None,
    output: tuple[str, str] | None = None,
    lang: str,
    tolerance: Decimal,
) -> list[Path]:
    """
    Write the run's report files.

    Args:
        projects, unreadable, summary: The run.
        out_dir: Folder for ``index.html``, ``results.xlsx`` and
            ``results.json`` (created if missing).
        output: ``(format, file)`` for ``--format html|xlsx --output FILE``.
        lang: ``zh`` or ``en``.
        tolerance: Differences up to this are not highlighted in the workbook.

    Returns:
        The files written.

    Raises:
        OSError: A file cannot be written (an existing one is left as it was).
        ImportError: openpyxl (extra ``office``) is missing for the workbook.
    """
    from perftarget.report._format import json_text
    from perftarget.report._workbook import results_record, write_workbook

    targets: list[tuple[str, Path]] = []
    if out_dir is not None:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        targets += [
            ("html", folder / "index.html"),
            ("xlsx", folder / "results.xlsx"),
            ("json", folder / "results.json"),
        ]
    if output is not None:
        targets.append((output[0], Path(output[1])))
    for fmt, path in targets:
        if fmt == "html":
            write_text(path, score_page(projects, unreadable, summary, lang=lang))
        elif fmt == "xlsx":
            write_workbook(path, projects, lang=lang, tolerance=tolerance)
        else:
            write_text(path, json_text(results_record(projects, unreadable, summary, lang=lang)))
    return [path for _, path in targets]


def tell_written(paths: Sequence[Path], stream: TextIO, lang: str) -> None:
    """Say where each report file was written, one line each."""
    for path in paths:
        stream.write(f"{_label('written', lang)}: {path.resolve()}\n")


def _refuse(command: str, message: str) -> int:
    sys.stderr.write(f"perftarget {command}: {message}\n")
    return 2


def check_output_options(args: argparse.Namespace, command: str) -> int | None:
    """Return 2 (after saying why) when ``--format html|xlsx`` lacks ``--output``, else None."""
    if args.format in OUTPUT_FORMATS and not args.output:
        return _refuse(
            command,
            say(
                f"--format {args.format} 写入文件：请用 --output FILE 指定",
                f"--format {args.format} writes a file: name it with --output FILE",
            ),
        )
    if args.output and args.format not in OUTPUT_FORMATS:
        return _refuse(
            command,
            say(
                "--output 只用于 --format html 或 xlsx（以及 --batch）",
                "--output goes with --format html or xlsx (or --batch)",
            ),
        )
    return None


def run_score_many(
    args: argparse.Namespace,
    out: TextIO,
    *,
    rules: RuleSet,
    tolerance: Decimal,
    labels: LabelAliases | None = None,
    preread: dict[str, Contents] | None = None,
) -> int:
    """
    Score every self-evaluation of every file ``args.paths`` names; print and write the results.

    Args:
        args: The ``score`` arguments.
        out: Standard output.
        rules: The rule set.
        tolerance: Differences from published scores not reported.
        labels: The ``--labels`` aliases for reading.
        preread: Files already read (a single FILE holding several tables).

    Returns:
        0, 1 (error findings) or 2 (some file unreadable, or output not written).
    """
    from perftarget.io import read_table
    from perftarget.report._format import json_text
    from perftarget.report._workbook import results_record, summarise

    if args.budget or args.executed:
        return _refuse(
            "score",
            say(
                "--budget 和 --executed 只用于单张自评表；多张表各用其资金表",
                "--budget and --executed apply to one self-evaluation; "
                "with several, each table's funding block is used",
            ),
        )
    lang = args.lang
    unreadable: list[Unreadable]
    if preread:
        files, unreadable = list(preread), []
    else:
        files, unreadable = expand_paths(args.paths, exclude=args.out)
    known = dict(preread or {})

    def read(file: str) -> Contents:
        if file in known:
            return known.pop(file)
        return read_table(file, strict=args.strict, year=args.year, labels=labels)

    projects: list[ScoredProject] = []
    for file, contents in read_each(files, read):
        if isinstance(contents, Unreadable):
            unreadable.append(contents)
        elif not contents.evaluations:
            unreadable.append(_no_evaluation(file, contents))
        else:
            projects += score_contents(file, contents, rules=rules, tolerance=tolerance, lang=lang)
    summary = summarise(projects, files=len(files), unreadable=len(unreadable))
    if args.format == "json":
        out.write(json_text(results_record(projects, unreadable, summary, lang=lang)))
    elif args.format in ("text", "markdown"):
        out.write(_score_text(projects, unreadable, summary, args.format, lang))
    output = (args.format, args.output) if args.format in OUTPUT_FORMATS else None
    if args.out or output:
        try:
            written = write_score_results(
                projects,
                unreadable,
                summary,
                out_dir=args.out,
                output=output,
                lang=lang,
                tolerance=tolerance,
            )
        except (OSError, ImportError) as error:
            return _refuse("score", str(error))
        # standard output holds the results unless the format went to a file
        tell_written(written, out if args.format in OUTPUT_FORMATS else sys.stderr, lang)
    if unreadable:
        return 2
    return 1 if any(p.problems for p in projects) else 0
