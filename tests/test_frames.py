"""
Results as typed frames (``perftarget.frames``) and the notebook reprs of
scorecards, departments, reviews and audits.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perftarget import (
    Actual,
    Comparator,
    Department,
    EvaluationRow,
    Finding,
    Indicator,
    Level1,
    Level2,
    Location,
    Money,
    Project,
    Severity,
    Target,
    TargetKind,
    audit,
    datasets,
    evaluate,
    parse_target,
    review,
)
from perftarget.report import rollup

pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
pd = pytest.importorskip("pandas", reason="pip install -e '.[test]'")
frames = pytest.importorskip("perftarget.frames", reason="pip install -e '.[test]'")

D = Decimal

#: Amounts with up to four decimals, some of them large.
amounts = st.integers(min_value=0, max_value=10**12).flatmap(
    lambda n: st.integers(min_value=0, max_value=4).map(lambda places: D(n).scaleb(-places))
)
weights = st.integers(min_value=1, max_value=5000).map(lambda n: D(n).scaleb(-2))


def _row(target: Decimal, actual: Decimal, weight: Decimal, name: str = "指标") -> EvaluationRow:
    return EvaluationRow(
        indicator=Indicator(
            level1=Level1.OUTPUT,
            level2=Level2.QUANTITY,
            name=name,
            target=Target(kind=TargetKind.QUANTITY, comparator=Comparator.GE, value=target),
            weight=weight,
        ),
        actual=Actual(kind=TargetKind.QUANTITY, value=actual),
        published_score=weight,
        reason="见说明",
    )


@st.composite
def scorecards(draw: st.DrawFn) -> object:
    """Scorecards of one to eight numeric rows with any weights and amounts."""
    count = draw(st.integers(min_value=1, max_value=8))
    rows = [
        _row(
            draw(amounts.filter(lambda v: v > 0)),
            draw(amounts),
            draw(weights),
            name=f"指标{index}",
        )
        for index in range(count)
    ]
    return evaluate(rows)


def _project(name: str = "项目", year: int | None = 2022) -> Project:
    return Project(
        name=name,
        year=year,
        amount=Money(amount=D("12.5"), unit="万元"),
        indicators=(
            Indicator(
                level1=Level1.OUTPUT,
                level2=Level2.QUANTITY,
                name="培训人数",
                target=parse_target("≥120人"),
                weight="12.5",
            ),
            Indicator(
                level1=Level1.OUTPUT,
                level2=Level2.TIMELINESS,
                name="完成时间",
                target=parse_target("12月底前"),
            ),
        ),
    )


class TestScorecardFrame:
    """``to_polars`` and ``to_pandas`` of a scorecard."""

    def test_one_row_per_indicator(self) -> None:
        """The frame has one row per indicator row of the scorecard, in order."""
        card = datasets.yongde_2022_scorecard()
        frame = frames.to_polars(card)
        assert len(card.indicators) == frame.height
        assert [i.row.indicator.name for i in card.indicators] == frame["level3"].to_list()

    def test_decimal_columns_equal_the_scorecard(self) -> None:
        """Weights, scores and published scores are the scorecard's Decimals, exactly."""
        card = datasets.yongde_2022_scorecard()
        frame = frames.to_polars(card)
        assert [i.weight for i in card.indicators] == frame["weight"].to_list()
        assert [i.score for i in card.indicators] == frame["score"].to_list()
        assert [i.published_score for i in card.indicators] == frame["published_score"].to_list()
        assert sum(s for s in (i.score for i in card.indicators) if s) == frame["score"].sum()

    def test_columns_are_typed(self) -> None:
        """Scores are decimals, levels categories, statuses an ordered enum, deadlines dates."""
        schema = frames.to_polars(datasets.yongde_2022_scorecard()).schema
        assert isinstance(schema["score"], pl.Decimal)
        assert pl.Categorical == schema["level1"]
        assert pl.Categorical == schema["level2"]
        assert isinstance(schema["status"], pl.Enum)
        assert pl.Date == schema["deadline"]

    def test_pandas_keeps_decimals_and_categories(self) -> None:
        """pandas gets exact Decimals in Arrow columns and categories for the levels."""
        card = datasets.yongde_2022_scorecard()
        frame = frames.to_pandas(card)
        assert len(card.indicators) == len(frame)
        assert [i.score for i in card.indicators] == [
            None if v is pd.NA else v for v in frame["score"].tolist()
        ]
        assert "decimal128" in str(frame["score"].dtype)
        assert "category" == str(frame["level1"].dtype)
        assert "category" == str(frame["status"].dtype)

    @settings(max_examples=40, deadline=None)
    @given(scorecards())
    def test_generated_scorecards_round_trip(self, card: object) -> None:
        """For any scorecard, the frame's decimal columns equal its values exactly."""
        frame = frames.to_polars(card)
        indicators = card.indicators  # type: ignore[attr-defined]
        assert [i.score for i in indicators] == frame["score"].to_list()
        assert [i.weight for i in indicators] == frame["weight"].to_list()
        assert [i.published_score for i in indicators] == frame["published_score"].to_list()

    @settings(max_examples=40, deadline=None)
    @given(st.lists(amounts, min_size=1, max_size=10))
    def test_decimal_scale_holds_every_value(self, values: list[Decimal]) -> None:
        """A decimal column's scale is the largest any value needs: no value is rounded."""
        column = frames._decimals("x", values)
        assert values == column.to_list()
        exponents = [-v.as_tuple().exponent for v in values]  # type: ignore[operator]
        assert max(0, *exponents) == column.dtype.scale

    def test_ratio_is_rounded_only_to_fit(self) -> None:
        """Ratios with more digits than a column holds are rounded to 38 digits, not refused."""
        third = D(1) / D(3)
        column = frames._decimals("ratio", [D(12), third], inexact=True)
        assert frames.MAX_DIGITS == column.dtype.precision
        assert D(12) == column[0]
        assert abs(third - column[1]) < D("1e-35")

    def test_money_too_long_is_refused(self) -> None:
        """A score column that cannot be held exactly raises FrameError instead of rounding."""
        with pytest.raises(frames.FrameError, match="38"):
            frames._decimals("score", [D("1e30"), D("0.000000001")])


