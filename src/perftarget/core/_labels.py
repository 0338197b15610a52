"""
Resolving level labels as written to categories: the open label vocabulary.

A label resolves through known aliases (data, in ``_data/labels.toml``,
extendable by the user), normalisation, known stems and close matches; the
:class:`Resolution` says which steps changed anything, so the readers can
report them.  A label that names nothing resolves to ``None``, not an error;
:func:`~perftarget.parse_level1` and :func:`~perftarget.parse_level2`
(:mod:`perftarget.core._levellabel`) raise for callers that want one.
"""

from __future__ import annotations

import enum
import functools
import os
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from perftarget.core._aliastables import _converter, _level1_pairs, _level2_pairs
from perftarget.core._categories import Level1, Level2
from perftarget.core._config import load_toml, structure
from perftarget.core._labelforms import (
    _CLOSE_MAX,
    _REPEATS,
    _core,
    _debracket,
    _forms,
    _key,
    _within_one_edit,
)
from perftarget.core._lang import say
from perftarget.core._stems import _DOMAIN_EFFECTS, _EFFECT_DOMAINS, _LEVEL1_STEMS, _LEVEL2_STEMS
from perftarget.core._text import is_cjk
from perftarget.core._textcache import _text_cache
from perftarget.exceptions import LabelAliasError

__all__ = [
    "LabelAliases",
    "Resolution",
    "ResolutionStep",
    "load_label_aliases",
    "resolve_level1",
    "resolve_level2",
]


# ----------------------------------------------------------------- resolution


class ResolutionStep(enum.Enum):
    """
    One way a label was changed or interpreted on its way to a category.

    Only steps that changed anything are recorded, in the order they were
    applied (see :class:`Resolution`).
    """

    #: Numbering, ★ marks, spaces, brackets, a trailing 等 or colon, full-width
    #: forms or a weight in another shape than the canonical ``(50分)`` removed.
    NORMALISED = "normalised"
    #: A known variant label (an alias) other than the member's own label.
    ALIAS = "alias"
    #: A known stem or synonym: ``数量目标``, ``学生满意度``, ``项目完成指标``.
    STEM = "stem"
    #: A close match: a doubled, wrong, missing or extra character.
    CLOSE = "close"

    def describe(self) -> str:
        """
        Name the step in the current message language.

        Examples:
            >>> ResolutionStep.CLOSE.describe()
            'close match'
        """
        zh, en = _STEP_NAMES[self]
        return say(zh, en)


_STEP_NAMES: Final[dict[ResolutionStep, tuple[str, str]]] = {
    ResolutionStep.NORMALISED: ("规范化", "normalised"),
    ResolutionStep.ALIAS: ("别名", "alias"),
    ResolutionStep.STEM: ("词干", "stem"),
    ResolutionStep.CLOSE: ("近似匹配", "close match"),
}


@frozen(kw_only=True)
class Resolution:
    """
    What a level label names, and how it was read.

    Attributes:
        written: The label as given.
        category: The category it names; ``None`` when it names none (or
            more than one).
        weight: The weight (分值) the label carries, such as ``50`` in
            ``产出指标(50分)``; read even when the category is not.
        steps: The steps that changed anything, in the order applied.
        matched: The alias, stem or label that matched; ``""`` if none.

    Examples:
        >>> found = resolve_level2("（一）数量目标（20分）")
        >>> found.category, found.weight, found.matched
        (<Level2.QUANTITY: ('数量指标', 'quantity')>, Decimal('20'), '数量')
        >>> [step.value for step in found.steps]
        ['normalised', 'stem']

    .. versionadded:: 0.2
    """

    written: str
    category: Level1 | Level2 | None
    weight: Decimal | None = None
    steps: tuple[ResolutionStep, ...] = ()
    matched: str = ""

    @property
    def resolved(self) -> bool:
        """Whether the label names a category."""
        return self.category is not None

    def explain(self) -> str:
        """
        Say in one sentence, in the current message language, how the label was read.

        Returns:
            The sentence.

        Examples:
            >>> resolve_level1("效果指标").explain()
            "'效果指标' read as effect (alias: '效果指标')"
            >>> resolve_level1("产出指标").explain()
            "'产出指标' is output"
        """
        written = self.written
        if self.category is None:
            return say(f"“{written}”未对应任何已知类别", f"{written!r} names no known category")
        zh, en = self.category.zh, self.category.en
        if not self.steps:
            return say(f"“{written}”即{zh}", f"{written!r} is {en}")
        how_zh = "、".join(_STEP_NAMES[step][0] for step in self.steps)
        how_en = ", ".join(_STEP_NAMES[step][1] for step in self.steps)
        return say(
            f"“{written}”读作{zh}（{how_zh}：“{self.matched}”）",
            f"{written!r} read as {en} ({how_en}: {self.matched!r})",
        )


