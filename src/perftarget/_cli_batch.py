"""
``perftarget score --batch FILE --output OUT``: the command-line edge of the
columnar engine.  Kept apart from :mod:`perftarget.batch` so the command line
builds without polars; the engine is imported only when ``--batch`` is given.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

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
        help="FILE is a table with one row per indicator: project, level1, level2, level3, "
        "target, actual, weight[, published_score, reason, year]",
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


def run_batch(args: argparse.Namespace, out: TextIO) -> int:
    """
    Score ``args.file`` with the columnar engine and write the files.

    Args:
        args: Parsed arguments of ``score`` with ``--batch``.
        out: Where the one-line summary goes.

    Returns:
        0 when the files were written, 2 on unusable input or options.
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
    from perftarget.exceptions import RuleSetError
    from perftarget.rules import load_rules

    try:
        rules = load_rules(args.rules)
        summary = score_file(
            args.file,
            rules,
            args.output,
            totals=args.totals,
            batch_rows=args.batch_rows,
            progress=Progress(),
        )
    except (RuleSetError, OSError, ValueError) as error:
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
