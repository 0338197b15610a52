"""
Reading a department budget disclosure (部门预算信息公开情况说明) from the text
of the published document into a :class:`~perftarget.DepartmentBudget`.

The statements follow the standard wording of county disclosures (河北 template:
``2020年预算收入193.23万元，其中：一般公共预算收入193.23万元…``); each is
found by its wording, not by its position, and every statement that cannot be
found is reported at once with what was expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from perftarget.core._disclosure import (
    Amount,
    Breakdown,
    DepartmentBudget,
    FixedAsset,
    OrgUnit,
    ProcurementLine,
    ThreePublicExpenses,
    YearOnYear,
)
from perftarget.core._lang import say
from perftarget.core._model import Department, Project
from perftarget.core._quantity import Money
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._build import RawRow, build_project, header_roles
from perftarget.io._doctext import TextTable, text_tables
from perftarget.io._limits import DEFAULT_LIMITS, Limits, reading

__all__ = ["read_disclosure_file", "read_disclosure_text"]

_NUM = r"(-?\d+(?:\.\d+)?)"
_WAN = _NUM + r"万元"


def _year_pattern(year: int | None) -> str:
    """The regular expression for the year of a statement: the title's, else any."""
    return str(year) if year is not None else r"\d{4}"


def _year_words(year: int | None) -> str:
    """
    The year as an expected statement shows it: ``2020年``, or ``YYYY年`` when unknown.

    Examples:
        >>> _year_words(2020), _year_words(None)
        ('2020年', 'YYYY年')
    """
    return f"{year}年" if year is not None else "YYYY年"


class _Reader:
    """Holds the text, the year of its title and the problems found while reading it."""

    def __init__(self, text: str, source: str, year: int | None = None) -> None:
        self.text = text
        self.source = source
        self.year = year
        self.problems: list[Problem] = []

    def where(self, offset: int) -> Location:
        return Location(file=self.source, row=self.text.count("\n", 0, offset) + 1)

    def search(self, pattern: str, expected: str, dated: bool = False) -> re.Match[str] | None:
        """
        Find a statement; when it is missing, report what was expected.

        ``dated`` statements name the budget year: when the title gave none,
        the message says the year is unknown rather than showing a made-up one.
        """
        match = re.search(pattern, self.text)
        if match is None:
            unknown = dated and self.year is None
            self.problems.append(
                Problem(
                    where=Location(file=self.source),
                    message=say(
                        f"未找到说明：应有 {expected}"
                        + ("（年份不明：未找到写明年份的标题）" if unknown else ""),
                        f"statement not found: expected {expected}"
                        + (" (the year is unknown: no title states it)" if unknown else ""),
                    ),
                )
            )
        return match

    def amount(self, match: re.Match[str], group: int | str, label: str) -> Amount:
        return self.amount_at(label, match.group(group), match.start(group))

    def amount_at(self, label: str, number: str, offset: int, sign: int | None = None) -> Amount:
        """An amount in 万元 written at ``offset``; ``sign`` -1 for a decrease."""
        value = Decimal(number) if sign is None else sign * Decimal(number)
        return Amount(label=label, money=Money(amount=value, unit="万元"), where=self.where(offset))


def _money(text: str) -> Money | None:
    text = text.strip()
    if not text or text in {"——", "-", "—"}:
        return None
    try:
        return Money(amount=Decimal(text), unit="万元")
    except InvalidOperation:
        return None


def _listed(reader: _Reader, match: re.Match[str], group: int) -> tuple[Amount, ...]:
    """The 'label N万元，label N万元' amounts listed in one group of a statement."""
    offset = match.start(group)
    return tuple(
        reader.amount_at(part.group(1), part.group(2), offset + part.start(2))
        for part in re.finditer(r"([^，。：]+?)" + _WAN, match.group(group))
    )


def _income(reader: _Reader) -> Breakdown | None:
    match = reader.search(
        rf"{_year_pattern(reader.year)}年预算收入{_WAN}，其中：(.*?)。",
        f"'{_year_words(reader.year)}预算收入…万元，其中：…' (收入说明)",
        dated=True,
    )
    if match is None:
        return None
    total = reader.amount(match, 1, "收入合计")
    return Breakdown(total=total, parts=_listed(reader, match, 2))


