"""
Reading monitoring tables (绩效运行监控表) from CSV, Excel, Word and text files.

The columns are recognised by meaning, not by position: 年度指标值,
``1-6月完成情况`` / ``1—N月完成情况`` / ``截至N月完成值``, 全年预计完成情况,
偏差原因, 完成目标可能性, 原因说明; for the project 年初预算数 / 全年预算数,
``1-N月执行数``, 执行率, 全年预计执行数.  The project block may sit above
the indicator header (a label beside its value, or a row of labels over a
row of values) or in columns of the indicator table itself (one row per
indicator, the project repeated or merged).  Reading is lenient, as for
target tables: a column with no place in the model, a value that cannot be
read and a deviation reason mapped by its keywords are reported
(``PT4xx``) and the rest is read.

Every table of a Word document is read, in document order, as a sheet;
the paragraphs above a table (the form's heading, ``2020年1-6月…``) are
searched for the year and the period like a sheet's first rows.  Word files
pass the same safety checks as every Office file
(:func:`~perftarget.io._limits.check_office_file`, the sheet and cell
limits).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from attrs import define, field, frozen

from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level1, Level2
from perftarget.core._findings import Finding
from perftarget.core._labels import resolve_level1, resolve_level2
from perftarget.core._lang import say
from perftarget.core._model import Actual, Indicator, Target, TargetKind
from perftarget.core._parse import parse_target
from perftarget.core._quantity import Money
from perftarget.exceptions import Location, ModelError, Problem, TableError, TargetParseError
from perftarget.io._blocks import Sheet
from perftarget.io._limits import DEFAULT_LIMITS, Limits, check_office_file, reading
from perftarget.monitor._codes import finding
from perftarget.monitor._snapshot import (
    IndicatorSnapshot,
    Likelihood,
    Period,
    ProjectSnapshot,
    deviation_category,
)

__all__ = [
    "EMPTY_MARKS",
    "MONITOR_FORMATS",
    "MonitoringRound",
    "monitoring_amount_unit",
    "monitoring_header_role",
    "period_month",
    "read_monitoring",
    "read_monitoring_sheets",
]

#: Formats :func:`read_monitoring` reads.
MONITOR_FORMATS: Final = (".csv", ".xlsx", ".docx", ".txt")

_DIGITS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_MONTH: Final = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DASH: Final = r"\s*[-—–~～至到]+\s*"
#: A period such as ``1-6月``, ``1—7月``, ``一至八月``, ``截至8月``, ``截止6月底``.
_PERIOD: Final = re.compile(
    rf"(?<!\d)[1一]\s*月?{_DASH}{_MONTH}\s*月|截[至止]\s*(?:\d{{4}}\s*年\s*)?{_MONTH}\s*月"
)
_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")
_YEAR_LABELS: Final = frozenset({"年度", "预算年度", "年份"})
_UNIT: Final = re.compile(r"(亿元|万元|千元|元)")
#: Amount columns of the project, tried before the indicator columns:
#: ``1-6月执行数`` is an amount, not an indicator's current value.
_MONEY_ROLES: Final = (
    ("forecast_exec", re.compile(r"预计(全年)?执行|全年预计.*(执行|支出)")),
    ("rate", re.compile(r"执行率|执行进度")),
    ("initial", re.compile(r"年初预算")),
    ("budget", re.compile(r"全年预算|调整后预算|预算数|预算金额|资金总额|预算\(|预算（|^预算$")),
    ("executed", re.compile(r"执行数|已执行|执行金额|支出数|实际支出")),
)
#: Columns of the indicator table, tried in order: the first match wins.
_INDICATOR_ROLES: Final = (
    ("project", re.compile(r"项目名称")),
    ("level1", re.compile(r"一级指标")),
    ("level2", re.compile(r"二级指标")),
    ("level3", re.compile(r"三级指标|指标名称|^绩效指标$|^指标$")),
    ("forecast", re.compile(r"预计(全年)?完成|全年预计")),
    ("current", re.compile(rf"{_PERIOD.pattern}|当前完成|累计完成|实际完成|完成情况|完成值")),
    ("target", re.compile(r"指标值|目标值")),
    ("deviation", re.compile(r"偏差")),
    ("likelihood", re.compile(r"可能性")),
    ("explanation", re.compile(r"说明")),
    ("weight", re.compile(r"^分值")),
)
#: Labels of the project block above an indicator header.
_LABEL_ROLES: Final = (
    *_MONEY_ROLES,
    ("name", re.compile(r"^项目名称")),
    ("deviation", re.compile(r"偏差原因")),
    ("explanation", re.compile(r"原因说明")),
)
#: Cell texts the reader takes as empty once stripped: a blank cell and the
#: marks tables write for "none".
EMPTY_MARKS: Final = frozenset({"", "-", "—", "/", "无", "－", "——"})
#: The amount columns of the project (执行率 is a rate, not an amount).
_AMOUNT_ROLES: Final = frozenset({"forecast_exec", "initial", "budget", "executed"})


@frozen(kw_only=True)
class MonitoringRound:
    """
    What a monitoring file holds.

    Attributes:
        projects: One snapshot per project, in file order.
        findings: What reading noticed (``PT412``, ``PT420``–``PT423``).
    """

    projects: tuple[ProjectSnapshot, ...]
    findings: tuple[Finding, ...] = ()


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_DIGITS[text[1:]] if len(text) > 1 else 0)
    return _DIGITS[text]


def period_month(text: str) -> int | None:
    """
    The last month of the period a text names, if any.

    Examples:
        >>> period_month("2020年1-6月绩效监控表"), period_month("1—7月完成情况")
        (6, 7)
        >>> period_month("截至8月底完成值"), period_month("一至十一月"), period_month("年度指标值")
        (8, 11, None)
    """
    match = _PERIOD.search("".join(text.split()))
    if match is None:
        return None
    month = _month(next(g for g in match.groups() if g))
    return month if 1 <= month <= 12 else None


def _role(cell: str, table: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    squeezed = "".join(cell.split())
    if not squeezed:
        return None
    for role, pattern in table:
        if pattern.search(squeezed):
            return role
    return None


def monitoring_header_role(cell: str) -> str | None:
    """
    Tell which column a header cell names, as the reader reads an indicator header.

    Spaces inside the cell are ignored.  The project's amount columns are
    tried first (``1-6月执行数`` is an amount, not an indicator's current
    value), then the indicator table's columns, each in the reader's order:
    the first match wins.  In a header row, the first cell of each role is
    the column read; later cells of the same role are reported as unused.

    Args:
        cell: One cell of a header row.

    Returns:
        ``project``, ``level1``, ``level2``, ``level3``, ``target``,
        ``current``, ``forecast``, ``likelihood``, ``deviation``,
        ``explanation`` or ``weight`` for a column of the indicator table;
        ``budget``, ``initial`` (年初预算), ``executed``, ``forecast_exec``
        (全年预计执行数) or ``rate`` (执行率) for the project's amounts;
        None when the cell names no column.

    Examples:
        >>> monitoring_header_role("1-6月完成情况"), monitoring_header_role("1-6月执行数")
        ('current', 'executed')
        >>> monitoring_header_role("全年预算数（万元）"), monitoring_header_role("备注")
        ('budget', None)
    """
    return _role(cell, _MONEY_ROLES) or _role(cell, _INDICATOR_ROLES)


def _columns(cells: Sequence[str]) -> dict[str, int]:
    """The column of each role a row of cells names (the first cell of each role)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = monitoring_header_role(cell)
        if role is not None and role not in roles:
            roles[role] = index
    return roles


