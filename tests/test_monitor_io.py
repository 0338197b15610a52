"""
Tests of reading monitoring tables (CSV, xlsx, docx, text) in several layouts,
and of the ``perftarget monitor`` command: output formats and exit codes.
"""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from monitor_strategies import FORMATS, monitoring_tables, write_table
from perftarget import Level1, Level2, Money
from perftarget.cli import main
from perftarget.exceptions import Location, TableError
from perftarget.io._limits import Limits
from perftarget.io._monitor import (
    MONITOR_FORMATS,
    MonitoringRound,
    period_month,
    read_monitoring,
)
from perftarget.monitor import DeviationCategory, Likelihood, ProjectSnapshot

#: Label beside value, a 截至N月 header, a 年度 label, amounts in 元.
BESIDE = """\
年度,2021,,,,,,,
项目名称,社区养老服务补助,主管部门,民政局,,,,,
全年预算数（元）,500000,截至8月执行数（元）,300000,全年预计执行数,480000,,,
一级指标,二级指标,三级指标,年度指标值,截至8月完成值,全年预计完成情况,完成目标可能性,偏差原因,原因说明
产出指标,数量指标,服务老人人次,≥12000人次,8500人次,12500人次,确定能,,
,时效指标,补助发放时间,2021年10月底前,,2021年10月,确定能,,
效益指标,社会效益指标,老人满意度,≥90%,93%,,确定,,
"""

#: One row per indicator: the project and its amounts in columns, merged down.
FLAT_HEADER = [
    "项目名称",
    "年初预算（万元）",
    "1—7月执行数",
    "执行率",
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "1—7月完成情况",
    "完成可能性",
    "偏差原因",
    "原因说明",
    "附件",
]
FLAT_ROWS = [
    ["2022年1—7月绩效监控"],
    FLAT_HEADER,
    [
        "道路养护",
        "200",
        "120",
        "60%",
        "产出指标",
        "数量指标",
        "养护里程",
        "≥50公里",
        "30公里",
        "确定能",
        "",
        "",
        "",
    ],
    ["", "", "", "", "", "质量指标", "养护合格率", "≥95%", "97%", "确定能", "", "", ""],
    [
        "河道清淤",
        "80",
        "10",
        "12.5%",
        "产出指标",
        "数量指标",
        "清淤长度",
        "≥20公里",
        "3公里",
        "完全不可能",
        "设备故障，清淤船待修",
        "",
        "",
    ],
]


def write_csv(tmp_path: Path, text: str, name: str = "m.csv") -> Path:
    """Write a CSV file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[list[str]], merge: str = "") -> Path:
    """Write a workbook of text cells, optionally with a merged range."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "监控表"
    for cells in rows:
        sheet.append(cells)
    if merge:
        sheet.merge_cells(merge)
    path = tmp_path / "m.xlsx"
    book.save(path)
    return path


class TestPeriodNames:
    @pytest.mark.parametrize(
        ("text", "month"),
        [
            ("1-6月", 6),
            ("2020年1—7月完成情况", 7),
            ("一至八月", 8),
            ("截止9月底", 9),
            ("1月～12月", 12),
            ("截至10月完成值", 10),
            ("年度指标值", None),
            ("11-12月", None),
        ],
    )
    def test_the_month_a_period_ends(self, text: str, month: int | None) -> None:
        """The period names read as their last month; other text names none."""
        assert month == period_month(text)


