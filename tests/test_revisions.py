"""
Time on the indicator: baselines (上年值) and the adjustments of a year
(年初指标值 → 调整后指标值), kept beside the target and never overwritten;
read from every table format, written back, scored as the rule set says and
reviewed.
"""

from __future__ import annotations

import datetime
import json
import pickle
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings

import io_layouts as layouts
import io_strategies
import revision_strategies as strategies
from perftarget import (
    Department,
    EvaluationRow,
    Indicator,
    Level1,
    Level2,
    ModelError,
    Project,
    datasets,
    evaluate,
    parse_actual,
    parse_target,
    review,
)
from perftarget.core._model import AdjustedTargets, Baseline, Revision, Target
from perftarget.exceptions import Location, RuleSetError, TableError
from perftarget.io import RawRow, build_project, read_table, write_table
from perftarget.io._json import SCHEMA_PATH, dump_json_text, load_json_text
from perftarget.io._selfeval_csv import SelfEvaluation
from perftarget.io._sheets import Contents
from perftarget.monitor import IndicatorSnapshot, Period, ProjectSnapshot, monitor
from perftarget.rules import RuleSet, available_rules, load_rules

OUT, Q = Level1.OUTPUT, Level2.QUANTITY
JUNE_30 = datetime.date(2024, 6, 30)
ROUND_TRIP = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


def item(
    target: str = "≥50人",
    *,
    name: str = "培训人数",
    baseline: Baseline | None = None,
    revisions: Sequence[Revision] = (),
    level2: Level2 = Q,
    weight: str | None = None,
) -> Indicator:
    """An indicator the way the readers build one."""
    return Indicator(
        level1=OUT,
        level2=level2,
        name=name,
        target=parse_target(target, level2=level2),
        weight=None if weight is None else Decimal(weight),
        baseline=baseline,
        revisions=revisions,
    )


def change(target: str, *, date: datetime.date | None = None, reason: str = "") -> Revision:
    """An adjustment to ``target``."""
    return Revision(target=parse_target(target), date=date, reason=reason)


def last_year(
    target: str | None = None,
    actual: str | None = None,
    *,
    year: int | None = None,
    reason: str = "",
) -> Baseline:
    """Last year's values."""
    return Baseline(
        target=None if target is None else parse_target(target),
        actual=None if actual is None else parse_actual(actual),
        year=year,
        reason=reason,
    )


# ------------------------------------------------------------------- model


