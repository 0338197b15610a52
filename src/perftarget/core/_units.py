"""
Units of measure (度量单位) and the one private pint registry.

The catalogue below is the single source of truth: every simple unit has a
dimension and a factor to that dimension's base unit.  Count words (人, 次,
个 …) are each their own dimension, so ``人 + 次`` is an error, while 公里
and 米 convert.  A measure word that is not in the catalogue becomes a count
unit of its own on first sight instead of an error; callers report it.

pint is imported lazily, on the first conversion between two different
units, and every conversion factor is cached as a plain ``Decimal``: parsing
never touches pint and scoring works on magnitudes.
"""

from __future__ import annotations

import threading
from decimal import Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, Literal

from attrs import frozen

from perftarget.exceptions import ModelError, UnitMismatchError

if TYPE_CHECKING:  # pragma: no cover
    pass

UnitKind = Literal["none", "percent", "percent_point", "money", "count", "measure", "time", "rate"]

# dimension name -> base unit symbol
_BASES: Final[dict[str, str]] = {
    "money": "元",
    "percent": "%",
    "percent_point": "个百分点",
    "length": "米",
    "area": "平方米",
    "volume": "立方米",
    "mass": "公斤",
    "days": "天",
    "months": "月",
    "storage": "GB",
    "energy": "千瓦时",
    "power": "千瓦",
}

# symbol -> (dimension, factor to the dimension's base as an exact expression)
_SIMPLE: Final[dict[str, tuple[str, str]]] = {
    "元": ("money", "1"),
    "千元": ("money", "1000"),
    "万元": ("money", "10000"),
    "亿元": ("money", "100000000"),
    "%": ("percent", "1"),
    "‰": ("percent", "1/10"),
    "个百分点": ("percent_point", "1"),
    "米": ("length", "1"),
    "厘米": ("length", "1/100"),
    "毫米": ("length", "1/1000"),
    "公里": ("length", "1000"),
    "平方米": ("area", "1"),
    "平方公里": ("area", "1000000"),
    "公顷": ("area", "10000"),
    "亩": ("area", "10000/15"),
    "万亩": ("area", "100000000/15"),
    "立方米": ("volume", "1"),
    "万立方米": ("volume", "10000"),
    "公斤": ("mass", "1"),
    "克": ("mass", "1/1000"),
    "斤": ("mass", "1/2"),
    "吨": ("mass", "1000"),
    "万吨": ("mass", "10000000"),
    "天": ("days", "1"),
    "日": ("days", "1"),
    "小时": ("days", "1/24"),
    "分钟": ("days", "1/1440"),
    "周": ("days", "7"),
    "月": ("months", "1"),
    "季度": ("months", "3"),
    "年": ("months", "12"),
    "GB": ("storage", "1"),
    "TB": ("storage", "1000"),
    "PB": ("storage", "1000000"),
    "MB": ("storage", "1/1000"),
    "千瓦时": ("energy", "1"),
    "万千瓦时": ("energy", "10000"),
    "千瓦": ("power", "1"),
    "兆瓦": ("power", "1000"),
}

# Count words each form their own dimension.  The list is what real tables
# use; anything else met in a table is added on first sight.
_COUNT_WORDS: Final[tuple[str, ...]] = tuple(
    "人 人次 次 个 项 件 台 套 辆 箱 捆 份 户 "
    "所 场 期 种 组 篇 册 头 只 家 例 起 座 "
    "间 处 条 本 张 部 批 批次 棵 株 名 位 宗 "
    "块 根 盏 架次 班次 车次 课时 学时 工作日 倍 "
    "个月 床 床位 张次 单 篇次 门 栋 口 眼 处次 "
    "轮 类 款 幅 集 首 场次 天次 人日 人月 企业 "
    "村 乡镇 学校 所次 册次 页 字 分 元次 学期".split()
)

for _word in _COUNT_WORDS:
    _SIMPLE.setdefault(_word, (f"count:{_word}", "1"))
_SIMPLE["个月"] = ("months", "1")

