"""
Open-world reading: what a person reads past, perftarget reads past and reports.

Each table here is built by hand in a wording or layout that is in none of the
samples: another region's labels, a typo, a project column, a table's tail, an
empty or unreadable cell, the evaluation framework's checklist rows.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from perftarget import Level1, Level2, TableError
from perftarget.io import read_table

HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]
EVAL_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def write(tmp_path: Path, rows: Sequence[Sequence[str]], name: str = "t.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def codes(findings: Sequence[object]) -> list[str]:
    return [f.code for f in findings]  # type: ignore[attr-defined]


class TestUnknownLabels:
    def test_unknown_level2_is_kept_under_its_level1(self, tmp_path: Path) -> None:
        """A level-2 label naming no category keeps its rows, under its level 1, as written."""
        path = write(
            tmp_path,
            [HEADER, ["产出指标", "受益群众覆盖指标", "受益人数", "≥500人"]],
        )
        contents = read_table(path)
        (item,) = contents.department.projects[0].indicators
        assert Level1.OUTPUT == item.level1
        assert Level2.OTHER == item.level2
        assert "受益群众覆盖指标" == item.label(2)
        assert ["PT003"] == codes(contents.findings)
        assert "row 2" in str(contents.findings[0].where)

    def test_unknown_level1_takes_the_level1_of_its_level2s(self, tmp_path: Path) -> None:
        """An unknown level-1 label with known level 2s below it takes their level 1."""
        path = write(
            tmp_path,
            [
                HEADER,
                ["甲类绩效指标", "数量指标", "培训人数", "≥50人"],
                ["", "质量指标", "合格率", "≥95%"],
            ],
        )
        contents = read_table(path)
        items = contents.department.projects[0].indicators
        assert [Level1.OUTPUT, Level1.OUTPUT] == [i.level1 for i in items]
        assert "PT004" in codes(contents.findings)

    def test_unknown_level1_without_known_level2_is_kept_apart(self, tmp_path: Path) -> None:
        """An unknown level 1 over unknown level 2s keeps its rows, as OTHER, not refused."""
        path = write(tmp_path, [HEADER, ["甲类", "乙类", "培训人数", "≥50人"]])
        contents = read_table(path)
        (item,) = contents.department.projects[0].indicators
        assert (Level1.OTHER, Level2.OTHER) == (item.level1, item.level2)
        assert ("甲类", "乙类") == (item.label(1), item.label(2))

    def test_strict_refuses_what_lenient_reading_read_past(self, tmp_path: Path) -> None:
        """strict=True raises TableError naming the row of the unknown label."""
        path = write(tmp_path, [HEADER, ["产出指标", "受益群众覆盖指标", "受益人数", "≥500人"]])
        with pytest.raises(TableError, match="row 2"):
            read_table(path, strict=True)

    def test_labels_with_weights_and_numbering_resolve(self, tmp_path: Path) -> None:
        """Weights and numbering in labels are read past; the weight stays on the row."""
        path = write(
            tmp_path,
            [
                EVAL_HEADER,
                [
                    "一、产出指标 （50分）",
                    "（一）数量指标",
                    "培训人数",
                    "≥50人",
                    "50人",
                    "50",
                    "50",
                ],
            ],
        )
        (evaluation,) = read_table(path).evaluations
        (row,) = evaluation.rows
        assert (Level1.OUTPUT, Level2.QUANTITY) == (row.indicator.level1, row.indicator.level2)
        assert Decimal(50) == row.level1_weight


class TestRowsKept:
    def test_fragment_without_labels_is_read(self, tmp_path: Path) -> None:
        """A table's tail with no level label above its rows is read and reported once."""
        path = write(
            tmp_path,
            [HEADER, ["", "", "群众满意度", "≥90%"], ["", "", "投诉处理率", "100%"]],
        )
        contents = read_table(path)
        assert 2 == len(contents.department.projects[0].indicators)
        assert ["PT005"] == codes(contents.findings)

    def test_empty_target_is_kept_not_scored(self, tmp_path: Path) -> None:
        """A named row with an empty target is kept with its problem, the rest read."""
        path = write(
            tmp_path,
            [HEADER, ["产出指标", "数量指标", "培训人数", ""], ["", "", "培训场次", "≥3次"]],
        )
        contents = read_table(path)
        first, second = contents.department.projects[0].indicators
        assert first.problem
        assert not second.problem
        assert ["PT007"] == codes(contents.findings)

    def test_unreadable_target_is_kept_with_its_location(self, tmp_path: Path) -> None:
        """A target the parser cannot read is kept as text, reported with row and column."""
        path = write(tmp_path, [HEADER, ["产出指标", "数量指标", "培训人数", "≥≥"]])
        contents = read_table(path)
        (item,) = contents.department.projects[0].indicators
        assert item.problem
        assert "≥≥" == item.target.text
        (finding,) = contents.findings
        assert "PT006" == finding.code
        assert (2, True) == (finding.where.row, "指标值" in (finding.where.column or ""))

    def test_unreadable_score_is_taken_as_empty(self, tmp_path: Path) -> None:
        """A score cell that is not a number is reported; the row is kept."""
        path = write(
            tmp_path,
            [EVAL_HEADER, ["产出指标", "数量指标", "培训人数", "≥50人", "50人", "10", "满分"]],
        )
        contents = read_table(path)
        (row,) = contents.evaluations[0].rows
        assert row.published_score is None
        assert ["PT011"] == codes(contents.findings)

    def test_second_line_of_one_indicator_is_a_continuation(self, tmp_path: Path) -> None:
        """A row without a level-3 name continues the indicator above, without a weight."""
        path = write(
            tmp_path,
            [
                EVAL_HEADER,
                ["产出指标", "数量指标", "培训人数", "≥50人", "52人", "10", "10"],
                ["", "", "", "≥3次", "3次", "", ""],
            ],
        )
        contents = read_table(path)
        first, second = contents.evaluations[0].rows
        assert first.indicator.name == second.indicator.name
        assert second.indicator.weight is None
        assert ["PT010"] == codes(contents.findings)

    def test_only_a_file_without_any_indicator_table_is_refused(self, tmp_path: Path) -> None:
        """No header at all: refused, naming the headers expected."""
        path = write(tmp_path, [["名称", "金额"], ["a", "1"]])
        with pytest.raises(TableError, match="recognisable header"):
            read_table(path)


