"""
Resolving level labels as written to categories: the open label vocabulary.

A label resolves through known aliases (data, in ``_data/labels.toml``,
extendable by the user), normalisation, known stems and close matches; the
:class:`Resolution` says which steps changed anything, so the readers can
report them.  A label that names nothing resolves to ``None``, not an error;
:func:`parse_level1` and :func:`parse_level2` raise for callers that want one.
"""

from __future__ import annotations

import enum
import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from attrs import field, frozen

from perftarget.core._categories import Level1, Level2
from perftarget.core._config import Entry, Invalid, config_converter, load_toml, structure
from perftarget.core._lang import say
from perftarget.core._parse import _text_cache
from perftarget.core._text import is_cjk, normalize
from perftarget.exceptions import LabelAliasError, LabelError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "LabelAliases",
    "LevelLabel",
    "Resolution",
    "ResolutionStep",
    "load_label_aliases",
    "parse_level1",
    "parse_level2",
    "resolve_level1",
    "resolve_level2",
]

_C = TypeVar("_C", Level1, Level2)

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


# ----------------------------------------------------------------- text forms

# Brackets of every kind fold to ( ); NFKC already folds （） ［］ ｛｝.
_BRACKETS: Final = str.maketrans("【〔〖［[{】〕〗］]}", "((((((" + "))))))")
# Marks that are never part of a label: ★ for core indicators, quotes,
# zero-width characters left by document conversion.
_MARKS: Final = re.compile("[★☆*※▲△●○■□◆◇√✓✔#“”\"'‘’《》〈〉「」『』\u200b-\u200d\u2060\ufeff]")
_HEADER: Final = re.compile(r"^[一二三]级指标[:：]")
_NUMBERING: Final = re.compile(
    r"^(?:第[一二三四五六七八九十\d]+[部分项类个]*"
    r"|\([一二三四五六七八九十\d]+\)"
    r"|[一二三四五六七八九十]+[、.]"
    r"|\d+(?:\.\d+)*[、.)]?"
    r"|[IVXivx]+[、.)])"
)
_LEADING_JUNK: Final = "、.:;,-·_/"
_TRAILING_JUNK: Final = "等:;,.、。!?…-·_/"
_NUMBER: Final = r"\d+(?:\.\d+)?"
_WEIGHT_END: Final = re.compile(
    rf"(?:\((?:分值|权重|满分)?:?(?P<a>{_NUMBER})(?:[-~至到](?P<b>{_NUMBER}))?分?\)分?"
    rf"|(?:分值|权重|满分)?:?(?P<c>{_NUMBER})(?:[-~至到](?P<d>{_NUMBER}))?分)$"
)
_WEIGHT_START: Final = re.compile(rf"^\((?P<a>{_NUMBER})分\)|^(?P<c>{_NUMBER})分")
#: A weight is looked for in this many characters at the end of a label only,
#: so reading a long cell stays linear.
_WEIGHT_TAIL: Final = 32
_CANONICAL_WEIGHT: Final = re.compile(rf"\({_NUMBER}分\)$")
#: Longest label (in characters, after cleaning) tried for a close match.
_CLOSE_MAX: Final = 40


def _key(text: str) -> str:
    return normalize(text).translate(_BRACKETS).lower()


def _weight_of(match: re.Match[str]) -> Decimal:
    numbers = [match.group(g) for g in ("a", "b", "c", "d") if match.groupdict().get(g)]
    return max(Decimal(number) for number in numbers)


def _take_end_weight(text: str) -> tuple[str, Decimal | None]:
    """Remove a weight ending ``text``; a range ``(0-20)分`` weighs its upper bound."""
    offset = max(len(text) - _WEIGHT_TAIL, 0)
    match = _WEIGHT_END.search(text, offset)
    if match is None or (match.start() == offset > 0 and text[offset - 1] in "0123456789."):
        return text, None
    return text[: match.start()], _weight_of(match)


def _strip_lead(text: str) -> str:
    text = _HEADER.sub("", text)
    for _ in range(3):
        stripped = _NUMBERING.sub("", text).lstrip(_LEADING_JUNK)
        if stripped == text or not stripped:
            break
        text = stripped
    return text