# ----------------------------------------------------------------- aliases


@frozen(kw_only=True, cache_hash=True)
class LabelAliases:
    """
    Variant labels a user adds to the built-in table, per level.

    Each entry pairs a label as tables write it with the category it names.
    Keys are compared after full-width forms are folded, spaces removed and
    letters lower-cased.  Merged over the built-in table by
    :func:`resolve_level1` and :func:`resolve_level2` (``aliases=``), an entry
    here wins over a built-in one.  Values compare and hash by content, so
    one loaded table can be reused as a cache key.

    Attributes:
        level1: ``(label, Level1)`` pairs; a mapping is accepted too.
        level2: ``(label, Level2)`` pairs; a mapping is accepted too.

    Examples:
        >>> extra = LabelAliases(level1={"工作完成指标": Level1.OUTPUT})
        >>> resolve_level1("工作完成指标", aliases=extra).category
        <Level1.OUTPUT: ('产出指标', 'output')>

    .. versionadded:: 0.2
    """

    level1: tuple[tuple[str, Level1], ...] = field(default=(), converter=_level1_pairs)
    level2: tuple[tuple[str, Level2], ...] = field(default=(), converter=_level2_pairs)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "mapping") -> LabelAliases:
        """
        Build aliases from the tables of a parsed TOML document.

        Args:
            data: ``{"level1": {label: member, ...}, "level2": {...}}``; a member
                is named by its English label, its Python name or its Chinese
                label, in any case.
            source: Named in error messages.

        Returns:
            The aliases.

        Raises:
            LabelAliasError: Every invalid entry at once, each with its field
                (``level1."项目完成指标"``), what was expected and what was
                found; a :class:`~perftarget.RuleSetError`.
        """
        return structure(data, cls, source=source, error=LabelAliasError, converter=_converter())

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<string>") -> LabelAliases:
        """
        Build aliases from TOML text; see :func:`load_label_aliases` for the shape.

        Args:
            text: The TOML document.
            source: Named in error messages.

        Returns:
            The aliases.

        Raises:
            LabelAliasError: The TOML is malformed or an entry is invalid (a
                :class:`~perftarget.RuleSetError`).
        """
        return load_toml(text, cls, source=source, error=LabelAliasError, converter=_converter())


def load_label_aliases(path: str | os.PathLike[str]) -> LabelAliases:
    """
    Read variant labels from a TOML file.

    The file has a ``[level1]`` and a ``[level2]`` table (either may be
    missing); each entry maps a label as tables write it to the category it
    names, by the member's English label, Python name or Chinese label::

        [level1]
        "项目完成指标" = "output"        # or "OUTPUT", or "产出指标"

        [level2]
        "工程进度指标" = "timeliness"
        "受益群众满意度指标" = "service-recipient satisfaction"

    Keys are compared after full-width forms are folded, spaces removed and
    letters lower-cased; numbering, weights and a trailing ``等`` are removed
    from the written label before the lookup, so a key needs none of them.

    Args:
        path: The TOML file.

    Returns:
        The aliases, to pass as ``aliases=`` to :func:`resolve_level1` and
        :func:`resolve_level2`.

    Raises:
        LabelAliasError: The file cannot be read, is not valid TOML, or an
            entry names no category; every problem is reported at once, each
            with its field.  A :class:`~perftarget.RuleSetError`.

    .. versionadded:: 0.2

    .. versionchanged:: Unreleased
       Raises :class:`~perftarget.LabelAliasError`, a ``RuleSetError``.
    """
    return load_toml(Path(path), LabelAliases, error=LabelAliasError, converter=_converter())


@functools.cache
def _builtin_aliases() -> LabelAliases:
    text = (
        resources.files("perftarget").joinpath("_data", "labels.toml").read_text(encoding="utf-8")
    )
    return LabelAliases.from_toml(text, source="perftarget/_data/labels.toml")


