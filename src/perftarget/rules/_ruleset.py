"""
Scoring rule sets as data.

A :class:`RuleSet` holds every choice a self-evaluation (绩效自评) scoring
makes: level-1 weights, the budget-execution formula, the per-indicator
formulas, rounding, grade bands and when a deviation reason is required.
Rule sets are TOML files; the shipped ones live next to this module and a
user file may ``extends`` one of them and override single values.  Numbers
are read as :class:`~decimal.Decimal` (TOML floats never become floats).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import field, frozen

from perftarget.core._categories import Level1
from perftarget.core._config import (
    Entry,
    Invalid,
    config_converter,
    load_toml,
    refuse,
    resolve_extends,
    shipped_file,
    shipped_names,
)
from perftarget.core._findings import Severity
from perftarget.core._lang import say
from perftarget.core._model import AdjustedTargets
from perftarget.exceptions import ModelError, RuleSetError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "AdjustedTargets",
    "BudgetFormula",
    "BudgetRule",
    "DeviationRule",
    "EqualMeans",
    "GradeBand",
    "LowerFormula",
    "NotApplicable",
    "QualitativePoint",
    "RoundingMode",
    "RoundingRule",
    "RuleSet",
    "ZeroTarget",
    "available_rules",
    "load_rules",
]

DEFAULT_RULES: Final = "mof2020_selfeval"
#: Keys of ``level1_weights``: every level-1 category but ``OTHER`` (which
#: holds labels naming no category, so no rule set can weigh it).
_LEVEL1_KEYS: Final = tuple(level.en for level in Level1 if level is not Level1.OTHER)
#: The two tree families a rule set may score (see :attr:`Level1.family`).
FAMILIES: Final = ("common", "framework")
#: Most digits a rounded score may have: a larger value is refused, not rounded.
_MAX_DIGITS: Final = 10_000


class BudgetFormula(enum.Enum):
    """How the budget-execution score follows from the rate (V1 / V2)."""

    PROPORTIONAL = "proportional"
    INTEGER = "integer"


class Denominator(enum.Enum):
    """Which budget figure divides the executed amount."""

    FULL_YEAR = "full_year"
    ADJUSTED = "adjusted"


class LowerFormula(enum.Enum):
    """Lower-is-better scoring: R1 ``target/actual`` or R2 linear to zero at 2×target."""

    RATIO = "ratio"
    LINEAR = "linear"


class EqualMeans(enum.Enum):
    """Whether ``=`` means an exact match or, as platforms do, ``at least``."""

    EXACT = "exact"
    AT_LEAST = "at_least"


class ZeroTarget(enum.Enum):
    """A numeric target of 0: all or nothing, or not scorable."""

    ALL_OR_NOTHING = "all_or_nothing"
    NOT_SCORABLE = "not_scorable"


class QualitativePoint(enum.Enum):
    """The point inside a qualitative band that the score takes."""

    TOP = "top"
    MIDDLE = "middle"
    BOTTOM = "bottom"


class NotApplicable(enum.Enum):
    """Not-applicable rows: drop them and rescale to the total, or score 0."""

    RESCALE = "rescale"
    ZERO = "zero"


class RoundingMode(enum.Enum):
    """Decimal rounding mode of each score."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"
    DOWN = "down"

    @property
    def decimal_mode(self) -> str:
        """The :mod:`decimal` rounding constant."""
        return _DECIMAL_MODES[self]


_DECIMAL_MODES: Final = {
    RoundingMode.HALF_UP: ROUND_HALF_UP,
    RoundingMode.HALF_EVEN: ROUND_HALF_EVEN,
    RoundingMode.DOWN: ROUND_DOWN,
}
#: Precision of the shared rounding contexts: values needing more get their own.
_SHARED_PREC: Final = 60


