"""
The domain model: targets, actual values, indicators, projects, departments.

Every class is a frozen, keyword-only attrs class.  Objects are checked when
built, so a model object is always valid; turning untidy input into these
objects is the parsers' and readers' job.
"""

from __future__ import annotations

import datetime
import enum
import html
from collections.abc import Callable, Iterable
from decimal import Decimal

from attrs import field, fields, frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._dates import Deadline
from perftarget.core._html import html_table, plain
from perftarget.core._lang import current_language, say
from perftarget.core._quantity import Money
from perftarget.exceptions import ModelError, NotFoundError

__all__ = [
    "Achievement",
    "Actual",
    "AdjustedTargets",
    "Baseline",
    "Comparator",
    "Department",
    "Direction",
    "Indicator",
    "Project",
    "QualitativeLevel",
    "Revision",
    "Target",
    "TargetKind",
]


class Comparator(enum.Enum):
    """
    How a target bounds the outcome (指标性质 / 计算符号).

    Examples:
        >>> Comparator(">=").symbol
        '≥'
    """

    GE = ">="
    LE = "<="
    EQ = "="
    GT = ">"
    LT = "<"
    RANGE = "range"

    @property
    def symbol(self) -> str:
        """The symbol printed in Chinese tables (≥ ≤ = > <; ``~`` for a range)."""
        return _SYMBOLS[self]


_SYMBOLS = {
    Comparator.GE: "≥",
    Comparator.LE: "≤",
    Comparator.EQ: "=",
    Comparator.GT: ">",
    Comparator.LT: "<",
    Comparator.RANGE: "~",
}


class Direction(enum.Enum):
    """
    Which way is better (指标方向: 正向 / 反向).

    It is inferred from the comparator (≥ and > are higher-is-better, ≤ and <
    lower-is-better, = equal, a range within-range) and can be overridden,
    since some tables mark a cost ``反向`` while writing ``=``.
    """

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    EQUAL = "equal"
    WITHIN_RANGE = "range"

    @property
    def zh(self) -> str:
        """The Chinese term."""
        return {
            Direction.HIGHER_IS_BETTER: "正向",
            Direction.LOWER_IS_BETTER: "反向",
            Direction.EQUAL: "等于",
            Direction.WITHIN_RANGE: "区间",
        }[self]


class TargetKind(enum.Enum):
    """What sort of value a target (or an actual) is."""

    QUANTITY = "quantity"
    PERCENT = "percent"
    MONEY = "money"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"
    RATE = "rate"


class QualitativeLevel(enum.Enum):
    """
    A graded qualitative value (分级分档): 优/好/显著 down to 差.

    Members compare by rank: ``QualitativeLevel.GOOD < QualitativeLevel.EXCELLENT``.
    """

    POOR = 1
    PASS = 2
    GOOD = 3
    EXCELLENT = 4

    def __lt__(self, other: QualitativeLevel) -> bool:
        return self.value < other.value


class Achievement(enum.Enum):
    """
    The three levels of achievement a 2020 self-evaluation gives a
    qualitative indicator, with the band of the weight each earns.
    """

    ACHIEVED = "达成年度指标"
    PARTLY = "部分达成年度指标并具有一定效果"
    NOT_ACHIEVED = "未达成年度指标且效果较差"


_DIRECTION_OF = {
    Comparator.GE: Direction.HIGHER_IS_BETTER,
    Comparator.GT: Direction.HIGHER_IS_BETTER,
    Comparator.LE: Direction.LOWER_IS_BETTER,
    Comparator.LT: Direction.LOWER_IS_BETTER,
    Comparator.EQ: Direction.EQUAL,
    Comparator.RANGE: Direction.WITHIN_RANGE,
}


def _check_number(owner: str, name: str, value: object) -> None:
    if value is None or (type(value) is Decimal and value.is_finite()):
        return
    from perftarget.core._units import _require_decimal

    _require_decimal(owner, name, value)


