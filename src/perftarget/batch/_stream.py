"""
Streaming a CSV or Parquet file of any size through :func:`score_batch`.

Rows are read in batches (polars' streaming engine for CSV, Arrow record
batches for Parquet), scored and appended to the output, so memory stays
bounded by the batch size.  The rows of the last project of a batch are held
back and scored with the next batch, so a project that spans a batch
boundary is scored whole (rows of one project must be contiguous); project
totals are carried as partial sums and finished at the end.  Two batches
are scored at once on threads (polars releases the GIL) while the one before
is written; results are collected and written in input order.

Headers are read in the readers' vocabulary (:func:`~perftarget.batch.batch_columns`).
A CSV is checked for NUL bytes (a binary file) before polars reads it, and
one whose lines end in a carriage return alone is read with that line end.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Final

import polars as pl
from attrs import frozen

from perftarget.batch._columns import (
    INPUT_COLUMNS,
    OPTIONAL_COLUMNS,
    OUTPUT_COLUMNS,
    adjusted_columns,
    batch_columns,
)
from perftarget.batch._engine import score_batch
from perftarget.batch._progress import Progress
from perftarget.batch._totals import merge_totals, partial_totals
from perftarget.core._lang import say
from perftarget.exceptions import Location, Problem, TableError
from perftarget.rules import RuleSet

__all__ = ["BatchSummary", "iter_batches", "public_columns", "score_file"]

DEFAULT_BATCH_ROWS: Final = 250_000
#: Bytes read at a time when a CSV is checked for NUL bytes.
_CHUNK: Final = 1 << 20
#: Batches scored at once.
_SCORERS: Final = 2


@frozen(kw_only=True)
class BatchSummary:
    """
    What :func:`score_file` did.

    Attributes:
        rows: Rows scored.
        projects: Projects totalled.
        batches: Batches read.
    """

    rows: int
    projects: int
    batches: int


def public_columns(rows: pl.DataFrame) -> pl.DataFrame:
    """
    Drop the engine's working columns (those starting with ``_``).

    Args:
        rows: A result of :func:`score_batch`.

    Returns:
        The input columns and ``direction``, ``ratio``, ``status``, ``score``,
        ``findings``.
    """
    return rows.select([c for c in rows.columns if not c.startswith("_")])


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def _refuse(path: Path, zh: str, en: str) -> TableError:
    return TableError([Problem(where=Location(file=str(path)), message=say(zh, en))])


def _line_end(path: Path) -> str:
    """
    Check a CSV for NUL bytes anywhere and tell its line end.

    The whole file is scanned (at memory speed, a megabyte at a time): polars
    would read NUL bytes as text, and a long run of them as one huge field.

    Returns:
        A carriage return when the first line ends in one alone, else a line feed.

    Raises:
        TableError: The file holds a NUL byte.
    """
    first_end = ""
    with path.open("rb") as stream:
        offset = 0
        while chunk := stream.read(_CHUNK):
            if first_end == "?":  # a CR ended the last chunk: LF next makes CRLF
                first_end = "\n" if chunk.startswith(b"\n") else "\r"
            if not first_end:
                first_end = _first_line_end(chunk)
            where = chunk.find(b"\0")
            if where >= 0:
                at = offset + where
                raise _refuse(
                    path,
                    f"不是 CSV 文本：第 {at} 字节是 NUL（二进制文件？）",
                    f"not CSV text: byte {at} is a NUL byte (a binary file?)",
                )
            offset += len(chunk)
    return "\r" if first_end == "\r" else "\n"


def _first_line_end(chunk: bytes) -> str:
    """``\\n`` (LF or CRLF), ``\\r`` (CR alone), ``?`` (a CR ends the chunk) or ``""`` (none)."""
    cr, lf = chunk.find(b"\r"), chunk.find(b"\n")
    if cr < 0 or (0 <= lf < cr):
        return "\n" if lf >= 0 else ""
    if cr + 1 == len(chunk):
        return "?"
    return "\n" if chunk[cr + 1] == 10 else "\r"


def iter_batches(path: str | Path, batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[pl.DataFrame]:
    """
    Read a CSV or Parquet file in batches of about ``batch_rows`` rows.

    Args:
        path: The file; ``.parquet`` / ``.pq`` is Parquet, anything else CSV
            (UTF-8, with a header row; lines ending in LF, CRLF or CR).
        batch_rows: Rows per batch.

    Yields:
        Frames with every column as text.

    Raises:
        OSError: The file cannot be read.
        TableError: A CSV holds NUL bytes.
    """
    path = Path(path)
    if _is_parquet(path):
        import pyarrow.parquet as pq  # type: ignore[import-untyped]

        with pq.ParquetFile(path) as source:
            for record_batch in source.iter_batches(batch_size=batch_rows):
                frame = pl.from_arrow(record_batch)
                assert isinstance(frame, pl.DataFrame)
                yield frame.select(pl.all().cast(pl.String))
        return
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    lazy = pl.scan_csv(path, infer_schema=False, eol_char=_line_end(path))
    yield from lazy.collect_batches(chunk_size=batch_rows)


def _with_last(frames: Iterator[pl.DataFrame]) -> Iterator[tuple[pl.DataFrame, bool]]:
    """
    Pair each frame with whether it is known to be the last (one frame of
    look-ahead).  The first frame is passed on at once, so scoring starts
    before the second is read; it is never marked last.
    """
    iterator = iter(frames)
    first = next(iterator, None)
    if first is None:
        return
    yield first, False
    previous: pl.DataFrame | None = None
    for frame in iterator:
        if previous is not None:
            yield previous, False
        previous = frame
    if previous is not None:
        yield previous, True


def _split_tail(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split off the rows of the frame's last project (which may continue)."""
    last = frame["project"][-1]
    others = (
        (frame["project"] != last).fill_null(True)
        if last is not None
        else frame["project"].is_not_null()
    )
    positions = others.arg_true()
    cut = int(positions[-1]) + 1 if len(positions) else 0
    return frame.slice(0, cut), frame.slice(cut)