def _header(cells: Sequence[str]) -> dict[str, int] | None:
    """The column of each role when ``cells`` is an indicator header."""
    roles = _columns(cells)
    return roles if "level3" in roles and "target" in roles else None


def monitoring_amount_unit(headers: Sequence[str]) -> str | None:
    """
    Tell the unit the reader gives to amounts written without one under a header row.

    This is the unit of a table made of this header row and rows whose amount
    cells are filled: the unit written in the header of the first amount
    column that names one, the columns taken in the reader's order
    (全年预计执行数, 执行率, 年初预算数, 全年预算数, 执行数; the first column of
    each), else the first unit written in any header.

    Args:
        headers: The header row.

    Returns:
        元, 千元, 万元 or 亿元; None when the row has no amount column (执行率
        is none) or no header names a unit: the reader then takes 万元.

    Examples:
        >>> monitoring_amount_unit(["三级指标", "全年预算数(元)", "1-6月执行数"])
        '元'
        >>> monitoring_amount_unit(["三级指标", "1-6月执行数", "备注（千元）"])
        '千元'
        >>> monitoring_amount_unit(["三级指标", "单价(元)"]) is None
        True
    """
    roles = _columns(headers)
    if _AMOUNT_ROLES.isdisjoint(roles):
        return None
    named = [headers[roles[role]] for role, _ in _MONEY_ROLES if role in roles]
    found = (_UNIT.search(cell) for cell in (*named, *headers))
    return next((match.group(1) for match in found if match is not None), None)


