"""
Shared Hypothesis strategies for the perftarget test suite.

The target-string grammar mirrors what real tables contain: a comparator as a
symbol or a word (before or after the number), a number, a unit in one of its
spellings, full-width digits and stray spaces.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from perftarget import MONEY_UNITS, Money, Quantity
from perftarget.core._units import _SIMPLE, ALIASES

# ----------------------------------------------------------------- numbers


def decimals(
    *, max_digits: int = 20, min_exp: int = -8, max_exp: int = 8, signed: bool = True
) -> st.SearchStrategy[Decimal]:
    """Finite Decimals with at most ``max_digits`` digits and a bounded exponent."""
    return st.builds(
        lambda sign, digits, exp: Decimal((sign, tuple(int(d) for d in str(digits)), exp)),
        st.sampled_from((0, 1)) if signed else st.just(0),
        st.integers(min_value=0, max_value=10**max_digits - 1),
        st.integers(min_value=min_exp, max_value=max_exp),
    )


#: Amounts a budget table plausibly holds: up to 16 digits, cents to 亿.
moderate_amounts = decimals(max_digits=16, min_exp=-4, max_exp=4)

#: Very large and very small amounts: up to 40 significant digits.
extreme_amounts = st.one_of(
    decimals(max_digits=40, min_exp=0, max_exp=20),
    decimals(max_digits=40, min_exp=-60, max_exp=-20),
)

money_units = st.sampled_from(MONEY_UNITS)


def money(amounts: st.SearchStrategy[Decimal] = moderate_amounts) -> st.SearchStrategy[Money]:
    """Money in any of the four money units."""
    return st.builds(lambda a, u: Money(amount=a, unit=u), amounts, money_units)


# ----------------------------------------------------------------- units

#: Every simple unit of the catalogue, and every alias spelling.
catalogue_units = st.sampled_from(sorted(_SIMPLE))
alias_spellings = st.sampled_from(sorted(ALIASES))


def _dimension(unit: str) -> str:
    return _SIMPLE[unit][0]


def _is_power_of_ten(factor: str) -> bool:
    if "/" in factor:
        numerator, denominator = factor.split("/")
        return numerator == "1" and set(denominator[1:]) <= {"0"} and denominator[0] == "1"
    return factor[0] == "1" and set(factor[1:]) <= {"0"}


_POWER_OF_TEN_UNITS = sorted(u for u, (_, f) in _SIMPLE.items() if _is_power_of_ten(f))


@st.composite
def same_dimension_power_of_ten_units(draw: st.DrawFn) -> tuple[str, str]:
    """Two units of the same dimension whose factors are both powers of ten."""
    first = draw(st.sampled_from(_POWER_OF_TEN_UNITS))
    partners = [u for u in _POWER_OF_TEN_UNITS if _dimension(u) == _dimension(first)]
    return first, draw(st.sampled_from(partners))


@st.composite
def different_dimension_units(draw: st.DrawFn) -> tuple[str, str]:
    """Two catalogue units that measure different things."""
    first = draw(catalogue_units)
    others = sorted(u for u in _SIMPLE if _dimension(u) != _dimension(first))
    return first, draw(st.sampled_from(others))


def quantities(units: st.SearchStrategy[str] = catalogue_units) -> st.SearchStrategy[Quantity]:
    """Quantities with moderate values in catalogue units."""
    return st.builds(lambda v, u: Quantity(value=v, unit=u), moderate_amounts, units)


# ----------------------------------------------------------------- target strings

_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")

PREFIX_COMPARATORS = (
    "≥",
    "≤",
    "=",
    ">",
    "<",
    ">=",
    "<=",
    "≧",
    "≦",
    "﹦",
    "═",
    "＝",
    "不低于",
    "不少于",
    "不小于",
    "至少",
    "大于等于",
    "不超过",
    "不高于",
    "不大于",
    "小于等于",
    "控制在",
    "高于",
    "超过",
    "低于",
    "等于",
    "达到",
)
SUFFIX_COMPARATORS = ("以上", "及以上", "以下", "以内", "之内", "左右")

#: Unit spellings as tables write them after a number.
UNIT_SPELLINGS = (
    "",
    "%",
    "％",
    "百分比",
    "百分之比",
    "%(百分比)",
    "个百分点",
    "元",
    "千元",
    "万元",
    "亿元",
    "万",
    "人",
    "人次",
    "次",
    "个",
    "种",
    "项",
    "户",
    "辆",
    "亩",
    "万亩",
    "平方米",
    "公里",
    "km",
    "米",
    "M",
    "吨",
    "天",
    "个工作日",
    "小时",
    "个月",
    "TB",
    "次/月",
    "次/年",
    "人/年",
    "元/人",
    "元/人·月",
    "元/月/人",
    "元/人、天",
    "万元/人",
)

#: Count words for the 每月≥1次 form.
COUNT_WORDS = ("次", "人", "场", "期", "篇", "人次")
PERIODS = ("月", "年", "周", "季度", "天")

QUALITATIVE_PHRASES = (
    "效果明显",
    "优良",
    "良好",
    "较好",
    "显著",
    "稳步提高",
    "逐步提高",
    "持续改善",
    "符合相关规定",
    "严格执行相关制度规定",
    "按人社部门审批标准执行",
    "按时完成",
    "及时",
    "有效",
    "不超预算",
    "控制在预算内",
    "公益性事业",
    "全天候可用",
    "是/否",
    "达成预期指标",
    "优",
    "差",
)

ACHIEVEMENT_PHRASES = (
    "达成年度指标",
    "达成预期指标",
    "已完成",
    "完成",
    "基本达到",
    "部分完成",
    "未完成",
    "未达标",
)


def number_texts() -> st.SearchStrategy[str]:
    """Non-negative numbers as tables write them: 95, 98.70, 0.5, 8535.5, 1,200."""
    plain = st.builds(
        lambda whole, frac: f"{whole}{frac}",
        st.integers(min_value=0, max_value=99999),
        st.one_of(st.just(""), st.integers(0, 999).map(lambda f: f".{f:02d}")),
    )
    grouped = st.integers(min_value=1000, max_value=9_999_999).map(lambda n: f"{n:,}")
    return st.one_of(plain, plain, grouped)


@st.composite
def _decorate(draw: st.DrawFn, parts: list[str]) -> str:
    """Join parts, maybe in full-width digits, maybe with stray spaces between them."""
    if draw(st.booleans()):
        parts = [p.translate(_FULL_WIDTH) for p in parts]
    out = ""
    for part in parts:
        out += part
        if part and draw(st.integers(0, 4)) == 0:
            out += draw(st.sampled_from((" ", "  ", "\u3000", "\t")))
    if draw(st.integers(0, 5)) == 0:
        out = " " + out
    return out


@st.composite
def numeric_target_texts(draw: st.DrawFn) -> str:
    """A number with an optional comparator (symbol or word, before or after) and unit."""
    number = draw(number_texts())
    unit = draw(st.sampled_from(UNIT_SPELLINGS))
    where = draw(st.sampled_from(("none", "prefix", "suffix")))
    if where == "prefix":
        return draw(_decorate([draw(st.sampled_from(PREFIX_COMPARATORS)), number, unit]))
    if where == "suffix":
        return draw(_decorate([number, unit, draw(st.sampled_from(SUFFIX_COMPARATORS))]))
    return draw(_decorate([number, unit]))


@st.composite
def range_target_texts(draw: st.DrawFn) -> str:
    """``3-5天``, ``3~5人``, ``10至20次`` and ``±3%以内``."""
    unit = draw(st.sampled_from(("天", "人", "%", "次", "万元", "")))
    if draw(st.booleans()):
        low = draw(st.integers(0, 500))
        high = low + draw(st.integers(0, 500))
        sep = draw(st.sampled_from(("-", "~", "～", "至", "—")))
        return draw(_decorate([str(low), sep, str(high), unit]))
    tolerance = draw(st.integers(1, 50))
    return draw(_decorate(["±", str(tolerance), unit, draw(st.sampled_from(("", "以内")))]))


@st.composite
def per_period_target_texts(draw: st.DrawFn) -> str:
    """``≥1次/月`` and ``每月≥1次``."""
    count = str(draw(st.integers(1, 100)))
    word = draw(st.sampled_from(COUNT_WORDS))
    period = draw(st.sampled_from(PERIODS))
    comparator = draw(st.sampled_from(("≥", "≤", "=", "不少于", "")))
    if draw(st.booleans()):
        return draw(_decorate([comparator, count, f"{word}/{period}"]))
    return draw(_decorate([f"每{period}", comparator, count, word]))


deadline_dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2050, 12, 31))


@st.composite
def deadline_texts(draw: st.DrawFn) -> str:
    """Deadlines and periods as 时效指标 write them."""
    day = draw(deadline_dates)
    form = draw(st.integers(0, 8))
    if form == 0:
        return f"{day.year}年{day.month}月{day.day}日前"
    if form == 1:
        return f"{day.year}年{day.month}月{day.day}日"
    if form == 2:
        return f"{day.month}月底前"
    if form == 3:
        return draw(st.sampled_from(("年底前", "年底", "本年度内", "年内完成", "年底前完成")))
    if form == 4:
        return f"{day.year}年底"
    if form == 5:
        return f"{day.year}年{day.month}月底前完成"
    if form == 6:
        return f"{day.year}.{day.month:02d}.{day.day:02d}前"
    end = draw(st.dates(min_value=day, max_value=date(2051, 12, 31)))
    if form == 7:
        return f"{day.year}.{day.month:02d}-{end.year}.{end.month:02d}"
    return f"{day.year}年{day.month}月-{end.year}年{end.month}月"


qualitative_texts = st.sampled_from(QUALITATIVE_PHRASES)

#: Every realistic shape of a target value string.
target_texts = st.one_of(
    numeric_target_texts(),
    range_target_texts(),
    per_period_target_texts(),
    deadline_texts(),
    qualitative_texts,
)

#: Realistic actual values: no ranges or periods (those are refused).
actual_texts = st.one_of(
    numeric_target_texts(),
    per_period_target_texts(),
    deadline_texts().filter(lambda t: "-" not in t),
    qualitative_texts,
    st.sampled_from(ACHIEVEMENT_PHRASES),
)

# ----------------------------------------------------------------- arbitrary text

#: Characters real value strings are made of, to bias arbitrary text towards
#: the parser's interesting paths.
VALUE_ALPHABET = (
    "0123456789０１２３４５６７８９.,.-~±%％≥≤=<>≧≦﹦═ "
    "不低于少超过以上内下左右约达到每月年日底前至"
    "万亿千元人次个种亩米天百分比之工粒/·、()（）"
)

value_like_text = st.one_of(
    st.text(),
    st.text(alphabet=VALUE_ALPHABET, max_size=16),
    st.lists(
        st.sampled_from(
            [
                *PREFIX_COMPARATORS,
                *SUFFIX_COMPARATORS,
                *UNIT_SPELLINGS,
                "5",
                "95",
                "2021",
                "12",
                "-",
                "年",
                "月",
                "日",
                "前",
                "每",
                "±",
                "百分之",
            ]
        ),
        max_size=6,
    ).map("".join),
)

# ----------------------------------------------------------------- year-less deadlines

#: Days of a common (non-leap) year: month and day as a table writes them
#: without a year, never 2月29日.
common_year_days = st.dates(min_value=date(2001, 1, 1), max_value=date(2001, 12, 31))


@st.composite
def yearless_deadline_texts(draw: st.DrawFn) -> str:
    """Target deadlines written without a year: ``10月底前``, ``11月30日前``, ``8月``."""
    day = draw(common_year_days)
    return draw(
        st.sampled_from(
            (
                f"{day.month}月底前",
                f"{day.month}月{day.day}日前",
                f"{day.month}月{day.day}日",
                f"{day.month}月",
            )
        )
    )


@st.composite
def yearless_actual_texts(draw: st.DrawFn) -> str:
    """Completion dates written without a year: ``8月``, ``8月15日``, ``8月15日完成``."""
    day = draw(common_year_days)
    return draw(
        st.sampled_from(
            (f"{day.month}月", f"{day.month}月{day.day}日", f"{day.month}月{day.day}日完成")
        )
    )


#: Common (non-leap) years a table could be dated by.
common_years = st.integers(min_value=1990, max_value=2100).filter(
    lambda year: not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0))
)