@frozen(kw_only=True)
class Target:
    """
    A target value (指标值) as a typed object.

    Build one with :func:`~perftarget.parse_target`; the text it came from
    and any warnings about it are kept but do not take part in equality, so
    ``parse_target(format_target(t)) == t``.

    Attributes:
        kind: quantity, percent, money, deadline, qualitative or rate.
        comparator: ≥ ≤ = > < or range; None for a qualitative phrase.
        implicit: True when no comparator was written (``8人`` reads as ``=``).
        value: The number, or the lower bound of a range.
        upper: The upper bound of a range.
        unit: Canonical unit (``%`` for every percent spelling, the measure
            word otherwise, ``""`` for none).
        date, date_upper: A deadline, or the start and end of a period.
        phrase: The qualitative text, normalised.
        level: The grade a qualitative phrase names, if any.
        direction_override: Set when the table states the direction.
        text: The string as written (not compared).
        warnings: Doubts about the value (not compared).
    """

    kind: TargetKind
    comparator: Comparator | None = None
    implicit: bool = False
    value: Decimal | None = None
    upper: Decimal | None = None
    unit: str = ""
    date: Deadline | None = None
    date_upper: Deadline | None = None
    phrase: str = ""
    level: QualitativeLevel | None = None
    direction_override: Direction | None = None
    text: str = field(default="", eq=False)
    warnings: tuple[str, ...] = field(default=(), eq=False)

    def __attrs_post_init__(self) -> None:
        if self.value is not None:
            _check_number("Target", "value", self.value)
        if self.upper is not None:
            _check_number("Target", "upper", self.upper)
        if self.comparator is Comparator.RANGE:
            if self.kind is TargetKind.DEADLINE:
                if self.date is None or self.date_upper is None:
                    raise ModelError("a period Target needs date and date_upper")
            elif self.value is None or self.upper is None or self.upper < self.value:
                raise ModelError(
                    f"a range Target needs value <= upper; got value={self.value}, "
                    f"upper={self.upper}"
                )
        elif self.upper is not None or self.date_upper is not None:
            raise ModelError("only a range Target has an upper bound")
        if self.kind is TargetKind.QUALITATIVE and self.value is not None:
            raise ModelError("a qualitative Target has no numeric value; use kind=quantity")

    @property
    def direction(self) -> Direction | None:
        """
        Which way is better: the override if set, else inferred from the
        comparator (None for a qualitative target).

        Examples:
            >>> from perftarget import parse_target
            >>> parse_target("≤30万元").direction
            <Direction.LOWER_IS_BETTER: 'lower'>
        """
        if self.direction_override is not None:
            return self.direction_override
        if self.comparator is None:
            return None
        return _DIRECTION_OF[self.comparator]

    @property
    def is_numeric(self) -> bool:
        """True when the target has a number to score against."""
        return self.value is not None


def _make_unchecked() -> Callable[..., Target]:
    """Build the parser's fast constructor with every slot setter bound locally."""
    new = object.__new__
    setters = {item.name: getattr(Target, item.name).__set__ for item in fields(Target)}
    s_kind, s_comparator, s_implicit = setters["kind"], setters["comparator"], setters["implicit"]
    s_value, s_upper, s_unit = setters["value"], setters["upper"], setters["unit"]
    s_date, s_date_upper, s_phrase = setters["date"], setters["date_upper"], setters["phrase"]
    s_level, s_override = setters["level"], setters["direction_override"]
    s_text, s_warnings = setters["text"], setters["warnings"]

    def unchecked(
        kind: TargetKind,
        comparator: Comparator,
        implicit: bool,
        value: Decimal,
        upper: Decimal | None,
        unit: str,
        text: str,
        warnings: tuple[str, ...],
    ) -> Target:
        target: Target = new(Target)
        s_kind(target, kind)
        s_comparator(target, comparator)
        s_implicit(target, implicit)
        s_value(target, value)
        s_upper(target, upper)
        s_unit(target, unit)
        s_date(target, None)
        s_date_upper(target, None)
        s_phrase(target, "")
        s_level(target, None)
        s_override(target, None)
        s_text(target, text)
        s_warnings(target, warnings)
        return target

    return unchecked


#: Build a numeric :class:`Target` without re-running its checks.
#:
#: For the value parser's hot path only: the parser has already established
#: every invariant ``Target.__attrs_post_init__`` checks (a finite Decimal
#: value, a range with ``upper >= value``).  A test asserts that the result
#: equals the checked constructor's.  Saves about 1 µs a value.
_numeric_target_unchecked = _make_unchecked()


@frozen(kw_only=True)
class Actual:
    """
    An actual outcome (实际完成值) as a typed object.

    Built with :func:`~perftarget.parse_actual`.  Real tables often copy the
    target into this column (``≥266米``): the number is read and the copied
    comparator is kept in :attr:`copied_comparator` so it can be reported.
    """

    kind: TargetKind
    value: Decimal | None = None
    unit: str = ""
    date: Deadline | None = None
    achievement: Achievement | None = None
    phrase: str = ""
    copied_comparator: Comparator | None = None
    text: str = field(default="", eq=False)
    warnings: tuple[str, ...] = field(default=(), eq=False)

    def __attrs_post_init__(self) -> None:
        _check_number("Actual", "value", self.value)


