"""
The columnar monitoring engine: on generated monitoring rounds it gives what
the monitoring reader and :func:`~perftarget.monitor.monitor` give, field by
field of the ``perftarget monitor --format json`` contract; headers, the
budget line's rule, empty frames, missing columns, streaming and the command
line's edge.
"""

from __future__ import annotations

import argparse
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
pytest.importorskip("pyarrow", reason="pip install -e '.[test]'")

from perftarget.batch import (  # noqa: E402
    MONITOR_ROW_OUTPUTS,
    monitor_batch,
    monitor_columns,
    monitor_file,
    table_as_of,
)
from perftarget.cli._monitor import as_of_option  # noqa: E402
from perftarget.cli._monitor_batch import add_monitor_batch_options, run_monitor_batch  # noqa: E402
from perftarget.core._actual import parse_actual  # noqa: E402
from perftarget.exceptions import ArgumentError, TableError, TargetParseError  # noqa: E402
from perftarget.io._blocks import Sheet  # noqa: E402
from perftarget.io._monitor import read_monitoring_sheets  # noqa: E402
from perftarget.monitor import (  # noqa: E402
    available_profiles,
    deviation_category,
    load_profile,
    monitor,
    monitoring_record,
)
from perftarget.rules import load_rules  # noqa: E402

#: The official monitoring headers of each batch column.
CHINESE = {
    "project": "项目名称",
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "target": "年度指标值",
    "current": "1-6月完成情况",
    "forecast": "全年预计完成情况",
    "likelihood": "完成目标可能性",
    "deviation": "偏差原因",
    "explanation": "原因说明",
    "weight": "分值",
    "budget": "全年预算数(万元)",
    "initial_budget": "年初预算数",
    "executed": "1-6月执行数",
    "forecast_execution": "全年预计执行数",
    "budget_reason": "预算执行偏差原因",
    "budget_explanation": "预算执行原因说明",
}
INDICATOR_COLUMNS = list(CHINESE)[:11]
PROJECT_COLUMNS = list(CHINESE)[11:15]
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "经济效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
    ("产出指标", "受益群众指标"),
]
UNITS = ["%", "人次", "个", "万元", "元", "天", "", "次/月", "公里", "人", "个百分点", "元/人", "‰"]
COMPARATORS = ["≥", "≤", "=", "", ">", "<", "不低于", "不超过"]
FIXED_TARGETS = [
    "2020年12月底前",
    "12月底前",
    "6月30日前",
    "群众满意",
    "效果明显",
    "3-5天",
    "≥ ９０ %",
    "≥0人",
    "0万元",
    "不超预算",
    "",
    "95%以上",
]
PHRASES = [
    "已完成",
    "达成",
    "基本达到",
    "未完成",
    "2020年11月完成",
    "12月",
    "不适用",
    "-",
    "无",
    "进行中",
    "  ",
]
LIKELIHOODS = [None, "", "确定能", "有可能", "完全不可能", "确定能完成", "也许", "-"]
REASONS = [None, "", "资金未到位", "人员保障", "疫情影响", "-", "无", "设备老化"]
PROFILES = [load_profile(name) for name in available_profiles()]
RULES = [load_rules(), evolve(load_rules(), id="no_cap", cost_cap=False)]

numbers = st.one_of(
    st.integers(min_value=0, max_value=3000).map(str),
    st.integers(min_value=1, max_value=99999).map(lambda n: f"{n / 100:.2f}"),
    st.sampled_from(["0.5", "100", "95", "1", "98.70", "123456789012345", "0.0000001"]),
)


@st.composite
def values(draw: st.DrawFn, unit: str) -> str | None:
    """A current value or a forecast: a number (often in the target's unit), a phrase, blank."""
    kind = draw(st.sampled_from(["number", "number", "number", "other unit", "phrase", "none"]))
    if kind == "none":
        return None
    if kind == "phrase":
        return draw(st.sampled_from(PHRASES))
    if kind == "other unit":
        unit = draw(st.sampled_from(UNITS))
    prefix = draw(st.sampled_from(["", "", "", "≥"]))
    return f"{prefix}{draw(numbers)}{unit}"