class _Ambiguous:
    """Marks text that names more than one category."""


_AMBIGUOUS: Final = _Ambiguous()

_Hit = tuple[Level1 | Level2, str, bool]  # category, alias as written, is a member's own label


class _Index:
    """The lookup tables of one level under one set of user aliases."""

    def __init__(self, level: int, aliases: LabelAliases | None) -> None:
        members: tuple[Level1 | Level2, ...] = tuple(Level1 if level == 1 else Level2)
        entries: list[tuple[str, Level1 | Level2, bool]] = []
        for member in members:
            entries += [(member.zh, member, True), (member.en, member, True)]
        for table in (_builtin_aliases(), aliases):
            if table is not None:
                pairs = table.level1 if level == 1 else table.level2
                entries += [(label, member, False) for label, member in pairs]
        self.exact: dict[str, _Hit] = {}
        for label, member, own in entries:
            self.exact[_key(label)] = (member, label, own)
        self.cores: dict[str, Level1 | Level2 | _Ambiguous] = {}
        close: dict[str, _Hit] = {}
        for key, hit in self.exact.items():
            for form in dict.fromkeys((key, _debracket(key))):
                core = _core(form)
                known = self.cores.setdefault(core, hit[0])
                if known is not hit[0]:
                    self.cores[core] = _AMBIGUOUS
                close.setdefault(form, hit)
        self.close = tuple(close.items())
        self.stems = _LEVEL1_STEMS if level == 1 else _LEVEL2_STEMS
        self.level = level

    def stem(self, text: str) -> tuple[Level1 | Level2, str] | _Ambiguous | None:
        """Read ``text`` through its core and the known stems."""
        core = _core(text)
        known = self.cores.get(core)
        if isinstance(known, _Ambiguous):
            return known
        if known is not None:
            return known, core
        matches = [
            (stem, member)
            for stem, member, how in self.stems
            if (how == "in" and stem in core)
            or (how == "start" and core.startswith(stem))
            or (how == "core" and core == stem)
        ]
        matches = [
            (stem, member)
            for stem, member in matches
            if not any(stem != other and stem in other for other, _ in matches)
        ]
        if self.level == 2 and _names_several_domains(core):
            matches = [m for m in matches if m[1] not in _DOMAIN_EFFECTS]
            matches.append((core, Level2.COMBINED_EFFECT))
        found = {member for _, member in matches}
        if len(found) > 1:
            return _AMBIGUOUS
        if not found:
            return None
        return max(matches, key=lambda match: len(match[0]))[::-1]

    def near(self, text: str) -> _Hit | None:
        """Return the one category a known label one edit from ``text`` names."""
        found: dict[Level1 | Level2, _Hit] = {}
        for form, hit in self.close:
            if abs(len(form) - len(text)) <= 1 and _within_one_edit(text, form):
                found.setdefault(hit[0], hit)
        return next(iter(found.values())) if len(found) == 1 else None


def _names_several_domains(core: str) -> bool:
    if "效益" not in core and "效果" not in core:
        return False
    return sum(any(word in core for word in words) for words in _EFFECT_DOMAINS) >= 2


@functools.lru_cache(maxsize=32)
def _index(level: int, aliases: LabelAliases | None) -> _Index:
    return _Index(level, aliases)


def _close_allowed(text: str) -> bool:
    shortest = 4 if any(is_cjk(char) for char in text) else 6
    return shortest <= len(text) <= _CLOSE_MAX


