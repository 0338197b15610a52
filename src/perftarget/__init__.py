"""
perftarget: parse, score, review and report Chinese public-budget
performance targets (绩效目标表) and self-evaluations (绩效自评表).

Examples:
    >>> from perftarget import parse_target
    >>> parse_target("≥95百分比").value
    Decimal('95')
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level1, Level2
from perftarget.core._change import Change, TargetComparison, compare_targets
from perftarget.core._dates import Deadline, excel_serial_to_date
from perftarget.core._format import format_actual, format_target
from perftarget.core._labels import (
    LabelAliases,
    Resolution,
    ResolutionStep,
    load_label_aliases,
    resolve_level1,
    resolve_level2,
)
from perftarget.core._lang import language
from perftarget.core._levellabel import LevelLabel, parse_level1, parse_level2
from perftarget.core._model import (
    Achievement,
    Actual,
    AdjustedTargets,
    Baseline,
    Comparator,
    Department,
    Direction,
    Indicator,
    Project,
    QualitativeLevel,
    Revision,
    Target,
    TargetKind,
)
from perftarget.core._parse import parse_target
from perftarget.core._quantity import MONEY_UNITS, Money, Quantity
from perftarget.core._unfilled import is_unfilled
from perftarget.exceptions import (
    ArgumentError,
    ArgumentTypeError,
    ChartsUnavailableError,
    ConfigError,
    FrameError,
    LabelAliasError,
    LabelError,
    Location,
    ModelError,
    NoTableError,
    NotFoundError,
    PerftargetError,
    Problem,
    ProfileError,
    ReviewConfigError,
    RuleSetError,
    TableError,
    TargetParseError,
    UnitMismatchError,
)

if TYPE_CHECKING:  # pragma: no cover - the names below load on first use
    __version__: str
    from perftarget.checks._audit import AUDIT_CHECKS, AuditCheck, AuditReport, audit
    from perftarget.checks._review import ReviewConfig, review
    from perftarget.checks._review_rules import RULES as REVIEW_RULES
    from perftarget.checks._review_types import Rule as ReviewRule
    from perftarget.compare import DiffKind, IndicatorDiff, ProjectDiff, TableDiff, diff
    from perftarget.core._disclosure import (
        Amount,
        Breakdown,
        DepartmentBudget,
        FixedAsset,
        OrgUnit,
        ProcurementLine,
        ThreePublicExpenses,
        YearOnYear,
    )
    from perftarget.core._findings import Finding, Severity
    from perftarget.io import Contents, Limits, read_table, write_table
    from perftarget.io._disclosure_text import read_disclosure_file, read_disclosure_text
    from perftarget.io._monitor import MonitoringRound, read_monitoring
    from perftarget.io._selfeval import SelfEvaluation
    from perftarget.io._selfeval_csv import read_selfeval_csv, read_selfevaluation
    from perftarget.monitor import (
        DeviationCategory,
        IndicatorProgress,
        IndicatorSnapshot,
        Light,
        Likelihood,
        Period,
        Profile,
        ProjectProgress,
        ProjectSnapshot,
        available_profiles,
        load_profile,
    )
    from perftarget.rules import RuleSet, available_rules, load_rules
    from perftarget.score._evaluate import evaluate
    from perftarget.score._reconcile import classify_rows, reconcile
    from perftarget.score._scorecard import (
        BudgetRow,
        BudgetScore,
        EvaluationRow,
        IndicatorScore,
        RowRole,
        Scorecard,
        Status,
    )

# Scoring, review, audit and the readers load on first use, so that
# ``import perftarget`` stays fast for tools that only parse values.
_LAZY: dict[str, tuple[str, str]] = {
    "AUDIT_CHECKS": ("perftarget.checks._audit", "AUDIT_CHECKS"),
    "Amount": ("perftarget.core._disclosure", "Amount"),
    "AuditCheck": ("perftarget.checks._audit", "AuditCheck"),
    "AuditReport": ("perftarget.checks._audit", "AuditReport"),
    "Breakdown": ("perftarget.core._disclosure", "Breakdown"),
    "BudgetRow": ("perftarget.score._scorecard", "BudgetRow"),
    "BudgetScore": ("perftarget.score._scorecard", "BudgetScore"),
    "Contents": ("perftarget.io", "Contents"),
    "DepartmentBudget": ("perftarget.core._disclosure", "DepartmentBudget"),
    "DeviationCategory": ("perftarget.monitor", "DeviationCategory"),
    "DiffKind": ("perftarget.compare", "DiffKind"),
    "EvaluationRow": ("perftarget.score._scorecard", "EvaluationRow"),
    "Finding": ("perftarget.core._findings", "Finding"),
    "FixedAsset": ("perftarget.core._disclosure", "FixedAsset"),
    "IndicatorDiff": ("perftarget.compare", "IndicatorDiff"),
    "IndicatorProgress": ("perftarget.monitor", "IndicatorProgress"),
    "IndicatorScore": ("perftarget.score._scorecard", "IndicatorScore"),
    "IndicatorSnapshot": ("perftarget.monitor", "IndicatorSnapshot"),
    "Light": ("perftarget.monitor", "Light"),
    "Likelihood": ("perftarget.monitor", "Likelihood"),
    "Limits": ("perftarget.io", "Limits"),
    "MonitoringRound": ("perftarget.io._monitor", "MonitoringRound"),
    "OrgUnit": ("perftarget.core._disclosure", "OrgUnit"),
    "Period": ("perftarget.monitor", "Period"),
    "ProcurementLine": ("perftarget.core._disclosure", "ProcurementLine"),
    "Profile": ("perftarget.monitor", "Profile"),
    "ProjectDiff": ("perftarget.compare", "ProjectDiff"),
    "ProjectProgress": ("perftarget.monitor", "ProjectProgress"),
    "ProjectSnapshot": ("perftarget.monitor", "ProjectSnapshot"),
    "REVIEW_RULES": ("perftarget.checks._review_rules", "RULES"),
    "ReviewConfig": ("perftarget.checks._review", "ReviewConfig"),
    "ReviewRule": ("perftarget.checks._review_types", "Rule"),
    "RowRole": ("perftarget.score._scorecard", "RowRole"),
    "RuleSet": ("perftarget.rules", "RuleSet"),
    "Scorecard": ("perftarget.score._scorecard", "Scorecard"),
    "SelfEvaluation": ("perftarget.io._selfeval", "SelfEvaluation"),
    "Severity": ("perftarget.core._findings", "Severity"),
    "Status": ("perftarget.score._scorecard", "Status"),
    "TableDiff": ("perftarget.compare", "TableDiff"),
    "ThreePublicExpenses": ("perftarget.core._disclosure", "ThreePublicExpenses"),
    "YearOnYear": ("perftarget.core._disclosure", "YearOnYear"),
    "audit": ("perftarget.checks._audit", "audit"),
    "available_profiles": ("perftarget.monitor", "available_profiles"),
    "available_rules": ("perftarget.rules", "available_rules"),
    "classify_rows": ("perftarget.score._reconcile", "classify_rows"),
    "diff": ("perftarget.compare", "diff"),
    "evaluate": ("perftarget.score._evaluate", "evaluate"),
    "load_profile": ("perftarget.monitor", "load_profile"),
    "load_rules": ("perftarget.rules", "load_rules"),
    "read_disclosure_file": ("perftarget.io._disclosure_text", "read_disclosure_file"),
    "read_disclosure_text": ("perftarget.io._disclosure_text", "read_disclosure_text"),
    "read_monitoring": ("perftarget.io._monitor", "read_monitoring"),
    "read_selfeval_csv": ("perftarget.io._selfeval_csv", "read_selfeval_csv"),
    "read_selfevaluation": ("perftarget.io._selfeval_csv", "read_selfevaluation"),
    "read_table": ("perftarget.io", "read_table"),
    "reconcile": ("perftarget.score._reconcile", "reconcile"),
    "review": ("perftarget.checks._review", "review"),
    "write_table": ("perftarget.io", "write_table"),
}


def __getattr__(name: str) -> Any:
    if name == "__version__":  # read on first use: importlib.metadata is slow to import
        globals()[name] = _version()
        return globals()[name]
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'perftarget' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


def _version() -> str:
    """The installed distribution's version: one source, the package metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("perftarget")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