@st.composite
def indicator_rows(draw: st.DrawFn) -> dict[str, str | None]:
    """One indicator row of every shape the reader meets."""
    level1, level2 = draw(st.sampled_from(LEVELS))
    unit = draw(st.sampled_from(UNITS))
    target = draw(
        st.one_of(
            st.builds(lambda c, n: f"{c}{n}{unit}", st.sampled_from(COMPARATORS), numbers),
            st.sampled_from(FIXED_TARGETS),
        )
    )
    return {
        "level1": level1,
        "level2": level2,
        "level3": draw(st.sampled_from(["培训人次", "完成率", "成本", "满意度", "一、产出"])),
        "target": target,
        "current": draw(values(unit)),
        "forecast": draw(st.one_of(st.none(), values(unit))),
        "likelihood": draw(st.sampled_from(LIKELIHOODS)),
        "deviation": draw(st.sampled_from(REASONS)),
        "explanation": draw(st.sampled_from([None, "", "已说明", "-"])),
        "weight": draw(st.sampled_from([None, "10", "5分"])),
    }


amounts = st.one_of(
    st.none(),
    numbers,
    st.sampled_from(["19.3", "3.12", "0", "30万元", "300000元", "1,000.5", "-5", "abc", "12.00"]),
)


@st.composite
def projects(
    draw: st.DrawFn, index: int, rows: st.SearchStrategy[dict[str, str | None]]
) -> tuple[dict[str, str | None], list[dict[str, Any]]]:
    """A project: its budget line and its indicator rows."""
    line = {column: draw(amounts) for column in PROJECT_COLUMNS}
    line["budget_reason"] = draw(st.sampled_from([None, "资金拨付滞后", "-"]))
    line["budget_explanation"] = draw(st.sampled_from([None, "已说明"]))
    drawn = draw(st.lists(rows, min_size=1, max_size=5))
    return line, [{"project": f"项目{index}", **row} for row in drawn]


@st.composite
def numeric_rows(draw: st.DrawFn) -> dict[str, str | None]:
    """An indicator row of plain numbers in one unit: the shapes the integer path takes."""
    level1, level2 = draw(st.sampled_from(LEVELS))
    unit = draw(st.sampled_from(UNITS))

    def number() -> str | None:
        return draw(st.one_of(st.none(), numbers.map(lambda n: f"{n}{unit}")))

    return {
        "level1": level1,
        "level2": level2,
        "level3": "指标",
        "target": f"{draw(st.sampled_from(COMPARATORS))}{draw(numbers)}{unit}",
        "current": number(),
        "forecast": draw(st.one_of(st.none(), st.none(), st.just(number()))),
        "likelihood": draw(st.sampled_from(LIKELIHOODS)),
        "deviation": draw(st.sampled_from(REASONS)),
        "explanation": draw(st.sampled_from([None, "已说明"])),
        "weight": None,
    }


@st.composite
def rounds(
    draw: st.DrawFn, rows: st.SearchStrategy[dict[str, str | None]] | None = None
) -> dict[str, Any]:
    """A monitoring round: projects, as-of date, profile, rules, layout."""
    year = draw(st.integers(min_value=2019, max_value=2024))
    day = draw(st.integers(min_value=0, max_value=364))
    count = draw(st.integers(min_value=1, max_value=4))
    return {
        "as_of": date(year, 1, 1) + timedelta(days=day),
        "projects": [
            draw(projects(i, rows if rows is not None else indicator_rows())) for i in range(count)
        ],
        "profile": draw(st.sampled_from(PROFILES)),
        "rules": draw(st.sampled_from(RULES)),
        "repeat": draw(st.booleans()),
        "chinese": draw(st.booleans()),
        "unit": draw(st.sampled_from(["万元", "元"])),
    }


