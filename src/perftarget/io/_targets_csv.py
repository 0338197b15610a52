"""
Reading performance-target tables (绩效目标表) from CSV files.

Columns are recognised by the meaning of their headers (三级指标 / 指标内容 /
indicator …, see :data:`perftarget.io.HEADER_ROLES`).  An optional
project column (项目名称 / project) lets one file hold several projects;
an optional operator column (指标性质 / 计算符号 holding ≥ ≤ =) is joined
to the value.  UTF-8, UTF-8 with BOM and GB18030 files are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from perftarget._model import Project
from perftarget._text import normalize
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._build import RawRow, build_project, header_roles
from perftarget.io._csvtext import decode
from perftarget.io._layout import cell_key
from perftarget.io._limits import DEFAULT_LIMITS

__all__ = ["read_targets_csv"]

_PROJECT_HEADERS: Final = frozenset({"项目名称", "项目", "project", "projectname"})
_OPERATOR_HEADERS: Final = frozenset({"指标性质", "计算符号", "指标方向", "operator", "comparator"})
_OPERATORS: Final = frozenset("≥≤=<>")


def read_targets_csv(
    path: str | Path, *, default_project: str | None = None
) -> tuple[Project, ...]:
    """
    Read one or several projects' target tables from a CSV file.

    Args:
        path: The CSV file.
        default_project: The project name when the file has no project
            column (default: the file name without extension).

    Returns:
        The projects, in the order they first appear.

    Raises:
        TableError: Every problem in the file (undecodable bytes, missing
            required columns, unknown labels, unreadable values), each with
            file, row and column.
        OSError: The file cannot be read.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "t.csv").write_text(
        ...     "一级指标,二级指标,三级指标,指标值\\n产出指标,数量指标,培训人数,≥50人\\n",
        ...     encoding="utf-8-sig")
        >>> [i.name for i in read_targets_csv(folder / "t.csv")[0].indicators]
        ['培训人数']
    """
    path = Path(path)
    file = str(path)
    text = decode(path, DEFAULT_LIMITS)
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise TableError([Problem(where=Location(file=file), message="the file is empty")])
    header = rows[0]
    roles = header_roles(header, Location(file=file, row=1))
    project_col = _find(header, _PROJECT_HEADERS)
    operator_col = _find(header, _OPERATOR_HEADERS)
    by_project: dict[str, list[RawRow]] = {}
    default = default_project or path.stem
    current = default
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if project_col is not None and project_col < len(cells) and cells[project_col].strip():
            current = cells[project_col].strip()
        mapped = {roles[i]: cell for i, cell in enumerate(cells) if i in roles}
        if operator_col is not None and operator_col < len(cells):
            operator = normalize(cells[operator_col])
            value = mapped.get("target", "").strip()
            if operator and operator[0] in _OPERATORS and value and value[0].isdigit():
                mapped["target"] = operator + value
        where = Location(file=file, sheet=current if project_col is not None else None, row=number)
        by_project.setdefault(current, []).append(RawRow(cells=mapped, where=where))
    problems: list[Problem] = []
    projects: list[Project] = []
    for name, raw in by_project.items():
        try:
            projects.append(build_project(raw, name=name, where=Location(file=file)))
        except TableError as error:
            problems.extend(error.problems)
    if problems:
        raise TableError(problems)
    return tuple(projects)


def _find(header: Sequence[str], names: frozenset[str]) -> int | None:
    for index, cell in enumerate(header):
        if cell_key(cell) in names:
            return index
    return None