class _Writer:
    """Append frames to a CSV or Parquet file."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._parquet = _is_parquet(path)
        self._csv: IO[bytes] | None = None
        self._pq: object | None = None

    def write(self, frame: pl.DataFrame) -> None:
        if self._parquet:
            import pyarrow.parquet as pq

            table = frame.to_arrow()
            if self._pq is None:
                self._pq = pq.ParquetWriter(self._path, table.schema)
            assert isinstance(self._pq, pq.ParquetWriter)
            self._pq.write_table(table)
            return
        first = self._csv is None
        if self._csv is None:
            self._csv = self._path.open("wb")
        frame.write_csv(self._csv, include_header=first)

    def close(self) -> None:
        if self._csv is not None:
            self._csv.close()
        if self._pq is not None:
            import pyarrow.parquet as pq

            assert isinstance(self._pq, pq.ParquetWriter)
            self._pq.close()


def _known_columns(source: Path, headers: list[str]) -> dict[str, str]:
    """
    The batch column of each header the batch reads.

    Raises:
        TableError: A required column is missing (the message names the
            headers that would do and those found).
    """
    names = batch_columns(headers)
    found = set(names.values())
    missing = [c for c in INPUT_COLUMNS if c not in found]
    if not missing:
        return names
    wanted = ", ".join(f"{c} ({_OFFICIAL[c]})" for c in missing)
    shown = ", ".join(headers[:12])
    raise _refuse(
        source,
        f"表头缺少列：{wanted}；文件的表头是：{shown}",
        f"the header lacks the column(s) {wanted}; the file's header is: {shown}",
    )


#: The official header of each required column, for messages.
_OFFICIAL: Final = {
    "project": "项目名称 / 项目编码",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值 / 指标值",
    "actual": "实际完成值",
    "weight": "分值",
}


def score_file(
    source: str | Path,
    rules: RuleSet,
    output: str | Path,
    *,
    totals: str | Path | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    progress: Progress | None = None,
) -> BatchSummary:
    """
    Score a CSV or Parquet file of indicator rows, streaming.

    Args:
        source: Input file with the columns of :data:`INPUT_COLUMNS` (and
            optionally those of :data:`OPTIONAL_COLUMNS` and the adjusted
            targets, ``adjusted_target`` …), under those names or the
            readers' headers (see :func:`batch_columns`).
        rules: The rule set.
        output: Per-row scores; ``.parquet`` writes Parquet, else CSV.
        totals: Per-project totals and grades (same rule for the format);
            not written when None.
        batch_rows: Rows per batch: memory grows with it.
        progress: A progress bar; none when None.

    Returns:
        Counts of rows, projects and batches.

    Raises:
        OSError: A file cannot be read or written.
        TableError: A required column is missing, or a CSV holds NUL bytes.
    """
    frames = _ProjectFrames(source, batch_rows)
    pipeline = _Pipeline(rules, Path(output), progress)
    try:
        for frame in frames:
            pipeline.run(frame)
        pipeline.drain()
    finally:
        pipeline.close()
    partials = pipeline.partials
    if not partials:  # an empty table still gets both files, with their headers
        partials.append(_write_empty(rules, Path(output)))
    finished = merge_totals(pl.concat(partials, how="diagonal_relaxed"), rules)
    if totals is not None:
        out = _Writer(Path(totals))
        out.write(finished)
        out.close()
    return BatchSummary(rows=pipeline.done, projects=finished.height, batches=frames.batches)


class _ProjectFrames:
    """
    The batches of a source, under the batch's column names and cut where a
    project ends: a project's rows are never split between two frames.
    ``batches`` counts the batches read so far.
    """

    def __init__(self, source: str | Path, batch_rows: int) -> None:
        self._source = source
        self._batch_rows = batch_rows
        self.batches = 0

    def __iter__(self) -> Iterator[pl.DataFrame]:
        names: dict[str, str] = {}
        held: pl.DataFrame | None = None
        for raw, last in _with_last(iter_batches(self._source, self._batch_rows)):
            self.batches += 1
            if not names:
                names = _known_columns(Path(self._source), raw.columns)
            if not raw.height:
                continue
            frame = raw.select(pl.col(h).alias(c) for h, c in names.items())
            if held is not None and held.height:
                frame = pl.concat([held, frame], how="diagonal_relaxed")
            if last:  # nothing follows: the last project is complete
                yield frame
                held = None
                continue
            ready, held = _split_tail(frame)
            if ready.height:
                yield ready
        if held is not None and held.height:
            yield held


class _Pipeline:
    """
    Score frames on two threads and write the results in order on a third.

    Two batches are scored at once and the previous one is written meanwhile:
    polars releases the GIL, so the Python parts of one batch overlap the
    columnar work of another.  Results are taken in order.
    """

    def __init__(self, rules: RuleSet, output: Path, progress: Progress | None) -> None:
        self._rules = rules
        self._writer = _Writer(output)
        self._progress = progress
        self._scorer = ThreadPoolExecutor(max_workers=_SCORERS)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._scoring: deque[tuple[Future[tuple[pl.DataFrame, pl.DataFrame]], int]] = deque()
        self._writing: deque[Future[None]] = deque()
        self._keep: list[str] = []
        #: Each scored frame's partial totals, in order.
        self.partials: list[pl.DataFrame] = []
        #: Rows submitted so far.
        self.done = 0

    def _score(self, frame: pl.DataFrame, offset: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        rows = score_batch(frame, self._rules)
        return partial_totals(rows, offset=offset), rows.select(self._keep)  # public only

    def _finish(self) -> None:
        job, height = self._scoring.popleft()
        partial, public = job.result()
        self.partials.append(partial)
        # the one writer thread writes in order; a slow write does not hold up scoring
        self._writing.append(self._pool.submit(self._writer.write, public))
        while len(self._writing) > _SCORERS:
            self._writing.popleft().result()
        if self._progress is not None:
            self._progress.advance(height)

    def run(self, frame: pl.DataFrame) -> None:
        """Submit a frame of whole projects for scoring."""
        if not self._keep:
            optional = [c for c in OPTIONAL_COLUMNS if c in frame.columns]
            adjusted = adjusted_columns(frame.columns)
            self._keep.extend([*INPUT_COLUMNS, *optional, *adjusted, *OUTPUT_COLUMNS])
        if len(self._scoring) >= _SCORERS:
            self._finish()
        self._scoring.append((self._scorer.submit(self._score, frame, self.done), frame.height))
        self.done += frame.height

    def drain(self) -> None:
        """Wait for every frame submitted to be scored and written."""
        while self._scoring:
            self._finish()
        while self._writing:
            self._writing.popleft().result()

    def close(self) -> None:
        """Stop the threads and close the output and the progress bar."""
        self._scorer.shutdown(wait=True, cancel_futures=True)
        self._pool.shutdown(wait=True)
        self._writer.close()
        if self._progress is not None:
            self._progress.close()


def _write_empty(rules: RuleSet, output: Path) -> pl.DataFrame:
    """Write the header of an empty result; return the empty partial totals."""
    empty = pl.DataFrame(schema=dict.fromkeys(INPUT_COLUMNS, pl.String))
    rows = score_batch(empty, rules)
    sink = _Writer(output)
    sink.write(rows.select(*INPUT_COLUMNS, *OUTPUT_COLUMNS))
    sink.close()
    return partial_totals(rows)
