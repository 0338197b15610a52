"""
The results of scoring many self-evaluations, their summary and their workbook.

:class:`ScoredProject` is one scored table with the file it came from;
:func:`summarise` rolls a run up (counts, mean and budget-weighted mean,
grades, the most common finding codes, the largest published-versus-computed
gaps); :func:`results_record` is the ``results.json`` contract and
:func:`write_workbook` the ``results.xlsx`` workbook of ``perftarget score
--out``.

The workbook holds a summary sheet (one row per project, autofilter, frozen
header), one sheet per project in the official 绩效自评表 layout with the
computed score beside the published one (differences beyond the tolerance
highlighted) and a findings sheet.  Numbers are numbers with number formats,
never text; every text is neutralised against formula injection
(:func:`~perftarget.io._csv_write.neutralise`); the file is replaced only
once complete.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Final

from attrs import frozen

from perftarget.core._findings import Finding, Severity
from perftarget.core._lang import current_language, say
from perftarget.core._quantity import Money
from perftarget.exceptions import ModelError
from perftarget.report._findings import with_reading
from perftarget.report._format import fixed, where_text
from perftarget.report._rollup import GRADES
from perftarget.report._scorecard import scorecard_record
from perftarget.report.terms import TERMS, check_lang, term
from perftarget.score._scorecard import RowRole, Scorecard

__all__ = [
    "ScoredProject",
    "Summary",
    "Unreadable",
    "gap_text",
    "label",
    "project_record",
    "results_record",
    "sheet_names",
    "summarise",
    "summary_record",
    "write_review_workbook",
    "write_workbook",
]


def label(key: str, lang: str | None = None) -> str:
    """
    Return a label of the many-tables report (``many.<key>`` in the terms), else the shared term.

    Examples:
        >>> label("departures", "en"), label("total", "en")
        ('departures found', 'total')
    """
    lang = current_language(lang)
    if f"many.{key}" in TERMS:
        return term(f"many.{key}", lang)
    return term(key, lang)


@frozen(kw_only=True)
class Unreadable:
    """
    A file that gave no result, and why.

    Attributes:
        file: The path as given or found.
        message: The reason (the reader's error, or what the file holds instead).
    """

    file: str
    message: str


@frozen(kw_only=True)
class ScoredProject:
    """
    One scored self-evaluation and where it came from.

    Attributes:
        file: The file it was read from.
        project: The project's name (项目名称, else the file's stem).
        card: Its scorecard.
        reading: What reading the file noticed (the file's reading findings).
    """

    file: str
    project: str
    card: Scorecard
    reading: tuple[Finding, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Reading findings first, then the scorecard's."""
        return (*self.reading, *self.card.findings)

    @property
    def departures(self) -> int:
        """How many reconciliation findings (a published score departs from the rules)."""
        return sum(f.cause is not None for f in self.card.findings)

    @property
    def problems(self) -> int:
        """How many findings of error severity, reading included."""
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def gap(self) -> Decimal | None:
        """Computed total minus published total; None when nothing is published."""
        published = self.card.published_total
        return None if published is None else self.card.total - published

    @property
    def budget(self) -> Decimal | None:
        """The full-year budget in 万元, the weight of the weighted mean."""
        return _wan(self.card.budget.budget)


def _wan(amount: Money | None) -> Decimal | None:
    if amount is None:
        return None
    try:
        return amount.to("万元").amount
    except ModelError:  # pragma: no cover - every money unit converts
        return None


def _cent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


@frozen(kw_only=True)
class Summary:
    """
    A run of many tables rolled up.

    Attributes:
        files: Files read (readable or not).
        projects: Projects scored.
        unreadable: Files that gave no result.
        mean: Mean total (0.01, half up); None without projects.
        weighted_mean: Mean total weighted by the budget amount, over the
            projects that state one; None when none does.
        grades: Chinese grade -> projects, in band order.
        common: ``(code, count)``, most common first (at most ``top``).
        gaps: The projects with the largest absolute gap between published
            and computed totals, largest first (at most ``top``).
    """

    files: int
    projects: int
    unreadable: int
    mean: Decimal | None
    weighted_mean: Decimal | None
    grades: dict[str, int]
    common: tuple[tuple[str, int], ...]
    gaps: tuple[ScoredProject, ...]


def summarise(
    projects: Sequence[ScoredProject], *, files: int, unreadable: int, top: int = 10
) -> Summary:
    """
    Roll a run up.

    Args:
        projects: The scored projects.
        files: How many files the run read.
        unreadable: How many of them gave no result.
        top: How many finding codes and gaps to keep.

    Returns:
        The summary.

    Examples:
        >>> from perftarget import datasets
        >>> card = datasets.yongde_2022_scorecard()
        >>> one = ScoredProject(file="a.xlsx", project="甲", card=card)
        >>> s = summarise([one, one], files=2, unreadable=0)
        >>> s.mean, s.weighted_mean, s.grades["优"], s.gaps[0].gap
        (Decimal('99.80'), Decimal('99.80'), 2, Decimal('3.80'))
    """
    totals = [p.card.total for p in projects]
    mean = _cent(sum(totals, Decimal(0)) / len(totals)) if totals else None
    weighted = [(p.budget, p.card.total) for p in projects if p.budget]
    weight = sum((w for w, _ in weighted if w is not None), Decimal(0))
    weighted_mean = None
    if weight:
        weighted_mean = _cent(
            sum((w * t for w, t in weighted if w is not None), Decimal(0)) / weight
        )
    codes = Counter(f.code for p in projects for f in p.findings)
    common = tuple(sorted(codes.items(), key=lambda pair: (-pair[1], pair[0]))[:top])
    published = [p for p in projects if p.gap]
    gaps = tuple(
        sorted(published, key=lambda p: (-abs(p.gap or Decimal(0)), p.file, p.project))[:top]
    )
    return Summary(
        files=files,
        projects=len(projects),
        unreadable=unreadable,
        mean=mean,
        weighted_mean=weighted_mean,
        grades={zh: sum(p.card.grade == zh for p in projects) for zh, _ in GRADES},
        common=common,
        gaps=gaps,
    )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def summary_record(summary: Summary, *, lang: str | None = None) -> dict[str, Any]:
    """
    Return the ``summary`` object of ``results.json``; numbers are decimal strings.

    Keys: ``files``, ``projects``, ``unreadable`` (counts), ``mean``,
    ``weighted_mean``, ``grades`` (grade -> count), ``common_findings``
    (``[{"code", "count"}]``), ``largest_gaps`` (``[{"file", "project",
    "total", "published_total", "gap"}]``).
    """
    lang = current_language(lang)
    return {
        "files": summary.files,
        "projects": summary.projects,
        "unreadable": summary.unreadable,
        "mean": _text(summary.mean),
        "weighted_mean": _text(summary.weighted_mean),
        "grades": {(zh if lang == "zh" else en): summary.grades[zh] for zh, en in GRADES},
        "common_findings": [{"code": code, "count": n} for code, n in summary.common],
        "largest_gaps": [
            {
                "file": p.file,
                "project": p.project,
                "total": _text(p.card.total),
                "published_total": _text(p.card.published_total),
                "gap": _text(p.gap),
            }
            for p in summary.gaps
        ],
    }


def project_record(project: ScoredProject, *, lang: str | None = None) -> dict[str, Any]:
    """One project of ``results.json``: its ``score --format json`` record, file and project."""
    lang = current_language(lang)
    record = with_reading(scorecard_record(project.card, lang=lang), project.reading)
    return {**record, "file": project.file, "project": project.project}


def results_record(
    projects: Sequence[ScoredProject],
    unreadable: Sequence[Unreadable],
    summary: Summary,
    *,
    lang: str | None = None,
) -> dict[str, Any]:
    """
    Return the ``results.json`` contract.

    Exactly ``{"summary": {...}, "projects": [...], "unreadable": [{"file",
    "message"}]}``; each project is the ``perftarget score --format json``
    record plus ``file`` and ``project``.

    Args:
        projects: The scored projects.
        unreadable: The files that gave no result.
        summary: :func:`summarise` of the run.
        lang: ``zh`` or ``en`` for labels and grades.

    Returns:
        A dict ready for :func:`json.dumps`.
    """
    lang = current_language(lang)
    return {
        "summary": summary_record(summary, lang=lang),
        "projects": [project_record(p, lang=lang) for p in projects],
        "unreadable": [{"file": u.file, "message": u.message} for u in unreadable],
    }


#: Characters a sheet name may not hold, and the longest name Excel accepts.
_SHEET_BAD: Final = re.compile(r"[\[\]:*?/\\]")
_SHEET_MAX: Final = 31


def sheet_names(names: Iterable[str], *, taken: Iterable[str] = ()) -> list[str]:
    """
    Make names valid, unique sheet names (Excel's rules), in order.

    A name loses ``[]:*?/\\`` and leading or trailing ``'``, is cut to 31
    characters, is never blank or ``History``, and differs from every other
    name and from ``taken`` ignoring case (a suffix ``~2``, ``~3``… is added).

    Examples:
        >>> sheet_names(["a/b", "A/B", "", "x" * 40])
        ['a_b', 'A_B~2', 'sheet', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    """
    used = {name.casefold() for name in taken}
    out: list[str] = []
    for raw in names:
        base = _SHEET_BAD.sub("_", raw).strip().strip("'")[:_SHEET_MAX] or "sheet"
        if base.casefold() == "history":
            base = "History_"
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            suffix = f"~{n}"
            name = base[: _SHEET_MAX - len(suffix)] + suffix
        used.add(name.casefold())
        out.append(name)
    return out


_NUMBER: Final = "0.00"
_PERCENT: Final = "0.00%"
_HIGHLIGHT: Final = "FFF59D"


class _Sheet:
    """Writing cells on one worksheet: numbers as numbers, text neutralised."""

    def __init__(self, worksheet: Any) -> None:
        self.worksheet = worksheet
        self.row = 0

    def add(self, *cells: object, bold: bool = False, numbers: str = _NUMBER) -> int:
        from openpyxl.styles import Font

        from perftarget.io._csv_write import neutralise

        self.row += 1
        for column, value in enumerate(cells, start=1):
            if value is None or value == "":
                continue
            cell = self.worksheet.cell(row=self.row, column=column)
            if isinstance(value, bool) or not isinstance(value, int | Decimal):
                cell.value = neutralise(str(value))
                cell.data_type = "s"
            else:
                cell.value = value
                cell.number_format = numbers if isinstance(value, Decimal) else "0"
            if bold:
                cell.font = Font(bold=True)
        return self.row

    def format(self, row: int, column: int, number_format: str) -> None:
        self.worksheet.cell(row=row, column=column).number_format = number_format

    def highlight(self, row: int, *columns: int) -> None:
        from openpyxl.styles import PatternFill

        fill = PatternFill(fill_type="solid", start_color=_HIGHLIGHT, end_color=_HIGHLIGHT)
        for column in columns:
            self.worksheet.cell(row=row, column=column).fill = fill

    def widths(self, *widths: int) -> None:
        from openpyxl.utils import get_column_letter

        for index, width in enumerate(widths, start=1):
            self.worksheet.column_dimensions[get_column_letter(index)].width = width


def _differs(computed: Decimal | None, published: Decimal | None, tolerance: Decimal) -> bool:
    return computed is not None and published is not None and abs(computed - published) > tolerance


def _difference(computed: Decimal | None, published: Decimal | None) -> Decimal | None:
    return None if computed is None or published is None else computed - published


def _summary_sheet(
    sheet: _Sheet, projects: Sequence[ScoredProject], names: Sequence[str], lang: str
) -> None:
    keys = (
        "file", "project", "total", "published_total", "gap", "grade", "budget_amount",
        "executed", "rate", "departures", "problems", "sheet",
    )  # fmt: skip
    sheet.add(*(label(k, lang) for k in keys), bold=True)
    for project, name in zip(projects, names, strict=True):
        card = project.card
        row = sheet.add(
            project.file,
            project.project,
            card.total,
            card.published_total,
            project.gap,
            card.grade if lang == "zh" else card.grade_en,
            project.budget,
            _wan(card.budget.executed),
            card.budget.rate,
            project.departures,
            project.problems,
            name,
        )
        sheet.format(row, 9, _PERCENT)
        cell = sheet.worksheet.cell(row=row, column=12)
        cell.hyperlink = f"#'{name}'!A1"
        if project.gap:
            sheet.highlight(row, 3, 4, 5)
    from openpyxl.utils import get_column_letter

    last = get_column_letter(len(keys))
    sheet.worksheet.auto_filter.ref = f"A1:{last}{max(sheet.row, 2)}"
    sheet.worksheet.freeze_panes = "A2"
    sheet.widths(36, 28, 9, 9, 9, 7, 12, 12, 9, 9, 7, 20)


def _project_sheet(sheet: _Sheet, project: ScoredProject, lang: str, tolerance: Decimal) -> None:
    card = project.card
    line = card.budget
    sheet.add(label("title", lang), bold=True)
    sheet.add(term("project", lang), project.project)
    sheet.add(label("file", lang), project.file)
    if card.rules:
        sheet.add(term("rules", lang), card.rules)
    computed, difference = label("computed_score", lang), label("difference", lang)
    sheet.add(
        label("funding", lang), "", term("budget_amount", lang), term("executed", lang),
        term("weight", lang), term("rate", lang), term("published_score", lang), computed,
        difference, term("trace", lang), bold=True,
    )  # fmt: skip
    row = sheet.add(
        "",
        label("funding_total", lang),
        _wan(line.budget),
        _wan(line.executed),
        line.weight,
        line.rate,
        line.published_score,
        line.score,
        _difference(line.score, line.published_score),
        line.trace,
    )
    sheet.format(row, 6, _PERCENT)
    if _differs(line.score, line.published_score, tolerance):
        sheet.highlight(row, 7, 8, 9)
    keys = ("level1", "level2", "level3", "target", "actual", "weight", "published_score")
    header = sheet.add(
        *(term(k, lang) for k in keys),
        computed,
        difference,
        term("status", lang),
        term("reason", lang),
        term("trace", lang),
        bold=True,
    )
    sheet.worksheet.freeze_panes = f"A{header + 1}"
    for item in card.indicators:
        indicator = item.row.indicator
        counted = item.row.role is RowRole.INDICATOR
        published = item.row.published_score
        row = sheet.add(
            indicator.label(1, lang),
            indicator.label(2, lang),
            indicator.name,
            item.target.text or "",
            "" if item.row.actual is None else item.row.actual.text,
            item.weight,
            published,
            item.score,
            _difference(item.score, published),
            term(f"status.{item.status.value}", lang) if counted else "",
            item.row.reason,
            item.trace,
        )
        if _differs(item.score, published, tolerance):
            sheet.highlight(row, 7, 8, 9)
    row = sheet.add(
        term("total", lang), "", "", "", "", "", card.published_total, card.total,
        _difference(card.total, card.published_total), bold=True,
    )  # fmt: skip
    if _differs(card.total, card.published_total, tolerance):
        sheet.highlight(row, 7, 8, 9)
    sheet.add(term("grade", lang), card.grade if lang == "zh" else card.grade_en, bold=True)
    sheet.widths(14, 16, 24, 16, 16, 8, 9, 9, 9, 10, 24, 40)


def _findings_sheet(sheet: _Sheet, projects: Sequence[ScoredProject], lang: str) -> None:
    _finding_rows(sheet, ((p.file, p.project, p.findings) for p in projects), lang)


def _finding_rows(
    sheet: _Sheet, projects: Iterable[tuple[str, str, Sequence[Finding]]], lang: str
) -> None:
    keys = ("code", "severity", "file", "project", "where", "message")
    sheet.add(*(label(k, lang) for k in keys), bold=True)
    for file, project, findings in projects:
        for finding in findings:
            sheet.add(
                finding.code,
                term(f"severity.{finding.severity.value}", lang),
                file,
                project,
                where_text(finding.where, lang),
                finding.message,
            )
    sheet.worksheet.auto_filter.ref = f"A1:F{max(sheet.row, 2)}"
    sheet.worksheet.freeze_panes = "A2"
    sheet.widths(8, 8, 36, 28, 30, 80)


def write_workbook(
    path: str | Path,
    projects: Sequence[ScoredProject],
    *,
    lang: str | None = None,
    tolerance: Decimal = Decimal("0.1"),
) -> None:
    """
    Write the scored projects as ``results.xlsx``.

    Sheets: the summary (汇总 / summary: one row per project, autofilter,
    frozen header, a link to each project's sheet), one sheet per project
    (named after it, made valid and unique) and the findings (发现的问题 /
    findings: code, severity, file, project, where, message).

    Args:
        path: The ``.xlsx`` file; replaced only once the workbook is complete.
        projects: The scored projects, in order.
        lang: ``zh`` or ``en`` for the labels.
        tolerance: Differences up to this are not highlighted.

    Raises:
        TableError: openpyxl is not installed (the message names the extra).
        OSError: The file cannot be written; an existing file is unchanged.
    """
    lang = current_language(lang)
    from perftarget.io._csv_write import replaced_atomically

    workbook = _new_workbook(lang)
    first = workbook.active
    assert first is not None
    fixed_names = [label("summary", lang), term("findings", lang)]
    first.title = fixed_names[0]
    names = sheet_names((p.project for p in projects), taken=fixed_names)
    _summary_sheet(_Sheet(first), projects, names, lang)
    for project, name in zip(projects, names, strict=True):
        _project_sheet(_Sheet(workbook.create_sheet(name)), project, lang, tolerance)
    _findings_sheet(_Sheet(workbook.create_sheet(fixed_names[1])), projects, lang)
    with replaced_atomically(path) as temporary:
        workbook.save(temporary)


def _new_workbook(lang: str) -> Any:
    """An empty workbook, or ImportError naming the extra when openpyxl is missing."""
    check_lang(lang)
    try:
        from openpyxl import Workbook
    except ImportError:  # pragma: no cover - the office extra installs it
        raise ImportError(
            say(
                "写入 .xlsx 需要 openpyxl：pip install 'perftarget[office]'",
                "writing .xlsx needs openpyxl: pip install 'perftarget[office]'",
            )
        ) from None
    return Workbook()


def write_review_workbook(
    path: str | Path,
    projects: Sequence[tuple[str, str, Sequence[Finding]]],
    *,
    lang: str | None = None,
) -> None:
    """
    Write a review of many target tables as ``results.xlsx``.

    Sheets: the summary (one row per project: file, project, errors,
    warnings, infos; autofilter, frozen header) and the findings (code,
    severity, file, project, where, message).

    Args:
        path: The ``.xlsx`` file; replaced only once the workbook is complete.
        projects: ``(file, project name, its findings)``, in order.
        lang: ``zh`` or ``en`` for the labels.

    Raises:
        ImportError: openpyxl is not installed (the message names the extra).
        OSError: The file cannot be written; an existing file is unchanged.
    """
    lang = current_language(lang)
    from perftarget.io._csv_write import replaced_atomically

    workbook = _new_workbook(lang)
    first = workbook.active
    assert first is not None
    first.title = label("summary", lang)
    sheet = _Sheet(first)
    severities = list(Severity)
    sheet.add(
        label("file", lang),
        term("project", lang),
        *(term(f"severity.{s.value}", lang) for s in severities),
        bold=True,
    )
    for file, project, found in projects:
        sheet.add(file, project, *(sum(f.severity is s for f in found) for s in severities))
    sheet.worksheet.auto_filter.ref = f"A1:E{max(sheet.row, 2)}"
    sheet.worksheet.freeze_panes = "A2"
    sheet.widths(36, 28, 8, 8, 8)
    listing = _Sheet(workbook.create_sheet(term("findings", lang)))
    _finding_rows(listing, ((file, project, found) for file, project, found in projects), lang)
    with replaced_atomically(path) as temporary:
        workbook.save(temporary)


def gap_text(project: ScoredProject) -> str:
    """The gap with its sign, two decimals (``+3.80``); empty when nothing is published."""
    gap = project.gap
    return "" if gap is None else ("+" if gap > 0 else "") + fixed(gap)
