"""
The disclosure audit: identities checked on the seed and on generated budgets.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perftarget import datasets
from perftarget.checks._audit import AUDIT_CHECKS, audit
from perftarget.core._disclosure import (
    Amount,
    Breakdown,
    DepartmentBudget,
    ProcurementLine,
    ThreePublicExpenses,
    YearOnYear,
)
from perftarget.core._findings import Severity
from perftarget.core._quantity import Money


def wan(value: str | Decimal) -> Money:
    return Money(amount=Decimal(value), unit="万元")


def amount(label: str, value: str | Decimal) -> Amount:
    return Amount(label=label, money=wan(value))


class TestSeed:
    """The bundled 曲阳县信访局 2020 disclosure."""

    def test_every_stated_identity_holds(self) -> None:
        """The audit confirms the identities the document states, with no false alarm."""
        report = audit(datasets.quyang_2020_budget())
        equations = {(c.code, c.equation) for c in report.checks}
        expected = {
            ("PT203", "193.23 = 104.22 + 89.01 (= 193.23)"),
            ("PT204", "104.22 = 86 + 18.22 (= 104.22)"),
            ("PT205", "89.01 = 30 + 29.58 + 29.43 (= 89.01)"),
            ("PT206", "45.24 = 17.24 + 28 (= 45.24)"),
            ("PT202", "193.23 = 193.23"),
            ("PT208", "1.2 = 0 + 1.2 + 0 (= 1.2)"),
        }
        assert expected <= equations
        assert () == report.findings
        assert all(c.passed for c in report.checks)

    def test_procurement_lines_and_total_are_checked(self) -> None:
        """Each of the ten procurement lines is quantity x unit price, and they sum to 4.39."""
        report = audit(datasets.quyang_2020_budget())
        lines = [c for c in report.checks if c.code == "PT210"]
        assert 10 == len(lines)
        assert "1.00 = 50.00 × 0.02" == lines[0].equation
        total = next(c for c in report.checks if c.code == "PT211")
        assert Decimal("4.39") == total.left == total.right

    def test_checks_point_at_their_line(self) -> None:
        """A check's location is the line of the document that states the total."""
        report = audit(datasets.quyang_2020_budget())
        basic = next(c for c in report.checks if c.code == "PT204")
        assert "quyang_xinfang_2020.txt" == basic.where.file
        text_line = datasets.quyang_2020_text().splitlines()[basic.where.row - 1]  # type: ignore[operator]
        assert "基本支出104.22万元" in text_line

    def test_select_and_ignore(self) -> None:
        """Selecting codes runs only those checks; ignored codes are skipped."""
        budget = datasets.quyang_2020_budget()
        only = audit(budget, select=["PT204"])
        assert {"PT204"} == {c.code for c in only.checks}
        without = audit(budget, ignore=["PT210", "PT211"])
        assert not {"PT210", "PT211"} & {c.code for c in without.checks}


def _budget(
    personnel: Decimal,
    public: Decimal,
    projects: list[Decimal],
    quantities: list[int],
    prices: list[Decimal],
) -> DepartmentBudget:
    """A budget built to satisfy every identity."""
    basic_total = personnel + public
    project_total = sum(projects, Decimal(0))
    total = basic_total + project_total
    basic = Breakdown(
        total=amount("基本支出", basic_total),
        parts=(amount("人员经费", personnel), amount("日常公用经费", public)),
    )
    project_parts = tuple(amount(f"项目{i}", v) for i, v in enumerate(projects))
    lines = tuple(
        ProcurementLine(
            project="日常公用经费",
            project_budget=wan(public),
            item=f"物品{i}",
            catalogue_code="A0999",
            unit="箱",
            quantity=Decimal(q),
            unit_price=wan(p),
            amount=wan(q * p),
        )
        for i, (q, p) in enumerate(zip(quantities, prices, strict=False))
    )
    procurement_total = sum((line.amount.amount for line in lines), Decimal(0))
    return DepartmentBudget(
        name="测试局",
        year=2024,
        income=Breakdown(
            total=amount("收入合计", total),
            parts=(amount("一般公共预算收入", total), amount("其他来源收入", "0")),
        ),
        expenditure=Breakdown(
            total=amount("支出合计", total),
            parts=(amount("基本支出", basic_total), amount("项目支出", project_total)),
        ),
        basic=basic,
        projects=Breakdown(total=amount("项目支出", project_total), parts=project_parts),
        change=YearOnYear(
            total=amount("收支合计", total),
            change=amount("增减额", personnel - public),
            parts=(amount("基本支出", personnel), amount("项目支出", -public)),
            previous=amount("上年", total - (personnel - public)),
        ),
        operating_costs=amount("机关运行经费", public),
        three_public=ThreePublicExpenses(
            total=amount("“三公”经费", public),
            abroad=amount("因公出国（境）费", "0"),
            vehicles=amount("公务用车购置及运行维护费", public),
            vehicle_purchase=amount("公务用车购置费", "0"),
            vehicle_running=amount("公务用车运行维护费", public),
            reception=amount("公务接待费", "0"),
        ),
        procurement_total=amount("政府采购预算", procurement_total) if lines else None,
        procurement=lines,
    )


money = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
budgets = st.builds(
    _budget,
    money,
    money,
    st.lists(money, min_size=1, max_size=5),
    st.lists(st.integers(min_value=1, max_value=50), min_size=0, max_size=4),
    st.lists(st.decimals(min_value=0, max_value=10, places=2), min_size=4, max_size=4),
)


