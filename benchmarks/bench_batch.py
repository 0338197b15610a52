"""
Benchmark the columnar batch engine against the per-object path, a naive
per-row pint loop and the floor (read + write the CSV with polars).

    python benchmarks/bench_batch.py [--rows 10000 100000 1000000] [--huge 10000000]

Each case runs in its own process; its wall time and peak resident memory
(``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a measuring parent) are printed
in one table with the ratios a/d (engine / floor) and c/a (naive / engine).
The fast cases (a) and (d) run ``--repeat`` times (default 3) and the median
is kept, so that one unlucky run on a busy machine does not decide a ratio;
(b) and (c) take minutes at 10**6 rows and run once.  The ratio c/d (naive /
floor) is printed too: no engine that reads and writes the file as (d) does
can be more than c/d times faster than (c).

(a) ``perftarget score --batch FILE --output OUT.csv --totals TOTALS.csv``
(b) ``evaluate`` per project, rows built with ``parse_target``/``parse_actual``
(c) a plain per-row loop: csv module, a regex per value, pint's default
    registry with the units defined once, float arithmetic, ``round``
(d) ``polars.read_csv(FILE).write_csv(OUT)``

``--chinese`` measures (a) against (d) on the same tables written as the
official layout names them: Chinese headers (项目名称, 一级指标 … 实际完成值,
分值) and the budget line's 全年预算数 / 全年执行数 on each project's first
row, so that the engine also reads the header vocabulary and scores the
budget line.  Peak memory is printed beside each time.

``--adjusted`` measures (a) and (d) on the plain tables and on the same
tables with an ``adjusted_target`` column (调整后指标值) filled on a tenth of
the rows, a lowered target; ``--baseline SRC`` also runs (a) with another
checkout's ``src`` first on ``PYTHONPATH`` (the engine before a change),
interleaved with the others so that all see the same machine load.
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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = ("a", "b", "c", "d")
NAMES = {
    "a": "columnar engine (CLI)",
    "b": "per-object evaluate",
    "c": "naive per-row pint",
    "d": "floor: polars read+write",
}


# ----------------------------------------------------------------- the cases


def case_floor(source: str, out: str) -> None:
    """(d) Read the CSV with polars and write it back out."""
    import polars as pl

    pl.read_csv(source, infer_schema=False).write_csv(out)


def case_object(source: str, out: str) -> None:
    """(b) The per-object path: ``evaluate`` per project."""
    from decimal import Decimal

    from perftarget import EvaluationRow, Indicator, evaluate, load_rules
    from perftarget.core._actual import parse_actual
    from perftarget.core._levellabel import parse_level1, parse_level2
    from perftarget.core._parse import parse_target
    from perftarget.exceptions import ModelError, TargetParseError

    rules = load_rules("mof2020_selfeval")
    level1s: dict[str, object] = {}
    level2s: dict[str, object] = {}

    def flush(rows: list[EvaluationRow], writer: object, totals: object, project: str) -> None:
        card = evaluate(rows, rules=rules)
        for item in card.indicators:
            score = "" if item.score is None else format(item.score, "f")
            writer.writerow([project, item.row.indicator.name, item.status.value, score])  # type: ignore[attr-defined]
        totals.writerow([project, format(card.total, "f"), card.grade])  # type: ignore[attr-defined]

    with (
        open(source, encoding="utf-8", newline="") as handle,
        open(out, "w", encoding="utf-8", newline="") as sink,
        open(out + ".totals.csv", "w", encoding="utf-8", newline="") as tsink,
    ):
        writer, totals = csv.writer(sink), csv.writer(tsink)
        current: str | None = None
        rows: list[EvaluationRow] = []
        for record in csv.DictReader(handle):
            if record["project"] != current and rows:
                flush(rows, writer, totals, current or "")
                rows = []
            current = record["project"]
            level1 = level1s.get(record["level1"]) or parse_level1(record["level1"]).category
            level2 = level2s.get(record["level2"]) or parse_level2(record["level2"]).category
            level1s[record["level1"]], level2s[record["level2"]] = level1, level2
            try:
                target = parse_target(record["target"], level2=level2)  # type: ignore[arg-type]
                actual = parse_actual(record["actual"]) if record["actual"] else None
                indicator = Indicator(
                    level1=level1,  # type: ignore[arg-type]
                    level2=level2,  # type: ignore[arg-type]
                    name=record["level3"],
                    target=target,
                    weight=Decimal(record["weight"]) if record["weight"] else None,
                )
            except (TargetParseError, ModelError):
                continue
            rows.append(EvaluationRow(indicator=indicator, actual=actual))
        if rows:
            flush(rows, writer, totals, current or "")


def case_pint(source: str, out: str) -> None:
    """(c) What a user without perftarget would write: a regex and pint per row."""
    import re

    import pint

    ureg: Any = pint.UnitRegistry()
    for line in (
        "yuan = [money]",
        "wan_yuan = 10000 * yuan",
        "mu = 666.6667 * meter ** 2",
        "person = [person]",
        "times = [times]",
        "piece = [piece]",
        "vehicle = [vehicle]",
    ):
        ureg.define(line)
    units = {
        "%": "percent",
        "万元": "wan_yuan",
        "万": "wan_yuan",
        "元": "yuan",
        "人": "person",
        "人次": "person",
        "次": "times",
        "个": "piece",
        "件": "piece",
        "辆": "vehicle",
        "亩": "mu",
        "M": "meter",
        "天": "day",
        "": "dimensionless",
    }
    pattern = re.compile(r"^(≥|≤|>|<|=|不低于|不少于|不超过)?\s*(\d+(?:\.\d+)?)\s*(.*)$")
    achieved = {"达成年度指标": 1.0, "达成预期指标": 1.0, "已完成": 1.0, "按时完成": 1.0}
    achieved.update({"基本达到": 0.8, "效果明显": 1.0, "未完成": 0.0})

    def unit(word: str) -> str:
        name = units.get(word)
        if name is None:
            name = f"u{len(units)}"
            ureg.define(f"{name} = [{name}]")
            units[word] = name
        return name

    totals: dict[str, float] = {}
    with (
        open(source, encoding="utf-8", newline="") as handle,
        open(out, "w", encoding="utf-8", newline="") as sink,
    ):
        writer = csv.writer(sink)
        for row in csv.DictReader(handle):
            weight = float(row["weight"] or 0)
            target = pattern.match(row["target"].strip())
            actual = pattern.match(row["actual"].strip())
            score = 0.0
            if target and actual:
                t = ureg.Quantity(float(target[2]), unit(target[3]))
                try:
                    a = ureg.Quantity(float(actual[2]), unit(actual[3])).to(t.units)
                except pint.DimensionalityError:
                    a = None
                if a is not None and t.magnitude:
                    if target[1] in ("≤", "<", "不超过"):
                        score = weight if a <= t else weight * (t / a).magnitude
                    else:
                        score = weight * min((a / t).magnitude, 1.0)
            else:
                score = weight * achieved.get(row["actual"].strip(), 0.0)
            score = round(score, 2)
            totals[row["project"]] = totals.get(row["project"], 0.0) + score
            writer.writerow([row["project"], row["level3"], f"{score:.2f}"])
    with open(out + ".totals.csv", "w", encoding="utf-8", newline="") as sink:
        writer = csv.writer(sink)
        for project, total in totals.items():
            writer.writerow([project, f"{total:.2f}"])


#: Share of the rows ``--adjusted`` gives an adjusted target.
ADJUSTED_SHARE = 0.1
_NUMBER_SHAPE = r"^(≥|≤|>|<|=|不低于|不少于|不超过)?(\d+(?:\.\d+)?)(\D*)$"


def write_adjusted_table(path: Path, rows: int) -> None:
    """
    Write the synthetic table with an ``adjusted_target`` column on a tenth of its rows.

    The rows are those of ``synth_tables.write_table``; every tenth row (by a
    hash of its position) gets its target lowered by a tenth (``≥1100人次``
    → ``≥990人次``; a phrase or deadline is repeated as it is); the others
    leave the cell empty.
    """
    import polars as pl
    from synth_tables import write_table

    plain = path.with_suffix(".plain.csv")
    write_table(plain, rows)
    with path.open("wb") as sink:
        for index, frame in enumerate(
            pl.scan_csv(plain, infer_schema=False).collect_batches(chunk_size=1_000_000)
        ):
            position = pl.int_range(pl.len()) + index * 1_000_000
            chosen = position.hash(11) % 1000 < int(ADJUSTED_SHARE * 1000)
            parts = pl.col("target").str.extract_groups(_NUMBER_SHAPE)
            number = parts.struct.field("2").cast(pl.Float64)
            lowered = pl.concat_str(
                parts.struct.field("1").fill_null(""),
                (number * 0.9).round(2).cast(pl.String).str.replace(r"\.0$", ""),
                parts.struct.field("3"),
            )
            adjusted = pl.when(number.is_not_null()).then(lowered).otherwise(pl.col("target"))
            frame = frame.with_columns(
                pl.when(chosen).then(adjusted).otherwise(pl.lit("")).alias("adjusted_target")
            )
            frame.write_csv(sink, include_header=index == 0)
    plain.unlink()


def run_adjusted(sizes: Sequence[int], folder: Path, repeat: int, baseline: Path | None) -> None:
    """(a), the baseline's (a) and (d) on plain tables and on tables with 10 % adjusted rows."""
    sys.path.insert(0, str(HERE))
    from synth_tables import write_table
    from tabulate import tabulate

    load = os.getloadavg()
    table: list[list[str]] = []
    for rows in sizes:
        sources = {
            "plain": folder / f"table_{rows}.csv",
            "10% adjusted": folder / f"adj_{rows}.csv",
        }
        if not sources["plain"].exists():
            write_table(sources["plain"], rows)
        if not sources["10% adjusted"].exists():
            write_adjusted_table(sources["10% adjusted"], rows)
        cases = ["a", "d"] if baseline is None else ["a", "base", "d"]
        for kind, source in sources.items():
            found: dict[str, list[dict[str, float]]] = {case: [] for case in cases}
            for _ in range(repeat):  # interleaved, so every case sees the same machine load
                for case in cases:
                    argv = command(
                        "a" if case == "base" else case, source, folder / f"out_{case}.csv"
                    )
                    found[case].append(measure(argv, baseline if case == "base" else None))
            median = {c: statistics.median(r["seconds"] for r in found[c]) for c in cases}
            peak = {c: max(r["mib"] for r in found[c]) for c in cases}
            line = [f"{rows:,}", kind]
            line += [f"{median[c]:.2f} s, {peak[c]:.0f} MiB" for c in cases]
            line.append(f"{median['a'] / median['d']:.2f}")
            if baseline is not None:
                line.append(f"{median['a'] / median['base']:.2f}")
            line.append(" ".join(f"{r['seconds']:.2f}" for r in found["a"]))
            table.append(line)
            print(table[-1], file=sys.stderr, flush=True)
    headers = ["rows", "table", "(a) engine"]
    if baseline is not None:
        headers.append("(a) baseline")
    headers += ["(d) floor", "a/d"]
    if baseline is not None:
        headers.append("a/baseline")
    headers.append("(a) runs")
    print(tabulate(table, headers=headers))
    before, after = (" ".join(f"{x:.2f}" for x in avg) for avg in (load, os.getloadavg()))
    print(f"\nload average (1, 5, 15 min) before: {before}; after: {after}")


