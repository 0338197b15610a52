"""
``perftarget convert IN OUT``.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest

import io_layouts as layouts
from perftarget.cli import main
from perftarget.io import read_table

SPEC = layouts.Spec(
    name="培训项目",
    evaluation=True,
    budget={"budget": "20", "executed": "18", "weight": "10", "rate": "90%", "score": "9"},
    rows=[
        layouts.Row(level1="产出指标", level2="数量指标", level3="人数", target="≥50人",
                    actual="48人", weight="90", score="86"),
    ],
    total="95",
)  # fmt: skip


def test_chain_of_conversions_keeps_the_table(tmp_path: Path) -> None:
    """xlsx -> json -> csv -> xlsx gives back the same self-evaluation rows and budget."""
    source = layouts.to_xlsx([layouts.rows(SPEC, "split")], tmp_path / "in.xlsx")
    out = io.StringIO()
    chain = [source, tmp_path / "a.json", tmp_path / "b.csv", tmp_path / "c.xlsx"]
    for before, after in itertools.pairwise(chain):
        assert 0 == main(["convert", str(before), str(after)], out=out)
    [first] = read_table(source).evaluations
    [last] = read_table(chain[-1]).evaluations
    assert [r.indicator for r in first.rows] == [r.indicator for r in last.rows]
    assert first.budget.budget == last.budget.budget
    assert "1 self-evaluation(s)" in out.getvalue()


def test_unusable_input_exits_2_listing_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --strict, a file with two bad cells exits 2 and prints both problems with rows and
    columns; without it, the file is converted and both are reported."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值", "分值"],
        ["产出指标", "好坏指标", "a", "1人", "1"],
        ["产出指标", "数量指标", "b", "2人", "五"],
    ]
    source = layouts.to_csv([rows], tmp_path / "bad.csv")
    target = str(tmp_path / "out.json")
    assert 2 == main(["convert", "--strict", str(source), target], out=io.StringIO())
    err = capsys.readouterr().err
    assert "row 2, column 二级指标" in err
    assert "row 3, column 分值" in err
    assert not (tmp_path / "out.json").exists()
    out = io.StringIO()
    assert 0 == main(["convert", str(source), target], out=out)
    assert "PT003" in out.getvalue()
    assert "PT011" in out.getvalue()


def test_output_format_that_cannot_be_written_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Asking for a .docx output exits 2 and names the formats that can be written."""
    source = layouts.to_csv([layouts.rows(SPEC, "combined")], tmp_path / "in.csv")
    assert 2 == main(["convert", str(source), str(tmp_path / "out.docx")], out=io.StringIO())
    assert ".xlsx, .csv, .json" in capsys.readouterr().err


def test_missing_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist exits 2 with the operating system's message."""
    assert 2 == main(["convert", str(tmp_path / "no.xlsx"), str(tmp_path / "o.json")])
    assert "no.xlsx" in capsys.readouterr().err
