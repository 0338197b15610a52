"""
What the review reports on the bundled seed (曲阳县信访局 2020): exactly the
problems issue 5 names, and nothing else.
"""

from __future__ import annotations

from perftarget import datasets, review

P1, P2, P3 = "群众工作中心日常经费", "信访局劳务派遣人员经费", "驻访专项业务经费"


def test_seed_findings_are_pinned() -> None:
    """The seed yields exactly the findings issue 5 describes, each at its row."""
    found = {
        (f.code, f.severity.value, f.where.sheet, f.where.row, f.where.column)
        for f in review(datasets.quyang_2020())
    }
    expected = {
        # no 时效 / 成本 indicator in any table (twice per project)
        *(("PT102", "warning", p, None, "二级指标") for p in (P1, P2, P3)),
        # 按人社部门审批标准执行 under 质量指标
        ("PT106", "warning", P1, 2, "指标值"),
        ("PT106", "warning", P2, 2, "指标值"),
        # 群体性事件成功处置率 and 信访群体管控率 under 数量指标
        ("PT105", "warning", P3, 1, "二级指标"),
        ("PT105", "warning", P3, 2, "二级指标"),
        # one ≥85% for four indicators of three categories
        ("PT120", "info", P3, 1, "指标值"),
        # boilerplate copied between the first two projects, once per group
        ("PT119", "warning", P1, 2, "三级指标"),
        ("PT119", "warning", P1, 3, "三级指标"),
        ("PT119", "warning", P1, 4, "三级指标"),
    }
    assert expected == found


def test_seed_missing_categories_are_timeliness_and_cost() -> None:
    """PT102 names 时效指标 and 成本指标 for each of the three projects."""
    messages = [f.message for f in review(datasets.quyang_2020(), lang="zh") if f.code == "PT102"]
    assert messages == ["没有「时效指标」类指标", "没有「成本指标」类指标"] * 3


def test_seed_percent_spelling_is_not_a_finding() -> None:
    """≥95百分之比 reads plainly as ≥95%, above the floor: no rule flags the value."""
    satisfaction_rows = {(P1, 4), (P2, 4), (P3, 4)}
    reported = {
        (f.where.sheet, f.where.row)
        for f in review(datasets.quyang_2020())
        if f.code not in ("PT119", "PT120")
    }
    assert set() == satisfaction_rows & reported


def test_seed_has_no_error() -> None:
    """Nothing in the seed is a structural error, so the default CI gate passes."""
    assert [f for f in review(datasets.quyang_2020()) if f.severity.value == "error"] == []
