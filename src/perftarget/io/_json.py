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

import datetime
import json
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from itertools import accumulate
from pathlib import Path
from typing import Any, Final, NoReturn

import cattrs

from perftarget.core._categories import Level1, Level2
from perftarget.core._lang import say
from perftarget.core._model import Department, Indicator
from perftarget.exceptions import Location, Problem, TableError
from perftarget.io._csv_write import replaced_atomically
from perftarget.io._limits import DEFAULT_LIMITS, Limits, over_limit, reading
from perftarget.io._selfeval import SelfEvaluation
from perftarget.io._sheets import Contents, Writable, contents_of

__all__ = ["FORMAT", "SCHEMA_PATH", "dump_json_text", "load_json_text", "read_json", "write_json"]

#: The ``format`` member every document carries.
FORMAT: Final = "perftarget-table/1"
#: The published JSON Schema of the documents.
SCHEMA_PATH: Final = Path(__file__).parent / "schema" / "table.schema.json"

_STRING: Final = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_EMPTY_PAIR: Final = re.compile(r"\[\]|\{\}")
_NUMBER_TEXT: Final = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


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


def _day(value: object, _: object) -> datetime.date:
    if not isinstance(value, str):
        raise TypeError(f"expected a date such as '2024-06-30', got {value!r}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date such as '2024-06-30', got {value!r}") from None


def _converter() -> cattrs.Converter:
    from cattrs.gen import make_dict_unstructure_fn, override

    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_unstructure_hook(Decimal, lambda d: format(d, "f"))
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_unstructure_hook(datetime.date, lambda day: day.isoformat())
    converter.register_structure_hook(datetime.date, _day)
    for level in (Level1, Level2):
        converter.register_unstructure_hook(level, lambda member: member.zh)
    converter.register_structure_hook(Level1, lambda v, _: _member(Level1, v))
    converter.register_structure_hook(Level2, lambda v, _: _member(Level2, v))
    # an indicator without history is written as before the history existed
    converter.register_unstructure_hook(
        Indicator,
        make_dict_unstructure_fn(
            Indicator,
            converter,
            baseline=override(omit_if_default=True),
            revisions=override(omit_if_default=True),
        ),
    )
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


def _refuse(source: str, message: str, column: str | None = None) -> NoReturn:
    raise TableError([Problem(where=Location(file=source, column=column), message=message)])


def _check_depth(text: str, source: str, limits: Limits) -> None:
    """
    Refuse nesting deeper than ``limits.max_depth``, counted without parsing.

    Strings are blanked and everything but brackets dropped; then each pass
    removes the innermost empty pairs, so ``max_depth`` passes empty any
    document nested no deeper (linear time for a fixed limit).
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    for _ in range(limits.max_depth):
        if not brackets:
            return
        brackets = _EMPTY_PAIR.sub("", brackets)
    if brackets:
        head = brackets[: 1 << 20]
        depth = max(accumulate((1 if c in "[{" else -1 for c in head), initial=0))
        found = limits.max_depth + depth  # what is left sits below max_depth levels
        _refuse(source, over_limit("max_depth", limits.max_depth, found))


def _check_number(text: str, source: str, limits: Limits, path: str) -> None:
    """Refuse a number (or decimal string) with too many digits or too large an exponent."""
    mantissa, _, exponent = text.strip().lower().partition("e")
    digits = sum(c.isdigit() for c in mantissa)
    if digits > limits.max_digits:
        _refuse(source, over_limit("max_digits", limits.max_digits, digits), path)
    if len(exponent) > 12:
        _refuse(source, over_limit("max_exponent", limits.max_exponent, 10**12), path)
    adjusted = abs(Decimal(text.strip()).adjusted())
    if adjusted > limits.max_exponent:
        _refuse(source, over_limit("max_exponent", limits.max_exponent, adjusted), path)


def _check_values(data: object, source: str, limits: Limits) -> None:
    """Refuse a lone surrogate (``\\ud800``) in a string and an oversized decimal string."""
    pending: list[tuple[object, str]] = [(data, "$")]
    while pending:
        value, path = pending.pop()
        if isinstance(value, dict):
            pending.extend((v, f"{path}.{k}") for k, v in value.items())
        elif isinstance(value, list):
            pending.extend((v, f"{path}[{i}]") for i, v in enumerate(value))
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                _refuse(
                    source,
                    say(
                        "字符串含有无效的 Unicode 转义（孤立的代理项）",
                        "a string holds an invalid Unicode escape (a lone surrogate)",
                    ),
                    path,
                )
            if len(value) < 400 and _NUMBER_TEXT.fullmatch(value):
                _check_number(value, source, limits, path)
            elif _NUMBER_TEXT.fullmatch(value[:400]):  # a number too long to be one
                _refuse(source, over_limit("max_digits", limits.max_digits, len(value)), path)


def _parse(text: str, source: str, limits: Limits) -> object:
    """``json.loads`` with numbers checked before they are converted."""

    def number(kind: type[int] | type[Decimal]) -> Any:
        def convert(literal: str) -> int | Decimal:
            _check_number(literal, source, limits, "$")
            return kind(literal)

        return convert

    def constant(name: str) -> NoReturn:
        _refuse(source, say(f"不是 JSON：{name} 不是数", f"not JSON: {name} is not a number"))

    return json.loads(
        text, parse_int=number(int), parse_float=number(Decimal), parse_constant=constant
    )


def load_json_text(
    text: str, *, source: str = "<json>", limits: Limits = DEFAULT_LIMITS
) -> Contents:
    """
    Read a JSON document written by :func:`dump_json_text`.

    The nesting depth is counted, and the size of every number and decimal
    string checked, before anything is converted (:class:`Limits`).

    Args:
        text: The JSON text.
        source: Its file name, for error locations.
        limits: ``max_depth``, ``max_digits`` and ``max_exponent``.

    Returns:
        The department and self-evaluations.

    Raises:
        TableError: The text is not JSON, exceeds a limit, or does not match
            the schema; every problem is listed with its JSON path (in
            ``column``).
    """
    _check_depth(text, source, limits)
    try:
        data = _parse(text, source, limits)
    except json.JSONDecodeError as error:
        where = Location(file=source, row=error.lineno, column=str(error.colno))
        message = say(f"不是 JSON：{error.msg}", f"not JSON: {error.msg}")
        raise TableError([Problem(where=where, message=message)]) from None
    _check_values(data, source, limits)
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
        TableError: The file is missing, not a regular file, too large,
            not JSON, beyond a limit, or not a table document; every
            problem with its JSON path.
    """
    from perftarget.io._csvtext import decode

    path = Path(path)
    with reading(str(path)):
        return load_json_text(decode(path, limits), source=str(path), limits=limits)


def write_json(table: Writable, path: str | Path) -> None:
    """
    Write tables as a JSON document (UTF-8).

    Args:
        table: What to write.
        path: The ``.json`` file.

    The file is replaced only once it is complete.

    Raises:
        OSError: The file cannot be written; an existing file is unchanged.
    """
    text = dump_json_text(table)
    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
