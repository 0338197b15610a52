"""
The published self-evaluation samples, read from files as a user has them.

Each sample is laid out as the table it was published as and read with
``read_table``: it must score exactly as the rows built by hand in
``test_samples_scoring.py`` do.  Then the same indicators are laid out in the
evaluation-framework form of 财预〔2020〕10号 (决策 / 过程 checklist rows above,
产出 / 效益 under the framework's labels): the checklist rows are judged, and
every common row scores as before.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from perftarget import Level1, Status, evaluate, load_rules
from perftarget.io import read_table
from test_samples_scoring import load, score

D = Decimal
HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
#: Framework spellings of the common labels (财预〔2020〕10号 附件1).
FRAMEWORK_LEVEL2 = {
    "数量指标": "产出数量",
    "质量指标": "产出质量",
    "时效指标": "产出时效",
    "成本指标": "产出成本",
}
#: The checklist rows the framework puts above the outputs: a dash for a target.
CHECKLIST = [
    ["项目决策(10分)", "项目立项", "立项依据充分性", "—", "依据充分", "5", "5"],
    ["", "绩效目标", "绩效目标合理性", "—", "目标明确", "5", "4"],
    ["项目过程(10分)", "资金管理", "资金使用合规性", "—", "合规", "10", "10"],
]


def _rows(data: dict[str, Any], *, framework: bool) -> list[list[str]]:
    out = []
    for item in data["indicators"]:
        if not item["level3"]:
            continue
        level1, level2 = item["level1"], item["level2"]
        if framework:
            level1 = "项目" + level1.split("指标")[0].removeprefix("项目")
            level2 = FRAMEWORK_LEVEL2.get(level2, level2)
        out.append(
            [level1, level2, item["level3"], item["target"], item["actual"], item["weight"],
             item["score"]]
        )  # fmt: skip
    return out


def write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


@pytest.mark.parametrize("name", ["case01", "case05", "case11"])
class TestSamplesFromFiles:
    def test_a_file_scores_as_the_rows_built_by_hand(self, tmp_path: Path, name: str) -> None:
        """Read from a CSV, every row scores exactly as in the hand-built rows."""
        data = load(name)
        path = write(tmp_path / f"{name}.csv", _rows(data, framework=False))
        (evaluation,) = read_table(path).evaluations
        card = evaluate(evaluation.rows)
        expected = {s.row.indicator.name: s.score for s in score(name).indicators}
        assert expected == {s.row.indicator.name: s.score for s in card.indicators}

    def test_the_framework_form_judges_checklists_and_keeps_the_rest(
        self, tmp_path: Path, name: str
    ) -> None:
        """In the framework form, 决策/过程 rows are judged and the common rows score alike."""
        data = load(name)
        path = write(tmp_path / f"{name}.csv", CHECKLIST + _rows(data, framework=True))
        contents = read_table(path)
        (evaluation,) = contents.evaluations
        card = evaluate(evaluation.rows, rules=load_rules("mof2020_framework"))
        judged = [s for s in card.indicators if s.status is Status.JUDGED]
        assert [D("5.00"), D("4.00"), D("10.00")] == [s.score for s in judged]
        assert [Level1.DECISION, Level1.DECISION, Level1.PROCESS] == [
            s.row.indicator.level1 for s in judged
        ]
        common = {s.row.indicator.name: s.score for s in score(name).indicators}
        found = {
            s.row.indicator.name: s.score for s in card.indicators if s.status is not Status.JUDGED
        }
        assert common == found
        assert not [f for f in contents.findings if f.severity.value != "info"]
