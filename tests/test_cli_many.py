"""
Tests of many tables in one command: ``perftarget score PATH...`` and
``perftarget review PATH...``, their ``--out`` report files and exit codes.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from io_layouts import Row, Spec, rows, to_csv, to_docx, to_xlsx
from perftarget import datasets
from perftarget.cli import main
from perftarget.io import read_table, write_table
from perftarget.report import ScorecardRenderer, term
from perftarget.report._workbook import ScoredProject, sheet_names, summarise

ROOT = Path(__file__).resolve().parents[1]


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI; return the exit code and standard output."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def spec(name: str, done: int, *, published: str = "", budget: str = "100") -> Spec:
    """A self-evaluation whose first indicator reaches ``done`` of 100 training sessions."""
    indicators = [
        Row(
            level1="产出指标",
            level2="数量指标",
            level3="培训人次",
            target="≥100人次",
            actual=f"{done}人次",
            weight="40",
        ),
        Row(
            level1="效益指标",
            level2="社会效益指标",
            level3="就业人数",
            target="≥20人",
            actual="25人",
            weight="40",
        ),
        Row(
            level1="满意度指标",
            level2="服务对象满意度指标",
            level3="满意度",
            target="≥90%",
            actual="92%",
            weight="10",
        ),
    ]
    return Spec(
        name=name,
        rows=indicators,
        evaluation=True,
        budget={"budget": budget, "executed": budget, "weight": "10"},
        total=published,
    )


def target_spec(name: str) -> Spec:
    """A target table of two indicators."""
    indicators = [
        Row(level1="产出指标", level2="数量指标", level3="培训人次", target="≥100人次"),
        Row(level1="满意度指标", level2="服务对象满意度指标", level3="满意度", target="≥90%"),
    ]
    return Spec(name=name, rows=indicators, evaluation=False, budget={"budget": "10"})


def build_folder(root: Path) -> tuple[set[str], str]:
    """
    Write 50 files (xlsx, docx, csv, json; every fifth with two tables; one broken).

    Returns:
        The project names of the readable files, and the broken file's path.
    """
    names: set[str] = set()
    kinds = ("xlsx", "docx", "csv", "json")
    for index in range(49):
        kind = kinds[index % 4]
        folder = root / ("deep/er" if index % 3 == 0 else "top")
        folder.mkdir(parents=True, exist_ok=True)
        count = 2 if index % 5 == 0 else 1
        specs = [
            spec(
                f"项目{index:02d}-{n}",
                40 + index + 3 * n,
                published="95" if n == 0 else "",
                budget=str(10 + index),
            )
            for n in range(count)
        ]
        tables = [rows(s, "combined") for s in specs]
        names |= {s.name for s in specs}
        path = folder / f"f{index:02d}.{kind}"
        if kind == "xlsx":
            to_xlsx(tables, path)
        elif kind == "docx":
            to_docx(tables, path)
        elif kind == "csv":
            to_csv(tables, path)
        else:
            staging = root / f".staging{index}.csv"
            to_csv(tables, staging)
            write_table(read_table(staging), path)
            staging.unlink()
    broken = root / "top" / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is no workbook")
    return names, str(broken)


@pytest.fixture(scope="module")
def folder_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``score DIR --out OUT --format json`` over the 50-file folder, run once."""
    root = tmp_path_factory.mktemp("many")
    names, broken = build_folder(root / "in")
    out = root / "out"
    code, text = run("score", str(root / "in"), "--out", str(out), "--format", "json")
    return {
        "code": code,
        "stdout": json.loads(text),
        "names": names,
        "broken": broken,
        "out": out,
        "root": root,
    }


