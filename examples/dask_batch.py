"""
Score a table on a local Dask cluster with the batch engine, unchanged.

The recipe: partition the rows by project (so each project is whole in one
partition), map :func:`perftarget.batch.score_batch` over the partitions,
reduce each partition's rows to mergeable per-project sums with
:func:`perftarget.batch.partial_totals`, and finish them once with
:func:`perftarget.batch.merge_totals`.  Dask partitions are pandas frames;
each is turned into a polars frame and back.

Run it with ``python examples/dask_batch.py [TABLE.csv]``; it needs the extra
``distributed`` (``pip install "perftarget[distributed]"``) and says so, then
exits cleanly, when Dask is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster
except ImportError:
    print("this example needs Dask: pip install 'perftarget[distributed]' (skipped)")
    raise SystemExit(0) from None

import polars as pl

from perftarget.batch import merge_totals, partial_totals, public_columns, score_batch
from perftarget.rules import RuleSet, load_rules

COLUMNS = ["project", "level1", "level2", "level3", "target", "actual", "weight"]


def score_partition(part: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Score one partition: pandas in, pandas out, the pure batch function inside."""
    scored = score_batch(pl.from_pandas(part[COLUMNS].astype("string")), rules)
    return scored.to_pandas()


def totals_partition(part: pd.DataFrame) -> pd.DataFrame:
    """Reduce one partition's scored rows to per-project partial sums."""
    return partial_totals(pl.from_pandas(part)).to_pandas()


def example_table() -> pd.DataFrame:
    """A small table: three projects, twelve rows."""
    rows = []
    for project, scale in (("A", 1), ("B", 2), ("C", 3)):
        rows += [
            (
                project,
                "产出指标",
                "数量指标",
                "培训人次",
                f"≥{1100 * scale}人次",
                f"{1093 * scale}人次",
                "20",
            ),
            (project, "产出指标", "质量指标", "合格率", "≥95%", "97%", "20"),
            (project, "效益指标", "社会效益指标", "群众知晓率", "效果明显", "达成年度指标", "30"),
            (project, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "88%", "10"),
        ]
    return pd.DataFrame(rows, columns=COLUMNS, dtype="string")


def main(argv: list[str]) -> int:
    """Score the table named on the command line (or a small example) on a local cluster."""
    rules = load_rules("mof2020_selfeval")
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
        Client(cluster),
    ):
        if argv:
            frame = dd.read_csv(argv[0], dtype="string", blocksize="64MB")
        else:
            frame = dd.from_pandas(example_table(), npartitions=2)
        # Keep each project in one partition (a shuffle; skip it when the file is
        # already partitioned by project).
        frame = frame.shuffle("project")
        meta = score_partition(frame._meta, rules)
        scored = frame.map_partitions(score_partition, rules, meta=meta)
        partials = scored.map_partitions(totals_partition).compute()
        totals = merge_totals(pl.from_pandas(partials), rules)
        rows = pl.from_pandas(scored.compute())
    print(public_columns(rows).select("project", "target", "actual", "status", "score").head(8))
    print(totals.select("project", "rows", "total", "grade", "findings"))
    out = Path("dask-totals.csv")
    totals.write_csv(out)
    print(f"totals written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