class TestFindingsFrame:
    """Findings, including review results, as frames."""

    def test_location_columns(self) -> None:
        """The location is split into file, sheet, row and column."""
        found = Finding(
            code="PT304",
            severity=Severity.ERROR,
            message="缺少偏差原因",
            where=Location(file="a.xlsx", sheet="自评表", row=7, column="得分"),
        )
        frame = frames.to_polars([found])
        expected = {
            "code": "PT304",
            "severity": "error",
            "message": "缺少偏差原因",
            "file": "a.xlsx",
            "sheet": "自评表",
            "row": 7,
            "column": "得分",
            "cause": None,
        }
        assert expected == frame.row(0, named=True)

    def test_review_results_convert(self) -> None:
        """A review's findings give one row each; the sheet is the project."""
        findings = review(datasets.quyang_2020())
        frame = frames.to_polars(findings)
        assert len(findings) == frame.height
        assert [f.where.sheet for f in findings] == frame["sheet"].to_list()
        assert isinstance(frame.schema["severity"], pl.Enum)

    def test_no_findings_give_an_empty_typed_frame(self) -> None:
        """An empty iterable is an empty findings frame with the same columns."""
        frame = frames.to_polars(())
        assert 0 == frame.height
        assert "severity" in frame.columns

    def test_generator_is_read_once(self) -> None:
        """A generator of findings converts (it is read once)."""
        card = datasets.yongde_2022_scorecard()
        frame = frames.to_polars(f for f in card.findings)
        assert len(card.findings) == frame.height


