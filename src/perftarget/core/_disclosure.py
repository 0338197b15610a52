"""
A department budget disclosure (部门预算公开) as a model: income and
expenditure, their breakdowns, the change from last year, 机关运行经费, the
"三公" expenses, government procurement, fixed assets, the project target
tables and the glossary.  Every amount is exact :class:`~perftarget.Money`.

Each amount carries the line of the source document it was read from, so an
audit finding can point at it.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from perftarget.core._model import Department
from perftarget.core._quantity import Money
from perftarget.exceptions import Location, NotFoundError

__all__ = [
    "Amount",
    "Breakdown",
    "DepartmentBudget",
    "FixedAsset",
    "OrgUnit",
    "ProcurementLine",
    "ThreePublicExpenses",
    "YearOnYear",
]


@frozen(kw_only=True)
class Amount:
    """
    A labelled amount of money and where the document states it.
    """

    label: str
    money: Money
    where: Location = field(factory=Location, eq=False)

    def __str__(self) -> str:
        return f"{self.label} {self.money}"


@frozen(kw_only=True)
class Breakdown:
    """
    A total and the parts the document says make it up.

    Example: 基本支出 104.22 = 人员经费 86 + 日常公用经费 18.22.
    """

    total: Amount
    parts: tuple[Amount, ...]

    def part(self, label: str) -> Amount:
        """Return the part called ``label``; KeyError lists the labels."""
        for item in self.parts:
            if item.label == label:
                return item
        known = [p.label for p in self.parts]
        raise NotFoundError(
            f"no part {label!r}; parts: {', '.join(known)}", name=label, known=known
        )


@frozen(kw_only=True)
class YearOnYear:
    """
    The change from last year as the document states it.

    Attributes:
        total: This year's total.
        change: The stated change (negative for a decrease).
        parts: Stated changes of the components (基本支出增加 17.24 …).
        rate: A stated rate of change in percent, if any.
        previous: Last year's total, if stated.
    """

    total: Amount
    change: Amount
    parts: tuple[Amount, ...] = ()
    rate: Decimal | None = None
    previous: Amount | None = None


@frozen(kw_only=True)
class ThreePublicExpenses:
    """
    The "三公" expenses: travel abroad, official vehicles (purchase and
    running), official reception.
    """

    total: Amount
    abroad: Amount
    vehicles: Amount
    vehicle_purchase: Amount
    vehicle_running: Amount
    reception: Amount
    change_note: str = ""


@frozen(kw_only=True)
class ProcurementLine:
    """
    One government-procurement line (政府采购预算).
    """

    project: str
    project_budget: Money | None
    item: str
    catalogue_code: str
    unit: str
    quantity: Decimal
    unit_price: Money
    amount: Money
    general_budget: Money | None = None
    where: Location = field(factory=Location, eq=False)


@frozen(kw_only=True)
class OrgUnit:
    """A unit of the department (机构设置)."""

    name: str
    nature: str = ""
    rank: str = ""
    funding: str = ""


@frozen(kw_only=True)
class FixedAsset:
    """A line of the fixed-asset table (固定资产占用情况)."""

    label: str
    quantity: str = ""
    value: Money | None = None


@frozen(kw_only=True)
class DepartmentBudget:
    """
    A department's budget disclosure for one year.

    Attributes:
        name: The department.
        year: The budget year.
        duties: The listed duties (部门职责).
        units: The units (机构设置).
        income: Total income and its sources.
        expenditure: Total expenditure = basic + project expenditure.
        basic: Basic expenditure = personnel + public (日常公用经费).
        projects: Project expenditure and the projects.
        change: The change from last year.
        operating_costs: 机关运行经费.
        three_public: The "三公" expenses.
        procurement_total: The stated procurement budget.
        procurement: The procurement lines.
        fixed_assets: The fixed-asset lines and the stated total.
        targets: The project performance-target tables.
        glossary: (term, definition) pairs of 名词解释.
        source: The file it was read from.
    """

    name: str
    year: int
    income: Breakdown
    expenditure: Breakdown
    basic: Breakdown
    projects: Breakdown
    duties: tuple[str, ...] = ()
    units: tuple[OrgUnit, ...] = ()
    change: YearOnYear | None = None
    operating_costs: Amount | None = None
    three_public: ThreePublicExpenses | None = None
    procurement_total: Amount | None = None
    procurement: tuple[ProcurementLine, ...] = ()
    fixed_assets: tuple[FixedAsset, ...] = ()
    fixed_assets_total: Amount | None = None
    targets: Department | None = None
    glossary: tuple[tuple[str, str], ...] = ()
    source: str = ""