def _expenditure(reader: _Reader) -> tuple[Breakdown, Breakdown, Breakdown] | None:
    match = reader.search(
        rf"{_year_pattern(reader.year)}年部门支出预算为{_WAN}，其中基本支出{_WAN}，包括人员经费{_WAN}和日常公用经费{_WAN}；"
        rf"项目支出{_WAN}，主要为(.*?)。",
        f"'{_year_words(reader.year)}部门支出预算为…万元，其中基本支出…，包括人员经费…和日常公用经费…；"
        "项目支出…' (支出说明)",
        dated=True,
    )
    if match is None:
        return None
    total = reader.amount(match, 1, "支出合计")
    basic = reader.amount(match, 2, "基本支出")
    projects_total = reader.amount(match, 5, "项目支出")
    expenditure = Breakdown(total=total, parts=(basic, projects_total))
    basic_split = Breakdown(
        total=basic,
        parts=(reader.amount(match, 3, "人员经费"), reader.amount(match, 4, "日常公用经费")),
    )
    return (
        expenditure,
        basic_split,
        Breakdown(total=projects_total, parts=_listed(reader, match, 6)),
    )


def _change(reader: _Reader) -> YearOnYear | None:
    year = reader.year
    last = None if year is None else year - 1
    match = reader.search(
        rf"{_year_pattern(year)}年部门预算收支安排{_WAN}，较{_year_pattern(last)}年(增加|减少){_WAN}"
        r"(.*?)(?:\n|$)",
        f"'{_year_words(year)}部门预算收支安排…万元，较{_year_words(last)}增加/减少…万元' "
        "(比上年增减情况)",
        dated=True,
    )
    if match is None:
        return None
    sign = -1 if match.group(2) == "减少" else 1
    change = reader.amount_at("增减额", match.group(3), match.start(3), sign)
    parts = []
    for part in re.finditer(r"(基本支出|项目支出|其他支出)(增加|减少)" + _WAN, match.group(4)):
        direction = -1 if part.group(2) == "减少" else 1
        offset = match.start(4) + part.start(3)
        parts.append(reader.amount_at(part.group(1), part.group(3), offset, direction))
    return YearOnYear(total=reader.amount(match, 1, "收支合计"), change=change, parts=tuple(parts))


def _three_public(reader: _Reader) -> ThreePublicExpenses | None:
    match = reader.search(
        rf"“三公”经费预算安排{_WAN}，其中：因公出国（境）费{_WAN}；公务用车购置及运[^\d]*?费{_WAN}"
        rf"（其中：公务用车购置费{_WAN}，公务用车运行维护费{_WAN}[)）]；公务接待费{_WAN}。(.*?)(?:\n|$)",
        "'“三公”经费预算安排…万元，其中：因公出国（境）费…；公务用车购置及运维费…（其中：…）；公务接待费…'",
    )
    if match is None:
        return None
    return ThreePublicExpenses(
        total=reader.amount(match, 1, "“三公”经费"),
        abroad=reader.amount(match, 2, "因公出国（境）费"),
        vehicles=reader.amount(match, 3, "公务用车购置及运行维护费"),
        vehicle_purchase=reader.amount(match, 4, "公务用车购置费"),
        vehicle_running=reader.amount(match, 5, "公务用车运行维护费"),
        reception=reader.amount(match, 6, "公务接待费"),
        change_note=match.group(7).strip(),
    )


def _procurement(reader: _Reader, table: TextTable) -> list[ProcurementLine]:
    lines = []
    for cells, line in zip(table.rows, table.row_lines, strict=True):
        if len(cells) < 8 or not re.fullmatch(r"[A-Z]\d+", cells[3]):
            continue
        where = Location(file=reader.source, row=line)
        try:
            lines.append(
                ProcurementLine(
                    project=cells[0],
                    project_budget=_money(cells[1]),
                    item=cells[2],
                    catalogue_code=cells[3],
                    unit=cells[4],
                    quantity=Decimal(cells[5]),
                    unit_price=Money(amount=Decimal(cells[6]), unit="万元"),
                    amount=Money(amount=Decimal(cells[7]), unit="万元"),
                    general_budget=_money(cells[8]) if len(cells) > 8 else None,
                    where=where,
                )
            )
        except InvalidOperation:
            reader.problems.append(
                Problem(
                    where=where,
                    message=say(
                        "政府采购行：数量、单价或金额不是数字",
                        "procurement line: quantity, unit price or amount is not a number",
                    ),
                    text=" | ".join(cells[:9]),
                )
            )
    return lines


