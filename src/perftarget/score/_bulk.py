"""
What scoring a large table works out once, rather than once a row.

:meth:`RoundingRule.apply <perftarget.rules.RoundingRule.apply>` works out
its quantum and its decimal context on every call; :class:`Rounding` works
them out once a call of :func:`~perftarget.evaluate`.  The values made for
every row (a score, a finding) are built by constructors that set their
fields directly (:func:`new_finding`, :func:`new_indicator_score`), as attrs'
frozen ``__init__`` does one attribute lookup at a time.  And the cyclic
garbage collector, whose full passes walk every live object (a large table's
rows too), is paused while a large table is scored (:func:`collector_paused`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_FLOOR,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Final

from attrs import fields

from perftarget.core._findings import Finding, Severity
from perftarget.core._model import Direction, Target
from perftarget.exceptions import Location
from perftarget.rules import RoundingRule
from perftarget.score._scorecard import EvaluationRow, IndicatorScore, Status

__all__ = [
    "PAUSE_COLLECTOR_FROM",
    "Rounding",
    "collector_paused",
    "new_finding",
    "new_indicator_score",
]

#: Digits of the context scores of ordinary size are rounded in: a value of
#: adjusted exponent ``e`` rounded to ``p`` places needs ``e + p + 2``.
_PRECISION: Final = 60
#: Rows from which :func:`collector_paused` pauses the collector.
PAUSE_COLLECTOR_FROM: Final = 10_000


def _context(mode: str) -> Context:
    """A context of :data:`_PRECISION` digits rounding by ``mode``, trapping every error."""
    return Context(
        prec=_PRECISION,
        rounding=mode,
        Emax=MAX_EMAX,
        Emin=MIN_EMIN,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


class Rounding:
    """
    A :class:`~perftarget.rules.RoundingRule` with its quantum and contexts worked out once.

    A score of ordinary size is rounded here, with the rule's quantum and
    rounding mode in a context of 60 digits, enough for it (a quantized
    result is exact whatever the precision that holds it); any other (very
    large, or not finite) goes to the rule itself, so results and errors are
    the rule's.

    Examples:
        >>> from perftarget.rules import RoundingRule
        >>> rounding = Rounding(RoundingRule())
        >>> rounding.apply(Decimal("19.8727"))
        Decimal('19.87')
        >>> rounding.apply(Decimal("6.667"), cap=Decimal("6.667"))
        Decimal('6.66')
    """

    __slots__ = ("_floor", "_limit", "_mode", "_quantum", "rule")

    def __init__(self, rule: RoundingRule) -> None:
        """
        Work out the rule's quantum and rounding contexts.

        Args:
            rule: The rule set's rounding.
        """
        self.rule = rule
        self._quantum = rule.quantum
        # the largest adjusted exponent whose rounding fits the context
        self._limit = _PRECISION - rule.places - 2
        self._mode = _context(rule.mode.decimal_mode)
        self._floor = _context(ROUND_FLOOR)

    def apply(self, value: Decimal, *, cap: Decimal | None = None) -> Decimal:
        """
        Round ``value`` once as the rule says, never above ``cap``.

        The same as ``rule.apply(value, cap=cap)``.

        Args:
            value: The value to round.
            cap: The largest value allowed (a row's weight), if any.

        Returns:
            The rounded value.

        Raises:
            ModelError: As :meth:`RoundingRule.apply <perftarget.rules.RoundingRule.apply>`.
        """
        limit = self._limit
        if (
            value.is_finite()
            and value.adjusted() <= limit
            and (cap is None or (cap.is_finite() and cap.adjusted() <= limit))
        ):
            rounded = value.quantize(self._quantum, context=self._mode)
            if cap is None or rounded <= cap:
                # a multiple of the quantum not above the cap is not above
                # the cap rounded down to the quantum either
                return rounded
            return min(rounded, cap.quantize(self._quantum, context=self._floor))
        return self.rule.apply(value, cap=cap)


@contextmanager
def collector_paused(rows: int) -> Iterator[None]:
    """
    Pause Python's cyclic garbage collector while ``rows`` rows are scored, if they are many.

    Scoring makes a few objects a row and no reference cycles; a running
    collector's full passes walk every live object, the table's own rows
    among them, again and again as the results grow: a third of the time of
    scoring 2×10⁵ rows.  Only a collector that is running is paused, from
    :data:`PAUSE_COLLECTOR_FROM` rows on; reference counting frees memory as
    usual meanwhile, and the collector runs again when the block ends,
    however it ends.

    Args:
        rows: The number of rows about to be scored.

    Examples:
        >>> import gc
        >>> with collector_paused(10**6):
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    if rows < PAUSE_COLLECTOR_FROM or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _plain(cls: type, names: tuple[str, ...]) -> bool:
    """
    Tell whether ``cls`` is an attrs class of exactly the fields ``names`` that
    its ``__init__`` only stores: no validator, converter or post-init check,
    so that setting the fields directly builds what the constructor builds.
    """
    attributes = fields(cls)
    return (
        tuple(a.name for a in attributes) == names
        and all(a.validator is None and a.converter is None for a in attributes)
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
    )


def _finding_constructor() -> Callable[[str, Severity, str, Location, str | None], Finding]:
    """Build :func:`new_finding`: the slots set directly, or ``Finding(...)`` if it ever checks."""
    names = ("code", "severity", "message", "where", "cause")
    if not _plain(Finding, names):  # pragma: no cover - Finding only stores its fields

        def checked(
            code: str, severity: Severity, message: str, where: Location, cause: str | None
        ) -> Finding:
            return Finding(code=code, severity=severity, message=message, where=where, cause=cause)

        return checked
    new = object.__new__
    s_code, s_severity, s_message, s_where, s_cause = (
        getattr(Finding, name).__set__ for name in names
    )

    def direct(
        code: str, severity: Severity, message: str, where: Location, cause: str | None
    ) -> Finding:
        item: Finding = new(Finding)
        s_code(item, code)
        s_severity(item, severity)
        s_message(item, message)
        s_where(item, where)
        s_cause(item, cause)
        return item

    return direct


#: ``Finding(code=…, severity=…, message=…, where=…, cause=…)``, about 1 µs faster.
new_finding: Final = _finding_constructor()


def _score_constructor() -> Callable[
    [
        EvaluationRow,
        Direction | None,
        Decimal | None,
        Status,
        Decimal | None,
        Decimal | None,
        Decimal | None,
        str,
        str,
        Target | None,
    ],
    IndicatorScore,
]:
    """Build :func:`new_indicator_score`, as :func:`_finding_constructor`."""
    names = (
        "row",
        "direction",
        "ratio",
        "status",
        "weight",
        "score",
        "raw",
        "trace",
        "reason",
        "scored_target",
    )
    if not _plain(IndicatorScore, names):  # pragma: no cover - IndicatorScore only stores

        def checked(
            row: EvaluationRow,
            direction: Direction | None,
            ratio: Decimal | None,
            status: Status,
            weight: Decimal | None,
            score: Decimal | None,
            raw: Decimal | None,
            trace: str,
            reason: str,
            scored_target: Target | None,
        ) -> IndicatorScore:
            return IndicatorScore(
                row=row,
                direction=direction,
                ratio=ratio,
                status=status,
                weight=weight,
                score=score,
                raw=raw,
                trace=trace,
                reason=reason,
                scored_target=scored_target,
            )

        return checked
    new = object.__new__
    (
        s_row,
        s_direction,
        s_ratio,
        s_status,
        s_weight,
        s_score,
        s_raw,
        s_trace,
        s_reason,
        s_scored_target,
    ) = (getattr(IndicatorScore, name).__set__ for name in names)

    def direct(
        row: EvaluationRow,
        direction: Direction | None,
        ratio: Decimal | None,
        status: Status,
        weight: Decimal | None,
        score: Decimal | None,
        raw: Decimal | None,
        trace: str,
        reason: str,
        scored_target: Target | None,
    ) -> IndicatorScore:
        item: IndicatorScore = new(IndicatorScore)
        s_row(item, row)
        s_direction(item, direction)
        s_ratio(item, ratio)
        s_status(item, status)
        s_weight(item, weight)
        s_score(item, score)
        s_raw(item, raw)
        s_trace(item, trace)
        s_reason(item, reason)
        s_scored_target(item, scored_target)
        return item

    return direct


#: ``IndicatorScore(row=…, direction=…, …, scored_target=…)`` with every field
#: given in order, about 1 µs faster.
new_indicator_score: Final = _score_constructor()
