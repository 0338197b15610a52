"""
Reading and writing tables: the edge where files become model objects.

:func:`read_table` reads a target table (绩效目标表) or a self-evaluation
(绩效自评表) from any supported format, chosen by the file's extension;
:func:`write_table` writes one.

=========  ================================  ======
extension  format                            writes
=========  ================================  ======
``.xlsx``  Excel workbook (openpyxl)         yes
``.docx``  Word document, every table        no
``.csv``   CSV, UTF-8 / UTF-8-BOM / GB18030  yes
``.json``  perftarget JSON (lossless)        yes
``.txt``   text form of a Word document      no
=========  ================================  ======
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from attrs import evolve

from perftarget.core._findings import Severity
from perftarget.core._labels import LabelAliases
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._build import RawRow, build_project, header_roles
from perftarget.io._layout import HEADER_ROLES
from perftarget.io._limits import DEFAULT_LIMITS, Limits
from perftarget.io._rows import label_aliases
from perftarget.io._sheets import Contents, Writable

__all__ = [
    "DEFAULT_LIMITS",
    "HEADER_ROLES",
    "READ_FORMATS",
    "WRITE_FORMATS",
    "Contents",
    "Limits",
    "RawRow",
    "build_project",
    "header_roles",
    "read_table",
    "with_year",
    "write_table",
]

#: Extensions :func:`read_table` accepts.
READ_FORMATS: Final = (".xlsx", ".docx", ".csv", ".json", ".txt")
#: Extensions :func:`write_table` accepts.
WRITE_FORMATS: Final = (".xlsx", ".csv", ".json")


def _unsupported(path: Path, formats: Sequence[str], verb: str) -> TableError:
    return TableError(
        [
            Problem(
                where=Location(file=str(path)),
                message=f"cannot {verb} {path.suffix or 'a file without extension'}; "
                f"use one of {', '.join(formats)}",
            )
        ]
    )


def read_table(
    path: str | Path,
    *,
    limits: Limits = DEFAULT_LIMITS,
    strict: bool = False,
    year: int | None = None,
    labels: LabelAliases | None = None,
) -> Contents:
    """
    Read target tables and self-evaluations from a file, by its extension.

    Reading is lenient: a label that names no category, a row whose target
    cannot be read, a row with no level label above it is kept and reported
    in ``contents.findings`` with its location, and the rest of the table is
    read.  Only a file that cannot be opened, or that holds no indicator
    table at all, is refused.

    Args:
        path: A ``.xlsx``, ``.docx``, ``.csv``, ``.json`` or ``.txt`` file.
        limits: Safety limits for untrusted files.
        strict: Refuse the file (raise :class:`~perftarget.TableError`) when
            reading had to read past anything: every finding of warning or
            error severity becomes a problem.
        year: The budget year of tables that do not state one (年度).
        labels: Variant level labels of your own templates, merged over the
            built-in table (:func:`~perftarget.load_label_aliases`).

    Returns:
        The target tables (``contents.department.projects``) and the
        self-evaluations (``contents.evaluations``).

    Raises:
        TableError: Every problem in the file, each with its location; also
            for an unsupported extension, an unsafe file, or a file that is
            not what its extension says.
        OSError: The file cannot be read.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
        >>> text = "一级指标,二级指标,三级指标,指标值\\n产出指标,数量指标,培训人数,≥50人\\n"
        >>> _ = path.write_text(text, encoding="utf-8")
        >>> [i.name for i in read_table(path).department.projects[0].indicators]
        ['培训人数']
    """
    path = Path(path)
    readers: dict[str, Callable[..., Contents]]
    from perftarget.io._csvtext import read_csv, read_text
    from perftarget.io._docx import read_docx
    from perftarget.io._json import read_json
    from perftarget.io._xlsx import read_xlsx

    readers = {
        ".xlsx": read_xlsx,
        ".docx": read_docx,
        ".csv": read_csv,
        ".json": read_json,
        ".txt": read_text,
    }
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise _unsupported(path, READ_FORMATS, "read")
    with label_aliases(labels):
        contents: Contents = reader(path, limits=limits)
    if strict:
        refused = [f for f in contents.findings if f.severity is not Severity.INFO]
        if refused:
            raise TableError(Problem(where=f.where, message=f.message) for f in refused)
    if year is not None:
        contents = with_year(contents, year)
    return contents


def with_year(contents: Contents, year: int) -> Contents:
    """
    Give ``year`` to every table in ``contents`` that does not state its own.

    Examples:
        >>> from perftarget import Department
        >>> with_year(Contents(department=Department(name="d", projects=())), 2024).department.year
        2024
    """
    department = contents.department
    projects = [p if p.year is not None else evolve(p, year=year) for p in department.projects]
    evaluations = [e if e.year is not None else evolve(e, year=year) for e in contents.evaluations]
    return evolve(
        contents,
        department=evolve(
            department,
            projects=projects,
            year=department.year if department.year is not None else year,
        ),
        evaluations=tuple(evaluations),
    )


def write_table(
    table: Writable,
    path: str | Path,
    *,
    names: Sequence[str] = (),
    raw_formulas: bool = False,
) -> None:
    """
    Write target tables or self-evaluations to a file, by its extension.

    Args:
        table: Contents (as read), a department, or self-evaluations.
        path: A ``.xlsx``, ``.csv`` or ``.json`` file.
        names: Project names shown on self-evaluations (``.xlsx`` and
            ``.csv``); by default the stem of the file each was read from.
        raw_formulas: Write text a spreadsheet would run as a formula
            (``=…``, ``+…``, ``-…``, ``@…``) as it is in ``.xlsx`` and
            ``.csv``; by default it is written with a leading ``'``.

    Raises:
        TableError: The extension is not one that can be written.
        OSError: The file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        from perftarget.io._json import write_json

        write_json(table, path)
    elif suffix == ".xlsx":
        from perftarget.io._xlsx import write_xlsx

        write_xlsx(table, path, names=names, raw_formulas=raw_formulas)
    elif suffix == ".csv":
        from perftarget.io._csv_write import write_csv

        write_csv(table, path, names=names, raw_formulas=raw_formulas)
    else:
        raise _unsupported(path, WRITE_FORMATS, "write")