def _target_table(
    reader: _Reader, table: TextTable, name: str, amount: Money | None, year: int | None, dept: str
) -> Project | None:
    goal = table.rows[0][1] if len(table.rows[0]) > 1 else ""
    header_at = next((i for i, r in enumerate(table.rows) if "一级指标" in r), None)
    if header_at is None:
        reader.problems.append(
            Problem(
                where=Location(file=reader.source, row=table.line),
                message=say(
                    "目标表没有含 一级指标 的表头行",
                    "target table has no header row with 一级指标",
                ),
            )
        )
        return None
    sheet = name
    try:
        roles = header_roles(table.rows[header_at], Location(file=reader.source, sheet=sheet))
        rows = [
            RawRow(
                cells={roles[i]: c for i, c in enumerate(cells) if i in roles},
                where=Location(file=reader.source, sheet=sheet, row=line),
            )
            for cells, line in zip(
                table.rows[header_at + 1 :], table.row_lines[header_at + 1 :], strict=True
            )
        ]
        return build_project(
            rows,
            name=name,
            amount=str(amount) if amount is not None else None,
            goal=goal,
            year=year,
            department=dept,
        )
    except TableError as error:
        reader.problems.extend(error.problems)
        return None


def _find(tables: Sequence[TextTable], test: Callable[[TextTable], bool]) -> list[TextTable]:
    return [t for t in tables if test(t)]


def read_disclosure_text(text: str, *, source: str = "<text>") -> DepartmentBudget:
    """
    Read the text of a department budget disclosure.

    Args:
        text: The document as text (cells of tables on their own tab-indented
            lines, as a .docx text export gives them).
        source: The file name, for locations in errors and findings.

    Raises:
        TableError: Every statement or table that could not be read.
    """
    head = _heading(text)
    name, year = head if head is not None else ("", None)
    reader = _Reader(text, source, year)
    if head is None:
        reader.problems.append(
            Problem(
                where=Location(file=source, row=1),
                message=say(
                    "未找到标题 'XX YYYY年部门预算信息公开…'：部门和年份不明",
                    "title 'XX YYYY年部门预算信息公开…' not found: department and year unknown",
                ),
            )
        )
    tables = list(text_tables(text))
    income = _income(reader)
    spending = _expenditure(reader)
    change = _change(reader)
    operating = reader.search(r"机关运行经费共计安排" + _WAN, "'机关运行经费共计安排…万元'")
    three = _three_public(reader)
    procurement_total = reader.search(r"安排政府采购预算" + _WAN, "'安排政府采购预算…万元'")
    procurement_tables = _find(tables, lambda t: any("采购物品名称" in r for r in t.rows))
    procurement = _procurement(reader, procurement_tables[0]) if procurement_tables else []
    projects_by_name = {a.label: a.money for a in spending[2].parts} if spending else {}
    budgets = {line.project: line.project_budget for line in procurement}
    targets = []
    lines = text.splitlines()
    for table in _find(tables, lambda t: t.rows[0][:1] == ("绩效目标",)):
        project = _title_before(lines, table.line)
        if not project:
            reader.problems.append(
                Problem(
                    where=Location(file=source, row=table.line),
                    message=say(
                        "此目标表上方没有标题 'N、<项目名称>绩效目标表'",
                        "no title 'N、<项目名称>绩效目标表' above this target table",
                    ),
                )
            )
            continue
        amount = budgets.get(project) or next(
            (
                money
                for label, money in projects_by_name.items()
                if project.endswith(label) or label.endswith(project)
            ),
            None,
        )
        built = _target_table(reader, table, project, amount, year, name)
        if built is not None:
            targets.append(built)
    units = []
    for table in _find(tables, lambda t: "单位名称" in t.rows[0]):
        for cells in table.rows[1:]:
            if len(cells) >= 5 and cells[1]:
                units.append(
                    OrgUnit(name=cells[1], nature=cells[2], rank=cells[3], funding=cells[4])
                )
    assets: list[FixedAsset] = []
    assets_total: Amount | None = None
    asset_match = re.search(r"固定资产金额为" + _WAN, text)
    if asset_match:
        assets_total = reader.amount(asset_match, 1, "固定资产金额")
    for table in _find(tables, lambda t: any("资产总额" in r for r in t.rows)):
        for cells in table.rows:
            if len(cells) == 3 and cells[0] not in {"项目"}:
                assets.append(FixedAsset(label=cells[0], quantity=cells[1], value=_money(cells[2])))
    duties = re.findall(
        r"^\s*[（(][一二三四五六七八九十]+[)）](.+)$",
        _section(text, "部门职责：", "机构设置："),
        re.M,
    )
    glossary = re.findall(
        r"^\d+、([^：:\n]+)[：:](.+)$", _section(text, "名词解释", "其他需要说明"), re.M
    )
    if reader.problems or income is None or spending is None or year is None:
        raise TableError(reader.problems)
    expenditure, basic, projects = spending
    return DepartmentBudget(
        name=name,
        year=year,
        income=income,
        expenditure=expenditure,
        basic=basic,
        projects=projects,
        duties=tuple(d.strip() for d in duties),
        units=tuple(units),
        change=change,
        operating_costs=reader.amount(operating, 1, "机关运行经费") if operating else None,
        three_public=three,
        procurement_total=(
            reader.amount(procurement_total, 1, "政府采购预算") if procurement_total else None
        ),
        procurement=tuple(procurement),
        fixed_assets=tuple(assets),
        fixed_assets_total=assets_total,
        targets=Department(name=name, projects=targets, year=year) if targets else None,
        glossary=tuple((term.strip(), definition.strip()) for term, definition in glossary),
        source=source,
    )