class TestReadCsv:
    def test_labels_beside_their_values(self, tmp_path: Path) -> None:
        """Project labels with values beside them, amounts in the header's unit (元)."""
        found = read_monitoring(write_csv(tmp_path, BESIDE))
        [project] = found.projects
        assert (
            "社区养老服务补助",
            2021,
            date(2021, 8, 31),
            Money(amount=Decimal("500000"), unit="元"),
            Money(amount=Decimal("300000"), unit="元"),
            Money(amount=Decimal("480000"), unit="元"),
        ) == (
            project.name,
            project.year,
            project.period.as_of,
            project.budget,
            project.executed,
            project.forecast,
        )

    def test_indicator_columns_by_meaning(self, tmp_path: Path) -> None:
        """Columns in another order are read by their meaning, levels carried down."""
        rows = read_monitoring(write_csv(tmp_path, BESIDE)).projects[0].indicators
        first, second, third = rows
        assert (Decimal("8500"), Decimal("12500"), Likelihood.CERTAIN) == (
            first.current.value if first.current else None,
            first.forecast.value if first.forecast else None,
            first.likelihood,
        )
        assert (None, Level1.OUTPUT, Level2.TIMELINESS) == (
            second.current,
            second.indicator.level1,
            second.indicator.level2,
        )
        assert (Level1.EFFECT, Likelihood.CERTAIN) == (third.indicator.level1, third.likelihood)

    def test_as_of_from_the_period(self, tmp_path: Path) -> None:
        """Without --as-of, the period in the table gives the date, reported as PT420."""
        found = read_monitoring(write_csv(tmp_path, BESIDE))
        assert ["PT420"] == [f.code for f in found.findings]

    def test_as_of_given(self, tmp_path: Path) -> None:
        """A given as-of date wins and is not reported."""
        found = read_monitoring(write_csv(tmp_path, BESIDE), as_of=date(2021, 9, 15))
        assert (date(2021, 9, 15), []) == (
            found.projects[0].period.as_of,
            [f.code for f in found.findings],
        )

    def test_as_of_outside_the_year(self, tmp_path: Path) -> None:
        """An as-of date in another year is refused."""
        with pytest.raises(TableError, match="2022"):
            read_monitoring(write_csv(tmp_path, BESIDE), as_of=date(2022, 6, 30))

    def test_no_period_takes_the_year_end(self, tmp_path: Path) -> None:
        """A table naming no period is read as of 31 December, with a warning."""
        text = "2021年监控\n三级指标,指标值,完成情况\n培训人次,≥10人次,4人次\n"
        found = read_monitoring(write_csv(tmp_path, text))
        assert (date(2021, 12, 31), ["PT423"]) == (
            found.projects[0].period.as_of,
            [f.code for f in found.findings],
        )

    def test_no_year_is_refused_unless_given(self, tmp_path: Path) -> None:
        """A year is needed: from the table, else from year=."""
        path = write_csv(tmp_path, "1-6月\n三级指标,指标值,完成情况\n培训人次,≥10人次,4人次\n")
        with pytest.raises(TableError, match="--year"):
            read_monitoring(path)
        assert 2019 == read_monitoring(path, year=2019).projects[0].year

    def test_the_table_year_wins(self, tmp_path: Path) -> None:
        """year= is for tables naming none: a table's own year is kept, as other readers do."""
        assert 2021 == read_monitoring(write_csv(tmp_path, BESIDE), year=2019).projects[0].year

    def test_no_table_is_refused(self, tmp_path: Path) -> None:
        """A file without a level-3 and a target column holds no monitoring table."""
        with pytest.raises(TableError, match="level-3"):
            read_monitoring(write_csv(tmp_path, "2020年1-6月\n项目,金额\n甲,1\n"))

    def test_what_cannot_be_read_is_kept_and_reported(self, tmp_path: Path) -> None:
        """An unreadable value and likelihood are reported (PT422), the row kept."""
        text = (
            "2020年1-6月\n三级指标,指标值,1-6月完成情况,完成目标可能性,备注\n"
            "培训人次,≥10人次,≥≥4,说不准,略\n"
        )
        found = read_monitoring(write_csv(tmp_path, text))
        [row] = found.projects[0].indicators
        assert (None, None) == (row.current, row.likelihood)
        assert ["PT420", "PT421", "PT422", "PT422"] == [f.code for f in found.findings]

    def test_an_unreadable_target_is_kept(self, tmp_path: Path) -> None:
        """A target the parser cannot read keeps the row, with its problem."""
        text = "2020年1-6月\n三级指标,指标值,1-6月完成情况\n培训人次,≥≥10,4人次\n"
        [row] = read_monitoring(write_csv(tmp_path, text)).projects[0].indicators
        assert ("培训人次", True) == (row.indicator.name, bool(row.indicator.problem))

    def test_a_row_of_labels_over_a_row_of_values(self, tmp_path: Path) -> None:
        """Budget labels on one row with their values on the next (GB18030 too)."""
        text = (
            "2020年1-6月项目绩效运行监控表\n项目名称,培训项目\n"
            "年初预算数（万元）,1-6月执行数,执行率,全年预计执行数\n19.3,3.12,16.17%,\n"
            "一级指标,二级指标,三级指标,年度指标值,1-6月完成情况,偏差原因,原因说明\n"
            "产出指标,数量指标,培训人次,≥1100人次,400人次,资金未到位,拨款晚\n"
        )
        path = tmp_path / "gb.csv"
        path.write_bytes(text.encode("gb18030"))
        found = read_monitoring(path)
        [project] = found.projects
        [row] = project.indicators
        assert (Money.parse("19.3"), Money.parse("3.12"), None) == (
            project.budget,
            project.executed,
            project.forecast,
        )
        assert (DeviationCategory.FUNDING, "资金未到位", "拨款晚") == (
            row.deviation,
            row.deviation_text,
            row.explanation,
        )
        assert "PT412" in [f.code for f in found.findings]


