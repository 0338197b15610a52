"""
Tests of ``perftarget monitor PATH...`` over many files: folders, globs,
unreadable files, the report formats (HTML, workbook, JSON), ``--out`` and
the folder summary, in both languages.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from monitor_strategies import write_table
from perftarget.cli import main
from perftarget.cli._monitor import monitor_files

pytest.importorskip("openpyxl")
pytest.importorskip("docx")


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI; return the exit code and standard output."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def project(name: str, executed: str = "50", budget: str = "100") -> list[list[str]]:
    """A 1-6月 2020 monitoring table of one project: green at 50 of 100, red at 10."""
    return [
        ["2020年1-6月项目绩效运行监控表"],
        ["项目名称", name],
        ["全年预算数", budget, "1-6月执行数", executed, "全年预计执行数", budget],
        ["三级指标", "年度指标值", "1-6月完成情况", "完成目标可能性"],
        ["合格率", "≥95%", "96%", "确定能"],
    ]


#: The projects of the mixed folder: file -> (project, executed of 100).
MIXED = {
    "a.csv": ("培训项目", "50"),
    "b.xlsx": ("宣传项目", "10"),
    "sub/c.docx": ("养护项目", "45"),
    "sub/deeper/d.txt": ("清淤项目", "35"),
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """
    A folder of monitoring tables in every format, nested, with a broken
    workbook, a CSV that is no monitoring table and a note that is no table.
    """
    folder = tmp_path / "round"
    for file, (name, executed) in MIXED.items():
        path = folder / file
        path.parent.mkdir(parents=True, exist_ok=True)
        write_table(path, project(name, executed))
    (folder / "broken.xlsx").write_bytes(b"not a zip archive")
    (folder / "notes.csv").write_text("甲,乙\n1,2\n", encoding="utf-8")
    (folder / "readme.md").write_text("# round\n", encoding="utf-8")
    return folder


def readable(folder: Path) -> Path:
    """The mixed folder without its two unusable files."""
    (folder / "broken.xlsx").unlink()
    (folder / "notes.csv").unlink()
    return folder


def as_json(*argv: str) -> tuple[int, dict[str, Any]]:
    """Run with ``--format json``; return the exit code and the record."""
    code, out = run(*argv, "--format", "json")
    return code, json.loads(out)


class TestFiles:
    def test_every_readable_project_is_read(self, mixed: Path) -> None:
        """Each project of a CSV, a workbook, a Word and a text file appears, in file order."""
        code, record = as_json("monitor", str(mixed))
        assert (2, ["培训项目", "宣传项目", "养护项目", "清淤项目"]) == (
            code,
            [p["name"] for p in record["projects"]],
        )

    def test_unusable_files_are_listed_with_their_reason(self, mixed: Path) -> None:
        """The broken workbook and the CSV without a monitoring table are listed, each why."""
        _, record = as_json("monitor", str(mixed), "--lang", "en")
        listed = {Path(u["file"]).name: u["message"] for u in record["summary"]["unreadable"]}
        assert ["broken.xlsx", "notes.csv"] == sorted(listed)
        assert "zip" in listed["broken.xlsx"]
        assert "no monitoring table" in listed["notes.csv"]

    def test_the_text_output_lists_them_a_line_each(self, mixed: Path) -> None:
        """In text, every unusable file is a line with its reason, after the projects."""
        code, out = run("monitor", str(mixed), "--lang", "en")
        lines = [line for line in out.splitlines() if "broken.xlsx" in line or "notes.csv" in line]
        assert 2 == code
        assert 2 == len(lines)
        assert "no monitoring table" in next(line for line in lines if "notes.csv" in line)

    def test_all_readable_exits_by_findings(self, mixed: Path) -> None:
        """Without unusable files the exit code is the findings': 1 here (a red project)."""
        code, out = run("monitor", str(readable(mixed)))
        assert (1, True) == (code, "宣传项目" in out)

    def test_a_clean_round_exits_0(self, tmp_path: Path) -> None:
        """Green projects only, every file read: exit 0."""
        for name in ("甲", "乙"):
            write_table(tmp_path / f"{name}.csv", project(name))
        assert 0 == run("monitor", str(tmp_path))[0]

    def test_folders_are_searched_recursively(self, mixed: Path) -> None:
        """Files two folders down are read."""
        _, record = as_json("monitor", str(readable(mixed) / "sub"))
        assert ["养护项目", "清淤项目"] == [p["name"] for p in record["projects"]]

    def test_globs_are_expanded_by_the_command(self, mixed: Path) -> None:
        """``**`` crosses folders; a glob's files are read like a folder's."""
        code, record = as_json("monitor", str(mixed / "**" / "*.docx"))
        assert (0, ["养护项目"]) == (code, [p["name"] for p in record["projects"]])

    def test_a_glob_and_a_file_together_are_read_once(self, mixed: Path) -> None:
        """A file named literally and matched by a glob is read once."""
        _, record = as_json("monitor", str(mixed / "a.csv"), str(mixed / "*.csv"))
        assert ["培训项目"] == [p["name"] for p in record["projects"]]

    def test_a_glob_matching_nothing_is_listed(self, mixed: Path) -> None:
        """A glob that matches no file is unusable input: listed, exit 2."""
        code, record = as_json("monitor", str(mixed / "a.csv"), str(mixed / "*.ods"))
        assert (2, 1) == (code, len(record["summary"]["unreadable"]))

    def test_a_folder_of_other_tables_is_listed(self, tmp_path: Path) -> None:
        """A folder holding only files of other formats (.json) names no monitoring file."""
        (tmp_path / "targets.json").write_text("{}", encoding="utf-8")
        files, missing = monitor_files([str(tmp_path)])
        assert ([], [str(tmp_path)]) == (files, [m.file for m in missing])

    def test_no_progress_line_when_stderr_is_not_a_terminal(
        self, mixed: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Progress is drawn only on a terminal: nothing on a captured standard error."""
        run("monitor", str(readable(mixed)))
        assert "[1/" not in capsys.readouterr().err


class TestOut:
    def test_three_files_are_written(self, mixed: Path, tmp_path: Path) -> None:
        """--out writes index.html, results.xlsx and results.json; the paths go to stderr."""
        out = tmp_path / "report"
        code, _ = run("monitor", str(mixed), "--out", str(out))
        assert (2, ["index.html", "results.json", "results.xlsx"]) == (
            code,
            sorted(p.name for p in out.iterdir()),
        )

    def test_results_json_is_the_json_output(self, mixed: Path, tmp_path: Path) -> None:
        """results.json is exactly what --format json prints."""
        out = tmp_path / "report"
        _, printed = run("monitor", str(mixed), "--format", "json", "--out", str(out))
        assert printed == (out / "results.json").read_text(encoding="utf-8")

    def test_workbook_numbers_are_the_json_numbers(self, mixed: Path, tmp_path: Path) -> None:
        """Every number of the workbook equals the JSON decimal string it comes from."""
        from openpyxl import load_workbook

        out = tmp_path / "report"
        run("monitor", str(mixed), "--out", str(out), "--lang", "en")
        record = json.loads((out / "results.json").read_text(encoding="utf-8"))
        book = load_workbook(out / "results.xlsx")
        summary = list(book["summary"].iter_rows(values_only=True))
        columns = {key: summary[0].index(label) for key, label in SUMMARY_COLUMNS.items()}
        for row, expected in zip(summary[1:], record["projects"], strict=True):
            for key, column in columns.items():
                assert number(expected[key]) == number(row[column]), (expected["name"], key)
        indicators = list(book["indicators"].iter_rows(values_only=True))[1:]
        attainments = [
            i["projected_attainment"] for p in record["projects"] for i in p["indicators"]
        ]
        assert [number(a) for a in attainments] == [number(row[7]) for row in indicators]

    def test_page_numbers_are_the_json_numbers(self, mixed: Path, tmp_path: Path) -> None:
        """The page shows each project's rates and gap exactly as the JSON writes them."""
        out = tmp_path / "report"
        run("monitor", str(mixed), "--out", str(out))
        record = json.loads((out / "results.json").read_text(encoding="utf-8"))
        page = (out / "index.html").read_text(encoding="utf-8")
        shown = [
            f'<td class="num">{p[key]}</td>' in page
            for p in record["projects"]
            for key in ("execution_rate", "time_progress", "gap", "projected_rate")
        ]
        assert [True] * 16 == shown

    def test_workbook_lights_are_words_on_their_colour(self, mixed: Path, tmp_path: Path) -> None:
        """A light cell holds its word and is filled in its colour."""
        from openpyxl import load_workbook

        out = tmp_path / "report"
        run("monitor", str(readable(mixed)), "--out", str(out))
        sheet = load_workbook(out / "results.xlsx")["汇总"]
        cells = [sheet.cell(row=r, column=2) for r in range(2, 6)]
        assert [
            ("绿灯", "00A5D6A7"),
            ("红灯", "00EF9A9A"),
            ("绿灯", "00A5D6A7"),
            ("黄灯", "00FFF59D"),
        ] == [(c.value, c.fill.start_color.rgb) for c in cells]
        assert ("A2", "A1:L5") == (sheet.freeze_panes, sheet.auto_filter.ref)

    def test_formula_like_text_is_neutralised(self, tmp_path: Path) -> None:
        """A project named like a formula is written as text with a leading quote."""
        from openpyxl import load_workbook

        write_table(tmp_path / "in" / "a.csv", project("=HYPERLINK(1)"))
        out = tmp_path / "report"
        run("monitor", str(tmp_path / "in"), "--format", "xlsx", "--output", str(out / "m.xlsx"))
        cell = load_workbook(out / "m.xlsx")["汇总"]["A2"]
        assert ("'=HYPERLINK(1)", "s") == (cell.value, cell.data_type)

    def test_html_escapes_every_text(self, tmp_path: Path) -> None:
        """A project named ``<script>`` is shown as text, never run."""
        write_table(tmp_path / "in" / "a.csv", project("<script>alert(1)</script>"))
        out = tmp_path / "report"
        run("monitor", str(tmp_path / "in"), "--out", str(out))
        page = (out / "index.html").read_text(encoding="utf-8")
        assert ("<script>alert" in page, "&lt;script&gt;alert(1)&lt;/script&gt;" in page) == (
            False,
            True,
        )

    def test_html_shows_each_light_as_a_word(self, mixed: Path, tmp_path: Path) -> None:
        """Lights are badges holding their word, so the page reads in black and white."""
        out = tmp_path / "report"
        run("monitor", str(readable(mixed)), "--out", str(out), "--lang", "en")
        page = (out / "index.html").read_text(encoding="utf-8")
        assert all(f">{word}</span>" in page for word in ("red", "yellow", "green"))

    def test_html_has_the_chart_or_says_what_it_needs(self, mixed: Path, tmp_path: Path) -> None:
        """With matplotlib the page holds an SVG chart; without, a note naming the extra."""
        from perftarget.report import charts_available

        out = tmp_path / "report"
        run("monitor", str(readable(mixed)), "--out", str(out), "--lang", "en")
        page = (out / "index.html").read_text(encoding="utf-8")
        expected = "<svg" if charts_available("svg")[0] else "perftarget[charts]"
        assert expected in page

    def test_html_renders_without_matplotlib(
        self, mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without the charts extra the page is still written, saying charts need it."""
        import perftarget.report._charts as charts
        from perftarget.exceptions import ChartsUnavailableError

        def missing() -> None:
            raise ChartsUnavailableError("charts need matplotlib: pip install 'perftarget[charts]'")

        monkeypatch.setattr(charts, "_require_matplotlib", missing)
        out = tmp_path / "report"
        run("monitor", str(readable(mixed)), "--out", str(out), "--lang", "en")
        page = (out / "index.html").read_text(encoding="utf-8")
        assert ("<svg" in page, 'class="unavailable"' in page, "养护项目" in page) == (
            False,
            True,
            True,
        )

    def test_a_failed_write_leaves_the_old_files(
        self, mixed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """When one report file cannot be written, none is replaced: exit 2, old files kept."""
        import perftarget.report

        out = old_report(tmp_path)

        def fail(*_args: object, **_kwargs: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(perftarget.report, "write_monitor_workbook", fail)
        code, _ = run("monitor", str(readable(mixed)), "--out", str(out))
        assert (2, OLD) == (code, contents(out))
        assert [] == [p.name for p in out.iterdir() if p.name.startswith(".")]

    def test_a_run_that_reads_nothing_leaves_the_old_files(self, tmp_path: Path) -> None:
        """When no input can be read, no report is written over the last one."""
        out = old_report(tmp_path)
        broken = tmp_path / "broken.xlsx"
        broken.write_bytes(b"not a zip archive")
        code, _ = run("monitor", str(broken), "--out", str(out))
        assert (2, OLD) == (code, contents(out))

    def test_a_report_file_that_is_a_folder_is_refused_first(
        self, mixed: Path, tmp_path: Path
    ) -> None:
        """A folder in the way of a report file is found before anything is written."""
        out = old_report(tmp_path)
        (out / "results.xlsx").unlink()
        (out / "results.xlsx").mkdir()
        code, _ = run("monitor", str(readable(mixed)), "--out", str(out))
        assert 2 == code
        assert "old" == (out / "index.html").read_text(encoding="utf-8")

    def test_an_out_folder_that_is_a_file_is_refused(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--out naming a file is refused with a sentence, not an OS error number."""
        taken = tmp_path / "taken"
        taken.write_text("keep", encoding="utf-8")
        code, _ = run("monitor", str(mixed), "--out", str(taken), "--lang", "en")
        assert (2, "keep") == (code, taken.read_text(encoding="utf-8"))
        assert f"{taken} is a file, not a folder" in capsys.readouterr().err

    def test_output_over_an_input_is_refused(self, mixed: Path) -> None:
        """--output naming an input file is refused; the input is unchanged."""
        table = mixed / "a.csv"
        before = table.read_bytes()
        code, _ = run("monitor", str(table), "--format", "html", "--output", str(table))
        assert (2, before) == (code, table.read_bytes())

    def test_the_out_folder_is_not_read(self, mixed: Path) -> None:
        """A second run into a folder inside the inputs does not read the first run's files."""
        readable(mixed)
        run("monitor", str(mixed), "--out", str(mixed / "report"))
        code, record = as_json("monitor", str(mixed), "--out", str(mixed / "report"))
        assert (1, 4) == (code, len(record["projects"]))


#: Workbook summary columns (English labels) and the JSON keys they hold.
SUMMARY_COLUMNS = {
    "budget": "budget",
    "executed": "executed",
    "execution_rate": "execution rate (%)",
    "time_progress": "time progress (%)",
    "gap": "gap (points)",
    "forecast": "full-year forecast",
    "projected_rate": "projected rate (%)",
}

OLD = {"index.html": "old", "results.json": "old", "results.xlsx": "old"}


def old_report(tmp_path: Path) -> Path:
    """An --out folder holding an earlier run's files."""
    out = tmp_path / "report"
    out.mkdir()
    for name, text in OLD.items():
        (out / name).write_text(text, encoding="utf-8")
    return out


def contents(folder: Path) -> dict[str, str]:
    """The text of every visible file of a folder."""
    return {
        p.name: p.read_text(encoding="utf-8", errors="replace")
        for p in folder.iterdir()
        if not p.name.startswith(".")
    }


def number(value: object) -> Decimal | None:
    """A JSON decimal string or a workbook number as a Decimal (None stays None)."""
    return None if value is None else Decimal(str(value))


class TestFormats:
    def test_xlsx_without_output_is_refused(
        self, mixed: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--format xlsx writes a file: without --output, exit 2 and a message naming it."""
        code, out = run("monitor", str(mixed), "--format", "xlsx", "--lang", "en")
        assert (2, "") == (code, out)
        assert "--format xlsx writes a file: name it with --output FILE" in capsys.readouterr().err

    def test_output_without_a_file_format_is_refused(self, mixed: Path, tmp_path: Path) -> None:
        """--output goes with html or xlsx only."""
        code, _ = run("monitor", str(mixed), "--output", str(tmp_path / "x.html"))
        assert 2 == code

    def test_html_to_a_file(self, mixed: Path, tmp_path: Path) -> None:
        """--format html --output FILE writes the page and says where on standard output."""
        page = tmp_path / "round.html"
        code, out = run("monitor", str(readable(mixed)), "--format", "html", "--output", str(page))
        assert (1, True, True) == (code, str(page.resolve()) in out, page.is_file())

    def test_xlsx_to_a_file(self, mixed: Path, tmp_path: Path) -> None:
        """--format xlsx --output FILE writes the workbook's three sheets."""
        from openpyxl import load_workbook

        book = tmp_path / "round.xlsx"
        run("monitor", str(mixed), "--format", "xlsx", "--output", str(book))
        assert ["汇总", "指标", "发现的问题"] == load_workbook(book).sheetnames

    def test_unusable_files_go_to_stderr_beside_a_file_format(
        self, mixed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When standard output holds data, each unusable file is a line on standard error."""
        run("monitor", str(mixed), "--format", "json")
        err = capsys.readouterr().err
        assert ("broken.xlsx" in err, "notes.csv" in err) == (True, True)


class TestSummary:
    def test_projects_by_light_and_amounts_at_risk(self, mixed: Path) -> None:
        """The summary counts lights and sums the budgets of red and of yellow projects."""
        write_table(readable(mixed) / "e.csv", project("大额项目", "5", budget="300"))
        _, record = as_json("monitor", str(mixed))
        summary = record["summary"]
        assert (
            {"red": 2, "yellow": 1, "green": 2, "none": 0},
            "400",
            "100",
            "700",
        ) == (
            summary["lights"],
            summary["amount_at_risk"],
            summary["amount_at_risk_yellow"],
            summary["budget"],
        )

    def test_the_text_summary_says_the_amounts(self, mixed: Path) -> None:
        """Text shows the budgets of red and yellow projects and the totals."""
        _, out = run("monitor", str(readable(mixed)))
        assert [True, True, True] == [
            "红灯项目预算 100万元" in out,
            "黄灯项目预算 100万元" in out,
            "全年预算合计 400万元" in out,
        ]

    def test_markdown_summary_is_a_list(self, mixed: Path) -> None:
        """In Markdown the summary lines are list items under a heading."""
        _, out = run("monitor", str(readable(mixed)), "--format", "markdown", "--lang", "en")
        tail = out[out.index("## Summary") :].splitlines()
        assert ["## Summary", "", "- 4 projects: 1 red, 1 yellow, 2 green, 0 without a light"] == (
            tail[:3]
        )


class TestLanguages:
    @pytest.mark.parametrize(
        ("lang", "heading", "sheets", "html_lang"),
        [
            ("zh", "汇总", ["汇总", "指标", "发现的问题"], 'lang="zh-CN"'),
            ("en", "Summary", ["summary", "indicators", "findings"], 'lang="en"'),
        ],
    )
    def test_every_output_speaks_the_language(
        self,
        mixed: Path,
        tmp_path: Path,
        lang: str,
        heading: str,
        sheets: list[str],
        html_lang: str,
    ) -> None:
        """Text, the page and the workbook are in --lang; unusable files' reasons too."""
        from openpyxl import load_workbook

        out = tmp_path / "report"
        _, text = run("monitor", str(mixed), "--out", str(out), "--lang", lang)
        page = (out / "index.html").read_text(encoding="utf-8")
        reason = "没有找到监控表" if lang == "zh" else "no monitoring table found"
        assert [True, True, True, sheets] == [
            heading in text.splitlines(),
            html_lang in page,
            reason in text,
            load_workbook(out / "results.xlsx").sheetnames,
        ]
