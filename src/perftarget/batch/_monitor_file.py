"""
Streaming a monitoring round of any size through :func:`~perftarget.batch.monitor_batch`.

A CSV or Parquet file is read in batches cut where a project ends (a
project's rows must be contiguous), monitored two batches at a time while a
third thread writes the results in order, to temporary files that replace the
outputs only when the whole file was monitored.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl
from attrs import frozen

from perftarget.batch._monitor import loaded, monitor_batch
from perftarget.batch._monitor_cells import stripped
from perftarget.batch._monitor_columns import (
    MONITOR_REQUIRED_COLUMNS,
    monitor_columns,
    table_as_of,
)
from perftarget.batch._progress import Progress
from perftarget.batch._stream import DEFAULT_BATCH_ROWS, _with_last, _Writer, iter_batches
from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._csv_write import replaced_atomically
from perftarget.monitor import Profile
from perftarget.rules import RuleSet

__all__ = ["MonitorSummary", "monitor_file"]

#: Batches monitored at once by :func:`monitor_file`.
_WORKERS: Final = 2
#: The official header of each required column, for messages.
_OFFICIAL: Final = {"project": "项目名称", "level3": "三级指标", "target": "年度指标值 / 指标值"}


@frozen(kw_only=True)
class MonitorSummary:
    """
    What :func:`monitor_file` did.

    Attributes:
        rows: Rows read.
        projects: Projects monitored.
        batches: Batches read.
        as_of: The as-of date used.
        red: Projects lit red.
        yellow: Projects lit yellow.
        green: Projects lit green.
        errors: Findings of error severity.
        warnings: Findings of warning severity.
    """

    rows: int
    projects: int
    batches: int
    as_of: date
    red: int
    yellow: int
    green: int
    errors: int
    warnings: int


def _refuse(path: Path, zh: str, en: str) -> TableError:
    return TableError([Problem(where=Location(file=str(path)), message=say(zh, en))])


def _located(error: TableError, path: Path) -> TableError:
    """The problems of a batch, placed in the file."""
    return TableError(
        Problem(
            where=Location(
                file=str(path),
                row=p.where.row,
                column=p.where.column,
            ),
            message=p.message,
            text=p.text,
        )
        for p in error.problems
    )


class _Frames:
    """A file's batches under the batch's names, cut where a project ends."""

    def __init__(self, source: Path, batch_rows: int) -> None:
        self._source = source
        self._batch_rows = batch_rows
        self.batches = 0
        self.first: pl.DataFrame | None = None
        self.names: dict[str, str] = {}

    def _names(self, raw: pl.DataFrame) -> dict[str, str]:
        names = monitor_columns(raw.columns)
        missing = [c for c in MONITOR_REQUIRED_COLUMNS if c not in names.values()]
        if missing:
            wanted = ", ".join(f"{c} ({_OFFICIAL[c]})" for c in missing)
            shown = ", ".join(raw.columns[:12])
            raise _refuse(
                self._source,
                f"表头缺少列：{wanted}；文件的表头是：{shown}",
                f"the header lacks the column(s) {wanted}; the file's header is: {shown}",
            )
        return names

    def __iter__(self) -> Iterator[pl.DataFrame]:
        held: pl.DataFrame | None = None
        for raw, last in _with_last(iter_batches(self._source, self._batch_rows)):
            self.batches += 1
            if self.first is None:
                self.first, self.names = raw, self._names(raw)
            frame = raw.select(pl.col(h).cast(pl.String).alias(c) for h, c in self.names.items())
            if held is not None and held.height:
                frame = pl.concat([held, frame], how="diagonal_relaxed")
            blank = stripped("project") == ""
            frame = frame.with_columns(
                pl.when(blank).then(None).otherwise(pl.col("project")).forward_fill()
            )
            if last or not frame.height:
                held = None if last else frame
                if last and frame.height:
                    yield frame
                continue
            project = frame["project"][-1]
            cut = frame.height
            while cut > 0 and frame["project"][cut - 1] == project:
                cut -= 1
            ready, held = frame.slice(0, cut), frame.slice(cut)
            if ready.height:
                yield ready
        if held is not None and held.height:
            yield held


def monitor_file(
    source: str | Path,
    output: str | Path,
    *,
    totals: str | Path | None = None,
    profile: Profile | str = "central",
    as_of: date | None = None,
    rules: RuleSet | str | None = None,
    year: int | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    progress: Progress | None = None,
) -> MonitorSummary:
    """
    Monitor a CSV or Parquet file of indicator rows, streaming, writing atomically.

    Rows are read in batches of about ``batch_rows`` (a project's rows, which
    must be contiguous, are never split between two batches), monitored with
    :func:`monitor_batch` and appended to temporary files that replace
    ``output`` and ``totals`` only when the whole file was monitored.

    Args:
        source: Input file (``.parquet`` / ``.pq`` is Parquet, anything else
            CSV), with the columns of :func:`monitor_batch`.
        output: Per-row results; ``.parquet`` writes Parquet, else CSV.
        totals: Per-project results (same rule for the format); not written
            when None.
        profile: The monitoring profile.
        as_of: The as-of date; when None, the end of the period the table
            names (:func:`table_as_of`).
        rules: The rule set that decides how targets read.
        year: The budget year of a table whose period names none.
        batch_rows: Rows per batch: memory grows with it.
        progress: A progress bar; none when None.

    Returns:
        Counts of rows, projects, batches, lights and findings, and the as-of date.

    Raises:
        OSError: A file cannot be read or written.
        TableError: A required column is missing, a CSV holds NUL bytes, two
            rows of a project conflict, or no as-of date is given or named.
    """
    path = Path(source)
    chosen, ruleset = loaded(profile, rules)
    frames = _Frames(path, batch_rows)
    header = 2 if path.suffix.lower() not in (".parquet", ".pq") else 1
    with (
        replaced_atomically(output) as out_path,
        replaced_atomically(totals) if totals is not None else nullcontext(None) as totals_path,
    ):
        pipeline = _Pipeline(out_path, totals_path, progress)
        try:
            for frame in frames:
                if as_of is None:
                    as_of = _as_of(frames, path, year)
                pipeline.run(frame, chosen, ruleset, as_of, header)
            if not pipeline.done:  # an empty table still gets its files, with headers
                as_of = as_of or _as_of(frames, path, year)
                empty = frames.first.head(0) if frames.first is not None else None
                if empty is None:
                    empty = pl.DataFrame(schema=dict.fromkeys(MONITOR_REQUIRED_COLUMNS, pl.String))
                pipeline.run(empty, chosen, ruleset, as_of, header)
            pipeline.drain()
        except TableError as error:
            raise _located(error, path) from None
        finally:
            pipeline.close()
    assert as_of is not None
    return MonitorSummary(
        rows=pipeline.done, batches=frames.batches, as_of=as_of, **pipeline.counts
    )


class _Pipeline:
    """
    Monitor frames on two threads and write the results in order on a third:
    polars releases the GIL, so the Python parts of one batch overlap the
    columnar work of another.
    """

    def __init__(self, output: Path, totals: Path | None, progress: Progress | None) -> None:
        self._rows = _Writer(output)
        self._totals = None if totals is None else _Writer(totals)
        self._progress = progress
        self._workers = ThreadPoolExecutor(max_workers=_WORKERS)
        self._writer = ThreadPoolExecutor(max_workers=1)
        self._running: deque[tuple[Future[tuple[pl.DataFrame, pl.DataFrame]], int]] = deque()
        self._writing: deque[Future[None]] = deque()
        #: Rows submitted so far.
        self.done = 0
        self.counts = dict.fromkeys(("projects", "red", "yellow", "green", "errors", "warnings"), 0)

    def run(
        self, frame: pl.DataFrame, profile: Profile, rules: RuleSet, as_of: date, header: int
    ) -> None:
        """Submit a frame of whole projects."""
        if len(self._running) >= _WORKERS:
            self._finish()
        job = self._workers.submit(
            monitor_batch,
            frame,
            profile=profile,
            as_of=as_of,
            rules=rules,
            first_row=self.done + header,
        )
        self._running.append((job, frame.height))
        self.done += frame.height

    def _write(self, rows: pl.DataFrame, projects: pl.DataFrame) -> None:
        self._rows.write(rows)
        if self._totals is not None:
            self._totals.write(projects)

    def _finish(self) -> None:
        job, height = self._running.popleft()
        rows, projects = job.result()
        _count(self.counts, projects)
        self._writing.append(self._writer.submit(self._write, rows, projects))
        while len(self._writing) > _WORKERS:
            self._writing.popleft().result()
        if self._progress is not None:
            self._progress.advance(height)

    def drain(self) -> None:
        """Wait for every frame submitted to be monitored and written."""
        while self._running:
            self._finish()
        while self._writing:
            self._writing.popleft().result()

    def close(self) -> None:
        """Stop the threads and close the outputs and the progress bar."""
        self._workers.shutdown(wait=True, cancel_futures=True)
        self._writer.shutdown(wait=True)
        self._rows.close()
        if self._totals is not None:
            self._totals.close()
        if self._progress is not None:
            self._progress.close()


def _as_of(frames: _Frames, path: Path, year: int | None) -> date:
    first = frames.first if frames.first is not None else pl.DataFrame()
    found = table_as_of(first, year=year)
    if found is None:
        raise _refuse(
            path,
            "表中没有监控期间（如期间列「2020年1-6月」或表头「1-6月完成情况」及年度），"
            "请用 --as-of 给出截至日期",
            "the table names no monitoring period (a period column such as 2020年1-6月, or a "
            "header such as 1-6月完成情况 with the year); give the as-of date with --as-of",
        )
    return found


def _count(counts: dict[str, int], projects: pl.DataFrame) -> None:
    counts["projects"] += projects.height
    lights = projects["light"].value_counts()
    for light, number in lights.iter_rows():
        if light in counts:
            counts[light] += number
    counts["errors"] += int(projects["errors"].sum())
    counts["warnings"] += int(projects["warnings"].sum())