class TestTargetTableFrame:
    """Projects and departments: one row per indicator."""

    def test_department_rows(self) -> None:
        """A department gives one row per indicator of every project."""
        department = datasets.quyang_2020()
        frame = frames.to_polars(department)
        assert sum(len(p.indicators) for p in department.projects) == frame.height
        assert {department.name} == set(frame["department"].to_list())

    def test_deadlines_are_dates(self) -> None:
        """A deadline target gives the last day it allows, in the project's year."""
        frame = frames.to_polars(_project(year=2022))
        assert [None, date(2022, 12, 31)] == frame["deadline"].to_list()
        assert pl.Date == frame.schema["deadline"]

    def test_deadline_without_a_year_is_null(self) -> None:
        """Without a year a month deadline has no date."""
        frame = frames.to_polars(_project(year=None))
        assert [None, None] == frame["deadline"].to_list()

    def test_amount_and_weight_exact(self) -> None:
        """The amount (万元) and weights are exact decimals."""
        frame = frames.to_polars(_project())
        assert [D("12.5"), D("12.5")] == frame["amount"].to_list()
        assert [D("12.5"), None] == frame["weight"].to_list()
        assert [D("120"), None] == frame["value"].to_list()


class TestRollupAndAuditFrames:
    """Department roll-ups and audit reports."""

    def test_an_off_scale_project_has_no_grade_and_no_rank(self) -> None:
        """A project whose weights do not add to the scale is a row with null grade and rank."""
        from perftarget import evaluate

        table = datasets.selfevaluation("zhongjiang_2022_water_gauges")  # 100 + 10 = 110
        card = evaluate(table.rows, budget=table.budget)
        assert not card.grade
        frame = frames.to_polars(
            rollup([("中江", card), ("永德", datasets.yongde_2022_scorecard())])
        )
        row = frame.filter(frame["project"] == "中江").row(0, named=True)
        assert (None, None, None) == (row["grade"], row["grade_en"], row["rank"])

    def test_rollup_one_row_per_project(self) -> None:
        """A roll-up gives one row per project with exact totals and an ordered grade."""
        card = datasets.yongde_2022_scorecard()
        summary = rollup([("甲", card), ("乙", card)])
        frame = frames.to_polars(summary)
        assert [e.project for e in summary.entries] == frame["project"].to_list()
        assert [1, 1] == frame["rank"].to_list()
        assert [card.total, card.total] == frame["total"].to_list()
        assert ["优", "良", "中", "差"] == frame.schema["grade"].categories.to_list()

    def test_audit_checks(self) -> None:
        """An audit gives one row per check with exact amounts."""
        report = audit(datasets.quyang_2020_budget())
        frame = frames.to_polars(report)
        assert [c.left for c in report.checks] == frame["left"].to_list()
        assert [c.passed for c in report.checks] == frame["passed"].to_list()


class TestBatchFrame:
    """Results of ``perftarget.batch``."""

    def test_batch_rows_typed(self) -> None:
        """Scores become decimals and statuses categories; working columns are dropped."""
        from perftarget.batch import project_totals, score_batch
        from perftarget.rules import load_rules

        rules = load_rules("mof2020_selfeval")
        rows = score_batch(
            pl.DataFrame(
                {
                    "project": ["甲", "甲"],
                    "level1": ["产出指标", "效益指标"],
                    "level2": ["数量指标", "社会效益指标"],
                    "level3": ["人数", "覆盖率"],
                    "target": ["≥10人", "≥90%"],
                    "actual": ["9人", "95%"],
                    "weight": ["50", "40"],
                }
            ),
            rules,
        )
        frame = frames.to_polars(rows)
        assert [D("45.00"), D("40.00")] == frame["score"].to_list()
        assert pl.Categorical == frame.schema["status"]
        assert not [c for c in frame.columns if c.startswith("_")]
        totals = frames.to_polars(project_totals(rows, rules))
        assert [D("85.00")] == totals["total"].to_list()
        assert ["良"] == totals["grade"].cast(pl.String).to_list()

    def test_other_frames_refused(self) -> None:
        """A polars frame that is no batch result is refused."""
        with pytest.raises(frames.FrameError):
            frames.to_polars(pl.DataFrame({"a": [1]}))


