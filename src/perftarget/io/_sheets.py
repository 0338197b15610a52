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

from attrs import frozen

from perftarget.core._actual import parse_actual
from perftarget.core._findings import Finding
from perftarget.core._lang import say
from perftarget.core._model import Actual, Department, Indicator, Project
from perftarget.core._quantity import Money
from perftarget.core._text import normalize, says_not_applicable
from perftarget.core._units import canonical_unit
from perftarget.exceptions import (
    Location,
    ModelError,
    NoTableError,
    Problem,
    TargetParseError,
)
from perftarget.io._blocks import (
    Block,
    Sheet,
    cells_unread,
    decimal,
    split_blocks,
)
from perftarget.io._history import read_history
from perftarget.io._layout import (
    INDICATOR_ROLES,
    REQUIRED_ROLES,
    expected_headers,
    is_placeholder,
)
from perftarget.io._notes import ReadNotes
from perftarget.io._rows import LabelledRow, RowCells, prepare_cells, read_rows, unreadable
from perftarget.io._selfeval import SelfEvaluation
from perftarget.score import BudgetRow, EvaluationRow

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


def _role_cells(block: Block, cells: Sequence[str]) -> dict[str, str]:
    roles = block.roles or {}
    return prepare_cells({role: (cells[i] if i < len(cells) else "") for role, i in roles.items()})


def _row_cells(block: Block, number: int, cells: Sequence[str]) -> RowCells:
    where = Location(file=block.file, sheet=block.sheet.name, row=number)
    return RowCells(
        cells=_role_cells(block, cells), where=where, at=lambda role: _at(block, where, role)
    )


def _indicator(
    read: LabelledRow, weight: Decimal | None, notes: ReadNotes, *, declared: bool = True
) -> Indicator:
    cells = read.row.cells
    unit = cells.get("unit", "") if declared else ""
    baseline, revisions = read_history(read, notes)
    return Indicator(
        level1=read.level1,
        level2=read.level2,
        name=read.name,
        target=read.target,
        description=cells.get("description", ""),
        basis=cells.get("basis", ""),
        weight=weight,
        declared_unit=canonical_unit(normalize(unit))
        if unit and not is_placeholder(unit)
        else None,
        core=read.name.startswith("★"),
        criteria=cells.get("criteria", ""),
        level1_label=read.level1_label,
        level2_label=read.level2_label,
        problem=read.problem,
        baseline=baseline,
        revisions=revisions,
    )


def _number(read: LabelledRow, role: str, notes: ReadNotes) -> Decimal | None:
    problems: list[Problem] = []
    value = decimal(read.row.cells.get(role, ""), lambda: read.row.at(role), role, problems)
    cells_unread(problems, notes, read.name)
    return value


def _project(block: Block, rows: Sequence[RowCells], name: str, notes: ReadNotes) -> Project:
    indicators = [
        _indicator(read, None if read.continuation else _number(read, "weight", notes), notes)
        for read in read_rows(rows, notes)
    ]
    money: Money | None = None
    if block.amount:
        try:
            money = Money.parse(block.amount)
        except ModelError:
            where = Location(file=block.file, sheet=block.sheet.name)
            notes.note(
                "PT011",
                where,
                name=block.amount,
                column="年度资金总额",
                column_en="amount",
                reason=say("不是金额", "not an amount"),
            )
    return Project(
        name=name,
        indicators=indicators,
        amount=money,
        goal=block.goal,
        year=block.year,
        department=block.department,
    )


def _evaluation(
    block: Block, rows: Sequence[RowCells], name: str, notes: ReadNotes, budget: BudgetRow
) -> SelfEvaluation:
    out: list[EvaluationRow] = []
    for read in read_rows(rows, notes):
        cells = read.row.cells
        weight = None if read.continuation else _number(read, "weight", notes)
        score = None if read.continuation else _number(read, "score", notes)
        actual_text = cells.get("actual", "")
        not_applicable = len(actual_text) <= 6 and says_not_applicable(actual_text)
        actual: Actual | None = None
        if actual_text and not not_applicable and not read.checklist:
            try:
                actual = parse_actual(actual_text)
            except TargetParseError as error:
                notes.note(
                    "PT011",
                    read.row.at("actual"),
                    name=read.name,
                    column="实际完成值",
                    column_en="actual",
                    reason=unreadable(error),
                )
        out.append(
            EvaluationRow(
                # The unit column is joined to the target; a self-evaluation
                # keeps no declared unit of its own.
                indicator=_indicator(read, weight, notes, declared=False),
                actual=actual,
                published_score=score,
                reason=cells.get("reason", ""),
                not_applicable=not_applicable,
                level1_weight=read.level1_weight,
                checklist=read.checklist,
                where=read.row.where,
            )
        )
    total = None
    if block.total is not None:
        number, text = block.total
        where = Location(file=block.file, sheet=block.sheet.name, row=number)
        problems: list[Problem] = []
        total = decimal(text, _at(block, where, "score"), "total", problems)
        cells_unread(problems, notes, "总分")
    return SelfEvaluation(
        rows=tuple(out),
        name=name,
        year=block.year,
        published_total=total,
        budget=budget,
        source=block.file,
    )


