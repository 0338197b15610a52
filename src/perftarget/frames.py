"""
Results as data frames: scorecards, findings, reviews, audits, department
roll-ups, target tables and batch results as typed polars or pandas frames.

Needs the optional extra ``frames`` (polars, pyarrow and pandas)::

    pip install "perftarget[frames]"

Columns are typed: money, weights and scores are exact decimals
(``pl.Decimal`` with a scale computed from the data, never a float), levels,
statuses and grades are categories (``pl.Enum`` where the values have an
order), deadlines are dates.  :func:`to_pandas` builds the same polars
frame and converts it: decimals and dates stay exact as ``pd.ArrowDtype``
columns, categories become ``category``.

Examples:
    >>> from perftarget import datasets
    >>> from perftarget.frames import to_polars
    >>> frame = to_polars(datasets.yongde_2022_scorecard())
    >>> frame.height, frame["score"].dtype
    (9, Decimal(precision=38, scale=2))
    >>> frame["score"].sum()
    Decimal('89.80')

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from typing import Any, Final

from perftarget.checks._audit import AuditReport
from perftarget.core._dates import Deadline
from perftarget.core._findings import Finding, Severity
from perftarget.core._format import format_actual, format_target
from perftarget.core._lang import say
from perftarget.core._model import Department, Direction, Project, Target, TargetKind
from perftarget.core._quantity import Money
from perftarget.exceptions import FrameError, ModelError
from perftarget.report._rollup import GRADES, Rollup
from perftarget.score._scorecard import RowRole, Scorecard, Status

EXTRA: Final = "frames"


def _missing(module: str) -> str:
    return say(
        f'perftarget.frames 需要 {module}；请安装可选依赖：pip install "perftarget[{EXTRA}]"',
        f"perftarget.frames needs {module}; install the optional extra: "
        f'pip install "perftarget[{EXTRA}]"',
    )


try:
    import polars as pl
except ImportError as _error:  # pragma: no cover - exercised in a subprocess
    raise ImportError(_missing("polars"), name="polars") from _error

__all__ = ["MAX_DIGITS", "FrameError", "to_pandas", "to_polars"]

#: Digits a decimal column holds at most (a 128-bit decimal, as polars and
#: Arrow store it).
MAX_DIGITS: Final = 38


def _refuse(obj: object) -> FrameError:
    name = type(obj).__name__
    accepted = (
        "Scorecard, Project, Department, AuditReport, Rollup, "
        "an iterable of Finding, a polars DataFrame from perftarget.batch"
    )
    return FrameError(
        name,
        say(
            f"无法把 {name} 转为数据框；可转换：{accepted}",
            f"cannot turn a {name} into a frame; expected one of: {accepted}",
        ),
    )


# -- typed columns ------------------------------------------------------------


def _digits(value: Decimal) -> tuple[int, int]:
    """
    Digits before and after the point that ``value`` needs.

    Examples:
        >>> _digits(Decimal("19.87")), _digits(Decimal("1E+2")), _digits(Decimal("0.005"))
        ((2, 2), (3, 0), (1, 3))
    """
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "model values are finite"
    return max(1, value.adjusted() + 1), max(0, -exponent)


def _decimals(name: str, values: Sequence[Decimal | None], *, inexact: bool = False) -> pl.Series:
    """
    A decimal column whose scale holds every value exactly.

    Args:
        name: The column's name.
        values: The values; None is null.
        inexact: Round (half even) to fit :data:`MAX_DIGITS` when the values
            together need more digits, instead of refusing.  Only for
            ratios, which are information, not scores.

    Returns:
        A ``pl.Decimal(MAX_DIGITS, scale)`` series equal to ``values``.

    Raises:
        FrameError: The values need more than :data:`MAX_DIGITS` digits.
    """
    present = [v for v in values if v is not None]
    whole = max((_digits(v)[0] for v in present), default=1)
    scale = max((_digits(v)[1] for v in present), default=0)
    if whole + scale > MAX_DIGITS:
        if not inexact or whole > MAX_DIGITS:
            raise FrameError(
                "Decimal",
                say(
                    f"列 {name} 需要 {whole + scale} 位数字，超过 {MAX_DIGITS} 位",
                    f"column {name} needs {whole + scale} digits, more than {MAX_DIGITS}",
                ),
            )
        scale = MAX_DIGITS - whole
        step = Decimal(1).scaleb(-scale)
        with localcontext(prec=MAX_DIGITS):
            values = [None if v is None else v.quantize(step, ROUND_HALF_EVEN) for v in values]
    return pl.Series(name, values, dtype=pl.Decimal(MAX_DIGITS, scale))


def _enum(name: str, values: Sequence[str | None], order: Iterable[str]) -> pl.Series:
    """A ``pl.Enum`` column in ``order``, with any unexpected value appended."""
    categories = list(dict.fromkeys(order))
    categories += [v for v in dict.fromkeys(values) if v is not None and v not in categories]
    return pl.Series(name, values, dtype=pl.Enum(categories))


def _categories(name: str, values: Sequence[str | None]) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Categorical)


def _texts(name: str, values: Sequence[str | None]) -> pl.Series:
    return pl.Series(name, values, dtype=pl.String)


def _integers(name: str, values: Sequence[int | None]) -> pl.Series:
    return pl.Series(name, values, dtype=pl.Int64)


def _wan(money: Money | None) -> Decimal | None:
    """An amount in 万元 (None stays None)."""
    return None if money is None else money.to("万元").amount


def _deadline(target: Target, year: int | None) -> date | None:
    """
    The last day a deadline target allows (the end of a period); None when
    the target is no deadline or its year is unknown.

    Examples:
        >>> from perftarget import parse_target
        >>> _deadline(parse_target("12月底前"), 2022), _deadline(parse_target("12月底前"), None)
        (datetime.date(2022, 12, 31), None)
    """
    end: Deadline | None = target.date_upper or target.date
    if end is None:
        return None
    try:
        return end.last_day(year)
    except (ModelError, ValueError):
        return None


# -- one frame per kind of result --------------------------------------------


def _scorecard_frame(card: Scorecard) -> pl.DataFrame:
    items = card.indicators
    indicators = [i.row.indicator for i in items]
    return pl.DataFrame(
        [
            _integers("row", [i.row.where.row for i in items]),
            _categories("level1", [x.label(1) for x in indicators]),
            _categories("level2", [x.label(2) for x in indicators]),
            _texts("level3", [x.name for x in indicators]),
            _enum("role", [i.row.role.value for i in items], (r.value for r in RowRole)),
            _texts("target", [x.target.text or format_target(x.target) for x in indicators]),
            _texts(
                "actual",
                [
                    None if i.actual is None else i.actual.text or format_actual(i.actual)
                    for i in items
                ],
            ),
            _enum(
                "direction",
                [None if i.direction is None else i.direction.value for i in items],
                (d.value for d in Direction),
            ),
            pl.Series("deadline", [_deadline(x.target, None) for x in indicators], pl.Date),
            _decimals("weight", [i.weight for i in items]),
            _decimals("score", [i.score for i in items]),
            _decimals("published_score", [i.published_score for i in items]),
            _enum("status", [i.status.value for i in items], (s.value for s in Status)),
            _decimals("ratio", [i.ratio for i in items], inexact=True),
            _texts("trace", [i.trace for i in items]),
            _texts("reason", [i.reason for i in items]),
        ]
    )


def _findings_frame(findings: Sequence[Finding]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            _categories("code", [f.code for f in findings]),
            _enum("severity", [f.severity.value for f in findings], (s.value for s in Severity)),
            _texts("message", [f.message for f in findings]),
            _texts("file", [f.where.file for f in findings]),
            _texts("sheet", [f.where.sheet for f in findings]),
            _integers("row", [f.where.row for f in findings]),
            _texts("column", [f.where.column for f in findings]),
            _texts("cause", [f.cause for f in findings]),
        ]
    )


def _targets_frame(projects: Sequence[Project], department: str) -> pl.DataFrame:
    rows = [(p, i) for p in projects for i in p.indicators]
    return pl.DataFrame(
        [
            _texts("department", [p.department or department for p, _ in rows]),
            _texts("project", [p.name for p, _ in rows]),
            _integers("year", [p.year for p, _ in rows]),
            _decimals("amount", [_wan(p.amount) for p, _ in rows]),
            _categories("level1", [i.label(1) for _, i in rows]),
            _categories("level2", [i.label(2) for _, i in rows]),
            _texts("level3", [i.name for _, i in rows]),
            _texts("target", [i.target.text or format_target(i.target) for _, i in rows]),
            _enum("kind", [i.target.kind.value for _, i in rows], (k.value for k in TargetKind)),
            _categories(
                "comparator",
                [
                    None if i.target.comparator is None else i.target.comparator.symbol
                    for _, i in rows
                ],
            ),
            _decimals("value", [i.target.value for _, i in rows]),
            _decimals("upper", [i.target.upper for _, i in rows]),
            _categories("unit", [i.target.unit for _, i in rows]),
            pl.Series("deadline", [_deadline(i.target, p.year) for p, i in rows], pl.Date),
            _decimals("weight", [i.weight for _, i in rows]),
            pl.Series("core", [i.core for _, i in rows], pl.Boolean),
            _texts("problem", [i.problem for _, i in rows]),
        ]
    )


def _rollup_frame(summary: Rollup) -> pl.DataFrame:
    entries = summary.entries
    cards = [e.card for e in entries]
    return pl.DataFrame(
        [
            _integers("rank", [e.rank for e in entries]),
            _texts("project", [e.project for e in entries]),
            _decimals("total", [c.total for c in cards]),
            _decimals("published_total", [c.published_total for c in cards]),
            _enum("grade", [c.grade or None for c in cards], (zh for zh, _ in GRADES)),
            _enum("grade_en", [c.grade_en or None for c in cards], (en for _, en in GRADES)),
            _integers("errors", [e.count(Severity.ERROR) for e in entries]),
            _integers("warnings", [e.count(Severity.WARNING) for e in entries]),
            _decimals("budget", [_wan(c.budget.budget) for c in cards]),
            _decimals("executed", [_wan(c.budget.executed) for c in cards]),
            _decimals("rate", [c.budget.rate for c in cards], inexact=True),
        ]
    )


def _audit_frame(report: AuditReport) -> pl.DataFrame:
    checks = report.checks
    return pl.DataFrame(
        [
            _categories("code", [c.code for c in checks]),
            _texts("title", [c.title for c in checks]),
            _texts("title_en", [c.title_en for c in checks]),
            _texts("equation", [c.equation for c in checks]),
            _decimals("left", [c.left for c in checks]),
            _decimals("right", [c.right for c in checks]),
            _decimals("difference", [c.difference for c in checks]),
            _decimals("tolerance", [c.tolerance for c in checks]),
            pl.Series("passed", [c.passed for c in checks], pl.Boolean),
            _texts("file", [c.where.file for c in checks]),
            _texts("sheet", [c.where.sheet for c in checks]),
            _integers("row", [c.where.row for c in checks]),
        ]
    )


#: Batch columns holding decimal text, and columns holding categories.
_BATCH_DECIMALS: Final = ("score", "total")
_BATCH_CATEGORIES: Final = ("level1", "level2", "direction", "status", "grade", "grade_en")


def _batch_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Type a result of :func:`~perftarget.batch.score_batch` or the project totals."""
    if "project" not in frame.columns or not any(c in frame.columns for c in _BATCH_DECIMALS):
        raise FrameError(
            "DataFrame",
            say(
                "只能转换 perftarget.batch 的结果（需有 project 及 score 或 total 列）",
                "only results of perftarget.batch convert (a project column and a score "
                "or total column)",
            ),
        )
    public = frame.select([c for c in frame.columns if not c.startswith("_")])
    typed: list[pl.Series] = []
    for column in public.get_columns():
        if column.name in _BATCH_DECIMALS and column.dtype == pl.String:
            texts = column.to_list()
            typed.append(
                _decimals(column.name, [Decimal(t) if t and t.strip() else None for t in texts])
            )
        elif column.name == "grade" and column.dtype == pl.String:
            typed.append(_enum("grade", column.to_list(), (zh for zh, _ in GRADES)))
        elif column.name == "grade_en" and column.dtype == pl.String:
            typed.append(_enum("grade_en", column.to_list(), (en for _, en in GRADES)))
        elif column.name in _BATCH_CATEGORIES and column.dtype == pl.String:
            typed.append(column.cast(pl.Categorical))
        else:
            typed.append(column)
    return pl.DataFrame(typed)


