"""
Tests of the review rules: each rule fires on a table built to trigger it
and stays silent on a clean table.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from perftarget import (
    REVIEW_RULES,
    Department,
    Finding,
    Indicator,
    Level1,
    Level2,
    Project,
    ReviewConfig,
    ReviewConfigError,
    Severity,
    parse_target,
    review,
)

OUT, E, S, C = Level1.OUTPUT, Level1.EFFECT, Level1.SATISFACTION, Level1.COST


def ind(
    level1: Level1,
    level2: Level2,
    name: str,
    target: str,
    *,
    description: str = "",
    basis: str = "依据项目实施方案",
    weight: str | None = None,
    unit: str | None = None,
) -> Indicator:
    """Build an indicator the way the table reader does."""
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        target=parse_target(target, level2=level2),
        description=description,
        basis=basis,
        weight=None if weight is None else Decimal(weight),
        declared_unit=unit,
    )


def clean_rows() -> list[Indicator]:
    """A table no rule objects to."""
    return [
        ind(
            OUT, Level2.QUANTITY, "培训参加人数", "≥50人", description="参加培训的人数", weight="20"
        ),
        ind(
            OUT,
            Level2.QUALITY,
            "培训合格率",
            "≥90%",
            description="考核合格人数占参训人数比例",
            weight="10",
        ),
        ind(OUT, Level2.TIMELINESS, "培训完成时间", "2024年12月31日前", weight="10"),
        ind(
            OUT,
            Level2.COST,
            "人均培训成本",
            "≤800元/人",
            description="培训总成本除以人数",
            weight="10",
        ),
        ind(
            E,
            Level2.SOCIAL,
            "学员技能提升率",
            "≥30%",
            description="技能等级提升学员的比例",
            weight="30",
        ),
        ind(
            S,
            Level2.SATISFACTION,
            "受训学员满意度",
            "≥90%",
            description="学员对培训的满意程度",
            weight="10",
        ),
    ]


def clean() -> Project:
    """The clean table as a project."""
    return Project(name="培训项目", indicators=clean_rows())


def codes(findings: tuple[Finding, ...]) -> list[str]:
    """The codes of the findings, in order."""
    return [f.code for f in findings]


def with_row(row: Indicator, *, replace: int | None = None) -> Project:
    """The clean table with one row added, or replacing row ``replace`` (0-based)."""
    rows = clean_rows()
    if replace is None:
        rows.append(row)
    else:
        rows[replace] = row
    return Project(name="培训项目", indicators=rows)


class TestCleanTable:
    def test_clean_table_has_no_findings(self) -> None:
        """A complete, quantified, consistent table yields no finding at all."""
        assert review(clean()) == ()

    def test_every_rule_is_documented(self) -> None:
        """Every registered rule has a page entry in docs/reference/review-rules.md."""
        page = (Path(__file__).parents[1] / "docs" / "reference" / "review-rules.md").read_text(
            encoding="utf-8"
        )
        assert [code for code in REVIEW_RULES if f"## {code}" not in page] == []


# (code, project that triggers it, where-row expected)
TRIGGERS: list[tuple[str, Project, int | None]] = [
    (
        "PT101",
        Project(name="p", indicators=[r for r in clean_rows() if r.level1 is not E]),
        None,
    ),
    (
        "PT102",
        Project(
            name="p", indicators=[r for r in clean_rows() if r.level2 is not Level2.TIMELINESS]
        ),
        None,
    ),
    (
        "PT103",
        with_row(
            ind(E, Level2.QUANTITY, "宣传次数", "≥4次", description="开展宣传的次数"), replace=4
        ),
        5,
    ),
    (
        "PT104",
        with_row(
            ind(E, Level2.SATISFACTION, "家长满意度", "≥90%", description="家长满意程度"), replace=5
        ),
        6,
    ),
    (
        "PT105",
        with_row(ind(OUT, Level2.QUANTITY, "改造覆盖率", "100%", description="已改造学校覆盖比例")),
        7,
    ),
    (
        "PT106",
        with_row(ind(OUT, Level2.QUALITY, "服务质量", "优良", description="服务质量等级")),
        7,
    ),
    (
        "PT107",
        with_row(ind(OUT, Level2.QUALITY, "验收合格率", "95", description="验收合格的比例")),
        7,
    ),
    (
        "PT108",
        with_row(
            ind(OUT, Level2.COST, "项目成本", "28.8万元", description="项目成本", unit="%"),
            replace=3,
        ),
        4,
    ),
    (
        "PT109",
        with_row(ind(OUT, Level2.QUALITY, "家庭医生签约率", "24694人", description="签约的居民")),
        7,
    ),
    (
        "PT110",
        with_row(ind(OUT, Level2.QUALITY, "验收合格率", "≥100%", description="验收合格的比例")),
        7,
    ),
    (
        "PT111",
        with_row(
            ind(OUT, Level2.TIMELINESS, "完成时间", "44561", description="完成的时间"), replace=2
        ),
        3,
    ),
    (
        "PT112",
        with_row(
            ind(S, Level2.SATISFACTION, "受训学员满意度", "≥70%", description="学员满意程度"),
            replace=5,
        ),
        6,
    ),
    (
        "PT113",
        with_row(
            ind(OUT, Level2.COST, "项目总成本", "≥20万元", description="项目总成本"), replace=3
        ),
        4,
    ),
    (
        "PT115",
        with_row(
            ind(OUT, Level2.QUANTITY, "培训期数", "≥2期", description="举办培训的期数", weight="5")
        ),
        None,
    ),
    (
        "PT116",
        Project(
            name="p",
            indicators=[
                *clean_rows()[:5],
                ind(
                    S,
                    Level2.SATISFACTION,
                    "受训学员满意度",
                    "≥90%",
                    description="满意程度",
                    weight="10",
                ),
                ind(
                    S, Level2.SATISFACTION, "单位满意度", "≥90%", description="满意程度", weight="5"
                ),
            ],
        ),
        None,
    ),
    (
        "PT117",
        with_row(
            ind(OUT, Level2.QUANTITY, "培训期数", "≥2期", description="举办培训的期数", basis="")
        ),
        7,
    ),
    (
        "PT118",
        Project(name="p", indicators=[ind(OUT, Level2.QUANTITY, "培训期数", "≥2期", basis="")]),
        None,
    ),
    (
        "PT120",
        with_row(ind(E, Level2.ECONOMIC, "增收比例", "≥90%", description="学员增收的比例")),
        2,
    ),
    (
        "PT121",
        with_row(ind(OUT, Level2.QUANTITY, "培训期数", "≥2期", description="按照上级文件执行")),
        7,
    ),
    (
        "PT122",
        with_row(ind(OUT, Level2.QUALITY, "验收合格率", "292%", description="验收合格的比例")),
        7,
    ),
    (
        "PT123",
        with_row(
            ind(OUT, Level2.COST, "项目总成本", "20万元", description="项目总成本"), replace=3
        ),
        4,
    ),
]


class TestTriggers:
    @pytest.mark.parametrize(("code", "project", "row"), TRIGGERS, ids=[t[0] for t in TRIGGERS])
    def test_rule_fires(self, code: str, project: Project, row: int | None) -> None:
        """The rule reports the defect at the indicator concerned."""
        found = [f for f in review(project) if f.code == code]
        assert len(found) >= 1
        assert row == found[0].where.row
        assert project.name == found[0].where.sheet
        assert REVIEW_RULES[code].severity is found[0].severity

    @pytest.mark.parametrize("code", [t[0] for t in TRIGGERS])
    def test_rule_silent_on_clean_table(self, code: str) -> None:
        """The rule reports nothing on the clean table."""
        assert [f for f in review(clean()) if f.code == code] == []

    def test_serial_date_is_converted_in_the_message(self) -> None:
        """PT111 names the date the serial number stands for."""
        project = with_row(ind(OUT, Level2.TIMELINESS, "完成时间", "44561"), replace=2)
        (finding,) = [f for f in review(project, lang="en") if f.code == "PT111"]
        assert "2021-12-31" in finding.message

    def test_rate_name_without_unit_is_reported_with_the_implied_unit(self) -> None:
        """PT107 on a bare number under a 率 name hints that % was meant."""
        project = with_row(ind(OUT, Level2.QUALITY, "验收合格率", "95"))
        (finding,) = [f for f in review(project, lang="en") if f.code == "PT107"]
        assert finding.message.endswith("(the name implies %)")


class TestBaseline:
    def test_target_at_baseline_is_reported(self) -> None:
        """PT114 fires when the target does not go beyond last year's actual."""
        found = review(clean(), baselines={("培训项目", "培训参加人数"): parse_target("60人")})
        assert codes(found) == ["PT114"]

    def test_cost_cap_above_baseline_is_reported(self) -> None:
        """For a ≤ target, a cap at or above the baseline is not ambitious."""
        found = review(clean(), baselines={("培训项目", "人均培训成本"): parse_target("700元/人")})
        assert codes(found) == ["PT114"]

    def test_target_beyond_baseline_is_silent(self) -> None:
        """PT114 is silent when the target improves on the baseline (units converted)."""
        baselines = {
            ("培训项目", "培训参加人数"): parse_target("40人"),
            ("培训项目", "人均培训成本"): parse_target("0.1万元/人"),
        }
        assert review(clean(), baselines=baselines) == ()


