"""
How one target compares with another: tighter, looser, the same, or changed.

Year-over-year review asks whether a project's target was lowered (放宽) from
last year's, a revision whether it eased the target it replaced, and a
baseline whether the target asks less than what was already achieved.  All
three are one question, answered here once: given an old and a new target of
the same indicator, does the new one demand more, less, the same, or
something that cannot be ordered (a ``=`` value moved, a comparator turned
round, a qualitative phrase rewritten)?

Which way is better follows scoring: ``≥``/``>`` higher, ``≤``/``<`` lower,
a deadline earlier, a graded level higher.  A written ``=`` has no order; an
implicit one (``8人``, no comparator written) is a quantity to deliver and
reads as higher-is-better, unless the caller says otherwise (a cost cap reads
as lower-is-better: pass ``direction``).
"""

from __future__ import annotations

import enum
from decimal import Decimal

from attrs import frozen

from perftarget.core._dates import Deadline
from perftarget.core._model import Actual, Comparator, Direction, Target, TargetKind
from perftarget.core._units import convert, same_dimension

__all__ = ["Change", "TargetComparison", "compare_targets", "target_from_actual"]


class Change(enum.Enum):
    """
    How a new target stands against an old one.

    Examples:
        >>> Change.LOOSER.zh
        '放宽'
    """

    SAME = "same"
    TIGHTER = "tighter"
    LOOSER = "looser"
    CHANGED = "changed"

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return {
            Change.SAME: "未变",
            Change.TIGHTER: "提高",
            Change.LOOSER: "放宽",
            Change.CHANGED: "改变",
        }[self]


@frozen(kw_only=True)
class TargetComparison:
    """
    The answer of :func:`compare_targets`.

    Attributes:
        change: Tighter, looser, the same, or changed without an order.
        unit_changed: The two targets are written in different units
            (``万元`` → ``元``); they are still ordered when the units convert.
        comparable: False when the values cannot be set side by side (units
            of different dimensions, a number against a deadline); the change
            is then ``CHANGED``.
    """

    change: Change
    unit_changed: bool = False
    comparable: bool = True


_HIGHER = (Comparator.GE, Comparator.GT)
_LOWER = (Comparator.LE, Comparator.LT)
_STRICT = (Comparator.GT, Comparator.LT)


def _direction(target: Target, given: Direction | None) -> Direction | None:
    if given is not None:
        return given
    if target.comparator is Comparator.EQ and target.implicit and target.direction_override is None:
        return Direction.HIGHER_IS_BETTER
    return target.direction


def _common_direction(old: Target, new: Target, given: Direction | None) -> Direction | None:
    """
    The direction both targets share, or None: a written ``=`` against ``≥``
    has no order either way round, so the comparison stays symmetric.
    """
    if given is not None:
        return given
    ours = _direction(new, None)
    return ours if _direction(old, None) is ours else None


def _order(difference: Decimal | int, direction: Direction) -> Change:
    """Turn a signed difference (new − old) into a change along ``direction``."""
    if difference == 0:
        return Change.SAME
    higher = difference > 0
    if direction is Direction.LOWER_IS_BETTER:
        higher = not higher
    return Change.TIGHTER if higher else Change.LOOSER


def _strictness(old: Comparator | None, new: Comparator | None, direction: Direction) -> Change:
    """≥ 95 against > 95: the strict comparator demands more."""
    old_strict, new_strict = old in _STRICT, new in _STRICT
    if old_strict == new_strict:
        return Change.SAME
    return Change.TIGHTER if new_strict else Change.LOOSER


def _same_side(old: Target, new: Target, direction: Direction) -> bool:
    if direction is Direction.HIGHER_IS_BETTER:
        return old.comparator not in _LOWER and new.comparator not in _LOWER
    if direction is Direction.LOWER_IS_BETTER:
        return old.comparator not in _HIGHER and new.comparator not in _HIGHER
    return True


def _numeric(old: Target, new: Target, direction: Direction | None) -> TargetComparison:
    assert old.value is not None
    assert new.value is not None
    unit_changed = old.unit != new.unit
    old_value, old_upper = old.value, old.upper
    if unit_changed and old.unit and new.unit:
        if not same_dimension(old.unit, new.unit):
            return TargetComparison(change=Change.CHANGED, unit_changed=True, comparable=False)
        old_value = convert(old.value, old.unit, new.unit)
        old_upper = None if old.upper is None else convert(old.upper, old.unit, new.unit)
    if old.comparator is Comparator.RANGE or new.comparator is Comparator.RANGE:
        return TargetComparison(
            change=_ranges(old_value, old_upper, new), unit_changed=unit_changed
        )
    if direction is None or direction is Direction.EQUAL or not _same_side(old, new, direction):
        same = old_value == new.value and old.comparator == new.comparator
        change = Change.SAME if same else Change.CHANGED
        return TargetComparison(change=change, unit_changed=unit_changed)
    change = _order(new.value - old_value, direction)
    if change is Change.SAME:
        change = _strictness(old.comparator, new.comparator, direction)
    return TargetComparison(change=change, unit_changed=unit_changed)


