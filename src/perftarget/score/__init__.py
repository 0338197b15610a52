"""
The scoring layer: :func:`~perftarget.evaluate`, the scorecard values,
reconciliation with what a table published and the budget-execution line.

It imports the core and the rule sets; the public names are re-exported by
:mod:`perftarget`.  The other layers import scoring from here, not from its
private modules: besides what :mod:`perftarget` exports, the seams the batch
engine reuses for the rows its vectorised path does not reach
(:func:`row_outcome`, :func:`score_row`, :func:`deviation_finding`,
:func:`rounding_cap_finding`, :func:`score_budget`).
"""

from perftarget.score._budget_score import score_budget
from perftarget.score._evaluate import (
    deviation_finding,
    evaluate,
    rounding_cap_finding,
    score_row,
)
from perftarget.score._outcome import COST_LEVEL2, RowOutcome, reads_as_cap, row_outcome
from perftarget.score._reconcile import classify_rows, infer_weights, reconcile
from perftarget.score._scorecard import (
    ARITHMETIC,
    SCORING_RANGE,
    BudgetRow,
    BudgetScore,
    EvaluationRow,
    IndicatorScore,
    RowRole,
    Scorecard,
    Status,
    in_scoring_range,
)

__all__ = [
    "ARITHMETIC",
    "COST_LEVEL2",
    "SCORING_RANGE",
    "BudgetRow",
    "BudgetScore",
    "EvaluationRow",
    "IndicatorScore",
    "RowOutcome",
    "RowRole",
    "Scorecard",
    "Status",
    "classify_rows",
    "deviation_finding",
    "evaluate",
    "in_scoring_range",
    "infer_weights",
    "reads_as_cap",
    "reconcile",
    "rounding_cap_finding",
    "row_outcome",
    "score_budget",
    "score_row",
]
