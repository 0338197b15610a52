"""
Reading and writing Excel workbooks.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import io_layouts as layouts
import io_strategies as strategies
from perftarget import Level1, Level2, Money, TableError, parse_target
from perftarget.core._model import Department
from perftarget.io import Limits, read_table, write_table
from perftarget.io._selfeval_csv import SelfEvaluation
from perftarget.io._xlsx import read_xlsx, write_xlsx

openpyxl = pytest.importorskip("openpyxl", reason="pip install -e '.[test]'")

ROWS = [
    layouts.Row(level1="产出指标(50分)", level2="数量指标", level3="★培训人数", target="≥50人",
                actual="48人", weight="20", score="19"),
    layouts.Row(level1="产出指标(50分)", level2="数量指标", level3="……", target="……"),
    layouts.Row(level1="产出指标(50分)", level2="数量指标", level3="其中：线上培训人数",
                target="≥20人", actual="20人"),
    layouts.Row(level1="产出指标(50分)", level2="质量指标", level3="合格率", target="≥95%",
                actual="96%", weight="30", score="30"),
    layouts.Row(level1="效益指标", level2="生态效益指标", level3="", target=""),
    layouts.Row(level1="效益指标", level2="社会效益指标", level3="群众满意", target="显著提升",
                actual="显著提升", weight="40", score="37"),
]  # fmt: skip
SPEC = layouts.Spec(
    name="培训项目",
    rows=ROWS,
    evaluation=True,
    budget={"budget": "20", "executed": "18", "weight": "10", "rate": "90%", "score": "9"},
    total="95",
)


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


class TestRead:
    @pytest.mark.parametrize("layout", layouts.LAYOUTS)
    def test_every_layout_reads_the_same_rows(self, layout: str, tmp_path: Path) -> None:
        """Combined, split and weight-first layouts give the same indicators, actuals and budget."""
        path = layouts.to_xlsx([layouts.rows(SPEC, layout)], tmp_path / "t.xlsx")
        [evaluation] = read_table(path).evaluations
        assert ["★培训人数", "其中：线上培训人数", "合格率", "群众满意"] == [
            r.indicator.name for r in evaluation.rows
        ]
        assert [Level2.QUANTITY, Level2.QUANTITY, Level2.QUALITY, Level2.SOCIAL] == [
            r.indicator.level2 for r in evaluation.rows
        ]
        assert evaluation.rows[0].indicator.core
        assert Decimal(50) == evaluation.rows[2].level1_weight
        assert parse_target("≥95%") == evaluation.rows[2].indicator.target
        assert Money(amount=Decimal(20), unit="万元") == evaluation.budget.budget
        assert Decimal("0.9") == evaluation.budget.published_rate
        assert Decimal(95) == evaluation.published_total

    def test_merged_cells_are_filled_down_in_read_only_mode(self, tmp_path: Path) -> None:
        """A level label merged over three rows applies to each of them."""
        path = _sheet(
            tmp_path / "m.xlsx",
            [
                ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "数量指标", "a", "1人"],
                [None, None, "b", "2人"],
                [None, "质量指标", "c", "100%"],
            ],
        )
        workbook = openpyxl.load_workbook(path)
        workbook.active.merge_cells("A2:A4")
        workbook.active.merge_cells("B2:B3")
        workbook.save(path)
        import zipfile

        from perftarget.io._xlsx import _merged_ranges

        with zipfile.ZipFile(path) as archive:
            assert [(2, 0, 4, 0), (2, 1, 3, 1)] == sorted(
                _merged_ranges(archive, "xl/worksheets/sheet1.xml")
            )
        [project] = read_xlsx(path).department.projects
        assert [Level1.OUTPUT] * 3 == [i.level1 for i in project.indicators]
        assert [Level2.QUANTITY, Level2.QUANTITY, Level2.QUALITY] == [
            i.level2 for i in project.indicators
        ]

    def test_percent_formatted_and_date_cells_read_as_written(self, tmp_path: Path) -> None:
        """A number shown as a percent reads as a percent; a date cell reads as a deadline."""
        path = _sheet(
            tmp_path / "p.xlsx",
            [
                ["一级指标", "二级指标", "三级指标", "指标值"],
                ["产出指标", "质量指标", "合格率", 0.95],
                ["产出指标", "时效指标", "完成时间", datetime(2021, 12, 31)],
            ],
        )
        workbook = openpyxl.load_workbook(path)
        workbook.active["D2"].number_format = "0%"
        workbook.save(path)
        [project] = read_xlsx(path).department.projects
        assert parse_target("95%") == project.indicators[0].target
        assert parse_target("2021年12月31日") == project.indicators[1].target

    def test_stacked_projects_in_one_sheet(self, tmp_path: Path) -> None:
        """Two target tables one below the other in a sheet are two projects with their names."""
        first = layouts.Spec(
            name="甲", evaluation=False, budget={"budget": "16"},
            rows=[layouts.Row(level1="产出指标", level2="数量指标", level3="x", target="1人")],
        )  # fmt: skip
        second = layouts.Spec(
            name="乙", evaluation=False,
            rows=[layouts.Row(level1="效益指标", level2="社会效益指标", level3="y", target="好")],
        )  # fmt: skip
        tables = [layouts.rows(first, "combined"), layouts.rows(second, "weight_first")]
        department = read_xlsx(layouts.to_xlsx(tables, tmp_path / "s.xlsx")).department
        assert ["甲", "乙"] == [p.name for p in department.projects]
        assert Money(amount=Decimal(16), unit="万元") == department.projects[0].amount


class TestErrors:
    def test_wrong_headers_list_found_and_expected(self, tmp_path: Path) -> None:
        """A sheet without a recognisable header names the headers found and those expected."""
        path = _sheet(tmp_path / "w.xlsx", [["名称", "数值"], ["a", "1"]])
        with pytest.raises(TableError) as caught:
            read_xlsx(path)
        [problem] = caught.value.problems
        assert "名称 | 数值" == problem.text
        assert "一级指标" in problem.message

    def test_missing_target_column_keeps_the_rows(self, tmp_path: Path) -> None:
        """A header without a target column is read; each row is kept and reported."""
        path = _sheet(
            tmp_path / "m.xlsx",
            [["一级指标", "二级指标", "三级指标"], ["产出指标", "数量指标", "a"]],
        )
        contents = read_xlsx(path)
        (item,) = contents.department.projects[0].indicators
        assert item.problem
        [finding] = contents.findings
        assert ("PT007", "Sheet", 2) == (finding.code, finding.where.sheet, finding.where.row)

    def test_every_bad_cell_is_reported_with_its_location(self, tmp_path: Path) -> None:
        """Text in the weight column and an unknown level-2 label are both reported, with cells."""
        path = _sheet(
            tmp_path / "b.xlsx",
            [
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"],
                ["产出指标", "数量指标", "a", "1人", "1人", "十分"],
                ["产出指标", "好坏指标", "b", "2人", "2人", "5"],
            ],
        )
        contents = read_table(path)
        where = [(f.where.row, f.where.column) for f in contents.findings]
        assert [(2, "分值 (F)"), (3, "二级指标 (B)")] == where
        assert 2 == len(contents.evaluations[0].rows)
        with pytest.raises(TableError) as caught:
            read_table(path, strict=True)
        assert where == [(p.where.row, p.where.column) for p in caught.value.problems]

    def test_row_limit_is_enforced(self, tmp_path: Path) -> None:
        """A sheet longer than Limits.max_rows is refused with the limit's name."""
        path = layouts.to_xlsx([layouts.rows(SPEC, "combined")], tmp_path / "l.xlsx")
        with pytest.raises(TableError, match="max_rows"):
            read_xlsx(path, limits=Limits(max_rows=5))