def _ranges(old_low: Decimal, old_high: Decimal | None, new: Target) -> Change:
    """A range inside the old one is tighter; one holding it, looser."""
    assert new.value is not None
    new_low, new_high = new.value, new.upper
    if old_high is None or new_high is None:
        return Change.CHANGED
    if (old_low, old_high) == (new_low, new_high):
        return Change.SAME
    if old_low <= new_low and new_high <= old_high:
        return Change.TIGHTER
    if new_low <= old_low and old_high <= new_high:
        return Change.LOOSER
    return Change.CHANGED


def _day(deadline: Deadline | None, shift: int) -> tuple[int, int, int] | None:
    """A deadline as (year, month, day) with its year moved by ``shift``; year-less → year 0."""
    if deadline is None:
        return None
    year = deadline.year + shift if deadline.year is not None else 0
    month = deadline.month if deadline.month is not None else 12
    if deadline.day is not None:
        return (year, month, deadline.day)
    return (year, month, 31)


def _deadlines(old: Target, new: Target, year_shift: int) -> TargetComparison:
    old_day, new_day = _day(old.date, year_shift), _day(new.date, 0)
    if old_day is None or new_day is None:
        return TargetComparison(change=Change.CHANGED, comparable=False)
    if (old.date is not None and old.date.year is None) != (
        new.date is not None and new.date.year is None
    ):
        old_day, new_day = (0, *old_day[1:]), (0, *new_day[1:])
    if old.comparator is Comparator.RANGE or new.comparator is Comparator.RANGE:
        same = old_day == new_day and _day(old.date_upper, year_shift) == _day(new.date_upper, 0)
        return TargetComparison(change=Change.SAME if same else Change.CHANGED)
    if old_day == new_day:
        return TargetComparison(change=Change.SAME)
    return TargetComparison(change=Change.TIGHTER if new_day < old_day else Change.LOOSER)


def _qualitative(old: Target, new: Target) -> TargetComparison:
    if old.level is not None and new.level is not None:
        return TargetComparison(change=_order(new.level.value - old.level.value, _UP))
    same = "".join(old.phrase.split()) == "".join(new.phrase.split())
    return TargetComparison(change=Change.SAME if same else Change.CHANGED)


_UP = Direction.HIGHER_IS_BETTER


def compare_targets(
    old: Target,
    new: Target,
    *,
    direction: Direction | None = None,
    year_shift: int = 0,
) -> TargetComparison:
    """
    Compare a new target of an indicator with an old one.

    Args:
        old: The earlier target (last year's, or the one a revision replaced).
        new: The later target.
        direction: Which way is better when the caller knows better than the
            comparator (a cost cap written ``80万元`` is lower-is-better);
            default: the new target's own direction, an implicit ``=`` read
            as higher-is-better.
        year_shift: Years between the two tables (1 for last year against
            this year): ``2020年12月底前`` then matches ``2021年12月底前``.

    Returns:
        The change, whether the unit changed, and whether the two could be
        set side by side at all.

    Examples:
        >>> from perftarget import parse_target as p
        >>> compare_targets(p("≥95%"), p("≥90%")).change
        <Change.LOOSER: 'looser'>
        >>> compare_targets(p("≤30万元"), p("≤280000元")).change
        <Change.TIGHTER: 'tighter'>
        >>> compare_targets(p("2020年12月底前"), p("2021年12月底前"), year_shift=1).change
        <Change.SAME: 'same'>
        >>> compare_targets(p("8人"), p("8次")).comparable
        False
    """
    if old == new:
        return TargetComparison(change=Change.SAME)
    if old.kind is TargetKind.DEADLINE and new.kind is TargetKind.DEADLINE:
        return _deadlines(old, new, year_shift)
    if old.kind is TargetKind.QUALITATIVE and new.kind is TargetKind.QUALITATIVE:
        return _qualitative(old, new)
    if old.value is not None and new.value is not None:
        return _numeric(old, new, _common_direction(old, new, direction))
    return TargetComparison(
        change=Change.CHANGED, unit_changed=old.unit != new.unit, comparable=False
    )


def target_from_actual(actual: Actual, like: Target) -> Target | None:
    """
    An achieved value (上年实际值) as a target of the shape of ``like``.

    So that "is this year's target below what was achieved last year?" is
    :func:`compare_targets` of the two: a ``LOOSER`` answer means it is.

    Returns:
        None when the actual holds no number or date to compare.

    Examples:
        >>> from perftarget import parse_actual, parse_target
        >>> last = target_from_actual(parse_actual("97%"), parse_target("≥95%"))
        >>> compare_targets(last, parse_target("≥95%")).change
        <Change.LOOSER: 'looser'>
    """
    comparator = like.comparator if like.comparator is not Comparator.RANGE else Comparator.EQ
    if actual.value is not None:
        kind = like.kind if like.kind is not TargetKind.DEADLINE else TargetKind.QUANTITY
        if kind is TargetKind.QUALITATIVE:
            return None
        return Target(
            kind=kind,
            comparator=comparator,
            implicit=like.implicit,
            value=actual.value,
            unit=actual.unit,
            direction_override=like.direction_override,
        )
    if actual.date is not None:
        return Target(kind=TargetKind.DEADLINE, comparator=comparator, date=actual.date)
    return None
