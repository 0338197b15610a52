"""
The batch engine scores targets adjusted during the year (调整后指标值) as the
per-object path does: the target in force follows the rule set's
``adjusted_targets``, the row carries ``PT314``, an adjusted value that cannot
be read is ``PT011`` and taken as empty, and of numbered adjustments
(第2次调整后指标值) the last one filled is in force.  The reference is
``read_table`` + ``evaluate`` on the same rows written as self-evaluations.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
pytest.importorskip("pyarrow", reason="pip install -e '.[test]'")

from perftarget import evaluate, load_rules  # noqa: E402
from perftarget.batch import (  # noqa: E402
    INPUT_COLUMNS,
    OUTPUT_COLUMNS,
    batch_columns,
    project_totals,
    public_columns,
    score_batch,
    score_file,
)
from perftarget.batch._columns import adjusted_columns  # noqa: E402
from perftarget.batch._fallback import read_adjusted  # noqa: E402
from perftarget.core._categories import Level2  # noqa: E402
from perftarget.core._text import NOT_APPLICABLE  # noqa: E402
from perftarget.exceptions import Location, TableError  # noqa: E402
from perftarget.io import RawRow, build_project, read_table  # noqa: E402
from perftarget.io._history import _NONE  # noqa: E402
from perftarget.rules import AdjustedTargets, RuleSet, available_rules  # noqa: E402
from strategies import actual_texts, target_texts, value_like_text  # noqa: E402

USE = load_rules("mof2020_selfeval")
ORIGINAL = evolve(USE, adjusted_targets=AdjustedTargets.ORIGINAL)
#: Every shipped rule set under both choices.
RULES = [
    rules
    for name in available_rules()
    for rules in (
        load_rules(name),
        evolve(load_rules(name), adjusted_targets=AdjustedTargets.ORIGINAL),
    )
]
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
]
#: Official headers and the batch's own names of every column a test table may have.
HEADERS = {
    "project": ("项目名称", "project"),
    "level1": ("一级指标", "level1"),
    "level2": ("二级指标", "level2"),
    "level3": ("三级指标", "level3"),
    "target": ("年初指标值", "target"),
    "adjusted_target": ("调整后指标值", "adjusted_target"),
    "adjusted_target_2": ("第2次调整后指标值", "adjusted_target_2"),
    "actual": ("实际完成值", "actual"),
    "weight": ("分值", "weight"),
    "published_score": ("得分", "published_score"),
}

#: Cells that hold no adjustment, and cells that hold one that cannot be read.
NO_ADJUSTMENT = ("", "", "", "", "—", "无", "不适用", "……", " ")
UNREADABLE = ("≥**人", "是/否", "@@", "2020年13月底前")
adjusted_cells = st.one_of(
    st.sampled_from(NO_ADJUSTMENT),
    st.sampled_from(NO_ADJUSTMENT),
    target_texts,
    st.sampled_from(UNREADABLE),
)
weights = st.sampled_from(["10", "20", "2.5", "5", "15", "0"])
published = st.sampled_from(["10", "9.5", "0", "20", ""])


@st.composite
def projects(draw: st.DrawFn, adjusted: int) -> dict[str, Any]:
    """A project of 1-6 rows, its published scores given or not."""
    count = draw(st.integers(min_value=1, max_value=6))
    scored = draw(st.booleans()) and draw(st.booleans())  # a quarter scored whole
    rows = []
    for index in range(count):
        level1, level2 = draw(st.sampled_from(LEVELS))
        rows.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": f"指标{index}",
                "target": draw(target_texts),
                "adjusted": [draw(adjusted_cells) for _ in range(adjusted)],
                "actual": draw(actual_texts),
                "weight": draw(weights),
                "published_score": draw(published) if scored else "",
            }
        )
    return {"rows": rows}


@st.composite
def tables(draw: st.DrawFn) -> dict[str, Any]:
    """Projects with no, one or two adjusted-target columns, a rule set and the header language."""
    adjusted = draw(st.integers(min_value=0, max_value=2))
    return {
        "adjusted": adjusted,
        "projects": draw(st.lists(projects(adjusted), min_size=1, max_size=3)),
        "rules": draw(st.sampled_from(RULES)),
        "english": draw(st.booleans()),
    }


def columns_of(adjusted: int) -> list[str]:
    """The batch columns of a table with ``adjusted`` adjusted-target columns."""
    names = ["adjusted_target", "adjusted_target_2"][:adjusted]
    return ["level1", "level2", "level3", "target", *names, "actual", "weight", "published_score"]


def cells_of(row: dict[str, Any]) -> list[str]:
    """A row's cells in the order of :func:`columns_of`."""
    return [
        row["level1"],
        row["level2"],
        row["level3"],
        row["target"],
        *row["adjusted"],
        row["actual"],
        row["weight"],
        row["published_score"],
    ]


