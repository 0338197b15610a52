"""
Time on the indicator in a table: last year's values and the year's adjustments.

Tables keep beside the target what the indicator stood at the year before
(上年指标值, 上年实际值 with its spellings 上年完成值 / 上年自评值 / 上年值 /
基期值 / 基线值) and the adjustments made during the year (年初指标值 →
调整后指标值, with 调整原因 and 调整时间).  Reading turns these cells into a
:class:`~perftarget.core._model.Baseline` and :class:`~perftarget.core._model.Revision`
values on the indicator, leniently: a value that cannot be read is reported
(``PT011``) and taken as empty, cells of an adjustment without its value are
reported (``PT014``).  Writing lays them out again as columns, added only when
some indicator has them; a second adjustment's columns are numbered
(``第2次调整后指标值``, ``第2次调整原因``, ``第2次调整时间``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Final

from attrs import evolve, frozen

from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level2
from perftarget.core._lang import say
from perftarget.core._model import Actual, Baseline, Direction, Revision, Target
from perftarget.core._parse import parse_target
from perftarget.core._text import normalize, says_not_applicable
from perftarget.core._unfilled import is_unfilled
from perftarget.exceptions import TargetParseError
from perftarget.io._layout import REVISION_ROLES, revision_role
from perftarget.io._notes import ReadNotes
from perftarget.io._rows import LabelledRow, split_direction, unreadable

__all__ = ["read_day", "read_history"]

#: Cells that say "no value" for last year (a new indicator) or an adjustment.
_NONE: Final = frozenset({"-", "--", "---", "一", "——", "—", "/", "\\", "─", "无"})
#: A day, spaces removed (:func:`~perftarget.core._text.normalize`); a time after it is ignored.
_DAY: Final = re.compile(
    r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})[日号]?(?:T?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_HISTORY_PREFIXES: Final = ("baseline_", "revised_", "revision_")
_YEAR: Final = re.compile(r"(?:19|20|21)\d{2}")
#: Column names (zh, en) of the cells reading reports.
_COLUMNS: Final[dict[str, tuple[str, str]]] = {
    "baseline_target": ("上年指标值", "previous-year target"),
    "baseline_actual": ("上年实际值", "previous-year actual"),
    "baseline_year": ("基期年度", "baseline year"),
    "baseline_reason": ("变动原因", "reason for the change from the previous year"),
    "revised_target": ("调整后指标值", "adjusted target"),
    "revision_reason": ("调整原因", "adjustment reason"),
    "revision_date": ("调整时间", "adjustment date"),
}


def read_day(text: str) -> datetime.date | None:
    """
    Read the date of an adjustment: ``2024-06-30``, ``2024/6/30``,
    ``2024.6.30``, ``2024年6月30日`` (a time after it is ignored).

    Args:
        text: The cell.

    Returns:
        The date; None when the text names no day of the calendar (a month
        alone, ``2024年6月``, is not a day).

    Examples:
        >>> read_day("2024年6月30日"), read_day(" 2024-06-30 00:00:00 ")
        (datetime.date(2024, 6, 30), datetime.date(2024, 6, 30))
        >>> read_day("2024年6月"), read_day("2024-02-30")
        (None, None)
    """
    match = _DAY.fullmatch(normalize(text))
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _base(role: str) -> str:
    """
    The role of a numbered adjustment column without its number.

    Examples:
        >>> _base("revision_date_2"), _base("baseline_target")
        ('revision_date', 'baseline_target')
    """
    head, _, tail = role.rpartition("_")
    return head if tail.isdigit() else role


def _empty(text: str) -> bool:
    key = normalize(text)
    return not key or key in _NONE


@frozen(kw_only=True)
class _Cells:
    """One row's history cells and how to report them."""

    read: LabelledRow
    notes: ReadNotes
    direction: Direction | None

    def text(self, role: str) -> str:
        return self.read.row.cells.get(role, "").strip()

    def unread(self, role: str, reason: str) -> None:
        """Report a value that cannot be read, taken as empty (``PT011``)."""
        zh, en = _COLUMNS[_base(role)]
        self.notes.note(
            "PT011",
            self.read.row.at(role),
            name=self.read.name,
            column=zh,
            column_en=en,
            reason=reason,
        )

    def orphan(self, role: str, missing: str) -> None:
        """Report a cell filled without the value it belongs to (``PT014``)."""
        zh, en = _COLUMNS[_base(role)]
        if missing == "revised_target":
            value, value_en = "调整后指标值", "an adjusted target"
        else:
            value, value_en = "上年指标值或上年实际值", "last year's target or actual"
        self.notes.note(
            "PT014",
            self.read.row.at(role),
            name=self.read.name,
            column=zh,
            column_en=en,
            value=value,
            value_en=value_en,
        )

    def target(self, role: str) -> Target | None:
        text = self.text(role)
        if _empty(text) or says_not_applicable(text):
            return None
        level2: Level2 | None = self.read.level2
        try:
            target = parse_target(text, level2=level2)
        except TargetParseError as error:
            self.unread(role, unreadable(error))
            return None
        if is_unfilled(text):
            self.unread(role, say("未填写（模板占位符）", "unfilled (template residue)"))
            return None
        if self.direction is not None:
            target = evolve(target, direction_override=self.direction)
        return target

    def actual(self, role: str) -> Actual | None:
        text = self.text(role)
        if _empty(text) or says_not_applicable(text):
            return None
        try:
            return parse_actual(text)
        except TargetParseError as error:
            self.unread(role, unreadable(error))
            return None

    def year(self, role: str) -> int | None:
        text = self.text(role)
        if _empty(text):
            return None
        match = _YEAR.search(normalize(text))
        if match is None:
            self.unread(role, say("不是年度", "not a year"))
            return None
        return int(match.group())

    def day(self, role: str) -> datetime.date | None:
        text = self.text(role)
        if _empty(text):
            return None
        day = read_day(text)
        if day is None:
            self.unread(role, say("不是年月日俱全的日期", "not a date with year, month and day"))
        return day


