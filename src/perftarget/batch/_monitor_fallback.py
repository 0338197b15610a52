"""
The per-object path of the monitoring engine: keys the integer paths do not
take, computed by :func:`~perftarget.monitor.monitor` itself.

An indicator's projection, attainment and light depend only on its
:data:`INDICATOR_KEY`, a project's execution only on its :data:`PROJECT_KEY`;
both paths answer a key with the columns of :data:`INDICATOR_RESULT` or
:data:`PROJECT_RESULT`.  Here each key becomes the snapshot the monitoring
reader would build from its cells (indicators many to a call), and a result
beyond the 28 digits of the per-object arithmetic is no result: no value, no
light, no finding.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from perftarget.batch._fallback import PER_OBJECT
from perftarget.batch._monitor_arith import Round
from perftarget.core._actual import parse_actual
from perftarget.core._categories import Level1, Level2
from perftarget.core._model import Actual, Indicator, Target, TargetKind
from perftarget.core._parse import parse_target
from perftarget.core._quantity import Money
from perftarget.exceptions import Location, ModelError, TargetParseError
from perftarget.monitor import IndicatorSnapshot, ProjectSnapshot, monitor, monitoring_record

__all__ = [
    "INDICATOR_KEY",
    "INDICATOR_RESULT",
    "PROJECT_KEY",
    "PROJECT_RESULT",
    "fallback_indicators",
    "fallback_projects",
]

#: What an indicator's projection, attainment and light depend on.
INDICATOR_KEY: Final = ("_tgt", "_l2c", "_cur", "_fc")
#: The result of an indicator key; the findings follow from it and the row's
#: likelihood, reason and explanation.
INDICATOR_RESULT: Final = {
    "direction": pl.String,
    "projected": pl.String,
    "projected_source": pl.String,
    "projected_attainment": pl.String,
    "light": pl.String,
    "_first": pl.String,  #: PT405, PT406 or PT407
    "_over": pl.Boolean,  #: rule M5 holds (before the explanation is considered)
    "_forecast": pl.Boolean,  #: a forecast was read
}
#: What a project's execution, forecast, light and codes depend on.
PROJECT_KEY: Final = (
    "_budget",
    "_initial_budget",
    "_executed",
    "_forecast_execution",
    "_reason",
    "_explained",
)
#: The result of a project key.
PROJECT_RESULT: Final = {
    "budget": pl.String,
    "executed": pl.String,
    "execution_rate": pl.String,
    "gap": pl.String,
    "forecast": pl.String,
    "forecast_source": pl.String,
    "projected_rate": pl.String,
    "execution_light": pl.String,
    "_pcodes": pl.String,
}
#: Indicator snapshots handed to one per-object call.
_CHUNK: Final = 500
_FIRST: Final = frozenset({"PT405", "PT406", "PT407"})


# ------------------------------------------------------------------ indicators


def _snapshot_row(values: tuple[object, ...], row: int) -> IndicatorSnapshot:
    """
    The per-object row of a key, built as the monitoring reader builds it,
    without likelihood, reason or explanation (they only add findings).
    """
    text, level2_name, current, forecast = values
    level2 = Level2[str(level2_name)] if level2_name else Level2.OTHER
    level1 = level2.parents[0] if level2.parents else Level1.OTHER
    target_text = str(text)
    problem = ""
    try:
        target = parse_target(target_text, level2=level2)
    except TargetParseError as error:
        problem = str(error)
        target = Target(kind=TargetKind.QUALITATIVE, phrase=target_text, text=target_text)
    return IndicatorSnapshot(
        indicator=Indicator(level1=level1, level2=level2, name="-", target=target, problem=problem),
        current=_actual(current),
        forecast=_actual(forecast),
        where=Location(row=row),
    )


def _actual(text: object) -> Actual | None:
    if text is None:
        return None
    try:
        return parse_actual(str(text))
    except TargetParseError:
        return None


def _monitored(rows: list[IndicatorSnapshot], run: Round) -> list[tuple[object, ...]]:
    """
    The :data:`INDICATOR_RESULT` values of each row by :func:`~perftarget.monitor.monitor`.

    A row the per-object path cannot compute (a ratio beyond the 28 digits of
    its decimal arithmetic) gets no result: no value, no light, no finding.
    """
    project = ProjectSnapshot(
        name="batch", year=run.period.as_of.year, period=run.period, indicators=rows
    )
    try:
        with PER_OBJECT:
            result = monitor(project, profile=run.profile, rules=run.rules)
            record = monitoring_record([result], profile=run.profile.id, lang="zh")
    except ArithmeticError:
        if len(rows) == 1:
            return [(None, None, None, None, None, None, False, rows[0].forecast is not None)]
        return [item for row in rows for item in _monitored([row], run)]
    codes: dict[int | None, list[str]] = {}
    for item in result.findings:
        codes.setdefault(item.where.row, []).append(item.code)
    shown = record["projects"][0]["indicators"]
    found: list[tuple[object, ...]] = []
    for progress, fields in zip(result.indicators, shown, strict=True):
        mine = codes.get(progress.snapshot.where.row, [])
        direction = progress.direction
        found.append(
            (
                None if direction is None else direction.value,
                fields["forecast"],
                progress.source,
                fields["projected_attainment"],
                fields["light"],
                next((c for c in mine if c in _FIRST), None),
                "PT411" in mine,
                progress.snapshot.forecast is not None,
            )
        )
    return found


def fallback_indicators(keys: pl.DataFrame, run: Round) -> pl.DataFrame:
    """
    Results of indicator keys by :func:`~perftarget.monitor.monitor` itself, many keys a call.

    Args:
        keys: Distinct keys: ``_key`` and the columns of :data:`INDICATOR_KEY`.
        run: The round.

    Returns:
        ``_key``, the key's columns and those of :data:`INDICATOR_RESULT`.
    """
    values = list(keys.select(INDICATOR_KEY).iter_rows())
    found: list[tuple[object, ...]] = []
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        found += _monitored([_snapshot_row(v, i) for i, v in enumerate(chunk)], run)
    results = pl.DataFrame(found, schema=INDICATOR_RESULT, orient="row")
    return pl.concat([keys.select("_key", *INDICATOR_KEY), results], how="horizontal")


# ------------------------------------------------------------------ projects


def _money(text: object, unit: str) -> Money | None:
    """An amount as the monitoring reader reads it (None when it cannot be read)."""
    if text is None:
        return None
    try:
        return Money.parse(str(text), default_unit=unit)
    except (ModelError, ValueError):
        return None


def fallback_projects(keys: pl.DataFrame, run: Round) -> pl.DataFrame:
    """
    Results of project keys by :func:`~perftarget.monitor.monitor` itself, once per key.

    Args:
        keys: Distinct keys: the columns of :data:`PROJECT_KEY`.
        run: The round.

    Returns:
        The key's columns and those of :data:`PROJECT_RESULT`.
    """
    columns: dict[str, list[str | None]] = {name: [] for name in PROJECT_RESULT}
    for values in keys.select(PROJECT_KEY).iter_rows():
        budget_text, initial_text, executed_text, forecast_text, reason, explained = values
        budget = _money(budget_text, run.unit)
        initial = _money(initial_text, run.unit)
        project = ProjectSnapshot(
            name="batch",
            year=run.period.as_of.year,
            period=run.period,
            budget=budget if budget is not None else initial,
            initial_budget=initial,
            executed=_money(executed_text, run.unit),
            forecast=_money(forecast_text, run.unit),
            deviation_text="-" if reason else "",
            explanation="-" if explained else "",
        )
        try:
            with PER_OBJECT:
                result = monitor(project, profile=run.profile, rules=run.rules)
                record = monitoring_record([result], profile=run.profile.id)["projects"][0]
        except ArithmeticError:  # beyond the per-object path's 28 digits: no result
            for name in PROJECT_RESULT:
                columns[name].append("" if name == "_pcodes" else None)
            continue
        for name in ("budget", "executed", "execution_rate", "gap", "forecast"):
            columns[name].append(record[name])
        columns["forecast_source"].append(record["forecast_source"])
        columns["projected_rate"].append(record["projected_rate"])
        light = result.execution_light
        columns["execution_light"].append(None if light is None else light.value)
        columns["_pcodes"].append(";".join(item.code for item in result.findings))
    results = pl.DataFrame(columns, schema=PROJECT_RESULT)
    return pl.concat([keys.select(PROJECT_KEY), results], how="horizontal")
