"""
Hardening odds and ends: caches bounded in bytes, long text documents read
in one pass, and messages that say what they mean in the user's language.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perftarget import TableError, parse_target, resolve_level1
from perftarget.cli import main
from perftarget.core._lang import language
from perftarget.core._parse import _parse_cached
from perftarget.core._textcache import CACHED_TEXT_LONGEST, _text_cache
from perftarget.exceptions import Location, Problem
from perftarget.io._csvtext import _line_above
from perftarget.io._disclosure_text import read_disclosure_text
from perftarget.io._doctext import text_tables
from perftarget.io._layout import cell_key, is_placeholder, label_of

LONG = "效果明显" * (CACHED_TEXT_LONGEST // 4 + 1)


class TestTextCache:
    """A text cache keeps short texts only, so its memory is bounded in bytes."""

    def test_short_texts_are_served_from_the_cache(self) -> None:
        """A text up to the limit is worked out once: the same object comes back."""

        @_text_cache(maxsize=4, longest=5)
        def upper(text: str) -> str:
            return text.upper() + "!"

        first = upper("abcde")
        assert first is upper("abcde")

    def test_long_texts_are_not_kept(self) -> None:
        """A text past the limit is worked out on every call: equal, not the same object."""

        @_text_cache(maxsize=4, longest=5)
        def upper(text: str) -> str:
            return text.upper() + "!"

        first = upper("abcdef")
        second = upper("abcdef")
        assert "ABCDEF!" == first == second
        assert first is not second

    @given(text=st.text(max_size=2 * 8), suffix=st.integers(0, 3))
    def test_results_do_not_depend_on_the_cache(self, text: str, suffix: int) -> None:
        """Cached or not, the result is what the function returns (extra arguments kept)."""

        def plain(text: str, count: int) -> str:
            return text[::-1] + "#" * count

        cached = _text_cache(maxsize=16, longest=8)(plain)
        assert plain(text, suffix) == cached(text, suffix) == cached(text, suffix)

    def test_parse_target_keeps_no_long_text(self) -> None:
        """A value longer than CACHED_TEXT_LONGEST leaves the parse cache as it was."""
        before = _parse_cached.cache_info().currsize
        first = parse_target(LONG)
        after = _parse_cached.cache_info().currsize
        assert before == after
        assert first == parse_target(LONG)
        assert first is not parse_target(LONG)

    def test_parse_target_still_caches_real_values(self) -> None:
        """A real value is read once and then served from the cache."""
        assert parse_target("≥97.25%") is parse_target("≥97.25%")

    def test_label_resolution_keeps_no_long_label(self) -> None:
        """Label resolution caches short labels and works long ones out each time."""
        assert resolve_level1("产出指标") is resolve_level1("产出指标")
        assert resolve_level1(LONG) == resolve_level1(LONG)
        assert resolve_level1(LONG) is not resolve_level1(LONG)

    @pytest.mark.parametrize("func", [cell_key, label_of, is_placeholder])
    def test_layout_caches_are_bounded(self, func: object) -> None:
        """The layout's cell caches give the same answers for long cells, without keeping them."""
        assert callable(func)
        long_cell = "项目名称" + "x" * CACHED_TEXT_LONGEST
        assert func(long_cell) == func(long_cell)
        assert func("项目名称：") == func("项目名称：")

    def test_cell_key_does_not_keep_long_cells(self) -> None:
        """cell_key of a long cell is a fresh string each time; of a short one, the cached one."""
        long_cell = "一级 指标" * CACHED_TEXT_LONGEST
        assert cell_key(long_cell) is not cell_key(long_cell)
        assert cell_key(" 一级 指标 ") is cell_key(" 一级 指标 ")


class TestTextDocumentsInOnePass:
    """The text form of a Word document is read in one pass, whatever its length."""

    def test_continued_cell_joins_its_paragraphs(self) -> None:
        """Lines without the tab continue the cell above, joined with line breaks."""
        doc = "\t目标\n第一段\n第二段\n\t分值\n\n"
        [table] = text_tables(doc)
        assert (("目标\n第一段\n第二段", "分值"),) == table.rows

    def test_a_cell_of_many_paragraphs_is_kept_whole(self) -> None:
        """A cell continued over thousands of lines keeps every line, in order."""
        lines = [f"第{n}段" for n in range(5000)]
        doc = "\t" + "\n".join(lines) + "\n\n"
        [table] = text_tables(doc)
        assert "\n".join(lines) == table.rows[0][0]

    def test_heading_is_the_nearest_non_blank_line_above(self) -> None:
        """The line above a table is found by walking back past blank lines only."""
        lines = ["一、甲项目绩效目标表", "", "   ", "\tcell", "", "乙项目", "\tcell"]
        assert ("一、甲项目绩效目标表", "乙项目", "") == (
            _line_above(lines, 4),
            _line_above(lines, 7),
            _line_above(lines, 1),
        )


