"""
``perftarget monitor --batch FILE --output OUT``: the command-line edge of the
columnar monitoring engine.  Kept apart from :mod:`perftarget.batch` so the
command line builds without polars; the engine is imported only when
``--batch`` is given.

Only a regular file is read, and a CSV holding NUL bytes (a binary file) is
refused before polars sees it.  The outputs are written to temporary files
beside them and renamed over ``OUT`` and ``TOTALS`` only when monitoring
succeeded with at least one row, so a failed, killed or empty run leaves
earlier outputs as they were; an output that is the input is refused.

Exit codes as the ``monitor`` command: 0 no finding at or above
``--fail-on``, 1 some, 2 unusable input or options.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext, suppress
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from perftarget.core._lang import language, say
from perftarget.exceptions import Location, PerftargetError, Problem, TableError

if TYPE_CHECKING:
    from perftarget.batch import MonitorSummary

__all__ = ["add_monitor_batch_options", "run_monitor_batch"]

_COMMAND = "perftarget monitor"


def add_monitor_batch_options(parser: argparse.ArgumentParser) -> None:
    """
    Add ``--batch``, ``--output``, ``--totals`` and ``--batch-rows`` to ``monitor``.

    ``--output`` is shared with the options of the report formats when the
    parser has it already (it then names the per-row file under ``--batch``).

    Args:
        parser: The ``monitor`` subcommand's parser.

    Examples:
        >>> made = argparse.ArgumentParser()
        >>> add_monitor_batch_options(made)
        >>> args = made.parse_args(["--batch", "--output", "o.parquet"])
        >>> args.batch, args.output, args.totals, args.batch_rows
        (True, 'o.parquet', None, 250000)
    """
    group = parser.add_argument_group(
        "batch monitoring",
        "monitor a large CSV/Parquet table of indicator rows (needs perftarget[batch])",
    )
    group.add_argument(
        "--batch",
        action="store_true",
        help="PATH is one table with one row per indicator, under the official headers "
        "(项目名称, 一级指标, 二级指标, 三级指标, 年度指标值, 1-N月完成情况[, 全年预计完成情况, "
        "完成目标可能性, 偏差原因, 原因说明, 全年预算数, 1-N月执行数, 全年预计执行数]) or project, "
        "level1, level2, level3, target, current[, forecast, likelihood, deviation, explanation, "
        "budget, executed, forecast_execution]",
    )
    # the report formats' --output, when the parser has it, names the per-row file too
    with suppress(argparse.ArgumentError):
        group.add_argument(
            "--output", metavar="OUT", help="per-row results: .csv or .parquet (with --batch)"
        )
    group.add_argument(
        "--totals", metavar="TOTALS", help="per-project results: .csv or .parquet (with --batch)"
    )
    group.add_argument(
        "--batch-rows", type=int, default=250_000, metavar="N", help="rows per batch (memory)"
    )


def _refused(message: str) -> int:
    sys.stderr.write(f"{_COMMAND}: {message}\n")
    return 2


def _check_options(args: argparse.Namespace) -> str | None:
    """The message refusing the options, or None when they are usable."""
    paths = list(getattr(args, "paths", None) or [getattr(args, "file", "")])
    if len(paths) != 1:
        return say("--batch 只读一个文件", "--batch reads one file")
    if not getattr(args, "output", None):
        return say(
            "--batch 需要 --output OUT.csv|OUT.parquet",
            "--batch needs --output OUT.csv|OUT.parquet",
        )
    if args.batch_rows < 1:
        return say("--batch-rows 至少为 1", "--batch-rows must be at least 1")
    if getattr(args, "format", "text") not in ("text", None) or getattr(args, "out", None):
        return say(
            "--batch 写出 CSV 或 Parquet 文件；--format 和 --out 不适用",
            "--batch writes CSV or Parquet files; --format and --out do not apply",
        )
    return None


def _monitor(args: argparse.Namespace, source: str) -> MonitorSummary:
    """Run the engine over ``source``, replacing the outputs only when rows were monitored."""
    from perftarget.batch import MONITOR_REQUIRED_COLUMNS, monitor_file
    from perftarget.batch._progress import Progress
    from perftarget.cli._batch import _check_input  # the same refusals as score --batch
    from perftarget.io._csv_write import refuse_overwriting_input, replaced_atomically

    _check_input(Path(source))
    refuse_overwriting_input(args.output, source)
    totals = getattr(args, "totals", None)
    if totals:
        refuse_overwriting_input(totals, source, args.output)
    with (
        replaced_atomically(args.output) as output,
        replaced_atomically(totals) if totals else nullcontext(None) as sums,
    ):
        summary = monitor_file(
            source,
            output,
            totals=sums,
            profile=args.profile,
            as_of=args.as_of,
            rules=args.rules,
            year=getattr(args, "year", None),
            batch_rows=args.batch_rows,
            progress=Progress(),
        )
        if not summary.rows:  # leave the outputs as they were
            needed = ", ".join(MONITOR_REQUIRED_COLUMNS)
            message = say(
                "没有可监控的行：表中没有数据行（需要的列：项目名称、三级指标、年度指标值）",
                f"no row monitored: the table has no data rows (columns needed: {needed}, "
                "or their official Chinese headers)",
            )
            raise TableError([Problem(where=Location(file=source), message=message)])
    return summary


def _status(summary: MonitorSummary, fail_on: str) -> int:
    """1 when a finding is at or above ``fail_on`` (the engine has no info findings)."""
    if fail_on == "error":
        return 1 if summary.errors else 0
    return 1 if summary.errors or summary.warnings else 0


def run_monitor_batch(args: argparse.Namespace, out: TextIO) -> int:
    """
    Monitor ``args.paths[0]`` with the columnar engine and write the files.

    Args:
        args: Parsed arguments of ``monitor`` with ``--batch``: ``paths``,
            ``output``, ``totals``, ``batch_rows``, ``as_of`` (None: the end
            of the period the table names), ``year``, ``profile``, ``rules``,
            ``lang`` and ``fail_on``.
        out: Where the one-line summary goes.

    Returns:
        0 when the files were written and no finding is at or above
        ``--fail-on``, 1 when some is, 2 on unusable input or options (also
        when no row was monitored: the outputs are then left as they were).
    """
    with language(getattr(args, "lang", "zh")):
        problem = _check_options(args)
        if problem is not None:
            return _refused(problem)
        source = str(next(iter(getattr(args, "paths", None) or [args.file])))
        try:
            from perftarget import batch  # noqa: F401
        except ImportError as error:
            return _refused(
                say(
                    f"--batch 需要 polars 和 pyarrow（{error}）；"
                    '请用 pip install "perftarget[batch]" 安装',
                    f"--batch needs polars and pyarrow ({error}); "
                    'install them with pip install "perftarget[batch]"',
                )
            )
        try:
            summary = _monitor(args, source)
        except (PerftargetError, OSError) as error:
            return _refused(str(error))
        except Exception as error:  # polars' own errors (unreadable CSV, bad encoding)
            if type(error).__module__.startswith("polars"):
                return _refused(
                    say(f"无法读取 {source}：{error}", f"cannot read {source}: {error}")
                )
            raise
        out.write(_summary_line(summary, args) + "\n")
        return _status(summary, getattr(args, "fail_on", "error"))


def _summary_line(summary: MonitorSummary, args: argparse.Namespace) -> str:
    totals = getattr(args, "totals", None)
    where_zh = f" → {args.output}" + (f"，项目结果 → {totals}" if totals else "")
    where_en = f" → {args.output}" + (f", totals → {totals}" if totals else "")
    day = summary.as_of.isoformat()
    return say(
        f"截至 {day} 监控 {summary.rows} 行、{summary.projects} 个项目：红灯 {summary.red}，"
        f"黄灯 {summary.yellow}，绿灯 {summary.green}；错误 {summary.errors}，"
        f"警告 {summary.warnings}{where_zh}",
        f"monitored {summary.rows} rows of {summary.projects} projects as of {day}: "
        f"{summary.red} red, {summary.yellow} yellow, {summary.green} green; "
        f"{summary.errors} errors, {summary.warnings} warnings{where_en}",
    )