class TestLayouts:
    def test_project_column_splits_projects(self, tmp_path: Path) -> None:
        """A 项目名称 column holds several projects stacked in one sheet, header first."""
        path = write(
            tmp_path,
            [
                ["项目名称", *HEADER],
                ["培训项目", "产出指标", "数量指标", "培训人数", "≥50人"],
                ["", "", "质量指标", "合格率", "≥95%"],
                ["维修项目", "产出指标", "数量指标", "维修公里", "≥12公里"],
            ],
        )
        projects = read_table(path).department.projects
        assert ["培训项目", "维修项目"] == [p.name for p in projects]
        assert [2, 1] == [len(p.indicators) for p in projects]

    def test_project_column_in_a_self_evaluation(self, tmp_path: Path) -> None:
        """Stacked self-evaluations become one SelfEvaluation per project."""
        path = write(
            tmp_path,
            [
                ["项目编码", *EVAL_HEADER],
                ["P1", "产出指标", "数量指标", "培训人数", "≥50人", "50人", "10", "10"],
                ["P2", "产出指标", "数量指标", "维修公里", "≥12公里", "12公里", "10", "10"],
            ],
        )
        evaluations = read_table(path).evaluations
        assert ["P1", "P2"] == [e.name for e in evaluations]

    def test_a_single_project_in_the_column_names_the_self_evaluation(self, tmp_path: Path) -> None:
        """One project in the 项目名称 column names its self-evaluation, as two would."""
        path = write(
            tmp_path,
            [
                ["项目名称", *EVAL_HEADER],
                ["巡检服务", "产出指标", "数量指标", "巡检架次", "≥50架次", "50", "10", "10"],
                ["巡检服务", "产出指标", "质量指标", "合格率", "≥95%", "96%", "10", "10"],
            ],
        )
        assert ["巡检服务"] == [e.name for e in read_table(path).evaluations]

    def test_weighted_layout_and_criteria_column(self, tmp_path: Path) -> None:
        """权重占比 / 单项指标折算得分 columns and a 评分标准 column are read."""
        path = write(
            tmp_path,
            [
                [
                    "一级指标",
                    "二级指标",
                    "三级指标",
                    "指标值",
                    "实际完成值",
                    "权重占比(%)",
                    "单项指标得分",
                    "单项指标折算得分",
                    "评分标准",
                ],
                [
                    "产出指标",
                    "数量指标",
                    "培训人数",
                    "≥50人",
                    "50人",
                    "20",
                    "100",
                    "20",
                    "完成得满分",
                ],
            ],
        )
        (row,) = read_table(path).evaluations[0].rows
        assert (Decimal(20), Decimal(20)) == (row.indicator.weight, row.published_score)
        assert "完成得满分" == row.indicator.criteria

    def test_framework_checklist_rows(self, tmp_path: Path) -> None:
        """决策 / 过程 rows with a dash target are checklist rows, read with their score."""
        path = write(
            tmp_path,
            [
                ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分"],
                ["项目决策(20分)", "项目立项", "立项依据充分性", "—", "依据充分", "5", "4"],
                ["项目管理", "资金管理", "资金到位率", "100%", "100%", "5", "5"],
                ["产出", "产出数量", "培训人数", "≥50人", "50人", "10", "10"],
            ],
        )
        contents = read_table(path)
        first, second, third = contents.evaluations[0].rows
        assert (Level1.DECISION, Level2.PROJECT_APPROVAL) == (
            first.indicator.level1,
            first.indicator.level2,
        )
        assert first.checklist
        assert Decimal(4) == first.published_score
        assert Decimal(20) == first.level1_weight
        assert (Level1.PROCESS, False) == (second.indicator.level1, second.checklist)
        assert (Level1.OUTPUT, Level2.QUANTITY) == (third.indicator.level1, third.indicator.level2)

    def test_label_rows_are_used_or_reported(self, tmp_path: Path) -> None:
        """年度本级预算金额 is read as the amount; 实施期 is reported as not used."""
        path = write(
            tmp_path,
            [
                ["项目名称", "雾炮车服务"],
                ["年度本级预算金额(万元)", "250"],
                ["项目支出实施期", "2023.07-2024.01"],
                HEADER,
                ["产出指标", "数量指标", "车辆数", "10辆"],
            ],
        )
        contents = read_table(path)
        (project,) = contents.department.projects
        assert "250万元" == str(project.amount).replace(".00", "")
        unused = [f for f in contents.findings if f.code == "PT008"]
        assert 1 == len(unused)
        assert 3 == unused[0].where.row


