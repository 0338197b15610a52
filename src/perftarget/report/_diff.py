"""
Renderer for a year-over-year diff (``perftarget diff``): text, Markdown, HTML, JSON.

A summary comes first, then the loosened targets (the classic audit
finding), then per project a table of last year's target against this
year's with the change named in a word, so that it reads in black and white.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from attrs import frozen

from perftarget.compare import (
    MARKS,
    PRIMARY,
    DiffKind,
    IndicatorDiff,
    ProjectDiff,
    TableDiff,
    diff_record,
    target_text,
)
from perftarget.core._findings import Finding
from perftarget.core._lang import language, say
from perftarget.core._text import plain_number
from perftarget.report._blocks import facts, heading, join
from perftarget.report._findings import ReadingRenderer, with_reading
from perftarget.report._format import Renderer, fixed, json_text, table
from perftarget.report._html import HtmlPage, Section
from perftarget.report.terms import term

__all__ = ["DiffRenderer"]

_SEPARATOR: Final = {"zh": "，", "en": ", "}


def _counts(kinds: Sequence[DiffKind], counts: dict[DiffKind, int], lang: str) -> str:
    """
    Kinds with their counts in one line.

    Examples:
        >>> counts = dict.fromkeys(DiffKind, 0) | {DiffKind.LOOSENED: 2}
        >>> _counts([DiffKind.LOOSENED, DiffKind.ADDED], counts, "zh")
        '放宽 2，新增 0'
        >>> _counts([DiffKind.LOOSENED, DiffKind.ADDED], counts, "en")
        '2 loosened, 0 added'
    """
    if lang == "zh":
        parts = [f"{kind.zh} {counts[kind]}" for kind in kinds]
    else:
        parts = [f"{counts[kind]} {kind.en}" for kind in kinds]
    return _SEPARATOR[lang].join(parts)


def _side(name: str, year: int | None) -> str:
    """
    A table named with its year, the year once.

    Examples:
        >>> _side("曲阳县信访局", 2020), _side("2020", 2020), _side("", None)
        ('曲阳县信访局 2020', '2020', '—')
    """
    shown = "" if year is None or str(year) in name else str(year)
    return " ".join(part for part in (name, shown) if part) or "—"


def _plural(n: int, word: str) -> str:
    """
    A count with its English noun.

    Examples:
        >>> _plural(1, "project"), _plural(3, "indicator")
        ('1 project', '3 indicators')
    """
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _target_header(year: int | None, old: bool) -> str:
    if year is None:
        return say("上年指标值", "old target") if old else say("本年指标值", "new target")
    return say(f"{year}年指标值", f"{year} target")


def _notes(item: IndicatorDiff) -> str:
    """What a matched row carries besides its primary kind, in the language in force."""
    old, new = item.old, item.new
    if old is None or new is None:
        return ""
    notes: list[str] = []
    if item.has(DiffKind.RENAMED) and item.similarity is not None:
        likeness = fixed(item.similarity)
        notes.append(
            say(
                f"更名：原“{old.name}”，相似度 {likeness}",
                f"renamed from “{old.name}”, similarity {likeness}",
            )
        )
    if item.has(DiffKind.MOVED):
        notes.append(
            say(
                f"归类变化：原{old.label(1, 'zh')} / {old.label(2, 'zh')}",
                f"moved from {old.label(1, 'en')} / {old.label(2, 'en')}",
            )
        )
    if item.has(DiffKind.UNIT_CHANGED):
        notes.append(say("单位变化", "unit changed"))
    if item.comparison is not None and not item.comparison.comparable:
        notes.append(say("无法比较大小", "cannot be ordered"))
    if item.has(DiffKind.WEIGHT_CHANGED) and old.weight is not None and new.weight is not None:
        before, after = plain_number(old.weight), plain_number(new.weight)
        notes.append(say(f"分值 {before} → {after}", f"weight {before} → {after}"))
    return say("；", "; ").join(notes)


@frozen(kw_only=True)
class DiffRenderer(Renderer):
    """
    Render a year-over-year diff of target tables.

    A summary (both tables, projects matched, added and dropped, indicators
    per kind), the loosened targets, then per project a table: the change in
    a word, the levels, the name, last year's and this year's target, and
    notes (renamed from, moved from, unit changed, weight changed).  HTML is
    one self-contained page, every text escaped; JSON is
    :func:`~perftarget.compare.diff_record`.

    Attributes:
        fmt: ``text`` (default), ``markdown``, ``html`` or ``json``.
        lang: ``zh`` or ``en``; the language in force by default.

    Examples:
        >>> from perftarget import datasets
        >>> from perftarget.compare import diff
        >>> dept = datasets.quyang_2020()
        >>> text = DiffRenderer(lang="en")(diff(dept, dept))
        >>> print(text.splitlines()[0])
        Year-over-year comparison: 曲阳县信访局 2020 → 曲阳县信访局 2020
        >>> print(text.splitlines()[6])
        indicators: 0 loosened, 0 changed, 0 tightened, 0 dropped, 0 added, 12 unchanged
    """

    def __call__(self, diff: TableDiff, *, reading: Sequence[Finding] = ()) -> str:
        """
        Return the rendered diff, ending with a newline.

        Args:
            diff: What :func:`~perftarget.compare.diff` returned.
            reading: What reading the two files noticed, shown after the diff
                (in JSON, in ``findings``).

        Returns:
            The text, Markdown, HTML page or JSON.
        """
        with language(self.lang):
            if self.fmt == "json":
                return json_text(with_reading(diff_record(diff, lang=self.lang), reading))
            if self.fmt == "html":
                return self._page(diff, reading)
            parts = [
                heading(self._title(diff), self.fmt, level=2),
                self._summary(diff),
                heading(self._loosened_title(), self.fmt),
                self._loosened(diff),
            ]
            for project in diff.projects:
                parts += [
                    heading(self._project_title(project), self.fmt),
                    self._project(project, diff),
                ]
            parts.append(ReadingRenderer(fmt=self.fmt, lang=self.lang)(reading).rstrip("\n"))
            return join(parts, self.fmt)

    def _title(self, diff: TableDiff) -> str:
        old, new = _side(diff.old_name, diff.old_year), _side(diff.new_name, diff.new_year)
        return say(f"年度对比：{old} → {new}", f"Year-over-year comparison: {old} → {new}")

    def _loosened_title(self) -> str:
        return say("放宽的指标", "Loosened targets")

    def _summary(self, diff: TableDiff) -> str:
        record = diff_record(diff, lang=self.lang)
        counts = diff.counts()
        projects = diff.project_counts()
        lang = self.lang
        pairs = [
            (
                say("上年", "old"),
                say(
                    f"{_side(diff.old_name, diff.old_year)}（{record['old']['projects']} 个项目，"
                    f"{record['old']['indicators']} 个指标）",
                    f"{_side(diff.old_name, diff.old_year)} "
                    f"({_plural(record['old']['projects'], 'project')}, "
                    f"{_plural(record['old']['indicators'], 'indicator')})",
                ),
            ),
            (
                say("本年", "new"),
                say(
                    f"{_side(diff.new_name, diff.new_year)}（{record['new']['projects']} 个项目，"
                    f"{record['new']['indicators']} 个指标）",
                    f"{_side(diff.new_name, diff.new_year)} "
                    f"({_plural(record['new']['projects'], 'project')}, "
                    f"{_plural(record['new']['indicators'], 'indicator')})",
                ),
            ),
            (
                say("项目", "projects"),
                say(
                    f"对应 {projects['matched']}（其中更名 {projects['renamed']}），"
                    f"新增 {projects['added']}，删除 {projects['dropped']}",
                    f"{projects['matched']} matched ({projects['renamed']} renamed), "
                    f"{projects['added']} added, {projects['dropped']} dropped",
                ),
            ),
            (say("指标", "indicators"), _counts(PRIMARY, counts, lang)),
            (say("其中", "of which"), _counts(MARKS, counts, lang)),
            (say("名称相似度阈值", "name similarity threshold"), plain_number(diff.threshold)),
        ]
        if diff.limit_reached:
            pairs.append(
                (
                    say("注意", "note"),
                    say(
                        f"名称比较次数达到上限（{diff.comparisons} 次），"
                        "其余未匹配的行按新增和删除列出",
                        f"the limit of name comparisons was reached ({diff.comparisons}); "
                        "the rows left unmatched are listed as added and dropped",
                    ),
                )
            )
        return facts(pairs, self.fmt)

    def _loosened(self, diff: TableDiff) -> str:
        found = diff.loosened()
        if not found:
            return term("none", self.lang)
        headers = [
            term("project", self.lang),
            term("level3", self.lang),
            _target_header(diff.old_year, old=True),
            _target_header(diff.new_year, old=False),
        ]
        rows = [
            [
                project.name,
                item.name,
                target_text(item.old) if item.old else "",
                target_text(item.new) if item.new else "",
            ]
            for project, item in found
        ]
        return table(headers, rows, self.fmt)

    def _project_title(self, project: ProjectDiff) -> str:
        name = project.name
        if project.status == "added":
            return say(f"{name}（新增项目）", f"{name} (added project)")
        if project.status == "dropped":
            return say(f"{name}（删除项目）", f"{name} (dropped project)")
        if project.renamed and project.old is not None:
            old = project.old.name
            return say(f"{name}（原名“{old}”）", f"{name} (formerly “{old}”)")
        return name

    def _project(self, project: ProjectDiff, diff: TableDiff) -> str:
        lang = self.lang
        old_year = project.old.year if project.old and project.old.year else diff.old_year
        new_year = project.new.year if project.new and project.new.year else diff.new_year
        headers = [
            say("变化", "change"),
            term("level1", lang),
            term("level2", lang),
            term("level3", lang),
            _target_header(old_year, old=True),
            _target_header(new_year, old=False),
            term("notes", lang),
        ]
        rows = []
        for item in project.indicators:
            row = item.new if item.new is not None else item.old
            assert row is not None
            rows.append(
                [
                    item.kind.word(),
                    row.label(1, lang),
                    row.label(2, lang),
                    item.name,
                    target_text(item.old) if item.old else "",
                    target_text(item.new) if item.new else "",
                    _notes(item),
                ]
            )
        if not rows:
            return term("none", lang)
        return table(headers, rows, self.fmt)

    def _page(self, diff: TableDiff, reading: Sequence[Finding]) -> str:
        body = [heading(self._title(diff), "html", level=3), self._summary(diff)]
        sections = [
            Section(title=say("汇总", "Summary"), body=body),
            Section(title=self._loosened_title(), body=[_html_block(self._loosened(diff))]),
        ]
        projects: list[str] = []
        for project in diff.projects:
            projects += [
                heading(self._project_title(project), "html"),
                _html_block(self._project(project, diff)),
            ]
        sections.append(Section(title=say("各项目", "Projects"), body=projects))
        found = ReadingRenderer(fmt="html", lang=self.lang)(reading)
        if found:
            sections.append(Section(title=term("findings", self.lang), body=[found]))
        title = say("绩效目标年度对比", "Year-over-year comparison of targets")
        return HtmlPage(lang=self.lang, title=title)(sections)


def _html_block(text: str) -> str:
    """A table as it is; a bare word (``无``) escaped into a paragraph."""
    if text.startswith("<table>"):
        return text
    return f"<p>{html.escape(text)}</p>"
