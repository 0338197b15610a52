"""
The monitoring snapshot (绩效运行监控): a project's budget execution and its
indicators' progress as of a date.

Missing current values are normal (rule M7): a future period has no actual
yet, so a snapshot needs a target and may lack a current value.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from datetime import date
from typing import Final

from attrs import field, frozen

from perftarget.core._model import Actual, Indicator
from perftarget.core._quantity import Money
from perftarget.exceptions import Location, ModelError

__all__ = [
    "DeviationCategory",
    "IndicatorSnapshot",
    "Likelihood",
    "Period",
    "ProjectSnapshot",
    "deviation_category",
]


class Likelihood(enum.Enum):
    """
    How likely the year's target is to be met (完成目标可能性).

    Examples:
        >>> Likelihood("有可能").en
        'possible'
    """

    CERTAIN = "确定能"
    POSSIBLE = "有可能"
    IMPOSSIBLE = "完全不可能"

    @property
    def en(self) -> str:
        """The English term."""
        return {
            Likelihood.CERTAIN: "certain",
            Likelihood.POSSIBLE: "possible",
            Likelihood.IMPOSSIBLE: "impossible",
        }[self]

    @classmethod
    def read(cls, text: str) -> Likelihood | None:
        """
        Read a likelihood as tables write it, or None when the text names none.

        Examples:
            >>> Likelihood.read(" 确定能完成 "), Likelihood.read("不可能")
            (<Likelihood.CERTAIN: '确定能'>, <Likelihood.IMPOSSIBLE: '完全不可能'>)
            >>> Likelihood.read("也许") is None
            True
        """
        squeezed = "".join(text.split())
        if not squeezed:
            return None
        if "不可能" in squeezed or "无法" in squeezed:
            return cls.IMPOSSIBLE
        if "有可能" in squeezed or squeezed.startswith("可能"):
            return cls.POSSIBLE
        if "确定" in squeezed or squeezed in {"能", "能完成", "可以", "是"}:
            return cls.CERTAIN
        return None


class DeviationCategory(enum.Enum):
    """The five categories of a deviation reason (偏差原因)."""

    FUNDING = "经费保障"
    SYSTEM = "制度保障"
    STAFF = "人员保障"
    HARDWARE = "硬件条件保障"
    OTHER = "其他"

    @property
    def en(self) -> str:
        """The English term."""
        return {
            DeviationCategory.FUNDING: "funding",
            DeviationCategory.SYSTEM: "rules and procedures",
            DeviationCategory.STAFF: "staffing",
            DeviationCategory.HARDWARE: "equipment and premises",
            DeviationCategory.OTHER: "other",
        }[self]


#: Keywords of the deviation categories (rule M6), tried in this order.
_KEYWORDS: Final = (
    (DeviationCategory.FUNDING, ("经费", "资金", "预算", "拨款", "款项")),
    (DeviationCategory.SYSTEM, ("制度", "政策", "审批", "程序", "流程")),
    (DeviationCategory.STAFF, ("人员", "人手", "人力", "编制", "招聘")),
    (DeviationCategory.HARDWARE, ("设备", "场地", "硬件", "设施", "器材")),
)


def deviation_category(text: str) -> tuple[DeviationCategory | None, bool]:
    """
    Map a deviation reason to its category (rule M6).

    Args:
        text: The 偏差原因 cell as written.

    Returns:
        The category (None for an empty cell) and whether it was found by a
        keyword rather than named exactly; unmapped text is ``OTHER``.

    Examples:
        >>> deviation_category("资金未到位")
        (<DeviationCategory.FUNDING: '经费保障'>, True)
        >>> deviation_category("人员保障")
        (<DeviationCategory.STAFF: '人员保障'>, False)
        >>> deviation_category("疫情影响")
        (<DeviationCategory.OTHER: '其他'>, True)
    """
    squeezed = "".join(text.split())
    if not squeezed or squeezed in {"无", "/", "-", "—"}:
        return None, False
    for category in DeviationCategory:
        if squeezed == category.value:
            return category, False
    for category, words in _KEYWORDS:
        if any(word in squeezed for word in words):
            return category, True
    return DeviationCategory.OTHER, True


@frozen(kw_only=True)
class Period:
    """
    The time a snapshot covers: the budget period and the as-of date.

    Attributes:
        as_of: The date the values are reported at (截至日期).
        start: The first day of the budget period (1 January by default).
        end: The last day of the budget period (31 December by default).

    Examples:
        >>> Period.of_year(2020, month=6).as_of
        datetime.date(2020, 6, 30)
    """

    as_of: date
    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        if not self.start <= self.end:
            raise ModelError(f"Period.start {self.start} must not be after end {self.end}")
        if not self.start <= self.as_of <= self.end:
            raise ModelError(f"Period.as_of {self.as_of} must lie within {self.start}..{self.end}")

    @classmethod
    def of_year(cls, year: int, *, month: int = 12, as_of: date | None = None) -> Period:
        """
        The calendar year ``year`` as of ``as_of``, by default the last day of ``month``.

        Raises:
            ModelError: The date lies outside the year.
        """
        if as_of is None:
            if not 1 <= month <= 12:
                raise ModelError(f"month must be 1..12, got {month}")
            as_of = date(year, month, calendar.monthrange(year, month)[1])
        return cls(as_of=as_of, start=date(year, 1, 1), end=date(year, 12, 31))

    @property
    def elapsed_days(self) -> int:
        """Days from the start to the as-of date, both counted."""
        return (self.as_of - self.start).days + 1

    @property
    def total_days(self) -> int:
        """Days in the period."""
        return (self.end - self.start).days + 1

    @property
    def elapsed_months(self) -> int:
        """
        Whole months elapsed: the as-of month when it is the month's last day.

        Examples:
            >>> Period.of_year(2020, as_of=date(2020, 7, 15)).elapsed_months
            6
        """
        months = (self.as_of.year - self.start.year) * 12 + self.as_of.month - self.start.month
        last = calendar.monthrange(self.as_of.year, self.as_of.month)[1]
        return months + 1 if self.as_of.day == last else months

    @property
    def total_months(self) -> int:
        """Months in the period."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


