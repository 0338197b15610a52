"""
Report renderers: alignment by display width, fixed decimal places, the terms
table and its glossary, charts, and a light ``import perftarget``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from wcwidth import wcswidth

from perftarget import datasets
from perftarget.report import (
    TERMS,
    ChartsUnavailableError,
    FindingsRenderer,
    ScorecardRenderer,
    TargetTableRenderer,
    embed_chart,
    fixed,
    term,
)
from perftarget.report.terms import glossary_markdown

DOCS = Path(__file__).parents[1] / "docs"


def table_lines(text: str) -> list[str]:
    """Return the lines of the first plain-text table in ``text`` (header to last row)."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if re.fullmatch(r"-+( +-+)+", line))
    end = next((i for i in range(rule + 1, len(lines)) if not lines[i].strip()), len(lines))
    return lines[rule - 1 : end]


def cells(line: str) -> list[str]:
    """Spread a line over display columns: a wide character fills two."""
    out: list[str] = []
    for char in line:
        out.append(char)
        if wcswidth(char) == 2:
            out.append("")
    return out


def spans(rule: str) -> list[tuple[int, int]]:
    """Return the display columns each run of dashes of a table's rule covers."""
    return [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]


def split_row(line: str, rule: str) -> list[str]:
    """Cut a row into cells at the rule's display columns."""
    spread = cells(line)
    return ["".join(spread[a:b]).strip() for a, b in spans(rule)]


class TestAlignment:
    """Plain-text tables line up Chinese text by display width."""

    @pytest.mark.parametrize(
        "text",
        [
            TargetTableRenderer()(datasets.quyang_2020().projects[0]),
            ScorecardRenderer()(datasets.yongde_2022_scorecard()),
            FindingsRenderer()(datasets.yongde_2022_scorecard().findings),
        ],
        ids=["targets", "scorecard", "findings"],
    )
    def test_columns_line_up_by_display_width(self, text: str) -> None:
        """Every row fits the rule and has a space at every display column between columns."""
        lines = table_lines(text)
        rule = lines[1]
        gaps = [i for i, char in enumerate(rule) if char == " "]
        assert any(len(line) != wcswidth(line) for line in lines)  # Chinese is really there
        for line in lines:
            spread = cells(line)
            assert wcswidth(line.rstrip()) <= wcswidth(rule), line
            assert all(spread[i] == " " for i in gaps if i < len(spread)), line

    def test_a_column_starts_at_the_same_display_column_in_every_row(self) -> None:
        """The level-3 column starts at one display column in every row of the table."""
        lines = table_lines(TargetTableRenderer(lang="zh")(datasets.quyang_2020().projects[2]))
        names = ["群体性事件成功处置率", "信访群体管控率", "化解矛盾率", "群众满意度"]
        starts = {
            wcswidth(line[: line.index(name)]) for line, name in zip(lines[2:], names, strict=True)
        }
        header = lines[0]
        assert {wcswidth(header[: header.index("三级指标")])} == starts
        assert len({line.index(name) for line, name in zip(lines[2:], names, strict=True)}) > 1


class TestNumbers:
    """Numbers always show their fixed places."""

    def test_weights_and_scores_have_two_decimals(self) -> None:
        """Every weight, score and published score in the scorecard table has two places."""
        lines = table_lines(ScorecardRenderer(lang="en")(datasets.yongde_2022_scorecard()))
        header = split_row(lines[0], lines[1])
        columns = [header.index(k) for k in ("weight", "score", "published score")]
        values = [split_row(line, lines[1])[i] for line in lines[2:] for i in columns]
        assert 27 == len(values)
        assert all(re.fullmatch(r"\d+\.\d\d", v) for v in values), values

    def test_fixed_rounds_half_up(self) -> None:
        """fixed() rounds half up and never uses an exponent."""
        from decimal import Decimal

        assert ["0.13", "1000000.00", "7.00"] == [
            fixed(Decimal("0.125")),
            fixed(Decimal("1E+6")),
            fixed(Decimal("7")),
        ]


class TestTerms:
    """The table of terms is complete and is the glossary's source."""

    def test_every_term_has_both_languages(self) -> None:
        """Each term has a non-empty Chinese and English label."""
        assert all(zh.strip() and en.strip() for zh, en in TERMS.values())

    def test_glossary_page_contains_the_generated_table(self) -> None:
        """docs/glossary.md holds exactly the table generated from TERMS."""
        assert glossary_markdown() in (DOCS / "glossary.md").read_text(encoding="utf-8")

    def test_unknown_language_is_refused(self) -> None:
        """A language other than zh or en raises ValueError naming both."""
        with pytest.raises(ValueError, match="'zh' or 'en'"):
            term("weight", "fr")

    def test_unknown_format_is_refused(self) -> None:
        """A renderer configured with an unknown format raises ValueError."""
        with pytest.raises(ValueError, match="fmt must be one of"):
            FindingsRenderer(fmt="pdf")

    def test_english_labels_come_from_the_table(self) -> None:
        """The English scorecard header uses the English terms."""
        text = ScorecardRenderer(lang="en")(datasets.yongde_2022_scorecard())
        assert term("published_score", "en") in text
        assert term("published_score", "zh") not in text


class TestCharts:
    """Charts are drawn when matplotlib and a CJK font exist, and say why not otherwise."""

    def test_png_and_svg(self) -> None:
        """The achievement chart comes out as PNG and SVG."""
        pytest.importorskip("matplotlib", reason="pip install -e '.[test]'")
        from perftarget.report import achievement_chart, charts_available

        if not charts_available()[0]:
            pytest.skip("no CJK font installed: apt-get install fonts-noto-cjk")
        card = datasets.yongde_2022_scorecard()
        assert achievement_chart(card, fmt="png").startswith(b"\x89PNG")
        assert b"<svg" in achievement_chart(card, fmt="svg", lang="en")

    def test_missing_font_names_the_package(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without a CJK font the error names the Debian package to install."""
        pytest.importorskip("matplotlib", reason="pip install -e '.[test]'")
        from perftarget.report import _charts

        monkeypatch.setattr(_charts, "CJK_FAMILIES", ("No Such Font",))
        with pytest.raises(ChartsUnavailableError, match="fonts-noto-cjk"):
            _charts.achievement_chart(datasets.yongde_2022_scorecard())

    def test_without_matplotlib_the_chart_says_what_to_install(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With matplotlib not importable, the HTML note names the charts extra."""
        from perftarget.report import achievement_chart

        monkeypatch.setitem(sys.modules, "matplotlib", None)
        note = embed_chart(lambda: achievement_chart(datasets.yongde_2022_scorecard()))
        assert "pip install &#x27;perftarget[charts]&#x27;" in note
        assert note.startswith('<p class="unavailable">')

    def test_html_says_when_charts_are_unavailable(self) -> None:
        """embed_chart turns a ChartsUnavailableError into a visible note."""

        def draw() -> bytes:
            raise ChartsUnavailableError("charts need matplotlib")

        assert "图表不可用：charts need matplotlib" in embed_chart(draw, lang="zh")


def test_import_stays_light() -> None:
    """``import perftarget`` loads neither matplotlib, tabulate nor the report package."""
    code = (
        "import sys, perftarget; "
        "print(sorted(m for m in ('matplotlib', 'tabulate', 'perftarget.report') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "[]" == out.stdout.strip()