# -- the public calls ---------------------------------------------------------


def to_polars(obj: object) -> pl.DataFrame:
    """
    Return a result as a polars frame with typed columns.

    What each kind of object gives, one row per:

    - :class:`~perftarget.Scorecard`: indicator row (``row``, ``level1``,
      ``level2``, ``level3``, ``role``, ``target``, ``actual``,
      ``direction``, ``deadline``, ``weight``, ``score``,
      ``published_score``, ``status``, ``ratio``, ``trace``, ``reason``);
      the budget line and the total stay on the scorecard;
    - an iterable of :class:`~perftarget.Finding` (the findings of a
      scorecard, the result of :func:`~perftarget.review`): finding
      (``code``, ``severity``, ``message``, ``file``, ``sheet``, ``row``,
      ``column``, ``cause``);
    - :class:`~perftarget.Project` or :class:`~perftarget.Department`:
      indicator of the target table (``department``, ``project``, ``year``,
      ``amount`` in 万元, ``level1``, ``level2``, ``level3``, ``target``,
      ``kind``, ``comparator``, ``value``, ``upper``, ``unit``,
      ``deadline``, ``weight``, ``core``, ``problem``);
    - :class:`~perftarget.report.Rollup`: project (``rank``, ``project``,
      ``total``, ``published_total``, ``grade``, ``grade_en``, ``errors``,
      ``warnings``, ``budget`` and ``executed`` in 万元, ``rate``);
    - :class:`~perftarget.AuditReport`: check (``code``, ``title``,
      ``title_en``, ``equation``, ``left``, ``right``, ``difference``,
      ``tolerance`` in 万元, ``passed``, ``file``, ``sheet``, ``row``);
    - a polars frame from :mod:`perftarget.batch` (rows or project totals):
      the same rows without the engine's working columns, ``score`` and
      ``total`` as decimals, levels, statuses and grades as categories.

    Decimal columns are exact: their scale is the largest any value needs.
    ``ratio`` and ``rate`` alone are rounded (half even) when their values
    together need more than :data:`MAX_DIGITS` digits.

    Args:
        obj: The result to convert.

    Returns:
        The frame.

    Raises:
        FrameError: ``obj`` is of no kind above (a ``TypeError`` too), or a
            money or score column needs more than :data:`MAX_DIGITS` digits.

    Examples:
        >>> from perftarget import datasets, review
        >>> findings = to_polars(review(datasets.quyang_2020()))
        >>> findings.columns[:4], findings["severity"].dtype
        (['code', 'severity', 'message', 'file'], Enum(categories=['error', 'warning', 'info']))
        >>> to_polars(42)
        Traceback (most recent call last):
        ...
        perftarget.exceptions.FrameError: cannot turn a int into a frame; expected one of: ...
    """
    if isinstance(obj, Scorecard):
        return _scorecard_frame(obj)
    if isinstance(obj, Department):
        return _targets_frame(obj.projects, obj.name)
    if isinstance(obj, Project):
        return _targets_frame((obj,), "")
    if isinstance(obj, Rollup):
        return _rollup_frame(obj)
    if isinstance(obj, AuditReport):
        return _audit_frame(obj)
    if isinstance(obj, pl.DataFrame):
        return _batch_frame(obj)
    if isinstance(obj, Iterable) and not isinstance(obj, str | bytes | Mapping):
        items = list(obj)
        if all(isinstance(item, Finding) for item in items):
            return _findings_frame(items)
    raise _refuse(obj)


def _import(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(_missing(module), name=module) from error


def to_pandas(obj: object) -> Any:
    """
    Return a result as a pandas frame: :func:`to_polars`, converted.

    Decimal and date columns become ``pd.ArrowDtype`` columns (exact
    ``decimal128`` values, ``date32``); categories and enums become
    ``category`` (ordered for enums); the rest takes pandas' defaults.

    Args:
        obj: Any object :func:`to_polars` accepts.

    Returns:
        A ``pandas.DataFrame``.

    Raises:
        FrameError: As :func:`to_polars`.
        ImportError: pandas or pyarrow is not installed; the message names
            the extra to install.

    Examples:
        >>> from perftarget import datasets
        >>> frame = to_pandas(datasets.yongde_2022_scorecard())
        >>> str(frame["score"].dtype), str(frame["level1"].dtype)
        ('decimal128(38, 2)[pyarrow]', 'category')
    """
    pd = _import("pandas")
    pa = _import("pyarrow")
    frame = to_polars(obj)

    def arrow_kept(kind: Any) -> Any:
        if pa.types.is_decimal(kind) or pa.types.is_date(kind):
            return pd.ArrowDtype(kind)
        return None

    return frame.to_arrow().to_pandas(types_mapper=arrow_kept)
