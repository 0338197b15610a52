"""
Configuration files: TOML read into typed values, with one error shape.

Rule sets, review configurations, label aliases and monitoring profiles are
TOML files read by :func:`load_toml`: the text is parsed with numbers as
:class:`~decimal.Decimal` (a TOML float never becomes a float), an optional
step prepares the table (``extends``, a sub-table), and cattrs builds the
typed value.  Every problem is gathered and raised at once as a
:class:`~perftarget.ConfigError` (or the subclass the caller names), each
with its field path (``lower.formula``, ``level1_weights.output``,
``level1."项目完成指标"``, ``grades[2].lower``), what was expected and
what was found.

Hooks are strict: a string is not a number, an integer is not a string, a
string is not a list of characters, an enum is read by its value.  A hook
refuses a value by raising :class:`Invalid`, which may carry several
problems, each below the value (a key of a table).
"""

from __future__ import annotations

import enum
import json
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, get_args, get_origin

from perftarget.exceptions import ConfigError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "Invalid",
    "config_converter",
    "field_path",
    "load_toml",
    "read_toml",
    "refuse",
    "resolve_extends",
    "shipped_file",
    "shipped_names",
    "structure",
]

_T = TypeVar("_T")
#: One problem: ``(field path, expected, found)``.
Problem = tuple[str, str, str]
#: One problem below a value: ``(key or index below it, or None, expected, found)``.
Entry = tuple[str | int | None, str, str]

#: A key written without quotes in a TOML dotted path.
_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+\Z")


class Invalid(ValueError):
    """
    A value a structure hook refuses, with every problem found in it.

    Each entry names the key (or index) below the value it is about, or None
    for the value itself, what was expected and what was found (as text).

    Args:
        *entries: ``(key or None, expected, found)`` triples.
    """

    def __init__(self, *entries: Entry) -> None:
        self.entries = entries
        super().__init__("; ".join(f"expected {exp}, found {found}" for _, exp, found in entries))


def refuse(expected: str, value: object) -> Invalid:
    """
    Return the error a hook raises for one value it refuses.

    Args:
        expected: What the field takes (``a number``).
        value: The value found; shown as its ``repr``.

    Returns:
        An :class:`Invalid` with one entry about the value itself.
    """
    return Invalid((None, expected, repr(value)))


def field_path(path: str, key: str | int | None) -> str:
    """
    Return the path of ``key`` below ``path``, written as TOML writes dotted keys.

    Args:
        path: The path of the enclosing value (``""`` at the top level).
        key: A key (quoted when it is not a bare TOML key), an index, or None.

    Returns:
        The joined path.

    Examples:
        >>> field_path("level1_weights", "output"), field_path("grades", 2)
        ('level1_weights.output', 'grades[2]')
        >>> field_path("level1", "项目完成指标"), field_path("", "id")
        ('level1."项目完成指标"', 'id')
    """
    if key is None:
        return path
    if isinstance(key, int):
        return f"{path}[{key}]"
    part = key if _BARE_KEY.match(key) else json.dumps(key, ensure_ascii=False)
    return f"{path}.{part}" if path else part


def read_toml(text: str, *, source: str, error: type[ConfigError] = ConfigError) -> dict[str, Any]:
    """
    Parse TOML text, numbers as :class:`~decimal.Decimal`.

    Args:
        text: The TOML document.
        source: Named in the error.
        error: The error class to raise.

    Returns:
        The document as a dictionary.

    Raises:
        ConfigError: The text is not valid TOML (as ``error``).

    Examples:
        >>> read_toml("weight = 0.1", source="x")
        {'weight': Decimal('0.1')}
    """
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as problem:
        raise error(source, [("(file)", "valid TOML", str(problem))]) from None


def _read_file(path: str | os.PathLike[str], error: type[ConfigError]) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error(str(path), [("(file)", "a readable UTF-8 file", str(problem))]) from None


def _merge(
    base: Mapping[str, Any], over: Mapping[str, Any], atomic: frozenset[str]
) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping) and key not in atomic:
            merged[key] = _merge(old, value, atomic)
        else:
            merged[key] = value
    return merged


