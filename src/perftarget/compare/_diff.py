"""
Two years' target tables of the same projects, compared: :func:`diff`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Final, TypeAlias

from perftarget.compare._match import Budget, Item, Pair, match
from perftarget.compare._model import (
    PRIMARY,
    DiffKind,
    IndicatorDiff,
    MatchStep,
    ProjectDiff,
    TableDiff,
)
from perftarget.compare._names import (
    DEFAULT_THRESHOLD,
    Name,
    as_decimal,
    name_key,
    project_key,
    similarity,
    years_in,
)
from perftarget.core._categories import Level1, Level2
from perftarget.core._change import Change, compare_targets
from perftarget.core._lang import say
from perftarget.core._model import Comparator, Department, Direction, Indicator, Project
from perftarget.core._text import plain_number
from perftarget.exceptions import ArgumentError, ArgumentTypeError
from perftarget.score import COST_LEVEL2

__all__ = ["DEFAULT_THRESHOLD", "DEFAULT_YEAR_SHIFT", "MAX_COMPARISONS", "Tables", "diff"]

#: The years between the tables when neither the call nor the tables say.
DEFAULT_YEAR_SHIFT: Final = 1
#: The most similarity comparisons one diff makes.
MAX_COMPARISONS: Final = 100_000

#: What :func:`diff` compares: a department's tables, one project's, or a list of projects.
Tables: TypeAlias = Department | Project | Sequence[Project]

_PRIMARY_OF: Final = {
    Change.LOOSER: DiffKind.LOOSENED,
    Change.TIGHTER: DiffKind.TIGHTENED,
    Change.CHANGED: DiffKind.CHANGED,
    Change.SAME: DiffKind.UNCHANGED,
}
_ONE: Final = Decimal(1)


def _department(tables: object, side: str) -> Department:
    if isinstance(tables, Department):
        return tables
    if isinstance(tables, Project):
        return Department(name="", projects=(tables,))
    if isinstance(tables, Sequence) and not isinstance(tables, str):
        projects = tuple(tables)
        if all(isinstance(p, Project) for p in projects):
            return Department(name="", projects=projects)
    raise ArgumentTypeError(
        say(
            f"diff 的 {side} 应为 Department、Project 或 Project 序列，"
            f"实为 {type(tables).__name__}",
            f"diff's {side} must be a Department, a Project or a sequence of Projects, "
            f"got {type(tables).__name__}",
        )
    )


def _threshold(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise ArgumentTypeError(
            say(
                f"threshold 应为 Decimal、整数或字符串（如 '0.75'），实为 {type(value).__name__}",
                f"threshold must be a Decimal, an int or a string such as '0.75', "
                f"got {type(value).__name__}",
            )
        )
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 < number <= 1:
        raise ArgumentError(
            say(
                f"threshold 应为大于 0、不大于 1 的数，实为 {value!r}",
                f"threshold must be a number above 0 and at most 1, got {value!r}",
            )
        )
    return number


def _year_shift(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ArgumentTypeError(
        say(
            f"year_shift 应为整数或 None，实为 {type(value).__name__}",
            f"year_shift must be an int or None, got {type(value).__name__}",
        )
    )


def _level_key(row: Indicator, level: int) -> str:
    """A level as matching compares it: the category, or the label when it names none."""
    category: Level1 | Level2 = row.level1 if level == 1 else row.level2
    if category.name != "OTHER":
        return category.name
    written = row.level1_label if level == 1 else row.level2_label
    return f"OTHER:{name_key(written)}"


def _indicator_item(row: Indicator) -> Item:
    level1, level2, key = _level_key(row, 1), _level_key(row, 2), name_key(row.name)
    weight = "" if row.weight is None else plain_number(row.weight)
    tie = "\x1f".join((level1, level2, key, row.target.text, weight))
    return Item(keys=((level1, level2, key), key), name=Name.of(key), block=level1, tie=tie)


def _project_item(project: Project) -> Item:
    key = project_key(project.name)
    return Item(keys=(key,), name=Name.of(key), tie=f"{key}\x1f{project.name}")


def _table_year(tables: Department) -> int | None:
    """The year a department's tables name: its own, else the one all its projects share."""
    if tables.year is not None:
        return tables.year
    years = {p.year for p in tables.projects}
    return years.pop() if len(years) == 1 else None


def _name_year(name: str) -> int | None:
    years = set(years_in(name))
    return years.pop() if len(years) == 1 else None


