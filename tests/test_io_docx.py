"""
Reading the tables of Word documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import io_layouts as layouts
from perftarget import Level2, TableError, parse_target
from perftarget.io import read_table
from perftarget.io._docx import read_docx

docx = pytest.importorskip("docx", reason="pip install -e '.[test]'")

ROWS = [
    layouts.Row(level1="产出指标", level2="数量指标", level3="培训人数", target="≥50人"),
    layouts.Row(level1="产出指标", level2="数量指标", level3="培训场次", target="4次"),
    layouts.Row(level1="产出指标", level2="质量指标", level3="合格率", target="≥95%"),
    layouts.Row(level1="满意度指标", level2="服务对象满意度指标", level3="满意度", target="≥90%"),
]


def _spec(name: str) -> layouts.Spec:
    return layouts.Spec(name=name, rows=ROWS, evaluation=False, budget={"budget": "30"})


class TestRead:
    @pytest.mark.parametrize("layout", layouts.LAYOUTS)
    def test_vertically_merged_levels_are_filled_down(self, layout: str, tmp_path: Path) -> None:
        """Level cells merged down a Word table apply to every row they cover, in any layout."""
        path = layouts.to_docx([layouts.rows(_spec("甲"), layout)], tmp_path / "t.docx")
        [project] = read_docx(path).department.projects
        assert [Level2.QUANTITY, Level2.QUANTITY, Level2.QUALITY, Level2.SATISFACTION] == [
            i.level2 for i in project.indicators
        ]
        assert parse_target("4次") == project.indicators[1].target

    def test_every_table_is_read(self, tmp_path: Path) -> None:
        """Each table of the document becomes a project, in document order."""
        tables = [layouts.rows(_spec(name), "combined") for name in ("甲", "乙", "丙")]
        department = read_table(layouts.to_docx(tables, tmp_path / "t.docx")).department
        assert ["甲", "乙", "丙"] == [p.name for p in department.projects]

    def test_paragraph_above_names_an_unnamed_table(self, tmp_path: Path) -> None:
        """A table without a 项目名称 row takes its name from the heading above it."""
        document = docx.Document()
        document.add_paragraph("培训项目绩效目标表")
        table = document.add_table(rows=2, cols=4)
        for column, text in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
            table.cell(0, column).text = text
        for column, text in enumerate(["产出指标", "数量指标", "人数", "5人"]):
            table.cell(1, column).text = text
        document.save(str(tmp_path / "n.docx"))
        [project] = read_docx(tmp_path / "n.docx").department.projects
        assert "培训项目" == project.name

    def test_problem_names_the_table(self, tmp_path: Path) -> None:
        """An unknown level-2 label in the second table is reported as table 2, row and column;
        strict reading refuses the file for it."""
        bad = layouts.Spec(
            name="乙",
            evaluation=False,
            rows=[layouts.Row(level1="产出指标", level2="好坏指标", level3="x", target="1人")],
        )
        tables = [layouts.rows(_spec("甲"), "combined"), layouts.rows(bad, "combined")]
        path = layouts.to_docx(tables, tmp_path / "t.docx")
        [finding] = read_docx(path).findings
        assert "PT003" == finding.code
        with pytest.raises(TableError) as caught:
            read_table(path, strict=True)
        [problem] = caught.value.problems
        assert ("table 2", 3, "二级指标 (2)") == (
            problem.where.sheet,
            problem.where.row,
            problem.where.column,
        )