class TestFolder:
    """``perftarget score DIR --out OUT`` on a folder of 50 mixed files."""

    def test_every_readable_project_is_in_the_results(self, folder_run: dict[str, Any]) -> None:
        """Each project of the 49 readable files appears once; the counts say so."""
        results = json.loads((folder_run["out"] / "results.json").read_text(encoding="utf-8"))
        assert sorted(folder_run["names"]) == sorted(p["project"] for p in results["projects"])
        summary = results["summary"]
        assert (50, len(folder_run["names"]), 1) == (
            summary["files"],
            summary["projects"],
            summary["unreadable"],
        )

    def test_broken_file_is_listed_with_its_reason_and_exit_2(
        self, folder_run: dict[str, Any]
    ) -> None:
        """The broken workbook is listed with a reason, and the exit code says a file failed."""
        [unreadable] = folder_run["stdout"]["unreadable"]
        assert folder_run["broken"] == unreadable["file"]
        assert "Excel" in unreadable["message"] or "xlsx" in unreadable["message"]
        assert 2 == folder_run["code"]

    def test_printed_json_equals_results_json(self, folder_run: dict[str, Any]) -> None:
        """``--format json`` prints the very record written to results.json."""
        written = json.loads((folder_run["out"] / "results.json").read_text(encoding="utf-8"))
        assert written == folder_run["stdout"]

    def test_workbook_numbers_equal_the_json(self, folder_run: dict[str, Any]) -> None:
        """The summary sheet holds numbers (not text) equal to the JSON's totals, row by row."""
        from openpyxl import load_workbook

        results = folder_run["stdout"]
        book = load_workbook(folder_run["out"] / "results.xlsx")
        summary = book.worksheets[0]
        body = list(summary.iter_rows(min_row=2, values_only=True))
        expected = [(p["file"], p["project"], Decimal(p["total"])) for p in results["projects"]]
        actual = [(file, project, Decimal(str(total))) for file, project, total, *_ in body]
        assert expected == actual
        assert all(isinstance(row[2], int | float) for row in body)
        assert summary.freeze_panes == "A2"
        assert summary.auto_filter.ref is not None

    def test_project_sheets_show_computed_beside_published(
        self, folder_run: dict[str, Any]
    ) -> None:
        """A project's sheet holds its computed scores as numbers equal to the JSON's."""
        from openpyxl import load_workbook

        book = load_workbook(folder_run["out"] / "results.xlsx")
        first = folder_run["stdout"]["projects"][0]
        sheet = book[book.worksheets[0].cell(row=2, column=12).value]
        cells = {row[2]: row for row in sheet.iter_rows(values_only=True) if row[2]}
        for indicator in first["indicators"]:
            row = cells[indicator["level3"]]
            assert Decimal(indicator["score"]) == Decimal(str(row[7]))
        names = book.sheetnames
        assert len(names) == len({n.casefold() for n in names})

    def test_findings_sheet_lists_every_finding(self, folder_run: dict[str, Any]) -> None:
        """The findings sheet has one row per finding of the JSON, with its code."""
        from openpyxl import load_workbook

        book = load_workbook(folder_run["out"] / "results.xlsx")
        sheet = book.worksheets[-1]
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        expected = [f["code"] for p in folder_run["stdout"]["projects"] for f in p["findings"]]
        assert expected == codes

    def test_html_report_has_every_project_and_the_broken_file(
        self, folder_run: dict[str, Any]
    ) -> None:
        """index.html names every project and the broken file, and is self-contained."""
        page = (folder_run["out"] / "index.html").read_text(encoding="utf-8")
        assert all(name in page for name in folder_run["names"])
        assert "broken.xlsx" in page
        assert "<link" not in page
        assert 'src="http' not in page

    def test_html_passes_the_glyph_check(self, folder_run: dict[str, Any]) -> None:
        """scripts/check_html.py renders index.html with a glyph for every character."""
        if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
            pytest.skip("needs Chromium and a CJK font: apt-get install chromium fonts-noto-cjk")
        result = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "check_html.py"),
                str(folder_run["out"] / "index.html"),
                "--screenshot",
                str(folder_run["root"] / "shot.png"),
            ],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        assert 0 == result.returncode, result.stdout + result.stderr

    def test_results_json_keys_are_the_contract(self, folder_run: dict[str, Any]) -> None:
        """results.json has exactly its three keys; a project adds file and project."""
        results = folder_run["stdout"]
        assert ["projects", "summary", "unreadable"] == sorted(results)
        record = results["projects"][0]
        assert [
            "budget",
            "file",
            "findings",
            "grade",
            "indicators",
            "project",
            "published_total",
            "rules",
            "total",
        ] == sorted(record)
        assert ["file", "message"] == sorted(results["unreadable"][0])

    def test_out_folder_is_not_read_again(self, folder_run: dict[str, Any]) -> None:
        """A second run writing into a folder inside the input does not read its own results."""
        inner = folder_run["root"] / "in" / "report"
        source = str(folder_run["root"] / "in")
        run("score", source, "--out", str(inner))
        _, text = run("score", source, "--out", str(inner), "--format", "json")
        assert 1 == json.loads(text)["summary"]["unreadable"]
        shutil.rmtree(inner)