def _numbers(cells: Iterable[str]) -> list[int]:
    """The numbers of the adjustments a row has columns for, in order."""
    found = {1} if any(role in REVISION_ROLES for role in cells) else set()
    for role in cells:
        base, _, tail = role.rpartition("_")
        if base in REVISION_ROLES and tail.isdigit():
            found.add(int(tail))
    return sorted(found)


def read_history(
    read: LabelledRow, notes: ReadNotes
) -> tuple[Baseline | None, tuple[Revision, ...]]:
    """
    Read an indicator row's baseline and adjustments, leniently.

    What counts as an adjustment: a filled 调整后指标值 (an empty one means
    none).  Its 调整原因 and 调整时间 belong to it; filled without it they are
    reported (``PT014``) and not kept, except that in a table with no
    调整后指标值 column at all, a row's 调整原因 that has last year's values
    beside it is the reason its target differs from last year's
    (:attr:`Baseline.reason`, like 变动原因).

    Args:
        read: The row, its cells prepared (comparator and unit joined).
        notes: Receives what could not be read or kept.

    Returns:
        The baseline (None when the row gives neither last year's target nor
        its actual) and the adjustments, in column order.
    """
    cells = read.row.cells
    if not any(role.startswith(_HISTORY_PREFIXES) for role in cells):
        return None, ()  # the usual table: no history column
    row = _Cells(read=read, notes=notes, direction=split_direction(cells)[1])
    revisions: list[Revision] = []
    orphan = ""
    for number in _numbers(cells):
        value, why, when = (revision_role(role, number) for role in REVISION_ROLES)
        target = row.target(value)
        reason = row.text(why)
        day = row.day(when)
        if target is not None:
            revisions.append(Revision(target=target, date=day, reason=reason))
            continue
        if value not in cells and number == 1 and not _empty(reason):
            orphan = reason
            reason = ""
        if _empty(row.text(value)):  # an unreadable value is reported already
            for role, given in ((why, not _empty(reason)), (when, day is not None)):
                if given:
                    row.orphan(role, "revised_target")
    last_target = row.target("baseline_target")
    last_actual = row.actual("baseline_actual")
    year = row.year("baseline_year")
    reason = row.text("baseline_reason")
    if last_target is None and last_actual is None:
        for role, given in (
            ("baseline_year", year is not None),
            ("baseline_reason", bool(reason)),
            ("revision_reason", bool(orphan)),
        ):
            if given:
                row.orphan(role, "baseline_target")
        return None, tuple(revisions)
    baseline = Baseline(target=last_target, actual=last_actual, year=year, reason=reason or orphan)
    return baseline, tuple(revisions)
