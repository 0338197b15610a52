"""
Names as a year-over-year diff compares them: normalised keys and similarity.

Two years' tables write the same project and the same indicator a little
differently: ``2020年群众工作中心日常经费`` becomes ``群众工作中心日常经费项目（2021年）``,
``1.服务对象满意度`` becomes ``服务对象满意度★``.  A *key* keeps what names the
thing and drops the rest; two names with one key are the same name.  Names
with different keys may still be the same thing reworded: their *similarity*
says how close they are.

The similarity is :class:`difflib.SequenceMatcher`'s ratio of the two keys,
``2·M / T`` (``M`` characters in matching blocks, ``T`` characters in both
keys), from 0 (nothing in common) to 1 (equal).  It is computed on the keys
in a fixed order, so it is the same whichever table is the old one, and in
whole numbers, so comparing it with a threshold is exact.  Two cheap upper
bounds (the shorter length, and the characters the keys share regardless of
order) skip most pairs before the full ratio is computed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from decimal import Decimal
from difflib import SequenceMatcher
from fractions import Fraction
from typing import Final

from attrs import frozen

from perftarget.core._text import normalize

__all__ = [
    "DEFAULT_THRESHOLD",
    "Name",
    "as_decimal",
    "name_key",
    "project_key",
    "similarity",
    "years_in",
]

#: The least similarity of two names matched by similarity.
DEFAULT_THRESHOLD: Final = Decimal("0.75")

#: A year as tables write it in names: ``2021``, ``2021年``, ``2021年度``.
_YEAR: Final = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)(?:年度|年)?")
#: Leading numbering: ``1.``, ``1、``, ``(一)``, ``一、``, ``①``.
_NUMBERING: Final = re.compile(
    r"^(?:\d+(?:\.\d+)*[、.)](?!\d)|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+[、.]|[①-⑳])"
)
#: A character written twice or more in a row (not a digit: ``100`` is not ``10``).
_REPEATS: Final = re.compile(r"(\D)\1+")
#: Suffixes a project name adds to what it names.
_PROJECT_SUFFIXES: Final = ("项目",)


def _kept(char: str) -> bool:
    """Letters and digits name things; punctuation, brackets and marks do not."""
    return unicodedata.category(char)[0] in "LN"


def name_key(text: str) -> str:
    """
    The key of an indicator name: what two spellings of one name share.

    Full-width forms are folded and spaces removed (:func:`~perftarget.core._text.normalize`),
    years (``2021年``, ``2021年度``) and leading numbering (``1.``, ``（一）``)
    dropped, then every character that is not a letter or a digit (brackets,
    punctuation, ``★``), letters lower-cased, and a character doubled by a
    typo written once.

    Args:
        text: The name as written.

    Returns:
        The key; ``""`` for a name of punctuation only.

    Examples:
        >>> name_key(" 1.服务对象 满意度（%）★")
        '服务对象满意度'
        >>> name_key("2021年度新增就业人数"), name_key("新增就业人人数")
        ('新增就业人数', '新增就业人数')
    """
    folded = normalize(text)
    folded = _NUMBERING.sub("", folded)
    folded = _YEAR.sub("", folded)
    kept = "".join(char for char in folded if _kept(char)).lower()
    return _REPEATS.sub(r"\1", kept)


def project_key(text: str) -> str:
    """
    The key of a project name: :func:`name_key` without a trailing ``项目``.

    Examples:
        >>> project_key("2021年群众工作中心日常经费项目")
        '群众工作中心日常经费'
        >>> project_key("【2020年】群众工作中心 日常经费")
        '群众工作中心日常经费'
    """
    key = name_key(text)
    for suffix in _PROJECT_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            key = key[: -len(suffix)]
    return key


def years_in(text: str) -> tuple[int, ...]:
    """
    The years a name carries, in order.

    Examples:
        >>> years_in("2021年群众工作中心日常经费"), years_in("日常经费")
        ((2021,), ())
    """
    return tuple(int(match.group()[:4]) for match in _YEAR.finditer(normalize(text)))


@frozen(kw_only=True)
class Name:
    """
    A name ready for comparison: its key and the key's characters counted.

    Attributes:
        key: The normalised key.
        chars: How many times each character occurs in the key.
    """

    key: str
    chars: dict[str, int]

    @classmethod
    def of(cls, key: str) -> Name:
        """
        Prepare a key for :func:`similarity`.

        Examples:
            >>> Name.of("满意度").chars["满"]
            1
        """
        return cls(key=key, chars=dict(Counter(key)))


def _shared(a: dict[str, int], b: dict[str, int]) -> int:
    """How many characters two keys share, in any order (counted with repeats)."""
    if len(b) < len(a):
        a, b = b, a
    found = b.get
    shared = 0
    for char, count in a.items():
        other = found(char)
        if other:
            shared += count if count < other else other
    return shared


def similarity(a: Name, b: Name, threshold: Fraction) -> Fraction | None:
    """
    How close two names are, when at least ``threshold``.

    Args:
        a, b: The names (in either order: the answer is the same).
        threshold: The least similarity of interest, from 0 to 1.

    Returns:
        ``2·M / T`` as a fraction, or None when it is below ``threshold``
        (often found without computing it).

    Examples:
        >>> old, new = Name.of("服务对象满意度"), Name.of("服务对象满意率")
        >>> similarity(old, new, Fraction(3, 4))
        Fraction(6, 7)
        >>> similarity(old, Name.of("化解矛盾率"), Fraction(3, 4)) is None
        True
    """
    total = len(a.key) + len(b.key)
    if total == 0:
        return Fraction(1)
    # 2·M / T ≥ n / d  ⇔  2·M·d ≥ n·T, in whole numbers
    least, scale = threshold.numerator * total, 2 * threshold.denominator
    if min(len(a.key), len(b.key)) * scale < least or _shared(a.chars, b.chars) * scale < least:
        return None
    first, second = sorted((a.key, b.key))
    blocks = SequenceMatcher(None, first, second, autojunk=False).get_matching_blocks()
    matched = sum(block.size for block in blocks)
    return Fraction(2 * matched, total) if matched * scale >= least else None


def as_decimal(value: Fraction) -> Decimal:
    """
    A fraction as a decimal (28 significant digits; rounding is the output's job).

    Examples:
        >>> as_decimal(Fraction(6, 7)).quantize(Decimal("0.01"))
        Decimal('0.86')
    """
    return Decimal(value.numerator) / Decimal(value.denominator)