class TestYear:
    def test_year_fills_tables_that_state_none(self, tmp_path: Path) -> None:
        """year= is the year of a table that does not state its own."""
        path = write(tmp_path, [HEADER, ["产出指标", "数量指标", "培训人数", "≥50人"]])
        assert 2024 == read_table(path, year=2024).department.projects[0].year

    def test_year_does_not_override_the_tables_own(self, tmp_path: Path) -> None:
        """A table's 年度 wins over year=."""
        path = write(
            tmp_path, [["年度", "2021"], HEADER, ["产出指标", "数量指标", "培训人数", "≥50人"]]
        )
        contents = read_table(path, year=2024)
        assert 2021 in (contents.department.year, contents.department.projects[0].year)


class TestReadingFindingsReference:
    def test_reference_page_is_generated_from_the_registry(self) -> None:
        """docs/reference/reading-findings.md is the registry's rendering, code for code."""
        from perftarget.io._notes import reference_page

        page = Path(__file__).parents[1] / "docs" / "reference" / "reading-findings.md"
        assert reference_page() == page.read_text(encoding="utf-8")

    def test_every_message_is_in_one_language(self) -> None:
        """The English template has no Chinese outside quoted fields, and the reverse."""
        import re

        from perftarget.io._notes import READING_CODES

        han = re.compile(r"[\u4e00-\u9fff]")
        for spec in READING_CODES.values():
            english = re.sub(r"\{[^}]*\}", "", spec.en)
            assert not han.search(english), spec.code
            assert han.search(spec.zh), spec.code


