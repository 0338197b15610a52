"""
Audit of disclosure arithmetic: does the department budget add up?

Every identity of domain-rules §6 that a :class:`DepartmentBudget` can express
is checked, each showing its equation with the numbers on both sides.  Sums of
amounts published to two decimals are compared with a tolerance of 0.01 per
rounded addend (configurable): independently rounded parts can miss their
total by that much (乌鲁木齐 2023: 434.71 against 434.72).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal

from attrs import field, frozen

from perftarget.core._disclosure import Amount, Breakdown, DepartmentBudget
from perftarget.core._findings import Finding, Severity
from perftarget.core._html import Cell, html_table
from perftarget.core._lang import say
from perftarget.core._quantity import Money
from perftarget.core._text import plain_number as _n
from perftarget.exceptions import Location

__all__ = ["AUDIT_CHECKS", "AuditCheck", "AuditReport", "audit"]


@frozen(kw_only=True)
class AuditCheck:
    """
    One identity checked, passed or not.

    Attributes:
        code: The check's stable code (``PT203``).
        title: What the identity says, in Chinese.
        title_en: The same in English.
        equation: The identity with the published numbers
            (``104.22 = 86 + 18.22``).
        left, right: The two sides, in 万元.
        difference: ``left - right``.
        tolerance: The largest difference accepted.
        passed: Whether ``|difference| <= tolerance``.
        where: Where the left-hand amount is stated.
    """

    code: str
    title: str
    title_en: str
    equation: str
    left: Decimal
    right: Decimal
    difference: Decimal
    tolerance: Decimal
    passed: bool
    where: Location = field(factory=Location)


@frozen(kw_only=True)
class AuditReport:
    """
    Every check made, and a finding for each one that failed or was doubtful.
    """

    source: str
    checks: tuple[AuditCheck, ...]
    findings: tuple[Finding, ...]

    @property
    def passed(self) -> bool:
        """True when no finding has error severity."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def __repr__(self) -> str:
        """
        One line: source, checks passed, findings.

        Examples:
            >>> from perftarget import audit, datasets
            >>> print(repr(audit(datasets.quyang_2020_budget())).split(":")[0])
            <AuditReport quyang_xinfang_2020.txt
        """
        passed = sum(c.passed for c in self.checks)
        return (
            f"<AuditReport {self.source}: {passed} of {len(self.checks)} checks passed, "
            f"{len(self.findings)} findings>"
        )

    def _repr_html_(self) -> str:
        """
        Every check as a compact HTML table for notebooks (the tolerance on
        hover), then the findings.  Every text is escaped.
        """
        from perftarget.core._html import findings_html

        headers = [
            say("代码", "code"),
            say("核对", "check"),
            say("等式", "equation"),
            say("差额（万元）", "difference (万元)"),
            say("结果", "result"),
        ]
        rows: list[list[Cell]] = [
            [
                (check.code, ""),
                (say(check.title, check.title_en), str(check.where)),
                (check.equation, ""),
                (
                    format(check.difference, "f"),
                    say("容差 ", "tolerance ") + format(check.tolerance, "f"),
                ),
                (say("通过", "passed") if check.passed else say("未通过", "failed"), ""),
            ]
            for check in self.checks
        ]
        passed = sum(c.passed for c in self.checks)
        summary = say(
            f"{self.source}：{len(self.checks)} 项核对通过 {passed} 项",
            f"{self.source}: {passed} of {len(self.checks)} checks passed",
        )
        return (
            f"<div><p><b>{html.escape(summary)}</b></p>"
            f"{html_table(headers, rows)}{findings_html(self.findings)}</div>"
        )


#: code -> (Chinese title, English title); the catalogue shown in the docs.
AUDIT_CHECKS: dict[str, tuple[str, str]] = {
    "PT201": ("收入合计 = 各项收入之和", "total income = sum of income sources"),
    "PT202": ("收入总计 = 支出总计", "total income = total expenditure"),
    "PT203": ("支出合计 = 基本支出 + 项目支出", "expenditure = basic + project expenditure"),
    "PT204": ("基本支出 = 人员经费 + 日常公用经费", "basic = personnel + public expenditure"),
    "PT205": ("项目支出 = 各项目之和", "project expenditure = sum of projects"),
    "PT206": ("增减额 = 各项增减之和", "year-on-year change = sum of the parts' changes"),
    "PT207": (
        "增减额 = 本年 − 上年；增减率 = 增减额 / 上年",
        "change = this year - last year; rate",
    ),
    "PT208": (
        "“三公”经费 = 出国 + 公务用车 + 接待",
        "'three public' total = abroad + vehicles + reception",
    ),
    "PT209": (
        "公务用车购置及运行维护费 = 购置费 + 运行维护费",
        "official vehicles = purchase + running costs",
    ),
    "PT210": ("采购金额 = 数量 × 单价", "procurement amount = quantity x unit price"),
    "PT211": ("政府采购预算 = 各采购行之和", "procurement total = sum of lines"),
    "PT212": ("采购行的预算资金 = 项目预算", "procurement line's budget = the project's budget"),
    "PT213": ("绩效目标表项目金额之和 = 项目支出", "target tables' amounts = project expenditure"),
    "PT214": ("机关运行经费 = 日常公用经费", "operating costs = public expenditure"),
    "PT215": ("固定资产金额 = 各项资产之和", "fixed assets = sum of asset lines"),
    "PT216": ("万元金额最多两位小数", "amounts in 万元 carry at most two decimals"),
}


