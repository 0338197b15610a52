"""
Reading a self-evaluation table (绩效自评表) from CSV.

Headers are recognised by meaning (the official Chinese ones and English
aliases), blank level cells continue the label above (merged cells), and
every problem is collected with its file, row and column before one
:class:`~perftarget.TableError` is raised.  The file may be UTF-8, UTF-8
with a BOM, or GB18030.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Final

from attrs import field, frozen

from perftarget._categories import Level1, Level2, parse_level1
from perftarget._model import Actual, Indicator
from perftarget._parse import parse_actual, parse_target
from perftarget._quantity import Money
from perftarget._scorecard import BudgetRow, EvaluationRow
from perftarget._text import normalize
from perftarget.exceptions import (
    LabelError,
    Location,
    ModelError,
    Problem,
    TableError,
    TargetParseError,
)
from perftarget.io._build import HEADER_ROLES

__all__ = ["SelfEvaluation", "read_selfeval_csv"]

_EXTRA_ROLES: Final[dict[str, tuple[str, ...]]] = {
    "actual": ("实际完成值", "全年实际值", "实际值", "实际完成情况", "actual", "actualvalue"),
    "score": ("得分", "自评得分", "score"),
    "reason": (
        "偏差原因分析及改进措施",
        "偏差原因分析及整改措施",
        "偏差原因及整改措施",
        "偏差原因",
        "未完成原因分析",
        "deviationreason",
        "reason",
    ),
}
_BY_HEADER: Final[dict[str, str]] = {
    header: role
    for role, headers in (*HEADER_ROLES.items(), *_EXTRA_ROLES.items())
    for header in headers
}
_REQUIRED: Final = ("level1", "level2", "level3", "target", "weight", "actual")
_COLUMN: Final = {
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "weight": "分值",
    "actual": "实际完成值",
    "score": "得分",
    "reason": "偏差原因分析及改进措施",
}
_TOTAL_WORDS: Final = ("总分", "合计", "总计", "total")
_NOT_APPLICABLE: Final = ("不适用", "n/a", "na", "/", "—", "-")
_LEVEL_WEIGHT: Final = re.compile(r"\d")


@frozen(kw_only=True)
class SelfEvaluation:
    """
    A self-evaluation table as read: its rows and what it publishes.

    Attributes:
        rows: The indicator rows, in table order.
        published_total: The 总分 row's score, if the table has one.
        budget: The funding block (年度资金总额 line), when the file has one;
            amounts given on the command line take precedence.
        source: The file it was read from.
    """

    rows: tuple[EvaluationRow, ...]
    published_total: Decimal | None = None
    budget: BudgetRow = field(factory=BudgetRow)
    source: str = ""


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GB18030")


def _roles(headers: Sequence[str], where: Location) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = normalize(header).lower().replace("_", "").replace(" ", "")
        role = _BY_HEADER.get(key)
        if role is not None and role not in roles:
            roles[role] = index
    missing = [role for role in _REQUIRED if role not in roles]
    if missing:
        names = ", ".join(f"{_COLUMN[r]} ({r})" for r in missing)
        raise TableError(
            [
                Problem(
                    where=where,
                    message=f"header not recognised: missing {names}",
                    text=" | ".join(headers),
                )
            ]
        )
    return roles


def _number(text: str, where: Location, what: str, problems: list[Problem]) -> Decimal | None:
    text = normalize(text).removesuffix("分")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(Problem(where=where, message=f"{what} is not a number", text=text))
        return None
    if not value.is_finite() or value < 0:
        problems.append(Problem(where=where, message=f"{what} must be a number >= 0", text=text))
        return None
    return value


def _at(where: Location, role: str) -> Location:
    return Location(file=where.file, row=where.row, column=_COLUMN[role])


def read_selfeval_csv(path: str | Path) -> SelfEvaluation:
    """
    Read a self-evaluation CSV.

    Args:
        path: The CSV file (UTF-8, UTF-8 with BOM, or GB18030).

    Returns:
        The rows and the published total.

    Raises:
        TableError: Every problem found, each with file, row and column.
        OSError: The file cannot be read.
    """
    name = str(path)
    try:
        text = _decode(Path(path).read_bytes())
    except UnicodeDecodeError:
        raise TableError(
            [Problem(where=Location(file=name), message="cannot decode: use UTF-8 or GB18030")]
        ) from None
    records = list(csv.reader(io.StringIO(text)))
    start = next((i for i, r in enumerate(records) if _is_indicator_header(r)), None)
    if start is None:
        start = next((i for i, r in enumerate(records) if any(c.strip() for c in r)), None)
    if start is None:
        raise TableError([Problem(where=Location(file=name), message="the file is empty")])
    roles = _roles(records[start], Location(file=name, row=start + 1))
    problems: list[Problem] = []
    budget = _funding_block(records[:start], name, problems)
    rows: list[EvaluationRow] = []
    total: Decimal | None = None
    level1: Level1 | None = None
    level1_weight: Decimal | None = None
    level2: Level2 | None = None
    for number, record in enumerate(records[start + 1 :], start=start + 2):
        cells = {role: (record[i].strip() if i < len(record) else "") for role, i in roles.items()}
        where = Location(file=name, row=number)
        first = normalize(next((c for c in record if c.strip()), "")).lower()
        if first in _TOTAL_WORDS:
            total = _number(cells.get("score", ""), _at(where, "score"), "总分", problems)
            continue
        if cells["level1"]:
            try:
                label = parse_level1(cells["level1"])
                assert isinstance(label.category, Level1)
                level1, level1_weight = label.category, label.weight
            except LabelError as error:
                problems.append(Problem(where=_at(where, "level1"), message=str(error)))
                level1 = None
        if cells["level2"]:
            try:
                level2 = Level2.from_label(cells["level2"])
            except LabelError as error:
                problems.append(Problem(where=_at(where, "level2"), message=str(error)))
                level2 = None
        if not cells["level3"] and not cells["target"]:
            continue
        row = _row(cells, where, level1, level2, level1_weight, problems)
        if row is not None:
            rows.append(row)
    if problems:
        raise TableError(problems)
    return SelfEvaluation(rows=tuple(rows), published_total=total, budget=budget, source=name)


_FUNDING: Final[dict[str, str]] = {
    "年初预算数": "initial",
    "全年预算数": "budget",
    "全年预算数(a)": "budget",
    "预算数": "budget",
    "调整后预算数": "adjusted",
    "全年执行数": "executed",
    "全年执行数(b)": "executed",
    "预算执行数": "executed",
    "执行数": "executed",
    "分值": "weight",
    "执行率": "rate",
    "预算执行率": "rate",
    "执行率(b/a)": "rate",
    "得分": "score",
}
_FUNDING_TOTAL: Final = ("年度资金总额", "资金总额", "合计", "项目资金总额", "total")


def _is_indicator_header(record: Sequence[str]) -> bool:
    keys = {_BY_HEADER.get(normalize(c).lower().replace("_", "")) for c in record}
    return {"level1", "level3"} <= keys


def _funding_block(
    records: Sequence[Sequence[str]], name: str, problems: list[Problem]
) -> BudgetRow:
    """
    Read the funding block above the indicators (年初预算数 / 全年预算数 /
    全年执行数 / 分值 / 执行率 / 得分), if the file has one.
    """
    columns: dict[str, int] = {}
    unit = "万元"
    for number, record in enumerate(records, start=1):
        cells = [normalize(c) for c in record]
        if not columns:
            found = {_FUNDING[c]: i for i, c in enumerate(cells) if c in _FUNDING}
            if {"budget", "executed"} <= found.keys() or {"adjusted", "executed"} <= found.keys():
                columns = found
                unit = "元" if any("(元)" in c or "单位:元" in c for c in cells) else unit
            continue
        label = next((c for c in cells if c), "").lower()
        if not label.startswith(_FUNDING_TOTAL):
            continue
        where = Location(file=name, row=number)
        values: dict[str, Decimal | None] = {}
        for role, index in columns.items():
            raw = cells[index] if index < len(cells) else ""
            at = Location(file=name, row=number, column=role)
            values[role] = _number(raw.rstrip("%"), at, f"funding block {role}", problems)
        rate = values.get("rate")
        return BudgetRow(
            budget=_money(values.get("budget"), unit),
            executed=_money(values.get("executed"), unit),
            adjusted=_money(values.get("adjusted"), unit),
            weight=values.get("weight"),
            published_rate=rate / 100 if rate is not None else None,
            published_score=values.get("score"),
            where=where,
        )
    return BudgetRow()


def _money(value: Decimal | None, unit: str) -> Money | None:
    return None if value is None else Money(amount=value, unit=unit)


def _row(
    cells: dict[str, str],
    where: Location,
    level1: Level1 | None,
    level2: Level2 | None,
    level1_weight: Decimal | None,
    problems: list[Problem],
) -> EvaluationRow | None:
    if level1 is None or level2 is None:
        if not any(p.where.row == where.row for p in problems):
            problems.append(
                Problem(
                    where=where,
                    message="no level-1 or level-2 label above this row",
                    text=cells["level3"],
                )
            )
        return None
    if not cells["level3"]:
        problems.append(Problem(where=_at(where, "level3"), message="level-3 name is empty"))
        return None
    count = len(problems)
    try:
        target = parse_target(cells["target"], level2=level2)
    except TargetParseError as error:
        problems.append(
            Problem(where=_at(where, "target"), message=str(error), text=cells["target"])
        )
        return None
    weight = _number(cells["weight"], _at(where, "weight"), "weight (分值)", problems)
    score = _number(cells.get("score", ""), _at(where, "score"), "score (得分)", problems)
    actual_text = cells["actual"]
    not_applicable = normalize(actual_text).lower() in _NOT_APPLICABLE
    actual: Actual | None = None
    if actual_text and not not_applicable:
        try:
            actual = parse_actual(actual_text)
        except TargetParseError as error:
            problems.append(
                Problem(where=_at(where, "actual"), message=str(error), text=actual_text)
            )
    if len(problems) > count:
        return None
    try:
        indicator = Indicator(
            level1=level1, level2=level2, name=cells["level3"], target=target, weight=weight
        )
    except ModelError as error:
        problems.append(Problem(where=where, message=str(error)))
        return None
    return EvaluationRow(
        indicator=indicator,
        actual=actual,
        published_score=score,
        reason=cells.get("reason", ""),
        not_applicable=not_applicable,
        level1_weight=level1_weight,
        where=where,
    )
