"""
Synthetic but realistic self-evaluation tables for the batch benchmarks.

Target strings are drawn with the frequencies of ``values.tsv`` (real tables'
value strings, one line per occurrence); counts and amounts are rescaled per
project, so a column holds many distinct strings, while percentages repeat
(``≥95%``, ``100%``) as they do in real tables.  Actuals follow the target's
shape: a number near the target in the same unit (sometimes the target copied
with its comparator), a completion date, or an achievement phrase.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Final

import numpy as np
import polars as pl

__all__ = ["VALUES_TSV", "synth_table", "write_table"]

VALUES_TSV: Final = Path(__file__).resolve().parents[2] / "shared" / "samples" / "values.tsv"
_SHAPE: Final = re.compile(r"^(≥|≤|>|<|=|不低于|不少于|不超过)?(\d+(?:\.\d+)?)(\D*)$")
_LEVEL1: Final = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}
_QUALITATIVE_ACTUALS: Final = ("达成年度指标", "达成预期指标", "基本达到", "效果明显", "未完成")
_DEADLINE_ACTUALS: Final = ("2020年11月完成", "按时完成", "2020年12月31日", "2021年1月")
_WEIGHTS: Final = ("5", "10", "10", "15", "20", "2.5")


def _templates() -> list[tuple[str, str, float, str, str, str]]:
    """(text, prefix, number or -1, unit, kind, level2) for every sample line."""
    out = []
    with VALUES_TSV.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    for record in csv.DictReader(lines, delimiter="\t"):
        value, kind, level2 = record["value"], record["kind"], record["level2"]
        if level2 not in _LEVEL1 or not value:
            continue
        match = _SHAPE.match(value.strip())
        if match is None:
            out.append((value, "", -1.0, "", kind, level2))
        else:
            out.append((value, match[1] or "", float(match[2]), match[3], kind, level2))
    return out


def synth_table(rows: int, seed: int = 7) -> pl.DataFrame:
    """
    Generate ``rows`` indicator rows in projects of 10 to 30 rows.

    Args:
        rows: Number of rows.
        seed: Random seed.

    Returns:
        A frame with the batch engine's input columns.
    """
    rng = np.random.default_rng(seed)
    templates = _templates()
    sizes = rng.integers(10, 31, size=rows // 10 + 2)
    project = np.repeat(np.arange(sizes.size), sizes)[:rows]
    pick = rng.integers(0, len(templates), size=rows)
    table = pl.DataFrame(
        {
            "text": [t[0] for t in templates],
            "pre": [t[1] for t in templates],
            "num": [t[2] for t in templates],
            "unit": [t[3] for t in templates],
            "kind": [t[4] for t in templates],
            "level2": [t[5] for t in templates],
        }
    )[pick]
    scale = rng.uniform(0.5, 2.0, size=sizes.size)[project]
    jitter = rng.uniform(0.8, 1.15, size=rows)
    copy = rng.random(rows) < 0.08
    phrase = rng.integers(0, 1 << 30, size=rows)
    frame = table.with_columns(
        project=pl.Series(project).cast(pl.String).str.zfill(7),
        scale=pl.Series(scale),
        jitter=pl.Series(jitter),
        copy=pl.Series(copy),
        phrase=pl.Series(phrase),
        weight=pl.Series(np.array(_WEIGHTS)[rng.integers(0, len(_WEIGHTS), size=rows)]),
    )
    numeric = (pl.col("num") >= 0) & pl.col("kind").is_in(["quantitative", "money", "percent"])
    varies = (
        numeric
        & pl.col("kind").is_in(["quantitative", "money"])
        & (pl.col("num") > 2)
        & (pl.col("num") == pl.col("num").round(0))
    )
    target_num = (
        pl.when(varies)
        .then((pl.col("num") * pl.col("scale")).round(0).clip(1))
        .otherwise(pl.col("num"))
    )
    frame = frame.with_columns(tnum=target_num)
    percent = pl.col("unit").str.contains("%")
    actual_num = (pl.col("tnum") * pl.col("jitter") * 10).round(0).cast(pl.Int64)
    numeric_actual = (
        pl.when(percent)
        .then(
            pl.concat_str(
                (actual_num // 10).cast(pl.String),
                pl.lit("."),
                (actual_num % 10).cast(pl.String),
                pl.col("unit"),
            )
        )
        .otherwise(pl.concat_str((actual_num // 10).cast(pl.String), pl.col("unit")))
    )
    target = (
        pl.when(varies)
        .then(
            pl.concat_str(
                pl.col("pre"), pl.col("tnum").cast(pl.Int64).cast(pl.String), pl.col("unit")
            )
        )
        .otherwise(pl.col("text"))
    )
    qualitative = pl.lit(pl.Series(_QUALITATIVE_ACTUALS)).gather(
        pl.col("phrase") % len(_QUALITATIVE_ACTUALS)
    )
    deadline = pl.lit(pl.Series(_DEADLINE_ACTUALS)).gather(
        pl.col("phrase") % len(_DEADLINE_ACTUALS)
    )
    actual = (
        pl.when(numeric & pl.col("copy"))
        .then(target)
        .when(numeric)
        .then(numeric_actual)
        .when(pl.col("kind") == "deadline")
        .then(deadline)
        .otherwise(qualitative)
    )
    return frame.select(
        "project",
        pl.col("level2").replace_strict(_LEVEL1).alias("level1"),
        "level2",
        pl.concat_str(pl.lit("指标"), pl.int_range(pl.len()).cast(pl.String)).alias("level3"),
        target.alias("target"),
        actual.alias("actual"),
        "weight",
    )


def write_table(path: Path, rows: int, seed: int = 7, chunk: int = 1_000_000) -> None:
    """
    Write a synthetic table of ``rows`` rows as CSV, a million rows at a time.

    Args:
        path: The CSV file.
        rows: Number of rows.
        seed: Random seed (each chunk uses ``seed + index``).
        chunk: Rows generated at once.
    """
    with path.open("wb") as handle:
        offset = 0
        for index, start in enumerate(range(0, rows, chunk)):
            frame = synth_table(min(chunk, rows - start), seed=seed + index)
            frame = frame.with_columns(
                pl.concat_str(pl.lit(f"c{index}-"), pl.col("project")).alias("project")
            )
            frame.write_csv(handle, include_header=index == 0)
            offset += frame.height