def _debracket(text: str) -> str:
    """Drop bracketed text; an unclosed ``(`` drops the rest, a stray ``)`` goes."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(char)
    return "".join(out)


def _forms(label: str) -> tuple[Decimal | None, tuple[str, ...], str]:
    """
    Return the weight, the lookup forms of ``label`` (least changed first,
    the cleanest last) and the label as written without a canonical weight.
    """
    bare = _CANONICAL_WEIGHT.sub("", label).lower()
    text, weight = _take_end_weight(_key(label))
    forms = [text]
    text = _strip_lead(_MARKS.sub("", text))
    if weight is None:
        match = _WEIGHT_START.search(text)
        if match is not None:
            text, weight = text[match.end() :], _weight_of(match)
            text = _strip_lead(text)
    while True:
        before = text
        text = text.rstrip(_TRAILING_JUNK)
        if weight is None:
            text, weight = _take_end_weight(text)
        if text == before:
            break
    forms.append(text)
    # A label wholly in brackets (【产出指标】) keeps its text.
    unbracketed = _debracket(text) or text.replace("(", "").replace(")", "")
    forms.append(_strip_lead(unbracketed).rstrip(_TRAILING_JUNK))
    return weight, tuple(dict.fromkeys(forms)), bare


def _core(text: str) -> str:
    """
    Remove the suffixes a label adds to its stem: ``数量类指标`` → ``数量``,
    ``产出目标`` → ``产出`` (but 绩效目标 names a category itself).
    """
    for _ in range(3):  # a label stacks a few suffixes at most; stay linear on long text
        before = text
        for suffix in ("indicators", "indicator", "指标", "类", "方面"):
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
        if text.endswith("目标") and len(text) > 2 and not text.endswith("绩效目标"):
            text = text[:-2]
        if text == before:
            break
    return text


_REPEATS: Final = re.compile(r"(.)\1+")


def _within_one_edit(text: str, other: str) -> bool:
    """Tell whether one character changed, added or removed turns ``text`` into ``other``."""
    if len(text) < len(other):
        text, other = other, text
    if len(text) - len(other) > 1:
        return False
    i = 0
    while i < len(other) and text[i] == other[i]:
        i += 1
    if len(text) == len(other):
        return text[i + 1 :] == other[i + 1 :]
    return text[i + 1 :] == other[i:]


# ----------------------------------------------------------------- stems

# (stem, category, how): "in" the stem occurs in the label's core, "start"
# the core starts with it, "core" the core is exactly it.  A stem contained
# in another matching stem gives way to it (经济成本 beats 成本); matches
# naming different categories leave the label unresolved.
_Stem = tuple[str, Level1 | Level2, Literal["in", "start", "core"]]

_LEVEL1_STEMS: Final[tuple[_Stem, ...]] = (
    ("产出", Level1.OUTPUT, "in"),
    ("工作量", Level1.OUTPUT, "in"),
    ("项目完成", Level1.OUTPUT, "start"),
    ("效益", Level1.EFFECT, "in"),
    ("效果", Level1.EFFECT, "in"),
    ("满意", Level1.SATISFACTION, "in"),
    ("成本", Level1.COST, "in"),
    ("决策", Level1.DECISION, "in"),
    ("过程", Level1.PROCESS, "in"),
    ("项目管理", Level1.PROCESS, "core"),
    ("管理", Level1.PROCESS, "core"),
    ("output", Level1.OUTPUT, "in"),
    ("effect", Level1.EFFECT, "in"),
    ("benefit", Level1.EFFECT, "in"),
    ("outcome", Level1.EFFECT, "in"),
    ("satisfaction", Level1.SATISFACTION, "in"),
    ("cost", Level1.COST, "in"),
    ("decision", Level1.DECISION, "in"),
    ("process", Level1.PROCESS, "in"),
)

_LEVEL2_STEMS: Final[tuple[_Stem, ...]] = (
    ("数量", Level2.QUANTITY, "in"),
    ("工作量", Level2.QUANTITY, "in"),
    ("规模", Level2.QUANTITY, "in"),
    ("质量", Level2.QUALITY, "in"),
    ("时效", Level2.TIMELINESS, "in"),
    ("进度", Level2.TIMELINESS, "in"),
    ("工期", Level2.TIMELINESS, "in"),
    ("时限", Level2.TIMELINESS, "in"),
    ("及时", Level2.TIMELINESS, "in"),
    ("成本", Level2.COST, "in"),
    ("预算控制", Level2.COST, "in"),
    ("投资控制", Level2.COST, "in"),
    ("投资规模", Level2.COST, "in"),
    ("经济成本", Level2.ECONOMIC_COST, "in"),
    ("社会成本", Level2.SOCIAL_COST, "in"),
    ("生态环境成本", Level2.ECO_COST, "in"),
    ("生态成本", Level2.ECO_COST, "in"),
    ("环境成本", Level2.ECO_COST, "in"),
    ("经济效益", Level2.ECONOMIC, "in"),
    ("经济效果", Level2.ECONOMIC, "in"),
    ("社会效益", Level2.SOCIAL, "in"),
    ("社会效果", Level2.SOCIAL, "in"),
    ("生态效益", Level2.ECOLOGICAL, "in"),
    ("环境效益", Level2.ECOLOGICAL, "in"),
    ("生态效果", Level2.ECOLOGICAL, "in"),
    ("可持续", Level2.SUSTAINABILITY, "in"),
    ("满意", Level2.SATISFACTION, "in"),
    ("立项", Level2.PROJECT_APPROVAL, "in"),
    ("绩效目标", Level2.PERFORMANCE_GOALS, "in"),
    ("资金投入", Level2.FUND_INPUT, "in"),
    ("资金落实", Level2.FUND_INPUT, "in"),
    ("资金管理", Level2.FUND_MANAGEMENT, "in"),
    ("财务管理", Level2.FUND_MANAGEMENT, "in"),
    ("组织实施", Level2.IMPLEMENTATION, "in"),
    ("业务管理", Level2.IMPLEMENTATION, "in"),
    ("项目效益", Level2.PROJECT_EFFECT, "in"),
    ("实施效益", Level2.PROJECT_EFFECT, "in"),
    ("quantity", Level2.QUANTITY, "in"),
    ("quality", Level2.QUALITY, "in"),
    ("timeliness", Level2.TIMELINESS, "in"),
    ("economic", Level2.ECONOMIC, "in"),
    ("social", Level2.SOCIAL, "in"),
    ("ecological", Level2.ECOLOGICAL, "in"),
    ("environmental", Level2.ECOLOGICAL, "in"),
    ("sustainab", Level2.SUSTAINABILITY, "in"),
    ("satisfaction", Level2.SATISFACTION, "in"),
    ("cost", Level2.COST, "in"),
    ("economiccost", Level2.ECONOMIC_COST, "in"),
    ("socialcost", Level2.SOCIAL_COST, "in"),
)

#: The effect domains; a level-2 effect label naming two or more of them is
#: the combined 社会经济生态效益 category.
_EFFECT_DOMAINS: Final = (("经济",), ("社会",), ("生态", "环境"))
_DOMAIN_EFFECTS: Final = frozenset({Level2.ECONOMIC, Level2.SOCIAL, Level2.ECOLOGICAL})


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


# ----------------------------------------------------------------- parsing


@frozen(kw_only=True)
class LevelLabel:
    """
    A level label as read from a table: the category and, where the label
    carries one (``产出指标(50分)``), its weight.
    """

    category: Level1 | Level2
    weight: Decimal | None = None


def parse_level1(label: str, *, aliases: LabelAliases | None = None) -> LevelLabel:
    """
    Read a level-1 label, with any weight it carries.

    Built on :func:`resolve_level1`, for callers that want an error rather
    than an unresolved label.

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The category and weight.

    Raises:
        LabelError: The label names no level-1 category.

    Examples:
        >>> parse_level1("产出指标(50分)")
        LevelLabel(category=<Level1.OUTPUT: ('产出指标', 'output')>, weight=Decimal('50'))
        >>> parse_level1("效果指标").category
        <Level1.EFFECT: ('效益指标', 'effect')>
    """
    return _checked(resolve_level1(label, aliases=aliases), 1)


def parse_level2(label: str, *, aliases: LabelAliases | None = None) -> LevelLabel:
    """
    Read a level-2 label, with any weight it carries.

    Variant labels of real templates are accepted: ``进度指标`` (时效),
    ``社会公众或服务对象满意度指标``, a trailing ``等``, and a parenthesised
    alternative such as ``数量指标（或建筑规模指标）``; see :func:`resolve_level2`.

    Args:
        label: The cell text.
        aliases: Variant labels merged over the built-in table.

    Returns:
        The category and weight.

    Raises:
        LabelError: The label names no level-2 category.
    """
    return _checked(resolve_level2(label, aliases=aliases), 2)


def _checked(found: Resolution, level: int) -> LevelLabel:
    if found.category is None:
        members: tuple[Level1 | Level2, ...] = tuple(Level1 if level == 1 else Level2)
        raise LabelError(found.written, level, [member.zh for member in members])
    return LevelLabel(category=found.category, weight=found.weight)