def _levels(label1: str, label2: str) -> tuple[Level1, Level2]:
    first = resolve_level1(label1).category if label1 else None
    second = resolve_level2(label2).category if label2 else None
    level2 = second if isinstance(second, Level2) else Level2.OTHER
    if isinstance(first, Level1):
        return first, level2
    if isinstance(second, Level2) and second.parents:
        return second.parents[0], level2
    return Level1.OTHER, level2


def _weight(text: str) -> Decimal | None:
    try:
        number = Decimal(text.rstrip("分").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number >= 0 else None


@define
class _Draft:
    """A project as it is being read."""

    where: Location
    name: str = ""
    values: dict[str, tuple[str, Location]] = field(factory=dict)
    unit: str = ""
    rows: list[IndicatorSnapshot] = field(factory=list)


@define
class _Reader:
    """Reads the sheets of one file into project drafts and findings."""

    file: str
    notes: list[Finding] = field(factory=list)
    drafts: list[_Draft] = field(factory=list)
    texts: list[str] = field(factory=list)
    #: The unit written in each amount column of the current header.
    units: dict[str, str] = field(factory=dict)

    def draft(self, where: Location) -> _Draft:
        if not self.drafts:
            self.drafts.append(_Draft(where=where))
        return self.drafts[-1]

    def start(self, name: str, where: Location) -> _Draft:
        last = self.drafts[-1] if self.drafts else None
        if last is not None and not last.rows and not last.name:
            last.name, last.where = name, where
            return last
        self.drafts.append(_Draft(where=where, name=name))
        return self.drafts[-1]

    def sheet(self, sheet: Sheet) -> None:
        header: dict[str, int] | None = None
        below: list[tuple[str, int]] = []
        carry = {"level1": "", "level2": "", "project": ""}
        self.texts.extend(t for t in (sheet.title, sheet.name or "") if t)
        for number, cells in sheet.rows:
            where = Location(file=self.file, sheet=sheet.name, row=number)
            self.texts.extend(c for c in cells if c)
            found = _header(cells)
            if found is not None:
                header, below = found, []
                carry.update(level1="", level2="")
                self._header_cells(cells, found, sheet, where)
                continue
            if header is not None and self._row(cells, header, carry, sheet, where):
                continue
            if below:
                draft = self.draft(where)
                for role, index in below:
                    if index < len(cells) and cells[index].strip():
                        at = Location(
                            file=self.file,
                            sheet=sheet.name,
                            row=number,
                            column=sheet.column_name(index),
                        )
                        self._value(draft, role, cells[index].strip(), at)
                below = []
                continue
            below = self._labels(cells, sheet, where)
            if below or any(_role(c, _LABEL_ROLES) for c in cells):
                header = None

    def _header_cells(
        self, cells: Sequence[str], roles: dict[str, int], sheet: Sheet, where: Location
    ) -> None:
        draft = self.drafts[-1] if self.drafts else None
        used = set(roles.values())
        for index, cell in enumerate(cells):
            unit = _UNIT.search(cell)
            if unit is not None and index in used and draft is not None and not draft.unit:
                draft.unit = unit.group(1)
            if cell.strip() and index not in used:
                at = Location(
                    file=where.file,
                    sheet=where.sheet,
                    row=where.row,
                    column=sheet.column_name(index),
                )
                self.notes.append(finding("PT421", at, column=cell.strip()))
        self.units = {
            role: m.group(1)
            for role, index in roles.items()
            if (m := _UNIT.search(cells[index])) is not None
        }

    def _labels(self, cells: Sequence[str], sheet: Sheet, where: Location) -> list[tuple[str, int]]:
        """Read label/value pairs; return the labels whose values are on the next row."""
        labelled = [
            (index, role)
            for index, cell in enumerate(cells)
            if (role := _role(cell, _LABEL_ROLES)) is not None
        ]
        if not labelled:
            return []
        for index, role in labelled:
            if role == "name":
                value = cells[index + 1].strip() if index + 1 < len(cells) else ""
                if value and _role(value, _LABEL_ROLES) is None:
                    self.start(value, where)
        draft = self.draft(where)
        below: list[tuple[str, int]] = []
        for index, role in labelled:
            unit = _UNIT.search(cells[index])
            if unit is not None and role not in ("name", "deviation", "explanation", "rate"):
                draft.unit = draft.unit or unit.group(1)
            following = cells[index + 1].strip() if index + 1 < len(cells) else ""
            at = Location(
                file=self.file, sheet=sheet.name, row=where.row, column=sheet.column_name(index + 1)
            )
            if following and _role(following, _LABEL_ROLES) is None:
                self._value(draft, role, following, at)
            else:
                below.append((role, index))
        return below if len(below) == len(labelled) else []

    def _value(self, draft: _Draft, role: str, text: str, where: Location) -> None:
        if role == "name":
            draft.name = draft.name or text
        elif text not in EMPTY_MARKS:
            draft.values.setdefault(role, (text, where))

    def _row(
        self,
        cells: Sequence[str],
        header: dict[str, int],
        carry: dict[str, str],
        sheet: Sheet,
        where: Location,
    ) -> bool:
        def cell(role: str) -> str:
            index = header.get(role)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        def at(role: str) -> Location:
            index = header.get(role)
            column = sheet.column_name(index) if index is not None else None
            return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)

        name = cell("level3")
        if not name or _role(name, _LABEL_ROLES) is not None:
            return False
        project = cell("project") or carry["project"]
        if project and project != carry["project"]:
            self.start(project, where)
            carry["project"] = project
        draft = self.draft(where)
        for role, _ in _MONEY_ROLES:
            if cell(role):
                self._value(draft, role, cell(role), at(role))
                unit = self.units.get(role)
                if unit and not draft.unit:
                    draft.unit = unit
        carry["level1"] = cell("level1") or carry["level1"]
        carry["level2"] = cell("level2") or carry["level2"]
        draft.rows.append(self._snapshot(name, carry, cell, at, where))
        return True

    def _snapshot(
        self,
        name: str,
        carry: dict[str, str],
        cell: Callable[[str], str],
        at: Callable[[str], Location],
        where: Location,
    ) -> IndicatorSnapshot:
        level1, level2 = _levels(carry["level1"], carry["level2"])
        text = cell("target")
        problem = ""
        try:
            target = parse_target(text, level2=level2)
        except TargetParseError as error:
            problem = str(error)
            target = Target(kind=TargetKind.QUALITATIVE, phrase=text, text=text)
            self._unreadable(at("target"), name, "指标值", "target", text)
        indicator = Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=target,
            weight=_weight(cell("weight")),
            level1_label=carry["level1"],
            level2_label=carry["level2"],
            problem=problem,
        )
        likely = cell("likelihood")
        likelihood = Likelihood.read(likely)
        if likelihood is None and likely not in EMPTY_MARKS:
            self._unreadable(at("likelihood"), name, "完成目标可能性", "likelihood", likely)
        reason = "" if cell("deviation") in EMPTY_MARKS else cell("deviation")
        category, by_keyword = deviation_category(reason)
        if category is not None and by_keyword:
            self.notes.append(
                finding(
                    "PT412",
                    at("deviation"),
                    text=reason,
                    category=category.value,
                    category_en=category.en,
                )
            )
        explanation = cell("explanation")
        return IndicatorSnapshot(
            indicator=indicator,
            current=self._actual(
                cell("current"), name, "当前完成情况", "current value", at("current")
            ),
            forecast=self._actual(
                cell("forecast"), name, "全年预计完成情况", "forecast", at("forecast")
            ),
            likelihood=likelihood,
            deviation=category,
            deviation_text=reason,
            explanation="" if explanation in EMPTY_MARKS else explanation,
            where=where,
        )

    def _unreadable(self, where: Location, name: str, column: str, en: str, text: str) -> None:
        self.notes.append(
            finding("PT422", where, name=name, column=column, column_en=en, text=text)
        )

    def _actual(self, text: str, name: str, column: str, en: str, where: Location) -> Actual | None:
        if text in EMPTY_MARKS:
            return None
        try:
            return parse_actual(text)
        except TargetParseError:
            self._unreadable(where, name, column, en, text)
            return None


