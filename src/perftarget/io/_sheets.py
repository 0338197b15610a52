"""
From sheets of cell strings to model objects: the reading logic every file
format shares.

A sheet is split into blocks, one per project: a block may start with label
rows (项目名称, 主管部门, 年度, 年度目标, 资金情况), a funding block, then the
indicator header and its rows, and may end with a 总分 row.  A header with an
实际完成值 column makes the block a self-evaluation, otherwise a target
table.  Every problem in every block is collected before one
:class:`~perftarget.TableError` is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from attrs import evolve, frozen

from perftarget._categories import Level1, Level2
from perftarget._labels import parse_level1
from perftarget._findings import Finding
from perftarget._model import Actual, Department, Indicator, Project
from perftarget._parse import parse_actual, parse_target
from perftarget._scorecard import BudgetRow, EvaluationRow
from perftarget._text import normalize, says_not_applicable
from perftarget.exceptions import (
    LabelError,
    Location,
    ModelError,
    Problem,
    TableError,
    TargetParseError,
)
from perftarget.io._blocks import (
    BARE_NUMBER,
    COMPARATOR_START,
    Block,
    Sheet,
    decimal,
    split_blocks,
)
from perftarget.io._build import RawRow, build_project, split_direction
from perftarget.io._layout import (
    INDICATOR_ROLES,
    REQUIRED_ROLES,
    expected_headers,
    is_placeholder,
)
from perftarget.io._selfeval_csv import SelfEvaluation

__all__ = ["Contents", "Sheet", "Writable", "contents_of", "read_sheets"]


@frozen(kw_only=True)
class Contents:
    """
    What a file holds: a department's target tables, self-evaluations, or both.

    Attributes:
        department: The target tables, as one department's projects.
        evaluations: The self-evaluations.
        findings: What reading noticed, each with its location: labels
            resolved by alias, normalisation or close match, labels that name
            no category, rows kept but not readable, label rows not used
            (codes ``PT0xx``).  Empty for a file read without remark.
    """

    department: Department
    evaluations: tuple[SelfEvaluation, ...] = ()
    findings: tuple[Finding, ...] = ()


def _target_text(cells: dict[str, str]) -> str:
    """Join split 指标性质 | 指标值 | 度量单位 cells into one value string."""
    value = cells.get("target", "")
    operator = normalize(cells.get("operator", ""))
    key = normalize(value)
    if operator and operator.startswith(COMPARATOR_START) and not key.startswith(operator):
        value = operator + value
    unit = cells.get("unit", "")
    if unit and BARE_NUMBER.match(key) and not is_placeholder(unit):
        value += unit
    return value


def _role_cells(block: Block, cells: Sequence[str]) -> dict[str, str]:
    roles = block.roles or {}
    out = {role: (cells[i] if i < len(cells) else "") for role, i in roles.items()}
    for role in ("level3", "target", "actual"):
        if is_placeholder(out.get(role, "")):
            out[role] = ""
    out, _ = split_direction(out)
    out["target"] = _target_text(out)
    return out


def _project(block: Block, default: str, problems: list[Problem]) -> Project | None:
    raw = [
        RawRow(
            cells=_role_cells(block, cells),
            where=Location(file=block.file, sheet=block.sheet.name, row=number),
        )
        for number, cells in block.rows
    ]
    try:
        return build_project(
            raw,
            name=block.name or default,
            amount=block.amount,
            goal=block.goal,
            year=block.year,
            department=block.department,
            where=Location(file=block.file, sheet=block.sheet.name),
        )
    except TableError as error:
        problems.extend(error.problems)
        return None


def _evaluation(block: Block, problems: list[Problem]) -> SelfEvaluation:
    rows: list[EvaluationRow] = []
    level1: Level1 | None = None
    level1_weight: Decimal | None = None
    level2: Level2 | None = None
    for number, raw in block.rows:
        cells = _role_cells(block, raw)
        where = Location(file=block.file, sheet=block.sheet.name, row=number)
        if cells.get("level1"):
            try:
                label = parse_level1(cells["level1"])
                assert isinstance(label.category, Level1)
                level1, level1_weight = label.category, label.weight
            except LabelError as error:
                problems.append(Problem(where=_at(block, where, "level1"), message=str(error)))
                level1 = None
        if cells.get("level2"):
            try:
                level2 = Level2.from_label(cells["level2"])
            except LabelError as error:
                problems.append(Problem(where=_at(block, where, "level2"), message=str(error)))
                level2 = None
        if not cells.get("level3") and not cells.get("target"):
            continue
        row = _evaluation_row(block, cells, where, level1, level2, level1_weight, problems)
        if row is not None:
            rows.append(row)
    total = None
    if block.total is not None:
        number, text = block.total
        where = Location(file=block.file, sheet=block.sheet.name, row=number)
        total = decimal(text, _at(block, where, "score"), "总分", problems)
    return SelfEvaluation(
        rows=tuple(rows),
        name=block.name or "",
        year=block.year,
        published_total=total,
        budget=block.budget or BudgetRow(),
        source=block.file,
    )


def _at(block: Block, where: Location, role: str) -> Location:
    index = (block.roles or {}).get(role)
    if index is None:
        column = INDICATOR_ROLES[role][0]
    else:
        header = block.headers[index] if index < len(block.headers) else ""
        column = f"{header or INDICATOR_ROLES[role][0]} ({block.sheet.column_name(index)})"
    return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)


def _evaluation_row(
    block: Block,
    cells: dict[str, str],
    where: Location,
    level1: Level1 | None,
    level2: Level2 | None,
    level1_weight: Decimal | None,
    problems: list[Problem],
) -> EvaluationRow | None:
    name = cells.get("level3", "")
    if level1 is None or level2 is None:
        if not any(p.where.row == where.row for p in problems):
            problems.append(
                Problem(
                    where=where,
                    message="no level-1 or level-2 label above this row",
                    text=name,
                )
            )
        return None
    if not name:
        problems.append(Problem(where=_at(block, where, "level3"), message="level-3 name is empty"))
        return None
    count = len(problems)
    target_text = cells.get("target", "")
    try:
        target = parse_target(target_text, level2=level2)
    except TargetParseError as error:
        problems.append(
            Problem(where=_at(block, where, "target"), message=str(error), text=target_text)
        )
        return None
    direction = split_direction(cells)[1]
    if direction is not None:
        target = evolve(target, direction_override=direction)
    weight = decimal(
        cells.get("weight", ""), lambda: _at(block, where, "weight"), "weight (分值)", problems
    )
    score = decimal(
        cells.get("score", ""), lambda: _at(block, where, "score"), "score (得分)", problems
    )
    actual_text = cells.get("actual", "")
    not_applicable = len(actual_text) <= 6 and says_not_applicable(actual_text)
    actual: Actual | None = None
    if actual_text and not not_applicable:
        try:
            actual = parse_actual(actual_text)
        except TargetParseError as error:
            problems.append(
                Problem(where=_at(block, where, "actual"), message=str(error), text=actual_text)
            )
    if len(problems) > count:
        return None
    try:
        indicator = Indicator(
            level1=level1,
            level2=level2,
            name=name,
            target=target,
            weight=weight,
            core=name.startswith("★"),
        )
    except ModelError as error:
        problems.append(Problem(where=where, message=str(error)))
        return None
    return EvaluationRow(
        indicator=indicator,
        actual=actual,
        published_score=score,
        reason=cells.get("reason", ""),
        not_applicable=not_applicable,
        level1_weight=level1_weight,
        where=where,
    )


def _labels_found(sheets: Iterable[Sheet]) -> str:
    for sheet in sheets:
        for _, raw in sheet.rows[:10]:
            cells = [c.strip() for c in raw if c and c.strip()]
            if len(cells) >= 2:
                return " | ".join(cells)
    return ""


def read_sheets(sheets: Sequence[Sheet], *, file: str, default_name: str) -> Contents:
    """
    Read every table in ``sheets``.

    Args:
        sheets: The file's sheets (or Word tables), in order.
        file: The file name, for locations.
        default_name: Name of a project whose block has no 项目名称 row, and
            of the department when the file names none.

    Returns:
        The department's target tables and the self-evaluations.

    Raises:
        TableError: Every problem found, each with its location; a file with
            no recognisable header lists the headers found and expected.
    """
    problems: list[Problem] = []
    projects: list[Project] = []
    evaluations: list[SelfEvaluation] = []
    preamble = Block(sheet=Sheet(name=None, rows=()), file=file)
    blocks = [b for s in sheets for b in split_blocks(s, file, problems, preamble)]
    tables = [b for b in blocks if b.roles is not None]
    if not tables and not problems:
        expected = expected_headers(REQUIRED_ROLES)
        raise TableError(
            [
                Problem(
                    where=Location(file=file),
                    message=f"no table with a recognisable header; expected {expected}",
                    text=_labels_found(sheets),
                )
            ]
        )
    names: dict[str, int] = {}
    for block in tables:
        if not block.roles:
            continue
        if "actual" in block.roles:
            evaluations.append(_evaluation(block, problems))
            continue
        default = block.sheet.title or block.sheet.name or default_name
        names[default] = names.get(default, 0) + 1
        if not block.name and names[default] > 1:
            default = f"{default} ({names[default]})"
        project = _project(block, default, problems)
        if project is not None:
            projects.append(project)
    if problems:
        raise TableError(problems)
    return Contents(
        department=Department(
            name=preamble.department or default_name, projects=projects, year=preamble.year
        ),
        evaluations=tuple(evaluations),
    )


#: What the writers accept: contents as read, a department, or self-evaluations.
Writable = Contents | Department | SelfEvaluation | Sequence[SelfEvaluation]


def contents_of(table: Writable) -> Contents:
    """
    Wrap what a writer is given as :class:`Contents`.

    Args:
        table: Contents, a department, or self-evaluations.

    Returns:
        The contents (an unnamed empty department next to self-evaluations).
    """
    if isinstance(table, Contents):
        return table
    if isinstance(table, Department):
        return Contents(department=table)
    evaluations = (table,) if isinstance(table, SelfEvaluation) else tuple(table)
    return Contents(department=Department(name="", projects=()), evaluations=evaluations)
