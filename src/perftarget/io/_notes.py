"""
What reading noticed: the reading findings (``PT0xx``) and their collector.

Reading is lenient: what a person reads past is kept and reported, not
refused.  Every such remark is a :class:`~perftarget.Finding` with a stable
code, a severity and a message in Chinese or English, gathered by one
:class:`ReadNotes` per file instead of a list passed down and appended to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from attrs import define, field

from perftarget.core._findings import Finding, FindingCode, Severity, registry_page
from perftarget.core._lang import say
from perftarget.exceptions import Location

__all__ = ["READING_CODES", "ReadNotes", "ReadingCode"]


#: One kind of reading finding (the shape every registry shares).
ReadingCode = FindingCode


_CODES: Final = (
    ReadingCode(
        code="PT001",
        severity=Severity.INFO,
        zh="{level_zh}级指标「{written}」按{how}读作「{category}」",
        en="level-{level} label {written!r} read as {category_en} ({how_en})",
        explanation="A label was read through normalisation (numbering, a weight, spaces, "
        "brackets), a known alias or a known stem. Nothing to fix; shown so every reading is "
        "visible.",
    ),
    ReadingCode(
        code="PT002",
        severity=Severity.WARNING,
        zh="{level_zh}级指标「{written}」与「{matched}」只差一个字，按「{category}」读取",
        en="level-{level} label {written!r} is one character away from {matched!r}; "
        "read as {category_en}",
        explanation="A label with a doubled, missing or wrong character was read as the one "
        "known label it is closest to. Check the label.",
    ),
    ReadingCode(
        code="PT003",
        severity=Severity.WARNING,
        zh="二级指标「{written}」不是已知类别，按其一级指标下的独立类别保留",
        en="level-2 label {written!r} names no known category; kept as a category of its own "
        "under its level 1",
        explanation="The rows are read and scored with their level 1's weight; add the label "
        "to a label-alias file to map it to a category.",
    ),
    ReadingCode(
        code="PT004",
        severity=Severity.WARNING,
        zh="一级指标「{written}」不是已知类别{outcome}",
        en="level-1 label {written!r} names no known category{outcome_en}",
        explanation="An unknown level-1 label takes the level 1 of the level-2 labels below "
        "it when they agree; otherwise its rows are kept under a category of their own.",
    ),
    ReadingCode(
        code="PT005",
        severity=Severity.WARNING,
        zh="第 {first}–{last} 行上方没有一级或二级指标标签，按未分类读取",
        en="rows {first}–{last} have no level-1 or level-2 label above them; read as unclassified",
        explanation="A table's tail or a fragment: the rows are kept under a category of their "
        "own.",
    ),
    ReadingCode(
        code="PT006",
        severity=Severity.ERROR,
        zh="「{name}」的{column}无法读取，保留该行但不计分：{reason}",
        en="the {column_en} of {name!r} cannot be read; the row is kept and not scored: {reason}",
        explanation="A value the parser cannot read. The row is shown, not scored; fix the cell.",
    ),
    ReadingCode(
        code="PT007",
        severity=Severity.WARNING,
        zh="「{name}」没有指标值，保留该行但不计分",
        en="{name!r} has no target value; the row is kept and not scored",
        explanation="An empty target cell under a named indicator.",
    ),
    ReadingCode(
        code="PT008",
        severity=Severity.INFO,
        zh="未使用的行：{text}",
        en="row not used: {text}",
        explanation="A label row, a note or a title that the model has no place for (实施期, "
        "填报人, a note under the table). Shown so nothing is dropped silently.",
    ),
    ReadingCode(
        code="PT009",
        severity=Severity.ERROR,
        zh="表头缺少{missing}列，该表未读取（表头：{text}）",
        en="the header lacks the {missing_en} column; the table was not read (header: {text})",
        explanation="A header recognised as an indicator header but without a level-3 column: "
        "its rows cannot be told apart. The rest of the file is read.",
    ),
    ReadingCode(
        code="PT010",
        severity=Severity.INFO,
        zh="无三级指标名称的行按上一行「{name}」的续行读取",
        en="a row without a level-3 name is read as a continuation of {name!r} above it",
        explanation="Two lines of one indicator (two targets sharing one weight and score). "
        "The second line is kept with the name above it and no weight of its own.",
    ),
    ReadingCode(
        code="PT011",
        severity=Severity.WARNING,
        zh="「{name}」的{column}无法读取，按空值处理：{reason}",
        en="the {column_en} of {name!r} cannot be read and is taken as empty: {reason}",
        explanation="A weight, score or actual value that is not a number or value the parser "
        "reads, or a value of the indicator's history that cannot be read (上年指标值, 上年实际值, "
        "基期年度, 调整后指标值, 调整时间: an adjustment date needs a year, month and day). The "
        "row is kept; the cell is treated as empty.",
    ),
    ReadingCode(
        code="PT012",
        severity=Severity.INFO,
        zh="评价框架表的检查项（指标值为「{text}」），得分按评价人判定读取",
        en="a checklist row of the evaluation framework (target {text!r}); its score is read "
        "as the evaluator's judgement",
        explanation="决策 and 过程 rows of the 财预〔2020〕10号 framework have a dash for a target "
        "and a score set by the evaluator against 评分标准.",
    ),
    ReadingCode(
        code="PT013",
        severity=Severity.WARNING,
        zh="「{name}」的指标值「{text}」未填写（模板占位符、选项列表或无数值的比较符），保留该行但不计分",
        en="the target {text!r} of {name!r} is unfilled (a template placeholder, an option list "
        "or a comparator without a number); the row is kept and not scored",
        explanation="Template residue left in the target cell (≥**%, 是/否, 满意度≥). The row is "
        "shown, not scored; fill in the value.",
    ),
    ReadingCode(
        code="PT014",
        severity=Severity.WARNING,
        zh="「{name}」的{column}已填写，但没有{value}，未读取",
        en="the {column_en} of {name!r} is given without {value_en}; it is not kept",
        explanation="An adjustment reason or date (调整原因, 调整时间) without an adjusted target "
        "(调整后指标值), or a baseline year or reason (基期年度, 变动原因) without last year's "
        "target or actual: an empty adjusted cell means no adjustment. Fill in the value, or "
        "clear the cell.",
    ),
)

#: Every reading finding, by code.
READING_CODES: Final[dict[str, ReadingCode]] = {c.code: c for c in _CODES}


@define
class ReadNotes:
    """
    Collects what reading a file noticed, as findings in table order.
    """

    findings: list[Finding] = field(factory=list)

    def note(self, code: str, where: Location, **fields: object) -> None:
        """
        Add finding ``code`` at ``where``, its message filled from ``fields``.

        Every template field is passed in both languages' forms where they
        differ (``how`` and ``how_en``).
        """
        spec = READING_CODES[code]
        message = say(spec.zh.format(**fields), spec.en.format(**fields))
        self.findings.append(
            Finding(code=code, severity=spec.severity, message=message, where=where)
        )

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add findings gathered elsewhere."""
        self.findings.extend(findings)


def reference_page() -> str:
    """
    The reference page of the reading findings (``docs/reference/reading-findings.md``),
    generated from :data:`READING_CODES` so the two cannot drift apart.
    """
    intro = [
        "What reading a table noticed and read past (see",
        "[How perftarget reads a real table](../explanation/reading.md)). They are in",
        "`Contents.findings` and in the output of every command that reads a table; with",
        "`strict=True` (`--strict`) every finding of warning or error severity refuses the file.",
        "This page is generated from the registry in `perftarget/io/_notes.py`.",
    ]
    return registry_page("Reading findings (PT0xx)", intro, _CODES)