def _shift(old: Project, new: Project, tables: tuple[Department, Department]) -> int:
    """The years between two projects' tables: stated on them, their departments or names."""
    for before, after in (
        (old.year, new.year),
        (_table_year(tables[0]), _table_year(tables[1])),
        (_name_year(old.name), _name_year(new.name)),
    ):
        if before is not None and after is not None:
            return after - before
    return DEFAULT_YEAR_SHIFT


def _is_cap(row: Indicator) -> bool:
    """An implicit ``=`` under a cost level 2 is a budget not to exceed (as scoring reads it)."""
    target = row.target
    return (
        target.implicit
        and target.comparator is Comparator.EQ
        and target.direction_override is None
        and row.level2 in COST_LEVEL2
    )


def _compared(
    old: Indicator, new: Indicator, step: MatchStep, likeness: Decimal, shift: int
) -> IndicatorDiff:
    """Classify a matched pair: how its target moved, and its marks."""
    direction = Direction.LOWER_IS_BETTER if _is_cap(old) or _is_cap(new) else None
    comparison = compare_targets(old.target, new.target, direction=direction, year_shift=shift)
    kinds = [_PRIMARY_OF[comparison.change]]
    if comparison.unit_changed:
        kinds.append(DiffKind.UNIT_CHANGED)
    if step is MatchStep.SIMILAR:
        kinds.append(DiffKind.RENAMED)
    if (_level_key(old, 1), _level_key(old, 2)) != (_level_key(new, 1), _level_key(new, 2)):
        kinds.append(DiffKind.MOVED)
    if old.weight is not None and new.weight is not None and old.weight != new.weight:
        kinds.append(DiffKind.WEIGHT_CHANGED)
    return IndicatorDiff(
        old=old,
        new=new,
        kinds=tuple(kinds),
        step=step,
        similarity=likeness,
        comparison=comparison,
    )


_STEPS: Final = (MatchStep.EXACT, MatchStep.NAME, MatchStep.SIMILAR)


def _likeness(pair: Pair) -> Decimal:
    return _ONE if pair.similarity is None else as_decimal(pair.similarity)


def _indicators(
    old: Project, new: Project, shift: int, threshold: Fraction, budget: Budget
) -> tuple[IndicatorDiff, ...]:
    olds, news = old.indicators, new.indicators
    pairs = match(
        [_indicator_item(r) for r in olds],
        [_indicator_item(r) for r in news],
        threshold=threshold,
        budget=budget,
    )
    placed: list[tuple[int, int, IndicatorDiff]] = []
    for pair in pairs:
        if pair.old is not None and pair.new is not None:
            assert pair.stage is not None
            item = _compared(
                olds[pair.old], news[pair.new], _STEPS[pair.stage], _likeness(pair), shift
            )
            position = pair.new
        elif pair.old is not None:
            item, position = IndicatorDiff(old=olds[pair.old], kinds=(DiffKind.DROPPED,)), pair.old
        else:
            assert pair.new is not None
            item, position = IndicatorDiff(new=news[pair.new], kinds=(DiffKind.ADDED,)), pair.new
        placed.append((PRIMARY.index(item.kind), position, item))
    placed.sort(key=lambda entry: entry[:2])
    return tuple(item for _, _, item in placed)


def _added(project: Project) -> ProjectDiff:
    """A project found this year only: every indicator added."""
    rows = [IndicatorDiff(new=r, kinds=(DiffKind.ADDED,)) for r in project.indicators]
    return ProjectDiff(new=project, indicators=tuple(rows))


def _dropped(project: Project) -> ProjectDiff:
    """A project found last year only: every indicator dropped."""
    rows = [IndicatorDiff(old=r, kinds=(DiffKind.DROPPED,)) for r in project.indicators]
    return ProjectDiff(old=project, indicators=tuple(rows))


