"""
Splitting a sheet of cell strings into blocks, one per table.

A block may start with label rows (项目名称, 主管部门, 年度, 年度目标, 资金情况),
a funding block, then the indicator header and its rows, and may end with a
总分 row.  Labels before the first project of a sheet belong to the file
(the department).  :mod:`perftarget.io._sheets` turns blocks into model objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Final

from attrs import define, field, frozen

from perftarget.core._lang import say
from perftarget.core._quantity import Money
from perftarget.core._text import normalize
from perftarget.exceptions import (
    Location,
    Problem,
)
from perftarget.io._layout import (
    funding_roles,
    indicator_roles,
    is_placeholder,
    label_of,
    missing_roles,
    money_unit,
)
from perftarget.io._notes import ReadNotes
from perftarget.score import BudgetRow

__all__ = [
    "BARE_NUMBER",
    "COMPARATOR_START",
    "Block",
    "Sheet",
    "cells_unread",
    "decimal",
    "split_blocks",
]

_PLAIN_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
BARE_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$")
COMPARATOR_START = (*"≥≤=<>", "不低于", "不少于", "不高于", "不超过", "大于", "小于")


@frozen(kw_only=True)
class Sheet:
    """
    One sheet (or Word table) as strings.

    Attributes:
        name: Sheet name, or ``table N`` for a Word table; None for CSV.
        rows: ``(row number, cells)`` pairs, numbers 1-based as shown to users.
        column_name: Turns a 0-based column index into the text used in
            locations (a spreadsheet letter, a column number).
        title: The default name of a project in this sheet (a Word
            document's paragraph above the table); the sheet name otherwise.
    """

    name: str | None
    rows: Sequence[tuple[int, Sequence[str]]]
    column_name: Callable[[int], str] = field(default=lambda index: str(index + 1))
    title: str = ""


@define
class Block:
    """One table of a sheet as it is being read: its labels, funding line, header and rows."""

    sheet: Sheet
    file: str
    name: str = ""
    department: str = ""
    year: int | None = None
    goal: str = ""
    amount: str | None = None
    funding: dict[str, int] | None = None
    funding_unit: str = "万元"
    budget: BudgetRow | None = None
    roles: dict[str, int] | None = None
    headers: list[str] = field(factory=list)
    rows: list[tuple[int, Sequence[str]]] = field(factory=list)
    total: tuple[int, str] | None = None

    @property
    def started(self) -> bool:
        return bool(self.name or self.roles is not None or self.budget is not None)


def _cells(row: Sequence[str]) -> list[str]:
    return [(cell or "").strip() for cell in row]


def _after(cells: Sequence[str], index: int) -> str:
    """The first non-empty cell after ``index`` that differs from the label."""
    label = cells[index]
    for cell in cells[index + 1 :]:
        if cell and cell != label:
            return cell
    _, _, tail = normalize(label).partition(":")
    return tail


def split_blocks(sheet: Sheet, file: str, notes: ReadNotes, preamble: Block) -> list[Block]:
    """
    Split a sheet into blocks, one per table.

    Args:
        sheet: The sheet.
        file: The file name, for locations.
        notes: Collects what was read past: a header without a level-3
            column, a label row the model has no place for, a cell that is
            not a number.
        preamble: Receives labels (部门, 年度) found before the sheet's first project.

    Returns:
        The blocks, in sheet order; a block without a header holds labels only.
    """
    blocks: list[Block] = []
    block = Block(sheet=sheet, file=file)
    named = False
    rows = [(number, _cells(raw)) for number, raw in sheet.rows]  # stripped once
    skip_next = False
    for position, (number, cells) in enumerate(rows):
        if skip_next:
            skip_next = False
            continue
        first = next((i for i, c in enumerate(cells) if c), None)
        if first is None:
            continue
        label = label_of(cells[first])
        below = rows[position + 1][1] if position + 1 < len(rows) else None
        # A header may begin with 项目名称 (a project column), so try it first.
        header = indicator_roles(cells, below) if label not in ("total", "note") else None
        if header is not None:
            roles, skip_next = header
            if block.roles is not None:
                blocks.append(block)
                block = Block(sheet=sheet, file=file)
            if "level3" in missing_roles(roles):
                # Without level-3 names the rows cannot be told apart.
                where = Location(file=file, sheet=sheet.name, row=number)
                text = " | ".join(c for c in cells if c)
                notes.note("PT009", where, missing="三级指标", missing_en="level-3", text=text)
                block.roles = {}
            else:
                block.roles = roles
            block.headers = cells
            continue
        funding = funding_roles(cells) if block.roles is None else None
        if funding is not None:
            block.funding = funding
            block.funding_unit = money_unit(" ".join(cells))
            continue
        if label == "project" or (label == "total" and block.roles is None):
            if label == "project":
                if block.started:
                    blocks.append(block)
                    block = Block(sheet=sheet, file=file)
                block.name = _after(cells, first)
                named = True
            continue
        if block.roles is None:
            early = not named and not block.started and label in ("department", "year")
            _label_row(preamble if early else block, cells, first, label, number, notes)
            continue
        leading = first <= min(block.roles.values(), default=0) or len(set(cells) - {""}) == 1
        if label == "total" and leading:
            score = block.roles.get("score")
            text = cells[score] if score is not None and score < len(cells) else ""
            block.total = (number, text)
            continue
        if label == "note" and leading:
            where = Location(file=file, sheet=sheet.name, row=number)
            notes.note("PT008", where, text=" | ".join(c for c in cells if c))
            continue
        block.rows.append((number, cells))
    if block.started or block.rows:
        blocks.append(block)
    return blocks


def _label_row(
    block: Block,
    cells: list[str],
    first: int,
    label: str | None,
    number: int,
    notes: ReadNotes,
) -> None:
    where = Location(file=block.file, sheet=block.sheet.name, row=number)
    if block.funding is not None and block.budget is None:
        problems: list[Problem] = []
        block.budget = _budget(block, cells, where, problems)
        cells_unread(problems, notes)
        return
    value = _after(cells, first)
    if label == "department" and not block.department:
        block.department = value
        return
    if label == "year":
        match = re.search(r"(?:19|20|21)\d{2}", normalize(value))
        if match is not None:
            block.year = int(match.group())
            return
    elif label == "goal" and value not in ("预期目标", "实际完成情况") and not block.goal:
        block.goal = value
        return
    elif label == "amount" and block.amount is None:
        value = next((c for c in cells[first + 1 :] if c and label_of(c) is None), value)
        key = normalize(value)
        if BARE_NUMBER.match(key):
            key += money_unit(cells[first])
        if key:
            block.amount = key
            return
    elif label is None and _used_heading(block, cells[first]):
        return
    notes.note("PT008", where, text=" | ".join(c for c in cells if c))


_TITLE_YEAR: Final = re.compile(r"((?:19|20|21)\d{2})年度?")


def _used_heading(block: Block, text: str) -> bool:
    """
    Take what a heading above a table says: the money unit (``单位：万元``) or
    the year of a title (``…2023年…绩效目标申报表``).
    """
    key = normalize(text)
    if key.startswith("单位") and money_unit(key, default="") and block.funding is None:
        block.funding_unit = money_unit(key)
        return True
    match = _TITLE_YEAR.search(key)
    if match is not None and "绩效" in key and block.year is None and not block.rows:
        block.year = int(match.group(1))
        return True
    return False


def cells_unread(problems: Sequence[Problem], notes: ReadNotes, name: str = "") -> None:
    """Report cells that are not numbers as PT011 findings, the cells taken as empty."""
    for problem in problems:
        notes.note(
            "PT011",
            problem.where,
            name=name or problem.text,
            column=problem.where.column or "",
            column_en=problem.where.column or "",
            reason=problem.message,
        )


_WHAT: Final[dict[str, tuple[str, str]]] = {
    "weight": ("分值", "weight"),
    "score": ("得分", "score"),
    "rate": ("执行率", "execution rate"),
    "total": ("总分", "total score"),
    "budget": ("全年预算数", "full-year budget"),
    "executed": ("全年执行数", "executed amount"),
    "adjusted": ("调整后预算数", "adjusted budget"),
    "initial": ("年初预算数", "initial budget"),
}


def decimal(
    text: str, where: Location | Callable[[], Location], what: str, problems: list[Problem]
) -> Decimal | None:
    """
    Read a number >= 0 (``10``, ``10分``, ``1,000``); blank and ``……`` are None.

    Args:
        text: The cell.
        where: Its location, or a callable giving it (called only on a problem).
        what: What the number is (``weight``, ``score``, ``rate``, ``total``
            or a funding role), for the message.
        problems: Collects the problem when the cell is not such a number.

    Returns:
        The number, or None.
    """
    if _PLAIN_DECIMAL.match(text):
        return Decimal(text)
    key = normalize(text).removesuffix("分").replace(",", "")
    if not key or is_placeholder(key):
        return None
    try:
        value = Decimal(key)
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0:
        found = where() if callable(where) else where
        zh, en = _WHAT.get(what, (what, what))
        if value is None:
            message = say(f"{zh}不是数字", f"the {en} is not a number")
        else:
            message = say(f"{zh}必须是不小于 0 的数", f"the {en} must be a number >= 0")
        problems.append(Problem(where=found, message=message, text=text))
        return None
    return value


def _rate(text: str, where: Location, problems: list[Problem]) -> Decimal | None:
    key = normalize(text)
    percent = key.endswith("%")
    value = decimal(key.removesuffix("%"), where, "rate", problems)
    if value is None:
        return None
    return value / 100 if percent or value > 1 else value


def _budget(
    block: Block, cells: list[str], where: Location, problems: list[Problem]
) -> BudgetRow | None:
    roles = block.funding or {}

    def cell(role: str) -> str:
        index = roles.get(role)
        return cells[index] if index is not None and index < len(cells) else ""

    def at(role: str) -> Location:
        index = roles.get(role, 0)
        column = block.sheet.column_name(index)
        return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)

    def money(role: str) -> Money | None:
        amount = decimal(cell(role), at(role), role, problems)
        return None if amount is None else Money(amount=amount, unit=block.funding_unit)

    budget = BudgetRow(
        budget=money("budget"),
        executed=money("executed"),
        adjusted=money("adjusted"),
        initial=money("initial"),
        weight=decimal(cell("weight"), at("weight"), "weight", problems),
        published_rate=_rate(cell("rate"), at("rate"), problems),
        published_score=decimal(cell("score"), at("score"), "score", problems),
        reason=cell("reason"),
        where=where,
    )
    if budget == BudgetRow(where=where):
        return None
    if block.amount is None and budget.budget is not None:
        block.amount = str(budget.budget)
    return budget