def batch_frame(round_: dict[str, Any]) -> Any:
    """The round as one frame: the budget line on each row (``repeat``) or the first."""
    records = []
    for line, rows in round_["projects"]:
        for position, row in enumerate(rows):
            given = round_["repeat"] or position == 0
            records.append({**row, **{c: v if given else None for c, v in line.items()}})
    columns = [*INDICATOR_COLUMNS, *PROJECT_COLUMNS, "budget_reason", "budget_explanation"]
    frame = pl.DataFrame(records, schema=dict.fromkeys(columns, pl.String))
    if round_["chinese"]:
        names = {**CHINESE, "budget": f"全年预算数({round_['unit']})"}
        frame = frame.rename(names)
    return frame


def per_object(round_: dict[str, Any]) -> dict[str, Any]:
    """The contract record the reader and ``monitor()`` give for the round."""
    unit = round_["unit"] if round_["chinese"] else "万元"
    headers = [CHINESE[c] for c in INDICATOR_COLUMNS]
    headers += [f"全年预算数({unit})" if c == "budget" else CHINESE[c] for c in PROJECT_COLUMNS]
    table = batch_frame({**round_, "chinese": False}).select(*INDICATOR_COLUMNS, *PROJECT_COLUMNS)
    rows = [(1, [f"{round_['as_of'].year}年项目绩效运行监控表"]), (2, headers)]
    rows += [(n + 3, [c or "" for c in row]) for n, row in enumerate(table.iter_rows())]
    found = read_monitoring_sheets(
        [Sheet(name=None, rows=rows)],
        file="round.csv",
        default_name="round",
        year=round_["as_of"].year,
        as_of=round_["as_of"],
    )
    snapshots = []
    for snapshot, (line, _) in zip(found.projects, round_["projects"], strict=True):
        reason = "" if line["budget_reason"] in (None, "-") else line["budget_reason"]
        snapshots.append(
            evolve(
                snapshot,
                deviation=deviation_category(reason)[0],
                deviation_text=reason,
                explanation=line["budget_explanation"] or "",
            )
        )
    profile, rules = round_["profile"], round_["rules"]
    results = [monitor(s, profile=profile, rules=rules) for s in snapshots]
    return monitoring_record(results, profile=profile.id, lang="zh")


def cell(text: str | None) -> str | None:
    """A cell as the contract repeats it: stripped, None when blank or an empty mark."""
    if text is None:
        return None
    text = text.strip()
    return None if text in ("", "-", "—", "/", "无", "－", "——") else text


def current_shown(text: str | None) -> str | None:
    """The contract's ``current``: the cell, None when the reader cannot read it."""
    text = cell(text)
    if text is None:
        return None
    try:
        parse_actual(text)
    except TargetParseError:
        return None
    return text


def engine_record(rows: Any, projects: Any) -> list[dict[str, Any]]:
    """The engine's results in the shape of the contract's projects."""
    records = []
    for project in projects.iter_rows(named=True):
        mine = rows.filter(pl.col("project") == project["project"])
        indicators = [
            {
                "level1": row["level1"],
                "level2": row["level2"],
                "level3": row["level3"].strip(),
                "target": (row["target"] or "").strip(),
                "current": current_shown(row["current"]),
                "forecast": row["projected"],
                "likelihood": row["likelihood_category"],
                "deviation_category": row["deviation_category"],
                "explanation": cell(row["explanation"]) or "",
                "projected_attainment": row["projected_attainment"],
                "light": row["light"],
            }
            for row in mine.iter_rows(named=True)
        ]
        fields = ("budget", "executed", "execution_rate", "time_progress", "gap", "forecast")
        records.append(
            {
                "name": project["project"],
                **{name: project[name] for name in fields},
                "forecast_source": project["forecast_source"],
                "projected_rate": project["projected_rate"],
                "light": project["light"],
                "indicators": indicators,
                "findings": (project["findings"] or "").split(";") if project["findings"] else [],
            }
        )
    return records


