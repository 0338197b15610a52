"""
Tests of ``perftarget score``: the CSV reader, the JSON contract and exit codes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from perftarget import TableError, read_selfeval_csv
from perftarget.cli import main
from perftarget.io import read_table

HEADER = "一级指标,二级指标,三级指标,分值,年度指标值,实际完成值,得分,偏差原因分析及改进措施\n"
CLEAN = (
    HEADER
    + "产出指标(50分),数量指标,培训人次,20,≥1100人次,1093人次,19.87,部分学员未到\n"
    + ",质量指标,合格率,30,≥95%,96%,30,\n"
    + "效益指标,社会效益指标,就业人数,30,≥20人,25人,30,\n"
    + "满意度指标,服务对象满意度指标,满意度,10,≥90%,92%,10,\n"
    + "总分,,,,,,99.87,\n"
)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.csv") -> str:
    """Write a CSV and return its path."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def run(*argv: str) -> tuple[int, str]:
    """Run the CLI and return the exit code and standard output."""
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


class TestJsonContract:
    def test_keys_and_decimal_strings(self, tmp_path: Path) -> None:
        """The JSON record has the contract's keys, numbers as decimal strings."""
        path = write(tmp_path, CLEAN)
        code, text = run(
            "score", path, "--budget", "300万元", "--executed", "278.4449万元", "--format", "json"
        )
        record = json.loads(text)
        assert code == 0
        assert sorted(record) == [
            "budget",
            "findings",
            "grade",
            "indicators",
            "published_total",
            "rules",
            "total",
        ]
        assert {"budget", "executed", "rate", "weight", "score", "published_score"} == set(
            record["budget"]
        )
        assert {
            "level1",
            "level2",
            "level3",
            "target",
            "actual",
            "direction",
            "weight",
            "score",
            "published_score",
            "status",
            "trace",
        } == set(record["indicators"][0])
        first = record["indicators"][0]
        assert (first["score"], first["trace"], first["status"]) == (
            "19.87",
            "20 × 1093/1100 = 19.87",
            "partly met",
        )
        assert (
            record["budget"]["score"],
            record["total"],
            record["published_total"],
            record["grade"],
        ) == ("9.28", "99.15", "99.87", "优")

    def test_english_labels(self, tmp_path: Path) -> None:
        """--lang en gives English level labels and grade."""
        path = write(tmp_path, CLEAN)
        _, text = run(
            "score", path, "--format", "json", "--lang", "en", "--budget", "1", "--executed", "1"
        )
        record = json.loads(text)
        assert (record["indicators"][0]["level1"], record["grade"]) == ("output", "excellent")

    def test_findings_have_code_severity_message_where(self, tmp_path: Path) -> None:
        """Each finding carries code, severity, message and where (file, row)."""
        path = write(tmp_path, CLEAN.replace("25人,30", "25次,30"))
        code, text = run("score", path, "--format", "json")
        finding = next(f for f in json.loads(text)["findings"] if f["code"] == "PT301")
        assert (1, "error", f"{path}, row 4") == (code, finding["severity"], finding["where"])


class TestExitCodes:
    def test_error_findings_exit_1(self, tmp_path: Path) -> None:
        """A 人 against 次 row is an error finding: exit 1."""
        path = write(tmp_path, CLEAN.replace("25人,30", "25次,30"))
        assert run("score", path)[0] == 1

    @pytest.mark.parametrize(
        "extra",
        [["--rules", "atlantis"], ["--budget", "lots"], ["--tolerance", "-1"]],
    )
    def test_unusable_options_exit_2(self, tmp_path: Path, extra: list[str]) -> None:
        """An unknown rule set, an unreadable amount or a negative tolerance exit 2."""
        assert run("score", write(tmp_path, CLEAN), *extra)[0] == 2

    def test_missing_file_exits_2(self, tmp_path: Path) -> None:
        """A file that does not exist exits 2."""
        assert run("score", str(tmp_path / "none.csv"))[0] == 2

    def test_unrecognised_header_exits_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A table without the required columns exits 2 and names them."""
        path = write(tmp_path, "名称,数值\na,1\n")
        assert run("score", path)[0] == 2
        assert "实际完成值" in capsys.readouterr().err

    def test_user_rules_file(self, tmp_path: Path) -> None:
        """--rules accepts a TOML file extending a shipped rule set."""
        rules = tmp_path / "int.toml"
        rules.write_text(
            'extends = "mof2020_selfeval"\nid = "int"\n[rounding]\nplaces = 0\n', encoding="utf-8"
        )
        _, text = run("score", write(tmp_path, CLEAN), "--rules", str(rules), "--format", "json")
        record = json.loads(text)
        assert (record["rules"], record["indicators"][0]["score"]) == ("int", "20")


class TestTextFormats:
    @pytest.mark.parametrize(("fmt", "marker"), [("text", "---"), ("markdown", "|---")])
    def test_tables(self, tmp_path: Path, fmt: str, marker: str) -> None:
        """Text and markdown output show the trace in a table."""
        code, text = run(
            "score", write(tmp_path, CLEAN), "--format", fmt, "--budget", "1", "--executed", "1"
        )
        assert (code, marker in text, "20 × 1093/1100 = 19.87" in text) == (0, True, True)


class TestReader:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
    def test_encodings(self, tmp_path: Path, encoding: str) -> None:
        """UTF-8, UTF-8 with BOM and GB18030 files read the same."""
        table = read_selfeval_csv(write(tmp_path, CLEAN, encoding))
        assert (len(table.rows), table.rows[0].indicator.name) == (4, "培训人次")

    def test_fill_down_and_label_weight(self, tmp_path: Path) -> None:
        """A blank level-1 cell continues the label above, with its (50分) weight."""
        row = read_selfeval_csv(write(tmp_path, CLEAN)).rows[1]
        assert (row.indicator.level1.zh, str(row.level1_weight)) == ("产出指标", "50")

    def test_english_headers(self, tmp_path: Path) -> None:
        """English header aliases are recognised."""
        text = (
            "level1,level2,level3,weight,target,actual,score,reason\n"
            "output,quantity,Trainees,20,≥1100人次,1093人次,19.87,late\n"
        )
        row = read_selfeval_csv(write(tmp_path, text)).rows[0]
        assert (row.indicator.name, row.reason) == ("Trainees", "late")

    def test_not_applicable_actual(self, tmp_path: Path) -> None:
        """An actual of 不适用 marks the row not applicable."""
        table = read_selfeval_csv(write(tmp_path, CLEAN.replace("96%", "不适用")))
        assert (table.rows[1].not_applicable, table.rows[1].actual) == (True, None)

    def test_every_problem_reported_with_location(self, tmp_path: Path) -> None:
        """Bad cells on several rows are all reported, each with row and column."""
        bad = CLEAN.replace(",20,≥1100人次", ",x,≥1100人次").replace("≥95%", "≥≥5")
        path = write(tmp_path, bad)
        evaluation = read_selfeval_csv(path)
        assert 2 == len(
            [r for r in evaluation.rows if r.indicator.problem or r.indicator.weight is None]
        )
        with pytest.raises(TableError) as info:
            read_table(path, strict=True)
        where = [(p.where.row, p.where.column) for p in info.value.problems]
        assert where == [(2, "分值 (4)"), (3, "年度指标值 (5)")]