class TestModel:
    def test_an_indicator_without_history_is_as_before(self) -> None:
        """The new fields default to no baseline and no adjustment: equality and hashing hold."""
        plain = Indicator(level1=OUT, level2=Q, name="培训人数", target=parse_target("≥50人"))
        spelled = evolve(plain, baseline=None, revisions=())
        assert (None, ()) == (plain.baseline, plain.revisions)
        assert (plain, hash(plain)) == (spelled, hash(spelled))

    def test_revisions_are_kept_as_a_tuple_in_order(self) -> None:
        """A list of revisions becomes a tuple, first adjustment first."""
        found = item(revisions=[change("≥45人"), change("≥40人")]).revisions
        assert (tuple, ["≥45人", "≥40人"]) == (type(found), [r.target.text for r in found])

    def test_history_pickles(self) -> None:
        """An indicator with a baseline and revisions unpickles equal."""
        full = item(
            baseline=last_year("≥60人", "65人", year=2023, reason="压减"),
            revisions=[change("≥45人", date=JUNE_30, reason="场地改造")],
        )
        assert full == pickle.loads(pickle.dumps(full))

    def test_history_takes_part_in_equality(self) -> None:
        """Two indicators that differ only in an adjustment are not equal."""
        assert item() != item(revisions=[change("≥45人")])

    def test_baseline_needs_a_target_or_an_actual(self) -> None:
        """A baseline of neither last year's target nor its actual is refused."""
        with pytest.raises(ModelError, match="neither"):
            Baseline(year=2023, reason="x")

    def test_baseline_year_must_be_a_year(self) -> None:
        """A year outside 1..9999 is refused."""
        with pytest.raises(ModelError, match="year"):
            Baseline(actual=parse_actual("65人"), year=0)

    def test_revision_date_is_a_day_not_a_time(self) -> None:
        """A datetime is refused as the date of an adjustment."""
        with pytest.raises(ModelError, match=r"datetime\.date"):
            Revision(target=parse_target("≥45人"), date=datetime.datetime(2024, 6, 30, 9))

    def test_revision_needs_a_target(self) -> None:
        """A revision's target must be a Target, not its text."""
        with pytest.raises(ModelError, match="Target"):
            Revision(target="≥45人")  # type: ignore[arg-type]

    def test_indicator_refuses_what_is_not_a_revision(self) -> None:
        """Indicator.revisions holds Revision values only."""
        with pytest.raises(ModelError, match=r"revisions\[0\]"):
            item(revisions=[parse_target("≥45人")])  # type: ignore[list-item]

    def test_adjusted_target_is_the_last_revision(self) -> None:
        """The adjusted target is the last adjustment's; None without one."""
        adjusted = item(revisions=[change("≥45人"), change("≥40人")]).adjusted_target
        assert (parse_target("≥40人"), None) == (adjusted, item().adjusted_target)

    def test_target_in_force_follows_the_choice(self) -> None:
        """use gives the adjusted target, original the original; the original never changes."""
        adjusted = item(revisions=[change("≥45人")])
        assert [parse_target("≥45人"), parse_target("≥50人"), parse_target("≥50人")] == [
            adjusted.target_in_force(AdjustedTargets.USE),
            adjusted.target_in_force("original"),
            adjusted.target,
        ]

    def test_target_in_force_without_revision_is_the_target(self) -> None:
        """Never adjusted: the target in force is the target under either choice."""
        plain = item()
        assert [plain.target, plain.target] == [
            plain.target_in_force("use"),
            plain.target_in_force("original"),
        ]

    def test_unknown_choice_is_refused(self) -> None:
        """A choice other than use or original is refused (a ValueError)."""
        with pytest.raises(ValueError, match="'use' or 'original'"):
            item().target_in_force("latest")


class TestJsonWithoutHistory:
    def test_a_document_without_history_has_no_new_keys(self) -> None:
        """Indicators without history are written exactly as before (no baseline, revisions)."""
        text = dump_json_text(datasets.quyang_2020())
        assert ('"baseline"' in text, '"revisions"' in text) == (False, False)

    def test_old_document_loads(self) -> None:
        """A document written before the history existed loads, with no history."""
        department = datasets.quyang_2020()
        data = json.loads(dump_json_text(department))
        assert "revisions" not in data["department"]["projects"][0]["indicators"][0]
        assert department == load_json_text(json.dumps(data)).department

    def test_a_bad_date_is_reported_with_its_path(self) -> None:
        """An adjustment date that is no ISO date is refused, naming its JSON path."""
        project = Project(name="p", indicators=[item(revisions=[change("≥45人", date=JUNE_30)])])
        data = json.loads(dump_json_text(Department(name="d", projects=[project])))
        data["department"]["projects"][0]["indicators"][0]["revisions"][0]["date"] = "30/6/2024"
        with pytest.raises(TableError) as caught:
            load_json_text(json.dumps(data), source="d.json")
        column = caught.value.problems[0].where.column
        assert "$.department.projects[0].indicators[0].revisions[0].date" == column


# ----------------------------------------------------------------- reading

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年初指标值",
    "上年指标值",
    "上年完成值",
    "调整后指标值",
    "调整原因",
    "调整时间",
    "第2次调整后指标值",
    "第2次调整原因",
    "第2次调整时间",
]
ROWS = [
    [
        *("产出指标", "数量指标", "培训人数", "≥50人", "≥60人", "65人"),
        *("≥45人", "场地改造", "2024-06-30", "≥40人", "", "2024年9月1日"),
    ],
    ["", "", "培训期数", "≥4期", "", "", "", "", "", "", "", ""],
]
EXPECTED = [
    item(
        baseline=last_year("≥60人", "65人"),
        revisions=[
            change("≥45人", date=JUNE_30, reason="场地改造"),
            change("≥40人", date=datetime.date(2024, 9, 1)),
        ],
    ),
    item("≥4期", name="培训期数"),
]


def _table(header: Sequence[str] = HEADER, rows: Sequence[Sequence[str]] = ROWS) -> list[list[str]]:
    return [["项目名称", "培训项目"], list(header), *[list(r) for r in rows]]


