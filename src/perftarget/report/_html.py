"""
The HTML report: one self-contained page (styles and charts inline) that
prints well on A4.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence
from typing import Final

from attrs import field, frozen

from perftarget.core._lang import current_language
from perftarget.report.terms import check_lang, term

__all__ = ["HtmlPage", "Section", "embed_chart"]

CSS: Final = """
:root { --ink: #212121; --muted: #616161; --rule: #bdbdbd; --head: #eceff1; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
       color: var(--ink); margin: 2rem auto; max-width: 1200px; padding: 0 1rem;
       line-height: 1.5; }
h1 { font-size: 1.6rem; border-bottom: 2px solid var(--ink); padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .6rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; vertical-align: top;
         text-align: left; }
th { background: var(--head); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem;
           font-size: .9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
figure { margin: 1rem 0; }
figure img, figure svg { max-width: 100%; height: auto; }
.note { color: var(--muted); font-size: .85rem; }
.unavailable { border: 1px dashed var(--rule); padding: .6rem; color: var(--muted); }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-before: page; }
  h2:first-of-type { break-before: auto; }
  table, figure, dl.facts { break-inside: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


@frozen(kw_only=True)
class Section:
    """
    One part of the page: a heading and HTML made by the renderers.

    Attributes:
        title: The heading (escaped when rendered).
        body: HTML fragments (trusted: made by perftarget's renderers).
    """

    title: str
    body: Sequence[str] = ()


def embed_chart(draw: Callable[[], bytes], *, lang: str | None = None, fmt: str = "svg") -> str:
    """
    Draw a chart and return it as inline HTML, or a note when it cannot be drawn.

    Args:
        draw: Returns the image (PNG or SVG bytes); may raise
            :class:`~perftarget.report.ChartsUnavailableError`.
        lang: ``zh`` or ``en`` for the note.
        fmt: ``svg`` (inline) or ``png`` (base64 ``<img>``): what ``draw`` returns.

    Returns:
        A ``<figure>`` or a ``<p class="unavailable">`` saying why.

    Examples:
        >>> from perftarget.report import ChartsUnavailableError
        >>> def missing() -> bytes:
        ...     raise ChartsUnavailableError("charts need matplotlib")
        >>> embed_chart(missing, lang="en")
        '<p class="unavailable">charts unavailable: charts need matplotlib</p>'
    """
    lang = current_language(lang)
    from perftarget.report._charts import ChartsUnavailableError

    try:
        data = draw()
    except ChartsUnavailableError as error:
        note = term("charts_unavailable", lang, reason=str(error))
        return f'<p class="unavailable">{html.escape(note)}</p>'
    if fmt == "svg":
        text = data.decode("utf-8")
        start = text.find("<svg")
        return f"<figure>{text[start:]}</figure>"
    encoded = base64.b64encode(data).decode("ascii")
    return f'<figure><img alt="chart" src="data:image/png;base64,{encoded}"></figure>'


@frozen(kw_only=True)
class HtmlPage:
    """
    Assemble sections into one self-contained HTML page, configured once.

    Attributes:
        lang: ``zh`` or ``en``, the page's language and labels; the language in force by default.
        title: The page title; the translated "performance report" when empty.

    Examples:
        >>> page = HtmlPage(lang="en", title="demo")([Section(title="A & B", body=["<p>x</p>"])])
        >>> "<h2>A &amp; B</h2>" in page, "@media print" in page
        (True, True)
    """

    lang: str = field(factory=current_language, validator=lambda _s, _a, v: check_lang(v))
    title: str = ""

    def __call__(self, sections: Sequence[Section], *, subtitle: str = "") -> str:
        """
        Return the page.

        Args:
            sections: The sections, in order.
            subtitle: A line under the title (e.g. the sources).

        Returns:
            The HTML document.
        """
        from perftarget import __version__

        title = html.escape(self.title or term("report_title", self.lang))
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{"zh-CN" if self.lang == "zh" else "en"}">',
            '<head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{CSS}</style></head>",
            "<body>",
            f"<h1>{title}</h1>",
        ]
        if subtitle:
            parts.append(f'<p class="note">{html.escape(subtitle)}</p>')
        for section in sections:
            parts.append(f"<section><h2>{html.escape(section.title)}</h2>")
            parts.extend(section.body)
            parts.append("</section>")
        footer = term("generated_by", self.lang, version=__version__)
        parts.append(f'<footer class="note">{html.escape(footer)}</footer>')
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
