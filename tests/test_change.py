"""
Comparing two targets of one indicator: tighter, looser, the same, changed.

Year-over-year diffs, target revisions and baselines all rest on this one
comparison, so its order must be consistent: swapping the two targets turns
tighter into looser, and a target compared with itself is the same.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import deadline_texts, numeric_target_texts, range_target_texts

from perftarget import Direction, Target, parse_actual, parse_target
from perftarget.core._change import Change, compare_targets, target_from_actual

_SWAPPED = {
    Change.TIGHTER: Change.LOOSER,
    Change.LOOSER: Change.TIGHTER,
    Change.SAME: Change.SAME,
    Change.CHANGED: Change.CHANGED,
}

targets = st.one_of(numeric_target_texts(), range_target_texts(), deadline_texts()).map(
    parse_target
)


class TestCompareTargets:
    @pytest.mark.parametrize(
        ("old", "new", "expected"),
        [
            ("≥95%", "≥90%", Change.LOOSER),
            ("≥90%", "≥95百分比", Change.TIGHTER),
            ("≥95%", ">95%", Change.TIGHTER),
            ("≤30万元", "≤280000元", Change.TIGHTER),
            ("≤30万元", "≤35万元", Change.LOOSER),
            ("8人", "5人", Change.LOOSER),
            ("2020年12月底前", "2020年6月底前", Change.TIGHTER),
            ("优", "良", Change.LOOSER),
            ("=100%", "=90%", Change.CHANGED),
            ("≤30万元", "≥30万元", Change.CHANGED),
            ("≥95%", "≥95%", Change.SAME),
            ("=8人", "≥9人", Change.CHANGED),
            ("≥9人", "=8人", Change.CHANGED),
            ("8人", "≥9人", Change.TIGHTER),
        ],
    )
    def test_known_pairs(self, old: str, new: str, expected: Change) -> None:
        """Each pair reads as a person comparing the two cells would read it."""
        assert expected == compare_targets(parse_target(old), parse_target(new)).change

    def test_a_cost_cap_is_lower_is_better_when_the_caller_says_so(self) -> None:
        """80万元 → 90万元 under cost is a loosened cap, not a raised count."""
        old, new = parse_target("80万元"), parse_target("90万元")
        assert Change.TIGHTER == compare_targets(old, new).change
        cap = Direction.LOWER_IS_BETTER
        assert Change.LOOSER == compare_targets(old, new, direction=cap).change

    def test_units_of_different_dimensions_are_not_comparable(self) -> None:
        """8人 against 8次 cannot be ordered; the unit change is reported."""
        result = compare_targets(parse_target("8人"), parse_target("8次"))
        assert (Change.CHANGED, True, False) == (
            result.change,
            result.unit_changed,
            result.comparable,
        )

    def test_a_converted_unit_is_the_same_target(self) -> None:
        """≤30万元 and ≤300000元 ask the same; only the unit changed."""
        result = compare_targets(parse_target("≤30万元"), parse_target("≤300000元"))
        assert (Change.SAME, True) == (result.change, result.unit_changed)

    def test_deadlines_move_with_the_year(self) -> None:
        """Last year's 2020年12月底前 and this year's 2021年12月底前 are the same deadline."""
        old, new = parse_target("2020年12月底前"), parse_target("2021年12月底前")
        assert Change.SAME == compare_targets(old, new, year_shift=1).change
        assert Change.LOOSER == compare_targets(old, new).change

    @given(targets)
    def test_a_target_is_the_same_as_itself(self, target: Target) -> None:
        """Any target compared with itself is unchanged."""
        assert Change.SAME == compare_targets(target, target).change

    @given(targets, targets)
    def test_swapping_mirrors_without_a_given_direction(self, old: Target, new: Target) -> None:
        """With each target's own direction, compare(a, b) and compare(b, a) still mirror."""
        forward = compare_targets(old, new).change
        assert _SWAPPED[forward] == compare_targets(new, old).change

    @given(targets, targets)
    def test_swapping_turns_tighter_into_looser(self, old: Target, new: Target) -> None:
        """compare(a, b) and compare(b, a) are mirror images when the direction is fixed."""
        direction = new.direction
        forward = compare_targets(old, new, direction=direction).change
        backward = compare_targets(new, old, direction=direction).change
        assert _SWAPPED[forward] == backward


class TestTargetFromActual:
    def test_a_target_below_last_years_actual_is_looser(self) -> None:
        """≥95% after an achieved 97% asks less than was achieved."""
        last = target_from_actual(parse_actual("97%"), parse_target("≥95%"))
        assert last is not None
        assert Change.LOOSER == compare_targets(last, parse_target("≥95%")).change

    def test_an_actual_without_a_number_gives_nothing(self) -> None:
        """A qualitative actual has no value to compare."""
        assert target_from_actual(parse_actual("达成"), parse_target("≥95%")) is None

    def test_the_value_and_unit_are_kept(self) -> None:
        """The achieved number and unit become the comparison target's."""
        last = target_from_actual(parse_actual("12人"), parse_target("≥10人"))
        assert last is not None
        assert (Decimal("12"), "人") == (last.value, last.unit)