WRITERS: dict[str, Callable[[list[list[list[str]]], Path], Path]] = {
    ".csv": layouts.to_csv,
    ".xlsx": layouts.to_xlsx,
    ".docx": layouts.to_docx,
    ".txt": layouts.to_text,
}


def read(path: Path, table: list[list[str]]) -> Contents:
    """Write ``table`` in the format of ``path``'s extension and read it back."""
    return read_table(WRITERS[path.suffix]([table], path))


class TestReading:
    @pytest.mark.parametrize("suffix", list(WRITERS))
    def test_every_format_reads_the_history(self, suffix: str, tmp_path: Path) -> None:
        """Baselines and numbered adjustments are read from every table format, silently."""
        contents = read(tmp_path / f"t{suffix}", _table())
        [project] = contents.department.projects
        assert (EXPECTED, ()) == (list(project.indicators), contents.findings)

    @pytest.mark.parametrize(
        ("header", "role"),
        [
            ("上年实际值", "actual"),
            ("上年自评值", "actual"),
            ("上年值", "actual"),
            ("基期值", "actual"),
            ("基线值", "actual"),
            ("上年指标值", "target"),
        ],
    )
    def test_spellings_of_last_years_values(self, header: str, role: str, tmp_path: Path) -> None:
        """Common spellings of last year's target and actual are read into the baseline."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", header],
            [["产出指标", "数量指标", "培训人数", "≥50人", "60人"]],
        )
        [got] = read(tmp_path / "t.csv", table).department.projects[0].indicators
        assert got.baseline is not None
        expected = parse_actual("60人") if role == "actual" else parse_target("60人")
        assert expected == getattr(got.baseline, role)

    @pytest.mark.parametrize(
        "header",
        [
            ("调整后指标值", "调整原因", "调整时间"),
            ("调整指标值", "调整理由", "调整日期"),
            ("调整后目标值", "调整说明", "调整时间"),
        ],
    )
    def test_spellings_of_an_adjustment(self, header: tuple[str, ...], tmp_path: Path) -> None:
        """Common spellings of the adjusted target, its reason and its date are read."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "年初指标值", *header],
            [["产出指标", "数量指标", "培训人数", "≥50人", "≥45人", "场地改造", "2024/6/30"]],
        )
        [got] = read(tmp_path / "t.csv", table).department.projects[0].indicators
        assert (parse_target("≥50人"), (change("≥45人", date=JUNE_30, reason="场地改造"),)) == (
            got.target,
            got.revisions,
        )

    def test_an_empty_adjusted_cell_means_no_adjustment(self, tmp_path: Path) -> None:
        """A row whose 调整后指标值 is empty (or a dash) has no revision."""
        rows = [
            ["产出指标", "数量指标", "培训人数", "≥50人", "", "", ""],
            ["", "", "培训期数", "≥4期", "—", "", ""],
        ]
        table = _table(["一级指标", "二级指标", "三级指标", "指标值", *HEADER[6:9]], rows)
        contents = read(tmp_path / "t.csv", table)
        assert [(), ()] == [i.revisions for i in contents.department.projects[0].indicators]
        assert () == contents.findings

    def test_split_comparator_and_unit_columns_apply_to_the_adjusted_value(
        self, tmp_path: Path
    ) -> None:
        """指标性质 and 度量单位 beside a bare adjusted number are joined to it too."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "调整后指标值"],
            [["产出指标", "数量指标", "培训人数", "≥", "50", "人", "40"]],
        )
        [got] = read(tmp_path / "t.csv", table).department.projects[0].indicators
        assert parse_target("≥40人") == got.adjusted_target

    def test_an_unreadable_baseline_is_reported_and_taken_as_empty(self, tmp_path: Path) -> None:
        """A last-year value that cannot be read is PT011 at its cell; the row is kept."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", "上年指标值", "上年实际值"],
            [["产出指标", "数量指标", "培训人数", "≥50人", "≥**人", "65人"]],
        )
        contents = read(tmp_path / "t.csv", table)
        [got] = contents.department.projects[0].indicators
        [found] = contents.findings
        assert (last_year(actual="65人"), "PT011") == (got.baseline, found.code)
        assert (3, "上年指标值 (5)") == (found.where.row, found.where.column)

    def test_an_unreadable_date_keeps_the_adjustment_without_it(self, tmp_path: Path) -> None:
        """A date without a day is PT011; the adjustment is kept with no date."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", *HEADER[6:9]],
            [["产出指标", "数量指标", "培训人数", "≥50人", "≥45人", "场地改造", "2024年6月"]],
        )
        contents = read(tmp_path / "t.csv", table)
        [got] = contents.department.projects[0].indicators
        assert ((change("≥45人", reason="场地改造"),), ["PT011"]) == (
            got.revisions,
            [f.code for f in contents.findings],
        )

    def test_a_reason_without_an_adjusted_value_is_reported(self, tmp_path: Path) -> None:
        """调整原因 filled beside an empty 调整后指标值 is PT014 and not kept."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", *HEADER[6:9]],
            [["产出指标", "数量指标", "培训人数", "≥50人", "", "场地改造", ""]],
        )
        contents = read(tmp_path / "t.csv", table)
        [found] = contents.findings
        assert ((), "PT014") == (
            contents.department.projects[0].indicators[0].revisions,
            found.code,
        )
        assert "调整原因 (6)" == found.where.column

    def test_without_an_adjusted_column_the_reason_explains_last_year(self, tmp_path: Path) -> None:
        """In a table with no 调整后指标值 column, 调整原因 is why the target left last year's."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", "上年指标值", "调整原因"],
            [["产出指标", "数量指标", "培训人数", "≥50人", "≥60人", "场地缩减"]],
        )
        [got] = read(tmp_path / "t.csv", table).department.projects[0].indicators
        assert last_year("≥60人", reason="场地缩减") == got.baseline

    def test_a_baseline_year_without_values_is_reported(self, tmp_path: Path) -> None:
        """基期年度 without last year's target or actual is PT014."""
        table = _table(
            ["一级指标", "二级指标", "三级指标", "指标值", "上年实际值", "基期年度"],
            [["产出指标", "数量指标", "培训人数", "≥50人", "", "2023"]],
        )
        contents = read(tmp_path / "t.csv", table)
        assert (None, ["PT014"]) == (
            contents.department.projects[0].indicators[0].baseline,
            [f.code for f in contents.findings],
        )

    def test_self_evaluations_carry_the_history(self, tmp_path: Path) -> None:
        """A self-evaluation's rows hold indicators with their baseline and adjustments."""
        header = ["一级指标", "二级指标", "三级指标", "年初指标值", "调整后指标值", "调整原因"]
        header += ["实际完成值", "分值", "上年实际值"]
        row = [
            "产出指标",
            "数量指标",
            "培训人数",
            "≥50人",
            "≥45人",
            "场地改造",
            "46人",
            "20",
            "48人",
        ]
        [evaluation] = read(tmp_path / "e.csv", _table(header, [row])).evaluations
        [got] = evaluation.rows
        assert (
            parse_actual("46人"),
            last_year(actual="48人"),
            (change("≥45人", reason="场地改造"),),
        ) == (
            got.actual,
            got.indicator.baseline,
            got.indicator.revisions,
        )

    def test_build_project_reads_the_history(self) -> None:
        """The strict builder reads history cells keyed by role, numbered adjustments too."""
        cells = {
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "培训人数",
            "target": "≥50人",
            "baseline_actual": "65人",
            "revised_target": "≥45人",
            "revision_date": "2024-06-30",
            "revised_target_2": "≥40人",
            "revision_reason_2": "再次调整",
        }
        project = build_project([RawRow(cells=cells, where=Location(row=2))], name="p")
        [got] = project.indicators
        assert (
            last_year(actual="65人"),
            (change("≥45人", date=JUNE_30), change("≥40人", reason="再次调整")),
        ) == (
            got.baseline,
            got.revisions,
        )