def _year(texts: Sequence[str], year: int | None, file: str) -> int:
    for text, following in zip(texts, [*texts[1:], ""], strict=True):
        match = _YEAR.search(text)
        if match is not None:
            return int(match.group(1))
        if text.strip() in _YEAR_LABELS and re.fullmatch(r"(?:19|20)\d{2}", following.strip()):
            return int(following)
    if year is not None:
        return year
    message = say(
        "表中没有年度（如「2020年」），请用 --year 给出",
        "the table names no year (such as 2020年); give it with --year",
    )
    raise TableError([Problem(where=Location(file=file), message=message)])


def _period(
    texts: Sequence[str], year: int, as_of: date | None, file: str, notes: list[Finding]
) -> Period:
    if as_of is not None:
        if as_of.year != year:
            message = say(
                f"截至日期 {as_of} 不在 {year} 年内",
                f"the as-of date {as_of} is not in the year {year}",
            )
            raise TableError([Problem(where=Location(file=file), message=message)])
        return Period.of_year(year, as_of=as_of)
    for text in texts:
        month = period_month(text)
        if month is not None:
            day = date(year, month, calendar.monthrange(year, month)[1])
            written = _PERIOD.search("".join(text.split()))
            shown = written.group(0) if written is not None else text
            notes.append(finding("PT420", Location(file=file), text=shown, as_of=day.isoformat()))
            return Period.of_year(year, as_of=day)
    end = date(year, 12, 31)
    notes.append(finding("PT423", Location(file=file), as_of=end.isoformat()))
    return Period.of_year(year, as_of=end)


