"""
The columnar batch engine: score millions of indicator rows at once.

Needs the optional extra ``batch`` (polars and pyarrow)::

    pip install "perftarget[batch]"

:func:`score_batch` is a pure function of one polars frame; :func:`score_file`
streams a CSV or Parquet file of any size through it.  Headers may be the
batch's own names or the official Chinese ones (:func:`batch_columns`).
"""

from __future__ import annotations

from perftarget.batch._engine import (
    BUDGET_COLUMNS,
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    OUTPUT_COLUMNS,
    batch_columns,
    score_batch,
)
from perftarget.batch._stream import public_columns, score_file
from perftarget.batch._totals import merge_totals, partial_totals, project_totals

__all__ = [
    "BUDGET_COLUMNS",
    "INPUT_COLUMNS",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "batch_columns",
    "merge_totals",
    "partial_totals",
    "project_totals",
    "public_columns",
    "score_batch",
    "score_file",
]