def _wan(money: Money) -> Decimal:
    return money.to("万元").amount


class _Auditor:
    def __init__(self, tolerance: Decimal, select: frozenset[str] | None) -> None:
        self.tolerance = tolerance
        self.select = select
        self.checks: list[AuditCheck] = []
        self.findings: list[Finding] = []

    def wanted(self, code: str) -> bool:
        return self.select is None or code in self.select

    def identity(
        self,
        code: str,
        left: Amount,
        parts: Sequence[Amount],
        *,
        tolerance: Decimal | None = None,
        right_value: Decimal | None = None,
        right_text: str | None = None,
        message: str | None = None,
    ) -> None:
        if not self.wanted(code):
            return
        lhs = _wan(left.money)
        rhs = (
            right_value
            if right_value is not None
            else sum((_wan(p.money) for p in parts), Decimal(0))
        )
        allowed = tolerance if tolerance is not None else self.tolerance * max(len(parts), 1)
        shown = right_text or " + ".join(_n(_wan(p.money)) for p in parts)
        difference = lhs - rhs
        passed = abs(difference) <= allowed
        title, title_en = AUDIT_CHECKS[code]
        equation = f"{_n(lhs)} = {shown}"
        if len(parts) > 1 and right_text is None:
            equation += f" (= {_n(rhs)})"
        check = AuditCheck(
            code=code,
            title=title,
            title_en=title_en,
            equation=equation,
            left=lhs,
            right=rhs,
            difference=difference,
            tolerance=allowed,
            passed=passed,
            where=left.where,
        )
        self.checks.append(check)
        if not passed:
            names = " + ".join(p.label for p in parts) if parts else "the computed value"
            self.findings.append(
                Finding(
                    code=code,
                    severity=Severity.ERROR,
                    message=message
                    or (
                        f"{title}: {equation}, off by {_n(difference)} 万元 "
                        f"(tolerance {_n(allowed)}); {left.label} ≠ {names}"
                    ),
                    where=left.where,
                )
            )

    def breakdown(self, code: str, breakdown: Breakdown) -> None:
        if breakdown.parts:
            self.identity(code, breakdown.total, breakdown.parts)


def _amounts(budget: DepartmentBudget) -> Iterable[Amount]:
    yield budget.income.total
    yield from budget.income.parts
    yield from (budget.expenditure.total, *budget.expenditure.parts)
    yield from budget.basic.parts
    yield from budget.projects.parts
    if budget.three_public is not None:
        tp = budget.three_public
        yield from (tp.total, tp.abroad, tp.vehicles, tp.vehicle_purchase, tp.vehicle_running)
        yield tp.reception
    for amount in (budget.operating_costs, budget.procurement_total, budget.fixed_assets_total):
        if amount is not None:
            yield amount


def audit(
    budget: DepartmentBudget,
    *,
    tolerance: Decimal = Decimal("0.01"),
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
) -> AuditReport:
    """
    Check every identity of a department budget disclosure.

    Args:
        budget: The disclosure, e.g. from :func:`perftarget.datasets.quyang_2020_budget`.
        tolerance: Accepted difference per rounded addend, in 万元.
        select: Only these check codes (default: all).
        ignore: Skip these check codes.

    Returns:
        An :class:`AuditReport` with every check (passed or not) and a
        finding for each failure.

    Examples:
        >>> from perftarget import datasets
        >>> report = audit(datasets.quyang_2020_budget())
        >>> report.passed, report.findings
        (True, ())
        >>> next(c.equation for c in report.checks if c.code == "PT203")
        '193.23 = 104.22 + 89.01 (= 193.23)'
    """
    codes = set(AUDIT_CHECKS) if select is None else set(select)
    auditor = _Auditor(tolerance, frozenset(codes - set(ignore)))
    auditor.breakdown("PT201", budget.income)
    auditor.identity("PT202", budget.income.total, [budget.expenditure.total])
    auditor.breakdown("PT203", budget.expenditure)
    auditor.breakdown("PT204", budget.basic)
    auditor.breakdown("PT205", budget.projects)
    _change(auditor, budget)
    _three_public(auditor, budget)
    _procurement(auditor, budget)
    _cross_checks(auditor, budget)
    if auditor.wanted("PT216"):
        for amount in _amounts(budget):
            exponent = _wan(amount.money).as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                auditor.findings.append(
                    Finding(
                        code="PT216",
                        severity=Severity.WARNING,
                        message=(
                            f"{amount.label} {amount.money} carries more than two decimals in 万元"
                        ),
                        where=amount.where,
                    )
                )
    return AuditReport(
        source=budget.source, checks=tuple(auditor.checks), findings=tuple(auditor.findings)
    )