class TestReadXlsx:
    def test_a_flat_table_of_several_projects(self, tmp_path: Path) -> None:
        """One row per indicator, the project in a column: each project read apart."""
        found = read_monitoring(write_xlsx(tmp_path, FLAT_ROWS))
        assert [("道路养护", 2), ("河道清淤", 1)] == [
            (p.name, len(p.indicators)) for p in found.projects
        ]
        road, river = found.projects
        assert (date(2022, 7, 31), Money.parse("200"), Money.parse("10")) == (
            road.period.as_of,
            road.budget,
            river.executed,
        )
        [row] = river.indicators
        assert (Likelihood.IMPOSSIBLE, DeviationCategory.HARDWARE) == (
            row.likelihood,
            row.deviation,
        )
        assert "PT421" in [f.code for f in found.findings]

    def test_merged_project_cells(self, tmp_path: Path) -> None:
        """A project name merged down its rows names every row."""
        rows = [list(r) for r in FLAT_ROWS[:4]]
        found = read_monitoring(write_xlsx(tmp_path, rows, merge="A3:A4"))
        assert [("道路养护", 2)] == [(p.name, len(p.indicators)) for p in found.projects]


class TestReadText:
    def test_a_document_table(self, tmp_path: Path) -> None:
        """The text form of a document (tab-indented cells) is read like a sheet."""
        cells = [
            ["三级指标", "年度指标值", "一至九月完成情况", "完成目标可能性"],
            ["宣传场次", "≥12场", "10场", "确定能"],
        ]
        body = "\n".join("\t" + "\n\t".join(row) + "\n" for row in cells)
        path = tmp_path / "m.txt"
        path.write_text("2023年监控表\n\n" + body, encoding="utf-8")
        [project] = read_monitoring(path).projects
        assert (date(2023, 9, 30), "宣传场次") == (
            project.period.as_of,
            project.indicators[0].indicator.name,
        )

    def test_other_formats_are_refused(self, tmp_path: Path) -> None:
        """A .json monitoring table is not read: a clear error naming the formats read."""
        with pytest.raises(TableError, match=r"\.csv, \.xlsx, \.docx, \.txt"):
            read_monitoring(tmp_path / "m.json")


def placeless(project: ProjectSnapshot) -> ProjectSnapshot:
    """A project without the locations it was read at (they name the file's own cells)."""
    rows = [attrs.evolve(row, where=Location()) for row in project.indicators]
    return attrs.evolve(project, where=Location(), indicators=rows)


def as_read(found: MonitoringRound) -> tuple[list[ProjectSnapshot], list[str]]:
    """What a file gave, wherever it came from: the projects and the finding codes."""
    return [placeless(p) for p in found.projects], [f.code for f in found.findings]


