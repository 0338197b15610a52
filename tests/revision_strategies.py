"""
Hypothesis strategies for time on the indicator: baselines (上年值) and the
adjustments of a year, on departments and self-evaluations as the readers
produce them (built on :mod:`io_strategies`).
"""

from __future__ import annotations

import datetime

from attrs import evolve
from hypothesis import strategies as st

import io_strategies
from perftarget import Level2, parse_actual, parse_target
from perftarget.core._model import Baseline, Department, Indicator, Project, Revision, Target
from perftarget.io._selfeval_csv import SelfEvaluation

#: Targets with a unit or none at all, never a bare number: a 度量单位
#: column would join its unit to a bare number when read back.
_TARGETS = ("≥60人", "≤25万元", "≥90%", "=100%", "12次", "2023年12月31日前", "显著提升", "3-5天")
_ACTUALS = ("65人", "92%", "24.5万元", "735", "2023年11月", "达成年度指标")
reasons = io_strategies.texts
days = st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31)))


@st.composite
def targets(draw: st.DrawFn, level2: Level2) -> Target:
    """A target of an indicator's history, read under the indicator's level 2."""
    return parse_target(draw(st.sampled_from(_TARGETS)), level2=level2)


@st.composite
def baselines(draw: st.DrawFn, level2: Level2) -> Baseline:
    """Last year's target, actual or both, with or without a year and a reason."""
    target = draw(st.one_of(st.none(), targets(level2)))
    actual = draw(st.one_of(st.none(), st.sampled_from(_ACTUALS).map(parse_actual)))
    if target is None and actual is None:
        actual = parse_actual(draw(st.sampled_from(_ACTUALS)))
    return Baseline(
        target=target,
        actual=actual,
        year=draw(st.one_of(st.none(), st.integers(2000, 2030))),
        reason=draw(reasons),
    )


@st.composite
def revisions(draw: st.DrawFn, level2: Level2) -> Revision:
    """One adjustment of the year."""
    return Revision(
        target=draw(targets(level2)),
        date=draw(days),
        reason=draw(reasons),
    )


@st.composite
def with_history(draw: st.DrawFn, item: Indicator) -> Indicator:
    """``item`` with or without a baseline and with 0–3 adjustments."""
    baseline = draw(st.one_of(st.none(), baselines(item.level2)))
    changes = draw(st.lists(revisions(item.level2), max_size=3))
    return evolve(item, baseline=baseline, revisions=changes)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A project's target table whose indicators have a history."""
    project = draw(io_strategies.projects())
    return evolve(project, indicators=[draw(with_history(i)) for i in project.indicators])


departments = st.builds(
    lambda name, projects, year: Department(name=name, projects=projects, year=year),
    io_strategies.names,
    st.lists(projects(), min_size=1, max_size=3),
    st.one_of(st.none(), st.integers(2000, 2030)),
)


@st.composite
def evaluations(draw: st.DrawFn) -> SelfEvaluation:
    """A self-evaluation whose indicators have a history."""
    evaluation = draw(io_strategies.evaluations)
    rows = tuple(
        evolve(row, indicator=draw(with_history(row.indicator))) for row in evaluation.rows
    )
    return evolve(evaluation, rows=rows)