# Spellings that mean the same unit.
ALIASES: Final[dict[str, str]] = {
    "百分比": "%",
    "百分之比": "%",
    "%(百分比)": "%",
    "百分点": "个百分点",
    "pp": "个百分点",
    "m": "米",
    "M": "米",
    "km": "公里",
    "KM": "公里",
    "Km": "公里",
    "千米": "公里",
    "cm": "厘米",
    "mm": "毫米",
    "㎡": "平方米",
    "平米": "平方米",
    "㎞": "公里",
    "hm2": "公顷",
    "ha": "公顷",
    "方": "立方米",
    "kg": "公斤",
    "千克": "公斤",
    "t": "吨",
    "h": "小时",
    "个小时": "小时",
    "d": "天",
    "tb": "TB",
    "gb": "GB",
    "萬元": "万元",
    "个工作日": "工作日",
    "kWh": "千瓦时",
    "kwh": "千瓦时",
    "kW·h": "千瓦时",
    "千瓦·时": "千瓦时",
    "千瓦·小时": "千瓦时",
    "年度": "年",
    "月度": "月",
    "季": "季度",
    "度": "千瓦时",
    "kW": "千瓦",
    "MW": "兆瓦",
    "個": "个",
    "萬": "万",
}

TIME_UNITS: Final[frozenset[str]] = frozenset(
    s for s, (dim, _) in _SIMPLE.items() if dim in {"days", "months"}
) | {"工作日", "学期"}

#: Powers of a length: 平方X is an area, 立方X a volume.
_POWER_WORDS: Final[dict[str, tuple[str, int]]] = {"平方": ("area", 2), "立方": ("volume", 3)}
_POWER_DIGITS: Final[dict[str, str]] = {"2": "平方", "3": "立方"}
_SUPERSCRIPTS: Final = str.maketrans({"²": "2", "³": "3"})
#: What tables write between the words of a product (元/人·月, 元/人*月, 元/人.天).
_PRODUCTS: Final = str.maketrans({"*": "·", "×": "·", ".": "·", "•": "·", "・": "·"})


@frozen
class UnitInfo:
    """
    What perftarget knows about one unit symbol.

    Attributes:
        symbol: The canonical symbol (``"万元"``, ``"元/人·月"``).
        kind: ``money``, ``percent``, ``rate`` (something per time period),
            ``count``, ``measure`` (physical) or ``time``.
        known: False when a measure word was not in the catalogue and was
            made a count unit of its own.
    """

    symbol: str
    kind: UnitKind
    known: bool


