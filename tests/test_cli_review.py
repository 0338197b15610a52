"""
Tests of ``perftarget review``: exit codes, JSON shape, --select / --ignore,
and the CSV reader it uses.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from perftarget import Project
from perftarget.cli import main
from perftarget.exceptions import TableError
from perftarget.io import read_table

HEADER = "项目名称,一级指标,二级指标,三级指标,指标值,度量单位\n"
CLEAN = (
    HEADER + "培训项目,产出指标,数量指标,培训参加人数,≥50,人\n"
    ",产出指标,时效指标,完成时间,2024年12月31日前,\n"
    ",产出指标,成本指标,人均培训成本,≤800,元/人\n"
    ",效益指标,社会效益指标,技能提升率,≥30,%\n"
    ",满意度指标,服务对象满意度指标,学员满意度,≥90,%\n"
)


def run(*argv: str) -> tuple[int, str]:
    """Run the command line and return its exit code and output."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    """Write a CSV file and return its path."""
    path = tmp_path / "targets.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


class TestExitCodes:
    def test_a_single_self_evaluation_is_not_reviewed_as_empty(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """One file holding only a self-evaluation exits 2 and says so, as in a folder."""
        text = (
            "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分\n"
            "产出指标,数量指标,培训人次,≥100人次,120人次,50,50\n"
        )
        code, out = run("review", write(tmp_path, text), "--lang", "en")
        assert (2, "") == (code, out)
        assert "holds no target table" in capsys.readouterr().err

    def test_clean_file_exits_0(self, tmp_path: Path) -> None:
        """A table whose only finding is info exits 0 even with --fail-on warning."""
        code, _ = run("review", write(tmp_path, CLEAN), "--fail-on", "warning")
        assert code == 0

    def test_error_finding_exits_1(self, tmp_path: Path) -> None:
        """A unit contradicting the unit column is an error and exits 1 by default."""
        text = CLEAN.replace("≤800,元/人", "≤28.8万元,%")
        assert run("review", write(tmp_path, text))[0] == 1

    def test_warnings_pass_the_default_gate(self) -> None:
        """The seed has warnings only: exit 0 by default, 1 with --fail-on warning."""
        assert run("review", "--dataset", "quyang_2020")[0] == 0
        assert run("review", "--dataset", "quyang_2020", "--fail-on", "warning")[0] == 1

    def test_unreadable_input_exits_2(self, tmp_path: Path) -> None:
        """A file without the required columns is unusable input."""
        assert run("review", write(tmp_path, "a,b\n1,2\n"))[0] == 2

    def test_missing_file_exits_2(self, tmp_path: Path) -> None:
        """A file that does not exist is unusable input."""
        assert run("review", str(tmp_path / "nope.csv"))[0] == 2

    def test_unknown_code_exits_2(self) -> None:
        """An unknown rule code in --select is unusable input, not an empty selection."""
        assert run("review", "--dataset", "quyang_2020", "--select", "PT999")[0] == 2


class TestOutput:
    def test_json_shape(self) -> None:
        """JSON findings carry exactly code, severity, message and where, as in score."""
        code, out = run("review", "--dataset", "quyang_2020", "--format", "json")
        record = json.loads(out)
        assert code == 0
        assert {"code", "severity", "message", "where", "location"} == set(record["findings"][0])
        assert len(record["findings"]) == sum(record["counts"].values())

    def test_select_and_ignore(self) -> None:
        """--select keeps a prefix's rules; --ignore drops a code from them."""
        _, out = run(
            "review", "--dataset", "quyang_2020", "--format", "json", "--select", "PT10,PT12"
        )
        assert {"PT102", "PT105", "PT106", "PT120"} == {
            f["code"] for f in json.loads(out)["findings"]
        }
        _, out = run(
            "review", "--dataset", "quyang_2020", "--format", "json",
            "--select", "PT10", "--ignore", "PT102",
        )  # fmt: skip
        assert {"PT105", "PT106"} == {f["code"] for f in json.loads(out)["findings"]}

    def test_text_labels_in_both_languages(self) -> None:
        """Text output has Chinese headers by default and English with --lang en."""
        assert "严重程度" in run("review", "--dataset", "quyang_2020")[1]
        assert "severity" in run("review", "--dataset", "quyang_2020", "--lang", "en")[1]

    def test_markdown(self) -> None:
        """Markdown output is a GitHub table."""
        _, out = run("review", "--dataset", "quyang_2020", "--format", "markdown")
        assert out.startswith("| 代码")

    def test_config_file(self, tmp_path: Path) -> None:
        """--config reads the [review] table; its per-project ignore applies."""
        config = tmp_path / "perftarget.toml"
        config.write_text(
            '[review]\nselect = ["PT105"]\n'
            '[review.per-project-ignores]\n"驻访专项业务经费" = ["PT105"]\n',
            encoding="utf-8",
        )
        _, out = run(
            "review", "--dataset", "quyang_2020", "--format", "json", "--config", str(config)
        )
        assert json.loads(out)["findings"] == []


def read_targets_csv(path: Path) -> tuple[Project, ...]:
    """The projects review reads from a CSV file: the reader every command shares."""
    return read_table(path).department.projects


class TestCsvReader:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
    def test_encodings(self, tmp_path: Path, encoding: str) -> None:
        """UTF-8, UTF-8 with BOM and GB18030 files read the same."""
        (project,) = read_targets_csv(write(tmp_path, CLEAN, encoding))
        assert project.name == "培训项目"
        assert project.indicators[2].declared_unit == "元/人"
        assert len(project.indicators) == 5

    def test_several_projects_in_one_file(self, tmp_path: Path) -> None:
        """A project column splits one file into projects."""
        text = CLEAN + "另一项目,产出指标,数量指标,培训期数,2,期\n"
        assert [p.name for p in read_targets_csv(write(tmp_path, text))] == ["培训项目", "另一项目"]

    def test_operator_column_is_joined(self, tmp_path: Path) -> None:
        """A 指标性质 column of ≥ / ≤ / = is joined to the value."""
        text = (
            "一级指标,二级指标,三级指标,指标性质,指标值,度量单位\n"
            "产出指标,数量指标,培训人数,≥,50,人\n"
        )
        (project,) = read_targets_csv(write(tmp_path, text))
        assert project.indicators[0].target.comparator.value == ">="  # type: ignore[union-attr]

    def test_every_problem_is_reported(self, tmp_path: Path) -> None:
        """All bad rows are reported at once with file, row and column."""
        text = HEADER + "p,产出指标,怪指标,a,1,人\np,产出指标,数量指标,b,≥≥5,人\n"
        path = write(tmp_path, text)
        with pytest.raises(TableError) as caught:
            read_table(path, strict=True)
        assert [(str(path), 2, "二级指标"), (str(path), 3, "指标值")] == [
            (p.where.file, p.where.row, (p.where.column or "").split(" (")[0])
            for p in caught.value.problems
        ]
