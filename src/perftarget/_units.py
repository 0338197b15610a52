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
    "村 乡镇 学校 所次 册次 页 字 分 元次".split()
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
    "m2": "平方米",
    "m²": "平方米",
    "平米": "平方米",
    "㎞": "公里",
    "km2": "平方公里",
    "km²": "平方公里",
    "m3": "立方米",
    "m³": "立方米",
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
    "度": "千瓦时",
    "kW": "千瓦",
    "MW": "兆瓦",
    "個": "个",
    "萬": "万",
}

TIME_UNITS: Final[frozenset[str]] = frozenset(
    s for s, (dim, _) in _SIMPLE.items() if dim in {"days", "months"}
) | {"工作日"}


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


def _split_compound(symbol: str) -> tuple[str, tuple[str, ...]]:
    parts = symbol.split("/")
    numerator = parts[0]
    denominators: list[str] = []
    for part in parts[1:]:
        denominators.extend(p for p in part.replace("、", "·").split("·") if p)
    return numerator, tuple(denominators)


def _scaled(word: str) -> tuple[str, str] | None:
    """Return the base word and factor for 万X / 亿X count and measure words."""
    for prefix, factor in (("万", "10000"), ("亿", "100000000")):
        if word.startswith(prefix) and len(word) > 1:
            return word[len(prefix) :], factor
    return None


def canonical_unit(text: str) -> str:
    """
    Return the canonical spelling of a unit, simple or compound.

    Aliases are resolved, and the parts of a compound rate are ordered:
    ``元/月/人`` and ``元/人、天`` become ``元/人·月`` and ``元/人·天``
    (count words first, then time).

    Examples:
        >>> canonical_unit("百分之比")
        '%'
        >>> canonical_unit("元/月/人")
        '元/人·月'
        >>> canonical_unit("M")
        '米'
    """
    text = ALIASES.get(text, text)
    if "/" not in text:
        return text
    numerator, denominators = _split_compound(text)
    numerator = ALIASES.get(numerator, numerator)
    dens = [ALIASES.get(d, d) for d in denominators]
    ordered = [d for d in dens if d not in TIME_UNITS] + [d for d in dens if d in TIME_UNITS]
    return f"{numerator}/{'·'.join(ordered)}"


def _simple_kind(word: str) -> tuple[UnitKind, bool]:
    entry = _SIMPLE.get(word)
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

    Examples:
        >>> unit_info("元/人·月").kind
        'money'
        >>> unit_info("次/月").kind
        'rate'
        >>> unit_info("粒")
        UnitInfo(symbol='粒', kind='count', known=False)
    """
    if not symbol:
        return UnitInfo(symbol, "none", True)
    if "/" not in symbol:
        kind, known = _simple_kind(symbol)
        return UnitInfo(symbol, kind, known)
    numerator, denominators = _split_compound(symbol)
    num_kind, known = _simple_kind(numerator)
    for den in denominators:
        known = known and _simple_kind(den)[1]
    if num_kind == "money":
        return UnitInfo(symbol, "money", known)
    if denominators and denominators[-1] in TIME_UNITS:
        return UnitInfo(symbol, "rate", known)
    return UnitInfo(symbol, num_kind, known)


def unknown_words(symbol: str) -> tuple[str, ...]:
    """
    Return the measure words in ``symbol`` that are not in the catalogue.
    """
    if not symbol:
        return ()
    numerator, denominators = _split_compound(symbol)
    found = []
    for word in (numerator, *denominators):
        if word and not _simple_kind(word)[1]:
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
        scaled = _scaled(word)
        if scaled is not None:
            base, factor = scaled
            self._ensure(base)
            self._ureg.define(f"{_pint_name(word)} = {factor} * {_pint_name(base)}")
        else:
            self._ureg.define(f"{_pint_name(word)} = [c_{_pint_name(word)}]")
        self._defined.add(word)

    def expression(self, symbol: str) -> str:
        numerator, denominators = _split_compound(symbol)
        with self._lock:
            for word in (numerator, *denominators):
                self._ensure(word)
        expr = _pint_name(numerator) if numerator else "1"
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