def contract_projects(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The contract's projects with findings as codes (the engine gives codes)."""
    return [{**p, "findings": [f["code"] for f in p["findings"]]} for p in record["projects"]]


def engine(round_: dict[str, Any]) -> list[dict[str, Any]]:
    rows, projects = monitor_batch(
        batch_frame(round_),
        profile=round_["profile"],
        as_of=round_["as_of"],
        rules=round_["rules"],
    )
    return engine_record(rows, projects)


class TestAgreesWithMonitor:
    """The engine and the per-object path agree on every field of the contract."""

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rounds())
    def test_every_field(self, round_: dict[str, Any]) -> None:
        """Generated rounds: every project field, indicator field and finding code agree."""
        expected = contract_projects(per_object(round_))
        actual = engine(round_)
        assert len(expected) == len(actual)
        for want, got in zip(expected, actual, strict=True):
            assert want == got

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rounds(numeric_rows()))
    def test_plain_numbers(self, round_: dict[str, Any]) -> None:
        """Rounds of plain numbers in one unit (the integer path) agree field by field."""
        assert contract_projects(per_object(round_)) == engine(round_)

    def test_plain_numbers_skip_the_per_object_path(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Plain numbers and amounts are computed without calling ``monitor``."""
        import perftarget.batch._monitor_fallback as engine_module

        def refused(*args: object, **kwargs: object) -> None:
            raise AssertionError("the per-object path was called")

        monkeypatch.setattr(engine_module, "monitor", refused)
        frame = frame_of(
            project=["p", "p", "q"], level3=["a", "b", "c"],
            target=["≥1100人次", "≤30万元", "95%"], current=["500人次", "12.5万元", None],
            forecast=[None, None, "96%"], budget=["19.3", None, "0"], executed=["3.12", None, "1"],
        )  # fmt: skip
        rows, projects = monitor_batch(frame, as_of=date(2019, 6, 30))
        assert ["91.66", "100.00", "101.05"] == rows["projected_attainment"].to_list()
        assert ["16.17", None] == projects["execution_rate"].to_list()

    @pytest.mark.parametrize("profile", available_profiles())
    def test_each_profile_on_a_fixed_round(self, profile: str) -> None:
        """A lagging project with indicators of every light agrees under each profile."""
        round_ = {
            "as_of": date(2020, 7, 31),
            "profile": load_profile(profile),
            "rules": load_rules(),
            "repeat": False,
            "chinese": True,
            "unit": "万元",
            "projects": [
                (
                    {
                        "budget": "19.3",
                        "initial_budget": None,
                        "executed": "3.12",
                        "forecast_execution": None,
                        "budget_reason": None,
                        "budget_explanation": None,
                    },
                    [
                        {
                            "project": "项目1",
                            "level1": "产出指标",
                            "level2": level2,
                            "level3": "x",
                            "target": target,
                            "current": current,
                            "forecast": None,
                            "likelihood": "有可能",
                            "deviation": None,
                            "explanation": None,
                            "weight": None,
                        }
                        for level2, target, current in [
                            ("数量指标", "≥1100人次", "500人次"),
                            ("成本指标", "≤30万元", "32万元"),
                            ("成本指标", "80万元", "60万元"),
                            ("时效指标", "2020年6月底前", None),
                            ("质量指标", "≥95%", "99%"),
                            ("质量指标", "群众满意", "达成"),
                        ]
                    ],
                )
            ],
        }
        assert contract_projects(per_object(round_)) == engine(round_)


class TestHeaders:
    """Headers are read under the batch's names and the official Chinese ones."""

    def test_chinese_headers(self) -> None:
        """Every official monitoring header names its batch column."""
        headers = [*CHINESE.values(), "执行率", "备注"]
        expected = {header: column for column, header in CHINESE.items()}
        assert expected == monitor_columns(headers)

    def test_english_names(self) -> None:
        """The batch's own names are taken as they are."""
        assert {c: c for c in CHINESE} == monitor_columns(list(CHINESE))

    def test_period_and_year(self) -> None:
        """期间 and 年度 name the period and the year."""
        expected = {"期间": "period", "年度": "year", "三级指标": "level3"}
        assert expected == monitor_columns(["期间", "年度", "三级指标"])

    def test_first_of_two_wins(self) -> None:
        """When two headers name one column, the first wins."""
        assert {"target": "target"} == monitor_columns(["target", "年度指标值"])

    def test_month_variants(self) -> None:
        """截至N月完成值 and 1—7月执行数 are the current value and the executed amount."""
        expected = {"截至8月完成值": "current", "1—7月执行数": "executed"}
        assert expected == monitor_columns(["截至8月完成值", "1—7月执行数"])

    def test_same_results_under_both(self) -> None:
        """A frame under Chinese headers gives the results of the same frame under English names."""
        frame = pl.DataFrame(
            {
                "project": ["p", "p"],
                "level3": ["a", "b"],
                "target": ["≥100人次", "≤30万元"],
                "current": ["40人次", "35万元"],
                "budget": ["100", None],
                "executed": ["30", None],
            }
        )
        chinese = frame.rename({c: CHINESE[c] for c in frame.columns})
        day = date(2021, 6, 30)
        rows, projects = monitor_batch(frame, as_of=day)
        rows_zh, projects_zh = monitor_batch(chinese, as_of=day)
        assert rows.equals(rows_zh)
        assert projects.equals(projects_zh)

    def test_as_of_from_a_period_column(self) -> None:
        """A period column gives the last day of its period."""
        frame = pl.DataFrame({"监控期间": [None, "2020年1-8月"], "三级指标": ["x", "y"]})
        assert date(2020, 8, 31) == table_as_of(frame)

    def test_as_of_from_headers_and_year(self) -> None:
        """A header naming the months and a year column give the date."""
        frame = pl.DataFrame({"年度": ["2022年"], "1-7月完成情况": ["1"]})
        assert date(2022, 7, 31) == table_as_of(frame)

    def test_no_period_no_date(self) -> None:
        """A table naming no period gives no date."""
        assert table_as_of(pl.DataFrame({"年度": ["2022"], "current": ["1"]})) is None


def frame_of(**columns: list[str | None]) -> Any:
    return pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))