def batch_frame(table: dict[str, Any]) -> Any:
    """All projects in one batch frame, under Chinese or English headers."""
    columns = ["project", *columns_of(table["adjusted"])]
    header = [HEADERS[c][1 if table["english"] else 0] for c in columns]
    records = [
        [f"项目{number}", *cells_of(row)]
        for number, project in enumerate(table["projects"])
        for row in project["rows"]
    ]
    return pl.DataFrame(records, schema=dict.fromkeys(header, pl.String), orient="row")


def self_evaluation(path: Path, name: str, adjusted: int, project: dict[str, Any]) -> Path:
    """The project as one self-evaluation CSV in the official layout."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["项目名称", name])
        writer.writerow([HEADERS[c][0] for c in columns_of(adjusted)])
        writer.writerows(cells_of(row) for row in project["rows"])
    return path


def per_object(path: Path, rules: RuleSet) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """
    Each row's status, direction, score and finding codes, and the project's
    total, grade and codes, from ``read_table`` + ``evaluate``; a row's codes
    include the readers' ``PT011`` on its adjusted cells.
    """
    contents = read_table(path)
    (table,) = contents.evaluations
    card = evaluate(
        table.rows,
        rules=rules,
        budget=table.budget,
        published_total=table.published_total,
        year=table.year,
    )
    codes: dict[int | None, list[str]] = {}
    for found in card.findings:
        codes.setdefault(found.where.row, []).append(found.code)
    for found in contents.findings:
        if found.code == "PT011" and "调整" in (found.where.column or ""):
            codes.setdefault(found.where.row, []).append(found.code)
    rows = [
        (
            item.status.value,
            None if item.direction is None else item.direction.value,
            item.score,
            sorted(codes.get(item.row.where.row, [])),
        )
        for item in card.indicators
    ]
    return rows, (card.total, card.grade, sorted(codes.get(None, [])))


def by_batch(frame: Any, rules: RuleSet) -> tuple[Any, Any]:
    """The batch's rows and totals, as :func:`per_object` gives them, by project."""
    scored = score_batch(frame, rules)
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for r in scored.iter_rows(named=True):
        score = None if r["score"] is None else Decimal(r["score"])
        codes = sorted(filter(None, r["findings"].split(";")))
        rows.setdefault(r["project"], []).append((r["status"], r["direction"], score, codes))
    totals = {
        r["project"]: (
            Decimal(r["total"]),
            r["grade"] or "",
            sorted(filter(None, r["findings"].split(";"))),
        )
        for r in project_totals(scored, rules).iter_rows(named=True)
    }
    return rows, totals


def row(target: str, adjusted: list[str], actual: str, name: str = "培训人次") -> dict[str, Any]:
    """One 数量指标 row of weight 20."""
    return {
        "level1": "产出指标",
        "level2": "数量指标",
        "level3": name,
        "target": target,
        "adjusted": adjusted,
        "actual": actual,
        "weight": "20",
        "published_score": "",
    }


def one_project(rows: list[dict[str, Any]], adjusted: int, english: bool = False) -> Any:
    """A batch frame of one project."""
    return batch_frame({"adjusted": adjusted, "projects": [{"rows": rows}], "english": english})


# ----------------------------------------------------------------- property


