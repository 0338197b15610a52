"""
What a year-over-year diff finds: per indicator, per project, for the table.

A matched indicator has one *primary* kind, how its target moved (loosened,
tightened, changed, unchanged), and any of four *marks* (unit changed,
renamed, moved, weight changed); an unmatched one is added or dropped.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Final

from attrs import field, frozen

from perftarget.compare._names import DEFAULT_THRESHOLD
from perftarget.core._change import TargetComparison
from perftarget.core._lang import say
from perftarget.core._model import Indicator, Project
from perftarget.exceptions import ModelError

__all__ = [
    "MARKS",
    "PRIMARY",
    "DiffKind",
    "IndicatorDiff",
    "MatchStep",
    "ProjectDiff",
    "TableDiff",
]


class DiffKind(enum.Enum):
    """
    One kind of difference between last year's table and this year's.

    The order is the order of reports: loosened targets first (lowered
    targets are the classic audit finding), unchanged ones last, then the
    marks a matched indicator may carry besides.

    Examples:
        >>> DiffKind.LOOSENED.zh, DiffKind.LOOSENED.en
        ('放宽', 'loosened')
    """

    LOOSENED = "loosened"
    CHANGED = "changed"
    TIGHTENED = "tightened"
    DROPPED = "dropped"
    ADDED = "added"
    UNCHANGED = "unchanged"
    UNIT_CHANGED = "unit_changed"
    RENAMED = "renamed"
    MOVED = "moved"
    WEIGHT_CHANGED = "weight_changed"

    @property
    def zh(self) -> str:
        """The Chinese word."""
        return _WORDS[self][0]

    @property
    def en(self) -> str:
        """The English word."""
        return _WORDS[self][1]

    def word(self) -> str:
        """
        The word in the message language in force.

        Examples:
            >>> DiffKind.UNIT_CHANGED.word()
            'unit changed'
        """
        return say(self.zh, self.en)


_WORDS: Final[dict[DiffKind, tuple[str, str]]] = {
    DiffKind.LOOSENED: ("放宽", "loosened"),
    DiffKind.CHANGED: ("改变", "changed"),
    DiffKind.TIGHTENED: ("提高", "tightened"),
    DiffKind.DROPPED: ("删除", "dropped"),
    DiffKind.ADDED: ("新增", "added"),
    DiffKind.UNCHANGED: ("未变", "unchanged"),
    DiffKind.UNIT_CHANGED: ("单位变化", "unit changed"),
    DiffKind.RENAMED: ("更名", "renamed"),
    DiffKind.MOVED: ("归类变化", "moved"),
    DiffKind.WEIGHT_CHANGED: ("分值变化", "weight changed"),
}

#: The kinds one of which every indicator has: how its target moved, or
#: that it is on one side only.
PRIMARY: Final = (
    DiffKind.LOOSENED,
    DiffKind.CHANGED,
    DiffKind.TIGHTENED,
    DiffKind.DROPPED,
    DiffKind.ADDED,
    DiffKind.UNCHANGED,
)
#: The marks a matched indicator may carry besides.
MARKS: Final = (
    DiffKind.UNIT_CHANGED,
    DiffKind.RENAMED,
    DiffKind.MOVED,
    DiffKind.WEIGHT_CHANGED,
)


class MatchStep(enum.Enum):
    """
    How two rows were found to be the same.

    Examples:
        >>> MatchStep.SIMILAR.value
        'similar'
    """

    #: The same level 1, level 2 and name, once normalised.
    EXACT = "exact"
    #: The same name, once normalised, under another level 1 or level 2.
    NAME = "name"
    #: Names close enough (similarity at or above the threshold).
    SIMILAR = "similar"
    #: The only project on each side (two tables of one project each).
    ONLY = "only"


def _kinds(value: tuple[DiffKind, ...]) -> tuple[DiffKind, ...]:
    return tuple(value)


@frozen(kw_only=True)
class IndicatorDiff:
    """
    One indicator compared across the two years.

    Attributes:
        old: Last year's row; None for an added indicator.
        new: This year's row; None for a dropped indicator.
        kinds: The primary kind first, then the marks, in :class:`DiffKind` order.
        step: How the rows were matched; None when unmatched.
        similarity: The similarity of the two names, from 0 to 1 (1 when
            their keys are equal); None when unmatched.
        comparison: What :func:`~perftarget.compare_targets`
            answered; None when unmatched.

    Examples:
        >>> from perftarget import Level1, Level2, parse_target
        >>> row = Indicator(level1=Level1.OUTPUT, level2=Level2.QUANTITY, name="培训人数",
        ...     target=parse_target("≥50人"))
        >>> IndicatorDiff(new=row, kinds=(DiffKind.ADDED,)).kind
        <DiffKind.ADDED: 'added'>
    """

    old: Indicator | None = None
    new: Indicator | None = None
    kinds: tuple[DiffKind, ...] = field(converter=_kinds)
    step: MatchStep | None = None
    similarity: Decimal | None = None
    comparison: TargetComparison | None = None

    def __attrs_post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ModelError("IndicatorDiff needs an old or a new indicator, got neither")
        if not self.kinds or self.kinds[0] not in PRIMARY:
            raise ModelError(
                f"IndicatorDiff.kinds must start with one of {[k.value for k in PRIMARY]}, "
                f"got {[k.value for k in self.kinds]}"
            )

    @property
    def kind(self) -> DiffKind:
        """The primary kind: how the target moved, or added, or dropped."""
        return self.kinds[0]

    @property
    def name(self) -> str:
        """The indicator's name: this year's, else last year's."""
        row = self.new if self.new is not None else self.old
        assert row is not None
        return row.name

    def has(self, kind: DiffKind) -> bool:
        """Tell whether the indicator shows ``kind``."""
        return kind in self.kinds


