"""
Charts (optional extra ``charts``: matplotlib): achievement by indicator for a
project, and the distribution of scores and grades for a department.

matplotlib is imported only when a chart is drawn.  Chinese labels need a
font with CJK glyphs; :func:`cjk_font` finds one among the usual families and
:class:`ChartsUnavailableError` names the package to install when there is
none, instead of drawing boxes.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from perftarget._scorecard import RowRole, Scorecard, Status
from perftarget.exceptions import PerftargetError
from perftarget.report.terms import check_lang, term

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

_INSTALL: Final = (
    "install a font with Chinese glyphs, e.g. `apt-get install fonts-noto-cjk` "
    "(or fonts-wqy-microhei) on Debian/Ubuntu, then delete matplotlib's font cache "
    "(~/.cache/matplotlib)"
)
_COLOURS: Final = {
    Status.MET: "#2e7d32",
    Status.PARTLY_MET: "#f9a825",
    Status.NOT_MET: "#c62828",
}


class ChartsUnavailableError(PerftargetError, RuntimeError):
    """
    Charts cannot be drawn: matplotlib or a CJK font is missing.

    The message names what to install.
    """


def _require_matplotlib() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise ChartsUnavailableError(
            "charts need matplotlib: pip install 'perftarget[charts]'"
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

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    raise ChartsUnavailableError(f"no font with Chinese glyphs was found: {_INSTALL}")


def charts_available() -> tuple[bool, str]:
    """
    Return whether charts can be drawn, and why not.

    Returns:
        ``(True, font family)`` or ``(False, what to install)``.
    """
    try:
        return True, cjk_font()
    except ChartsUnavailableError as error:
        return False, str(error)


def _figure(width: float, height: float) -> Figure:
    font = cjk_font()  # first: says what to install when matplotlib is missing
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    rcParams["font.family"] = "sans-serif"
    rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
    rcParams["axes.unicode_minus"] = False
    rcParams["svg.hashsalt"] = "perftarget"
    rcParams["svg.fonttype"] = "path"
    return Figure(figsize=(width, height), layout="constrained")


def _save(figure: Figure, fmt: str) -> bytes:
    if fmt not in ("png", "svg"):
        raise ValueError(f"chart format must be 'png' or 'svg', got {fmt!r}")
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
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


def achievement_chart(card: Scorecard, *, lang: str = "zh", fmt: str = "png") -> bytes:
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
    check_lang(lang)
    rows = [i for i in card.indicators if i.row.role is RowRole.INDICATOR and i.score is not None]
    figure = _figure(8, 0.45 * len(rows) + 1.6)
    axes = figure.add_subplot()
    names = [i.row.indicator.name for i in rows][::-1]
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


def distribution_chart(summary: Rollup, *, lang: str = "zh", fmt: str = "png") -> bytes:
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
    from perftarget.report._rollup import GRADES
    from perftarget.rules._ruleset import _default_grades

    check_lang(lang)
    figure = _figure(9, 0.4 * len(summary.entries) + 2.2)
    scores, grades = figure.subplots(1, 2, width_ratios=[2, 1])
    names = [e.project for e in summary.entries][::-1]
    totals = [float(e.card.total) for e in summary.entries][::-1]
    bars = scores.barh(names, totals, color="#1565c0")
    scores.bar_label(bars, labels=[f"{t:.2f}" for t in totals], padding=3, fontsize=8)
    for bound in sorted(int(band.lower) for band in _default_grades() if band.lower):
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