class TestBatchMatchesPerObject:
    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(table=tables())
    def test_rows_totals_and_codes_equal_read_table_and_evaluate(
        self, table: dict[str, Any], tmp_path_factory: Any
    ) -> None:
        """With or without adjusted columns, under use and original, every row and total match."""
        rules = table["rules"]
        folder: Path = tmp_path_factory.mktemp("revisions")
        got_rows, got_totals = by_batch(batch_frame(table), rules)
        for number, project in enumerate(table["projects"]):
            name = f"项目{number}"
            path = self_evaluation(folder / f"p{number}.csv", name, table["adjusted"], project)
            want_rows, want_total = per_object(path, rules)
            context = (name, rules.id, rules.adjusted_targets.value, project)
            assert want_rows == got_rows[name], context
            assert want_total == got_totals[name], context


# ----------------------------------------------------------------- reading


class TestReadAdjusted:
    @settings(max_examples=300, deadline=None)
    @given(
        text=st.one_of(value_like_text, target_texts, st.sampled_from(NO_ADJUSTMENT + UNREADABLE)),
        level2=st.sampled_from([Level2.QUANTITY, Level2.TIMELINESS, Level2.COST, Level2.QUALITY]),
    )
    def test_a_cell_reads_as_the_readers_read_it(self, text: str, level2: Level2) -> None:
        """The adjustment read, and whether the cell is unreadable, are the strict builder's."""
        cells = {
            "level1": "产出指标",
            "level2": level2.zh,
            "level3": "指标",
            "target": "≥1",
            "revised_target": text,
        }
        rows = [RawRow(cells=cells, where=Location(row=2))]
        value, unread = read_adjusted(text, level2.name)
        try:
            [indicator] = build_project(rows, name="p").indicators
        except TableError:  # the strict builder refuses what lenient reading reports (PT011)
            assert (None, True) == (value, unread)
            return
        expected = indicator.revisions[-1].target.text if indicator.revisions else None
        assert (expected, False) == (value, unread)

    def test_no_word_for_no_value_holds_a_digit(self) -> None:
        """A cell with a digit is never 'no value' to the readers: the engine reads it directly."""
        words = [*NOT_APPLICABLE, *_NONE]
        assert [] == [w for w in words if any(c.isdigit() for c in w)]


# ----------------------------------------------------------------- examples