# ----------------------------------------------------------------- writing


class TestWriting:
    def test_a_table_without_history_is_written_as_before(self, tmp_path: Path) -> None:
        """No history column, and the target column keeps its header, when nothing has history."""
        path = tmp_path / "d.csv"
        write_table(Department(name="d", projects=[Project(name="p", indicators=[item()])]), path)
        header = next(
            line for line in path.read_text(encoding="utf-8-sig").splitlines() if "一级指标" in line
        )
        assert (
            "一级指标,二级指标,三级指标,指标值,度量单位,分值,绩效指标描述,指标值确定依据" == header
        )

    def test_only_the_columns_some_indicator_fills_are_added(self, tmp_path: Path) -> None:
        """A baseline actual and one adjustment add their columns; 指标值 becomes 年初指标值."""
        project = Project(
            name="p",
            indicators=[
                item(baseline=last_year(actual="65人"), revisions=[change("≥45人")]),
                item("≥4期", name="培训期数"),
            ],
        )
        path = tmp_path / "d.csv"
        write_table(Department(name="d", projects=[project]), path)
        header = next(
            line for line in path.read_text(encoding="utf-8-sig").splitlines() if "一级指标" in line
        )
        expected = "一级指标,二级指标,三级指标,年初指标值,度量单位,分值,绩效指标描述,指标值确定依据"
        assert expected + ",上年实际值,调整后指标值,调整原因,调整时间" == header