class TestBudgetLine:
    """The budget line is given on a project's first row or repeated; conflicts are refused."""

    def test_first_row_or_repeated(self) -> None:
        """The amounts on the first row only and on every row give the same project."""
        first = frame_of(
            project=["p", "p"], level3=["a", "b"], target=["≥1", "≥2"],
            budget=["30", None], executed=["12.5", ""],
        )  # fmt: skip
        repeated = first.with_columns(budget=pl.lit("30.0"), executed=pl.lit("12.50"))
        day = date(2020, 6, 30)
        one = monitor_batch(first, as_of=day)[1]
        two = monitor_batch(repeated, as_of=day)[1]
        columns = ["execution_rate", "gap", "projected_rate", "light", "findings"]
        assert one.select(columns).equals(two.select(columns))

    def test_conflict_is_located(self) -> None:
        """Two different budgets in one project are refused, naming the project, rows and header."""
        frame = frame_of(
            项目名称=["p", "p", "q"], 三级指标=["a", "b", "c"], 年度指标值=["1", "2", "3"],
            全年预算数=["30", "31", "5"],
        )  # fmt: skip
        with pytest.raises(TableError) as caught:
            monitor_batch(frame, as_of=date(2020, 6, 30), first_row=2)
        (problem,) = caught.value.problems
        assert (3, "全年预算数") == (problem.where.row, problem.where.column)
        assert "'p'" in problem.message
        assert "row 2" in problem.message

    def test_every_conflict_listed(self) -> None:
        """Each conflicting project and column is one problem."""
        frame = frame_of(
            project=["p", "p", "q", "q"], level3=["a", "b", "c", "d"], target=["1"] * 4,
            budget=["1", "2", "3", "4"], executed=["1", "1", "1", "9"],
        )  # fmt: skip
        with pytest.raises(TableError) as caught:
            monitor_batch(frame, as_of=date(2020, 6, 30))
        found = [(p.where.column, p.where.row) for p in caught.value.problems]
        assert [("budget", 2), ("budget", 4), ("executed", 4)] == found

    def test_reasons_conflict_too(self) -> None:
        """Two different budget reasons in one project are refused."""
        frame = frame_of(
            project=["p", "p"], level3=["a", "b"], target=["1", "2"],
            budget_reason=["资金未到位", "人员不足"],
        )  # fmt: skip
        with pytest.raises(TableError):
            monitor_batch(frame, as_of=date(2020, 6, 30))

    def test_same_amount_spelled_twice(self) -> None:
        """``43.2`` and ``43.20`` are one value, not a conflict; the first spelling is shown."""
        frame = frame_of(
            project=["p", "p"], level3=["a", "b"], target=["1", "2"], budget=["43.20", "43.2"]
        )
        projects = monitor_batch(frame, as_of=date(2020, 6, 30))[1]
        assert ["43.20"] == projects["budget"].to_list()


