"""
Monitoring reports: the printable HTML page, the chart of execution against
time progress (序时进度) and the workbook of ``perftarget monitor --out``.

Every number shown comes from the ``perftarget monitor --format json``
record (:func:`~perftarget.monitor.monitoring_record`), so the page, the
workbook and ``results.json`` agree digit for digit.  A light is shown as
its word beside its colour (a badge in HTML, a filled cell in the
workbook), so that the report reads the same printed in black and white.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from attrs import field, frozen

from perftarget.core._findings import Finding
from perftarget.core._lang import current_language
from perftarget.monitor import IndicatorProgress, ProjectProgress, monitoring_record
from perftarget.report._blocks import heading
from perftarget.report._findings import FindingsRenderer, ReadingRenderer
from perftarget.report._format import fixed, where_text
from perftarget.report._html import HtmlPage, Section, embed_chart
from perftarget.report._workbook import Unreadable, _new_workbook, _Sheet, sheet_names
from perftarget.report.terms import check_lang, term

__all__ = [
    "MonitorPage",
    "execution_chart",
    "light_word",
    "write_monitor_workbook",
]


#: The colour of each light: a bar of the chart.
_COLOURS: Final = {"red": "#c62828", "yellow": "#f9a825", "green": "#2e7d32"}
#: The fill of a light's badge and workbook cell: light enough for black text,
#: so that the word stays legible when a printer leaves the fill out.
_FILLS: Final = {"red": "EF9A9A", "yellow": "FFF59D", "green": "A5D6A7"}
_NO_LIGHT: Final = "#757575"


def _label(key: str, lang: str, **values: object) -> str:
    return term(f"monitor.{key}", lang, **values)


def light_word(light: str | None, lang: str | None = None) -> str:
    """
    The word of a light as the JSON record writes it (``"red"``…, or None).

    Examples:
        >>> light_word("red", "zh"), light_word("yellow", "en"), light_word(None, "zh")
        ('红灯', 'yellow', '无灯')
    """
    lang = current_language(lang)
    if light is None:
        return _label("no_light", lang)
    if lang == "en":
        return light
    return {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}[light]


def _badge(light: str | None, lang: str) -> str:
    """A light as a badge: its word on its colour, framed (it prints in black and white)."""
    word = html.escape(light_word(light, lang))
    fill = _FILLS.get(light or "", "FFFFFF")
    style = (
        f"background:#{fill};color:#212121;border:1px solid #616161;border-radius:3px;"
        "padding:0 .3em;white-space:nowrap;print-color-adjust:exact"
    )
    return f'<span class="light" style="{style}">{word}</span>'


def _money(amount: str | None, unit: str) -> str:
    return "—" if amount is None else f"{amount} {unit}".strip()


def _source(source: str | None, lang: str) -> str:
    return "" if source is None else _label(source, lang)


def _forecast(project: Mapping[str, Any], unit: str, lang: str) -> str:
    """The full-year forecast with where it comes from: ``28.00 万元 (reported)``."""
    text = _money(project["forecast"], unit)
    source = project["forecast_source"]
    return f"{text} ({_source(source, lang)})" if source else text


def _dl(pairs: Sequence[tuple[str, str]]) -> str:
    """Labelled values; the values are HTML made here (escaped already)."""
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{v}</dd>" for k, v in pairs)
    return f'<dl class="facts">{items}</dl>'


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int]) -> str:
    """An HTML table whose cells are HTML made here (escaped already)."""

    def cell(tag: str, index: int, content: str) -> str:
        klass = ' class="num"' if index in numeric else ""
        return f"<{tag}{klass}>{content}</{tag}>"

    head = "".join(cell("th", i, html.escape(h)) for i, h in enumerate(headers))
    body = "\n".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _distinct(values: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(values)) or "—"


def _behind(results: Sequence[ProjectProgress], limit: int) -> list[ProjectProgress]:
    """The projects with an execution rate; the ``limit`` furthest behind when there are more."""
    drawn = [r for r in results if r.execution_rate is not None]
    if len(drawn) <= limit:
        return drawn
    order = sorted(range(len(drawn)), key=lambda i: (-(drawn[i].gap or Decimal(0)), i))
    return [drawn[i] for i in sorted(order[:limit])]


def execution_chart(
    results: Sequence[ProjectProgress],
    *,
    lang: str | None = None,
    fmt: str = "svg",
    limit: int = 30,
) -> bytes:
    """
    Draw each project's budget execution rate against its time progress.

    A bar per project is its execution rate, coloured by its light (grey
    without one) and labelled with its value; a black tick on the bar's row
    marks its 序时进度.  With
    more than ``limit`` projects, the ``limit`` furthest behind time
    progress are drawn, in round order, and the title says so.

    .. versionadded:: Unreleased

    Args:
        results: The monitored projects; those without an execution rate
            are left out.
        lang: ``zh`` or ``en`` for the titles.
        fmt: ``svg`` (text kept as text) or ``png``.
        limit: The most projects drawn.

    Returns:
        The image.

    Raises:
        ChartsUnavailableError: matplotlib (the ``charts`` extra) is
            missing, or for PNG a font with Chinese glyphs.
        ValueError: ``fmt`` or ``lang`` is unknown.
    """
    lang = current_language(lang)
    check_lang(lang)
    from perftarget.report._charts import _figure, _reserve, _save

    rows = _behind(results, limit)
    figure = _figure(8, 0.42 * len(rows) + 1.8, fmt)
    axes = figure.add_subplot()
    names = [r.name for r in rows][::-1]
    _reserve(figure, names)
    positions = list(range(len(rows)))
    rates = [float(r.execution_rate or 0) for r in rows][::-1]
    times = [float(r.time_progress) for r in rows][::-1]
    colours = [_COLOURS.get(r.light.value if r.light else "", _NO_LIGHT) for r in rows][::-1]
    axes.barh(positions, rates, color=colours)
    for position, rate, time in zip(positions, rates, times, strict=True):
        # the rate is written past both the bar and the tick, so neither hides it
        axes.text(max(rate, time) + 1.5, position, f"{rate:.2f}%", va="center", fontsize=8)
    axes.scatter(
        times,
        positions,
        marker="|",
        s=420,
        linewidths=2,
        color="#212121",
        zorder=3,
        label=_label("time_mark", lang),
    )
    axes.set_yticks(positions, labels=names)
    axes.set_xlim(0, max([100.0, *rates, *times]) * 1.15)
    axes.set_xlabel(_label("execution_rate", lang))
    title = _label("chart", lang)
    drawn = sum(r.execution_rate is not None for r in results)
    if len(rows) < drawn:
        title += "\n" + _label("chart_some", lang, shown=len(rows), all=drawn)
    axes.set_title(title)
    if rows:
        axes.legend(loc="best", fontsize=8, markerscale=0.5)
    return _save(figure, fmt)


@frozen(kw_only=True)
class MonitorPage:
    """
    Render a monitoring round as one printable HTML page, configured once.

    The page opens with the round's summary (profile, as-of date, time
    progress, projects by light, budget and executed totals, the budgets of
    red and yellow projects, the chart of execution against time progress,
    the table of projects, the unreadable files, what reading noticed), then
    a section per project: its figures, its indicators (target, current
    value, forecast, projected attainment, likelihood, deviation category,
    explanation, light) and its findings.  Every text is escaped.

    .. versionadded:: Unreleased

    Attributes:
        lang: ``zh`` or ``en``; the language in force by default.
        limit: The most projects the chart draws (those furthest behind).

    Examples:
        >>> from perftarget import datasets
        >>> from perftarget.monitor import monitor
        >>> results = [monitor(p) for p in datasets.quyang_2020_monitoring().projects]
        >>> page = MonitorPage(lang="en")(results)
        >>> "<h2>summary</h2>" in page, ">red</span>" in page
        (True, True)
    """

    lang: str = field(factory=current_language, validator=lambda _s, _a, v: check_lang(v))
    limit: int = 30

    def __call__(
        self,
        results: Sequence[ProjectProgress],
        *,
        reading: Sequence[Finding] = (),
        unreadable: Sequence[Unreadable] = (),
    ) -> str:
        """
        Return the page.

        Args:
            results: The monitored projects, in round order.
            reading: What reading the files noticed.
            unreadable: The inputs that gave no project, and why.

        Returns:
            The HTML document.
        """
        lang = self.lang
        profile = results[0].profile if results else ""
        sections = self.sections(results, reading=reading, unreadable=unreadable)
        as_of = next((r.snapshot.period.as_of.isoformat() for r in results), None)
        subtitle = (
            f"{_label('profile', lang)}: {profile or '—'} · {_label('as_of', lang)}: {as_of or '—'}"
        )
        return HtmlPage(lang=lang, title=_label("title", lang))(sections, subtitle=subtitle)

    def sections(
        self,
        results: Sequence[ProjectProgress],
        *,
        reading: Sequence[Finding] = (),
        unreadable: Sequence[Unreadable] = (),
    ) -> list[Section]:
        """
        Return the page's sections, to place in another page.

        Args:
            results: The monitored projects, in round order.
            reading: What reading the files noticed.
            unreadable: The inputs that gave no project, and why.

        Returns:
            The summary section, then one section per project.

        Examples:
            >>> from perftarget import datasets
            >>> from perftarget.monitor import monitor
            >>> results = [monitor(p) for p in datasets.quyang_2020_monitoring().projects]
            >>> [s.title for s in MonitorPage(lang="en").sections(results)][:2]
            ['summary', '群众工作中心日常经费']
        """
        lang = self.lang
        profile = results[0].profile if results else ""
        record = monitoring_record(
            results,
            profile=profile,
            reading=reading,
            unreadable=[(u.file, u.message) for u in unreadable],
            lang=lang,
        )
        summary = self._summary(results, record)
        if unreadable:
            rows = [[html.escape(u.file), html.escape(u.message)] for u in unreadable]
            summary.append(heading(_label("unreadable", lang), "html"))
            summary.append(_table([_label("file", lang), term("message", lang)], rows, ()))
        noticed = ReadingRenderer(fmt="html", lang=lang)(reading)
        if noticed:
            summary.append(noticed)
        sections = [Section(title=_label("summary", lang), body=summary)]
        for result, project in zip(results, record["projects"], strict=True):
            sections.append(Section(title=result.name, body=self._project(result, project)))
        return sections

    def _summary(self, results: Sequence[ProjectProgress], record: Mapping[str, Any]) -> list[str]:
        lang = self.lang
        summary = record["summary"]
        unit = summary["unit"]
        lights = summary["lights"]
        counts = " ".join(
            f"{_badge(light, lang)} {lights[light]}" for light in ("red", "yellow", "green")
        )
        counts += f" {html.escape(light_word(None, lang))} {lights['none']}"
        dates = [r.snapshot.period.as_of.isoformat() for r in results]
        times = [p["time_progress"] for p in record["projects"]]
        pairs = [
            (_label("profile", lang), html.escape(record["profile"])),
            (_label("as_of", lang), html.escape(_distinct(dates))),
            (_label("time_progress", lang), html.escape(_distinct(times))),
            (_label("projects", lang), str(summary["projects"])),
            (_label("lights", lang), counts),
            (_label("budget_total", lang), html.escape(_money(summary["budget"], unit))),
            (_label("executed_total", lang), html.escape(_money(summary["executed"], unit))),
            (_label("amount_red", lang), html.escape(_money(summary["amount_at_risk"], unit))),
            (
                _label("amount_yellow", lang),
                html.escape(_money(summary["amount_at_risk_yellow"], unit)),
            ),
            (_label("unspent", lang), html.escape(_money(summary["projected_unspent"], unit))),
        ]
        body = [_dl(pairs)]
        if any(r.execution_rate is not None for r in results):
            draw: Callable[[], bytes] = functools.partial(
                execution_chart, results, lang=lang, fmt="svg", limit=self.limit
            )
            body.append(embed_chart(draw, lang=lang))
        if results:
            body.append(self._projects(record["projects"], results))
        return body

    def _projects(
        self, projects: Sequence[Mapping[str, Any]], results: Sequence[ProjectProgress]
    ) -> str:
        lang = self.lang
        keys = (
            "name", "light", "budget", "executed", "execution_rate", "time_progress", "gap",
            "forecast", "projected_rate", "findings_count",
        )  # fmt: skip
        rows = []
        for project, result in zip(projects, results, strict=True):
            unit = _unit(result)
            rows.append(
                [
                    html.escape(project["name"]),
                    _badge(project["light"], lang),
                    html.escape(_money(project["budget"], unit)),
                    html.escape(_money(project["executed"], unit)),
                    html.escape(project["execution_rate"] or "—"),
                    html.escape(project["time_progress"] or "—"),
                    html.escape(project["gap"] or "—"),
                    html.escape(_forecast(project, unit, lang)),
                    html.escape(project["projected_rate"] or "—"),
                    str(len(project["findings"])),
                ]
            )
        return _table([_label(k, lang) for k in keys], rows, numeric=(2, 3, 4, 5, 6, 7, 8, 9))

    def _project(self, result: ProjectProgress, project: Mapping[str, Any]) -> list[str]:
        lang = self.lang
        unit = _unit(result)
        card = result.scorecard
        grade = card.grade if lang == "zh" else card.grade_en
        score = f"{fixed(card.total)} ({grade})" if grade else fixed(card.total)
        if card.rules:
            score += f" — {card.rules}"
        pairs = [
            (_label("light", lang), _badge(project["light"], lang)),
            (_label("as_of", lang), result.snapshot.period.as_of.isoformat()),
            (_label("budget", lang), html.escape(_money(project["budget"], unit))),
            (_label("executed", lang), html.escape(_money(project["executed"], unit))),
            (_label("execution_rate", lang), html.escape(project["execution_rate"] or "—")),
            (_label("time_progress", lang), html.escape(project["time_progress"] or "—")),
            (_label("gap", lang), html.escape(project["gap"] or "—")),
            (_label("forecast", lang), html.escape(_forecast(project, unit, lang))),
            (_label("projected_rate", lang), html.escape(project["projected_rate"] or "—")),
            (_label("heading_for", lang), html.escape(score)),
        ]
        body = [_dl(pairs)]
        if result.indicators:
            keys = (
                "level3", "target", "current", "indicator_forecast", "attainment",
                "likelihood", "deviation", "explanation", "light",
            )  # fmt: skip
            headers = [term(k, lang) if k == "level3" else _label(k, lang) for k in keys]
            rows = [
                _indicator_cells(item, row, lang)
                for item, row in zip(project["indicators"], result.indicators, strict=True)
            ]
            body.append(_table(headers, rows, numeric=(4,)))
        body.append(heading(term("findings", lang), "html", level=4))
        body.append(FindingsRenderer(fmt="html", lang=lang)(result.findings))
        return body


def _unit(result: ProjectProgress) -> str:
    budget = result.snapshot.budget
    return budget.unit if budget is not None else ""


def _likelihood(row: IndicatorProgress, lang: str) -> str:
    likelihood = row.snapshot.likelihood
    if likelihood is None:
        return ""
    return likelihood.value if lang == "zh" else likelihood.en


def _deviation(row: IndicatorProgress, lang: str) -> str:
    category = row.snapshot.deviation
    if category is None:
        return ""
    return category.value if lang == "zh" else category.en


def _indicator_cells(item: Mapping[str, Any], row: IndicatorProgress, lang: str) -> list[str]:
    texts = [
        item["level3"],
        item["target"],
        item["current"] or "—",
        item["forecast"] or "—",
        item["projected_attainment"] or "—",
        _likelihood(row, lang),
        _deviation(row, lang),
        item["explanation"],
    ]
    return [*map(html.escape, texts), _badge(item["light"], lang)]


_NUMBER: Final = "#,##0.00##"
_PERCENT: Final = "0.00"


def _number(text: str | None) -> Decimal | None:
    """A decimal string of the JSON record as the number the workbook holds."""
    return None if text is None else Decimal(text)


class _Cells(_Sheet):
    """The workbook's sheet writer, with per-column number formats, lights and a filter."""

    def add_row(self, cells: Sequence[object], formats: Mapping[int, str] | None = None) -> int:
        row = self.add(*cells, numbers=_NUMBER)
        for column, number_format in (formats or {}).items():
            if isinstance(cells[column - 1], Decimal):
                self.format(row, column, number_format)
        return row

    def header(self, labels: Sequence[str], widths: Sequence[int]) -> None:
        self.add(*labels, bold=True)
        self.widths(*widths)
        self.worksheet.freeze_panes = "A2"

    def light(self, row: int, column: int, light: str | None) -> None:
        from openpyxl.styles import PatternFill

        if light in _FILLS:
            colour = _FILLS[light]
            self.worksheet.cell(row=row, column=column).fill = PatternFill(
                fill_type="solid", start_color=colour, end_color=colour
            )

    def filter(self, columns: int) -> None:
        from openpyxl.utils import get_column_letter

        self.worksheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(self.row, 2)}"