class TestOneReader:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "docx", "txt"])
    def test_every_format_reads_the_same_rows(self, tmp_path: Path, fmt: str) -> None:
        """A table read from any format gives the same indicators and the same findings."""
        import io_layouts as layouts

        spec = layouts.Spec(
            name="培训项目",
            evaluation=False,
            rows=[
                layouts.Row(
                    level1="产出指标", level2="数量指标", level3="培训人数", target="≥50人"
                ),
                layouts.Row(
                    level1="产出指标", level2="受益群众指标", level3="覆盖人数", target="≥≥"
                ),
                layouts.Row(
                    level1="效益指标", level2="社会效益指标", level3="知晓率", target="≥90%"
                ),
            ],
        )
        table = layouts.rows(spec, "combined")
        writer = {
            "csv": layouts.to_csv,
            "xlsx": layouts.to_xlsx,
            "docx": layouts.to_docx,
            "txt": layouts.to_text,
        }[fmt]
        reference = read_table(layouts.to_csv([table], tmp_path / "ref.csv"))
        contents = read_table(writer([table], tmp_path / f"t.{fmt}"))
        (expected,) = reference.department.projects
        (found,) = contents.department.projects
        assert list(expected.indicators) == list(found.indicators)
        assert [f.code for f in reference.findings] == [f.code for f in contents.findings]

    def test_convert_and_review_read_what_read_table_reads(self, tmp_path: Path) -> None:
        """convert writes exactly what read_table read; review reports the same reading."""
        import io
        import json

        from perftarget.cli import main

        path = write(
            tmp_path,
            [["项目名称", *HEADER], ["甲", "产出指标", "受益群众指标", "受益人数", "≥500人"]],
        )
        assert 0 == main(["convert", str(path), str(tmp_path / "o.json")], out=io.StringIO())
        assert read_table(path).department == read_table(tmp_path / "o.json").department
        out = io.StringIO()
        main(["review", str(path), "--format", "json"], out=out)
        codes_seen = [f["code"] for f in json.loads(out.getvalue())["findings"]]
        assert "PT003" in codes_seen


class TestUserLabels:
    ALIASES = '[level2]\n"受益群众覆盖指标" = "quantity"\n'

    def test_labels_file_maps_a_template_label(self, tmp_path: Path) -> None:
        """read_table(labels=...) resolves a label of one's own template, with no PT003."""
        from perftarget import load_label_aliases

        (tmp_path / "labels.toml").write_text(self.ALIASES, encoding="utf-8")
        path = write(tmp_path, [HEADER, ["产出指标", "受益群众覆盖指标", "受益人数", "≥500人"]])
        contents = read_table(path, labels=load_label_aliases(tmp_path / "labels.toml"))
        (item,) = contents.department.projects[0].indicators
        assert Level2.QUANTITY == item.level2
        assert "PT003" not in codes(contents.findings)
        # The aliases hold only for that call.
        assert Level2.OTHER == read_table(path).department.projects[0].indicators[0].level2

    def test_labels_option_on_the_command_line(self, tmp_path: Path) -> None:
        """--labels FILE on review reads the file's aliases; a bad file exits 2."""
        import io
        import json

        from perftarget.cli import main

        (tmp_path / "labels.toml").write_text(self.ALIASES, encoding="utf-8")
        path = write(tmp_path, [HEADER, ["产出指标", "受益群众覆盖指标", "受益人数", "≥500人"]])
        out = io.StringIO()
        argv = ["review", str(path), "--format", "json"]
        main([*argv, "--labels", str(tmp_path / "labels.toml")], out=out)
        assert "PT003" not in [f["code"] for f in json.loads(out.getvalue())["findings"]]
        (tmp_path / "bad.toml").write_text('[level2]\n"x" = "nothing"\n', encoding="utf-8")
        assert 2 == main([*argv, "--labels", str(tmp_path / "bad.toml")], out=io.StringIO())


class TestUnfilledTargets:
    @pytest.mark.parametrize("text", ["≥**%", "××人", "是/否", "群众满意度≥"])
    def test_template_residue_is_kept_unscored(self, tmp_path: Path, text: str) -> None:
        """A target left as template residue is kept with its problem and reported PT013."""
        path = write(tmp_path, [HEADER, ["产出指标", "数量指标", "受益人数", text]])
        contents = read_table(path)
        (item,) = contents.department.projects[0].indicators
        assert item.problem
        assert ["PT013"] == codes(contents.findings)


class TestNoTable:
    def test_a_file_without_a_table_raises_no_table_error_in_the_language_in_force(
        self, tmp_path: Path
    ) -> None:
        """NoTableError is a TableError that programs tell apart by type, not by message."""
        import perftarget
        from perftarget import NoTableError, TableError

        path = write(tmp_path, [["备注", "无"], ["说明", "本表为空"]])
        with pytest.raises(NoTableError) as english:
            read_table(path)
        with perftarget.language("zh"), pytest.raises(TableError) as chinese:
            read_table(path)
        assert isinstance(chinese.value, NoTableError)
        assert "no table with a recognisable header" in english.value.problems[-1].message
        assert chinese.value.problems[-1].message.startswith("没有表头可识别的表格")