class TestTargetInForce:
    def test_use_scores_the_adjusted_target(self) -> None:
        """Under use, 1000 against the adjusted ≥900 is met, with PT314."""
        rows = score_batch(one_project([row("≥1100人次", ["≥900人次"], "1000人次")], 1), USE)
        assert [("met", "20.00", "PT314")] == rows.select("status", "score", "findings").rows()

    def test_original_scores_the_original_target(self) -> None:
        """Under original, 1000 against ≥1100 earns 18.18, with PT304 and PT314."""
        rows = score_batch(one_project([row("≥1100人次", ["≥900人次"], "1000人次")], 1), ORIGINAL)
        expected = [("partly met", "18.18", "PT304;PT314")]
        assert expected == rows.select("status", "score", "findings").rows()

    def test_the_last_filled_adjustment_is_in_force(self) -> None:
        """Of 调整后指标值 and 第2次调整后指标值, the second counts when filled, else the first."""
        rows = [
            row("≥1100人次", ["≥900人次", "≥1000人次"], "950人次", "a"),
            row("≥1100人次", ["≥900人次", ""], "950人次", "b"),
            row("≥1100人次", ["", "≥900人次"], "950人次", "c"),
        ]
        scored = score_batch(one_project(rows, 2), USE)
        assert ["19.00", "20.00", "20.00"] == scored["score"].to_list()

    def test_an_unreadable_adjustment_is_reported_and_taken_as_empty(self) -> None:
        """An adjusted value that cannot be read is PT011; the one before it stays in force."""
        rows = [
            row("≥1100人次", ["≥**人次", ""], "1000人次", "a"),
            row("≥1100人次", ["≥900人次", "@@"], "1000人次", "b"),
        ]
        scored = score_batch(one_project(rows, 2), USE)
        expected = [("18.18", "PT011;PT304"), ("20.00", "PT011;PT314")]
        assert expected == scored.select("score", "findings").rows()

    def test_a_cell_without_an_adjustment_changes_nothing(self) -> None:
        """Blank, a dash, 无 or 不适用 under 调整后指标值 is no adjustment: no PT314."""
        cells = ["", "—", "无", "不适用", "……"]
        rows = [row("≥1100人次", [cell], "1000人次", f"指标{i}") for i, cell in enumerate(cells)]
        scored = score_batch(one_project(rows, 1), USE)
        assert [("18.18", "PT304")] * len(cells) == scored.select("score", "findings").rows()

    @pytest.mark.parametrize("original", ["", "@@", "≥**人次"])
    def test_under_use_an_unusable_original_is_scored_by_its_adjustment(
        self, original: str
    ) -> None:
        """A blank, unreadable or unfilled original target does not stop the adjusted one."""
        rows = score_batch(one_project([row(original, ["≥900人次"], "1000人次")], 1), USE)
        assert [("met", "20.00", "PT314")] == rows.select("status", "score", "findings").rows()

    @pytest.mark.parametrize("original", ["", "@@", "≥**人次", "是/否"])
    @pytest.mark.parametrize("published", ["", "20"])
    @pytest.mark.parametrize("actual", ["1000人次", "2020年12月"])
    def test_an_unusable_original_matches_the_per_object_path(
        self, original: str, published: str, actual: str, tmp_path: Path
    ) -> None:
        """Under use, rows, codes and totals equal read_table + evaluate's, by key or whole."""
        rows = [
            row(original, ["≥900人次"], actual, "a") | {"published_score": published},
            row("≥10人", [""], "10人", "b") | {"published_score": published},
        ]
        project = {"rows": rows}
        want_rows, want_total = per_object(
            self_evaluation(tmp_path / "p.csv", "p", 1, project), USE
        )
        got_rows, got_totals = by_batch(one_project(rows, 1), USE)
        assert (want_rows, want_total) == (got_rows["项目0"], got_totals["项目0"])

    def test_a_project_scored_whole_carries_the_adjustment(self) -> None:
        """With published scores, evaluate scores the project and gives PT314 itself."""
        adjusted = row("≥1100人次", ["≥900人次"], "1000人次", "a") | {"published_score": "20"}
        plain = row("≥10人", [""], "10人", "b") | {"published_score": "20"}
        for rules, score in ((USE, "20.00"), (ORIGINAL, "18.18")):
            scored = score_batch(one_project([adjusted, plain], 1), rules)
            assert score == scored["score"][0]
            assert "PT314" in scored["findings"][0].split(";")
            assert "PT314" not in scored["findings"][1].split(";")

    def test_split_comparator_and_unit_columns_join_the_adjusted_value(self) -> None:
        """指标性质 and 度量单位 beside a bare adjusted number are joined to it, as in reading."""
        frame = pl.DataFrame(
            [["p", "产出指标", "数量指标", "培训人数", "≥", "50", "人", "40", "45人", "20"]],
            schema=[
                "项目名称",
                "一级指标",
                "二级指标",
                "三级指标",
                "指标性质",
                "指标值",
                "度量单位",
                "调整后指标值",
                "实际完成值",
                "分值",
            ],
            orient="row",
        )
        scored = score_batch(frame, USE)
        assert [("≥50人", "≥40人", "met", "20.00")] == scored.select(
            "target", "adjusted_target", "status", "score"
        ).rows()