class TestWrite:
    def test_official_layout(self, tmp_path: Path) -> None:
        """The written self-evaluation has merged level cells, a frozen header and formats."""
        evaluation = read_table(layouts.to_xlsx([layouts.rows(SPEC, "split")], tmp_path / "a.xlsx"))
        path = tmp_path / "out.xlsx"
        write_xlsx(evaluation.evaluations, path, names=["培训项目"])
        sheet = openpyxl.load_workbook(path)["绩效自评表"]
        merged = {str(r) for r in sheet.merged_cells.ranges}
        assert {"B6:B8", "C6:C7", "A3:A4"} <= merged
        assert "A6" == sheet.freeze_panes
        assert "0.00%" == sheet["G4"].number_format
        assert ("总分", 95) == (sheet["A10"].value, sheet["H10"].value)
        assert "培训项目" == sheet["B2"].value

    def test_formula_like_text_is_written_as_text(self, tmp_path: Path) -> None:
        """A value such as '=100%' is stored as text, not as a formula, and reads back."""
        rows = [
            ["一级指标", "二级指标", "三级指标", "指标值"],
            ["产出指标", "成本指标", "a", "=100%"],
        ]
        department = read_table(layouts.to_csv([rows], tmp_path / "f.csv")).department
        write_table(department, tmp_path / "f.xlsx")
        sheet = openpyxl.load_workbook(tmp_path / "f.xlsx").active
        assert "s" == sheet["D5"].data_type
        [project] = read_table(tmp_path / "f.xlsx").department.projects
        assert parse_target("=100%") == project.indicators[0].target


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.evaluations)
def test_evaluation_round_trip(
    tmp_path_factory: pytest.TempPathFactory, evaluation: SelfEvaluation
) -> None:
    """read(write(x)) == x for self-evaluations through .xlsx, locations aside."""
    path = tmp_path_factory.mktemp("x") / "e.xlsx"
    write_table(evaluation, path)
    [back] = read_table(path).evaluations
    assert strategies.without_locations(evaluation) == strategies.without_locations(back)


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.departments)
def test_department_round_trip(
    tmp_path_factory: pytest.TempPathFactory, department: Department
) -> None:
    """read(write(x)) == x for a department's target tables through .xlsx."""
    path = tmp_path_factory.mktemp("x") / "d.xlsx"
    write_table(department, path)
    assert department == read_table(path).department