@frozen(kw_only=True)
class ProjectDiff:
    """
    One project compared across the two years.

    Attributes:
        old: Last year's project; None for an added project.
        new: This year's project; None for a dropped project.
        indicators: Every indicator of either year once, primary kinds in
            :class:`DiffKind` order (loosened first), table order within one.
        step: How the projects were matched; None when unmatched.
        similarity: The similarity of the two names (1 when their keys are
            equal); None when unmatched.
        year_shift: The years between the two tables, as deadlines were
            compared; None when unmatched.
    """

    old: Project | None = None
    new: Project | None = None
    indicators: tuple[IndicatorDiff, ...] = ()
    step: MatchStep | None = None
    similarity: Decimal | None = None
    year_shift: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.old is None and self.new is None:
            raise ModelError("ProjectDiff needs an old or a new project, got neither")

    @property
    def name(self) -> str:
        """The project's name: this year's, else last year's."""
        project = self.new if self.new is not None else self.old
        assert project is not None
        return project.name

    @property
    def status(self) -> str:
        """``"matched"``, ``"added"`` or ``"dropped"``."""
        if self.old is None:
            return "added"
        return "dropped" if self.new is None else "matched"

    @property
    def renamed(self) -> bool:
        """Matched, though the names differ once normalised."""
        return self.step in (MatchStep.SIMILAR, MatchStep.ONLY) and self.similarity != 1

    def counts(self) -> dict[DiffKind, int]:
        """How many indicators show each kind, every kind listed."""
        return _count(self.indicators)


def _count(indicators: tuple[IndicatorDiff, ...]) -> dict[DiffKind, int]:
    counts = dict.fromkeys(DiffKind, 0)
    for item in indicators:
        for kind in item.kinds:
            counts[kind] += 1
    return counts


@frozen(kw_only=True)
class TableDiff:
    """
    Two years' target tables compared: what :func:`~perftarget.compare.diff` returns.

    Attributes:
        old_name, new_name: The departments' names (``""`` when not given).
        old_year, new_year: The years the tables name, if any.
        projects: Matched projects in this year's order, then the dropped ones.
        threshold: The least similarity of a match by name.
        year_shift: The year shift given; None when taken from the tables.
        comparisons: How many similarity comparisons were made.
        limit_reached: Whether the comparison limit left some rows
            unmatched (they show as added and dropped).
    """

    old_name: str = ""
    new_name: str = ""
    old_year: int | None = None
    new_year: int | None = None
    projects: tuple[ProjectDiff, ...] = ()
    threshold: Decimal = DEFAULT_THRESHOLD
    year_shift: int | None = None
    comparisons: int = 0
    limit_reached: bool = False

    def counts(self) -> dict[DiffKind, int]:
        """
        How many indicators show each kind, every kind listed, in report order.

        The indicators of an added or dropped project count as added or dropped.
        """
        return _count(tuple(i for p in self.projects for i in p.indicators))

    def project_counts(self) -> dict[str, int]:
        """Projects ``matched`` (``renamed`` among them), ``added`` and ``dropped``."""
        return {
            "matched": sum(p.status == "matched" for p in self.projects),
            "renamed": sum(p.renamed for p in self.projects),
            "added": sum(p.status == "added" for p in self.projects),
            "dropped": sum(p.status == "dropped" for p in self.projects),
        }

    def loosened(self) -> tuple[tuple[ProjectDiff, IndicatorDiff], ...]:
        """Every loosened indicator with its project, in report order."""
        return tuple(
            (project, item)
            for project in self.projects
            for item in project.indicators
            if item.kind is DiffKind.LOOSENED
        )

    def has(self, kind: DiffKind) -> bool:
        """Tell whether any indicator shows ``kind``."""
        return any(item.has(kind) for p in self.projects for item in p.indicators)

    @property
    def changed(self) -> bool:
        """Whether anything differs: a project or an indicator other than unchanged."""
        return any(p.status != "matched" or p.renamed for p in self.projects) or any(
            item.kinds != (DiffKind.UNCHANGED,) for p in self.projects for item in p.indicators
        )
