"""
Benchmark the value parser and the import time.

Run:  python benchmarks/bench_parse.py [--count N]
      python benchmarks/bench_parse.py --long [--long-count N]

Prints: distinct strings parsed per second on one core (cache bypassed),
repeats per second (served from the cache), and the median time of
``import perftarget`` over a bare interpreter, each measured here.

``--long`` measures instead what the parse caches hold after ``N`` (5,000)
distinct 100,000-character cells: the peak resident memory of this process
before and after, and the time per cell.  The caches keep only texts of up
to ``CACHED_TEXT_LONGEST`` characters, so the growth stays near zero.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from perftarget import TargetParseError
from perftarget.core._parse import _parse, parse_target

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "values.tsv"

# Shapes seen in real tables, filled with varying numbers so every string is distinct.
_SHAPES: tuple[Callable[[random.Random], str], ...] = (
    lambda r: f"≥{r.randint(50, 99)}.{r.randint(0, 99)}%",
    lambda r: f"{r.randint(1, 99999)}人",
    lambda r: f"≤{r.randint(1, 9999)}.{r.randint(0, 99):02d}万元",
    lambda r: f"不少于{r.randint(1, 999)} 种",
    lambda r: f"{r.randint(1, 99)}.{r.randint(0, 9)}%以上",
    lambda r: f">= {r.randint(50, 100)} %(百分比)",
    lambda r: f"≥{r.randint(1, 500)}次/月",
    lambda r: f"{r.randint(1, 9)}-{r.randint(10, 30)}天",
    lambda r: f"{r.randint(2015, 2030)}年{r.randint(1, 12)}月底前",
    lambda r: f"﹦{r.randint(1, 100000)}元",
    lambda r: f"≧{r.randint(100, 99999)}亩",
    lambda r: f"{r.randint(1, 99999)}",
)


def distinct_strings(count: int, seed: int = 1) -> list[str]:
    """Return ``count`` distinct realistic value strings."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(rng.choice(_SHAPES)(rng))
    return list(seen)


def per_second(func: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)
    return len(texts) / (time.perf_counter() - start)


def import_time(repeats: int = 7) -> tuple[float, float]:
    """Median wall time of a bare interpreter and of one that imports perftarget."""

    def run(code: str) -> float:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    return run("pass"), run("import perftarget")


def peak_rss_mib() -> float:
    """The peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def long_cells(count: int, length: int = 100_000) -> None:
    """Parse ``count`` distinct cells of ``length`` characters and print the memory kept."""
    rng = random.Random(3)
    words = "项目实施效果明显群众满意度提升服务质量改善"
    base = "".join(rng.choice(words) for _ in range(length))
    parse_target("≥95%")  # load everything the parser needs before the first reading
    before = peak_rss_mib()
    start = time.perf_counter()
    for index in range(count):
        text = base[index:] + base[:index]  # a rotation: distinct, built in linear time
        with contextlib.suppress(TargetParseError):
            parse_target(text)
    seconds = time.perf_counter() - start
    after = peak_rss_mib()
    print(f"long cells parsed                : {count:>12,} x {length:,} characters")
    print(f"time per long cell               : {1000 * seconds / count:>12.1f} ms")
    print(f"peak RSS before / after          : {before:>8,.0f} / {after:,.0f} MiB")
    print(f"held after the long cells        : {after - before:>12,.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--long", action="store_true", help="measure the caches on long cells")
    parser.add_argument("--long-count", type=int, default=5_000)
    args = parser.parse_args()
    if args.long:
        long_cells(args.long_count)
        return
    texts = distinct_strings(args.count)
    real = []
    if SAMPLES.exists():
        lines = SAMPLES.read_text(encoding="utf-8").splitlines()[1:]
        real = [line.split("\t")[0] for line in lines if not line.startswith("#")]
    uncached = per_second(lambda t: _parse(t, None), texts)
    for text in texts:
        parse_target(text)
    cached = per_second(parse_target, texts[-60_000:] * 3)
    real_rate = per_second(lambda t: _parse(t, None), real * 200) if real else float("nan")
    bare, loaded = import_time()
    print(f"distinct strings, cache bypassed : {uncached:>12,.0f} /s  ({args.count:,} strings)")
    print(f"values.tsv strings, uncached     : {real_rate:>12,.0f} /s  ({len(real)} x 200)")
    print(f"repeats served from the cache    : {cached:>12,.0f} /s")
    print(
        f"import perftarget over bare python: {1000 * (loaded - bare):>10.1f} ms "
        f"(bare {1000 * bare:.1f} ms, with import {1000 * loaded:.1f} ms)"
    )


if __name__ == "__main__":
    main()