def diff(
    old: Tables,
    new: Tables,
    *,
    year_shift: int | None = None,
    threshold: Decimal | int | str = DEFAULT_THRESHOLD,
    max_comparisons: int = MAX_COMPARISONS,
) -> TableDiff:
    """
    Compare last year's target tables with this year's, project by project.

    Projects are matched by name: first names equal once years (``2021年``),
    brackets, punctuation, spaces and a trailing ``项目`` are set aside, then
    the closest remaining names at or above ``threshold``; two tables of one
    project each are compared whatever their names.  Inside a matched
    project, indicators are matched one to one: the same level 1, level 2 and
    name (normalised: numbering, years, brackets, ``★`` and a doubled
    character set aside), then the same name under another level, then the
    closest names at or above ``threshold`` (:func:`difflib.SequenceMatcher`
    ratio), best pairs first.  Rows left over are added or dropped.

    Each matched target is compared with
    :func:`~perftarget.compare_targets`: loosened, tightened,
    changed (no order: a ``=`` value moved, a phrase rewritten) or unchanged;
    an implicit ``=`` under a cost level 2 (``80万元``) is a cap, lower is
    better, as scoring reads it.  A pair is also marked unit changed, renamed
    (matched by similarity), moved (another level 1 or 2) or weight changed
    (both years give a weight, and they differ).

    Args:
        old: Last year's tables: a department, a project or a list of projects.
        new: This year's tables.
        year_shift: Years between the tables, by which a deadline moves
            (``2020年12月底前`` → ``2021年12月底前`` is unchanged with 1).
            None (default): this year's minus last year's, from the projects'
            years, else the departments', else years in the project names;
            :data:`DEFAULT_YEAR_SHIFT` (1) when neither side names one.  A
            number given is used for every project.
        threshold: The least similarity of two names matched by similarity,
            above 0 and at most 1.
        max_comparisons: The most name comparisons made; past it the rows
            left are reported added and dropped, and
            :attr:`TableDiff.limit_reached` is set.

    Returns:
        The diff: per project, every indicator of both years once.

    Raises:
        ArgumentTypeError: ``old`` or ``new`` is not tables; ``threshold``
            is a float; ``year_shift`` is not an int.
        ArgumentError: ``threshold`` is not above 0 and at most 1.

    Examples:
        >>> from attrs import evolve
        >>> from perftarget import datasets, parse_target
        >>> last = datasets.quyang_2020().projects[2]
        >>> rows = list(last.indicators)
        >>> rows[3] = evolve(rows[3], target=parse_target("≥80%"))
        >>> found = diff(last, evolve(last, indicators=rows, year=2021))
        >>> [(item.name, item.kind.value) for item in found.projects[0].indicators][0]
        ('群众满意度', 'loosened')
        >>> found.counts()[DiffKind.UNCHANGED]
        3
    """
    limit = max_comparisons
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise ArgumentError(
            say(
                f"max_comparisons 应为不小于 0 的整数，实为 {limit!r}",
                f"max_comparisons must be a whole number >= 0, got {limit!r}",
            )
        )
    cut = _threshold(threshold)
    given = _year_shift(year_shift)
    tables = (_department(old, "old"), _department(new, "new"))
    budget = Budget(limit=limit)
    fraction = Fraction(cut)
    olds, news = tables[0].projects, tables[1].projects
    pairs = match(
        [_project_item(p) for p in olds],
        [_project_item(p) for p in news],
        threshold=fraction,
        budget=budget,
    )
    pairs = _only_pair(pairs, olds, news)
    by_new: dict[int, ProjectDiff] = {}
    dropped: list[ProjectDiff] = []
    for pair in pairs:
        if pair.old is not None and pair.new is not None:
            before, after = olds[pair.old], news[pair.new]
            shift = given if given is not None else _shift(before, after, tables)
            step = MatchStep.ONLY if pair.stage is None else _STEPS[0 if pair.stage == 0 else 2]
            by_new[pair.new] = ProjectDiff(
                old=before,
                new=after,
                indicators=_indicators(before, after, shift, fraction, budget),
                step=step,
                similarity=_likeness(pair),
                year_shift=shift,
            )
        elif pair.new is not None:
            by_new[pair.new] = _added(news[pair.new])
        else:
            assert pair.old is not None
            dropped.append(_dropped(olds[pair.old]))
    return TableDiff(
        old_name=tables[0].name,
        new_name=tables[1].name,
        old_year=_table_year(tables[0]),
        new_year=_table_year(tables[1]),
        projects=tuple(by_new[j] for j in sorted(by_new)) + tuple(dropped),
        threshold=cut,
        year_shift=given,
        comparisons=budget.used,
        limit_reached=budget.reached,
    )


def _only_pair(pairs: list[Pair], olds: Sequence[Project], news: Sequence[Project]) -> list[Pair]:
    """Two tables of one project each: compare the two whatever their names."""
    if (
        len(olds) != 1
        or len(news) != 1
        or any(p.old is not None and p.new is not None for p in pairs)
    ):
        return pairs
    names = _project_item(olds[0]).name, _project_item(news[0]).name
    found = similarity(names[0], names[1], Fraction(0))
    return [Pair(old=0, new=0, stage=None, similarity=found)]