def _at(block: Block, where: Location, role: str) -> Location:
    index = (block.roles or {}).get(role)
    # a numbered adjustment column (revision_date_2) is named by its header
    spelling = INDICATOR_ROLES[role][0] if role in INDICATOR_ROLES else role
    if index is None:
        column = spelling
    else:
        header = block.headers[index] if index < len(block.headers) else ""
        column = f"{header or spelling} ({block.sheet.column_name(index)})"
    return Location(file=where.file, sheet=where.sheet, row=where.row, column=column)


def _by_project(block: Block, default: str) -> list[tuple[str, list[RowCells]]]:
    """The block's rows, split by a project column when it has one (名称, else 编码)."""
    roles = block.roles or {}
    column = roles.get("project", roles.get("project_code"))
    rows = [_row_cells(block, number, cells) for number, cells in block.rows]
    if column is None:
        return [(default, rows)]
    groups: dict[str, list[RowCells]] = {}
    current = default
    for (_, cells), row in zip(block.rows, rows, strict=True):
        text = cells[column].strip() if column < len(cells) else ""
        if text:
            current = text
        groups.setdefault(current, []).append(row)
    return list(groups.items())


def _labels_found(sheets: Iterable[Sheet]) -> str:
    for sheet in sheets:
        for _, raw in sheet.rows[:10]:
            cells = [c.strip() for c in raw if c and c.strip()]
            if len(cells) >= 2:
                return " | ".join(cells)
    return ""


def read_sheets(sheets: Sequence[Sheet], *, file: str, default_name: str) -> Contents:
    """
    Read every table in ``sheets``, leniently.

    Args:
        sheets: The file's sheets (or Word tables), in order.
        file: The file name, for locations.
        default_name: Name of a project whose block has no 项目名称 row, and
            of the department when the file names none.

    Returns:
        The department's target tables, the self-evaluations, and what
        reading noticed (``findings``).

    Raises:
        TableError: No indicator table could be read at all; the problem
            lists the headers found and expected.
    """
    notes = ReadNotes()
    projects: list[Project] = []
    evaluations: list[SelfEvaluation] = []
    preamble = Block(sheet=Sheet(name=None, rows=()), file=file)
    blocks = [b for s in sheets for b in split_blocks(s, file, notes, preamble)]
    tables = [b for b in blocks if b.roles]
    if not tables:
        expected = expected_headers(REQUIRED_ROLES)
        unread = [f for f in notes.findings if f.code == "PT009"]
        raise NoTableError(
            [Problem(where=f.where, message=f.message) for f in unread]
            + [
                Problem(
                    where=Location(file=file),
                    message=say(
                        f"没有表头可识别的表格；应有 {expected}",
                        f"no table with a recognisable header; expected {expected}",
                    ),
                    text=_labels_found(sheets),
                )
            ]
        )
    names: dict[str, int] = {}
    for block in tables:
        default = block.name
        if not default:
            default = block.sheet.title or block.sheet.name or default_name
            names[default] = names.get(default, 0) + 1
            if names[default] > 1:
                default = f"{default} ({names[default]})"
        groups = _by_project(block, default)
        for name, rows in groups:
            if "actual" in (block.roles or {}):
                # A funding line belongs to the project when the table holds one.
                budget = (block.budget or BudgetRow()) if len(groups) == 1 else BudgetRow()
                # one project: the 项目名称 row names it, else its project column
                single = block.name or (name if name != default else "")
                evaluations.append(
                    _evaluation(block, rows, single if len(groups) == 1 else name, notes, budget)
                )
            else:
                projects.append(_project(block, rows, name, notes))
    # Findings in file order (labels are resolved before the cells of a row are read).
    rank = {sheet.name: index for index, sheet in enumerate(sheets)}
    findings = sorted(notes.findings, key=lambda f: (rank.get(f.where.sheet, 0), f.where.row or 0))
    return Contents(
        department=Department(
            name=preamble.department or default_name, projects=projects, year=preamble.year
        ),
        evaluations=tuple(evaluations),
        findings=tuple(findings),
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
