"""
The JSON Schema of perftarget's table documents, derived from the model.

The published file ``perftarget/io/schema/table.schema.json`` is this
function's output; a test checks that they agree, so the schema cannot drift
from the classes.  Regenerate it with::

    python -c "from perftarget.io._schema import write_schema; write_schema()"
"""

from __future__ import annotations

import datetime
import enum
import json
import types
import typing
from decimal import Decimal
from typing import Any, Final

import attrs

from perftarget.core._categories import Level1, Level2
from perftarget.core._dates import Deadline
from perftarget.core._model import (
    Actual,
    Baseline,
    Department,
    Indicator,
    Project,
    Revision,
    Target,
)
from perftarget.core._quantity import MONEY_UNITS, Money
from perftarget.exceptions import Location
from perftarget.io._json import FORMAT, SCHEMA_PATH
from perftarget.io._selfeval import SelfEvaluation
from perftarget.score import BudgetRow, EvaluationRow

__all__ = ["table_schema", "write_schema"]

_CLASSES: Final[dict[type, str]] = {
    Department: "A department's target tables (部门项目绩效目标).",
    Project: "One project's performance-target table (项目绩效目标表).",
    Indicator: "A level-3 indicator (三级指标) under its level-1 and level-2 categories.",
    Baseline: "Last year's target and actual (上年指标值, 上年实际值) of an indicator.",
    Revision: "An adjustment of the target during the year (调整后指标值, 调整时间, 调整原因).",
    Target: "A target value (指标值); `text` is the string as written.",
    Actual: "An actual outcome (实际完成值).",
    Deadline: "A date at the precision written: year, month or day.",
    Money: "An exact amount of money.",
    SelfEvaluation: "A self-evaluation table (绩效自评表).",
    EvaluationRow: "One self-evaluation row.",
    BudgetRow: "The funding line (预算执行率) of a self-evaluation.",
    Location: "Where something was read: file, sheet, 1-based row, column.",
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _of(kind: Any) -> dict[str, Any]:
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [_of(a) for a in args if a is not type(None)]
        schema = inner[0] if len(inner) == 1 else {"anyOf": inner}
        return _nullable(schema) if type(None) in args else schema
    if origin in (tuple, list):
        return {"type": "array", "items": _of(args[0])}
    simple: dict[Any, dict[str, Any]] = {
        Decimal: {"$ref": "#/$defs/decimal"},
        datetime.date: {"type": "string", "format": "date"},
        str: {"type": "string"},
        bool: {"type": "boolean"},
        int: {"type": "integer"},
    }
    if kind in simple:
        return simple[kind]
    if kind in (Level1, Level2):
        return {"enum": [member.zh for member in kind]}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return {"enum": [member.value for member in kind]}
    if attrs.has(kind):
        return {"$ref": f"#/$defs/{kind.__name__}"}
    raise TypeError(f"no JSON Schema for {kind!r}")  # pragma: no cover


def table_schema() -> dict[str, Any]:
    """
    Build the JSON Schema (draft 2020-12) of a table document.

    Returns:
        The schema as a dictionary.
    """
    definitions: dict[str, Any] = {}
    for cls, description in _CLASSES.items():
        hints = typing.get_type_hints(cls)
        properties = {item.name: _of(hints[item.name]) for item in attrs.fields(cls)}
        if cls is Money:
            properties["unit"] = {"enum": list(MONEY_UNITS)}
        definitions[cls.__name__] = {
            "type": "object",
            "description": description,
            "properties": properties,
            "required": [i.name for i in attrs.fields(cls) if i.default is attrs.NOTHING],
            "additionalProperties": False,
        }
    definitions["decimal"] = {
        "type": "string",
        "pattern": r"^-?\d+(\.\d+)?$",
        "description": 'An exact decimal number written as a string, e.g. "278.4449".',
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://perftarget.invalid/schema/table.schema.json",
        "title": "perftarget table document",
        "description": "Target tables (a department) and self-evaluations, as written by "
        "perftarget's JSON writer. Decimals are strings; labels are the Chinese ones.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "department": {"$ref": "#/$defs/Department"},
            "evaluations": {"type": "array", "items": {"$ref": "#/$defs/SelfEvaluation"}},
        },
        "required": ["format", "department", "evaluations"],
        "additionalProperties": False,
        "$defs": definitions,
    }


def write_schema() -> None:
    """Write :func:`table_schema` to the published file."""
    text = json.dumps(table_schema(), ensure_ascii=False, indent=2) + "\n"
    SCHEMA_PATH.write_text(text, encoding="utf-8")