def resolve_extends(
    data: dict[str, Any],
    *,
    source: str,
    error: type[ConfigError],
    shipped: Callable[[], Sequence[str]],
    read: Callable[[str], str],
    atomic: frozenset[str] = frozenset(),
    seen: tuple[str, ...] = (),
) -> dict[str, Any]:
    """
    Merge a document over the shipped one its ``extends`` names, recursively.

    Tables merge key by key, except those named in ``atomic``, which the
    document replaces whole.

    Args:
        data: The parsed document; its ``extends`` key is removed.
        source: Named in errors.
        error: The error class to raise.
        shipped: Returns the names a document may extend.
        read: Returns the TOML text of a shipped name.
        atomic: Tables replaced whole (``level1_weights``).
        seen: The names already being resolved (for cycles).

    Returns:
        The merged document, without ``extends``.

    Raises:
        ConfigError: ``extends`` names nothing shipped, or a cycle (as ``error``).
    """
    parent = data.pop("extends", None)
    if parent is None:
        return data
    names = shipped()
    if not isinstance(parent, str) or parent not in names:
        raise error(source, [("extends", "one of " + ", ".join(names), repr(parent))])
    if parent in seen:
        raise error(source, [("extends", "no cycle", " → ".join((*seen, parent)))])
    base = resolve_extends(
        read_toml(read(parent), source=parent, error=error),
        source=parent,
        error=error,
        shipped=shipped,
        read=read,
        atomic=atomic,
        seen=(*seen, parent),
    )
    return _merge(base, data, atomic)


# -- hooks ----------------------------------------------------------------------