class TestColumns:
    def test_official_and_english_headers_name_the_adjusted_columns(self) -> None:
        """调整后指标值 and its spellings, 第n次调整后指标值 and the batch's own names are read."""
        headers = ["调整指标值", "第二次调整后指标值", "第3次调整后目标值", "adjusted_target_4"]
        assert {
            "调整指标值": "adjusted_target",
            "第二次调整后指标值": "adjusted_target_2",
            "第3次调整后目标值": "adjusted_target_3",
            "adjusted_target_4": "adjusted_target_4",
        } == batch_columns(headers)

    def test_reasons_and_dates_of_adjustments_are_not_columns(self) -> None:
        """调整原因 and 调整时间 change no score and are not read."""
        assert {} == batch_columns(["调整原因", "调整时间", "第2次调整原因"])

    def test_numbered_adjustments_are_ordered_by_number(self) -> None:
        """The order of the adjustments is their number's, not the columns'."""
        columns = ["adjusted_target_10", "adjusted_target_2", "target", "adjusted_target"]
        assert ["adjusted_target", "adjusted_target_2", "adjusted_target_10"] == adjusted_columns(
            columns
        )

    def test_without_adjusted_columns_the_output_columns_are_unchanged(self) -> None:
        """A table without 调整后指标值 gives exactly the columns it gave before."""
        frame = one_project([row("≥1100人次", [], "1000人次")], 0)
        expected = [*INPUT_COLUMNS, "published_score", "reason", "year", *OUTPUT_COLUMNS]
        assert expected == public_columns(score_batch(frame, USE)).columns

    def test_the_output_shows_the_target_as_given_and_the_adjusted_columns(self) -> None:
        """``target`` stays the original; the adjusted columns follow the optional ones."""
        frame = one_project([row("≥1100人次", ["≥900人次", ""], "1000人次")], 2, english=True)
        scored = public_columns(score_batch(frame, USE))
        optional = ["published_score", "reason", "year", "adjusted_target", "adjusted_target_2"]
        assert [*INPUT_COLUMNS, *optional, *OUTPUT_COLUMNS] == scored.columns
        assert ("≥1100人次", "≥900人次", "") == (
            scored["target"][0],
            scored["adjusted_target"][0],
            scored["adjusted_target_2"][0],
        )

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(table=tables())
    def test_empty_adjusted_columns_change_no_result(self, table: dict[str, Any]) -> None:
        """Adding empty adjusted columns to a table changes no score, status, code or total."""
        rules = table["rules"]
        plain = evolve_table(table, 0)
        empty = evolve_table(table, 2, fill="")
        without = score_batch(batch_frame(plain), rules)
        with_empty = score_batch(batch_frame(empty), rules)
        results = ["status", "direction", "score", "findings"]
        assert without.select(results).rows() == with_empty.select(results).rows()
        totals = ["project", "total", "grade", "findings"]
        assert (
            project_totals(without, rules).select(totals).rows()
            == project_totals(with_empty, rules).select(totals).rows()
        )


def evolve_table(table: dict[str, Any], adjusted: int, fill: str = "") -> dict[str, Any]:
    """``table`` with ``adjusted`` adjusted columns, every cell ``fill``."""
    projects = [
        {"rows": [r | {"adjusted": [fill] * adjusted} for r in project["rows"]]}
        for project in table["projects"]
    ]
    return table | {"adjusted": adjusted, "projects": projects}


class TestStreaming:
    def test_a_file_streamed_in_small_batches_scores_the_adjustments(self, tmp_path: Path) -> None:
        """score_file reads 调整后指标值, writes the column back and gives the one-batch results."""
        rows = [
            row("≥1100人次", [adjusted], "1000人次", f"指标{i}")
            for i, adjusted in enumerate(["≥900人次", "", "≥**人次"])
        ]
        frame = pl.concat(
            [
                one_project(rows, 1).with_columns(pl.lit(f"项目{n}").alias("项目名称"))
                for n in range(3)
            ]
        )
        source = tmp_path / "in.csv"
        frame.write_csv(source)
        out, totals = tmp_path / "out.csv", tmp_path / "totals.csv"
        score_file(source, USE, out, totals=totals, batch_rows=2)
        whole = public_columns(score_batch(frame, USE))
        written = pl.read_csv(out, infer_schema=False)
        assert [*INPUT_COLUMNS, "published_score", "adjusted_target", *OUTPUT_COLUMNS] == (
            written.columns
        )
        results = ["adjusted_target", "status", "score", "findings"]
        assert (
            whole.select(results).fill_null("").rows()
            == written.select(results).fill_null("").rows()
        )
        expected = project_totals(score_batch(frame, USE), USE).select("project", "total")
        assert (
            expected.rows()
            == pl.read_csv(totals, infer_schema=False).select("project", "total").rows()
        )