class TestCells:
    """Cells are read as the monitoring reader reads them."""

    def test_stripped_as_python_strips(self) -> None:
        """The characters stripped are exactly those Python's ``str.strip`` removes."""
        from perftarget.batch._monitor_cells import _SPACE

        expected = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
        assert expected == _SPACE

    def test_empty_marks(self) -> None:
        """``-``, ``/`` and ``无`` are no current value, and padded cells are stripped."""
        frame = frame_of(
            project=[" p ", "p", "p"], level3=["a", "b", "c"],
            target=[" ≥10个\u3000", "≥10个", "≥10个"], current=["-", "/", "\x1c5个 "],
        )  # fmt: skip
        rows = monitor_batch(frame, as_of=date(2020, 12, 31))[0]
        assert [None, None, "5个"] == rows["projected"].to_list()
        assert ["p", "p", "p"] == rows["project"].to_list()


class TestShapes:
    """Empty frames, missing optional columns, rows that are no indicator."""

    def test_empty_frame(self) -> None:
        """An empty frame gives empty results with every output column."""
        rows, projects = monitor_batch(
            frame_of(project=[], level3=[], target=[]), as_of=date(2020, 6, 30)
        )
        assert (0, 0) == (rows.height, projects.height)
        assert ["project", "level3", "target", *MONITOR_ROW_OUTPUTS] == rows.columns
        assert "execution_rate" in projects.columns

    def test_missing_required_column(self) -> None:
        """A frame without a target column is refused, naming it."""
        with pytest.raises(ArgumentError, match="target"):
            monitor_batch(frame_of(project=["p"], level3=["a"]), as_of=date(2020, 6, 30))

    def test_missing_optional_columns(self) -> None:
        """Without current values, forecasts and amounts nothing is projected nor lit."""
        rows, projects = monitor_batch(
            frame_of(project=["p"], level3=["a"], target=["≥95%"]), as_of=date(2020, 6, 30)
        )
        assert (None, None, "") == rows.select("projected", "light", "findings").row(0)
        assert (None, "49.73", None) == projects.select(
            "execution_rate", "time_progress", "light"
        ).row(0)

    def test_row_without_indicator_gives_budget(self) -> None:
        """A row with a blank level-3 cell carries the budget line and is no indicator."""
        frame = frame_of(
            project=["p", "p"], level3=[None, "a"], target=[None, "≥1"],
            budget=["10", None], executed=["5", None],
        )  # fmt: skip
        rows, projects = monitor_batch(frame, as_of=date(2020, 6, 30))
        assert [1] == projects["indicators"].to_list()
        assert ["50.00"] == projects["execution_rate"].to_list()
        assert rows["light"][0] is None

    def test_blank_project_continues_the_one_above(self) -> None:
        """A blank project cell (a merged cell) belongs to the project above."""
        frame = frame_of(project=["p", " ", None], level3=["a", "b", "c"], target=["1", "2", "3"])
        projects = monitor_batch(frame, as_of=date(2020, 6, 30))[1]
        assert (["p"], [3]) == (projects["project"].to_list(), projects["indicators"].to_list())