class AdjustedTargets(enum.Enum):
    """
    Which target of an adjusted indicator is in force: the adjusted one or the original.

    A rule set chooses (``adjusted_targets = "use"`` or ``"original"``);
    :meth:`Indicator.target_in_force` applies the choice.

    Examples:
        >>> AdjustedTargets("original")
        <AdjustedTargets.ORIGINAL: 'original'>
    """

    USE = "use"
    ORIGINAL = "original"


@frozen(kw_only=True)
class Baseline:
    """
    Where an indicator stood the year before (上年值): last year's target,
    last year's actual, or both.

    A baseline is kept beside the target, never in its place: review compares
    the target with it (a target that asks less than was achieved, or less
    than last year's target).

    Attributes:
        target: Last year's target (上年指标值).
        actual: Last year's actual (上年实际值 / 上年完成值 / 上年自评值).
        year: The year they belong to, when the table states it (基期年度).
        reason: Why this year's target differs from last year's (变动原因),
            as written; it answers for a target lowered from last year's.

    Raises:
        ModelError: Neither a target nor an actual is given, or the year is
            not a year.

    Examples:
        >>> from perftarget import parse_actual, parse_target
        >>> last = Baseline(target=parse_target("≥95%"), actual=parse_actual("97%"), year=2023)
        >>> last.actual.value, last.year
        (Decimal('97'), 2023)

    .. versionadded:: Unreleased
    """

    target: Target | None = None
    actual: Actual | None = None
    year: int | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if self.target is None and self.actual is None:
            raise ModelError(
                "a Baseline needs last year's target (上年指标值) or actual (上年实际值); "
                "got neither"
            )
        if self.target is not None and not isinstance(self.target, Target):
            raise ModelError(f"Baseline.target must be a Target, got {type(self.target).__name__}")
        if self.actual is not None and not isinstance(self.actual, Actual):
            raise ModelError(f"Baseline.actual must be an Actual, got {type(self.actual).__name__}")
        if self.year is not None and (type(self.year) is not int or not 1 <= self.year <= 9999):
            raise ModelError(f"Baseline.year must be a year such as 2023, got {self.year!r}")


@frozen(kw_only=True)
class Revision:
    """
    One adjustment of a target during the year (年初指标值 → 调整后指标值).

    The original target stays :attr:`Indicator.target`; revisions are kept
    in order beside it, so no value is ever overwritten.

    Attributes:
        target: The adjusted target (调整后指标值).
        date: When it was adjusted (调整时间), if the table says.
        reason: Why (调整原因), as written; empty when none is given.

    Raises:
        ModelError: ``target`` is not a Target, or ``date`` is not a
            :class:`datetime.date` (a ``datetime`` is refused: a revision
            has a day, not a time).

    Examples:
        >>> import datetime
        >>> from perftarget import parse_target
        >>> change = Revision(target=parse_target("≥40人"), date=datetime.date(2024, 6, 30),
        ...     reason="场地改造，培训推迟")
        >>> change.target.value, change.date.isoformat()
        (Decimal('40'), '2024-06-30')

    .. versionadded:: Unreleased
    """

    target: Target
    date: datetime.date | None = None
    reason: str = ""

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.target, Target):
            raise ModelError(f"Revision.target must be a Target, got {type(self.target).__name__}")
        if self.date is not None and type(self.date) is not datetime.date:
            raise ModelError(
                f"Revision.date must be a datetime.date such as date(2024, 6, 30), "
                f"got {type(self.date).__name__} {self.date!r}"
            )


def _to_revisions(items: Iterable[Revision]) -> tuple[Revision, ...]:
    return tuple(items)