def _money(draft: _Draft, role: str, unit: str, notes: list[Finding]) -> Money | None:
    entry = draft.values.get(role)
    if entry is None:
        return None
    text, where = entry
    try:
        return Money.parse(text, default_unit=unit)
    except (ModelError, ValueError):
        notes.append(
            finding("PT422", where, name=draft.name, column="金额", column_en="amount", text=text)
        )
        return None


def _snapshot(
    draft: _Draft, name: str, year: int, period: Period, unit: str, notes: list[Finding]
) -> ProjectSnapshot:
    budget = _money(draft, "budget", unit, notes)
    initial = _money(draft, "initial", unit, notes)
    reason = draft.values.get("deviation", ("", draft.where))[0]
    category, _ = deviation_category(reason)
    return ProjectSnapshot(
        name=name,
        year=year,
        period=period,
        budget=budget if budget is not None else initial,
        initial_budget=initial,
        executed=_money(draft, "executed", unit, notes),
        forecast=_money(draft, "forecast_exec", unit, notes),
        indicators=draft.rows,
        deviation=category,
        deviation_text=reason,
        explanation=draft.values.get("explanation", ("", draft.where))[0],
        where=draft.where,
    )


def read_monitoring_sheets(
    sheets: Sequence[Sheet],
    *,
    file: str,
    default_name: str,
    year: int | None = None,
    as_of: date | None = None,
) -> MonitoringRound:
    """
    Read monitoring tables from sheets of cell strings.

    Args:
        sheets: The sheets (a CSV file is one).
        file: The file name shown in locations.
        default_name: The name of a project whose table names none.
        year: The budget year of a file that names none (the first
            ``NNNN年`` in the file, or the value of a 年度 label).
        as_of: The as-of date; else the end of the period the file names
            (``1-6月`` → 30 June), else the year's end.

    Returns:
        The projects and what reading noticed.

    Raises:
        TableError: No monitoring table (no header with a level-3 and a
            target column), no year, or an as-of date outside the year.

    Example:
        >>> rows = [(1, ["2020年1-6月监控"]), (2, ["三级指标", "年度指标值", "1-6月完成情况"]),
        ...         (3, ["培训人次", "≥100人次", "40人次"])]
        >>> found = read_monitoring_sheets([Sheet(name=None, rows=rows)], file="m.csv",
        ...     default_name="m")
        >>> project = found.projects[0]
        >>> project.name, project.period.as_of.isoformat(), project.indicators[0].current.value
        ('m', '2020-06-30', Decimal('40'))
    """
    reader = _Reader(file=file)
    for sheet in sheets:
        reader.sheet(sheet)
    drafts = [d for d in reader.drafts if d.rows or d.values]
    if not drafts:
        message = say(
            "没有找到监控表（须有三级指标列和指标值列）",
            "no monitoring table found (it needs a level-3 indicator column and a target column)",
        )
        raise TableError([Problem(where=Location(file=file), message=message)])
    found_year = _year(reader.texts, year, file)
    notes: list[Finding] = []
    period = _period(reader.texts, found_year, as_of, file, notes)
    fallback = next((m.group(1) for t in reader.texts if (m := _UNIT.search(t))), "万元")
    projects = []
    for index, draft in enumerate(drafts, start=1):
        name = draft.name or (default_name if len(drafts) == 1 else f"{default_name} {index}")
        projects.append(
            _snapshot(draft, name, found_year, period, draft.unit or fallback, reader.notes)
        )
    return MonitoringRound(projects=tuple(projects), findings=(*notes, *reader.notes))


