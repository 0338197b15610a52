"""
Scoring rule sets (central and regional), as data.

Example:
    >>> from perftarget.rules import load_rules
    >>> load_rules().id
    'mof2020_selfeval'
"""

from perftarget.rules._ruleset import (
    AdjustedTargets,
    BudgetFormula,
    BudgetRule,
    Denominator,
    DeviationRule,
    EqualMeans,
    GradeBand,
    LowerFormula,
    NotApplicable,
    QualitativePoint,
    RoundingMode,
    RoundingRule,
    RuleSet,
    ZeroTarget,
    available_rules,
    load_rules,
)

__all__ = [
    "AdjustedTargets",
    "BudgetFormula",
    "BudgetRule",
    "Denominator",
    "DeviationRule",
    "EqualMeans",
    "GradeBand",
    "LowerFormula",
    "NotApplicable",
    "QualitativePoint",
    "RoundingMode",
    "RoundingRule",
    "RuleSet",
    "ZeroTarget",
    "available_rules",
    "load_rules",
]