__all__ = [
    "AUDIT_CHECKS",
    "MONEY_UNITS",
    "REVIEW_RULES",
    "Achievement",
    "Actual",
    "AdjustedTargets",
    "Amount",
    "ArgumentError",
    "ArgumentTypeError",
    "AuditCheck",
    "AuditReport",
    "Baseline",
    "Breakdown",
    "BudgetRow",
    "BudgetScore",
    "Change",
    "ChartsUnavailableError",
    "Comparator",
    "ConfigError",
    "Contents",
    "Deadline",
    "Department",
    "DepartmentBudget",
    "DeviationCategory",
    "DiffKind",
    "Direction",
    "EvaluationRow",
    "Finding",
    "FixedAsset",
    "FrameError",
    "Indicator",
    "IndicatorDiff",
    "IndicatorProgress",
    "IndicatorScore",
    "IndicatorSnapshot",
    "LabelAliasError",
    "LabelAliases",
    "LabelError",
    "Level1",
    "Level2",
    "LevelLabel",
    "Light",
    "Likelihood",
    "Limits",
    "Location",
    "ModelError",
    "Money",
    "MonitoringRound",
    "NoTableError",
    "NotFoundError",
    "OrgUnit",
    "PerftargetError",
    "Period",
    "Problem",
    "ProcurementLine",
    "Profile",
    "ProfileError",
    "Project",
    "ProjectDiff",
    "ProjectProgress",
    "ProjectSnapshot",
    "QualitativeLevel",
    "Quantity",
    "Resolution",
    "ResolutionStep",
    "ReviewConfig",
    "ReviewConfigError",
    "ReviewRule",
    "Revision",
    "RowRole",
    "RuleSet",
    "RuleSetError",
    "Scorecard",
    "SelfEvaluation",
    "Severity",
    "Status",
    "TableDiff",
    "TableError",
    "Target",
    "TargetComparison",
    "TargetKind",
    "TargetParseError",
    "ThreePublicExpenses",
    "UnitMismatchError",
    "YearOnYear",
    "__version__",
    "audit",
    "available_profiles",
    "available_rules",
    "classify_rows",
    "compare_targets",
    "diff",
    "evaluate",
    "excel_serial_to_date",
    "format_actual",
    "format_target",
    "is_unfilled",
    "language",
    "load_label_aliases",
    "load_profile",
    "load_rules",
    "parse_actual",
    "parse_level1",
    "parse_level2",
    "parse_target",
    "read_disclosure_file",
    "read_disclosure_text",
    "read_monitoring",
    "read_selfeval_csv",
    "read_selfevaluation",
    "read_table",
    "reconcile",
    "resolve_level1",
    "resolve_level2",
    "review",
    "write_table",
]