def _summary_sheet(
    cells: _Cells,
    projects: Sequence[Mapping[str, Any]],
    results: Sequence[ProjectProgress],
    lang: str,
) -> None:
    keys = (
        "name", "light", "unit", "budget", "executed", "execution_rate", "time_progress", "gap",
        "forecast", "forecast_source", "projected_rate", "findings_count",
    )  # fmt: skip
    cells.header([_label(k, lang) for k in keys], (30, 8, 7, 12, 12, 10, 10, 10, 12, 10, 10, 8))
    percents = {6: _PERCENT, 7: _PERCENT, 8: _PERCENT, 11: _PERCENT}
    for project, result in zip(projects, results, strict=True):
        row = cells.add_row(
            [
                project["name"],
                light_word(project["light"], lang),
                _unit(result),
                _number(project["budget"]),
                _number(project["executed"]),
                _number(project["execution_rate"]),
                _number(project["time_progress"]),
                _number(project["gap"]),
                _number(project["forecast"]),
                _source(project["forecast_source"], lang),
                _number(project["projected_rate"]),
                len(project["findings"]),
            ],
            percents,
        )
        cells.light(row, 2, project["light"])
    cells.filter(len(keys))


def _indicator_sheet(
    cells: _Cells,
    projects: Sequence[Mapping[str, Any]],
    results: Sequence[ProjectProgress],
    lang: str,
) -> None:
    keys = (
        "name", "level1", "level2", "level3", "target", "current", "indicator_forecast",
        "attainment", "likelihood", "deviation", "explanation", "light",
    )  # fmt: skip
    labels = [term(k, lang) if k.startswith("level") else _label(k, lang) for k in keys]
    cells.header(labels, (30, 12, 14, 24, 16, 14, 14, 10, 12, 14, 30, 8))
    for project, result in zip(projects, results, strict=True):
        for item, progress in zip(project["indicators"], result.indicators, strict=True):
            row = cells.add_row(
                [
                    project["name"],
                    item["level1"],
                    item["level2"],
                    item["level3"],
                    item["target"],
                    item["current"],
                    item["forecast"],
                    _number(item["projected_attainment"]),
                    _likelihood(progress, lang),
                    _deviation(progress, lang),
                    item["explanation"],
                    light_word(item["light"], lang),
                ],
                {8: _PERCENT},
            )
            cells.light(row, 12, item["light"])
    cells.filter(len(keys))