class TestRoundTrip:
    @ROUND_TRIP
    @given(strategies.departments)
    def test_departments_through_csv(
        self, tmp_path_factory: pytest.TempPathFactory, department: Department
    ) -> None:
        """read(write(x)) == x through .csv with baselines and 0–3 adjustments."""
        path = tmp_path_factory.mktemp("r") / "d.csv"
        write_table(department, path)
        assert department == read_table(path).department

    @ROUND_TRIP
    @given(strategies.departments)
    def test_departments_through_xlsx(
        self, tmp_path_factory: pytest.TempPathFactory, department: Department
    ) -> None:
        """read(write(x)) == x through .xlsx with baselines and 0–3 adjustments."""
        path = tmp_path_factory.mktemp("r") / "d.xlsx"
        write_table(department, path)
        assert department == read_table(path).department

    @ROUND_TRIP
    @given(strategies.departments, strategies.evaluations())
    def test_documents_through_json(
        self, department: Department, evaluation: SelfEvaluation
    ) -> None:
        """load(dump(x)) == x through JSON, locations included."""
        contents = Contents(department=department, evaluations=(evaluation,))
        back = load_json_text(dump_json_text(contents))
        assert (department, (evaluation,)) == (back.department, back.evaluations)

    @ROUND_TRIP
    @given(strategies.evaluations())
    def test_evaluations_through_csv(
        self, tmp_path_factory: pytest.TempPathFactory, evaluation: SelfEvaluation
    ) -> None:
        """read(write(x)) == x for self-evaluations with history through .csv."""
        path = tmp_path_factory.mktemp("r") / "e.csv"
        write_table(evaluation, path)
        [back] = read_table(path).evaluations
        assert io_strategies.without_locations(evaluation) == io_strategies.without_locations(back)

    @ROUND_TRIP
    @given(strategies.evaluations())
    def test_evaluations_through_xlsx(
        self, tmp_path_factory: pytest.TempPathFactory, evaluation: SelfEvaluation
    ) -> None:
        """read(write(x)) == x for self-evaluations with history through .xlsx."""
        path = tmp_path_factory.mktemp("r") / "e.xlsx"
        write_table(evaluation, path)
        [back] = read_table(path).evaluations
        assert io_strategies.without_locations(evaluation) == io_strategies.without_locations(back)

    @ROUND_TRIP
    @given(strategies.departments)
    def test_documents_match_the_published_schema(self, department: Department) -> None:
        """A document with history validates against the packaged JSON Schema."""
        schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
        document = json.loads(dump_json_text(department))
        validator = jsonschema.Draft202012Validator(schema)
        assert [] == [e.message for e in validator.iter_errors(document)]


# ----------------------------------------------------------------- scoring


def scored_row(*, actual: str = "1000人次", reason: str = "") -> EvaluationRow:
    """A row whose target ≥1100人次 was adjusted to ≥900人次 on 30 June."""
    return EvaluationRow(
        indicator=Indicator(
            level1=OUT,
            level2=Q,
            name="培训人次",
            target=parse_target("≥1100人次"),
            weight=Decimal(20),
            revisions=[change("≥900人次", date=JUNE_30, reason="场地改造")],
        ),
        actual=parse_actual(actual),
        reason=reason,
    )


ORIGINAL = evolve(load_rules(), adjusted_targets=AdjustedTargets.ORIGINAL)


