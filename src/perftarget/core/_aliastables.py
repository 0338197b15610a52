"""
Reading label-alias tables: the ``[level1]`` and ``[level2]`` tables of a
TOML file structured into (label, category) pairs, every problem at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from perftarget.core._categories import Level1, Level2
from perftarget.core._config import Entry, Invalid, config_converter
from perftarget.core._labelforms import _key

if TYPE_CHECKING:
    import cattrs

_C = TypeVar("_C", Level1, Level2)


def _pairs(value: Mapping[str, _C] | Iterable[tuple[str, _C]]) -> tuple[tuple[str, _C], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(key), member) for key, member in items)


def _level1_pairs(
    value: Mapping[str, Level1] | Iterable[tuple[str, Level1]],
) -> tuple[tuple[str, Level1], ...]:
    return _pairs(value)


def _level2_pairs(
    value: Mapping[str, Level2] | Iterable[tuple[str, Level2]],
) -> tuple[tuple[str, Level2], ...]:
    return _pairs(value)


def _table_hook(members: type[_C]) -> Callable[[object, object], tuple[tuple[str, _C], ...]]:
    """Structure a ``[level1]`` or ``[level2]`` table: label = category, every problem at once."""
    by_ref = {ref: member for member in members for ref in _member_refs(member)}
    choices = ", ".join(repr(member.en) for member in members)

    def hook(table: object, _: object) -> tuple[tuple[str, _C], ...]:
        if not isinstance(table, Mapping):
            raise Invalid((None, "a table of label = category", type(table).__name__))
        pairs: list[tuple[str, _C]] = []
        entries: list[Entry] = []
        seen: dict[str, tuple[str, _C]] = {}
        for label, ref in table.items():
            if not _key(label):
                entries.append((label, "a label with some text", repr(label)))
                continue
            member = by_ref.get(ref.strip().lower()) if isinstance(ref, str) else None
            if member is None:
                entries.append((label, f"a category name, one of {choices}", repr(ref)))
                continue
            other = seen.setdefault(_key(label), (label, member))
            if other[1] is not member:
                expected = f"one category per label (same label as {other[0]!r})"
                entries.append((label, expected, repr(ref)))
                continue
            pairs.append((label, member))
        if entries:
            raise Invalid(*entries)
        return tuple(pairs)

    return hook


@functools.cache
def _converter() -> cattrs.Converter:
    conv = config_converter()
    level1 = tuple[tuple[str, Level1], ...]
    level2 = tuple[tuple[str, Level2], ...]
    conv.register_structure_hook_func(lambda kind: kind == level1, _table_hook(Level1))
    conv.register_structure_hook_func(lambda kind: kind == level2, _table_hook(Level2))
    return conv


def _member_refs(member: Level1 | Level2) -> tuple[str, ...]:
    return (member.en.lower(), member.name.lower(), member.zh)