class TestFile:
    """Streaming a file gives the results of one frame."""

    def test_small_batches(self, tmp_path: Path) -> None:
        """Batches of two rows give the rows and projects of one frame."""
        day = date(2020, 6, 30)
        round_ = {
            "as_of": day,
            "profile": load_profile(),
            "rules": load_rules(),
            "repeat": True,
            "chinese": True,
            "unit": "万元",
            "projects": [
                (
                    {"budget": "10", "initial_budget": None, "executed": str(i),
                     "forecast_execution": None, "budget_reason": None,
                     "budget_explanation": None},
                    [{"project": f"p{i}", "level1": "产出指标", "level2": "数量指标",
                      "level3": f"n{j}", "target": "≥10个", "current": str(j),
                      "forecast": None, "likelihood": None, "deviation": None,
                      "explanation": None, "weight": None} for j in range(i + 1)],
                )
                for i in range(5)
            ],
        }  # fmt: skip
        frame = batch_frame(round_)
        source = tmp_path / "round.csv"
        frame.write_csv(source)
        out, totals = tmp_path / "rows.parquet", tmp_path / "totals.csv"
        summary = monitor_file(source, out, totals=totals, as_of=day, batch_rows=2)
        rows, projects = monitor_batch(frame, as_of=day)
        assert rows.equals(pl.read_parquet(out))
        assert projects.cast(pl.String).equals(pl.read_csv(totals, infer_schema=False))
        assert (15, 5) == (summary.rows, summary.projects)

    def test_as_of_from_the_headers(self, tmp_path: Path) -> None:
        """Without an as-of date the headers' period and the year give it."""
        source = tmp_path / "r.csv"
        source.write_text("项目名称,三级指标,年度指标值,1-7月完成情况\np,a,≥10个,5\n", "utf-8")
        summary = monitor_file(source, tmp_path / "o.csv", year=2020)
        assert date(2020, 7, 31) == summary.as_of

    def test_no_period_refused(self, tmp_path: Path) -> None:
        """Without an as-of date nor a period, the file is refused asking for --as-of."""
        source = tmp_path / "r.csv"
        source.write_text("project,level3,target\np,a,1\n", "utf-8")
        with pytest.raises(TableError, match="--as-of"):
            monitor_file(source, tmp_path / "o.csv")

    def test_conflict_located_in_the_file(self, tmp_path: Path) -> None:
        """A conflict is reported with the file's line number."""
        source = tmp_path / "r.csv"
        source.write_text("project,level3,target,budget\np,a,1,3\np,b,1,4\n", "utf-8")
        output = tmp_path / "o.csv"
        output.write_text("old", "utf-8")
        with pytest.raises(TableError) as caught:
            monitor_file(source, output, as_of=date(2020, 6, 30))
        assert 3 == caught.value.problems[0].where.row
        assert "old" == output.read_text("utf-8")


def parser() -> argparse.ArgumentParser:
    """The monitor command's options that the batch uses, and the batch's."""
    made = argparse.ArgumentParser()
    made.add_argument("paths", nargs="+")
    made.add_argument("--as-of", dest="as_of", type=as_of_option)
    made.add_argument("--year", type=int)
    made.add_argument("--profile", default="central")
    made.add_argument("--rules", default="mof2020_selfeval")
    made.add_argument("--format", default="text")
    made.add_argument("--lang", default="zh")
    made.add_argument("--fail-on", default="error", dest="fail_on")
    add_monitor_batch_options(made)
    return made


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    status = run_monitor_batch(parser().parse_args(argv), out)
    return status, out.getvalue()


