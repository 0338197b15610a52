"""
Mid-year performance monitoring (绩效运行监控): see in July which projects
will miss in December.

A :class:`ProjectSnapshot` holds what a monitoring table reports (budget,
cumulative execution, per indicator the current value, forecast,
likelihood and deviation reason); :func:`monitor` computes time progress
(序时进度), the execution gap, full-year projections, traffic lights under a
:class:`Profile`, the ``PT4xx`` findings and the self-evaluation score the
project is heading for.

Example:
    >>> from perftarget import Money
    >>> from perftarget.monitor import Period, ProjectSnapshot, monitor
    >>> result = monitor(ProjectSnapshot(name="p", year=2020,
    ...     period=Period.of_year(2020, month=6), budget=Money.parse("30"),
    ...     executed=Money.parse("15")), profile="ningxia")
    >>> result.time_progress, result.execution_rate, result.light
    (Decimal('50.00'), Decimal('50.00'), <Light.GREEN: 'green'>)
"""

from perftarget.monitor._codes import MONITORING_CODES, MonitoringCode
from perftarget.monitor._compute import (
    IndicatorProgress,
    ProjectProgress,
    monitor,
    percent,
    projected_attainment,
    projected_value,
    time_progress,
)
from perftarget.monitor._profile import (
    AttainmentRule,
    ExecutionRule,
    ExplanationRule,
    ForecastRule,
    Light,
    Profile,
    ProfileError,
    TimeBasis,
    available_profiles,
    load_profile,
)
from perftarget.monitor._record import MonitorRenderer, monitoring_record
from perftarget.monitor._snapshot import (
    DeviationCategory,
    IndicatorSnapshot,
    Likelihood,
    Period,
    ProjectSnapshot,
    deviation_category,
)

__all__ = [
    "MONITORING_CODES",
    "AttainmentRule",
    "DeviationCategory",
    "ExecutionRule",
    "ExplanationRule",
    "ForecastRule",
    "IndicatorProgress",
    "IndicatorSnapshot",
    "Light",
    "Likelihood",
    "MonitorRenderer",
    "MonitoringCode",
    "Period",
    "Profile",
    "ProfileError",
    "ProjectProgress",
    "ProjectSnapshot",
    "TimeBasis",
    "available_profiles",
    "deviation_category",
    "load_profile",
    "monitor",
    "monitoring_record",
    "percent",
    "projected_attainment",
    "projected_value",
    "time_progress",
]