def _weight(value: object) -> object:
    """
    Convert a weight given as an int or a string to a Decimal, at the edge.

    A float is left for the check to refuse (with a message saying why):
    ``0.1`` has no exact binary value.

    Examples:
        >>> _weight(20), _weight(" 12.5 "), _weight(None)
        (Decimal('20'), Decimal('12.5'), None)
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except ArithmeticError:
            raise ModelError(
                f"Indicator.weight must be a number such as '20' or '12.5', got {value!r}"
            ) from None
    return value


@frozen(kw_only=True)
class Indicator:
    """
    One row of a performance-target table: a level-3 indicator (三级指标)
    under its level-1 and level-2 categories.

    Attributes:
        level1, level2: The categories (一级 / 二级指标).
        name: The level-3 indicator (三级指标), as written.
        target: The target value (指标值).
        description: 绩效指标描述 / 指标解释.
        basis: 指标值确定依据 (how the value was set).
        weight: 分值, where the table gives one: a Decimal, or an int or a
            string converted to one (``weight=20``, ``weight="12.5"``); a
            float is refused, since it cannot hold a score exactly.
        declared_unit: The unit column (度量单位), when the table has one.
        core: True for a core indicator marked ★.
        criteria: The scoring criteria the table states (评分标准), as text.
        level1_label, level2_label: The labels as written in the table
            (not compared); empty when the indicator was built in code.  A
            label that names no category is kept here under
            ``Level1.OTHER`` / ``Level2.OTHER``.
        problem: Why the target could not be read, when it could not; the
            row is kept and shown, ``target`` then holds the text as a
            phrase, and scoring reports it instead of scoring it.
        baseline: Last year's target and actual (上年指标值, 上年实际值),
            when the table gives them.
        revisions: The adjustments of the target during the year, in order
            (调整后指标值, 调整时间, 调整原因); ``target`` stays the
            original (年初指标值).

    Examples:
        >>> from perftarget import parse_target
        >>> item = Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="培训人数",
        ...     target=parse_target("≥50人"), revisions=[Revision(target=parse_target("≥40人"))])
        >>> item.adjusted_target.text, item.target_in_force("original").text
        ('≥40人', '≥50人')
    """

    level1: Level1
    level2: Level2
    name: str
    target: Target
    description: str = ""
    basis: str = ""
    weight: Decimal | None = field(default=None, converter=_weight)
    declared_unit: str | None = None
    core: bool = False
    criteria: str = ""
    level1_label: str = field(default="", eq=False)
    level2_label: str = field(default="", eq=False)
    problem: str = ""
    baseline: Baseline | None = None
    revisions: tuple[Revision, ...] = field(default=(), converter=_to_revisions)

    @property
    def adjusted_target(self) -> Target | None:
        """
        The target as last adjusted (the last revision's), None when never adjusted.

        .. versionadded:: Unreleased
        """
        return self.revisions[-1].target if self.revisions else None

    def target_in_force(self, choice: AdjustedTargets | str = AdjustedTargets.USE) -> Target:
        """
        The target in force under ``choice``: the last adjusted target, or the original.

        Args:
            choice: ``use`` (the adjusted target when there is one) or
                ``original`` (always :attr:`target`); a rule set's
                ``adjusted_targets``.

        Returns:
            The target; :attr:`target` itself when the indicator was never adjusted.

        Raises:
            ModelError: ``choice`` is neither ``use`` nor ``original`` (a ``ValueError``).

        Examples:
            >>> from perftarget import parse_target
            >>> item = Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="培训人数",
            ...     target=parse_target("≥50人"))
            >>> item.target_in_force() is item.target
            True

        .. versionadded:: Unreleased
        """
        try:
            chosen = AdjustedTargets(choice)
        except ValueError:
            raise ModelError(
                f"the adjusted-target choice must be 'use' or 'original', got {choice!r}"
            ) from None
        if chosen is AdjustedTargets.ORIGINAL or not self.revisions:
            return self.target
        return self.revisions[-1].target

    def label(self, level: int, lang: str | None = None) -> str:
        """
        The level-1 or level-2 label to show: the category's label, or the
        label as written when it names no category.

        Examples:
            >>> from perftarget import parse_target
            >>> item = Indicator(level1=Level1.OUTPUT, level2=Level2.OTHER, name="x",
            ...     target=parse_target("8人"), level2_label="受益群众指标")
            >>> item.label(1, "zh"), item.label(2, "zh"), item.label(2, "en")
            ('产出指标', '受益群众指标', '受益群众指标')
        """
        lang = current_language(lang)
        category: Level1 | Level2 = self.level1 if level == 1 else self.level2
        written = self.level1_label if level == 1 else self.level2_label
        if category.name == "OTHER" and written:
            return written
        return category.label(lang)

    def __attrs_post_init__(self) -> None:
        if not self.name.strip():
            raise ModelError("Indicator.name (三级指标) must not be empty")
        _check_number("Indicator", "weight", self.weight)
        if self.weight is not None and self.weight < 0:
            raise ModelError(f"Indicator.weight must not be negative, got {self.weight}")
        if self.baseline is not None and not isinstance(self.baseline, Baseline):
            raise ModelError(
                f"Indicator.baseline must be a Baseline, got {type(self.baseline).__name__}"
            )
        for index, item in enumerate(self.revisions):
            if not isinstance(item, Revision):
                raise ModelError(
                    f"Indicator.revisions[{index}] must be a Revision, got {type(item).__name__}"
                )


def _to_indicators(items: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(items)


@frozen(kw_only=True)
class Project:
    """
    A project's performance targets (项目绩效目标表).

    Attributes:
        name: Project name (项目名称).
        indicators: The indicator rows, in table order.
        amount: The project's budget, if stated.
        goal: The goal text (绩效目标 / 年度目标).
        year: The budget year.
        department: The department (部门) filing it.
    """

    name: str
    indicators: tuple[Indicator, ...] = field(converter=_to_indicators)
    amount: Money | None = None
    goal: str = ""
    year: int | None = None
    department: str = ""

    def __attrs_post_init__(self) -> None:
        for index, item in enumerate(self.indicators):
            if not isinstance(item, Indicator):
                raise ModelError(
                    f"Project.indicators[{index}] must be an Indicator, got {type(item).__name__}"
                )

    def by_level1(self, level1: Level1) -> tuple[Indicator, ...]:
        """The indicators under one level-1 category."""
        return tuple(i for i in self.indicators if i.level1 is level1)


def _to_projects(items: Iterable[Project]) -> tuple[Project, ...]:
    return tuple(items)


def _shorten(text: str, limit: int = 60) -> str:
    """
    Cut ``text`` to ``limit`` characters, marking the cut with an ellipsis.

    Examples:
        >>> _shorten("驻访专项业务经费", 4)
        '驻访专…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