def _decimal(value: object, _: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise refuse("a number", value)
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (ArithmeticError, InvalidOperation):
        raise refuse("a number", value) from None
    if not number.is_finite():
        raise refuse("a finite number", value)
    return number


def _strict(kind: type, label: str) -> Callable[[object, object], object]:
    def hook(value: object, _: object) -> object:
        if type(value) is not kind:
            raise refuse(label, value)
        return value

    return hook


def _enum_hook(enum_type: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    def hook(value: object, _: object) -> enum.Enum:
        for member in enum_type:
            if member.value == value:
                return member
        raise refuse("one of " + ", ".join(repr(m.value) for m in enum_type), value)

    return hook


def _is_enum(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _origin(kind: Any) -> Any:
    return get_origin(kind) or kind


def _is_table(kind: Any) -> bool:
    return _origin(kind) in (dict, Mapping)


def _is_array(kind: Any) -> bool:
    return _origin(kind) in (list, tuple, frozenset, set, Sequence) and bool(get_args(kind))


def _table_hook(kind: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    from cattrs.cols import mapping_structure_factory

    inner = mapping_structure_factory(kind, conv)

    def hook(value: object, _: object) -> object:
        if not isinstance(value, Mapping):
            raise refuse("a table", value)
        return inner(value, kind)

    return hook


def _record_hook(kind: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    from cattrs.gen import make_dict_structure_fn

    inner = make_dict_structure_fn(kind, conv, _cattrs_forbid_extra_keys=True)

    def hook(value: object, _: object) -> object:
        if not isinstance(value, Mapping):
            raise refuse("a table", value)
        return inner(value, kind)

    return hook


def _array_hook(kind: Any, conv: cattrs.Converter) -> Callable[[object, object], object]:
    from cattrs.cols import homogenous_tuple_structure_factory, list_structure_factory

    origin, args = _origin(kind), get_args(kind)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        inner = conv.gen_structure_hetero_tuple(kind)
        size = len(args)

        def fixed(value: object, _: object) -> object:
            if not isinstance(value, list | tuple) or len(value) != size:
                raise refuse(f"a list of {size} values", value)
            return inner(value, kind)

        return fixed
    element = args[0]
    if origin is tuple:
        items = homogenous_tuple_structure_factory(kind, conv)
    else:
        items = list_structure_factory(list[element], conv)  # type: ignore[valid-type]
    finish: Callable[[Any], object] = frozenset if origin in (frozenset, set) else (lambda x: x)

    def hook(value: object, _: object) -> object:
        if not isinstance(value, list | tuple):
            raise refuse("a list", value)
        return finish(items(value, kind))

    return hook


def config_converter() -> cattrs.Converter:
    """
    Return a new converter with the strict hooks of configuration files.

    A loader that needs hooks of its own (labels, field renames) adds them to
    its own converter; the result is worth caching.

    Returns:
        A cattrs converter refusing unknown keys, with strict hooks for
        ``Decimal``, ``str``, ``int``, ``bool``, enums (by value), tables,
        arrays and attrs classes (which need a table).
    """
    import attrs
    import cattrs  # imported on first use: ``import perftarget`` stays light

    conv = cattrs.Converter(forbid_extra_keys=True)
    conv.register_structure_hook(Decimal, _decimal)
    conv.register_structure_hook(str, _strict(str, "a string"))
    conv.register_structure_hook(int, _strict(int, "an integer"))
    conv.register_structure_hook(bool, _strict(bool, "true or false"))
    conv.register_structure_hook_factory(_is_enum, _enum_hook)
    conv.register_structure_hook_factory(_is_table, _table_hook)
    conv.register_structure_hook_factory(_is_array, _array_hook)
    conv.register_structure_hook_factory(attrs.has, _record_hook)
    return conv


@cache
def _shared_converter() -> cattrs.Converter:
    return config_converter()


# -- structuring -----------------------------------------------------------------


def _known_fields(cls: type, keys: Mapping[str, str]) -> str:
    import attrs

    if not attrs.has(cls):  # pragma: no cover - every configuration is an attrs class
        return "known fields"
    return ", ".join(keys.get(a.name, a.name) for a in attrs.fields(cls))


def _walk(error: BaseException, path: str, keys: Mapping[str, str], out: list[Problem]) -> None:
    from cattrs.errors import (
        AttributeValidationNote,
        ClassValidationError,
        ForbiddenExtraKeysError,
        IterableValidationError,
        IterableValidationNote,
    )

    if isinstance(error, ForbiddenExtraKeysError):
        expected = "only the fields " + _known_fields(error.cl, keys)
        extra = sorted(error.extra_fields)
        if path:
            out.append((path, expected, "unknown field(s) " + ", ".join(extra)))
        else:  # the top level has no name: each unknown key is its own path
            out.extend((field_path("", key), expected, "an unknown field") for key in extra)
    elif isinstance(error, ClassValidationError | IterableValidationError):
        with_notes, without = error.group_exceptions()
        for inner, note in with_notes:
            key: str | int | None = None
            if isinstance(note, AttributeValidationNote):
                key = keys.get(note.name, note.name)
            elif isinstance(note, IterableValidationNote):
                key = note.index if isinstance(note.index, int | str) else str(note.index)
            _walk(inner, field_path(path, key), keys, out)
        for inner in without:
            _walk(inner, path, keys, out)
    elif isinstance(error, ConfigError):  # an invariant of the class, checked as it was built
        out.extend(
            (f"{path}.{key}" if path else key, exp, found) for key, exp, found in error.problems
        )
    elif isinstance(error, Invalid):
        out.extend((field_path(path, at), exp, found) for at, exp, found in error.entries)
    elif isinstance(error, KeyError):
        out.append((path, "a value (required field)", "nothing"))
    else:
        out.append((path, "a valid value", str(error)))


def structure(
    data: Mapping[str, Any],
    cls: type[_T],
    *,
    source: str,
    error: type[ConfigError] = ConfigError,
    converter: cattrs.Converter | None = None,
    keys: Mapping[str, str] | None = None,
) -> _T:
    """
    Build ``cls`` from a parsed document, reporting every problem at once.

    Args:
        data: The parsed document.
        cls: The attrs class to build.
        source: Named in the error.
        error: The error class to raise.
        converter: The converter (default: :func:`config_converter`'s hooks).
        keys: Attribute name → key as written, where they differ
            (``satisfaction_floor`` → ``satisfaction-floor``), for the paths.

    Returns:
        The value.

    Raises:
        ConfigError: Every invalid field, each with its path (as ``error``).
            A ``ConfigError`` raised while building the value (an invariant
            of ``cls``) is raised again as ``error``, named after ``source``.
    """
    from cattrs.errors import BaseValidationError

    try:
        return (converter or _shared_converter()).structure(data, cls)
    except BaseValidationError as problem:
        found: list[Problem] = []
        _walk(problem, "", keys or {}, found)
        raise error(source, found) from None
    except ConfigError as problem:
        raise error(source, problem.problems) from None


def load_toml(
    text_or_path: str | os.PathLike[str],
    cls: type[_T],
    *,
    source: str | None = None,
    error: type[ConfigError] = ConfigError,
    converter: cattrs.Converter | None = None,
    keys: Mapping[str, str] | None = None,
    prepare: Callable[[dict[str, Any]], Mapping[str, Any]] | None = None,
) -> _T:
    """
    Read a TOML configuration into ``cls``.

    Args:
        text_or_path: The TOML text, or the path of a file (a
            :class:`~os.PathLike`; a ``str`` is always text).
        cls: The attrs class to build.
        source: Named in errors (default: the path, or ``<string>``).
        error: The error class to raise, a :class:`~perftarget.ConfigError`.
        converter: The converter (default: the strict hooks of
            :func:`config_converter`).
        keys: Attribute name → key as written, for the paths of problems.
        prepare: Turns the parsed document into the table to structure
            (resolve ``extends``, pick a sub-table).

    Returns:
        The value.

    Raises:
        ConfigError: The file cannot be read, is not valid TOML, or has
            invalid fields, every one reported at once (as ``error``).

    Examples:
        >>> from attrs import frozen
        >>> @frozen
        ... class Bar:
        ...     lower: Decimal
        ...     upper: Decimal
        >>> load_toml("lower = 0.5\\nupper = 1", Bar)
        Bar(lower=Decimal('0.5'), upper=Decimal('1'))
        >>> load_toml('lower = "low"\\nupper = true', Bar)
        Traceback (most recent call last):
          ...
        perftarget.exceptions.ConfigError: invalid configuration <string>:
          - lower: expected a number, found 'low'
          - upper: expected a number, found True
    """
    if isinstance(text_or_path, str):
        text, name = text_or_path, "<string>"
    else:
        text, name = _read_file(text_or_path, error), str(text_or_path)
    where = source if source is not None else name
    data = read_toml(text, source=where, error=error)
    table = prepare(data) if prepare is not None else data
    return structure(table, cls, source=where, error=error, converter=converter, keys=keys)


def shipped_names(package: str, folder: str = "") -> tuple[str, ...]:
    """
    The names of the ``.toml`` files a package ships (rule sets, profiles), sorted.

    Examples:
        >>> "mof2020_selfeval" in shipped_names("perftarget.rules")
        True
    """
    from importlib import resources

    place = resources.files(package)
    if folder:
        place = place.joinpath(folder)
    return tuple(sorted(p.name[:-5] for p in place.iterdir() if p.name.endswith(".toml")))


def shipped_file(
    name_or_path: str | os.PathLike[str],
    shipped: Sequence[str],
    *,
    error: type[ConfigError],
    field: str,
) -> str | Path:
    """
    Tell a shipped configuration's name from the path of a user's file.

    Args:
        name_or_path: A shipped name or a path.
        shipped: The shipped names.
        error: The error to raise for what is neither.
        field: The field named in that error (``rules``, ``profile``).

    Returns:
        The shipped name (a ``str``), or the :class:`~pathlib.Path` of the file.

    Raises:
        ConfigError: Neither a shipped name nor a ``.toml`` file (as ``error``).
    """
    if isinstance(name_or_path, str) and name_or_path in shipped:
        return name_or_path
    path = Path(name_or_path)
    if path.suffix != ".toml" and not path.exists():
        expected = "a TOML file or one of " + ", ".join(shipped)
        raise error(str(name_or_path), [(field, expected, repr(str(name_or_path)))])
    return path
