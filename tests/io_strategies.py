"""
Hypothesis strategies for the io round-trip tests: departments of target
tables and self-evaluations as the readers produce them.
"""

from __future__ import annotations

from decimal import Decimal

from attrs import evolve
from hypothesis import strategies as st

from perftarget import Level1, Level2, Money, parse_actual, parse_target
from perftarget.core._model import Department, Indicator, Project
from perftarget.exceptions import Location
from perftarget.io._selfeval_csv import SelfEvaluation
from perftarget.score._scorecard import BudgetRow, EvaluationRow

#: Characters for names and free text: no label words, no placeholders.
_ALPHABET = "培训人数合格率满意项目学生覆盖完成改善ABCxyz0123★()"
names = st.text(alphabet=_ALPHABET, min_size=1, max_size=12).filter(
    lambda s: not s.isdigit() and s != "()"
)
texts = st.one_of(st.just(""), names)
weights = st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2))

_TARGETS = (
    "≥50人",
    "≧ 735 人次",
    "═ 100 %",
    "≤30万元",
    "100%",
    "20万元",
    "2023.07-2024.01",
    "显著提升",
    "有效",
    "3-5天",
    "2020年12月31日前",
    "≥95%",
    "10辆",
    "≥80M",
)
_ACTUALS = ("48人", "96%", "显著提升", "≥266米", "100%", "2020年11月", "达成年度指标", "735")


@st.composite
def _target_text(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.sampled_from(_TARGETS))
    number = draw(st.decimals(min_value=0, max_value=100000, places=2))
    operator = draw(st.sampled_from(("", "≥", "≤", "=")))
    unit = draw(st.sampled_from(("人", "%", "万元", "次", "个")))
    return f"{operator}{number}{unit}"


@st.composite
def indicators(draw: st.DrawFn, *, target_table: bool) -> Indicator:
    """An indicator as a reader builds it (core iff the name starts with ★)."""
    level1 = draw(st.sampled_from(list(Level1)))
    level2 = draw(st.sampled_from(list(Level2)))
    name = draw(names)
    target = parse_target(draw(_target_text()), level2=level2)
    indicator = Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=target,
        weight=draw(weights),
        core=name.startswith("★"),
    )
    if not target_table:
        return indicator
    return evolve(
        indicator,
        description=draw(texts),
        basis=draw(texts),
        declared_unit=target.unit if target.unit and draw(st.booleans()) else None,
    )


money_units = st.sampled_from(("元", "万元", "亿元"))
amounts = st.decimals(min_value=0, max_value=10**9, places=4)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A project's target table."""
    unit = draw(money_units)
    amount = draw(st.one_of(st.none(), amounts.map(lambda a: Money(amount=a, unit=unit))))
    return Project(
        name=draw(names),
        indicators=draw(st.lists(indicators(target_table=True), max_size=6)),
        amount=amount,
        goal=draw(texts),
        year=draw(st.one_of(st.none(), st.integers(2000, 2030))),
        department=draw(texts),
    )


departments = st.builds(
    lambda name, projects, year: Department(name=name, projects=projects, year=year),
    names,
    st.lists(projects(), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(2000, 2030)),
)


@st.composite
def evaluation_rows(draw: st.DrawFn) -> EvaluationRow:
    """A self-evaluation row as a reader builds it."""
    indicator = draw(indicators(target_table=False))
    not_applicable = draw(st.integers(0, 9)) == 0
    actual = None
    if not not_applicable and draw(st.integers(0, 5)) > 0:
        actual = parse_actual(draw(st.sampled_from(_ACTUALS)))
    return EvaluationRow(
        indicator=indicator,
        actual=actual,
        published_score=draw(weights),
        reason=draw(texts),
        not_applicable=not_applicable,
        level1_weight=draw(st.one_of(st.none(), st.sampled_from([Decimal(50), Decimal(30)]))),
    )


@st.composite
def budgets(draw: st.DrawFn) -> BudgetRow:
    """A funding line, every amount in one money unit."""
    unit = draw(money_units)
    money = st.one_of(st.none(), amounts.map(lambda a: Money(amount=a, unit=unit)))
    adjusted = draw(money)
    return BudgetRow(
        budget=draw(money),
        executed=draw(money),
        adjusted=adjusted,
        # The official layout has one column for 年初预算数 or 调整后预算数.
        initial=draw(money) if adjusted is None else None,
        weight=draw(weights),
        published_rate=draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=2, places=4))),
        published_score=draw(weights),
        reason=draw(texts),
    )


evaluations = st.builds(
    lambda rows, total, budget, name, year: SelfEvaluation(
        rows=rows, published_total=total, budget=budget, name=name, year=year
    ),
    st.lists(evaluation_rows(), max_size=8).map(tuple),
    weights,
    budgets(),
    st.sampled_from(["", "义务教育营养改善计划专项资金", "雾炮车降尘抑尘服务"]),
    st.one_of(st.none(), st.integers(min_value=2015, max_value=2030)),
)


def without_locations(evaluation: SelfEvaluation) -> SelfEvaluation:
    """The evaluation with every location and its source cleared, for comparisons."""
    return evolve(
        evaluation,
        source="",
        budget=evolve(evaluation.budget, where=Location()),
        rows=tuple(evolve(row, where=Location()) for row in evaluation.rows),
    )
