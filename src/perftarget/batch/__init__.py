"""
The columnar batch engine: score millions of indicator rows at once.

Needs the optional extra ``batch`` (polars and pyarrow)::

    pip install "perftarget[batch]"

:func:`score_batch` is a pure function of one polars frame; :func:`score_file`
streams a CSV or Parquet file of any size through it.  Headers may be the
batch's own names or the official Chinese ones (:func:`batch_columns`).

:func:`monitor_batch` and :func:`monitor_file` do the same for mid-year
monitoring (绩效运行监控), with the results of :func:`~perftarget.monitor.monitor`
(headers: :func:`monitor_columns`).
"""

from __future__ import annotations

from perftarget.batch._columns import (
    ADJUSTED_TARGET,
    BUDGET_COLUMNS,
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    OUTPUT_COLUMNS,
    adjusted_columns,
    batch_columns,
)
from perftarget.batch._engine import score_batch
from perftarget.batch._monitor import monitor_batch
from perftarget.batch._monitor_columns import (
    MONITOR_INPUT_COLUMNS,
    MONITOR_PROJECT_COLUMNS,
    MONITOR_REQUIRED_COLUMNS,
    MONITOR_ROW_OUTPUTS,
    monitor_columns,
    table_as_of,
)
from perftarget.batch._monitor_file import MonitorSummary, monitor_file
from perftarget.batch._stream import public_columns, score_file
from perftarget.batch._totals import merge_totals, partial_totals, project_totals

__all__ = [
    "ADJUSTED_TARGET",
    "BUDGET_COLUMNS",
    "INPUT_COLUMNS",
    "MONITOR_INPUT_COLUMNS",
    "MONITOR_PROJECT_COLUMNS",
    "MONITOR_REQUIRED_COLUMNS",
    "MONITOR_ROW_OUTPUTS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "MonitorSummary",
    "adjusted_columns",
    "batch_columns",
    "merge_totals",
    "monitor_batch",
    "monitor_columns",
    "monitor_file",
    "partial_totals",
    "project_totals",
    "public_columns",
    "score_batch",
    "score_file",
    "table_as_of",
]
