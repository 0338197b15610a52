"""
Reading the indicator rows of one table, leniently.

Every format's reader hands the rows of a table here as cells keyed by
column role.  Level labels are carried down over merged cells and resolved
through the open vocabulary (:func:`~perftarget.core._categories.resolve_level1`);
a label that names no category, a row with no label above it, an empty or
unreadable target is kept and reported (:mod:`perftarget.io._notes`), never
a reason to refuse the table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from typing import Final

from attrs import define, evolve, frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._labels import (
    LabelAliases,
    Resolution,
    ResolutionStep,
    resolve_level1,
    resolve_level2,
)
from perftarget.core._lang import say
from perftarget.core._model import Direction, Target, TargetKind
from perftarget.core._parse import parse_target
from perftarget.core._text import normalize
from perftarget.core._unfilled import is_unfilled
from perftarget.exceptions import Location, TargetParseError
from perftarget.io._blocks import BARE_NUMBER, COMPARATOR_START
from perftarget.io._layout import is_placeholder
from perftarget.io._notes import ReadNotes

#: The user's label aliases in force while a file is read (``read_table(labels=...)``).
_ALIASES: ContextVar[LabelAliases | None] = ContextVar("perftarget_label_aliases", default=None)


@contextmanager
def label_aliases(aliases: LabelAliases | None) -> Iterator[None]:
    """Resolve labels with ``aliases`` merged over the built-in table inside the block."""
    token = _ALIASES.set(aliases)
    try:
        yield
    finally:
        _ALIASES.reset(token)


__all__ = [
    "LabelledRow",
    "RowCells",
    "is_history_value",
    "label_aliases",
    "prepare_cells",
    "read_rows",
    "split_direction",
    "unreadable",
]


#: What a checklist row of the evaluation framework writes for a target.
_DASHES: Final = frozenset({"-", "--", "---", "一", "——", "/", "\\", "─"})
_HOW: Final[dict[ResolutionStep, tuple[str, str]]] = {
    ResolutionStep.NORMALISED: ("规范写法", "normalised"),
    ResolutionStep.ALIAS: ("已知别名", "known alias"),
    ResolutionStep.STEM: ("已知词干", "known stem"),
    ResolutionStep.CLOSE: ("近似匹配", "close match"),
}


_DIRECTIONS: Final[dict[str, Direction]] = {
    "正向": Direction.HIGHER_IS_BETTER,
    "正向指标": Direction.HIGHER_IS_BETTER,
    "反向": Direction.LOWER_IS_BETTER,
    "反向指标": Direction.LOWER_IS_BETTER,
    "higher": Direction.HIGHER_IS_BETTER,
    "lower": Direction.LOWER_IS_BETTER,
}


def split_direction(cells: Mapping[str, str]) -> tuple[dict[str, str], Direction | None]:
    """
    Tell apart the two uses of 指标性质 / 指标方向 columns by their content.

    Tables use both headers for the comparator (``≥``, ``=``) and for the
    direction (``正向`` / ``反向``, 乌海 2021: 指标性质 = 反向 with 指标方向 = "=").
    Returns the cells with any comparator under ``operator``, and the stated
    direction, if any.

    Examples:
        >>> split_direction({"operator": "反向", "direction": "="})
        ({'direction': '反向', 'operator': '='}, <Direction.LOWER_IS_BETTER: 'lower'>)
    """
    out = {k: v for k, v in cells.items() if k not in ("operator", "direction")}
    direction: Direction | None = None
    for role in ("operator", "direction"):
        text = normalize(cells.get(role, "") or "")
        if not text:
            continue
        found = _DIRECTIONS.get(text.lower())
        if found is not None:
            direction = found
            out["direction"] = text
        elif "operator" not in out:
            out["operator"] = text
    return out, direction


def prepare_cells(raw: Mapping[str, str]) -> dict[str, str]:
    """
    Tidy a row's cells by role: placeholders (``……``) blanked, a direction
    told apart from a comparator, split 指标性质 | 指标值 | 度量单位 cells
    joined into one target string.

    Examples:
        >>> prepare_cells({"level3": "x", "operator": "≥", "target": "95", "unit": "%"})["target"]
        '≥95%'
    """
    out = {key: (value or "").strip() for key, value in raw.items()}
    history = [role for role in out if is_history_value(role)]
    for role in ("level3", "actual", *history):
        if is_placeholder(out.get(role, "")):
            out[role] = ""
    if not out.get("level3") and is_placeholder(out.get("target", "")):
        out["target"] = ""  # a placeholder row (…… | ……); a dash under a name stays
    out, _ = split_direction(out)
    operator = normalize(out.get("operator", ""))
    unit = out.get("unit", "")
    out["target"] = _joined(out.get("target", ""), operator, unit)
    for role in history:
        # last year's and the adjusted targets share the row's 指标性质 and 度量单位
        if role != "baseline_actual" and out[role]:
            out[role] = _joined(out[role], operator, unit)
    return out


def is_history_value(role: str) -> bool:
    """
    Tell whether a role holds a value of the indicator's history: last
    year's target or actual, or an adjusted target.

    Examples:
        >>> is_history_value("revised_target_2"), is_history_value("revision_reason")
        (True, False)
    """
    return role in ("baseline_target", "baseline_actual") or role.startswith("revised_target")


def _joined(value: str, operator: str, unit: str) -> str:
    """A value with the comparator and unit of split 指标性质 and 度量单位 columns."""
    key = normalize(value)
    if operator and operator.startswith(COMPARATOR_START) and not key.startswith(operator):
        value = operator + value
    if unit and BARE_NUMBER.match(key) and not is_placeholder(unit):
        value += unit
    return value


@frozen(kw_only=True)
class RowCells:
    """
    One row of a table: its cells by role and where it was read.

    Attributes:
        cells: Cell text by column role (``level1``, ``target`` …).
        where: The row's location (file, sheet, row).
        at: The location of one role's cell (adds the column).
    """

    cells: Mapping[str, str]
    where: Location
    at: Callable[[str], Location]


@define
class LabelledRow:
    """A row with its level labels resolved and its target read."""

    row: RowCells
    level1: Level1
    level2: Level2
    level1_label: str
    level2_label: str
    level1_weight: Decimal | None
    name: str
    target: Target
    problem: str = ""
    checklist: bool = False
    continuation: bool = False
    #: Which level-1 label the row stands under (0: none).
    group: int = 0


@define
class _Labels:
    """The labels carried down the rows of one table."""

    level1: Resolution | None = None
    level2: Resolution | None = None
    group: int = 0


def _noted(resolution: Resolution, level: int, where: Location, notes: ReadNotes) -> None:
    category = resolution.category
    if category is None or not resolution.steps:
        return
    if ResolutionStep.CLOSE in resolution.steps:
        notes.note(
            "PT002",
            where,
            level=level,
            level_zh="一二"[level - 1],
            written=resolution.written,
            matched=resolution.matched or category.zh,
            category=category.zh,
            category_en=category.en,
        )
        return
    zh = "、".join(_HOW[s][0] for s in resolution.steps)
    en = ", ".join(_HOW[s][1] for s in resolution.steps)
    notes.note(
        "PT001",
        where,
        level=level,
        level_zh="一二"[level - 1],
        written=resolution.written,
        category=category.zh,
        category_en=category.en,
        how=zh,
        how_en=en,
    )


def _level1_of(groups: dict[int, list[Level2]]) -> dict[int, Level1 | None]:
    """The level 1 every group of rows under an unknown level-1 label takes."""
    out: dict[int, Level1 | None] = {}
    for group, found in groups.items():
        parents = {level2.parents[0] for level2 in found if level2 is not Level2.OTHER}
        out[group] = parents.pop() if len(parents) == 1 else None
    return out


def read_rows(rows: Sequence[RowCells], notes: ReadNotes) -> list[LabelledRow]:
    """
    Read a table's indicator rows, resolving labels and targets.

    Args:
        rows: The rows, in table order, cells keyed by role.
        notes: Receives what reading noticed, with locations.

    Returns:
        One :class:`LabelledRow` per row that holds an indicator; rows with
        neither a level-3 name nor a target are reported as not used.
    """
    labels = _Labels()
    seen: set[tuple[int, str]] = set()
    unknown_level1: dict[int, list[Level2]] = {}
    out: list[LabelledRow] = []
    unlabelled: list[int] = []
    unlabelled_where: Location | None = None
    for row in rows:
        cells = row.cells
        text1 = cells.get("level1", "").strip()
        text2 = cells.get("level2", "").strip()
        if text1:
            labels.level1 = resolve_level1(text1, aliases=_ALIASES.get())
            labels.level2 = None
            labels.group += 1
            if (1, text1) not in seen:
                seen.add((1, text1))
                _noted(labels.level1, 1, row.at("level1"), notes)
            if labels.level1.category is None:
                unknown_level1.setdefault(labels.group, [])
        if text2:
            labels.level2 = resolve_level2(text2, aliases=_ALIASES.get())
            if (2, text2) not in seen:
                seen.add((2, text2))
                _noted(labels.level2, 2, row.at("level2"), notes)
                if labels.level2.category is None:
                    notes.note("PT003", row.at("level2"), written=text2)
        name = cells.get("level3", "").strip()
        raw_target = cells.get("target", "").strip()
        if not name and not raw_target:
            if any(v.strip() for k, v in cells.items() if k not in ("level1", "level2")):
                notes.note("PT008", row.where, text=" | ".join(v for v in cells.values() if v))
            continue
        read = _labelled(row, labels, name, raw_target, out, notes)
        if labels.level1 is None or labels.level2 is None:
            if unlabelled_where is None:
                unlabelled_where = row.where
            unlabelled.append(row.where.row or 0)
        elif unlabelled:
            _unlabelled(unlabelled, unlabelled_where, notes)
            unlabelled, unlabelled_where = [], None
        if labels.level1 is not None and labels.level1.category is None:
            unknown_level1[labels.group].append(read.level2)
        read.group = labels.group if labels.level1 is not None else 0
        out.append(read)
    if unlabelled:
        _unlabelled(unlabelled, unlabelled_where, notes)
    _settle_level1(out, unknown_level1, notes)
    return out


def _unlabelled(numbers: list[int], where: Location | None, notes: ReadNotes) -> None:
    notes.note("PT005", where or Location(), first=numbers[0], last=numbers[-1])


def _settle_level1(
    out: list[LabelledRow], unknown: dict[int, list[Level2]], notes: ReadNotes
) -> None:
    """Give rows under an unknown level-1 label the level 1 of the level 2s below it."""
    if not unknown:
        return
    chosen = _level1_of(unknown)
    reported: set[int] = set()
    for read in out:
        group = read.group
        if group not in chosen:
            continue
        level1 = chosen[group]
        if group not in reported:
            reported.add(group)
            if level1 is None:
                outcome = ("，其行按独立类别保留", "; its rows are kept as a category of their own")
            else:
                outcome = (
                    f"，按其下二级指标读作「{level1.zh}」",
                    f"; read as {level1.en}, the level 1 of the level-2 labels below it",
                )
            notes.note(
                "PT004",
                read.row.at("level1"),
                written=read.level1_label,
                outcome=outcome[0],
                outcome_en=outcome[1],
            )
        read.level1 = level1 or Level1.OTHER


def _labelled(
    row: RowCells,
    labels: _Labels,
    name: str,
    raw_target: str,
    out: list[LabelledRow],
    notes: ReadNotes,
) -> LabelledRow:
    level2 = labels.level2.category if labels.level2 is not None else None
    level1 = labels.level1.category if labels.level1 is not None else None
    assert level2 is None or isinstance(level2, Level2)
    assert level1 is None or isinstance(level1, Level1)
    if level1 is None and level2 is not None and labels.level1 is None:
        level1 = level2.parents[0]
    level1_label = labels.level1.written if labels.level1 is not None else ""
    level2_label = labels.level2.written if labels.level2 is not None else ""
    level1_weight = labels.level1.weight if labels.level1 is not None else None
    continuation = False
    problem = ""
    if not name:
        previous = out[-1] if out else None
        if previous is not None and previous.level2_label == level2_label:
            name, continuation = previous.name, True
            notes.note("PT010", row.where, name=name)
        else:
            name = f"#{row.where.row}" if row.where.row is not None else "#"
            problem = say("三级指标名称为空", "the level-3 name is empty")
            notes.note(
                "PT006",
                row.at("level3"),
                name=name,
                column="三级指标",
                column_en="level-3 name",
                reason=problem,
            )
    target, target_problem, checklist = _target(row, raw_target, level1, level2, name, notes)
    return LabelledRow(
        row=row,
        level1=level1 or Level1.OTHER,
        level2=level2 or Level2.OTHER,
        level1_label=level1_label,
        level2_label=level2_label,
        level1_weight=level1_weight,
        name=name,
        target=target,
        problem=problem or target_problem,
        checklist=checklist,
        continuation=continuation,
    )


def unreadable(error: TargetParseError) -> str:
    """Why a value cannot be read, in the current language."""
    at = error.position + 1
    return say(f"从第 {at} 个字符起无法读取", f"unreadable from character {at} ({error.expected})")


def _target(
    row: RowCells,
    text: str,
    level1: Level1 | None,
    level2: Level2 | None,
    name: str,
    notes: ReadNotes,
) -> tuple[Target, str, bool]:
    """The row's target, why it cannot be read (or ""), and whether it is a checklist row."""
    key = normalize(text)
    if key in _DASHES:
        framework = (level1 is not None and level1.family == "framework") or (
            level2 is not None and level2.parents[0].family == "framework"
        )
        if framework or "criteria" in row.cells:
            notes.note("PT012", row.at("target"), text=text)
            return Target(kind=TargetKind.QUALITATIVE, text=text), "", True
    if not key or key in _DASHES:
        notes.note("PT007", row.at("target"), name=name)
        return (
            Target(kind=TargetKind.QUALITATIVE, text=text),
            say("指标值为空", "the target is empty"),
            False,
        )
    try:
        target = parse_target(text, level2=level2)
    except TargetParseError as error:
        reason = unreadable(error)
        notes.note(
            "PT006",
            row.at("target"),
            name=name,
            column="指标值",
            column_en="target",
            reason=reason,
        )
        return Target(kind=TargetKind.QUALITATIVE, phrase=key, text=text), reason, False
    direction = split_direction(row.cells)[1]
    if direction is not None:
        target = evolve(target, direction_override=direction)
    if is_unfilled(text):
        notes.note("PT013", row.at("target"), name=name, text=text)
        return target, say("指标值未填写", "the target is unfilled"), False
    return target, "", False