def write_selfeval(path: Path, *specs: Spec) -> Path:
    """Write self-evaluations as CSV at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return to_csv([rows(s, "combined") for s in specs], path)


class TestPaths:
    """Files, folders and globs."""

    def test_glob_is_expanded_sorted_and_deduplicated(self, tmp_path: Path) -> None:
        """A glob and a file it also matches give each file once, in sorted order."""
        write_selfeval(tmp_path / "b.csv", spec("乙", 90))
        write_selfeval(tmp_path / "a.csv", spec("甲", 80))
        _, text = run("score", str(tmp_path / "*.csv"), str(tmp_path / "a.csv"), "--format", "json")
        assert ["甲", "乙"] == [p["project"] for p in json.loads(text)["projects"]]

    def test_recursive_glob_and_folder(self, tmp_path: Path) -> None:
        """``**`` and a folder both find files in subfolders; hidden files are skipped."""
        write_selfeval(tmp_path / "x" / "y" / "deep.csv", spec("深", 90))
        write_selfeval(tmp_path / "top.csv", spec("顶", 90))
        write_selfeval(tmp_path / ".hidden" / "h.csv", spec("隐", 90))
        by_glob = json.loads(run("score", str(tmp_path / "**" / "*.csv"), "--format", "json")[1])
        by_folder = json.loads(run("score", str(tmp_path), "--format", "json")[1])
        assert {"深", "顶"} == {p["project"] for p in by_glob["projects"]}
        assert {"深", "顶"} == {p["project"] for p in by_folder["projects"]}

    def test_glob_matching_nothing_is_listed(self, tmp_path: Path) -> None:
        """A glob that matches no table file is listed as unreadable and exits 2."""
        write_selfeval(tmp_path / "a.csv", spec("甲", 90))
        code, text = run(
            "score", str(tmp_path / "a.csv"), str(tmp_path / "*.xlsx"), "--format", "json"
        )
        record = json.loads(text)
        assert (2, [str(tmp_path / "*.xlsx")]) == (code, [u["file"] for u in record["unreadable"]])


class TestExitCodes:
    """0, 1 and 2 keep their meaning with many files."""

    def test_clean_tables_exit_0(self, tmp_path: Path) -> None:
        """Every table scored without error findings: exit 0."""
        write_selfeval(tmp_path / "a.csv", spec("甲", 100))
        write_selfeval(tmp_path / "b.csv", spec("乙", 100))
        assert 0 == run("score", str(tmp_path))[0]

    def test_error_finding_exits_1(self, tmp_path: Path) -> None:
        """An error finding in one project (人 against 人次) exits 1."""
        write_selfeval(tmp_path / "a.csv", spec("甲", 100))
        good = spec("乙", 100)
        wrong_unit = evolve(good.rows[1], actual="25次")
        bad = evolve(good, rows=[good.rows[0], wrong_unit, good.rows[2]])
        write_selfeval(tmp_path / "b.csv", bad)
        assert 1 == run("score", str(tmp_path))[0]

    def test_unreadable_file_exits_2_and_the_rest_is_scored(self, tmp_path: Path) -> None:
        """One unreadable file exits 2; the other file's project is still printed."""
        write_selfeval(tmp_path / "a.csv", spec("甲项目", 100))
        (tmp_path / "b.xlsx").write_bytes(b"garbage")
        code, text = run("score", str(tmp_path))
        assert (2, True, True) == (code, "甲项目" in text, "b.xlsx" in text)

    def test_budget_option_with_many_projects_exits_2(self, tmp_path: Path) -> None:
        """--budget applies to one table: with several it is refused (exit 2)."""
        write_selfeval(tmp_path / "a.csv", spec("甲", 100), spec("乙", 100))
        assert 2 == run("score", str(tmp_path / "a.csv"), "--budget", "10")[0]

    def test_html_format_needs_output(self, tmp_path: Path) -> None:
        """--format html without --output is a usage error (exit 2)."""
        write_selfeval(tmp_path / "a.csv", spec("甲", 100))
        assert 2 == run("score", str(tmp_path / "a.csv"), "--format", "html")[0]