class TestScoring:
    def test_use_scores_against_the_adjusted_target(self) -> None:
        """Under use, 1000 against ≥900 is met; the trace and the score's target say so."""
        [score] = evaluate([scored_row()], lang="en").indicators
        assert (Decimal("20.00"), parse_target("≥900人次")) == (score.score, score.target)
        assert (
            "20 (1000 ≥ 900) = 20.00 (scored against the adjusted target ≥900人次)" == score.trace
        )

    def test_original_scores_against_the_original_target(self) -> None:
        """Under original, 1000 against ≥1100 earns 20 × 1000/1100."""
        [score] = evaluate([scored_row()], rules=ORIGINAL, lang="en").indicators
        assert (Decimal("18.18"), parse_target("≥1100人次")) == (score.score, score.target)
        assert score.trace.endswith(
            "(scored against the original target ≥1100人次, not the adjusted ≥900人次)"
        )

    def test_reports_show_the_target_scored(self) -> None:
        """The scorecard's JSON and table show the target the trace scored against."""
        from perftarget.report import ScorecardRenderer

        card = evaluate([scored_row()], lang="en")
        record = json.loads(ScorecardRenderer(fmt="json", lang="en")(card))
        assert "≥900人次" == record["indicators"][0]["target"]
        assert "≥900人次" in ScorecardRenderer(lang="en")(card)
        card = evaluate([scored_row()], rules=ORIGINAL, lang="en")
        record = json.loads(ScorecardRenderer(fmt="json", lang="en")(card))
        assert "≥1100人次" == record["indicators"][0]["target"]

    def test_the_row_keeps_both_targets(self) -> None:
        """Scoring never replaces the row's original target."""
        [score] = evaluate([scored_row()]).indicators
        assert parse_target("≥1100人次") == score.row.indicator.target

    @pytest.mark.parametrize(
        ("rules", "lang", "expected"),
        [
            (
                None,
                "en",
                "培训人次: the target was adjusted on 2024-06-30 from '≥1100人次' to '≥900人次', "
                "reason: 场地改造; scored against the adjusted target '≥900人次'",
            ),
            (
                ORIGINAL,
                "zh",
                "培训人次：指标值于 2024-06-30 由「≥1100人次」调整为「≥900人次」，"
                "调整原因：场地改造；按年初指标值「≥1100人次」计分",
            ),
        ],
    )
    def test_the_adjustment_is_reported(
        self, rules: RuleSet | None, lang: str, expected: str
    ) -> None:
        """PT314 (info) names both targets, the date, the reason and the target scored."""
        card = evaluate([scored_row()], rules=rules, lang=lang)
        [found] = [f for f in card.findings if f.code == "PT314"]
        assert ("info", expected) == (found.severity.value, found.message)

    def test_several_adjustments_are_counted(self) -> None:
        """With two adjustments, the last one counts and the finding says how many there were."""
        row = scored_row()
        twice = evolve(
            row,
            indicator=evolve(
                row.indicator, revisions=[*row.indicator.revisions, change("≥950人次")]
            ),
        )
        card = evaluate([twice], lang="en")
        [found] = [f for f in card.findings if f.code == "PT314"]
        assert found.message.endswith(
            "no reason given; scored against the adjusted target '≥950人次' "
            "(adjusted 2 times; the last one counts)"
        )

    def test_no_adjustment_no_finding(self) -> None:
        """A row never adjusted is scored as before: no PT314, no scored target, the old trace."""
        row = scored_row()
        plain = evolve(row, indicator=evolve(row.indicator, revisions=()))
        card = evaluate([plain], lang="en")
        [score] = card.indicators
        assert ([], None, "20 × 1000/1100 = 18.18") == (
            [f for f in card.findings if f.code == "PT314"],
            score.scored_target,
            score.trace,
        )

    def test_an_unreadable_original_is_scored_by_its_adjustment(self) -> None:
        """Under use, a row whose original target could not be read is scored by its adjustment."""
        row = scored_row()
        broken = evolve(row, indicator=evolve(row.indicator, problem="unreadable"))
        assert [Decimal("20.00"), None] == [
            evaluate([broken]).indicators[0].score,
            evaluate([broken], rules=ORIGINAL).indicators[0].score,
        ]

    def test_a_read_adjustment_does_not_make_the_total_a_lower_bound(self) -> None:
        """PT344 (total a lower bound) comes from the target in force, not an unread original."""
        row = scored_row()
        broken = evolve(row, indicator=evolve(row.indicator, problem="unreadable"), actual=None)
        in_force = {f.code for f in evaluate([broken]).findings}
        original = {f.code for f in evaluate([broken], rules=ORIGINAL).findings}
        assert ("PT344" in in_force, "PT344" in original) == (False, True)

    def test_the_deviation_reason_follows_the_target_in_force(self) -> None:
        """PT304 asks for a reason only where the target scored was missed."""
        codes = [
            [f.code for f in evaluate([scored_row()], rules=rules).findings if f.code == "PT304"]
            for rules in (None, ORIGINAL)
        ]
        assert [[], ["PT304"]] == codes