def command(case: str, source: Path, out: Path) -> list[str]:
    """The command line of one case."""
    if case == "a":
        return [
            sys.executable,
            "-m",
            "perftarget.cli",
            "score",
            "--batch",
            str(source),
            "--output",
            str(out),
            "--totals",
            str(out) + ".totals.csv",
        ]
    return [sys.executable, str(Path(__file__).resolve()), "--case", case, str(source), str(out)]


#: The official header of each batch column, for ``--chinese``.
CHINESE_HEADERS = {
    "project": "项目名称",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "weight": "分值",
}


def write_chinese_table(path: Path, rows: int) -> None:
    """
    Write a synthetic table under the official Chinese headers, with budget columns.

    The rows are those of ``synth_tables.write_table``; each project's first
    row carries its 全年预算数 and 全年执行数 (amounts drawn from the project's
    name: 1 to 1,000 万元, executed 70 % to 105 % of it).
    """
    import polars as pl
    from synth_tables import write_table

    english = path.with_suffix(".en.csv")
    write_table(english, rows)
    with path.open("wb") as sink:
        for index, frame in enumerate(
            pl.scan_csv(english, infer_schema=False).collect_batches(chunk_size=1_000_000)
        ):
            first = (pl.col("project") != pl.col("project").shift(1)).fill_null(True)
            seed = pl.col("project").hash(7)
            budget = (seed % 99_900 + 100).cast(pl.Float64) / 100
            executed = budget * ((seed // 99_900) % 36 + 70).cast(pl.Float64) / 100
            frame = frame.with_columns(
                pl.when(first).then(budget.round(2).cast(pl.String)).alias("全年预算数"),
                pl.when(first).then(executed.round(2).cast(pl.String)).alias("全年执行数"),
            ).rename(CHINESE_HEADERS)
            frame.write_csv(sink, include_header=index == 0)
    english.unlink()


# ----------------------------------------------------------------- measuring


def measure(argv: Sequence[str], src: Path | None = None) -> dict[str, float]:
    """
    Run ``argv`` in a measuring child: wall seconds and peak RSS in MiB.

    ``src`` goes first on the child's ``PYTHONPATH`` (another checkout's package).
    """
    probe = [sys.executable, str(Path(__file__).resolve()), "--measure", "--", *argv]
    env = None
    if src is not None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(src), env.get("PYTHONPATH")]))
    done = subprocess.run(probe, capture_output=True, text=True, check=True, env=env)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _measure_here(argv: Sequence[str]) -> None:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "mib": peak}))


