"""
Monitoring tables for the tests: writers of one table in every format the
monitoring reader knows, and a Hypothesis strategy of tables.

A table is a list of rows of cell strings; :func:`write_table` lays the same
rows out as CSV, a workbook, a Word table or the text form of a Word
document, so that a test can read one table from every format.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from hypothesis import strategies as st

#: The formats :func:`write_table` writes.
FORMATS = (".csv", ".xlsx", ".docx", ".txt")

Table = list[list[str]]


def write_table(path: Path, rows: Sequence[Sequence[str]], *, heading: str = "") -> Path:
    """
    Write ``rows`` as the file ``path`` names (its extension picks the format).

    ``heading`` is a paragraph above a Word table, a line above a text
    table, and a first row in a CSV file or a workbook.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    table = [list(r) for r in rows]
    if heading and path.suffix not in (".docx", ".txt"):
        table.insert(0, [heading])
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(table)
    elif path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for cells in table:
            sheet.append(cells)
        book.save(path)
    elif path.suffix == ".docx":
        import docx

        document = docx.Document()
        if heading:
            document.add_paragraph(heading)
        word = document.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, cells in enumerate(table):
            for c, value in enumerate(cells):
                if value:
                    word.cell(r, c).text = value
        document.save(str(path))
    elif path.suffix == ".txt":
        lines = [heading, ""] if heading else []
        for cells in table:
            lines += [f"\t{cell}" for cell in cells] + [""]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:  # pragma: no cover - a test asked for a format not written here
        raise ValueError(path.suffix)
    return path


HEADER = [
    "项目名称",
    "年初预算数（万元）",
    "1-6月执行数（万元）",
    "全年预计执行数（万元）",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "1-6月完成情况",
    "全年预计完成情况",
    "完成目标可能性",
    "偏差原因",
    "原因说明",
]

_NAMES = ("培训项目", "道路养护", "河道清淤", "宣传经费", "设备购置")
_LIKELY = ("确定能", "有可能", "完全不可能", "")
_REASONS = ("", "资金未到位", "人员保障", "设备故障", "疫情影响")


def _amount(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


@st.composite
def _project(draw: st.DrawFn, name: str) -> Table:
    budget = draw(st.integers(min_value=100, max_value=10_000_000))
    executed = draw(st.integers(min_value=0, max_value=budget))
    forecast = draw(st.one_of(st.just(""), st.integers(min_value=executed, max_value=budget)))
    count = draw(st.integers(min_value=1, max_value=3))
    rows: Table = []
    for index in range(count):
        target = draw(st.integers(min_value=1, max_value=5000))
        current = draw(st.integers(min_value=0, max_value=target))
        reason = draw(st.sampled_from(_REASONS))
        first = index == 0
        rows.append(
            [
                name if first else "",
                _amount(budget) if first else "",
                _amount(executed) if first else "",
                (_amount(forecast) if isinstance(forecast, int) else "") if first else "",
                "产出指标",
                "数量指标",
                f"指标{index + 1}",
                f"≥{target}人次",
                f"{current}人次",
                draw(st.sampled_from(("", f"{target}人次"))),
                draw(st.sampled_from(_LIKELY)),
                reason,
                "说明" if reason else "",
            ]
        )
    return rows


@st.composite
def monitoring_tables(draw: st.DrawFn) -> Table:
    """A monitoring table of one to three projects, one row per indicator (1-6月 2020)."""
    names = draw(st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True))
    rows: Table = [["2020年1-6月项目绩效运行监控表"], HEADER]
    for name in names:
        rows += draw(_project(name))
    return rows
