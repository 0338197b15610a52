"""
Deadlines and periods as written in 时效指标: ``2020年12月31日前``,
``12月底前``, ``年底前``, ``2023.07-2024.01``, and Excel serial dates that
leaked into published tables (``44561``).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Final

from attrs import frozen

from perftarget.exceptions import ModelError

__all__ = ["Deadline", "excel_serial_to_date"]

_EXCEL_EPOCH: Final = date(1899, 12, 30)
#: Serial numbers read as dates: 2000-01-01 .. 2050-12-31.
EXCEL_SERIAL_RANGE: Final = (36526, 55153)


#: Years a date in a budget table can name (1949 to 2100); a four-digit number
#: outside them is a number, never a year.
PLAUSIBLE_YEARS: Final = (1949, 2100)


def _is_plausible_year(year: int) -> bool:
    """
    Tell whether ``year`` is in :data:`PLAUSIBLE_YEARS`.

    Examples:
        >>> _is_plausible_year(2024), _is_plausible_year(1234)
        (True, False)
    """
    return PLAUSIBLE_YEARS[0] <= year <= PLAUSIBLE_YEARS[1]


def is_excel_serial(number: int) -> bool:
    """Tell whether an integer falls in :data:`EXCEL_SERIAL_RANGE` (a date leaked from Excel)."""
    return EXCEL_SERIAL_RANGE[0] <= number <= EXCEL_SERIAL_RANGE[1]


def excel_serial_to_date(serial: int) -> date:
    """
    Convert an Excel (1900 date system) serial number to a date.

    Examples:
        >>> excel_serial_to_date(44561)
        datetime.date(2021, 12, 31)
    """
    return _EXCEL_EPOCH + timedelta(days=serial)


@frozen(kw_only=True)
class Deadline:
    """
    A point in time at the precision a table gives: a year, a month, or a day.

    ``year`` may be unknown (``12月底前`` in a table for a known budget year);
    :meth:`last_day` then takes the year from the caller.

    Examples:
        >>> Deadline(year=2020, month=12).last_day()
        datetime.date(2020, 12, 31)
        >>> Deadline(month=12).last_day(2021)
        datetime.date(2021, 12, 31)
        >>> Deadline(year=2023, month=7).iso()
        '2023-07'
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.year is None and self.month is None:
            raise ModelError("Deadline needs a year or a month; got neither")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ModelError(f"Deadline.month must be 1..12, got {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ModelError("Deadline.day needs a month")
            last = calendar.monthrange(self.year if self.year is not None else 2000, self.month)[1]
            if not 1 <= self.day <= last:
                raise ModelError(
                    f"Deadline.day must be 1..{last} for month {self.month}, got {self.day}"
                )
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ModelError(f"Deadline.year must be 1..9999, got {self.year}")

    def _year(self, default_year: int | None) -> int:
        year = self.year if self.year is not None else default_year
        if year is None:
            raise ModelError(
                f"the deadline {self.zh()!r} names no year; pass the budget year to resolve it"
            )
        return year

    def last_day(self, default_year: int | None = None) -> date:
        """The last day of the period (the deadline itself)."""
        year = self._year(default_year)
        month = self.month if self.month is not None else 12
        if self.day is not None:
            return date(year, month, self.day)
        return date(year, month, calendar.monthrange(year, month)[1])

    def first_day(self, default_year: int | None = None) -> date:
        """The first day of the period (the start of a range)."""
        year = self._year(default_year)
        return date(year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """
        ISO 8601 text at the deadline's precision (``2020``, ``2020-12``,
        ``2020-12-31``; ``--12`` or ``--12-31`` without a year).
        """
        year = f"{self.year:04d}" if self.year is not None else "-"
        if self.month is None:
            return year
        text = f"{year}-{self.month:02d}"
        return text if self.day is None else f"{text}-{self.day:02d}"

    def zh(self) -> str:
        """
        The deadline in Chinese, without a comparator (``2020年12月31日``).
        """
        text = f"{self.year}年" if self.year is not None else ""
        if self.month is not None:
            text += f"{self.month}月"
        if self.day is not None:
            text += f"{self.day}日"
        return text


# ----------------------------------------------------------------- parsing

_PREFIX = re.compile(r"^(?:截至|截止到|截止至|截止|于|在|到|至|完成时间[:：]?)")
_DONE = r"(?:完成|完工|结束|办结|到位|下达|实施完毕|实施完成|竣工|验收|发放)?"
_CN_DATE = re.compile(
    r"(?:(?P<y>\d{4})年(?:度)?)?(?:(?P<m>\d{1,2})(?:月份|月))?"
    r"(?:(?P<d>\d{1,2})[日号]|(?P<end>底|末|份))?"
)
_DOTTED = re.compile(r"(?P<y>\d{4})(?P<sep>[./-])(?P<m>\d{1,2})(?:(?P=sep)(?P<d>\d{1,2}))?")
_YEAR_END = re.compile(
    r"^(?:本|当)?年(?:度)?(?:底|末|内)(?:前)?" + _DONE + r"$|^(?:本|当)年(?:度)?内?" + _DONE + "$"
)
_BEFORE = ("之前", "以前", "前", "以内", "之内", "内", "止")
_RANGE_SEP = re.compile(r"[~至到]|(?<=[年月日\d])-(?=\d)")
#: ``2024年年底``, ``2024年度年底``: the year written twice.
_YEAR_TWICE = re.compile(r"(\d{4})年(?:度)?年")
#: ``2020.5``: a plausible year and a one-digit month, or a decimal number.
_YEAR_MONTH_DECIMAL = re.compile(r"(?P<y>\d{4})\.(?P<m>[1-9])")


@frozen
class DeadlineParse:
    """Result of reading a deadline: comparator symbol, implicit flag, bounds."""

    comparator: str
    implicit: bool
    start: Deadline
    end: Deadline | None


def _one(text: str) -> tuple[Deadline, bool] | None:
    """Read one date; return it and whether it ended with 底/末 (end of)."""
    match = _DOTTED.fullmatch(text)
    if match is not None:  # digits only: a date when it is one, else a number
        return _plausible_dotted(match["y"], match["m"], match["d"])
    match = _CN_DATE.fullmatch(text)
    if match is None or not (match.group("y") or match.group("m")):
        return None
    if match.group("d") and not match.group("m"):
        return None
    if match["y"] and not _is_plausible_year(int(match["y"])):
        return None
    end_of = bool(match.group("end"))
    month = match["m"] or ("12" if end_of and match["end"] != "份" else None)
    return _build(match.group("y"), month, match.group("d")), end_of


def _plausible_dotted(year: str, month: str, day: str | None) -> tuple[Deadline, bool] | None:
    """``2023.07.31`` as a date, or None when the digits name no real date."""
    y, m = int(year), int(month)
    if not _is_plausible_year(y) or not 1 <= m <= 12:
        return None
    if day is not None and not 1 <= int(day) <= calendar.monthrange(y, m)[1]:
        return None
    return _build(year, month, day), False


def _year_month_decimal(text: str) -> Deadline | None:
    """
    Return the month a ``YYYY.M`` text names, when it could also be a decimal.

    ``2020.5`` is May 2020 in a 时效指标 row and the number 2020.5 elsewhere;
    ``2023.07`` (two-digit month) and ``1234.5`` (no plausible year) are not
    ambiguous.

    Examples:
        >>> _year_month_decimal("2020.5")
        Deadline(year=2020, month=5, day=None)
        >>> _year_month_decimal("2023.07") is None, _year_month_decimal("1234.5") is None
        (True, True)
    """
    match = _YEAR_MONTH_DECIMAL.fullmatch(text)
    if match is None or not _is_plausible_year(int(match["y"])):
        return None
    return Deadline(year=int(match["y"]), month=int(match["m"]))


def _build(year: str | None, month: str | None, day: str | None) -> Deadline:
    # an impossible date raises ModelError, a ValueError the parser reports
    return Deadline(
        year=int(year) if year else None,
        month=int(month) if month else None,
        day=int(day) if day else None,
    )


def parse_deadline(text: str) -> DeadlineParse | None:
    """
    Read a normalised deadline string, or return None if it is not one.

    Raises ``ValueError`` for a deadline-shaped text with an impossible date
    (``2月30日``); the caller turns it into a TargetParseError.
    """
    body = _YEAR_TWICE.sub(r"\1年", _PREFIX.sub("", text))
    if _YEAR_END.match(body):
        explicit = body.endswith("前") or "底" in body or "末" in body or "内" in body
        return DeadlineParse("<=", not explicit, Deadline(month=12), None)
    stripped = re.sub(_DONE + "$", "", body)
    suffix = ""
    for word in _BEFORE:
        if stripped.endswith(word) and len(stripped) > len(word):
            suffix = word
            stripped = stripped[: -len(word)]
            break
    single = _one(stripped)
    if single is not None:
        deadline, end_of = single
        if _looks_like_plain_number(stripped):
            return None
        if suffix in ("以内", "之内", "内") and deadline.month is None:
            deadline = Deadline(year=deadline.year, month=12)  # 2024年内: by the end of 2024
        if suffix or end_of:
            return DeadlineParse("<=", False, deadline, None)
        return DeadlineParse("=", True, deadline, None)
    parts = _RANGE_SEP.split(stripped)
    if len(parts) == 2 and not suffix:
        if parts[0].isdigit() and parts[1].endswith("年"):
            parts[0] += "年"  # 2020-2025年: the second year's 年 serves both
        first, second = _one(parts[0]), _one(parts[1])
        if first is not None and second is not None:
            start, end = first[0], second[0]
            if end.year is None and start.year is not None and end.month is not None:
                end = Deadline(year=start.year, month=end.month, day=end.day)
            if (
                start.year is not None
                and end.year is not None
                and (start.first_day() > end.last_day())
            ):
                raise ModelError(f"the period starts ({start.iso()}) after it ends ({end.iso()})")
            return DeadlineParse("range", False, start, end)
    return None


def _looks_like_plain_number(text: str) -> bool:
    """``2020年`` is a year; ``3年`` or ``12月`` with a comparator are durations."""
    match = re.fullmatch(r"(\d+)(年|月)", text)
    if match is None:
        return False
    number, unit = int(match.group(1)), match.group(2)
    if unit == "年":
        return not _is_plausible_year(number)
    return not 1 <= number <= 12
