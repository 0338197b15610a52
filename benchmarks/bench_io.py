"""
Benchmark reading a 100,000-row self-evaluation from .xlsx and .csv.

Run:  python benchmarks/bench_io.py [--rows N] [--keep DIR]

Writes a self-evaluation of N indicator rows (official layout: funding
block, level labels once per group, 总分) as .xlsx (openpyxl write-only mode)
and .csv, then prints rows per second for:

* ``read_table`` end to end (file -> SelfEvaluation objects), .xlsx and .csv;
* openpyxl read-only mode alone (cells, and values only), the floor of the
  .xlsx reader;
* polars ``read_excel`` with the calamine engine (needs ``fastexcel``),
  a Rust reader considered as a faster alternative, raw cells only;
* the csv module alone.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_TARGETS = [
    ("≥1100人次", "1093人次"),
    ("≥95%", "96%"),
    ("≤30万元", "25万元"),
    ("＝100%", "98%"),  # full-width: "=…" would be a formula in Excel
    ("有效", "有效"),
    ("≥12次", "96次"),
]
_LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
]


def _rows(count: int) -> list[list[str]]:
    rows = [
        ["项目名称", "基准项目"],
        ["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["", "年度资金总额", "300", "300", "278.4449", "10", "92.81%", "9.28"],
        [
            "绩效指标",
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
    ]
    previous = ("", "")
    for index in range(count):
        level1, level2 = _LEVELS[(index // 20) % len(_LEVELS)]
        target, actual = _TARGETS[index % len(_TARGETS)]
        labels = (
            level1 if level1 != previous[0] else "",
            level2 if (level1, level2) != previous else "",
        )
        previous = (level1, level2)
        rows.append(["", *labels, f"指标{index}", target, actual, "0.001", "0.001"])
    rows.append(["总分", "", "", "", "", "", "100", "99"])
    return rows


def _write(rows: list[list[str]], folder: Path) -> tuple[Path, Path]:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("绩效自评表")
    for row in rows:
        sheet.append([_typed(cell) for cell in row])
    xlsx = folder / "selfeval.xlsx"
    workbook.save(xlsx)
    path = folder / "selfeval.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return xlsx, path


def _typed(cell: str) -> object:
    try:
        return float(cell) if cell and cell[0].isdigit() and "%" not in cell else cell or None
    except ValueError:
        return cell


def _time(label: str, rows: int, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:7.2f} s  {rows / elapsed:>10,.0f} rows/s")


def main() -> None:
    """Run the benchmark and print one line per reader."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    rows = _rows(args.rows)
    xlsx, path = _write(rows, folder)
    print(
        f"{args.rows:,} indicator rows; .xlsx {xlsx.stat().st_size:,} bytes, "
        f".csv {path.stat().st_size:,} bytes"
    )

    from openpyxl import load_workbook

    from perftarget.io import Limits, read_table

    def check(file: Path) -> None:
        # The default row limit (100,000) is for untrusted files; these are ours.
        [evaluation] = read_table(file, limits=Limits(max_rows=args.rows + 100)).evaluations
        assert len(evaluation.rows) == args.rows

    def openpyxl_cells(values_only: bool) -> None:
        workbook = load_workbook(xlsx, read_only=True, data_only=True)
        for row in workbook.active.iter_rows(values_only=values_only):  # type: ignore[union-attr]
            for cell in row:
                _ = cell if values_only else cell.value  # type: ignore[union-attr]
        workbook.close()

    _time("read_table(.xlsx)  [openpyxl read-only, end to end]", args.rows, lambda: check(xlsx))
    _time("read_table(.csv)   [end to end]", args.rows, lambda: check(path))
    _time(
        "openpyxl read-only, cells with formats (no parsing)",
        args.rows,
        lambda: openpyxl_cells(False),
    )
    _time("openpyxl read-only, values only (no parsing)", args.rows, lambda: openpyxl_cells(True))
    try:
        import polars

        _time(
            "polars read_excel, calamine engine (no parsing)",
            args.rows,
            lambda: polars.read_excel(xlsx, engine="calamine", has_header=False),
        )
    except ImportError as error:
        print(f"polars/calamine not available: {error}")
    with path.open(encoding="utf-8-sig") as stream:
        _time(
            "csv module alone (no parsing)", args.rows, lambda: sum(1 for _ in csv.reader(stream))
        )


if __name__ == "__main__":
    main()