def read_monitoring(
    path: str | Path,
    *,
    year: int | None = None,
    as_of: date | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> MonitoringRound:
    """
    Read the monitoring tables of a ``.csv``, ``.xlsx``, ``.docx`` or ``.txt`` file.

    A workbook's sheets and a Word document's tables are read in order; a
    file may hold several projects.

    .. versionchanged:: Unreleased
       Word documents (``.docx``) are read.

    Args:
        path: The file.
        year: The budget year of a file that names none.
        as_of: The as-of date; by default the end of the period the file
            names (``1-6月`` → 30 June of the year).
        limits: Safety limits for untrusted files.

    Returns:
        The projects and what reading noticed.

    Raises:
        TableError: The file cannot be read, is unsafe, is of another
            format, or holds no monitoring table.
        ImportError: Reading ``.xlsx`` or ``.docx`` needs the ``office``
            extra (openpyxl, python-docx), which is not installed.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "round.csv"
        >>> _ = path.write_text("2020年1-6月\\n三级指标,指标值,1-6月完成情况\\n"
        ...     "培训人次,≥100人次,40人次\\n", encoding="utf-8")
        >>> [(p.name, p.period.as_of.isoformat()) for p in read_monitoring(path).projects]
        [('round', '2020-06-30')]
    """
    path = Path(path)
    file = str(path)
    suffix = path.suffix.lower()
    if suffix not in MONITOR_FORMATS:
        message = say(
            f"无法读取 {suffix or '无扩展名的文件'}；请用 {', '.join(MONITOR_FORMATS)}",
            f"cannot read {suffix or 'a file without extension'}; "
            f"use one of {', '.join(MONITOR_FORMATS)}",
        )
        raise TableError([Problem(where=Location(file=file), message=message)])
    with reading(file):
        sheets = _sheets(path, suffix, limits)
        return read_monitoring_sheets(
            sheets, file=file, default_name=path.stem, year=year, as_of=as_of
        )


def _sheets(path: Path, suffix: str, limits: Limits) -> list[Sheet]:
    file = str(path)
    if suffix == ".csv":
        from perftarget.io._csvtext import csv_rows, decode

        return [Sheet(name=None, rows=csv_rows(decode(path, limits), file, limits))]
    if suffix == ".txt":
        from perftarget.io._csvtext import check_lines, decode
        from perftarget.io._doctext import text_tables

        text = decode(path, limits)
        lines = text.splitlines()
        check_lines(lines, file, limits)
        sheets = []
        for index, table in enumerate(text_tables(text), start=1):
            # the heading is the last non-blank line above the table
            above = (line.strip() for line in reversed(lines[: table.line - 1]))
            sheets.append(
                Sheet(
                    name=f"table {index}",
                    rows=list(zip(table.row_lines, table.rows, strict=True)),
                    title=next((line for line in above if line), ""),
                )
            )
        return sheets
    if suffix == ".docx":
        return _docx_sheets(path, limits)
    from perftarget.io._xlsx import xlsx_sheets

    return xlsx_sheets(path, limits)


def _docx_sheets(path: Path, limits: Limits) -> list[Sheet]:
    """
    Every table of a Word document as a sheet, titled by the paragraphs above it.

    The rows are read as :func:`~perftarget.io._docx.read_docx` reads them (merged
    cells filled, short rows padded, the sheet and cell limits applied).
    """
    # _docx has no public "document to sheets" step yet (xlsx has xlsx_sheets):
    # its row reader is used so that both readers share one code path.
    from perftarget.io._docx import _require_docx, _table_rows

    docx = _require_docx()
    file = str(path)
    check_office_file(path, limits)
    document = docx.Document(file)
    sheets: list[Sheet] = []
    above: list[str] = []
    for item in document.iter_inner_content():
        if not hasattr(item, "rows"):
            text = str(getattr(item, "text", "")).strip()
            if text:
                above.append(text)
            continue
        name = f"table {len(sheets) + 1}"
        rows = _table_rows(item, Location(file=file, sheet=name), limits)
        sheets.append(Sheet(name=name, rows=rows, title="\n".join(above)))
        above = []
    return sheets