class TestProperties:
    """Budgets that add up pass; any single amount moved beyond the tolerance is caught."""

    @given(budgets)
    def test_consistent_budget_passes(self, budget: DepartmentBudget) -> None:
        """A budget built to satisfy every identity passes the audit."""
        report = audit(budget)
        assert [] == [c.equation for c in report.checks if not c.passed]
        assert report.passed

    @given(
        budgets,
        st.sampled_from(["basic", "personnel", "public", "project", "income", "vehicles"]),
        st.decimals(min_value=Decimal("0.07"), max_value=1000, places=2),
    )
    def test_perturbed_amount_is_caught(
        self, budget: DepartmentBudget, which: str, delta: Decimal
    ) -> None:
        """Moving any one stated amount by more than the tolerance makes a check fail."""

        def moved(item: Amount) -> Amount:
            return attrs.evolve(item, money=wan(item.money.amount + delta))

        if which == "basic":
            budget = attrs.evolve(
                budget, basic=attrs.evolve(budget.basic, total=moved(budget.basic.total))
            )
        elif which == "personnel":
            parts = (moved(budget.basic.parts[0]), budget.basic.parts[1])
            budget = attrs.evolve(budget, basic=attrs.evolve(budget.basic, parts=parts))
        elif which == "public":
            parts = (budget.basic.parts[0], moved(budget.basic.parts[1]))
            budget = attrs.evolve(budget, basic=attrs.evolve(budget.basic, parts=parts))
        elif which == "project":
            first, *rest = budget.projects.parts
            budget = attrs.evolve(
                budget, projects=attrs.evolve(budget.projects, parts=(moved(first), *rest))
            )
        elif which == "income":
            budget = attrs.evolve(
                budget, income=attrs.evolve(budget.income, total=moved(budget.income.total))
            )
        else:
            assert budget.three_public is not None
            budget = attrs.evolve(
                budget,
                three_public=attrs.evolve(
                    budget.three_public, vehicles=moved(budget.three_public.vehicles)
                ),
            )
        report = audit(budget)
        assert not report.passed
        assert all(f.severity is Severity.ERROR for f in report.findings)


class TestFindings:
    """What a failing check reports."""

    def test_parent_zero_over_children_is_named(self) -> None:
        """A 公务用车 parent row of 0 over a non-zero child is reported as an unfilled parent."""
        budget = _budget(Decimal(10), Decimal("32.65"), [Decimal(1)], [], [Decimal(0)] * 4)
        assert budget.three_public is not None
        broken = attrs.evolve(
            budget,
            three_public=attrs.evolve(
                budget.three_public,
                vehicles=amount("公务用车费", "0"),
                total=amount("“三公”经费", "32.65"),
            ),
        )
        report = audit(broken)
        parent = [f for f in report.findings if f.code == "PT209"]
        assert 1 == len(parent)
        assert "parent row 公务用车费 is 0" in parent[0].message
        assert "32.65" in parent[0].message

    def test_finding_shows_both_sides(self) -> None:
        """A failing sum shows the equation with the numbers on both sides and the gap."""
        budget = _budget(Decimal(86), Decimal("18.22"), [Decimal(30)], [], [Decimal(0)] * 4)
        broken = attrs.evolve(
            budget, basic=attrs.evolve(budget.basic, total=amount("基本支出", "104.32"))
        )
        finding = next(f for f in audit(broken).findings if f.code == "PT204")
        assert "104.32 = 86 + 18.22 (= 104.22)" in finding.message
        assert "off by 0.10" in finding.message

    def test_rounding_tail_within_tolerance_passes(self) -> None:
        """A 0.01 rounding tail per addend (乌鲁木齐 434.71 vs 434.72) is not an error."""
        budget = _budget(Decimal("300.005"), Decimal("134.705"), [Decimal(0)], [], [Decimal(0)] * 4)
        tail = attrs.evolve(
            budget,
            basic=Breakdown(
                total=amount("基本支出", "434.72"),
                parts=(amount("人员经费", "300.00"), amount("日常公用经费", "134.71")),
            ),
        )
        check = next(c for c in audit(tail).checks if c.code == "PT204")
        assert check.passed

    def test_more_than_two_decimals_in_wan_warns(self) -> None:
        """An amount of 89.974 万元 is flagged: disclosures give 万元 to two decimals."""
        budget = _budget(Decimal(1), Decimal(1), [Decimal("89.974")], [], [Decimal(0)] * 4)
        codes = {(f.code, f.severity) for f in audit(budget).findings}
        assert ("PT216", Severity.WARNING) in codes

    def test_every_code_has_titles(self) -> None:
        """Every check code has a Chinese and an English title."""
        for code, (zh, en) in AUDIT_CHECKS.items():
            assert code.startswith("PT2")
            assert zh
            assert en


@pytest.mark.parametrize(("rate", "passes"), [("31.39", True), ("35.9", False)])
def test_year_on_year_rate(rate: str, passes: bool) -> None:
    """The stated rate of change must equal change / last year x 100 (南县政协 2021: 31.39%)."""
    budget = _budget(Decimal(1), Decimal(1), [Decimal(1)], [], [Decimal(0)] * 4)
    change = YearOnYear(
        total=amount("收支合计", "792.22"),
        change=amount("增减额", "189.25"),
        previous=amount("上年", "602.97"),
        rate=Decimal(rate),
    )
    report = audit(attrs.evolve(budget, change=change), select=["PT207"])
    assert passes == report.passed