class TestSingleFile:
    """One file with one self-evaluation keeps today's output."""

    def test_text_output_is_the_scorecard(self, tmp_path: Path) -> None:
        """``score FILE`` prints exactly the scorecard renderer's text."""
        from perftarget import evaluate

        path = write_selfeval(tmp_path / "a.csv", spec("甲", 95))
        table = read_table(path).evaluations[0]
        card = evaluate(
            table.rows, budget=table.budget, published_total=table.published_total, lang="zh"
        )
        expected = ScorecardRenderer(lang="zh")(card)
        actual = run("score", str(path))[1]
        assert expected == actual[: len(expected)]
        assert "汇总" not in actual

    def test_json_is_the_scorecard_record(self, tmp_path: Path) -> None:
        """``score FILE --format json`` is the scorecard record, not the results shape."""
        path = write_selfeval(tmp_path / "a.csv", spec("甲", 95))
        record = json.loads(run("score", str(path), "--format", "json")[1])
        assert "summary" not in record
        assert "indicators" in record

    def test_two_tables_in_one_file_are_both_scored(self, tmp_path: Path) -> None:
        """A file holding two self-evaluations gives a line for each."""
        path = write_selfeval(tmp_path / "a.csv", spec("甲项目", 95), spec("乙项目", 60))
        code, text = run("score", str(path), "--format", "json")
        assert ["甲项目", "乙项目"] == [p["project"] for p in json.loads(text)["projects"]]
        assert code in (0, 1)

    @pytest.mark.parametrize("fmt", ["html", "xlsx"])
    def test_output_file_for_one_table(self, tmp_path: Path, fmt: str) -> None:
        """--format html|xlsx --output FILE writes the report of a single file."""
        path = write_selfeval(tmp_path / "a.csv", spec("甲项目", 95))
        target = tmp_path / f"report.{fmt}"
        code, text = run("score", str(path), "--format", fmt, "--output", str(target))
        assert (True, True) == (target.stat().st_size > 1000, str(target) in text)
        assert code in (0, 1)

    def test_out_for_one_table_keeps_the_scorecard_on_stdout(self, tmp_path: Path) -> None:
        """--out with one table writes the three files and still prints the scorecard."""
        path = write_selfeval(tmp_path / "a.csv", spec("甲项目", 95))
        _, text = run("score", str(path), "--out", str(tmp_path / "out"))
        written = sorted(p.name for p in (tmp_path / "out").iterdir())
        assert (["index.html", "results.json", "results.xlsx"], True) == (
            written,
            text.startswith("规则集"),
        )


class TestReview:
    """``perftarget review PATH...``."""

    def test_folder_lists_projects_and_unreadable(self, tmp_path: Path) -> None:
        """A folder of target tables and a broken file: every project listed, the file too."""
        two = [rows(target_spec("甲"), "combined"), rows(target_spec("乙"), "combined")]
        to_xlsx(two, tmp_path / "a.xlsx")
        (tmp_path / "sub").mkdir()
        to_csv([rows(target_spec("丙"), "combined")], tmp_path / "sub" / "b.csv")
        (tmp_path / "c.docx").write_bytes(b"garbage")
        code, text = run("review", str(tmp_path), "--format", "json")
        record = json.loads(text)
        assert ["projects", "summary", "unreadable"] == sorted(record)
        assert ["甲", "乙", "丙"] == [p["project"] for p in record["projects"]]
        assert [str(tmp_path / "c.docx")] == [u["file"] for u in record["unreadable"]]
        assert 2 == code

    def test_out_writes_the_three_files(self, tmp_path: Path) -> None:
        """review --out writes index.html, results.xlsx and results.json."""
        to_xlsx([rows(target_spec("甲"), "combined")], tmp_path / "a.xlsx")
        to_xlsx([rows(target_spec("乙"), "combined")], tmp_path / "b.xlsx")
        run("review", str(tmp_path / "*.xlsx"), "--out", str(tmp_path / "out"))
        from openpyxl import load_workbook

        book = load_workbook(tmp_path / "out" / "results.xlsx")
        names = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
        assert ["甲", "乙"] == names
        assert "甲" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


class TestSheetNames:
    """Sheet names valid and unique."""

    @given(st.lists(st.text(max_size=40), max_size=30))
    def test_valid_and_unique(self, names: list[str]) -> None:
        """Any names give valid (1-31 characters, no []:*?/\\) sheet names, unique ignoring case."""
        made = sheet_names(names, taken=["汇总"])
        assert len(names) == len(made)
        assert all(1 <= len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in made)
        folded = [n.casefold() for n in made] + ["汇总"]
        assert len(folded) == len(set(folded))