def _findings_sheet(
    cells: _Cells, results: Sequence[ProjectProgress], reading: Sequence[Finding], lang: str
) -> None:
    keys = ("code", "severity", "project", "where", "message")
    cells.header([term(k, lang) for k in keys], (8, 8, 30, 30, 80))
    listed = [(r.name, f) for r in results for f in r.findings]
    listed += [("", f) for f in reading]
    for project, finding in listed:
        cells.add_row(
            [
                finding.code,
                term(f"severity.{finding.severity.value}", lang),
                project,
                where_text(finding.where, lang),
                finding.message,
            ]
        )
    cells.filter(len(keys))


def write_monitor_workbook(
    path: str | Path,
    results: Sequence[ProjectProgress],
    *,
    reading: Sequence[Finding] = (),
    lang: str | None = None,
) -> None:
    """
    Write a monitoring round as a workbook (``results.xlsx``).

    Sheets: the summary (汇总 / summary: one row per project with its light,
    unit, budget, executed, execution rate, time progress, gap, forecast and
    its source, projected rate and number of findings), the indicators (one
    row per indicator with its project, levels, target, current value,
    forecast, projected attainment, likelihood, deviation category,
    explanation and light) and the findings (code, severity, project,
    where, message; what reading noticed last, without a project).  Each
    sheet has a frozen header and an autofilter; light cells are filled in
    their colour and hold their word.  Numbers are numbers (the decimal
    strings of the JSON record, so both agree) with number formats; rates
    and gaps are in percent; text a spreadsheet would run as a formula is
    neutralised.

    .. versionadded:: Unreleased

    Args:
        path: The ``.xlsx`` file; replaced only once the workbook is complete.
        results: The monitored projects, in round order.
        reading: What reading the files noticed.
        lang: ``zh`` or ``en`` for the labels; the language in force by default.

    Raises:
        ImportError: openpyxl is not installed (the message names the extra).
        OSError: The file cannot be written; an existing file is unchanged.

    Examples:
        >>> import tempfile, pathlib
        >>> from openpyxl import load_workbook
        >>> from perftarget import datasets
        >>> from perftarget.monitor import monitor
        >>> results = [monitor(p) for p in datasets.quyang_2020_monitoring().projects]
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "results.xlsx"
        >>> write_monitor_workbook(path, results, lang="en")
        >>> load_workbook(path).sheetnames
        ['summary', 'indicators', 'findings']
    """
    lang = current_language(lang)
    check_lang(lang)
    from perftarget.io._csv_write import replaced_atomically

    workbook = _new_workbook(lang)
    profile = results[0].profile if results else ""
    projects = monitoring_record(results, profile=profile, lang=lang)["projects"]
    names = sheet_names(
        [_label("summary", lang), _label("indicators", lang), term("findings", lang)]
    )
    first = workbook.active
    first.title = names[0]
    _summary_sheet(_Cells(first), projects, results, lang)
    _indicator_sheet(_Cells(workbook.create_sheet(names[1])), projects, results, lang)
    _findings_sheet(_Cells(workbook.create_sheet(names[2])), results, reading, lang)
    with replaced_atomically(path) as temporary:
        workbook.save(temporary)