@frozen(kw_only=True)
class IndicatorSnapshot:
    """
    One indicator's progress in a monitoring round.

    Attributes:
        indicator: Levels, name and target (年度指标值), as in a target table.
        current: The value so far (1–N月完成情况); None when not reported,
            which is normal for work done later in the year.
        forecast: The reported full-year value (全年预计完成情况), if any.
        likelihood: 完成目标可能性, if given.
        deviation: The deviation category (偏差原因), if any.
        deviation_text: The deviation reason as written.
        explanation: 原因说明.
        cumulative: Whether the value accumulates over the year (a count of
            people trained, money spent), so a partial-year value is
            projected forward; a rate or a stock is not.  When None, a count
            or an amount with a written bound (``≥1100人次``, ``≤30万元``, a
            cost cap) accumulates and anything else does not.
        where: Where the row was read.
    """

    indicator: Indicator
    current: Actual | None = None
    forecast: Actual | None = None
    likelihood: Likelihood | None = None
    deviation: DeviationCategory | None = None
    deviation_text: str = ""
    explanation: str = ""
    cumulative: bool | None = None
    where: Location = field(factory=Location)


def _to_rows(items: Iterable[IndicatorSnapshot]) -> tuple[IndicatorSnapshot, ...]:
    return tuple(items)


@frozen(kw_only=True)
class ProjectSnapshot:
    """
    A project in a monitoring round (项目绩效运行监控表).

    Attributes:
        name: Project name.
        year: The budget year.
        period: The period and the as-of date.
        budget: The full-year budget (全年预算数), or None when not given.
        initial_budget: 年初预算数, when the table gives it apart.
        executed: Cumulative execution (1–N月执行数).
        forecast: The reported full-year execution (全年预计执行数), if any.
        indicators: The indicator rows.
        deviation: A deviation category for the budget line, if any.
        deviation_text: The budget line's deviation reason as written.
        explanation: The budget line's 原因说明.
        where: Where the project was read.
    """

    name: str
    year: int
    period: Period
    budget: Money | None = None
    initial_budget: Money | None = None
    executed: Money | None = None
    forecast: Money | None = None
    indicators: tuple[IndicatorSnapshot, ...] = field(factory=tuple, converter=_to_rows)
    deviation: DeviationCategory | None = None
    deviation_text: str = ""
    explanation: str = ""
    where: Location = field(factory=Location)

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("ProjectSnapshot.name must not be empty")
        for index, item in enumerate(self.indicators):
            if not isinstance(item, IndicatorSnapshot):
                raise ModelError(
                    f"ProjectSnapshot.indicators[{index}] must be an IndicatorSnapshot, "
                    f"got {type(item).__name__}"
                )