def _change(auditor: _Auditor, budget: DepartmentBudget) -> None:
    change = budget.change
    if change is None:
        return
    if change.parts:
        auditor.identity("PT206", change.change, change.parts)
    if change.previous is not None:
        this, last = _wan(change.total.money), _wan(change.previous.money)
        auditor.identity(
            "PT207",
            change.change,
            [change.total, change.previous],
            right_value=this - last,
            right_text=f"{_n(this)} − {_n(last)}",
        )
        if change.rate is not None and last:
            computed = (this - last) / last * 100
            auditor.identity(
                "PT207",
                Amount(label="增减率(%)", money=Money(amount=change.rate, unit="万元")),
                [],
                tolerance=Decimal("0.05"),
                right_value=computed,
                right_text=f"{_n(this - last)} / {_n(last)} × 100 = {computed:.2f}",
            )


def _three_public(auditor: _Auditor, budget: DepartmentBudget) -> None:
    tp = budget.three_public
    if tp is None:
        return
    auditor.identity("PT208", tp.total, [tp.abroad, tp.vehicles, tp.reception])
    children = _wan(tp.vehicle_purchase.money) + _wan(tp.vehicle_running.money)
    unfilled = _wan(tp.vehicles.money) == 0 and children != 0
    auditor.identity(
        "PT209",
        tp.vehicles,
        [tp.vehicle_purchase, tp.vehicle_running],
        message=(
            f"parent row {tp.vehicles.label} is 0 while its children sum to "
            f"{_n(children)} 万元: the parent row was not filled in"
        )
        if unfilled
        else None,
    )


def _procurement(auditor: _Auditor, budget: DepartmentBudget) -> None:
    for line in budget.procurement:
        price = _wan(line.unit_price)
        product = line.quantity * price
        exponent = price.as_tuple().exponent
        half_unit = Decimal(5).scaleb(exponent - 1) if isinstance(exponent, int) else Decimal(0)
        auditor.identity(
            "PT210",
            Amount(label=f"{line.item} 金额", money=line.amount, where=line.where),
            [],
            tolerance=auditor.tolerance + abs(line.quantity) * half_unit,
            right_value=product,
            right_text=f"{_n(line.quantity)} × {_n(price)}",
        )
    if budget.procurement and budget.procurement_total is not None:
        auditor.identity(
            "PT211",
            budget.procurement_total,
            [
                Amount(label=line.item, money=line.amount, where=line.where)
                for line in budget.procurement
            ],
        )


def _match(label: str, amounts: Iterable[Amount]) -> Amount | None:
    for amount in amounts:
        if amount.label == label or label.endswith(amount.label) or amount.label.endswith(label):
            return amount
    return None


def _cross_checks(auditor: _Auditor, budget: DepartmentBudget) -> None:
    known = [*budget.projects.parts, *budget.basic.parts]
    seen: set[str] = set()
    for line in budget.procurement:
        stated = _match(line.project, known)
        if line.project_budget is None or stated is None or line.project in seen:
            continue
        seen.add(line.project)
        auditor.identity(
            "PT212",
            Amount(label=f"{line.project} 预算资金", money=line.project_budget, where=line.where),
            [stated],
        )
    if budget.targets is not None:
        amounts = [
            Amount(label=p.name, money=p.amount)
            for p in budget.targets.projects
            if p.amount is not None
        ]
        if amounts and len(amounts) == len(budget.projects.parts):
            auditor.identity("PT213", budget.projects.total, amounts)
    public = _match("日常公用经费", budget.basic.parts)
    if budget.operating_costs is not None and public is not None:
        auditor.identity("PT214", budget.operating_costs, [public])
    valued = [
        Amount(label=a.label, money=a.value)
        for a in budget.fixed_assets
        if a.value is not None and not a.label.startswith("其中")
    ]
    if budget.fixed_assets_total is not None and valued:
        auditor.identity("PT215", budget.fixed_assets_total, valued)