class TestReadDocx:
    def test_docx_is_a_monitoring_format(self) -> None:
        """Word documents are among the formats read."""
        assert (".csv", ".xlsx", ".docx", ".txt") == MONITOR_FORMATS

    def test_the_heading_above_the_table_gives_year_and_period(self, tmp_path: Path) -> None:
        """The paragraph above a Word table is read for the year and the period."""
        pytest.importorskip("docx")
        rows = [FLAT_HEADER, *FLAT_ROWS[2:]]
        path = write_table(tmp_path / "m.docx", rows, heading="2022年1—7月绩效运行监控表")
        found = read_monitoring(path)
        assert ([("道路养护", 2), ("河道清淤", 1)], date(2022, 7, 31)) == (
            [(p.name, len(p.indicators)) for p in found.projects],
            found.projects[0].period.as_of,
        )

    def test_every_table_of_the_document_is_read(self, tmp_path: Path) -> None:
        """Two Word tables, each under its own heading, give their projects in order."""
        docx = pytest.importorskip("docx")
        document = docx.Document()
        for name, target in (("甲项目", "≥10人次"), ("乙项目", "≥20人次")):
            document.add_paragraph("2021年1-8月绩效监控表")
            rows = [
                ["项目名称", name],
                ["三级指标", "指标值", "完成情况"],
                ["培训", target, "5人次"],
            ]
            table = document.add_table(rows=3, cols=3)
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
        path = tmp_path / "two.docx"
        document.save(str(path))
        found = read_monitoring(path)
        assert (["甲项目", "乙项目"], ["table 1", "table 2"]) == (
            [p.name for p in found.projects],
            [p.indicators[0].where.sheet for p in found.projects],
        )

    def test_a_cell_over_the_limit_is_refused(self, tmp_path: Path) -> None:
        """The limits of every Office reader apply to Word tables (cell length here)."""
        pytest.importorskip("docx")
        path = write_table(tmp_path / "m.docx", [FLAT_HEADER, *FLAT_ROWS[2:]], heading="2022年")
        with pytest.raises(TableError, match="max_cell_chars"):
            read_monitoring(path, limits=Limits(max_cell_chars=8))

    def test_a_file_that_is_not_a_word_document_is_refused(self, tmp_path: Path) -> None:
        """A .docx that is not a zip archive is refused by the Office check, naming it."""
        path = tmp_path / "fake.docx"
        path.write_text("三级指标,指标值\n", encoding="utf-8")
        with pytest.raises(TableError, match=r"fake\.docx"):
            read_monitoring(path)


#: The tables of the parity tests, by name: each layout the reader knows.
PARITY_TABLES = {
    "labels beside values": [row.split(",") for row in BESIDE.splitlines()],
    "one row per indicator": FLAT_ROWS,
}


class TestFormatParity:
    @pytest.mark.parametrize("layout", sorted(PARITY_TABLES))
    @pytest.mark.parametrize("suffix", [s for s in FORMATS if s != ".csv"])
    def test_the_same_table_reads_the_same_in_every_format(
        self, tmp_path: Path, layout: str, suffix: str
    ) -> None:
        """A table written as xlsx, docx or text gives the snapshots and codes its CSV gives."""
        pytest.importorskip("docx")
        pytest.importorskip("openpyxl")
        rows = PARITY_TABLES[layout]
        expected = as_read(read_monitoring(write_table(tmp_path / "m.csv", rows)))
        assert expected == as_read(read_monitoring(write_table(tmp_path / f"m{suffix}", rows)))

    @settings(max_examples=15)
    @given(rows=monitoring_tables())
    def test_generated_tables_read_the_same_in_every_format(self, rows: list[list[str]]) -> None:
        """Whatever the projects and values, the four formats give the same snapshots."""
        pytest.importorskip("docx")
        pytest.importorskip("openpyxl")
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            found = [
                as_read(read_monitoring(write_table(Path(folder) / f"m{suffix}", rows)))
                for suffix in FORMATS
            ]
        names = [row[0] for row in rows[2:] if row[0]]
        assert [found[0]] * len(FORMATS) == found
        assert names == [p.name for p in found[0][0]]