def _split_compound(symbol: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """
    Split a unit into its numerator and denominator words.

    ``/`` and ``每`` start a denominator; ``·`` (also ``* × .``) joins the
    words of a product; ``、`` joins denominators as tables write them.
    """
    text = symbol.translate(_PRODUCTS).replace("每", "/")
    parts = [ALIASES.get(part, part) for part in text.split("/")]
    numerator = tuple(word for word in parts[0].split("·") if word)
    denominators = tuple(
        word for part in parts[1:] for word in part.replace("、", "·").split("·") if word
    )
    return numerator, denominators


def _scaled(word: str) -> tuple[str, str] | None:
    """Return the base word and factor for 万X / 亿X count and measure words."""
    for prefix, factor in (("万", "10000"), ("亿", "100000000")):
        if word.startswith(prefix) and len(word) > 1:
            return word[len(prefix) :], factor
    return None


def _is_length(word: str) -> bool:
    entry = _SIMPLE.get(word)
    return entry is not None and entry[0] == "length"


def _canonical_word(word: str) -> str:
    """
    The canonical spelling of one simple unit word: aliases resolved and a
    power of a length written 平方X / 立方X (``km2`` → ``平方公里``).
    """
    word = ALIASES.get(word, word)
    if word in _SIMPLE:
        return word
    if len(word) > 1 and word[-1] in _POWER_DIGITS:
        base = word[:-1].removesuffix("^")
        base = ALIASES.get(base, base)
        if _is_length(base):
            return _POWER_DIGITS[word[-1]] + base
    if word[:2] in _POWER_WORDS and len(word) > 2:
        base = ALIASES.get(word[2:], word[2:])
        if _is_length(base):
            return word[:2] + base
    scaled = _scaled(word)
    if scaled is not None:
        return word[0] + _canonical_word(scaled[0])
    return word


def _entry(word: str) -> tuple[str, Fraction] | None:
    """Dimension and exact factor to its base of a catalogue or power word."""
    entry = _SIMPLE.get(word)
    if entry is not None:
        return entry[0], Fraction(entry[1])
    power = _POWER_WORDS.get(word[:2])
    if power is not None and _is_length(word[2:]):
        dimension, exponent = power
        return dimension, Fraction(_SIMPLE[word[2:]][1]) ** exponent
    return None


def canonical_unit(text: str) -> str:
    """
    Return the canonical spelling of a unit, simple or compound.

    A unit is a small grammar: numerator words, then after ``/`` (or
    ``每``) denominator words; the words of a product are joined by ``·``
    (also written ``*``, ``×``, ``.``).  Aliases are resolved, powers of a
    length are written 平方X / 立方X (``m²``, ``m2``, ``m^2`` → ``平方米``),
    and denominators are ordered count words first, then time.

    Args:
        text: A unit as written after the number.

    Returns:
        The canonical symbol; a text that is no unit comes back unchanged
        except for those spellings.

    Examples:
        >>> canonical_unit("百分之比")
        '%'
        >>> canonical_unit("元/月/人")
        '元/人·月'
        >>> canonical_unit("元/人*月"), canonical_unit("元每亩"), canonical_unit("人/km²")
        ('元/人·月', '元/亩', '人/平方公里')
        >>> canonical_unit("M")
        '米'
    """
    return _canonical_unit(text)


@lru_cache(maxsize=4096)
def _canonical_unit(text: str) -> str:
    text = text.translate(_SUPERSCRIPTS)
    text = ALIASES.get(text, text)
    if "/" not in text and "每" not in text and not any(c in text for c in "·*×.•・"):
        return _canonical_word(text)
    numerator, denominators = _split_compound(text)
    top = "·".join(_canonical_word(word) for word in numerator)
    dens = [_canonical_word(word) for word in denominators]
    if not dens:
        return top
    ordered = [d for d in dens if d not in TIME_UNITS] + [d for d in dens if d in TIME_UNITS]
    return f"{top}/{'·'.join(ordered)}"


def _simple_kind(word: str) -> tuple[UnitKind, bool]:
    entry = _entry(word)
    if entry is None:
        scaled = _scaled(word)
        if scaled is not None:
            return _simple_kind(scaled[0])
        return "count", False
    dim = entry[0]
    if dim == "money":
        return "money", True
    if dim == "percent":
        return "percent", True
    if dim == "percent_point":
        return "percent_point", True
    if word in TIME_UNITS:
        return "time", True
    if dim.startswith("count:"):
        return "count", True
    return "measure", True


@lru_cache(maxsize=4096)
def unit_info(symbol: str) -> UnitInfo:
    """
    Describe a canonical unit symbol.

    A compound is money when money is in its numerator, a rate when its last
    denominator is a time unit, and otherwise of its numerator's kind
    (``measure`` for a product of different kinds, ``count`` for a bare
    ``/亩``).

    Examples:
        >>> unit_info("元/人·月").kind
        'money'
        >>> unit_info("次/月").kind
        'rate'
        >>> unit_info("平方厘米")
        UnitInfo(symbol='平方厘米', kind='measure', known=True)
        >>> unit_info("粒")
        UnitInfo(symbol='粒', kind='count', known=False)
    """
    if not symbol:
        return UnitInfo(symbol, "none", True)
    if "/" not in symbol and "·" not in symbol:
        kind, known = _simple_kind(symbol)
        return UnitInfo(symbol, kind, known)
    numerator, denominators = _split_compound(symbol)
    facts = [_simple_kind(word) for word in numerator]
    known = all(k for _, k in facts) and all(_simple_kind(d)[1] for d in denominators)
    kinds = {kind for kind, _ in facts}
    if "money" in kinds:
        return UnitInfo(symbol, "money", known)
    if denominators and denominators[-1] in TIME_UNITS:
        return UnitInfo(symbol, "rate", known)
    if not kinds:
        return UnitInfo(symbol, "count", known)
    return UnitInfo(symbol, kinds.pop() if len(kinds) == 1 else "measure", known)


def unknown_words(symbol: str) -> tuple[str, ...]:
    """
    Return the measure words in ``symbol`` that are not in the catalogue.

    Examples:
        >>> unknown_words("元/生·年"), unknown_words("万粒"), unknown_words("元/平方米")
        (('生',), ('粒',), ())
    """
    if not symbol:
        return ()
    numerator, denominators = _split_compound(symbol)
    found = []
    for word in (*numerator, *denominators):
        if not _simple_kind(word)[1]:
            scaled = _scaled(word)
            found.append(scaled[0] if scaled is not None else word)
    return tuple(found)


# --------------------------------------------------------------------------- pint


def _pint_name(word: str) -> str:
    return "u_" + "_".join(f"{ord(c):x}" for c in word)


class _Registry:
    """The one pint registry, built on first use and grown with new words."""

    def __init__(self) -> None:
        import pint  # deferred: importing pint costs ~150 ms

        self._pint = pint
        self._ureg: Any = pint.UnitRegistry(None, non_int_type=Fraction)
        self._defined: set[str] = set()
        self._lock = threading.Lock()
        for dim, base in _BASES.items():
            self._ureg.define(f"{_pint_name(base)} = [{dim}]")
            self._defined.add(base)
        for word, (dim, factor) in _SIMPLE.items():
            if word in self._defined:
                continue
            if dim.startswith("count:"):
                self._ureg.define(f"{_pint_name(word)} = [c_{_pint_name(word)}]")
            else:
                self._ureg.define(f"{_pint_name(word)} = {factor} * {_pint_name(_BASES[dim])}")
            self._defined.add(word)

    def _ensure(self, word: str) -> None:
        if word in self._defined:
            return
        entry = _entry(word)
        scaled = _scaled(word)
        if entry is not None:  # a power of a length: 平方厘米 = 1/10000 平方米
            dimension, factor = entry
            base = _BASES[dimension]
            self._ureg.define(
                f"{_pint_name(word)} = {factor.numerator}/{factor.denominator} * {_pint_name(base)}"
            )
        elif scaled is not None:
            base, scale = scaled
            self._ensure(base)
            self._ureg.define(f"{_pint_name(word)} = {scale} * {_pint_name(base)}")
        else:
            self._ureg.define(f"{_pint_name(word)} = [c_{_pint_name(word)}]")
        self._defined.add(word)

    def expression(self, symbol: str) -> str:
        numerator, denominators = _split_compound(symbol)
        with self._lock:
            for word in (*numerator, *denominators):
                self._ensure(word)
        expr = " * ".join(_pint_name(word) for word in numerator) or "1"
        for den in denominators:
            expr += f" / {_pint_name(den)}"
        return expr

    def factor(self, src: str, dst: str) -> Fraction:
        one = self._ureg.Quantity(Fraction(1), self.expression(src))
        try:
            converted = one.to(self.expression(dst))
        except self._pint.DimensionalityError:
            raise UnitMismatchError(src, dst, "convert between") from None
        return Fraction(converted.magnitude)


@lru_cache(maxsize=1)
def _registry() -> _Registry:
    return _Registry()


@lru_cache(maxsize=8192)
def conversion_factor(src: str, dst: str) -> Fraction:
    """
    Return the exact factor that turns an amount in ``src`` into ``dst``.

    The registry works in fractions, so 亩 → 平方米 is exactly 2000/3.

    Raises:
        UnitMismatchError: The units measure different things (人 and 次).

    Examples:
        >>> conversion_factor("万元", "元")
        Fraction(10000, 1)
        >>> conversion_factor("亩", "平方米")
        Fraction(2000, 3)
    """
    if src == dst:
        return Fraction(1)
    if not src or not dst:
        raise UnitMismatchError(src, dst, "convert between")
    return _registry().factor(src, dst)


def convert(value: Decimal, src: str, dst: str) -> Decimal:
    """
    Convert a magnitude from unit ``src`` to unit ``dst``.

    The result is exact whenever it has a finite decimal expansion (元 / 万元 /
    亿元, 米 / 公里, 3 亩 → 2000 平方米), at any size; otherwise (1 亩 → 666.6…)
    it is rounded to 34 significant digits beyond the input's own.

    Examples:
        >>> convert(Decimal("278.4449"), "万元", "元")
        Decimal('2784449.0000')
        >>> convert(Decimal("3"), "亩", "平方米")
        Decimal('2000')
    """
    factor = conversion_factor(src, dst)
    if factor == 1:
        return value
    numerator, denominator = factor.numerator, factor.denominator
    with localcontext() as ctx:
        ctx.prec = len(value.as_tuple().digits) + len(str(numerator)) + 34
        result = value * numerator if numerator != 1 else value
        if denominator != 1:
            result = result / denominator
        return result


def same_dimension(a: str, b: str) -> bool:
    """
    Tell whether amounts in units ``a`` and ``b`` can be compared.
    """
    try:
        conversion_factor(a, b)
    except UnitMismatchError:
        return False
    return True


def _require_decimal(owner: str, name: str, value: object) -> None:
    if isinstance(value, float):
        raise ModelError(
            f"{owner}.{name} must be a Decimal, not the float {value!r}: floats cannot hold "
            f"money or scores exactly; pass Decimal({str(value)!r}) or a string"
        )
    if not isinstance(value, Decimal):
        raise ModelError(f"{owner}.{name} must be a Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise ModelError(f"{owner}.{name} must be a finite number, got {value}")
