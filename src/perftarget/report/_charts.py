"""
Charts (optional extra ``charts``: matplotlib): achievement by indicator for a
project, and the distribution of scores and grades for a department.

matplotlib is imported only when a chart is drawn.  An SVG chart keeps its
text as text (``svg.fonttype = "none"``) with a CSS font stack of the usual
CJK families, so the browser that opens the report draws the Chinese glyphs:
it needs no CJK font on the machine that draws it.  A PNG chart is drawn
with the glyphs, so it needs a font with CJK glyphs: :func:`cjk_font` finds
one among the usual families (also one installed after matplotlib built its
font cache: no cache to clear by hand) and :class:`ChartsUnavailableError`
names the package to install when there is none, instead of drawing boxes.
"""

from __future__ import annotations

import functools
import io
import unicodedata
import warnings
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from perftarget.core._lang import current_language, say
from perftarget.exceptions import ArgumentError, ChartsUnavailableError
from perftarget.report.terms import check_lang, term
from perftarget.score import RowRole, Scorecard, Status

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from perftarget.report._rollup import Rollup

__all__ = [
    "ChartsUnavailableError",
    "achievement_chart",
    "charts_available",
    "cjk_font",
    "distribution_chart",
]

#: Font families with CJK glyphs, most wanted first.
CJK_FAMILIES: Final = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Serif CJK SC",
)

#: The CSS font stack an SVG chart's text carries: the browser picks the first it has.
FONT_STACK: Final = (*CJK_FAMILIES, "DejaVu Sans")


def _install() -> str:
    return say(
        "未找到含中文字形的字体：请安装，例如 Debian/Ubuntu 上 `apt-get install fonts-noto-cjk`"
        "（或 fonts-wqy-microhei）；SVG 图表不需要",
        "no font with Chinese glyphs was found: install one, e.g. `apt-get install "
        "fonts-noto-cjk` (or fonts-wqy-microhei) on Debian/Ubuntu; SVG charts need none",
    )


_COLOURS: Final = {
    Status.MET: "#2e7d32",
    Status.PARTLY_MET: "#f9a825",
    Status.NOT_MET: "#c62828",
}


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ChartsUnavailableError(
            say(
                "图表需要 matplotlib：pip install 'perftarget[charts]'",
                "charts need matplotlib: pip install 'perftarget[charts]'",
            )
        ) from None


def cjk_font() -> str:
    """
    Return the family name of an installed font with Chinese glyphs.

    Returns:
        A family from :data:`CJK_FAMILIES`.

    Raises:
        ChartsUnavailableError: matplotlib or every such font is missing;
            the message names the package to install.
    """
    _require_matplotlib()
    from matplotlib import font_manager

    found = _first_cjk({font.name for font in font_manager.fontManager.ttflist})
    if found is None:  # installed after matplotlib cached its font list?
        found = _first_cjk(_fonts_added_since_cache())
    if found is None:
        raise ChartsUnavailableError(_install())
    return found


def _first_cjk(installed: set[str]) -> str | None:
    return next((family for family in CJK_FAMILIES if family in installed), None)


@functools.cache
def _fonts_added_since_cache() -> set[str]:
    """Add the system fonts matplotlib's cached list lacks; return every family known after."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = {font.fname for font in manager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in known:
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - a broken font file
                continue
    return {font.name for font in manager.ttflist}


def charts_available(fmt: str = "png") -> tuple[bool, str]:
    """
    Return whether charts can be drawn in ``fmt``, and why not.

    Args:
        fmt: ``png`` (needs matplotlib and a CJK font) or ``svg`` (needs
            matplotlib only: the browser draws the text).

    Returns:
        ``(True, font family)`` (for SVG without a CJK font, the family the
        browser is asked for first) or ``(False, what to install)``.
    """
    try:
        if fmt == "svg":
            _require_matplotlib()
            try:
                return True, cjk_font()
            except ChartsUnavailableError:
                return True, FONT_STACK[0]
        return True, cjk_font()
    except ChartsUnavailableError as error:
        return False, str(error)


def _text_width(text: str, size: float) -> float:
    """The width of ``text`` in points, counting a wide (CJK) character as one em."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)
    return ems * size


def _figure(width: float, height: float, fmt: str) -> Figure:
    """
    A figure for a chart in ``fmt``.

    For PNG the glyphs are drawn, so a CJK font is required.  For SVG the
    text stays text with :data:`FONT_STACK`; without a CJK font here
    matplotlib measures it with a font lacking the glyphs, so the layout is
    left to the chart (:func:`_reserve`), which reserves one em per wide
    character.
    """
    if fmt not in ("png", "svg"):
        raise ArgumentError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    _require_matplotlib()
    fonts: list[str] = list(FONT_STACK)
    measured = True
    if fmt == "png":
        fonts = [cjk_font(), "DejaVu Sans"]  # says what to install when there is none
    else:
        try:
            fonts.remove(found := cjk_font())
            fonts.insert(0, found)
        except ChartsUnavailableError:
            measured = False
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = fonts
    rcParams["axes.unicode_minus"] = False
    rcParams["svg.hashsalt"] = "perftarget"
    rcParams["svg.fonttype"] = "none"  # text as text: the browser draws the glyphs
    return Figure(figsize=(width, height), layout="constrained" if measured else None)