class TestCommand:
    """``perftarget monitor --batch``: outputs, exit codes, refusals."""

    def write(self, folder: Path, text: str = "") -> Path:
        source = folder / "round.csv"
        source.write_text(
            text
            or "项目名称,三级指标,年度指标值,1-6月完成情况,全年预算数,1-6月执行数\n"
            "p,a,≥10个,5,100,20\np,b,≥95%,99%,,\nq,c,≥1,1,10,5\n",
            "utf-8",
        )
        return source

    def test_writes_both_files(self, tmp_path: Path) -> None:
        """The rows and the totals are written; an error finding exits 1."""
        source = self.write(tmp_path)
        out, totals = tmp_path / "o.csv", tmp_path / "t.csv"
        status, text = run(str(source), "--batch", "--output", str(out), "--totals", str(totals),
                           "--as-of", "2020-06-30", "--lang", "en")  # fmt: skip
        assert 1 == status
        assert 3 == pl.read_csv(out).height
        assert ["p", "q"] == pl.read_csv(totals)["project"].to_list()
        assert "2 projects" in text

    def test_fail_on_error_clean(self, tmp_path: Path) -> None:
        """A round without findings exits 0."""
        source = self.write(tmp_path, "project,level3,target,current\np,a,≥1,5\n")
        status, _ = run(str(source), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--as-of", "2020-06-30")  # fmt: skip
        assert 0 == status

    def test_period_from_the_table(self, tmp_path: Path) -> None:
        """Without --as-of the headers' 1-6月 and --year give the date."""
        source = self.write(tmp_path)
        status, text = run(str(source), "--batch", "--output", str(tmp_path / "o.csv"),
                           "--year", "2020", "--lang", "en")  # fmt: skip
        assert 1 == status
        assert "2020-06-30" in text

    def test_no_period_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A table naming no period without --as-of exits 2 asking for --as-of."""
        source = self.write(tmp_path, "project,level3,target\np,a,1\n")
        status, _ = run(str(source), "--batch", "--output", str(tmp_path / "o.csv"))
        assert 2 == status
        assert "--as-of" in capsys.readouterr().err

    def test_output_is_input(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An output that is the input is refused and the input is left as it was."""
        source = self.write(tmp_path)
        before = source.read_bytes()
        status, _ = run(str(source), "--batch", "--output", str(source), "--as-of", "2020-06-30")
        assert (2, before) == (status, source.read_bytes())

    def test_nul_bytes_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A CSV holding NUL bytes is refused with exit 2."""
        source = tmp_path / "bad.csv"
        source.write_bytes(b"project,level3,target\np,a,\x00\n")
        status, _ = run(str(source), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--as-of", "2020-06-30")  # fmt: skip
        assert 2 == status
        assert "NUL" in capsys.readouterr().err

    def test_folder_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A folder is not a regular file: exit 2."""
        status, _ = run(str(tmp_path), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--as-of", "2020-06-30")  # fmt: skip
        assert 2 == status

    def test_needs_output(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--batch without --output exits 2 and says so."""
        status, _ = run(str(self.write(tmp_path)), "--batch", "--as-of", "2020-06-30")
        assert 2 == status
        assert "--output" in capsys.readouterr().err

    def test_one_file_only(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--batch reads one file."""
        source = self.write(tmp_path)
        status, _ = run(str(source), str(source), "--batch", "--output", str(tmp_path / "o.csv"))
        assert 2 == status

    def test_no_rows_leaves_outputs(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A table without data rows exits 2 and leaves an existing output as it was."""
        source = self.write(tmp_path, "project,level3,target\n")
        out = tmp_path / "o.csv"
        out.write_text("old", "utf-8")
        status, _ = run(str(source), "--batch", "--output", str(out), "--as-of", "2020-06-30")
        assert (2, "old") == (status, out.read_text("utf-8"))

    def test_missing_column_in_chinese(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A header without a target column exits 2 with a Chinese message under --lang zh."""
        source = self.write(tmp_path, "项目名称,三级指标\np,a\n")
        status, _ = run(str(source), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--as-of", "2020-06-30")  # fmt: skip
        assert 2 == status
        assert "表头缺少列" in capsys.readouterr().err

    def test_output_shared_with_the_report_formats(self, tmp_path: Path) -> None:
        """On a parser that has ``--output`` already, the batch writes the rows there."""
        made = argparse.ArgumentParser()
        made.add_argument("paths", nargs="+")
        made.add_argument("--output", metavar="FILE")
        add_monitor_batch_options(made)
        args = made.parse_args([str(self.write(tmp_path)), "--batch", "--output", "o.csv"])
        assert (True, "o.csv", None) == (args.batch, args.output, args.totals)

    def test_format_refused(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--batch writes CSV or Parquet: another --format is refused with exit 2."""
        status, _ = run(str(self.write(tmp_path)), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--format", "json", "--lang", "en")  # fmt: skip
        assert 2 == status
        assert "--format" in capsys.readouterr().err

    def test_bad_profile(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """An unknown profile exits 2."""
        status, _ = run(str(self.write(tmp_path)), "--batch", "--output", str(tmp_path / "o.csv"),
                        "--as-of", "2020-06-30", "--profile", "nowhere")  # fmt: skip
        assert 2 == status