class TestRuleSetField:
    def test_the_shipped_sets_score_the_adjusted_target_and_say_it_is_uncertain(self) -> None:
        """Every shipped rule set uses the adjusted target and names the choice as [M]."""
        for name in available_rules():
            rules = load_rules(name)
            assert AdjustedTargets.USE is rules.adjusted_targets, name
            assert "adjusted_targets" in rules.source, name
            assert "[M]" in rules.source, name

    def test_a_rule_set_may_score_the_original(self) -> None:
        """adjusted_targets = "original" in TOML (extending a shipped set) is read."""
        rules = RuleSet.from_toml(
            'extends = "mof2020_selfeval"\nid = "x"\nadjusted_targets = "original"'
        )
        assert AdjustedTargets.ORIGINAL is rules.adjusted_targets

    def test_another_value_is_refused(self) -> None:
        """adjusted_targets other than use or original is a rule-set error naming the field."""
        with pytest.raises(RuleSetError, match="adjusted_targets"):
            RuleSet.from_toml('id = "x"\nadjusted_targets = "latest"')


class TestMonitoring:
    def _project(self) -> ProjectSnapshot:
        snapshot = IndicatorSnapshot(
            indicator=item("≥100人", revisions=[change("≥60人", reason="场地改造")]),
            current=parse_actual("30人"),
        )
        return ProjectSnapshot(
            name="p", year=2024, period=Period.of_year(2024, month=6), indicators=[snapshot]
        )

    def test_projection_is_against_the_target_in_force(self) -> None:
        """30 by June projects to about 60: on target against ≥60, about 60% against ≥100."""
        use = monitor(self._project()).indicators[0]
        original = monitor(self._project(), rules=ORIGINAL).indicators[0]
        assert (True, True) == (
            use.attainment is not None and use.attainment >= 99,
            original.attainment is not None and original.attainment < 61,
        )

    def test_the_reported_row_is_kept(self) -> None:
        """The monitoring result holds the row as reported, original target and adjustment."""
        row = monitor(self._project()).indicators[0].snapshot.indicator
        assert (parse_target("≥100人"), 1) == (row.target, len(row.revisions))


# ----------------------------------------------------------------- review


def reviewed(
    *items: Indicator,
    year: int | None = None,
    baselines: dict[tuple[str, str], Target] | None = None,
) -> list[str]:
    """The codes of the time-on-the-indicator rules a project of ``items`` raises."""
    project = Project(name="p", indicators=items, year=year)
    ours = ("PT114", "PT124", "PT125", "PT126")
    return [f.code for f in review(project, baselines=baselines) if f.code in ours]


class TestBaselineRule:
    def test_own_last_year_actual_above_the_target_is_reported(self) -> None:
        """PT114 reads the indicator's own 上年实际值: ≥50 when 65 was reached is not beyond it."""
        assert ["PT114"] == reviewed(item(baseline=last_year(actual="65人")))

    def test_a_target_beyond_last_years_actual_is_silent(self) -> None:
        """PT114 is silent when the target asks more than last year's actual."""
        assert [] == reviewed(item(baseline=last_year(actual="45人")))

    def test_a_cap_above_last_years_cost_is_reported(self) -> None:
        """A cost cap at or above what was spent last year is not beyond the baseline."""
        cost = item(
            "≤30万元", name="成本", level2=Level2.COST, baseline=last_year(actual="280000元")
        )
        assert ["PT114"] == reviewed(cost)

    def test_the_mapping_wins_over_the_indicators_baseline(self) -> None:
        """A baselines entry given to review() replaces the indicator's own last-year actual."""
        found = reviewed(
            item(baseline=last_year(actual="65人")),
            baselines={("p", "培训人数"): parse_target("40人")},
        )
        assert [] == found