class TestBoilerplate:
    def test_copied_indicator_is_reported_once_per_group(self) -> None:
        """PT119 reports each described indicator copied into two projects once, naming both."""
        department = Department(
            name="d", projects=[clean(), Project(name="另一项目", indicators=clean_rows())]
        )
        found = [f for f in review(department) if f.code == "PT119"]
        assert len(found) == 5  # the time row has no description, so is no evidence
        assert "另一项目" in found[0].message

    def test_different_targets_are_not_boilerplate(self) -> None:
        """Same name and description with a different target is not a copy."""
        other = [ind(OUT, Level2.QUANTITY, "培训参加人数", "≥80人", description="参加培训的人数")]
        department = Department(
            name="d", projects=[clean(), Project(name="另一项目", indicators=other)]
        )
        assert [f for f in review(department) if f.code == "PT119"] == []

    def test_single_project_review_skips_department_rules(self) -> None:
        """A lone project has nothing to be copied from."""
        assert [f for f in review(clean()) if f.code == "PT119"] == []


class TestConfig:
    def bad(self) -> Project:
        """A table with a rate under 数量指标 and a low satisfaction target."""
        rows = clean_rows()
        rows[0] = ind(OUT, Level2.QUANTITY, "覆盖率", "≥90%", description="覆盖的比例", weight="20")
        rows[5] = ind(S, Level2.SATISFACTION, "满意度", "≥75%", description="满意程度", weight="10")
        return Project(name="培训项目", indicators=rows)

    def test_select_by_prefix(self) -> None:
        """Selecting PT11 keeps PT112 and drops PT105."""
        assert codes(review(self.bad(), config=ReviewConfig(select={"PT11"}))) == ["PT112"]

    def test_ignore(self) -> None:
        """An ignored code is not reported."""
        assert codes(review(self.bad(), config=ReviewConfig(ignore={"PT112"}))) == ["PT105"]

    def test_per_project_ignore(self) -> None:
        """A per-project ignore applies to that project only."""
        config = ReviewConfig(per_project_ignore={"培训项目": ["PT105"]})
        assert codes(review(self.bad(), config=config)) == ["PT112"]

    def test_floor_is_configurable(self) -> None:
        """Lowering the satisfaction floor silences PT112."""
        config = ReviewConfig(satisfaction_floor=Decimal(70))
        assert codes(review(self.bad(), config=config)) == ["PT105"]

    def test_severity_override(self) -> None:
        """A severity override changes the reported severity."""
        config = ReviewConfig(severity={"PT105": Severity.ERROR}, select={"PT105"})
        assert [f.severity for f in review(self.bad(), config=config)] == [Severity.ERROR]

    def test_unknown_code_is_rejected(self) -> None:
        """A code no rule starts with is a configuration error, not silently ignored."""
        with pytest.raises(ReviewConfigError, match="PT999"):
            ReviewConfig(ignore={"PT999"})

    def test_from_toml(self, tmp_path: Path) -> None:
        """The [review] table of perftarget.toml configures the review."""
        path = tmp_path / "perftarget.toml"
        path.write_text(
            '[review]\nignore = ["PT105"]\nsatisfaction-floor = 70\n'
            '[review.severity]\nPT112 = "error"\n'
            '[review.level1-weights]\n"产出指标" = 50\n',
            encoding="utf-8",
        )
        config = ReviewConfig.from_toml(path)
        assert Decimal(70) == config.satisfaction_floor
        assert Severity.ERROR is config.severity["PT112"]
        assert {Level1.OUTPUT: Decimal(50)} == dict(config.level1_weights)
        assert review(self.bad(), config=config) == ()

    def test_from_toml_reports_every_bad_key(self, tmp_path: Path) -> None:
        """Every invalid key is reported at once."""
        path = tmp_path / "perftarget.toml"
        path.write_text('[review]\nselect = "PT1"\nfloor = 3\n', encoding="utf-8")
        with pytest.raises(ReviewConfigError) as caught:
            ReviewConfig.from_toml(path)
        assert [p[0] for p in caught.value.problems] == ["select", "floor"]

    def test_messages_in_english(self) -> None:
        """lang='en' gives English messages."""
        (finding,) = review(self.bad(), config=ReviewConfig(select={"PT105"}), lang="en")
        assert finding.message.startswith("覆盖率: a rate")

    def test_cost_level1_satisfies_the_cost_category(self) -> None:
        """A 2021-layout table with 成本指标 as level 1 is not missing a cost indicator."""
        rows = clean_rows()
        rows[3] = ind(
            C,
            Level2.ECONOMIC_COST,
            "人均培训成本",
            "≤800元/人",
            description="培训成本",
            weight="10",
        )
        assert [f for f in review(Project(name="p", indicators=rows)) if f.code == "PT102"] == []
