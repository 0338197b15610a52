"""
The five sample tables of tests/data/samples/tables are reviewed, and the
problems their notes describe that a rule covers are reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from perftarget import Finding, Project, review
from perftarget.exceptions import Location
from perftarget.io._build import RawRow, build_project

SAMPLES = Path(__file__).parent / "data" / "samples" / "tables"


def load(case: str) -> Project:
    """Build the sample's project the way a table reader does."""
    data: dict[str, Any] = yaml.safe_load((SAMPLES / f"{case}.yaml").read_text(encoding="utf-8"))
    rows = []
    for number, item in enumerate(data["indicators"], start=1):
        cells = {
            "level1": item.get("level1") or "",
            "level2": item.get("level2") or "",
            "level3": item.get("level3") or "",
            "target": item.get("target") or "",
            "weight": item.get("weight") or "",
        }
        rows.append(RawRow(cells=cells, where=Location(file=case, row=number)))
    return build_project(rows, name=case)


def found(case: str) -> list[tuple[str, str]]:
    """(code, indicator name or '') for every finding on a sample."""
    project = load(case)
    result: list[Finding] = list(review(project))
    return [
        (f.code, project.indicators[f.where.row - 1].name if f.where.row else "") for f in result
    ]


def test_case01_degenerate_bounds() -> None:
    """永德 2022: the three ≧ 100 % targets are degenerate bounds."""
    assert {
        ("PT110", "营养改善计划覆盖率"),
        ("PT110", "资金到位及时率"),
        ("PT110", "促进学校教育事业健康发展"),
    } <= set(found("case01"))


def test_case05_weights_and_cost_without_comparator() -> None:
    """中江 2022: weights 70+20+10 fit neither 90 nor 50/30/10; cost 20万元 lacks a comparator."""
    codes = found("case05")
    assert ("PT115", "") in codes
    assert ("PT116", "") in codes
    assert ("PT123", "项目计划总投资") in codes


def test_case11_rate_in_persons_and_rate_under_quantity() -> None:
    """稷山 2021: 家庭医生签约率 in persons, and a vaccination rate under 数量指标."""
    codes = found("case11")
    assert ("PT109", "指标25:家庭医生签约率") in codes
    assert ("PT105", "指标8:适龄儿童疫苗接种率") in codes


def test_case14_rate_under_quantity_and_old_satisfaction_placement() -> None:
    """青山 2020: a rate under 数量指标 and satisfaction under 效益指标, reported once."""
    codes = found("case14")
    assert ("PT105", "农村义务教育学校改造覆盖率") in codes
    assert {("PT104", "学生家长满意度"), ("PT104", "学校满意度")} <= set(codes)
    assert [c for c in codes if c[0] in ("PT101", "PT103")] == []


def test_case18_qualitative_cost_and_satisfaction_in_social_effect() -> None:
    """湘潭 2023: 优良 under 质量指标, 250万 uncompared, satisfaction under 社会效益."""
    codes = found("case18")
    assert ("PT106", "服务周期内空气质量") in codes
    assert ("PT123", "控制在预算成本内") in codes
    assert ("PT104", "服务周期内,市民对空气质量改善的满意程度") in codes