@frozen(kw_only=True)
class Department:
    """
    A department's projects for one year (部门项目绩效目标).

    In a notebook it shows as a table of its indicators; its ``repr`` is one
    line.

    Examples:
        >>> from perftarget import datasets
        >>> datasets.quyang_2020()
        <Department 曲阳县信访局 2020: 3 projects, 12 indicators>
    """

    name: str
    projects: tuple[Project, ...] = field(converter=_to_projects)
    year: int | None = None

    def __attrs_post_init__(self) -> None:
        for index, item in enumerate(self.projects):
            if not isinstance(item, Project):
                raise ModelError(
                    f"Department.projects[{index}] must be a Project, got {type(item).__name__}"
                )

    def project(self, name: str) -> Project:
        """
        Return the project called ``name``.

        Raises:
            NotFoundError: No project has that name (a ``KeyError``); the
                message lists the names.

        .. versionchanged:: Unreleased
           Raises :class:`~perftarget.NotFoundError`, a ``KeyError``.
        """
        for item in self.projects:
            if item.name == name:
                return item
        known = [p.name for p in self.projects]
        names = ", ".join(known)
        raise NotFoundError(
            say(
                f"部门中没有名为 {name!r} 的项目；现有项目：{names}",
                f"no project named {name!r}; the department has: {names}",
            ),
            name=name,
            known=known,
        )

    def __repr__(self) -> str:
        """One line: name, year, how many projects and indicators."""
        year = f" {self.year}" if self.year is not None else ""
        count = sum(len(p.indicators) for p in self.projects)
        return (
            f"<Department {_shorten(self.name)}{year}: "
            f"{len(self.projects)} projects, {count} indicators>"
        )

    def _repr_html_(self) -> str:
        """A table of every project's indicators, for notebooks (text escaped)."""
        from perftarget.core._format import format_target

        headers = [
            say("项目", "project"),
            say("一级指标", "level-1 indicator"),
            say("二级指标", "level-2 indicator"),
            say("三级指标", "level-3 indicator"),
            say("指标值", "target value"),
            say("分值", "weight"),
        ]
        rows = [
            [
                (project.name, ""),
                (item.label(1), ""),
                (item.label(2), ""),
                (item.name, item.description),
                (item.target.text or format_target(item.target), item.problem),
                (plain(item.weight), ""),
            ]
            for project in self.projects
            for item in project.indicators
        ]
        year = f" {self.year}" if self.year is not None else ""
        title = html.escape(f"{self.name}{year}")
        return f"<div><p><b>{title}</b></p>{html_table(headers, rows)}</div>"