def _reserve(figure: Figure, labels: list[str], *, right: float = 0.85, top: float = 0.88) -> None:
    """Without constrained layout (no CJK metrics), leave room left of the axes for ``labels``."""
    if figure.get_layout_engine() is not None:
        return
    from matplotlib import rcParams

    size = float(rcParams["font.size"])
    widest = max((_text_width(label, size) for label in labels), default=0.0)
    inches = figure.get_figwidth()
    left = min(0.6, (widest + 3 * size) / 72 / inches)
    figure.subplots_adjust(left=left, right=right, top=top, bottom=0.12, wspace=0.3)


def _save(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with warnings.catch_warnings():
        # SVG text measured without CJK glyphs: the browser draws them, not matplotlib
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        figure.savefig(buffer, format=fmt, dpi=110, metadata=metadata)
    return buffer.getvalue()


def _achievement(
    item_score: Decimal | None, weight: Decimal | None, ratio: Decimal | None
) -> float:
    if ratio is not None:
        return float(ratio * 100)
    if item_score is not None and weight:
        return float(item_score / weight * 100)
    return 0.0


def achievement_chart(card: Scorecard, *, lang: str | None = None, fmt: str = "png") -> bytes:
    """
    Draw each indicator's achievement (actual against target) as a bar.

    The bar is the achievement ratio in percent (the score over the weight
    for qualitative rows), coloured by status, against a line at 100%.

    Args:
        card: The scorecard.
        lang: ``zh`` or ``en`` for the titles.
        fmt: ``png`` or ``svg``.

    Returns:
        The image.

    Raises:
        ChartsUnavailableError: matplotlib or a CJK font is missing.
        ValueError: ``fmt`` or ``lang`` is unknown.
    """
    lang = current_language(lang)
    check_lang(lang)
    rows = [i for i in card.indicators if i.row.role is RowRole.INDICATOR and i.score is not None]
    figure = _figure(8, 0.45 * len(rows) + 1.6, fmt)
    axes = figure.add_subplot()
    names = [i.row.indicator.name for i in rows][::-1]
    _reserve(figure, names)
    values = [_achievement(i.score, i.weight, i.ratio) for i in rows][::-1]
    colours = [_COLOURS.get(i.status, "#757575") for i in rows][::-1]
    bars = axes.barh(names, values, color=colours)
    axes.bar_label(bars, labels=[f"{v:.2f}%" for v in values], padding=3, fontsize=8)
    axes.axvline(
        100, color="#212121", linestyle="--", linewidth=1, label=term("chart_target_line", lang)
    )
    axes.set_xlim(0, max([110.0, *values]) * 1.12)
    axes.set_xlabel(f"{term('ratio', lang)} (%)")
    axes.set_title(term("chart_achievement", lang))
    axes.legend(loc="lower right", fontsize=8)
    return _save(figure, fmt)


def distribution_chart(summary: Rollup, *, lang: str | None = None, fmt: str = "png") -> bytes:
    """
    Draw a department's totals by project and the number of projects per grade.

    Args:
        summary: The roll-up of the department's scorecards.
        lang: ``zh`` or ``en``.
        fmt: ``png`` or ``svg``.

    Returns:
        The image.

    Raises:
        ChartsUnavailableError: matplotlib or a CJK font is missing.
        ValueError: ``fmt`` or ``lang`` is unknown.
    """
    lang = current_language(lang)
    from perftarget.report._rollup import DEFAULT_GRADES, GRADES

    check_lang(lang)
    figure = _figure(9, 0.4 * len(summary.entries) + 2.2, fmt)
    scores, grades = figure.subplots(1, 2, width_ratios=[2, 1])
    names = [e.project for e in summary.entries][::-1]
    _reserve(figure, names, right=0.97)
    totals = [float(e.card.total) for e in summary.entries][::-1]
    bars = scores.barh(names, totals, color="#1565c0")
    scores.bar_label(bars, labels=[f"{t:.2f}" for t in totals], padding=3, fontsize=8)
    for bound in sorted(int(band.lower) for band in DEFAULT_GRADES if band.lower):
        scores.axvline(bound, color="#9e9e9e", linestyle=":", linewidth=1)
    scores.set_xlim(0, max([100.0, *totals]) * 1.12)
    scores.set_xlabel(term("total", lang))
    labels = [zh if lang == "zh" else en for zh, en in GRADES]
    counts = [summary.grades[zh] for zh, _ in GRADES]
    grades.bar(labels, counts, color=["#2e7d32", "#558b2f", "#f9a825", "#c62828"])
    grades.set_ylabel(term("chart_projects", lang))
    grades.yaxis.get_major_locator().set_params(integer=True)
    figure.suptitle(term("chart_distribution", lang))
    return _save(figure, fmt)