class TestSummary:
    """The summary of a run."""

    @given(
        st.lists(
            st.tuples(
                st.decimals(min_value=0, max_value=100, places=2),
                st.integers(min_value=1, max_value=10_000),
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_means_lie_between_lowest_and_highest(self, pairs: list[tuple[Decimal, int]]) -> None:
        """The mean and the budget-weighted mean lie between the lowest and highest totals."""
        from perftarget import Money

        base = datasets.yongde_2022_scorecard()
        projects = [
            ScoredProject(
                file=f"{i}.xlsx",
                project=str(i),
                card=evolve(
                    base,
                    total=total,
                    budget=evolve(
                        base.budget, row=evolve(base.budget.row, budget=Money.parse(f"{w}万元"))
                    ),
                ),
            )
            for i, (total, w) in enumerate(pairs)
        ]
        summary = summarise(projects, files=len(pairs), unreadable=0)
        low, high = min(t for t, _ in pairs) - Decimal("0.005"), max(t for t, _ in pairs)
        assert summary.mean is not None
        assert summary.weighted_mean is not None
        assert low <= summary.mean <= high + Decimal("0.005")
        assert low <= summary.weighted_mean <= high + Decimal("0.005")


class TestCharts:
    """Charts whose Chinese text the browser draws."""

    def test_svg_keeps_text_with_a_font_stack_without_a_cjk_font(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With no CJK font installed, the SVG chart holds its Chinese labels as text."""
        pytest.importorskip("matplotlib")
        from perftarget.report import _charts

        monkeypatch.setattr(_charts, "CJK_FAMILIES", ("No Such Font",))
        card = datasets.yongde_2022_scorecard()
        svg = _charts.achievement_chart(card, lang="zh", fmt="svg").decode()
        assert term("chart_achievement", "zh") in svg
        assert "font-family: 'Noto Sans CJK SC'" in svg
        assert (True, "Noto Sans CJK SC") == _charts.charts_available("svg")

    def test_font_installed_after_the_cache_is_found(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A font on the system but not in matplotlib's cached list is found: no cache to clear."""
        pytest.importorskip("matplotlib")
        from matplotlib import font_manager

        from perftarget.report import _charts

        manager = font_manager.fontManager
        mono = [f for f in manager.ttflist if f.name == "DejaVu Sans Mono"]
        if not mono:
            pytest.skip("matplotlib ships no DejaVu Sans Mono here")
        monkeypatch.setattr(manager, "ttflist", [f for f in manager.ttflist if f not in mono])
        monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [mono[0].fname])
        monkeypatch.setattr(_charts, "CJK_FAMILIES", ("DejaVu Sans Mono",))
        _charts._fonts_added_since_cache.cache_clear()
        try:
            assert "DejaVu Sans Mono" == _charts.cjk_font()
        finally:
            _charts._fonts_added_since_cache.cache_clear()


class _Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class TestProgress:
    """The progress line while files are read."""

    def test_drawn_on_a_terminal_and_cleared(self) -> None:
        """On a terminal the line names the count and the file, and is cleared at the end."""
        from perftarget.cli._many import _Progress

        stream = _Terminal()
        progress = _Progress(3, stream)
        progress.show(1, "a.xlsx")
        progress.close()
        text = stream.getvalue()
        assert ("[1/3] a.xlsx" in text, True) == (True, text.endswith("\r"))

    def test_silent_when_not_a_terminal(self) -> None:
        """Written to a file or a pipe, nothing is drawn."""
        from perftarget.cli._many import _Progress

        stream = io.StringIO()
        progress = _Progress(3, stream)
        progress.show(1, "a.xlsx")
        progress.close()
        assert "" == stream.getvalue()


class TestReadingOptions:
    """--strict, --year and --labels reach the reader of every file."""

    @pytest.mark.parametrize("command", ["score", "review"])
    def test_options_are_passed_for_each_file(
        self, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Each file of a folder is read with the command's --strict, --year and --labels."""
        import perftarget.io

        write_selfeval(tmp_path / "in" / "a.csv", spec("甲", 95))
        write_selfeval(tmp_path / "in" / "b.csv", spec("乙", 95))
        labels = tmp_path / "labels.toml"
        labels.write_text("", encoding="utf-8")
        calls: list[dict[str, Any]] = []
        real = perftarget.io.read_table

        def recording(path: Any, **options: Any) -> Any:
            calls.append(options)
            return real(path, **{k: v for k, v in options.items() if k != "labels"})

        monkeypatch.setattr(perftarget.io, "read_table", recording)
        run(command, str(tmp_path / "in"), "--strict", "--year", "2023", "--labels", str(labels))
        assert [(True, 2023, True)] * 2 == [
            (c["strict"], c["year"], c["labels"] is not None) for c in calls
        ]