class TestRefusals:
    """Objects that are not results."""

    @pytest.mark.parametrize("obj", [42, "PT304", {"code": "PT304"}, [1, 2], object()])
    def test_unknown_object_refused(self, obj: object) -> None:
        """Anything else raises FrameError, a TypeError naming the type."""
        with pytest.raises(TypeError, match=type(obj).__name__) as caught:
            frames.to_polars(obj)
        assert isinstance(caught.value, frames.FrameError)
        assert type(obj).__name__ == caught.value.type_name

    def test_missing_pandas_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, to_pandas raises ImportError naming the frames extra."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"perftarget\[frames\]"):
            frames.to_pandas(datasets.yongde_2022_scorecard())

    def test_missing_polars_names_the_extra(self) -> None:
        """Without polars, importing perftarget.frames raises ImportError naming the extra."""
        code = (
            "import sys; sys.modules['polars'] = None\n"
            "try:\n    import perftarget.frames\n"
            "except ImportError as e:\n    print(e)\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        assert 'pip install "perftarget[frames]"' in result.stdout


class TestReprs:
    """Short reprs and escaped HTML for notebooks."""

    def test_scorecard_repr_is_one_short_line(self) -> None:
        """A scorecard's repr names rules, total, grade and counts in under 200 characters."""
        card = datasets.yongde_2022_scorecard()
        text = repr(card)
        assert len(text) < 200
        assert "\n" not in text
        for part in (card.rules, "99.80", card.grade, f"{len(card.indicators)} rows"):
            assert part in text

    def test_department_repr_is_short(self) -> None:
        """A department's repr is one line under 200 characters even with a long name."""
        department = Department(name="局" * 500, projects=[_project()], year=2022)
        text = repr(department)
        assert len(text) < 200
        assert "1 projects, 2 indicators" in text

    def test_reprs_keep_equality_and_pickling(self) -> None:
        """Own reprs change neither equality nor pickling."""
        card = datasets.yongde_2022_scorecard()
        department = datasets.quyang_2020()
        assert card == pickle.loads(pickle.dumps(card))
        assert department == pickle.loads(pickle.dumps(department))

    def test_html_escapes_project_names(self) -> None:
        """A project called ``<script>`` is shown as text, not run."""
        hostile = "<script>alert(1)</script>"
        department = Department(name=hostile, projects=[_project(hostile)])
        page = department._repr_html_()
        assert "<script>" not in page
        assert "&lt;script&gt;" in page

    def test_scorecard_html_has_traces_and_findings(self) -> None:
        """The scorecard's HTML shows each trace on hover and lists the findings."""
        card = datasets.yongde_2022_scorecard()
        page = card._repr_html_()
        trace = next(i.trace for i in card.indicators if i.trace)
        assert f'title="{trace}"' in page
        assert card.findings[0].code in page

    def test_scorecard_html_escapes_names(self) -> None:
        """An indicator name with markup is escaped in the scorecard's HTML."""
        card = evaluate([_row(D(10), D(10), D(10), name='<img src=x onerror="x">')])
        page = card._repr_html_()
        assert "<img" not in page
        assert "&lt;img" in page

    def test_review_html(self) -> None:
        """Review results are a tuple that shows its findings as a table."""
        findings = review(datasets.quyang_2020())
        assert tuple(findings) == findings
        page = findings._repr_html_()
        assert page.count("<tr>") == len(findings) + 1

    def test_audit_html_and_repr(self) -> None:
        """An audit report shows every check; its repr is one short line."""
        report = audit(datasets.quyang_2020_budget())
        page = report._repr_html_()
        assert all(c.code in page for c in report.checks)
        assert len(repr(report)) < 200

    def test_long_tables_are_cut(self) -> None:
        """A department with more rows than a notebook shows says how many are left."""
        projects = [_project(f"项目{i}") for i in range(150)]
        page = Department(name="部门", projects=projects)._repr_html_()
        assert "100 more rows not shown" in page


class TestSurface:
    """``perftarget.frames`` as a public module."""

    def test_all_names_every_public_definition(self) -> None:
        """Every public class and function the module defines is in its sorted ``__all__``."""
        import inspect

        defined = {
            name
            for name, obj in vars(frames).items()
            if not name.startswith("_")
            and (inspect.isclass(obj) or inspect.isfunction(obj))
            and obj.__module__ == frames.__name__
        }
        assert defined == set(frames.__all__) - {"MAX_DIGITS", "FrameError"}
        assert sorted(frames.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)) == (
            frames.__all__
        )