def _row(rows: int, case: str, seconds: float, mib: float, note: str) -> list[str]:
    return [f"{rows:,}", f"({case}) {NAMES[case]}", f"{seconds:8.2f}", f"{mib:7.0f}", note]


def run_chinese(sizes: Sequence[int], folder: Path, repeat: int) -> None:
    """(a) against (d) on tables with Chinese headers and budget columns, side by side."""
    sys.path.insert(0, str(HERE))
    from tabulate import tabulate

    table: list[list[str]] = []
    for rows in sizes:
        source = folder / f"chinese_{rows}.csv"
        if not source.exists():
            write_chinese_table(source, rows)
        found: dict[str, dict[str, float]] = {}
        for _ in range(repeat):  # interleaved, so both see the same machine load
            for case in ("a", "d"):
                result = measure(command(case, source, folder / f"out_{case}_{rows}.csv"))
                found.setdefault(case, {"mib": 0.0})
                found[case].setdefault("runs", 0.0)
                found[case][f"s{int(found[case]['runs'])}"] = result["seconds"]
                found[case]["runs"] += 1
                found[case]["mib"] = max(found[case]["mib"], result["mib"])
        a, d = (
            statistics.median(v for k, v in found[c].items() if k.startswith("s")) for c in "ad"
        )
        table.append(
            [
                f"{rows:,}",
                f"{a:.2f} s, {found['a']['mib']:.0f} MiB",
                f"{d:.2f} s, {found['d']['mib']:.0f} MiB",
                f"{a / d:.2f}",
                f"{source.stat().st_size / 2**20:.0f} MiB",
            ]
        )
        print(table[-1], file=sys.stderr, flush=True)
    headers = ["rows", "(a) engine (CLI)", "(d) floor", "a/d (target ≤ 2)", "file"]
    print(tabulate(table, headers=headers))