def _heading(text: str) -> tuple[str, int] | None:
    """
    The department and year of the title ``XX YYYY年部门预算信息公开…``.

    Found in linear time: the fixed wording is searched for, then the word
    before it is read backwards (at most 200 characters).

    Examples:
        >>> _heading("[公开] 曲阳县信访局\\n2020年部门预算信息公开情况说明")
        ('曲阳县信访局', 2020)
    """
    for match in re.finditer(r"(\d{4})年部门预算信息公开", text):
        before = text[max(match.start() - 200, 0) : match.start()].rstrip()
        word = re.search(r"\S+$", before)
        if word is not None:
            return word.group(0).split("]")[-1], int(match.group(1))
    return None


def _title_before(lines: Sequence[str], line: int) -> str:
    """The project named by the nearest '…绩效目标表' title above ``line``."""
    for index in range(line - 2, max(line - 8, 0) - 1, -1):
        match = re.search(r"\d\s*、\s*(\S+?)绩效目标表", lines[index])
        if match:
            return match.group(1)
    return ""


def _section(text: str, start: str, end: str) -> str:
    begin = text.find(start)
    if begin < 0:
        return ""
    finish = text.find(end, begin)
    return text[begin : finish if finish > 0 else len(text)]


def read_disclosure_file(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> DepartmentBudget:
    """
    Read a disclosure from a text file (UTF-8, UTF-8 with BOM or GB18030).

    Args:
        path: The ``.txt`` file.
        limits: Safety limits (``max_file_bytes``, ``max_line_chars``).

    Returns:
        The disclosure.

    Raises:
        TableError: The file is missing, not a regular file, too large,
            has a line longer than the limit, cannot be decoded, or lacks
            statements; every problem with its line.
    """
    from perftarget.io._csvtext import check_lines, decode

    path = Path(path)
    with reading(str(path)):
        text = decode(path, limits)
        check_lines(text.splitlines(), str(path), limits)
        return read_disclosure_text(text, source=path.name)
