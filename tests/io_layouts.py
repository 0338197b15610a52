"""
Builders of table files in the layouts real tables use, for the io tests.

A table is given as a :class:`Spec` (project name, budget, indicator rows as
strings).  ``rows(spec, layout)`` lays it out as a list of rows of cells, in
one of the layouts of domain-rules §3.1 and the samples; ``to_xlsx``,
``to_docx``, ``to_csv`` and ``to_text`` write those rows as a file, with
merged cells where a level label is blank below its first row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

from attrs import field, frozen

from perftarget.core._text import normalize

_FUNDING = ("分值", "执行率", "得分")
_BUDGET_KEYS = ("initial", "budget", "executed", "weight", "rate", "score")
LAYOUTS = ("combined", "split", "weight_first")
_SPLIT = re.compile(r"^([≥≤=<>]?)(\d+(?:\.\d+)?)([^\d]*)$")


@frozen(kw_only=True)
class Row:
    """One indicator row as written in a table."""

    level1: str
    level2: str
    level3: str
    target: str
    actual: str = ""
    weight: str = ""
    score: str = ""
    cells: tuple[str, str, str] | None = None


@frozen(kw_only=True)
class Spec:
    """A table to lay out: target table when ``evaluation`` is False."""

    name: str
    rows: Sequence[Row]
    evaluation: bool
    budget: dict[str, str] = field(factory=dict)
    unit: str = "万元"
    total: str = ""


def split_target(row: Row) -> tuple[str, str, str]:
    """The 指标性质 | 指标值 | 度量单位 cells of a row's target."""
    if row.cells is not None:
        return row.cells
    match = _SPLIT.match(normalize(row.target))
    if match is None or (not match.group(3) and not match.group(1)):
        return ("", row.target, "")
    return match.group(1), match.group(2), match.group(3)


def _labels(rows: Sequence[Row]) -> list[tuple[str, str]]:
    """Level labels, blank where they repeat the row above (merged cells)."""
    out: list[tuple[str, str]] = []
    previous = ("", "")
    for row in rows:
        level1 = row.level1 if row.level1 != previous[0] else ""
        level2 = row.level2 if (row.level1, row.level2) != previous else ""
        out.append((level1, level2))
        previous = (row.level1, row.level2)
    return out


def rows(spec: Spec, layout: str) -> list[list[str]]:
    """Lay out ``spec`` in ``layout`` (combined, split or weight_first)."""
    out: list[list[str]] = [["项目名称", spec.name]]
    if spec.budget:
        b = spec.budget
        if spec.evaluation:
            out.append(
                [
                    f"项目资金({spec.unit})",
                    "",
                    "年初预算数",
                    "全年预算数",
                    "全年执行数",
                    "分值",
                    "执行率",
                    "得分",
                ]
            )
            out.append(
                [
                    "",
                    "年度资金总额",
                    b.get("initial", ""),
                    b.get("budget", ""),
                    b.get("executed", ""),
                    b.get("weight", ""),
                    b.get("rate", ""),
                    b.get("score", ""),
                ]
            )
        else:
            out.append([f"资金情况({spec.unit})", "年度资金总额", b.get("budget", "")])
    levels = ["一级指标", "二级指标", "三级指标"]
    tail = ["实际完成值", "分值", "得分", "偏差原因分析及改进措施"] if spec.evaluation else []
    if layout == "split":
        out.append([*levels, "年度指标值", "", "", *tail])
        out.append(["", "", "", "指标性质", "指标值", "度量单位"])
    elif layout == "weight_first":
        if spec.evaluation:
            out.append([*levels, "分值", "年度指标值", "全年实际值", "得分"])
        else:
            out.append(["一级指标", "二级指标", "指标内容", "分值", "指标值"])
    else:
        out.append([*levels, "年度指标值" if spec.evaluation else "指标值及单位", *tail])
    for row, (level1, level2) in zip(spec.rows, _labels(spec.rows), strict=True):
        start = [level1, level2, row.level3]
        extra = [row.actual, row.weight, row.score, ""] if spec.evaluation else []
        if layout == "split":
            out.append([*start, *split_target(row), *extra])
        elif layout == "weight_first":
            if spec.evaluation:
                out.append([*start, row.weight, row.target, row.actual, row.score])
            else:
                out.append([*start, row.weight, row.target])
        else:
            out.append([*start, row.target, *extra])
    if spec.total:
        width = len(out[-1])
        score_at = 8 if layout == "split" else 6
        total = ["总分"] + [""] * (width - 1)
        total[score_at] = spec.total
        out.append(total)
    return out


def _merges(table: Sequence[Sequence[str]], columns: Sequence[int]) -> list[tuple[int, int, int]]:
    """Vertical runs ``(column, first_row, last_row)`` of a label and the blanks below it."""
    header = next(i for i, r in enumerate(table) if "一级指标" in r)
    if header + 1 < len(table) and "指标性质" in table[header + 1]:
        header += 1
    data = [i for i in range(header + 1, len(table)) if table[i][0] != "总分"]
    found = []
    for column in columns:
        start, last = None, None
        for index in data:
            if table[index][column]:
                if start is not None and last is not None and last > start:
                    found.append((column, start, last))
                start = index
            last = index
        if start is not None and last is not None and last > start:
            found.append((column, start, last))
    return found


def to_xlsx(tables: Sequence[Sequence[Sequence[str]]], path: Path, *, merge: bool = True) -> Path:
    """Write tables one below the other on one sheet, merging level cells."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "表1"
    offset = 0
    for table in tables:
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value:
                    sheet.cell(row=offset + r + 1, column=c + 1, value=value)
        if merge:
            for column, first, last in _merges(table, (0, 1)):
                sheet.merge_cells(
                    start_row=offset + first + 1,
                    start_column=column + 1,
                    end_row=offset + last + 1,
                    end_column=column + 1,
                )
        offset += len(table) + 1
    workbook.save(path)
    return path


def to_docx(tables: Sequence[Sequence[Sequence[str]]], path: Path) -> Path:
    """Write each table as a Word table, level cells merged vertically."""
    import docx

    document = docx.Document()
    for table in tables:
        width = max(len(r) for r in table)
        document.add_paragraph(f"{table[0][1]}绩效表")
        word = document.add_table(rows=len(table), cols=width)
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value:
                    word.cell(r, c).text = value
        for column, first, last in _merges(table, (0, 1)):
            text = word.cell(first, column).text
            merged = word.cell(first, column).merge(word.cell(last, column))
            merged.text = text
    document.save(str(path))
    return path


def to_csv(
    tables: Sequence[Sequence[Sequence[str]]], path: Path, *, encoding: str = "utf-8"
) -> Path:
    """Write tables one below the other, blank row between."""
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        for table in tables:
            writer.writerows(table)
            writer.writerow([])
    return path


def to_text(tables: Sequence[Sequence[Sequence[str]]], path: Path) -> Path:
    """Write tables in the text form of a Word document (tab-indented cells)."""
    lines: list[str] = []
    for table in tables:
        lines += [f"{table[0][1]}绩效表", ""]
        for row in table:
            lines += [f"\t{cell}" for cell in row] + [""]
        lines.append("说明：以上为项目绩效表。")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
