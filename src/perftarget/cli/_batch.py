"""
``perftarget score --batch FILE --output OUT``: the command-line edge of the
columnar engine.  Kept apart from :mod:`perftarget.batch` so the command line
builds without polars; the engine is imported only when ``--batch`` is given.

Only a regular file is read, and a CSV holding NUL bytes (a binary file) is
refused before polars sees it.  The outputs are written to temporary files
beside them and renamed over ``OUT`` and ``TOTALS`` only when scoring
succeeded with at least one row, so a failed, killed or empty run leaves
earlier outputs as they were; an output that is the input is refused.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError

__all__ = ["add_batch_options", "run_batch"]


def add_batch_options(score: argparse.ArgumentParser) -> None:
    """
    Add ``--batch``, ``--output``, ``--totals`` and ``--batch-rows`` to ``score``.

    Args:
        score: The ``score`` subcommand's parser.
    """
    group = score.add_argument_group(
        "batch scoring",
        "score a large CSV/Parquet table of indicator rows (needs perftarget[batch])",
    )
    group.add_argument(
        "--batch",
        action="store_true",
        help="FILE is a table with one row per indicator, under the official headers "
        "(项目名称, 一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值[, 得分, 偏差原因, "
        "年度, 全年预算数, 全年执行数]) or project, level1, level2, level3, target, actual, "
        "weight[, published_score, reason, year, budget, executed]",
    )
    group.add_argument(
        "--output", metavar="OUT", help="per-row scores: .csv or .parquet (with --batch)"
    )
    group.add_argument(
        "--totals", metavar="TOTALS", help="per-project totals and grades: .csv or .parquet"
    )
    group.add_argument(
        "--batch-rows", type=int, default=250_000, metavar="N", help="rows per batch (memory)"
    )


def _check_input(path: Path) -> None:
    """
    Refuse what is not a regular file, and a CSV holding NUL bytes.

    Raises:
        TableError: The file is missing, a directory, a device, a pipe or a
            socket, or (not Parquet) holds NUL bytes in its first 64 KiB.
    """
    from perftarget.io._limits import Limits, check_regular_file

    check_regular_file(path, Limits(max_file_bytes=1 << 62))  # a batch may be any size
    if path.suffix.lower() in (".parquet", ".pq"):
        return
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    if b"\0" in head:
        message = say(
            "不是 CSV 文本：文件含有 NUL 字节（二进制文件？）",
            "not CSV text: the file holds NUL bytes (a binary file?)",
        )
        raise TableError([Problem(where=Location(file=str(path)), message=message)])


def run_batch(args: argparse.Namespace, out: TextIO) -> int:
    """
    Score ``args.file`` with the columnar engine and write the files.

    Args:
        args: Parsed arguments of ``score`` with ``--batch``.
        out: Where the one-line summary goes.

    Returns:
        0 when the files were written, 2 on unusable input or options
        (also when no row was scored: the outputs are then left as they
        were).
    """
    if not args.output:
        sys.stderr.write("perftarget score: --batch needs --output OUT.csv|OUT.parquet\n")
        return 2
    if args.batch_rows < 1:
        sys.stderr.write("perftarget score: --batch-rows must be at least 1\n")
        return 2
    try:
        from perftarget.batch._progress import Progress
        from perftarget.batch._stream import score_file
    except ImportError as error:
        sys.stderr.write(
            f"perftarget score: --batch needs polars and pyarrow ({error}); "
            'install them with pip install "perftarget[batch]"\n'
        )
        return 2
    from perftarget.batch._columns import INPUT_COLUMNS
    from perftarget.exceptions import RuleSetError
    from perftarget.io._csv_write import refuse_overwriting_input, replaced_atomically
    from perftarget.rules import load_rules

    try:
        _check_input(Path(args.file))
        refuse_overwriting_input(args.output, args.file)
        if args.totals:
            refuse_overwriting_input(args.totals, args.file, args.output)
        rules = load_rules(args.rules)
        with (
            replaced_atomically(args.output) as output,
            replaced_atomically(args.totals) if args.totals else nullcontext(None) as totals,
        ):
            summary = score_file(
                args.file,
                rules,
                output,
                totals=totals,
                batch_rows=args.batch_rows,
                progress=Progress(),
            )
            if not summary.rows:  # leave the outputs as they were
                needed = ", ".join(INPUT_COLUMNS)
                message = say(
                    "没有可评分的行：表中没有数据行（需要的列：项目名称、一级指标、二级指标、"
                    "三级指标、年度指标值、实际完成值、分值）",
                    f"no row scored: the table has no data rows (columns needed: {needed}, "
                    "or their official Chinese headers)",
                )
                raise TableError([Problem(where=Location(file=args.file), message=message)])
    except (RuleSetError, TableError) as error:
        sys.stderr.write(f"perftarget score: {error}\n")
        return 2
    except (OSError, ValueError) as error:
        sys.stderr.write(f"perftarget score: {error}\n")
        return 2
    except Exception as error:  # polars' own errors (unreadable CSV, bad encoding)
        if type(error).__module__.startswith("polars"):
            sys.stderr.write(f"perftarget score: cannot read {args.file}: {error}\n")
            return 2
        raise
    out.write(
        f"scored {summary.rows} rows of {summary.projects} projects → {args.output}"
        + (f", totals → {args.totals}" if args.totals else "")
        + "\n"
    )
    return 0