CLEAN = """\
2020年1-6月
项目名称,培训项目
全年预算数,100,1-6月执行数,50,全年预计执行数,100
三级指标,年度指标值,1-6月完成情况,完成目标可能性
合格率,≥95%,96%,确定能
"""


def run(*argv: str) -> tuple[int, str]:
    """Run the command line; return its exit code and output."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


class TestCli:
    def test_clean_exits_0(self, tmp_path: Path) -> None:
        """A green project without findings exits 0."""
        code, out = run("monitor", str(write_csv(tmp_path, CLEAN)), "--lang", "en")
        assert (0, True) == (code, "培训项目 [green]" in out)

    def test_findings_exit_1(self, tmp_path: Path) -> None:
        """An error finding exits 1."""
        code, _ = run("monitor", str(write_csv(tmp_path, CLEAN.replace(",50,", ",10,"))))
        assert 1 == code

    def test_fail_on_warning(self, tmp_path: Path) -> None:
        """--fail-on info counts the PT420 reading note."""
        path = str(write_csv(tmp_path, CLEAN))
        assert (0, 1) == (
            run("monitor", path)[0],
            run("monitor", path, "--fail-on", "info")[0],
        )

    def test_unusable_input_exits_2(self, tmp_path: Path) -> None:
        """A missing file, a file without a table, a bad profile exit 2."""
        path = str(write_csv(tmp_path, CLEAN))
        empty = str(write_csv(tmp_path, "a,b\n1,2\n", "empty.csv"))
        assert [2, 2, 2, 2] == [
            run("monitor", str(tmp_path / "missing.csv"))[0],
            run("monitor", empty)[0],
            run("monitor", path, "--profile", "nowhere")[0],
            run("monitor", path, "--rules", "nowhere")[0],
        ]

    def test_bad_as_of_is_a_usage_error(self, tmp_path: Path) -> None:
        """--as-of takes an ISO date."""
        with pytest.raises(SystemExit) as caught:
            run("monitor", str(write_csv(tmp_path, CLEAN)), "--as-of", "June")
        assert 2 == caught.value.code

    def test_json_of_a_folder(self, tmp_path: Path) -> None:
        """A folder is read file by file; JSON carries every project and the summary."""
        write_csv(tmp_path, CLEAN, "a.csv")
        write_csv(tmp_path, CLEAN.replace("培训项目", "宣传项目").replace(",50,", ",10,"), "b.csv")
        (tmp_path / "notes.md").write_text("not a table", encoding="utf-8")
        code, out = run("monitor", str(tmp_path), "--format", "json", "--as-of", "2020-06-30")
        record = json.loads(out)
        assert (1, ["培训项目", "宣传项目"], "2020-06-30") == (
            code,
            [p["name"] for p in record["projects"]],
            record["as_of"],
        )
        assert {"red": 1, "yellow": 0, "green": 1, "none": 0} == record["summary"]["lights"]
        assert ("50.00", "red") == (
            record["projects"][0]["execution_rate"],
            record["projects"][1]["light"],
        )

    def test_profile_file_and_markdown(self, tmp_path: Path) -> None:
        """A profile TOML is used by its id; Markdown has a heading per project."""
        profile = tmp_path / "p.toml"
        profile.write_text('id = "mine"\nextends = "central"\n', encoding="utf-8")
        path = str(write_csv(tmp_path, CLEAN))
        code, out = run("monitor", path, "--profile", str(profile), "--format", "markdown")
        _, data = run("monitor", path, "--profile", str(profile), "--format", "json")
        assert (0, True, "mine") == (code, "## 培训项目" in out, json.loads(data)["profile"])

    def test_bundled_round(self) -> None:
        """The bundled round, read from its file, lights one project of each colour."""
        from importlib import resources

        path = resources.files("perftarget").joinpath("_data", "monitoring_quyang_2020.csv")
        code, out = run("monitor", str(path), "--format", "json")
        lights = [p["light"] for p in json.loads(out)["projects"]]
        assert (1, ["green", "yellow", "red"]) == (code, lights)
