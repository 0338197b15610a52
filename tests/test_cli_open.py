"""
The command line for open-world reading: ``--strict``, ``--year``, what
reading noticed (``Contents.findings``) in text and JSON, structured
locations, and ``perftarget parse`` keeping one output line per input line.

Most tests give the commands a stand-in for :func:`perftarget.io.read_table`
that returns chosen findings, so they pin the command line whatever the
readers notice.  :class:`TestReadingEndToEnd` reads a real file whose reading
is reported; it is switched on by :data:`READERS_REPORT`.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import example, given
from hypothesis import strategies as st

from perftarget import datasets
from perftarget.cli import YEARS, build_parser, main, target_record, year_option
from perftarget.core._findings import Finding, Severity
from perftarget.core._model import Department
from perftarget.exceptions import Location, TableError
from perftarget.io import Contents, write_table
from perftarget.report._findings import (
    ReadingRenderer,
    finding_record,
    findings_record,
    location_record,
    with_reading,
)

#: Switch on when the lenient readers report what they read past (issue #11):
#: then the end-to-end tests below read a real file instead of a stand-in.
READERS_REPORT = True

WHERE = Location(file="in.xlsx", sheet="自评表", row=7, column="二级指标")
WARNING = Finding(
    code="PT001", severity=Severity.WARNING, message="label read by alias", where=WHERE
)
ERROR = Finding(code="PT002", severity=Severity.ERROR, message="row kept unread", where=WHERE)


def run(*argv: str) -> tuple[int, str]:
    """Run the command line and return its exit code and standard output."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def evaluation_contents(*findings: Finding, evaluations: int = 1) -> Contents:
    """Contents holding a bundled self-evaluation ``evaluations`` times, with ``findings``."""
    table = datasets.selfevaluation("zhongjiang_2022_water_gauges")  # scores without errors
    return Contents(
        department=Department(name="", projects=()),
        evaluations=(table,) * evaluations,
        findings=findings,
    )


def target_contents(*findings: Finding) -> Contents:
    """Contents holding the bundled target tables, with ``findings``."""
    return Contents(department=datasets.quyang_2020(), findings=findings)


class Reader:
    """A stand-in for ``read_table`` that records its calls and returns ``contents``."""

    def __init__(self, contents: Contents | Callable[..., Contents]) -> None:
        self.contents = contents
        self.calls: list[dict[str, Any]] = []

    def __call__(self, path: Any, **options: Any) -> Contents:
        self.calls.append({"path": str(path), **options})
        if callable(self.contents):
            return self.contents(path, **options)
        return self.contents


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any], Reader]:
    """Install a stand-in reader as ``perftarget.io.read_table``."""

    def install(contents: Contents | Callable[..., Contents]) -> Reader:
        stand_in = Reader(contents)
        monkeypatch.setattr("perftarget.io.read_table", stand_in)
        return stand_in

    return install


COMMANDS = {
    "score": (["score", "in.xlsx"], evaluation_contents),
    "review": (["review", "in.xlsx"], target_contents),
    "convert": (["convert", "in.xlsx", "OUT"], target_contents),
}


def argv_for(command: str, tmp_path: Path) -> list[str]:
    """The arguments of ``command`` reading ``in.xlsx`` (and writing into ``tmp_path``)."""
    argv, _ = COMMANDS[command]
    return [str(tmp_path / "out.json") if a == "OUT" else a for a in argv]