class TestLoweredFromLastYear:
    def test_a_lowered_target_without_a_reason_is_reported(self) -> None:
        """PT124: ≥50 after last year's ≥60 with no reason, a warning naming both."""
        project = Project(name="p", indicators=[item(baseline=last_year("≥60人"))])
        [found] = [f for f in review(project, lang="en") if f.code == "PT124"]
        assert (
            "warning",
            "培训人数: target '≥50人' is looser than last year's '≥60人', and no reason is given",
        ) == (found.severity.value, found.message)

    def test_a_reason_for_the_change_silences_it(self) -> None:
        """A 变动原因 on the baseline explains the lowered target."""
        assert [] == reviewed(item(baseline=last_year("≥60人", reason="场地缩减")))

    def test_an_adjustment_reason_silences_it(self) -> None:
        """A reason given for an adjustment of the year also explains it."""
        found = reviewed(
            item(baseline=last_year("≥60人"), revisions=[change("≥50人", reason="场地缩减")])
        )
        assert [] == found

    def test_a_dash_is_no_reason(self) -> None:
        """A 变动原因 of only 无 counts as none."""
        assert ["PT124"] == reviewed(item(baseline=last_year("≥60人", reason="无")))

    def test_a_raised_target_is_silent(self) -> None:
        """A target that asks more than last year's is not reported."""
        assert [] == reviewed(item(baseline=last_year("≥40人")))

    def test_deadlines_move_with_the_year(self) -> None:
        """The same date a year on is the same target; a later one is looser."""
        same = item(
            "2024年12月31日前",
            name="完成时间",
            level2=Level2.TIMELINESS,
            baseline=last_year("2023年12月31日前", year=2023),
        )
        later = evolve(same, target=parse_target("2025年6月30日前", level2=Level2.TIMELINESS))
        assert [[], ["PT124"]] == [reviewed(same, year=2024), reviewed(later, year=2024)]


class TestAdjustmentRules:
    def test_an_adjustment_without_a_reason_is_reported(self) -> None:
        """PT125: a changed target with an empty 调整原因, a warning at the 调整原因 column."""
        project = Project(name="p", indicators=[item(revisions=[change("≥60人")])])
        [found] = [f for f in review(project, lang="en") if f.code == "PT125"]
        assert (
            "warning",
            "调整原因",
            "培训人数: the target was adjusted from '≥50人' to '≥60人' without a reason",
        ) == (
            found.severity.value,
            found.where.column,
            found.message,
        )

    def test_an_adjustment_with_a_reason_is_silent(self) -> None:
        """A reason given for the adjustment silences PT125."""
        assert [] == reviewed(item(revisions=[change("≥60人", reason="任务增加")]))

    def test_an_adjustment_to_the_same_target_needs_no_reason(self) -> None:
        """An adjusted value equal to the original changes nothing: no PT125."""
        assert [] == reviewed(item(revisions=[change("≥50人")]))

    def test_a_loosening_adjustment_is_reported_as_info(self) -> None:
        """PT126 names the replaced and the looser target, each against the one before."""
        project = Project(
            name="p",
            indicators=[item(revisions=[change("≥60人", reason="a"), change("≥40人", reason="b")])],
        )
        found = [f for f in review(project, lang="en") if f.code == "PT126"]
        assert [
            ("info", "培训人数: the adjustment from '≥60人' to '≥40人' loosens the target")
        ] == [(f.severity.value, f.message) for f in found]

    def test_a_tightening_adjustment_is_silent(self) -> None:
        """An adjustment that asks more is not reported by PT126."""
        assert [] == reviewed(item(revisions=[change("≥60人", reason="任务增加")]))

    def test_a_loosened_cap_is_reported(self) -> None:
        """A cost cap raised by an adjustment is looser."""
        cost = item(
            "≤30万元", name="成本", level2=Level2.COST, revisions=[change("≤35万元", reason="涨价")]
        )
        assert ["PT126"] == reviewed(cost)
