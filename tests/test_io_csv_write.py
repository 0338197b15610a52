"""
Writing CSV files, and reading them (and others' CSV) back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import io_layouts as layouts
import io_strategies as strategies
from perftarget import parse_target
from perftarget.core._model import Department
from perftarget.io import read_table, write_table
from perftarget.io._selfeval_csv import SelfEvaluation, read_selfeval_csv


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.evaluations)
def test_evaluation_round_trip(
    tmp_path_factory: pytest.TempPathFactory, evaluation: SelfEvaluation
) -> None:
    """read(write(x)) == x for self-evaluations through .csv, locations aside."""
    path = tmp_path_factory.mktemp("c") / "e.csv"
    write_table(evaluation, path)
    [back] = read_table(path).evaluations
    assert strategies.without_locations(evaluation) == strategies.without_locations(back)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.departments)
def test_department_round_trip(
    tmp_path_factory: pytest.TempPathFactory, department: Department
) -> None:
    """read(write(x)) == x for a department's target tables through .csv."""
    path = tmp_path_factory.mktemp("c") / "d.csv"
    write_table(department, path)
    assert department == read_table(path).department


def test_written_file_has_a_bom_and_blank_merged_cells(tmp_path: Path) -> None:
    """The file starts with a UTF-8 BOM and writes a repeated level label once."""
    rows = [
        layouts.Row(level1="产出指标", level2="数量指标", level3="a", target="1人"),
        layouts.Row(level1="产出指标", level2="数量指标", level3="b", target="2人"),
    ]
    spec = layouts.Spec(name="甲", rows=rows, evaluation=False)
    department = read_table(layouts.to_csv([layouts.rows(spec, "combined")], tmp_path / "in.csv"))
    write_table(department.department, tmp_path / "out.csv")
    data = (tmp_path / "out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert ",,b,2人," in data.decode("utf-8-sig")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_any_encoding_is_read(encoding: str, tmp_path: Path) -> None:
    """CSV in UTF-8, UTF-8 with BOM and GB18030 reads the same."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "人数", "≥5人"],
    ]
    path = layouts.to_csv([rows], tmp_path / "e.csv", encoding=encoding)
    [project] = read_table(path).department.projects
    assert parse_target("≥5人") == project.indicators[0].target


def test_agrees_with_the_selfeval_csv_reader(tmp_path: Path) -> None:
    """A flat self-evaluation CSV reads to the same rows as with read_selfeval_csv."""
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标(50分)", "数量指标", "人数", "≥5人", "5人", "10", "10"],
        ["", "质量指标", "合格率", "100%", "不适用", "10", ""],
        ["总分", "", "", "", "", "20", "10"],
    ]
    path = layouts.to_csv([rows], tmp_path / "flat.csv")
    theirs = read_selfeval_csv(path)
    [ours] = read_table(path).evaluations
    assert strategies.without_locations(theirs) == strategies.without_locations(ours)
