"""
Lossless JSON for target tables and self-evaluations.

Decimals are written as strings (``"278.4449"``), never as JSON numbers, so
no digit is lost; enums by their value (level labels by their Chinese
label); every field is written, including a value's original text and
warnings.  ``load_json(dump_json(x)) == x`` for every department and
self-evaluation, locations included.  The document shape is published as a
JSON Schema: :data:`SCHEMA_PATH` (``perftarget/io/schema/table.schema.json``).

Examples:
    >>> from perftarget import datasets
    >>> department = datasets.quyang_2020()
    >>> load_json_text(dump_json_text(department)).department == department
    True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final

import cattrs

from perftarget._categories import Level1, Level2
from perftarget._model import Department
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._limits import DEFAULT_LIMITS, Limits
from perftarget.io._selfeval_csv import SelfEvaluation
from perftarget.io._sheets import Contents, Writable, contents_of

__all__ = ["FORMAT", "SCHEMA_PATH", "dump_json_text", "load_json_text", "read_json", "write_json"]

#: The ``format`` member every document carries.
FORMAT: Final = "perftarget-table/1"
#: The published JSON Schema of the documents.
SCHEMA_PATH: Final = Path(__file__).parent / "schema" / "table.schema.json"


def _decimal(value: object, _: object) -> Decimal:
    if not isinstance(value, str):
        raise TypeError(f"expected a decimal string such as '12.5', got {value!r}")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"expected a decimal string such as '12.5', got {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"expected a finite decimal, got {value!r}")
    return number


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    converter.register_structure_hook(Decimal, _decimal)
    for level in (Level1, Level2):
        converter.register_unstructure_hook(level, lambda member: member.zh)
    converter.register_structure_hook(Level1, lambda v, _: _member(Level1, v))
    converter.register_structure_hook(Level2, lambda v, _: _member(Level2, v))
    return converter


def _member(enum: type[Level1] | type[Level2], value: object) -> Level1 | Level2:
    for member in enum:
        if member.zh == value:
            return member
    names = ", ".join(m.zh for m in enum)
    raise ValueError(f"unknown label {value!r}; expected one of {names}")


_CONVERTER: Final = _converter()


def _document(contents: Contents) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "department": _CONVERTER.unstructure(contents.department, Department),
        "evaluations": _CONVERTER.unstructure(list(contents.evaluations), list[SelfEvaluation]),
    }


def dump_json_text(table: Contents | Department | SelfEvaluation | Sequence[SelfEvaluation]) -> str:
    """
    Write tables as a JSON document.

    Args:
        table: What to write.

    Returns:
        The JSON text (UTF-8 characters, not escapes; indented).
    """
    return json.dumps(_document(contents_of(table)), ensure_ascii=False, indent=2) + "\n"


def load_json_text(text: str, *, source: str = "<json>") -> Contents:
    """
    Read a JSON document written by :func:`dump_json_text`.

    Args:
        text: The JSON text.
        source: Its file name, for error locations.

    Returns:
        The department and self-evaluations.

    Raises:
        TableError: The text is not JSON or does not match the schema; every
            problem is listed with its JSON path (in ``column``).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        where = Location(file=source, row=error.lineno, column=str(error.colno))
        raise TableError([Problem(where=where, message=f"not JSON: {error.msg}")]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise TableError(
            [
                Problem(
                    where=Location(file=source, column="$.format"),
                    message=f"not a perftarget table document: expected format {FORMAT!r}",
                    text=str(found),
                )
            ]
        )
    problems: list[Problem] = []
    department = _structure(data.get("department"), Department, "$.department", source, problems)
    evaluations = _structure(
        data.get("evaluations", []), list[SelfEvaluation], "$.evaluations", source, problems
    )
    if problems or department is None or evaluations is None:
        raise TableError(problems)
    return Contents(department=department, evaluations=tuple(evaluations))


def _structure(data: object, kind: Any, path: str, source: str, problems: list[Problem]) -> Any:
    try:
        return _CONVERTER.structure(data, kind)
    except Exception as error:  # cattrs raises exception groups of any error
        for message in cattrs.transform_error(error, path=path):
            where = Location(file=source, column=message.rpartition(" @ ")[2])
            problems.append(Problem(where=where, message=message))
        return None


def read_json(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Contents:
    """
    Read a JSON table document.

    Args:
        path: The ``.json`` file.
        limits: Its size limit (``max_file_bytes``).

    Returns:
        The department and self-evaluations.

    Raises:
        TableError: The file is too large, not JSON, or not a table
            document; every problem with its JSON path.
        OSError: The file cannot be read.
    """
    from perftarget.io._csvtext import decode

    path = Path(path)
    return load_json_text(decode(path, limits), source=str(path))


def write_json(table: Writable, path: str | Path) -> None:
    """
    Write tables as a JSON document (UTF-8).

    Args:
        table: What to write.
        path: The ``.json`` file.

    Raises:
        OSError: The file cannot be written.
    """
    Path(path).write_text(dump_json_text(table), encoding="utf-8")
