"""
Benchmark scoring one 20-indicator project after import.

Run:  python benchmarks/bench_score.py [--repeat N]

Prints the median time of one :func:`perftarget.evaluate` call on a
20-indicator self-evaluation (mixed directions, one 万元/元 conversion, a
qualitative row, published scores to reconcile, a budget line).  Target: < 1 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from decimal import Decimal

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


def main() -> None:
    """Time evaluate() and print the median per call."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
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


if __name__ == "__main__":
    main()