_NO_TITLE = "某单位预算说明\n2020年预算收入10.00万元，其中：一般公共预算收入10.00万元。\n"
_MADE_UP_YEAR = re.compile(r"(?<!\d)-?\d{1,3}年")


class TestUnknownYear:
    """Without a title the disclosure's year is unknown, and the messages say so."""

    def messages(self) -> list[str]:
        with pytest.raises(TableError) as caught:
            read_disclosure_text(_NO_TITLE, source="x.txt")
        return [problem.message for problem in caught.value.problems]

    def test_no_made_up_year_in_english(self) -> None:
        """No statement shows 0年 or -1年; those that name the year say it is unknown."""
        messages = self.messages()
        assert [] == [m for m in messages if _MADE_UP_YEAR.search(m)]
        dated = [m for m in messages if m.startswith("statement not found") and "YYYY年" in m]
        assert 2 == len(dated)
        assert all(m.endswith("(the year is unknown: no title states it)") for m in dated)

    def test_no_made_up_year_in_chinese(self) -> None:
        """In Chinese the statements say 年份不明."""
        with language("zh"):
            messages = self.messages()
        assert [] == [m for m in messages if _MADE_UP_YEAR.search(m)]
        assert messages[0].startswith("未找到标题")
        assert 2 == sum(m.endswith("（年份不明：未找到写明年份的标题）") for m in messages)

    def test_any_year_is_read_when_the_title_is_missing(self) -> None:
        """The income statement of any year is found; only the title is reported for it."""
        messages = self.messages()
        assert not any("预算收入" in m for m in messages)

    def test_audit_prints_the_year_is_unknown(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """perftarget audit prints the refusal in the command's language."""
        path = tmp_path / "x.txt"
        path.write_text(_NO_TITLE, encoding="utf-8")
        assert 2 == main(["audit", str(path)])
        out = capsys.readouterr().out
        assert out.startswith(f"perftarget audit: 无法读取 {path}：输入中有 6 个问题：\n")
        assert "较YYYY年增加/减少" in out
        assert "年份不明" in out


class TestSubcommandUsage:
    """A usage error shows the usage of the command that was given."""

    @pytest.mark.parametrize("command", [["score", "x.csv"], ["audit"], ["convert", "a", "b"]])
    def test_unknown_option_prints_the_subcommand_usage(
        self, command: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown option names the sub-command and shows its usage, not the top level's."""
        with pytest.raises(SystemExit) as caught:
            main([*command, "--bogus"])
        err = capsys.readouterr().err
        assert 2 == caught.value.code
        assert err.startswith(f"usage: perftarget {command[0]} ")
        assert f"perftarget {command[0]}: error: unrecognized arguments: --bogus\n" in err

    def test_unknown_option_before_the_command_keeps_the_top_level_usage(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unknown top-level option still shows the top-level usage."""
        with pytest.raises(SystemExit):
            main(["--bogus", "parse", "5"])
        err = capsys.readouterr().err
        assert err.startswith("usage: perftarget [-h]")
        assert "perftarget: error: unrecognized arguments: --bogus" in err


class TestTableErrorLanguage:
    """The refusal of an input reads in the language current when it is raised."""

    PROBLEMS = (
        Problem(where=Location(file="a.xlsx", sheet="表1", row=7, column="分值"), message="m"),
        Problem(where=Location(file="b.csv"), message="n", text="x"),
    )

    def test_english_by_default(self) -> None:
        """Outside a language block the message is the English one."""
        expected = (
            "2 problems in the input:\n"
            "  - a.xlsx, sheet 表1, row 7, column 分值: m\n"
            "  - b.csv: n (found 'x')"
        )
        assert expected == str(TableError(self.PROBLEMS))

    def test_chinese_inside_language_zh(self) -> None:
        """Inside language("zh") header, locations and the found text are Chinese."""
        with language("zh"):
            error = TableError(self.PROBLEMS)
        expected = (
            "输入中有 2 个问题：\n"
            "  - a.xlsx，工作表 表1，第 7 行，列 分值：m\n"
            "  - b.csv：n（原文 'x'）"
        )
        assert expected == str(error)

    def test_pickles_with_its_problems(self) -> None:
        """A pickled refusal comes back with the same problems and message."""
        error = TableError(self.PROBLEMS)
        back = pickle.loads(pickle.dumps(error))
        assert (error.problems, str(error)) == (back.problems, str(back))

    def test_command_line_prints_the_chinese_header(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """perftarget score --lang zh on a missing file prints a Chinese refusal."""
        path = tmp_path / "x.csv"
        assert 2 == main(["score", str(path), "--lang", "zh"])
        err = capsys.readouterr().err
        assert f"perftarget score: 输入中有 1 个问题：\n  - {path}：找不到文件\n" == err
