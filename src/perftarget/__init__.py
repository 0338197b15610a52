"""
perftarget: parse, score, review and report Chinese public-budget
performance targets (绩效目标表) and self-evaluations (绩效自评表).

Examples:
    >>> from perftarget import parse_target
    >>> parse_target("≥95百分比").value
    Decimal('95')
"""

from perftarget._audit import AUDIT_CHECKS, AuditCheck, AuditReport, audit
from perftarget._categories import Level1, Level2, LevelLabel, parse_level1, parse_level2
from perftarget._dates import Deadline, excel_serial_to_date
from perftarget._disclosure import (
    Amount,
    Breakdown,
    DepartmentBudget,
    FixedAsset,
    OrgUnit,
    ProcurementLine,
    ThreePublicExpenses,
    YearOnYear,
)
from perftarget._model import (
    Achievement,
    Actual,
    Comparator,
    Department,
    Direction,
    Indicator,
    Project,
    QualitativeLevel,
    Target,
    TargetKind,
)
from perftarget._parse import format_actual, format_target, parse_actual, parse_target
from perftarget._quantity import MONEY_UNITS, Money, Quantity
from perftarget._reconcile import classify_rows, reconcile
from perftarget._review import ReviewConfig, ReviewConfigError, review
from perftarget._review_rules import RULES as REVIEW_RULES
from perftarget._review_rules import Rule as ReviewRule
from perftarget._score import evaluate
from perftarget._scorecard import (
    BudgetRow,
    BudgetScore,
    EvaluationRow,
    Finding,
    IndicatorScore,
    RowRole,
    Scorecard,
    Severity,
    Status,
)
from perftarget.exceptions import (
    LabelError,
    Location,
    ModelError,
    PerftargetError,
    Problem,
    RuleSetError,
    TableError,
    TargetParseError,
    UnitMismatchError,
)
from perftarget.io._disclosure_text import read_disclosure_file, read_disclosure_text
from perftarget.io._selfeval_csv import SelfEvaluation, read_selfeval_csv
from perftarget.rules import RuleSet, available_rules, load_rules

__version__ = "0.1.0"

__all__ = [
    "AUDIT_CHECKS",
    "MONEY_UNITS",
    "REVIEW_RULES",
    "Achievement",
    "Actual",
    "Amount",
    "AuditCheck",
    "AuditReport",
    "Breakdown",
    "BudgetRow",
    "BudgetScore",
    "Comparator",
    "Deadline",
    "Department",
    "DepartmentBudget",
    "Direction",
    "EvaluationRow",
    "Finding",
    "FixedAsset",
    "Indicator",
    "IndicatorScore",
    "LabelError",
    "Level1",
    "Level2",
    "LevelLabel",
    "Location",
    "ModelError",
    "Money",
    "OrgUnit",
    "PerftargetError",
    "Problem",
    "ProcurementLine",
    "Project",
    "QualitativeLevel",
    "Quantity",
    "ReviewConfig",
    "ReviewConfigError",
    "ReviewRule",
    "RowRole",
    "RuleSet",
    "RuleSetError",
    "Scorecard",
    "SelfEvaluation",
    "Severity",
    "Status",
    "TableError",
    "Target",
    "TargetKind",
    "TargetParseError",
    "ThreePublicExpenses",
    "UnitMismatchError",
    "YearOnYear",
    "__version__",
    "audit",
    "available_rules",
    "classify_rows",
    "evaluate",
    "excel_serial_to_date",
    "format_actual",
    "format_target",
    "load_rules",
    "parse_actual",
    "parse_level1",
    "parse_level2",
    "parse_target",
    "read_disclosure_file",
    "read_disclosure_text",
    "read_selfeval_csv",
    "reconcile",
    "review",
]