@_text_cache(maxsize=8192)
def _resolve(label: str, level: int, aliases: LabelAliases | None) -> Resolution:
    index = _index(level, aliases)
    weight, forms, bare = _forms(label)
    N, A, S, C = (
        ResolutionStep.NORMALISED,
        ResolutionStep.ALIAS,
        ResolutionStep.STEM,
        ResolutionStep.CLOSE,
    )

    def done(category: Level1 | Level2 | None, matched: str, *steps: ResolutionStep) -> Resolution:
        return Resolution(
            written=label, category=category, weight=weight, steps=steps, matched=matched
        )

    for form in forms:
        hit = index.exact.get(form)
        if hit is not None:
            steps = ((N,) if form != bare else ()) + (() if hit[2] else (A,))
            return done(hit[0], hit[1], *steps)
    text = forms[-1]
    cleaned = (N,) if text != bare else ()
    if not text:
        return done(None, "", *cleaned)
    # A doubled character that hides a known label is a typo, not a stem.
    close = _close_allowed(text)
    single = _REPEATS.sub(r"\1", text) if close else text
    hit = index.exact.get(single) if single != text else None
    if hit is not None:
        return done(hit[0], hit[1], *cleaned, C, *(() if hit[2] else (A,)))
    found = index.stem(text)
    if isinstance(found, _Ambiguous):
        return done(None, "", *cleaned)
    if found is not None:
        return done(found[0], found[1], *cleaned, S)
    if not close:
        return done(None, "", *cleaned)
    if single != text:
        found = index.stem(single)
        if isinstance(found, tuple):
            return done(found[0], found[1], *cleaned, C, S)
    core = _core(text)
    for candidate in dict.fromkeys((text, single, core + "指标")):
        hit = index.near(candidate)
        if hit is not None:
            return done(hit[0], hit[1], *cleaned, C, *(() if hit[2] else (A,)))
    return done(None, "", *cleaned)


def resolve_level1(label: str, *, aliases: LabelAliases | None = None) -> Resolution:
    """
    Say which level-1 category (一级指标) a label names, and how it was read.

    The label is read in this order, each step recorded in
    :attr:`Resolution.steps` when it changed anything:

    1. the known aliases (the built-in table, with ``aliases`` merged over
       it), tried on the label as written, then cleaned: numbering (``一、``
       ``1.`` ``（一）`` ``①``), ``★``, spaces, full-width forms, a trailing
       ``等`` or colon and bracketed text removed, and the weight taken off
       in any shape: ``(50分)``, ``（15分）``, ``50分``, ``XX 13 分``, ``(50)``;
       a range ``(0-20)分`` weighs its upper bound, 20;
    2. known stems and synonyms: the label without ``指标``/``目标``/``类``
       against the known labels (``产出目标``, ``效益``), then stems it
       contains (``项目产出``, ``项目效益``, ``项目决策``, ``项目管理``,
       ``项目完成…``); an alias always wins over a stem, and text holding
       stems of two categories (``产出效益``) stays unresolved;
    3. a close match, for labels of four or more characters (six when
       there is no Chinese) up to 40: a doubled character or one wrong,
       missing or extra character against a known label, when exactly one
       category is that close.

    Otherwise :attr:`Resolution.category` is ``None``; the weight is still read.
    Results are cached per label and alias table (labels of up to
    :data:`~perftarget.core._parse.CACHED_TEXT_LONGEST` characters).

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The resolution; it never raises on any text.

    Examples:
        >>> found = resolve_level1("一、项目产出(0-20)分")
        >>> found.category, found.weight, found.matched
        (<Level1.OUTPUT: ('产出指标', 'output')>, Decimal('20'), '产出')
        >>> resolve_level1("投入指标").category is None
        True

    .. versionadded:: 0.2
    """
    return _resolve(label, 1, aliases)


def resolve_level2(label: str, *, aliases: LabelAliases | None = None) -> Resolution:
    """
    Say which level-2 category (二级指标) a label names, and how it was read.

    The order is that of :func:`resolve_level1`.  The stems of level 2 include
    ``…满意度`` (a level 2 named after its users, ``学生满意度``), ``数量``,
    ``质量``, ``时效``/``进度``/``工期``, ``成本`` (``经济成本`` and the other
    cost kinds win over it), the effect kinds (``环境效益`` → ecological; two
    or more kinds at once → the combined category) and the framework's
    ``项目立项``, ``绩效目标``, ``资金投入``, ``资金管理``, ``组织实施``,
    ``项目效益``/``实施效益``.

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The resolution; it never raises on any text.

    Examples:
        >>> resolve_level2("★学生满意度").category
        <Level2.SATISFACTION: ('服务对象满意度指标', 'service-recipient satisfaction')>
        >>> found = resolve_level2("数量量指标")
        >>> found.category, [step.value for step in found.steps]
        (<Level2.QUANTITY: ('数量指标', 'quantity')>, ['close'])

    .. versionadded:: 0.2
    """
    return _resolve(label, 2, aliases)
