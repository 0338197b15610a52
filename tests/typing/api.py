"""
Intended usage of the public API; checked with ``mypy --strict``, never run.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from perftarget import (
    Achievement,
    Actual,
    Comparator,
    Deadline,
    Department,
    Direction,
    Indicator,
    Level1,
    Level2,
    LevelLabel,
    Money,
    PerftargetError,
    Project,
    Quantity,
    Target,
    TargetKind,
    TargetParseError,
    UnitMismatchError,
    excel_serial_to_date,
    format_actual,
    format_target,
    parse_actual,
    parse_level1,
    parse_level2,
    parse_target,
)

target: Target = parse_target("≥95百分比", level2=Level2.QUALITY)
comparator: Comparator | None = target.comparator
value: Decimal | None = target.value
direction: Direction | None = target.direction
kind: TargetKind = target.kind
warnings: tuple[str, ...] = target.warnings
text: str = format_target(target)
reversed_cost: Target = attrs.evolve(
    parse_target("=30万元"), direction_override=Direction.LOWER_IS_BETTER
)

deadline: Deadline | None = parse_target("2020年12月31日前").date
if deadline is not None:
    last: date = deadline.last_day(2020)

actual: Actual = parse_actual("≥266米")
achievement: Achievement | None = parse_actual("达成预期指标").achievement
actual_text: str = format_actual(actual)

try:
    parse_target("≥≥5")
except TargetParseError as error:
    position: int = error.position
    expected: str = error.expected

budget: Money = Money.parse("278.4449万元") + Money(amount=Decimal("5000"), unit="元")
yuan: Decimal = budget.yuan
in_wan: Money = budget.to("万元")
same: bool = budget.same_amount(in_wan)

distance: Quantity = Quantity(value=Decimal("1.5"), unit="公里").to("米")
try:
    Quantity(value=Decimal(8), unit="人") + Quantity(value=Decimal(3), unit="次")
except UnitMismatchError:
    pass
except PerftargetError:
    pass

label: LevelLabel = parse_level1("产出指标(50分)")
weight: Decimal | None = label.weight
level2: Level1 | Level2 = parse_level2("进度指标").category

indicator = Indicator(
    level1=Level1.OUTPUT,
    level2=Level2.QUANTITY,
    name="培训人数",
    target=parse_target("≥500人"),
    weight=Decimal("10"),
)
project = Project(name="职业技能培训", indicators=[indicator], amount=budget, year=2023)
department = Department(name="人社局", projects=[project])
found: Project = department.project("职业技能培训")
outputs: tuple[Indicator, ...] = found.by_level1(Level1.OUTPUT)
serial_day: date = excel_serial_to_date(44561)

# Scoring, review, audit, files and reports.
from pathlib import Path  # noqa: E402

from perftarget import (  # noqa: E402
    AuditReport,
    DepartmentBudget,
    EvaluationRow,
    Finding,
    ReviewConfig,
    RuleSet,
    Scorecard,
    SelfEvaluation,
    Severity,
    audit,
    datasets,
    evaluate,
    load_rules,
    read_table,
    review,
    write_table,
)
from perftarget.report import FindingsRenderer, ScorecardRenderer  # noqa: E402

rules: RuleSet = load_rules("sichuan2023")
evaluation: SelfEvaluation = datasets.selfevaluation("yongde_2022_nutrition")
rows: tuple[EvaluationRow, ...] = evaluation.rows
card: Scorecard = evaluate(rows, rules=rules, budget=evaluation.budget)
total: Decimal = card.total
grade: str = card.grade
errors: bool = card.has_errors
page: str = ScorecardRenderer(fmt="markdown", lang="en")(card)

findings: tuple[Finding, ...] = review(datasets.quyang_2020(), config=ReviewConfig())
severe: list[Finding] = [f for f in findings if f.severity is Severity.ERROR]
listing: str = FindingsRenderer()(findings)

disclosure: DepartmentBudget = datasets.quyang_2020_budget()
report: AuditReport = audit(disclosure, tolerance=Decimal("0.01"))
passed: bool = report.passed

contents = read_table(Path("targets.xlsx"))
projects: tuple[Project, ...] = contents.department.projects
write_table(contents, Path("targets.json"))
