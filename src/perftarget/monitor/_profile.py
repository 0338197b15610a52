"""
Monitoring profiles as data: traffic-light thresholds, when an explanation
is required and the year-end early warning.

Profiles are TOML files like scoring rule sets; the shipped ones live in
``profiles/`` next to this module and a user file may ``extends`` one and
override single values.  Numbers are :class:`~decimal.Decimal`, percents are
written as percents (``10`` for 10 percentage points).  No central
threshold was found (rule M2): the shipped numbers marked [M] are defaults to
be set to a bureau's own.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from perftarget.core._config import load_toml, resolve_extends, shipped_file, shipped_names
from perftarget.exceptions import ProfileError
from perftarget.monitor._snapshot import Likelihood

__all__ = [
    "AttainmentRule",
    "ExecutionRule",
    "ExplanationRule",
    "ForecastRule",
    "Light",
    "Profile",
    "ProfileError",
    "TimeBasis",
    "available_profiles",
    "load_profile",
]

DEFAULT_PROFILE: Final = "central"


class TimeBasis(enum.Enum):
    """How time progress (序时进度) is counted: elapsed days or whole months."""

    DAYS = "days"
    MONTHS = "months"


class Light(enum.Enum):
    """A traffic light (红灯 / 黄灯 / 绿灯)."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        """0 for green, 1 for yellow, 2 for red."""
        return {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}[self]

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯"}[self]


@frozen(kw_only=True)
class ExecutionRule:
    """
    Lights on budget execution (rules M1, M2).

    Attributes:
        yellow_gap: Yellow when 序时进度 − 执行率 exceeds this (percentage points).
        red_gap: Red when the gap exceeds this.
        min_rate: Red when the execution rate is below this percent at or
            after :attr:`min_rate_from_month` (``预算执行进度 (7月) ≥ 40 %``).
        min_rate_from_month: The first whole month the minimum applies.
    """

    yellow_gap: Decimal = Decimal(10)
    red_gap: Decimal = Decimal(20)
    min_rate: Decimal | None = None
    min_rate_from_month: int = 1


@frozen(kw_only=True)
class AttainmentRule:
    """
    Lights on an indicator's projected attainment, in percent of its target.

    Attributes:
        yellow_below: Yellow below this.
        red_below: Red below this.
    """

    yellow_below: Decimal = Decimal(100)
    red_below: Decimal = Decimal(80)


@frozen(kw_only=True)
class ForecastRule:
    """
    The early warning of rule M3.

    Attributes:
        reason_below: Warn when the projected full-year execution rate is
            below this percent: a deviation reason will be required at year
            end.  None turns the warning off.
    """

    reason_below: Decimal | None = Decimal(90)


def _default_likelihoods() -> tuple[str, ...]:
    return (Likelihood.POSSIBLE.value, Likelihood.IMPOSSIBLE.value)


def _default_lights() -> tuple[str, ...]:
    return (Light.RED.value, Light.YELLOW.value)


@frozen(kw_only=True)
class ExplanationRule:
    """
    When a deviation reason and an explanation become mandatory (M4, M5).

    Attributes:
        likelihoods: Likelihoods that require a forecast and a deviation reason.
        on_deviation: Any deviation reason requires an explanation (原因说明).
        on_lights: Lights that require a deviation reason.
        over_percent: For a higher-is-better indicator, a current value more
            than this percent above its target requires an explanation
            (Hebei); None turns it off.
        over_cap: For a lower-is-better indicator, a current value above
            its target requires an explanation (Hebei).
    """

    likelihoods: tuple[str, ...] = field(factory=_default_likelihoods)
    on_deviation: bool = True
    on_lights: tuple[str, ...] = field(factory=_default_lights)
    over_percent: Decimal | None = None
    over_cap: bool = False


@frozen(kw_only=True)
class Profile:
    """
    A complete monitoring profile.

    Attributes:
        id: Identifier (``central``).
        name: Human-readable name.
        source: Where the rules come from; [M] marks numbers to verify.
        time_progress: ``days`` or ``months``.
        execution: Lights on budget execution.
        attainment: Lights on projected attainment.
        forecast: The year-end early warning.
        explanation: When explanations are required.
    """

    id: str
    name: str = ""
    source: str = ""
    time_progress: TimeBasis = TimeBasis.DAYS
    execution: ExecutionRule = ExecutionRule()
    attainment: AttainmentRule = AttainmentRule()
    forecast: ForecastRule = ForecastRule()
    explanation: ExplanationRule = ExplanationRule()

    @property
    def likelihoods(self) -> frozenset[Likelihood]:
        """The likelihoods that require a forecast and a deviation reason."""
        return frozenset(Likelihood(value) for value in self.explanation.likelihoods)

    @property
    def reason_lights(self) -> frozenset[Light]:
        """The lights that require a deviation reason."""
        return frozenset(Light(value) for value in self.explanation.on_lights)

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<string>") -> Profile:
        """
        Build a profile from TOML text (resolving ``extends``).

        Args:
            text: The TOML document.
            source: Name used in error messages.

        Returns:
            The profile.

        Raises:
            ProfileError: The TOML is malformed or a field is invalid.

        Example:
            >>> Profile.from_toml('id = "mine"\\nextends = "central"\\n[execution]\\nred_gap = 25'
            ...     ).execution.red_gap
            Decimal('25')
        """
        profile = load_toml(
            text, Profile, source=source, error=ProfileError, prepare=lambda d: _resolve(d, source)
        )
        _check(profile, source)
        return profile


def _resolve(data: dict[str, Any], source: str) -> dict[str, Any]:
    return resolve_extends(
        data, source=source, error=ProfileError, shipped=available_profiles, read=_shipped_text
    )


def _shipped_text(name: str) -> str:
    folder = resources.files("perftarget.monitor").joinpath("profiles")
    return folder.joinpath(f"{name}.toml").read_text("utf-8")


def _check(profile: Profile, source: str) -> None:
    problems: list[tuple[str, str, str]] = []
    run = profile.execution
    if not Decimal(0) <= run.yellow_gap <= run.red_gap:
        problems.append(("execution.yellow_gap", "0 <= yellow_gap <= red_gap", f"{run.yellow_gap}"))
    if run.min_rate is not None and not Decimal(0) <= run.min_rate <= Decimal(100):
        problems.append(("execution.min_rate", "a percent from 0 to 100", str(run.min_rate)))
    if not 1 <= run.min_rate_from_month <= 12:
        problems.append(
            ("execution.min_rate_from_month", "a month 1..12", str(run.min_rate_from_month))
        )
    bar = profile.attainment
    if not Decimal(0) <= bar.red_below <= bar.yellow_below <= Decimal(100):
        problems.append(
            (
                "attainment.red_below",
                "0 <= red_below <= yellow_below <= 100",
                f"{bar.red_below} (yellow_below {bar.yellow_below})",
            )
        )
    below = profile.forecast.reason_below
    if below is not None and not Decimal(0) <= below <= Decimal(100):
        problems.append(("forecast.reason_below", "a percent from 0 to 100", str(below)))
    names = {item.value for item in Likelihood}
    for index, value in enumerate(profile.explanation.likelihoods):
        if value not in names:
            expected = "one of " + ", ".join(sorted(names))
            problems.append((f"explanation.likelihoods[{index}]", expected, repr(value)))
    lights = {item.value for item in Light}
    for index, value in enumerate(profile.explanation.on_lights):
        if value not in lights:
            problems.append((f"explanation.on_lights[{index}]", "red or yellow", repr(value)))
    over = profile.explanation.over_percent
    if over is not None and over < 0:
        problems.append(("explanation.over_percent", "a percent >= 0", str(over)))
    if problems:
        raise ProfileError(source, problems)


@cache
def available_profiles() -> tuple[str, ...]:
    """
    Return the names of the shipped monitoring profiles.

    Example:
        >>> "central" in available_profiles()
        True
    """
    return shipped_names("perftarget.monitor", "profiles")


@cache
def _load_shipped(name: str) -> Profile:
    return Profile.from_toml(_shipped_text(name), source=name)


def load_profile(name_or_path: str | Path = DEFAULT_PROFILE) -> Profile:
    """
    Load a shipped monitoring profile by name, or a user's TOML file.

    Args:
        name_or_path: A shipped name (see :func:`available_profiles`) or the
            path of a ``.toml`` file, which may ``extends`` a shipped one.

    Returns:
        The profile.

    Raises:
        ProfileError: Unknown name, unreadable file, or an invalid field.

    Example:
        >>> load_profile("july40").execution.min_rate
        Decimal('40')
    """
    path = shipped_file(name_or_path, available_profiles(), error=ProfileError, field="profile")
    if isinstance(path, str):
        return _load_shipped(path)
    source = str(path)
    profile = load_toml(path, Profile, error=ProfileError, prepare=lambda d: _resolve(d, source))
    _check(profile, source)
    return profile
