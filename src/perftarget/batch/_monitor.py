"""
Mid-year monitoring in the columnar engine: a whole province's monitoring
round (绩效运行监控) at once, with the results of :func:`~perftarget.monitor.monitor`
to the last digit.

:func:`monitor_batch` is a pure function of one polars frame with one row per
indicator (:func:`~perftarget.batch.monitor_file` streams a file of any size
through it).  The work is done once per distinct key, as in
:func:`~perftarget.batch.score_batch`, in modules named after what they hold:

* ``_monitor_columns``: the batch's columns, the headers that name them (the
  monitoring reader's vocabulary), the unit of bare amounts, the as-of date a
  table names;
* ``_monitor_cells``: cells read as the monitoring reader reads them;
* ``_monitor_rows``: indicator results, the common shapes in 64-bit integer
  arithmetic (``_monitor_arith``);
* ``_monitor_projects``: the budget line, its conflicts, project results;
* ``_monitor_fallback``: the keys the integer paths do not take, by
  :func:`~perftarget.monitor.monitor` itself;
* ``_monitor_file``: streaming a file through :func:`monitor_batch`.

Cells are read as the monitoring reader reads them: stripped, the empty marks
(``-``, ``—``, ``/``, ``无``) taken as empty, blank level labels and project
names taking the value above (merged cells), amounts without a unit in the
unit the header names (``全年预算数(万元)``), else 万元.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from perftarget.batch._monitor_arith import Round
from perftarget.batch._monitor_cells import categories, prepare
from perftarget.batch._monitor_columns import MONITOR_ROW_OUTPUTS, money_unit
from perftarget.batch._monitor_projects import conflicts, project_results
from perftarget.batch._monitor_rows import indicator_results
from perftarget.exceptions import TableError
from perftarget.monitor import Profile, load_profile
from perftarget.rules import RuleSet, load_rules

__all__ = ["loaded", "monitor_batch"]


def loaded(profile: Profile | str, rules: RuleSet | str | None) -> tuple[Profile, RuleSet]:
    """
    The profile and the rule set, loaded when named.

    Args:
        profile: A profile or a shipped profile's name.
        rules: A rule set, a shipped rule set's name, or None for ``mof2020_selfeval``.

    Returns:
        The profile and the rule set.

    Raises:
        ProfileError: ``profile`` names no profile.
        RuleSetError: ``rules`` names no rule set.
    """
    chosen = profile if isinstance(profile, Profile) else load_profile(profile)
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules or "mof2020_selfeval")
    return chosen, ruleset


def monitor_batch(
    frame: pl.DataFrame,
    *,
    profile: Profile | str = "central",
    as_of: date,
    rules: RuleSet | str | None = None,
    first_row: int = 1,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """
    Monitor every indicator row and project of a frame, as ``monitor`` would.

    A pure function of the frame: usable unchanged on the partitions of a
    distributed frame (a project's rows must then sit in one partition).

    Args:
        frame: One row per indicator, columns under the batch's names or the
            official headers (:func:`monitor_columns`): ``project``,
            ``level3`` and ``target`` required; ``level1``, ``level2``,
            ``current``, ``forecast``, ``likelihood``, ``deviation``,
            ``explanation``, ``weight`` and the project's budget line
            (:data:`MONITOR_PROJECT_COLUMNS`) optional.  Values are read as
            text.  A row with a blank ``level3`` is no indicator; its budget
            cells still count.
        profile: A :class:`~perftarget.monitor.Profile` or a shipped name.
        as_of: The as-of date; the budget year is its year.
        rules: The rule set that decides how targets read (a cost cap).
        first_row: The row number of the frame's first row, in messages.

    Returns:
        ``(rows, projects)``.  ``rows`` holds the input columns given (the
        project name filled down and stripped), then :data:`MONITOR_ROW_OUTPUTS`:
        ``direction``, ``projected`` (the contract's indicator ``forecast``),
        ``projected_source``, ``projected_attainment`` (percent, 2 places),
        ``light``, ``likelihood_category``, ``deviation_category`` and
        ``findings`` (codes joined by ``;``); null where the per-object
        result is null.  ``projects`` has one row per project in order of
        appearance: ``project``, ``budget``, ``executed``,
        ``execution_rate``, ``time_progress``, ``gap``, ``forecast``,
        ``forecast_source``, ``projected_rate``, ``execution_light``,
        ``light``, ``indicators``, ``errors``, ``warnings`` and ``findings``
        (every code of the project, its indicators' included, in the
        per-object order).  Amounts and rates are exact decimal text.

    Raises:
        ArgumentError: A required column is missing.
        TableError: Two rows of one project give different values to a
            project column (every such cell is listed with its row).
        ProfileError: ``profile`` names no profile.
        RuleSetError: ``rules`` names no rule set.

    Example:
        >>> frame = pl.DataFrame({"项目名称": ["p", "p"], "三级指标": ["培训人次", "满意度"],
        ...     "年度指标值": ["≥1100人次", "≥90%"], "1-6月完成情况": ["500人次", "85%"],
        ...     "全年预算数": ["19.3", ""], "1-6月执行数": ["3.12", None]})
        >>> rows, projects = monitor_batch(frame, profile="ningxia", as_of=date(2019, 6, 30))
        >>> rows.select("projected", "projected_attainment", "light").rows()
        [('1000人次', '90.91', 'yellow'), ('85%', '94.44', 'yellow')]
        >>> projects.select("execution_rate", "gap", "forecast", "light").row(0)
        ('16.17', '33.83', '6.2400', 'red')
    """
    chosen, ruleset = loaded(profile, rules)
    work, given, headers = prepare(frame)
    problems = conflicts(work, headers, first_row)
    if problems:
        raise TableError(problems)
    run = Round.of(chosen, ruleset, as_of, money_unit(frame.columns))
    work = categories(work).with_columns(
        _reason=pl.col("_dev").is_not_null(), _explained=pl.col("_expl").is_not_null()
    )
    rows = indicator_results(work, run)
    projects = project_results(rows, run)
    return rows.select(*given, *MONITOR_ROW_OUTPUTS), projects