def run(sizes: Sequence[int], huge: int | None, folder: Path, limit: float, repeat: int) -> None:
    """Generate the tables, run every case, print the table and the ratios."""
    sys.path.insert(0, str(HERE))
    from synth_tables import write_table
    from tabulate import tabulate

    table: list[list[str]] = []
    ratios: list[list[str]] = []
    previous: dict[str, tuple[int, float]] = {}
    for rows in sizes:
        source = folder / f"table_{rows}.csv"
        if not source.exists():
            write_table(source, rows)
        times: dict[str, float] = {}
        for case in CASES:
            note = ""
            last = previous.get(case)
            if case in "bc" and last is not None and last[1] * rows / last[0] > limit:
                seconds, mib = last[1] * rows / last[0], float("nan")
                note = f"extrapolated ×{rows // last[0]} from {last[0]:,} rows"
            else:
                argv = command(case, source, folder / f"out_{case}_{rows}.csv")
                runs = [measure(argv) for _ in range(repeat if case in "ad" else 1)]
                seconds = statistics.median(r["seconds"] for r in runs)
                mib = max(r["mib"] for r in runs)
                if len(runs) > 1:
                    note = f"median of {len(runs)}: " + ", ".join(
                        f"{r['seconds']:.2f}" for r in runs
                    )
                previous[case] = (rows, seconds)
            times[case] = seconds
            table.append(_row(rows, case, seconds, mib, note))
            print(table[-1], file=sys.stderr, flush=True)
        ratios.append(
            [
                f"{rows:,}",
                f"{times['a'] / times['d']:.2f}",
                f"{times['c'] / times['a']:.0f}",
                f"{times['c'] / times['d']:.0f}",
                f"{times['b'] / times['a']:.0f}",
                f"{rows / times['a']:,.0f}",
            ]
        )
    if huge:
        source = folder / f"table_{huge}.csv"
        if not source.exists():
            write_table(source, huge)
        for case in ("a", "d"):
            result = measure(command(case, source, folder / f"out_{case}_{huge}.csv"))
            table.append(_row(huge, case, result["seconds"], result["mib"], "streaming check"))
    print(tabulate(table, headers=["rows", "case", "seconds", "peak MiB", "note"]))
    print()
    headers = [
        "rows",
        "a/d (target ≤ 3)",
        "c/a (target ≥ 50)",
        "c/d (bound on c/a)",
        "b/a",
        "engine rows/s",
    ]
    print(tabulate(ratios, headers=headers))


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options and run the benchmark (or one case, or a measurement)."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    if args_in[:1] == ["--measure"]:
        _measure_here(args_in[2:] if args_in[1:2] == ["--"] else args_in[1:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--huge", type=int, default=None, help="also stream a table this big")
    parser.add_argument("--dir", type=Path, default=None, help="where tables are written")
    parser.add_argument(
        "--limit", type=float, default=300.0, help="extrapolate (b), (c) beyond this many seconds"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of (a) and (d) per size; the median is kept"
    )
    parser.add_argument(
        "--chinese",
        action="store_true",
        help="(a) against (d) only, on tables with Chinese headers and budget columns",
    )
    parser.add_argument(
        "--adjusted",
        action="store_true",
        help="(a) against (d) only, on plain tables and on tables with 10%% adjusted targets",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="with --adjusted, also run (a) with this src directory first on PYTHONPATH",
    )
    parser.add_argument("--case", choices=["b", "c", "d"], help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(args_in)
    if args.case:
        {"b": case_object, "c": case_pint, "d": case_floor}[args.case](*args.paths)
        return 0

    def go(folder: Path) -> None:
        if args.adjusted:
            run_adjusted(sorted(args.rows), folder, args.repeat, args.baseline)
        elif args.chinese:
            run_chinese(sorted(args.rows), folder, args.repeat)
        else:
            run(sorted(args.rows), args.huge, folder, args.limit, args.repeat)

    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        go(args.dir)
        return 0
    with tempfile.TemporaryDirectory(prefix="perftarget-bench-") as folder:
        os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 2))
        go(Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
