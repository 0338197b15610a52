"""
Benchmark the columnar monitoring engine against the per-object path and the
floor (read + write the CSV with polars).

    python benchmarks/bench_monitor.py [--rows 10000 100000 1000000] [--repeat 3]

The tables are monitoring rounds made from the synthetic self-evaluation rows
of ``synth_tables.py`` (the value strings of real tables at their
frequencies), under the official headers: the actual becomes the current
value (1-6月完成情况, blank on a quarter of the rows), a quarter of the rows
report a forecast, likelihoods, deviation reasons and explanations are drawn
at plausible rates, and each project's 全年预算数 / 1-6月执行数 (and, for a
third of them, 全年预计执行数) sit on its first row.

Each case runs in its own process; its wall time, CPU time (user + system,
every thread: steadier than the wall time on a shared machine) and peak
resident memory are printed in one table:

(a) ``monitor_file(FILE, OUT.csv, totals=TOTALS.csv, as_of=2020-06-30)``
(b) the per-object path: the monitoring reader (``read_monitoring_sheets``
    on the CSV's rows under a title naming the year) and ``monitor`` per
    project, rows written as CSV (at the smallest size only: it is slow)
(d) ``polars.read_csv(FILE).write_csv(OUT)``

(a) and (d) run ``--repeat`` times and the median is kept.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = date(2020, 6, 30)
NAMES = {
    "a": "columnar engine (monitor_file)",
    "b": "per-object (reader + monitor)",
    "d": "floor: polars read+write",
}
HEADERS = {
    "project": "项目名称",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "current": "1-6月完成情况",
    "forecast": "全年预计完成情况",
    "likelihood": "完成目标可能性",
    "deviation": "偏差原因",
    "explanation": "原因说明",
    "weight": "分值",
    "budget": "全年预算数(万元)",
    "executed": "1-6月执行数",
    "forecast_execution": "全年预计执行数",
}
_LIKELIHOODS = ("确定能",) * 6 + ("有可能", "有可能", "完全不可能", "")
_REASONS = ("资金未到位", "人员不足", "疫情影响", "设备故障", "审批程序较长")


def write_round(path: Path, rows: int, seed: int = 11) -> None:
    """
    Write a synthetic monitoring round of ``rows`` indicator rows as CSV.

    Args:
        path: The CSV file.
        rows: Number of rows.
        seed: Random seed.
    """
    import numpy as np
    import polars as pl
    from synth_tables import synth_table

    rng = np.random.default_rng(seed)
    frame = synth_table(rows, seed=seed)
    draw = rng.random(rows)
    reason = rng.random(rows) < 0.15
    picks = rng.integers(0, 1 << 30, size=rows)
    first = (pl.col("project") != pl.col("project").shift(1)).fill_null(True)
    seed_expr = pl.col("project").hash(seed)
    budget = (seed_expr % 99_900 + 100).cast(pl.Float64) / 100
    share = ((seed_expr // 99_900) % 60 + 10).cast(pl.Float64) / 100
    frame = frame.with_columns(
        current=pl.when(pl.Series(draw) < 0.25).then(None).otherwise(pl.col("actual")),
        forecast=pl.when(pl.Series(draw) > 0.75).then(pl.col("actual")),
        likelihood=pl.lit(pl.Series(_LIKELIHOODS)).gather(pl.Series(picks) % len(_LIKELIHOODS)),
        deviation=pl.when(pl.Series(reason)).then(
            pl.lit(pl.Series(_REASONS)).gather(pl.Series(picks) % len(_REASONS))
        ),
        explanation=pl.when(pl.Series(reason) & (pl.Series(picks) % 10 < 7)).then(
            pl.lit("已说明情况")
        ),
        budget=pl.when(first).then(budget.round(2).cast(pl.String)),
        executed=pl.when(first).then((budget * share).round(2).cast(pl.String)),
        forecast_execution=pl.when(first & (seed_expr % 3 == 0)).then(
            (budget * 0.9).round(2).cast(pl.String)
        ),
    )
    frame.select(list(HEADERS)).rename(HEADERS).write_csv(path)


# ----------------------------------------------------------------- the cases


def case_engine(source: str, out: str) -> None:
    """(a) The columnar engine, streaming."""
    from perftarget.batch import monitor_file

    monitor_file(source, out, totals=out + ".totals.csv", as_of=AS_OF)


def case_object(source: str, out: str) -> None:
    """(b) The per-object path: the monitoring reader, then ``monitor`` per project."""
    from perftarget.io._blocks import Sheet
    from perftarget.io._monitor import read_monitoring_sheets
    from perftarget.monitor import load_profile, monitor, monitoring_record
    from perftarget.rules import load_rules

    profile, rules = load_profile("central"), load_rules()
    with open(source, encoding="utf-8", newline="") as handle:
        # a title row names the year, as the tables' own titles do (cells name other years)
        rows = [(1, [f"{AS_OF.year}年1-6月项目绩效运行监控表"])]
        rows += [(number, cells) for number, cells in enumerate(csv.reader(handle), start=2)]
    found = read_monitoring_sheets(
        [Sheet(name=None, rows=rows)], file=source, default_name="round", as_of=AS_OF
    )
    with open(out, "w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        for snapshot in found.projects:
            result = monitor(snapshot, profile=profile, rules=rules)
            record = monitoring_record([result], profile=profile.id)["projects"][0]
            for row in record["indicators"]:
                writer.writerow(
                    [record["name"], row["level3"], row["forecast"], row["projected_attainment"]]
                )


def case_floor(source: str, out: str) -> None:
    """(d) Read the CSV with polars and write it back out."""
    import polars as pl

    pl.read_csv(source, infer_schema=False).write_csv(out)


def command(case: str, source: Path, out: Path) -> list[str]:
    """The command line of one case."""
    return [sys.executable, str(Path(__file__).resolve()), "--case", case, str(source), str(out)]


# ----------------------------------------------------------------- measuring


def measure(argv: Sequence[str]) -> dict[str, float]:
    """Run ``argv`` in a measuring child: wall and CPU seconds, peak RSS in MiB."""
    probe = [sys.executable, str(Path(__file__).resolve()), "--measure", "--", *argv]
    done = subprocess.run(probe, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _measure_here(argv: Sequence[str]) -> None:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu": cpu, "mib": usage.ru_maxrss / 1024}))


def run(sizes: Sequence[int], folder: Path, repeat: int, object_rows: int) -> None:
    """Generate the rounds, run every case, print the table."""
    from tabulate import tabulate

    table: list[list[str]] = []
    for rows in sizes:
        source = folder / f"round_{rows}.csv"
        if not source.exists():
            write_round(source, rows)
        times: dict[str, float] = {}
        cpus: dict[str, float] = {}
        for case in ("a", "b", "d"):
            if case == "b" and rows > object_rows:
                continue
            runs = [
                measure(command(case, source, folder / f"out_{case}_{rows}.csv"))
                for _ in range(1 if case == "b" else repeat)
            ]
            seconds = statistics.median(r["seconds"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            times[case], cpus[case] = seconds, cpu
            note = ", ".join(f"{r['seconds']:.2f}" for r in runs) if len(runs) > 1 else ""
            mib = max(r["mib"] for r in runs)
            table.append(
                [
                    f"{rows:,}",
                    f"({case}) {NAMES[case]}",
                    f"{seconds:.2f}",
                    f"{cpu:.2f}",
                    f"{mib:.0f}",
                    note,
                ]
            )
            print(table[-1], file=sys.stderr, flush=True)
        ratios = f"a/d {times['a'] / times['d']:.1f} (CPU {cpus['a'] / cpus['d']:.1f})"
        if "b" in times:
            ratios += f", b/a {times['b'] / times['a']:.1f} (CPU {cpus['b'] / cpus['a']:.1f})"
        table.append(["", ratios, "", "", "", f"{rows / times['a']:,.0f} rows/s (a)"])
    headers = ["rows", "case", "wall s", "CPU s", "peak MiB", "runs (wall s)"]
    print(tabulate(table, headers=headers))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run the benchmark (or one case)."""
    sys.path.insert(0, str(HERE))
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--measure"]:
        _measure_here(args_in[2:] if args_in[1:2] == ["--"] else args_in[1:])
        return 0
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (d) per size")
    parser.add_argument(
        "--object-rows", type=int, default=10_000, help="run (b) up to this many rows"
    )
    parser.add_argument("--dir", type=Path, default=None, help="where tables are written")
    parser.add_argument("--case", choices=["a", "b", "d"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(args_in)
    if args.case:
        {"a": case_engine, "b": case_object, "d": case_floor}[args.case](*args.paths)
        return 0
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        run(sorted(args.rows), args.dir, args.repeat, args.object_rows)
        return 0
    with tempfile.TemporaryDirectory(prefix="perftarget-bench-") as folder:
        os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
        run(sorted(args.rows), Path(folder), args.repeat, args.object_rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