@cache
def _rounding_context(prec: int, mode: str) -> Context:
    """A decimal context of ``prec`` digits rounding by ``mode``, trapping every error."""
    return Context(
        prec=prec,
        rounding=mode,
        Emax=MAX_EMAX,
        Emin=MIN_EMIN,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


@frozen(kw_only=True)
class RoundingRule:
    """
    One rounding applied to every score (half-up to 2 places by default).
    """

    mode: RoundingMode = RoundingMode.HALF_UP
    places: int = 2

    @property
    def quantum(self) -> Decimal:
        """The step a rounded score is a multiple of (``0.01`` for 2 places)."""
        return Decimal(1).scaleb(-self.places)

    def apply(self, value: Decimal, *, cap: Decimal | None = None) -> Decimal:
        """
        Round ``value`` once, as the rule says, and never above ``cap``.

        The rounding runs in a local decimal context as precise as the value
        needs, so any finite value of up to 10,000 digits rounds exactly.  A
        cap finer than the quantum (a weight of 6.667 when scores round to
        0.01) caps at the largest multiple of the quantum not above it
        (6.66): a rounded score stays a multiple of the quantum and never
        exceeds its weight.

        Args:
            value: The value to round.
            cap: The largest value allowed (a row's weight), if any.

        Returns:
            The rounded value.

        Raises:
            ModelError: ``value`` or ``cap`` is not finite, or too large to
                round (more than 10,000 digits).

        Examples:
            >>> RoundingRule().apply(Decimal("19.8727"))
            Decimal('19.87')
            >>> RoundingRule().apply(Decimal("6.667"), cap=Decimal("6.667"))
            Decimal('6.66')
        """
        rounded = self._quantize(value, self.mode.decimal_mode)
        if cap is None:
            return rounded
        return min(rounded, self._quantize(cap, ROUND_FLOOR))

    def _quantize(self, value: Decimal, mode: str) -> Decimal:
        digits = (value.adjusted() if value.is_finite() else _MAX_DIGITS) + self.places + 2
        if digits > _MAX_DIGITS:
            raise ModelError(
                say(
                    f"无法把 {value} 舍入到 {self.places} 位小数：数值须有限且不超过 "
                    f"{_MAX_DIGITS} 位",
                    f"cannot round {value} to {self.places} decimal places: the value must "
                    f"be finite and have at most {_MAX_DIGITS} digits",
                )
            )
        if digits <= _SHARED_PREC:
            context = _rounding_context(_SHARED_PREC, mode)
        else:
            context = Context(
                prec=digits,
                rounding=mode,
                Emax=MAX_EMAX,
                Emin=MIN_EMIN,
                traps=[InvalidOperation, DivisionByZero, Overflow],
            )
        return value.quantize(self.quantum, context=context)


@frozen(kw_only=True)
class BudgetRule:
    """
    The budget-execution line (预算执行率): weight, denominator, cap, formula,
    and the rate below which a reason is required (Sichuan 0.9).
    """

    weight: Decimal = Decimal(10)
    denominator: Denominator = Denominator.FULL_YEAR
    cap: bool = True
    formula: BudgetFormula = BudgetFormula.PROPORTIONAL
    reason_below: Decimal | None = None


@frozen(kw_only=True)
class DeviationRule:
    """
    When a deviation reason (偏差原因分析及改进措施) is required.

    Attributes:
        on_shortfall: Any indicator short of its target needs one.
        over_ratio: Actual ≥ this × target needs one (Guangxi 1.3).
        over_zero_target: With a zero target, actual ≥ this needs one (30).
        severity: Severity of the finding for a missing reason.
    """

    on_shortfall: bool = True
    over_ratio: Decimal | None = None
    over_zero_target: Decimal | None = None
    severity: str = "error"


@frozen(kw_only=True)
class GradeBand:
    """A grade (优/良/中/差) for totals at or above ``lower``."""

    zh: str
    en: str
    lower: Decimal


def _default_grades() -> tuple[GradeBand, ...]:
    return (
        GradeBand(zh="优", en="excellent", lower=Decimal(90)),
        GradeBand(zh="良", en="good", lower=Decimal(80)),
        GradeBand(zh="中", en="fair", lower=Decimal(60)),
        GradeBand(zh="差", en="poor", lower=Decimal(0)),
    )


def _default_level1() -> dict[str, Decimal]:
    return {"output": Decimal(50), "effect": Decimal(30), "satisfaction": Decimal(10)}


@frozen(kw_only=True)
class RuleSet:
    """
    A complete scoring rule set.

    Attributes:
        id: Identifier (``mof2020_selfeval``).
        name: Human-readable name.
        source: The document or page the rules come from, and which values
            are [M] (from an official text not at hand; verify).
        family: The tree the rule set scores: ``common`` (产出 / 效益 /
            满意度, 成本) or ``framework`` (决策 / 过程 / 产出 / 效益 of the
            2020 evaluation framework).  A table of the other family is
            scored all the same, with a finding.
        total: Full marks (100).
        level1_weights: Level-1 weights keyed by :attr:`Level1.en`
            (``output``, ``effect``, ``satisfaction``, ``cost``, ``decision``,
            ``process``); empty when the split is free.
        level1_from_labels: A weight written in a level-1 label
            (``决策(20分)``) is the table's own choice: it is checked against
            its rows but not against :attr:`level1_weights`, which then only
            stand for levels whose label gives none.
        indicator_total: Sum of the indicator weights (total − budget weight).
        budget: The budget-execution rule.
        higher_cap: Cap higher-is-better scores at the weight.
        lower_formula: R1 ``ratio`` or R2 ``linear``.
        equal_means: ``exact`` or ``at_least``.
        cost_cap: Read an implicit ``=`` (``80万元``, no comparator written)
            under a cost level 2 as a cap (≤): spending less is no shortfall.
        zero_target: How a numeric target of 0 is scored.
        qualitative_point: Point inside a qualitative band.
        qualitative_bands: Lower edges (fractions of the weight) of the
            achieved and partly-achieved bands (0.8, 0.6).
        not_applicable: ``rescale`` or ``zero``.
        rounding: How each score is rounded.
        grades: Grade bands, highest first, as half-open intervals.
        deviation: When a deviation reason is required.
        adjusted_targets: Which target of an indicator adjusted during the
            year is scored: ``use`` the last adjusted target (调整后指标值),
            or the ``original`` one (年初指标值).  Either way the
            adjustment is reported (``PT314``).
    """

    id: str
    name: str = ""
    source: str = ""
    family: str = "common"
    total: Decimal = Decimal(100)
    level1_weights: dict[str, Decimal] = field(factory=_default_level1)
    level1_from_labels: bool = False
    indicator_total: Decimal = Decimal(90)
    budget: BudgetRule = BudgetRule()
    higher_cap: bool = True
    lower_formula: LowerFormula = LowerFormula.RATIO
    equal_means: EqualMeans = EqualMeans.AT_LEAST
    cost_cap: bool = True
    zero_target: ZeroTarget = ZeroTarget.ALL_OR_NOTHING
    qualitative_point: QualitativePoint = QualitativePoint.TOP
    qualitative_bands: tuple[Decimal, Decimal] = (Decimal("0.8"), Decimal("0.6"))
    not_applicable: NotApplicable = NotApplicable.RESCALE
    rounding: RoundingRule = RoundingRule()
    grades: tuple[GradeBand, ...] = field(factory=_default_grades)
    deviation: DeviationRule = DeviationRule()
    adjusted_targets: AdjustedTargets = AdjustedTargets.USE

    def grade(self, total: Decimal) -> GradeBand:
        """
        Return the grade band a total falls in (half-open: 90 is 优, 89.99 良).

        Example:
            >>> load_rules("mof2020_selfeval").grade(Decimal("89.99")).zh
            '良'
        """
        for band in self.grades:
            if total >= band.lower:
                return band
        return self.grades[-1]

    def on_scale(self, weights: Decimal) -> bool:
        """
        Tell whether a table whose weights add to ``weights`` can be graded.

        A grade compares a total with the bands of :attr:`total` points: a
        table whose weights add to more (110) or less (a partial table of 52
        points) is off that scale.  Weights within one rounding quantum of
        the total (99.99 for three weights of 33.33) are on it.

        Args:
            weights: The sum of the table's weights, budget line included.

        Returns:
            True when the weights add to :attr:`total` within the rounding.

        Examples:
            >>> rules = load_rules("mof2020_selfeval")
            >>> rules.on_scale(Decimal("99.99")), rules.on_scale(Decimal("110"))
            (True, False)
        """
        return abs(weights - self.total) <= self.rounding.quantum

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<string>") -> RuleSet:
        """
        Build a rule set from TOML text (resolving ``extends``).

        Args:
            text: The TOML document.
            source: Name used in error messages.

        Returns:
            The rule set.

        Raises:
            RuleSetError: The TOML is malformed or a field is invalid; every
                invalid field is reported at once, with its path.
        """
        rules = load_toml(
            text,
            RuleSet,
            source=source,
            error=RuleSetError,
            converter=_converter(),
            prepare=lambda data: _resolve(data, source),
        )
        _check(rules, source)
        return rules


def _resolve(data: dict[str, Any], source: str) -> dict[str, Any]:
    return resolve_extends(
        data,
        source=source,
        error=RuleSetError,
        shipped=available_rules,
        read=_shipped_text,
        atomic=frozenset({"level1_weights"}),
    )


def _shipped_text(name: str) -> str:
    return resources.files("perftarget.rules").joinpath(f"{name}.toml").read_text("utf-8")


def _level1_weights(value: object, _: object) -> dict[str, Decimal]:
    """Structure ``level1_weights``: keys are level-1 categories, values numbers."""
    if not isinstance(value, Mapping):
        raise refuse("a table of level-1 category = weight", value)
    number = _converter().get_structure_hook(Decimal)
    expected = "one of " + ", ".join(_LEVEL1_KEYS)
    weights: dict[str, Decimal] = {}
    entries: list[Entry] = []
    for key, weight in value.items():
        if key not in _LEVEL1_KEYS:
            entries.append((key, expected, key))
            continue
        try:
            weights[key] = number(weight, Decimal)
        except Invalid as bad:
            entries.extend((key, exp, found) for _, exp, found in bad.entries)
    if entries:
        raise Invalid(*entries)
    return weights


@cache
def _converter() -> cattrs.Converter:
    from cattrs.gen import make_dict_structure_fn, override

    conv = config_converter()
    conv.register_structure_hook(
        RuleSet,
        make_dict_structure_fn(
            RuleSet,
            conv,
            _cattrs_forbid_extra_keys=True,
            level1_weights=override(struct_hook=_level1_weights),
        ),
    )
    return conv


def _check(rules: RuleSet, source: str) -> None:
    problems: list[tuple[str, str, str]] = []
    if rules.family not in FAMILIES:
        problems.append(("family", "'common' or 'framework'", repr(rules.family)))
    if rules.rounding.places < 0:
        problems.append(("rounding.places", "an integer >= 0", str(rules.rounding.places)))
    high, low = rules.qualitative_bands
    if not Decimal(0) < low < high <= Decimal(1):
        problems.append(("qualitative_bands", "0 < partly < achieved <= 1", f"[{high}, {low}]"))
    lowers = [band.lower for band in rules.grades]
    if not lowers or lowers != sorted(lowers, reverse=True):
        problems.append(("grades", "bands ordered from the highest lower edge", str(lowers)))
    if rules.deviation.severity not in {s.value for s in Severity}:
        problems.append(
            ("deviation.severity", "'error', 'warning' or 'info'", rules.deviation.severity)
        )
    if rules.budget.weight + rules.indicator_total != rules.total:
        problems.append(
            (
                "indicator_total",
                f"total − budget.weight = {rules.total - rules.budget.weight}",
                str(rules.indicator_total),
            )
        )
    if problems:
        raise RuleSetError(source, problems)


@cache
def available_rules() -> tuple[str, ...]:
    """
    Return the names of the shipped rule sets.

    Example:
        >>> "mof2020_selfeval" in available_rules()
        True
    """
    return shipped_names("perftarget.rules")


@cache
def _load_shipped(name: str) -> RuleSet:
    return RuleSet.from_toml(_shipped_text(name), source=name)


def load_rules(name_or_path: str | Path = DEFAULT_RULES) -> RuleSet:
    """
    Load a shipped rule set by name, or a user's TOML file.

    Args:
        name_or_path: A shipped name (see :func:`available_rules`) or the
            path of a ``.toml`` file, which may ``extends`` a shipped set.

    Returns:
        The rule set.

    Raises:
        RuleSetError: Unknown name, unreadable file, or an invalid field.

    Example:
        >>> load_rules("sichuan2023").budget.reason_below
        Decimal('0.9')
    """
    path = shipped_file(name_or_path, available_rules(), error=RuleSetError, field="rules")
    if isinstance(path, str):
        return _load_shipped(path)
    source = str(path)
    rules = load_toml(
        path,
        RuleSet,
        error=RuleSetError,
        converter=_converter(),
        prepare=lambda data: _resolve(data, source),
    )
    _check(rules, source)
    return rules
