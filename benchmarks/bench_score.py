"""
Benchmark scoring: one 20-indicator project, then one very large self-evaluation.

Run:  python benchmarks/bench_score.py [--repeat N] [--rows 10000 100000 200000] [--distinct]

Prints the median time of one :func:`perftarget.evaluate` call on a
20-indicator self-evaluation (mixed directions, one 万元/元 conversion, a
qualitative row, published scores to reconcile, a budget line).  Target: < 1 ms.

Then, for each ``--rows`` size, one self-evaluation of that many rows (the
same mix, every row with a published score, equal weights, so reconciliation
compares every not-met row with every other): the time of ``evaluate`` end to
end, and of ``read_table`` on a CSV of that size.  Target: 2×10⁵ rows scored in
under 5 s; cost grows linearly with the rows.  Rows repeat ten target and
actual cells, as real tables do, and rows sharing them share their working-out;
``--distinct`` also times tables in which no two rows share a cell.
"""

from __future__ import annotations

import argparse
import csv
import re
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from perftarget import (
    BudgetRow,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    Money,
    evaluate,
    load_rules,
    parse_actual,
    parse_target,
)
from perftarget.io import Limits, read_table

_ROWS = [
    ("≥1100人次", "1093人次", "5"),
    ("≥95%", "96%", "5"),
    ("≤30万元", "250000元", "5"),
    ("≤90万元", "99万元", "5"),
    ("=100%", "98%", "5"),
    ("有效", "有效", "5"),
    ("≥12次", "96次", "5"),
    ("≥221人", "221人", "5"),
    ("≥214人", "203人", "5"),
    ("≥5662人", "4044人", "5"),
]


def project() -> tuple[list[EvaluationRow], BudgetRow]:
    """A 20-indicator project with weights summing to 90."""
    rows = []
    for index in range(20):
        target, actual, _ = _ROWS[index % len(_ROWS)]
        level1, level2 = (
            (Level1.OUTPUT, Level2.QUANTITY) if index < 11 else (Level1.EFFECT, Level2.SOCIAL)
        )
        weight = Decimal("4.5")
        rows.append(
            EvaluationRow(
                indicator=Indicator(
                    level1=level1,
                    level2=level2,
                    name=f"指标{index + 1}",
                    target=parse_target(target),
                    weight=weight,
                ),
                actual=parse_actual(actual),
                published_score=weight,
                reason="",
            )
        )
    line = BudgetRow(
        budget=Money.parse("300万元"),
        executed=Money.parse("278.4449万元"),
        published_score=Decimal("9.28"),
        published_rate=Decimal("0.9281"),
    )
    return rows, line


def _distinct(text: str, index: int) -> str:
    """``text`` with its first number given six more decimals that are the row's own."""
    return re.sub(r"\d+", lambda number: f"{number.group()}.{index:06d}", text, count=1)


def large(count: int, *, distinct: bool = False) -> list[EvaluationRow]:
    """
    One self-evaluation of ``count`` rows: the project's mix, published scores kept.

    Rows repeat the mix's ten target and actual cells, as real tables repeat
    ``≥95%`` and ``100%``; with ``distinct``, every numeric cell is the row's
    own (``≥95.000123%``), so no two rows share a reading.
    """
    rows = []
    for index in range(count):
        target, actual, weight = _ROWS[index % len(_ROWS)]
        if distinct:
            target, actual = _distinct(target, index), _distinct(actual, index)
        rows.append(
            EvaluationRow(
                indicator=Indicator(
                    level1=Level1.OUTPUT,
                    level2=Level2.QUANTITY,
                    name=f"指标{index + 1}",
                    target=parse_target(target),
                    weight=Decimal(weight),
                ),
                actual=parse_actual(actual),
                published_score=Decimal(index % 6),
                reason="说明",
            )
        )
    return rows


def write_csv(path: Path, count: int) -> None:
    """A self-evaluation CSV of ``count`` indicator rows, in the bundled tables' layout."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["项目名称", "大表", "", "", "", "", "", ""])
        out.writerow(["单位:万元", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", ""])
        out.writerow(["年度资金总额", "300", "270", "10", "90%", "9", "", ""])
        out.writerow(
            [
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ]
        )
        for index in range(count):
            target, actual, weight = _ROWS[index % len(_ROWS)]
            out.writerow(
                [
                    "产出指标",
                    "数量指标",
                    f"指标{index + 1}",
                    target,
                    actual,
                    weight,
                    index % 6,
                    "说明",
                ]
            )


def evaluate_seconds(count: int, *, distinct: bool = False) -> tuple[float, int]:
    """Seconds to evaluate ``count`` rows (see :func:`large`), and the findings."""
    rows = large(count, distinct=distinct)
    start = time.perf_counter()
    card = evaluate(rows, budget=Money.parse("300万元"), executed=Money.parse("270万元"))
    return time.perf_counter() - start, len(card.findings)


def large_figures(count: int) -> tuple[float, float, int]:
    """Seconds to evaluate ``count`` rows and to read them from a CSV, and the findings."""
    scored, findings = evaluate_seconds(count)
    with tempfile.TemporaryDirectory(prefix="bench-score-") as folder:
        path = Path(folder) / "large.csv"
        write_csv(path, count)
        start = time.perf_counter()
        contents = read_table(path, limits=Limits(max_rows=count + 100))
        read = time.perf_counter() - start
    assert len(contents.evaluations[0].rows) == count
    return scored, read, findings


def main() -> None:
    """Time evaluate() and print the median per call, then the large tables."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 100_000, 200_000])
    parser.add_argument(
        "--distinct",
        action="store_true",
        help="also time tables whose rows share no target or actual cell",
    )
    args = parser.parse_args()
    rows, line = project()
    rules = load_rules()
    card = evaluate(rows, rules=rules, budget=line)  # warm the caches
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        evaluate(rows, rules=rules, budget=line)
        times.append(time.perf_counter() - start)
    median = statistics.median(times) * 1000
    print(
        f"evaluate(): 20 indicators, {len(card.findings)} findings: "
        f"median {median:.3f} ms per project (target < 1 ms)"
    )
    for count in args.rows:
        scored, read, findings = large_figures(count)
        print(
            f"one self-evaluation of {count:,} rows: evaluate() {scored:.2f} s"
            + (" (target < 5 s)" if count == 200_000 else "")
            + f" ({findings:,} findings), read_table() of its CSV {read:.2f} s"
        )
        if args.distinct:
            scored, findings = evaluate_seconds(count, distinct=True)
            print(
                f"  the same, no two rows sharing a cell: evaluate() {scored:.2f} s "
                f"({findings:,} findings)"
            )


if __name__ == "__main__":
    main()
