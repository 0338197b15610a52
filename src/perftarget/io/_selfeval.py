"""
The self-evaluation table (绩效自评表) as read: the :class:`SelfEvaluation`
record every reader returns.  The readers themselves live in
:mod:`perftarget.io._selfeval_csv`; the record sits apart so that the layout
reader (:mod:`perftarget.io._sheets`) can build it without importing them.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import field, frozen

from perftarget.score import BudgetRow, EvaluationRow

__all__ = ["SelfEvaluation"]


@frozen(kw_only=True)
class SelfEvaluation:
    """
    A self-evaluation table as read: its rows and what it publishes.

    Attributes:
        rows: The indicator rows, in table order.
        name: The project (项目名称), when the table names it.
        year: The budget year (年度), when the table states it.
        published_total: The 总分 row's score, if the table has one.
        budget: The funding block (年度资金总额 line), when the file has one;
            amounts given on the command line take precedence.
        source: The file it was read from.
    """

    rows: tuple[EvaluationRow, ...]
    name: str = ""
    year: int | None = None
    published_total: Decimal | None = None
    budget: BudgetRow = field(factory=BudgetRow)
    source: str = ""
