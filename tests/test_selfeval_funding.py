"""
The funding block (年度资金总额) of a self-evaluation CSV.
"""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

from perftarget.cli import main
from perftarget.io._selfeval_csv import read_selfeval_csv

# 廊坊 2019 (domain-rules §4.12 #1): budget 43.2, executed 37.24, rate printed 86%, score 9.
LANGFANG = """\
项目名称,工程资金,,,,,
项目资金（万元）,年初预算数,全年预算数,全年执行数,分值,执行率,得分
年度资金总额,43.2,43.2,37.24,10,86%,9
其中：当年财政拨款,43.2,43.2,37.24,,,
一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施
产出指标,数量指标,工程资金金额,43.2万元,37.24万元,10,9,
"""


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestFundingBlock:
    """Amounts, weight, rate and score are read from the block above the indicators."""

    def test_block_is_read(self, tmp_path: Path) -> None:
        """The 年度资金总额 line gives budget, executed, weight, published rate and score."""
        table = read_selfeval_csv(write(tmp_path, LANGFANG))
        budget = table.budget
        assert budget.budget is not None
        assert budget.executed is not None
        assert (Decimal("43.2"), "万元") == (budget.budget.amount, budget.budget.unit)
        assert Decimal("37.24") == budget.executed.amount
        assert Decimal("10") == budget.weight
        assert Decimal("0.86") == budget.published_rate
        assert Decimal("9") == budget.published_score
        assert 1 == len(table.rows)

    def test_score_uses_the_block(self, tmp_path: Path) -> None:
        """Without --budget the execution line is 10 × 37.24/43.2 = 8.62, against a published 9."""
        out = StringIO()
        main(["score", str(write(tmp_path, LANGFANG)), "--format", "json"], out=out)
        data = json.loads(out.getvalue())
        assert "8.62" == data["budget"]["score"]
        assert "9" == data["budget"]["published_score"]
        assert any(f["code"] == "PT333" for f in data["findings"])  # integer rounding

    def test_command_line_amounts_win(self, tmp_path: Path) -> None:
        """--budget and --executed replace the block's amounts."""
        out = StringIO()
        path = write(tmp_path, LANGFANG)
        main(
            ["score", str(path), "--budget", "40", "--executed", "40", "--format", "json"], out=out
        )
        assert "10.00" == json.loads(out.getvalue())["budget"]["score"]

    def test_file_without_block(self, tmp_path: Path) -> None:
        """A file whose first row is the indicator header has an empty budget line."""
        text = LANGFANG.split("\n", 4)[4]
        table = read_selfeval_csv(write(tmp_path, text))
        assert table.budget.budget is None


class TestYear:
    """The table's 年度 label dates deadlines written without a year."""

    def test_deadline_takes_the_table_year(self, tmp_path: Path) -> None:
        """'12月底前' against '11月30日' is met in a table whose 年度 is 2020."""
        text = (
            "项目名称,测试项目\n年度,2020\n"
            "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
            "产出指标,时效指标,完成时间,12月底前,11月30日,10,10,\n"
        )
        out = StringIO()
        main(["score", str(write(tmp_path, text)), "--format", "json"], out=out)
        row = json.loads(out.getvalue())["indicators"][0]
        assert ("met", "10.00") == (row["status"], row["score"])
        assert "2020-12-31" in row["trace"]