class TestStrictOption:
    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_strict_is_passed_to_the_reader(
        self, command: str, tmp_path: Path, reader: Callable[[Any], Reader]
    ) -> None:
        """score, review and convert read with strict=True under --strict, False without."""
        stand_in = reader(COMMANDS[command][1]())
        run(*argv_for(command, tmp_path))
        run(*argv_for(command, tmp_path), "--strict")
        assert [False, True] == [call["strict"] for call in stand_in.calls]

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_refused_file_exits_2_with_the_problem(
        self,
        command: str,
        tmp_path: Path,
        reader: Callable[[Any], Reader],
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """A table the strict reader refuses exits 2 and prints the problem."""

        def strict_read(path: Any, **options: Any) -> Contents:
            if options["strict"]:
                raise TableError([])
            return COMMANDS[command][1](WARNING)

        reader(strict_read)
        assert 2 == run(*argv_for(command, tmp_path), "--strict", "--lang", "en")[0]
        assert f"perftarget {command}: 0 problems" in capsys.readouterr().err

    def test_batch_refuses_reading_options(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--batch reads its own columns: --strict or --year with it is a usage error."""
        assert 2 == run("score", "rows.csv", "--batch", "--output", "o.csv", "--strict")[0]
        assert 2 == run("score", "rows.csv", "--batch", "--output", "o.csv", "--year", "2024")[0]
        assert "--batch" in capsys.readouterr().err


class TestYearOption:
    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_year_is_passed_to_the_reader(
        self, command: str, tmp_path: Path, reader: Callable[[Any], Reader]
    ) -> None:
        """score, review and convert read with the --year given, None without."""
        stand_in = reader(COMMANDS[command][1]())
        run(*argv_for(command, tmp_path))
        run(*argv_for(command, tmp_path), "--year", "2024")
        assert [None, 2024] == [call["year"] for call in stand_in.calls]

    def test_score_dates_year_less_deadlines_by_it(self, tmp_path: Path) -> None:
        """A 12月底前 target in a table stating no year is dated 2024-12-31 under --year 2024."""
        path = tmp_path / "t.csv"
        path.write_text(
            "一级指标,二级指标,三级指标,分值,年度指标值,实际完成值\n"
            "产出指标,时效指标,完成时间,100,12月底前,12月\n",
            encoding="utf-8",
        )
        traces = []
        for extra in ([], ["--year", "2024"]):
            _, out = run("score", str(path), "--format", "json", *extra)
            traces.append(json.loads(out)["indicators"][0]["trace"])
        assert ["2024-12-31" in trace for trace in traces] == [False, True]

    @pytest.mark.parametrize("text", ["abc", "1899", "2201", "", "2024.5", "二〇二四"])
    def test_invalid_year_is_a_usage_error(
        self, text: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A --year that is not a whole number from 1900 to 2200 exits 2 naming both."""
        with pytest.raises(SystemExit) as exit_:
            run("score", "in.csv", "--year", text)
        err = capsys.readouterr().err
        assert 2 == exit_.value.code
        assert "1900" in err
        assert "2200" in err
        assert repr(text) in err

    @pytest.mark.parametrize("text", ["1900", "2200", " 2024 "])
    def test_range_is_inclusive(self, text: str) -> None:
        """The first and last years are accepted; spaces around the number are ignored."""
        assert int(text) == year_option(text)

    @given(st.integers(min_value=-(10**6), max_value=10**6))
    def test_accepts_exactly_the_years_in_range(self, year: int) -> None:
        """year_option returns a year in [1900, 2200] unchanged and refuses every other."""
        first, last = YEARS
        if first <= year <= last:
            assert year == year_option(str(year))
        else:
            with pytest.raises(argparse.ArgumentTypeError):
                year_option(str(year))


class TestReadingRenderer:
    def test_section_has_a_counted_heading_and_the_findings(self) -> None:
        """The section is headed with the count and lists each finding's code and place."""
        text = ReadingRenderer(lang="en")([WARNING, ERROR])
        assert "reading the input: 2 findings" == text.splitlines()[0]
        assert "PT001" in text
        assert "PT002" in text
        assert "自评表 · row 7 · 二级指标" in text

    def test_chinese_and_markdown(self) -> None:
        """In Chinese Markdown the heading is a level-4 heading with the Chinese label."""
        text = ReadingRenderer(fmt="markdown", lang="zh")([WARNING])
        assert "#### 读取输入：1 条发现" == text.splitlines()[0]
        assert "| PT001" in text

    def test_nothing_read_past_shows_nothing(self) -> None:
        """No reading finding: no section at all."""
        assert "" == ReadingRenderer(lang="en")([])

    def test_json_is_refused(self) -> None:
        """JSON carries reading findings in the findings array, not as a section."""
        with pytest.raises(ValueError, match="with_reading"):
            ReadingRenderer(fmt="json")([WARNING])


class TestWithReading:
    def test_reading_findings_come_first_and_are_counted(self) -> None:
        """Reading findings precede the others in the array and add to the counts."""
        review_finding = evolve(WARNING, code="PT102")
        record = with_reading(findings_record([review_finding]), [ERROR])
        assert ["PT002", "PT102"] == [f["code"] for f in record["findings"]]
        assert {"error": 1, "warning": 1, "info": 0} == record["counts"]

    def test_record_is_not_changed(self) -> None:
        """The record given is left as it was."""
        record = findings_record([])
        with_reading(record, [ERROR])
        assert findings_record([]) == record

    def test_nothing_read_past_changes_nothing(self) -> None:
        """Without reading findings the record is the same."""
        record = findings_record([WARNING])
        assert record == with_reading(record, [])


class TestReadingFindingsInCommands:
    def test_score_json_lists_them_among_the_findings(
        self, reader: Callable[[Any], Reader]
    ) -> None:
        """score --format json puts reading findings first in findings, in the common shape."""
        reader(evaluation_contents(WARNING))
        code, out = run("score", "in.xlsx", "--format", "json")
        first = json.loads(out)["findings"][0]
        assert 0 == code
        assert finding_record(WARNING) == first

    def test_score_text_shows_a_reading_section(self, reader: Callable[[Any], Reader]) -> None:
        """score's text output ends with the reading section, in the chosen language."""
        reader(evaluation_contents(WARNING))
        _, out = run("score", "in.xlsx", "--lang", "en")
        section = out[out.index("reading the input: 1 findings") :]
        assert "PT001" in section
        assert "label read by alias" in section

    def test_score_exits_1_on_a_reading_error(self, reader: Callable[[Any], Reader]) -> None:
        """A reading finding of error severity makes score exit 1, as scoring errors do."""
        reader(evaluation_contents(WARNING))
        clean = run("score", "in.xlsx")[0]
        reader(evaluation_contents(ERROR))
        assert (0, 1) == (clean, run("score", "in.xlsx")[0])

    def test_review_json_counts_them(self, reader: Callable[[Any], Reader]) -> None:
        """review --format json lists reading findings and counts them."""
        reader(target_contents(ERROR))
        _, out = run("review", "in.xlsx", "--format", "json")
        record = json.loads(out)
        baseline = json.loads(run("review", "--dataset", "quyang_2020", "--format", "json")[1])
        assert "PT002" == record["findings"][0]["code"]
        assert baseline["counts"]["error"] + 1 == record["counts"]["error"]

    def test_review_fail_on_counts_them(self, reader: Callable[[Any], Reader]) -> None:
        """A reading warning passes the default gate and fails --fail-on info."""
        clean = Contents(department=Department(name="", projects=()), findings=(WARNING,))
        reader(clean)
        assert (0, 1) == (
            run("review", "in.xlsx")[0],
            run("review", "in.xlsx", "--fail-on", "warning")[0],
        )

    def test_review_text_shows_a_reading_section(self, reader: Callable[[Any], Reader]) -> None:
        """review's text output ends with the reading section in Chinese by default."""
        reader(target_contents(WARNING))
        _, out = run("review", "in.xlsx")
        assert "读取输入：1 条发现" in out
        assert out.index("读取输入") > out.index("PT1")

    def test_convert_lists_them_after_the_summary(
        self, tmp_path: Path, reader: Callable[[Any], Reader]
    ) -> None:
        """convert prints the summary line, then the reading section; it still converts."""
        reader(target_contents(WARNING))
        code, out = run("convert", "in.xlsx", str(tmp_path / "out.json"))
        assert 0 == code
        assert "3 target table(s)" in out.splitlines()[0]
        assert "reading the input: 1 findings" in out
        assert (tmp_path / "out.json").exists()


class TestStructuredLocation:
    def test_every_json_finding_has_a_location(self, tmp_path: Path) -> None:
        """score, review and audit JSON findings carry location beside the where text."""
        csv_path = tmp_path / "t.csv"
        write_table(datasets.selfevaluation("yongde_2022_nutrition"), csv_path)
        runs = [
            ["score", str(csv_path), "--format", "json"],
            ["review", "--dataset", "quyang_2020", "--format", "json"],
            ["audit", "--format", "json"],
        ]
        for argv in runs:
            for finding in json.loads(run(*argv)[1])["findings"]:
                assert {"file", "sheet", "row", "column"} == set(finding["location"])
                assert str(Location(**finding["location"])) == finding["where"]

    def test_file_of_a_scored_row_is_the_path_given(self, tmp_path: Path) -> None:
        """A scoring finding on a row of the file names that file and row in location."""
        csv_path = tmp_path / "t.csv"
        write_table(datasets.selfevaluation("yongde_2022_nutrition"), csv_path)
        findings = json.loads(run("score", str(csv_path), "--format", "json")[1])["findings"]
        located = [f["location"] for f in findings if f["location"]["row"] is not None]
        assert located
        assert all(where["file"] == str(csv_path) for where in located)

    def test_unknown_parts_are_null(self) -> None:
        """A location with only a sheet and a column has null file and row."""
        where = Location(sheet="日常经费", column="二级指标")
        expected = {"file": None, "sheet": "日常经费", "row": None, "column": "二级指标"}
        assert expected == finding_record(evolve(WARNING, where=where))["location"]

    @given(
        st.builds(
            Location,
            file=st.none() | st.text(max_size=8),
            sheet=st.none() | st.text(max_size=8),
            row=st.none() | st.integers(min_value=1, max_value=10**6),
            column=st.none() | st.text(max_size=8),
        )
    )
    def test_location_round_trips(self, where: Location) -> None:
        """The JSON location holds every part: Location(**record) gives it back."""
        record = json.loads(json.dumps(location_record(where), ensure_ascii=False))
        assert where == Location(**record)


def parse_lines(monkeypatch: pytest.MonkeyPatch, text: str, *argv: str) -> tuple[int, list[str]]:
    """Pipe ``text`` into ``perftarget parse`` and return the exit code and output lines."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out = run("parse", *argv)
    return code, out.splitlines()


class TestParseAlignment:
    def test_json_line_per_input_line_blank_included(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Blank lines give a record each (kind null, an error saying empty), in order."""
        code, lines = parse_lines(monkeypatch, "8人\n\n≥95%\n   \n", "--format", "json")
        records = [json.loads(line) for line in lines]
        assert ["8人", "", "≥95%", "   "] == [r["text"] for r in records]
        assert [None, None] == [records[1]["kind"], records[3]["kind"]]
        assert "empty" in records[1]["error"]
        assert "empty" in records[3]["error"]
        assert 1 == code

    def test_table_row_per_input_line(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The table has its two header lines and one row per input line, blank ones too."""
        _, lines = parse_lines(monkeypatch, "\n8人\n\n", "--format", "table")
        assert 2 + 3 == len(lines)
        assert "8人" in lines[3]
        assert "empty" in lines[2]
        assert "empty" in lines[4]

    def test_empty_argument_gives_the_blank_line_record(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """An empty argument gives the same record as a blank input line."""
        _, piped = parse_lines(monkeypatch, "\n", "--format", "json")
        _, given_ = run("parse", "", "--format", "json")
        assert piped == given_.splitlines()
        assert target_record("") == json.loads(given_)

    @given(st.lists(st.text(alphabet=st.characters(exclude_characters="\r\n")), max_size=12))
    @example(["8人", "", "\x85", "a\u2028b", "\u2029"])
    def test_piped_column_stays_aligned(self, values: list[str]) -> None:
        """Any column piped in gives exactly one JSON line per line, texts in order."""
        stdin, sys.stdin = sys.stdin, io.StringIO("".join(v + "\n" for v in values))
        try:
            _, out = run("parse", "--format", "json")
        finally:
            sys.stdin = stdin
        # splitlines also splits at U+0085, U+2028, U+2029: records must not hold them raw
        assert values == [json.loads(line)["text"] for line in out.splitlines()]


class TestScoreNeedsOneSelfEvaluation:
    def test_two_self_evaluations_in_one_file_are_both_scored(
        self, reader: Callable[[Any], Reader], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Two self-evaluations in one file: each is scored, one line each, and the
        summary counts two projects (issue #12: any number per file)."""
        import json

        reader(evaluation_contents(evaluations=2))
        code, out = run("score", "two.xlsx", "--lang", "en", "--format", "json")
        assert code in (0, 1)
        record = json.loads(out)
        assert 2 == len(record["projects"])
        assert {"two.xlsx"} == {p["file"] for p in record["projects"]}

    def test_target_tables_point_to_review(
        self, reader: Callable[[Any], Reader], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file of target tables only names the count 0 and points to perftarget review."""
        reader(target_contents())
        assert 2 == run("score", "targets.xlsx")[0]
        err = capsys.readouterr().err
        assert "targets.xlsx 含 0 张绩效自评表" in err
        assert "3 张绩效目标表" in err
        assert "perftarget review" in err

    def test_no_header_names_the_self_evaluation_columns(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file with no recognisable header exits 2 naming the self-evaluation columns."""
        path = tmp_path / "t.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        assert 2 == run("score", str(path), "--lang", "en")[0]
        assert "a self-evaluation has the columns 一级指标" in capsys.readouterr().err


class TestHelp:
    @pytest.mark.parametrize("command", ["score", "review", "convert"])
    def test_help_names_every_format_and_the_reading_options(self, command: str) -> None:
        """score, review and convert help name every format read, --strict and --year."""
        parser = build_parser()
        commands = next(
            a for a in parser._actions if isinstance(a, argparse._SubParsersAction)
        ).choices
        text = commands[command].format_help()
        assert ".xlsx, .docx, .csv, .json or .txt" in " ".join(text.split())
        assert "--strict" in text
        assert "--year YEAR" in text


@pytest.mark.skipif(not READERS_REPORT, reason="switch on READERS_REPORT with the lenient readers")
class TestReadingEndToEnd:
    """A real file whose reading is reported: a level-2 label naming no category."""

    TEXT = (
        "一级指标,二级指标,三级指标,分值,年度指标值,实际完成值\n"
        "产出指标,数量指标,培训人数,50,≥50人,52人\n"
        "产出指标,好坏指标,合格率,50,≥95%,96%\n"
    )

    def write(self, tmp_path: Path) -> str:
        """Write the table and return its path."""
        path = tmp_path / "t.csv"
        path.write_text(self.TEXT, encoding="utf-8")
        return str(path)

    def test_score_reports_and_scores(self, tmp_path: Path) -> None:
        """score reads past the label, scores, and lists a PT0xx finding located in the file."""
        path = self.write(tmp_path)
        code, out = run("score", path, "--format", "json")
        reading = [f for f in json.loads(out)["findings"] if f["code"].startswith("PT0")]
        assert code in (0, 1)
        assert reading
        assert all(f["location"]["file"] == path for f in reading)

    def test_strict_refuses(self, tmp_path: Path) -> None:
        """With --strict the same file is refused: exit 2."""
        assert 2 == run("score", self.write(tmp_path), "--strict")[0]
