"""
Year over year: ``perftarget diff`` and :func:`perftarget.compare.diff`.

Two years' target tables of the same projects are matched by name (tolerant
to years, brackets, spaces, ``项目`` and small wording changes) and every
matched target is classified with ``compare_targets``.  The properties pin
what must hold whatever the tables: a table against itself shows nothing but
unchanged rows, swapping the years mirrors every kind, and a copy whose
labels carry typos still matches every indicator.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from perftarget import (
    Department,
    Indicator,
    Level1,
    Level2,
    Project,
    datasets,
    parse_target,
)
from perftarget.cli import main
from perftarget.compare import (
    DiffKind,
    IndicatorDiff,
    MatchStep,
    TableDiff,
    diff,
    diff_record,
    name_key,
    project_key,
)
from perftarget.compare._match import Budget, Item, match
from perftarget.compare._names import Name, similarity
from perftarget.exceptions import ArgumentError, ArgumentTypeError
from perftarget.report import DiffRenderer

OUT, EFF, SAT, COST = Level1.OUTPUT, Level1.EFFECT, Level1.SATISFACTION, Level1.COST


def row(
    name: str,
    target: str,
    level1: Level1 = OUT,
    level2: Level2 = Level2.QUANTITY,
    weight: str | None = None,
) -> Indicator:
    """An indicator row as a table holds it."""
    return Indicator(
        level1=level1, level2=level2, name=name, target=parse_target(target), weight=weight
    )


def project(name: str, rows: Sequence[Indicator], year: int | None = None) -> Project:
    """A project's target table."""
    return Project(name=name, indicators=rows, year=year)


def only(found: TableDiff) -> IndicatorDiff:
    """The one indicator of a one-project, one-row diff."""
    [first] = found.projects
    [item] = first.indicators
    return item


def kinds(found: TableDiff) -> dict[str, list[str]]:
    """Each indicator's name with its kinds, as values."""
    return {
        item.name: [k.value for k in item.kinds] for p in found.projects for item in p.indicators
    }


def pair(old: str, new: str, level2: Level2 = Level2.QUANTITY, **options: object) -> IndicatorDiff:
    """Compare one indicator's target across two years (2020 → 2021)."""
    level1 = level2.parents[0]
    before = project("p", [row("指标", old, level1, level2)], 2020)
    after = project("p", [row("指标", new, level1, level2)], 2021)
    return only(diff(before, after, **options))  # type: ignore[arg-type]


# -- names ---------------------------------------------------------------------


class TestNames:
    @pytest.mark.parametrize(
        ("written", "key"),
        [
            ("服务对象满意度", "服务对象满意度"),
            (" 1.服务对象 满意度（%）★", "服务对象满意度"),
            ("（一）服务对象满意度", "服务对象满意度"),
            ("2021年度新增就业人数", "新增就业人数"),
            ("新增就业人人数", "新增就业人数"),
            ("培训1000人次", "培训1000人次"),
            ("ＡＢＣ达标率", "abc达标率"),
        ],
    )
    def test_indicator_keys(self, written: str, key: str) -> None:
        """Numbering, years, brackets, marks, spaces and a doubled character are set aside."""
        assert key == name_key(written)

    @pytest.mark.parametrize(
        "written",
        [
            "2020年群众工作中心日常经费",
            "群众工作中心日常经费项目（2021年）",
            "【2021年度】群众工作中心 日常经费",
            "群众工作中心日常经费",
        ],
    )
    def test_project_keys_ignore_years_brackets_and_the_project_suffix(self, written: str) -> None:
        """Every spelling of one project has one key."""
        assert "群众工作中心日常经费" == project_key(written)

    def test_digits_are_not_collapsed(self) -> None:
        """100 is not 10: only a doubled non-digit is a typo."""
        assert name_key("培训100人") != name_key("培训10人")

    @given(st.text(max_size=12), st.text(max_size=12))
    def test_similarity_is_symmetric(self, a: str, b: str) -> None:
        """The similarity of two names does not depend on which table is the old one."""
        left, right = Name.of(name_key(a)), Name.of(name_key(b))
        assert similarity(left, right, Fraction(0)) == similarity(right, left, Fraction(0))

    def test_similarity_below_the_threshold_is_none(self) -> None:
        """Names below the threshold are not similar at all."""
        assert None is similarity(Name.of("旧指标"), Name.of("新指标"), Fraction(3, 4))
        assert Fraction(2, 3) == similarity(Name.of("旧指标"), Name.of("新指标"), Fraction(1, 2))


# -- matching ------------------------------------------------------------------


class TestMatching:
    def test_exact_match_by_levels_and_name(self) -> None:
        """Rows with the same levels and name, once normalised, are matched exactly."""
        old = project("p", [row("1.培训人数", "≥50人"), row("合格率", "≥95%", OUT, Level2.QUALITY)])
        new = project("p", [row("合格率", "≥95%", OUT, Level2.QUALITY), row("培训 人数", "≥50人")])
        found = diff(old, new)
        steps = {i.name: i.step for i in found.projects[0].indicators}
        assert {"培训 人数": MatchStep.EXACT, "合格率": MatchStep.EXACT} == steps

    def test_small_wording_change_is_renamed_with_its_similarity(self) -> None:
        """学员满意度 → 参训学员满意度 is the same indicator renamed, similarity 0.83."""
        old = project("p", [row("学员满意度", "≥90%", SAT, Level2.SATISFACTION)])
        new = project("p", [row("参训学员满意度", "≥90%", SAT, Level2.SATISFACTION)])
        item = only(diff(old, new))
        assert ["unchanged", "renamed"] == [k.value for k in item.kinds]
        assert (MatchStep.SIMILAR, "0.83") == (
            item.step,
            str(item.similarity.quantize(Decimal("0.01"))) if item.similarity else None,
        )

    def test_moved_between_level_2s(self) -> None:
        """A name found under another level 2 is matched by name and marked moved."""
        old = project("p", [row("技能提升率", "≥30%", EFF, Level2.SOCIAL)])
        new = project("p", [row("技能提升率", "≥30%", OUT, Level2.QUALITY)])
        item = only(diff(old, new))
        assert (["unchanged", "moved"], MatchStep.NAME) == (
            [k.value for k in item.kinds],
            item.step,
        )

    def test_added_and_dropped(self) -> None:
        """Rows too different to match are dropped from last year and added this year."""
        old = project("p", [row("培训人数", "≥50人"), row("旧指标", "≥1次")])
        new = project("p", [row("培训人数", "≥50人"), row("新指标", "≥2次")])
        expected = {"培训人数": ["unchanged"], "旧指标": ["dropped"], "新指标": ["added"]}
        assert expected == kinds(diff(old, new))

    def test_a_lower_threshold_matches_more(self) -> None:
        """旧指标 and 新指标 (0.67 alike) match under a threshold of 0.6."""
        old = project("p", [row("旧指标", "≥1次")])
        new = project("p", [row("新指标", "≥2次")])
        item = only(diff(old, new, threshold="0.6"))
        assert ["tightened", "renamed"] == [k.value for k in item.kinds]

    def test_best_pairs_first_one_to_one(self) -> None:
        """Two old rows close to one new row: the closer one is matched, the other dropped."""
        old = project("p", [row("培训合格人数", "≥5人"), row("参加培训合格人数", "≥5人")])
        new = project("p", [row("参加培训合格人次", "≥5人")])
        expected = {"参加培训合格人次": ["unchanged", "renamed"], "培训合格人数": ["dropped"]}
        assert expected == kinds(diff(old, new))

    def test_projects_with_years_in_their_names(self) -> None:
        """2020年X项目 and X（2021年） are one project; the names give the year shift."""
        old = [
            project("2020年培训项目", [row("完成时间", "2020年12月底前", OUT, Level2.TIMELINESS)])
        ]
        new = [
            project("培训（2021年）", [row("完成时间", "2021年12月底前", OUT, Level2.TIMELINESS)]),
            project("另一个项目", [row("人数", "≥1人")]),
        ]
        found = diff(old, new)
        matched = found.projects[0]
        assert (MatchStep.EXACT, 1, False) == (matched.step, matched.year_shift, matched.renamed)
        assert ["unchanged"] == [k.value for k in matched.indicators[0].kinds]
        assert {"matched": 1, "renamed": 0, "added": 1, "dropped": 0} == found.project_counts()

    def test_renamed_project(self) -> None:
        """A project renamed a little is matched by similarity and reported renamed."""
        old = [
            project("群众工作中心日常经费", [row("人数", "8人")]),
            project("甲", [row("x", "1人")]),
        ]
        new = [project("群众工作中心日常运行经费", [row("人数", "8人")]), project("乙", [])]
        found = diff(old, new)
        assert {"matched": 1, "renamed": 1, "added": 1, "dropped": 1} == found.project_counts()

    def test_two_single_projects_are_compared_whatever_their_names(self) -> None:
        """Two tables of one project each are the same project, even named quite differently."""
        found = diff(project("old", [row("人数", "8人")]), project("new", [row("人数", "8人")]))
        first = found.projects[0]
        assert (MatchStep.ONLY, True, ["unchanged"]) == (
            first.step,
            first.renamed,
            [k.value for k in first.indicators[0].kinds],
        )

    def test_the_comparison_limit_is_reported_not_a_hang(self) -> None:
        """Past the comparison limit the rows left are added and dropped, and the diff says so."""
        old = project("p", [row(f"旧的指标{c}甲", "≥1次") for c in "abcdef"])
        new = project("p", [row(f"旧的指标{c}乙", "≥1次") for c in "abcdef"])
        capped = diff(old, new, max_comparisons=3)
        free = diff(old, new)
        assert (True, 3, 6) == (
            capped.limit_reached,
            capped.comparisons,
            capped.counts()[DiffKind.DROPPED] + capped.counts()[DiffKind.RENAMED],
        )
        assert (False, 6) == (free.limit_reached, free.counts()[DiffKind.RENAMED])

    def test_large_leftovers_are_compared_within_their_level_1(self) -> None:
        """Above the block size, rows are compared only with rows of the same level 1."""
        old = [
            Item(keys=(f"o{i}",), name=Name.of(f"相同名称{i % 2}"), block=i % 2) for i in range(120)
        ]
        new = [
            Item(keys=(f"n{i}",), name=Name.of(f"相同名称{i % 2}"), block=i % 2) for i in range(120)
        ]
        budget = Budget(limit=10**6)
        pairs = match(old, new, threshold=Fraction(3, 4), budget=budget)
        assert 2 * 60 * 60 == budget.used
        assert all(
            p.old is not None and p.new is not None and p.old % 2 == p.new % 2 for p in pairs
        )


# -- kinds ---------------------------------------------------------------------


class TestKinds:
    def test_a_lowered_percentage_is_loosened(self) -> None:
        """≥95% → ≥90% is loosened."""
        assert DiffKind.LOOSENED == pair("≥95%", "≥90%").kind

    def test_a_raised_count_is_tightened(self) -> None:
        """≥50人 → ≥60人 is tightened."""
        assert DiffKind.TIGHTENED == pair("≥50人", "≥60人").kind

    def test_a_converted_unit_is_unchanged_and_marked(self) -> None:
        """≤30万元 → ≤300000元 asks the same: unchanged, unit changed."""
        item = pair("≤30万元", "≤300000元", Level2.COST)
        assert ["unchanged", "unit_changed"] == [k.value for k in item.kinds]

    def test_a_deadline_moved_by_a_year_is_unchanged(self) -> None:
        """2020年12月底前 in 2020 and 2021年12月底前 in 2021 are the same deadline."""
        assert (
            DiffKind.UNCHANGED == pair("2020年12月底前", "2021年12月底前", Level2.TIMELINESS).kind
        )

    def test_the_year_shift_given_wins(self) -> None:
        """With year_shift=0 the same deadline a year later is loosened."""
        item = pair("2020年12月底前", "2021年12月底前", Level2.TIMELINESS, year_shift=0)
        assert DiffKind.LOOSENED == item.kind

    def test_tables_without_years_shift_by_one(self) -> None:
        """Neither table names a year: deadlines move by the default shift, 1."""
        old = project("p", [row("完成时间", "2020年12月底前", OUT, Level2.TIMELINESS)])
        new = project("p", [row("完成时间", "2021年12月底前", OUT, Level2.TIMELINESS)])
        found = diff(old, new)
        assert (1, DiffKind.UNCHANGED) == (found.projects[0].year_shift, only(found).kind)

    def test_a_raised_cost_cap_is_loosened(self) -> None:
        """80万元 under 成本指标 is a cap: 90万元 next year is loosened."""
        assert DiffKind.LOOSENED == pair("80万元", "90万元", Level2.ECONOMIC_COST).kind

    def test_a_raised_count_without_cost_is_tightened(self) -> None:
        """80人 → 90人 under 数量指标 asks more: tightened."""
        assert DiffKind.TIGHTENED == pair("80人", "90人").kind

    def test_a_moved_equal_value_is_changed(self) -> None:
        """=100% → =90% cannot be ordered: changed."""
        assert DiffKind.CHANGED == pair("=100%", "=90%").kind

    def test_units_of_another_dimension_are_changed_and_not_comparable(self) -> None:
        """8人 → 8次: changed, unit changed, not comparable."""
        item = pair("8人", "8次")
        assert (["changed", "unit_changed"], False) == (
            [k.value for k in item.kinds],
            item.comparison.comparable if item.comparison else None,
        )

    def test_weight_changed(self) -> None:
        """Both years give a weight, and it differs."""
        old = project("p", [row("培训人数", "≥50人", weight="10")])
        new = project("p", [row("培训人数", "≥50人", weight="15")])
        assert ["unchanged", "weight_changed"] == kinds(diff(old, new))["培训人数"]

    def test_a_weight_given_one_year_only_is_not_a_change(self) -> None:
        """A table without weights does not make every weight changed."""
        old = project("p", [row("培训人数", "≥50人")])
        new = project("p", [row("培训人数", "≥50人", weight="15")])
        assert ["unchanged"] == kinds(diff(old, new))["培训人数"]

    def test_loosened_rows_come_first(self) -> None:
        """In a project and in the diff's list, loosened rows come first."""
        old = project("p", [row("a人数", "≥5人"), row("b合格率", "≥95%", OUT, Level2.QUALITY)])
        new = project("p", [row("a人数", "≥6人"), row("b合格率", "≥90%", OUT, Level2.QUALITY)])
        found = diff(old, new)
        assert ["b合格率", "a人数"] == [i.name for i in found.projects[0].indicators]
        assert ["b合格率"] == [i.name for _, i in found.loosened()]


class TestArguments:
    def test_a_float_threshold_is_refused(self) -> None:
        """A float threshold is refused: pass a Decimal or a string."""
        dept = datasets.quyang_2020()
        with pytest.raises(ArgumentTypeError, match="threshold"):
            diff(dept, dept, threshold=0.8)  # type: ignore[arg-type]

    @pytest.mark.parametrize("threshold", ["0", "1.5", "x", -1])
    def test_a_threshold_outside_0_1_is_refused(self, threshold: object) -> None:
        """The threshold is above 0 and at most 1."""
        dept = datasets.quyang_2020()
        with pytest.raises(ArgumentError, match="threshold"):
            diff(dept, dept, threshold=threshold)  # type: ignore[arg-type]

    def test_tables_of_another_type_are_refused(self) -> None:
        """A string is not a table."""
        with pytest.raises(ArgumentTypeError, match="Department"):
            diff("old.csv", datasets.quyang_2020())  # type: ignore[arg-type]

    def test_a_year_shift_that_is_not_a_whole_number_is_refused(self) -> None:
        """year_shift is an int or None."""
        dept = datasets.quyang_2020()
        with pytest.raises(ArgumentTypeError, match="year_shift"):
            diff(dept, dept, year_shift=True)


# -- a realistic "next year" ---------------------------------------------------


def next_year() -> Department:
    """The bundled 2020 department as its 2021 tables, with a change of every kind."""
    last = datasets.quyang_2020()
    first, second, third = last.projects
    rows = list(first.indicators)
    rows[2] = evolve(rows[2], target=parse_target("≥90%"))  # loosened
    rows[0] = evolve(rows[0], name="★劳务费发放 人数")  # same key
    rows.append(row("人均经费", "3.75万元", COST, Level2.ECONOMIC_COST))  # added
    second_rows = list(second.indicators[:3])  # 服务对象满意度 dropped
    second_rows[0] = evolve(second_rows[0], target=parse_target("8人"))  # tightened
    third_rows = [
        evolve(third.indicators[0], name="群体性事件成功处置比率"),  # renamed
        evolve(third.indicators[1], level2=Level2.QUALITY),  # moved
        *third.indicators[2:],
    ]
    return Department(
        name=last.name,
        year=2021,
        projects=[
            evolve(first, name="2021年群众工作中心日常经费", year=2021, indicators=rows),
            evolve(second, year=2021, indicators=second_rows),
            evolve(third, name="驻访专项业务经费项目", year=2021, indicators=third_rows),
        ],
    )


class TestNextYear:
    def test_every_kind_is_found_and_counted(self) -> None:
        """The constructed 2021 tables show one of each change against 2020."""
        counts = diff(datasets.quyang_2020(), next_year()).counts()
        expected = {
            "loosened": 1,
            "changed": 0,
            "tightened": 1,
            "dropped": 1,
            "added": 1,
            "unchanged": 9,
            "unit_changed": 0,
            "renamed": 1,
            "moved": 1,
            "weight_changed": 0,
        }
        assert expected == {k.value: n for k, n in counts.items()}

    def test_projects_match_across_years_and_suffixes(self) -> None:
        """All three projects are matched, none renamed, none added or dropped."""
        found = diff(datasets.quyang_2020(), next_year())
        expected = {"matched": 3, "renamed": 0, "added": 0, "dropped": 0}
        assert expected == found.project_counts()
        assert [1, 1, 1] == [p.year_shift for p in found.projects]


# -- the JSON record -----------------------------------------------------------


class TestRecord:
    def test_the_shape(self) -> None:
        """The record has the documented keys at every level."""
        record = diff_record(diff(datasets.quyang_2020(), next_year()), lang="en")
        assert {
            "old",
            "new",
            "threshold",
            "year_shift",
            "summary",
            "loosened",
            "projects",
            "findings",
        } == set(record)
        assert {"name", "year", "projects", "indicators"} == set(record["old"])
        assert {"projects", "indicators", "comparisons", "limit_reached"} == set(record["summary"])
        assert {"matched", "renamed", "added", "dropped"} == set(record["summary"]["projects"])
        assert {k.value for k in DiffKind} == set(record["summary"]["indicators"])
        assert {"project", "level1", "level2", "level3", "old", "new"} == set(record["loosened"][0])
        first = record["projects"][0]
        assert {
            "name",
            "old_name",
            "new_name",
            "status",
            "renamed",
            "similarity",
            "year_shift",
            "counts",
            "indicators",
        } == set(first)
        item = first["indicators"][0]
        assert {
            "kind",
            "kinds",
            "match",
            "similarity",
            "unit_changed",
            "comparable",
            "old",
            "new",
        } == set(item)
        assert {"level1", "level2", "level3", "target", "weight"} == set(item["old"])

    def test_the_values(self) -> None:
        """Kinds as values, similarities with 2 places, the loosened row first."""
        record = diff_record(diff(datasets.quyang_2020(), next_year()), lang="en")
        loosened = record["projects"][0]["indicators"][0]
        renamed = next(
            i for p in record["projects"] for i in p["indicators"] if "renamed" in i["kinds"]
        )
        assert ("loosened", "≥95百分比", "≥90%", "effect") == (
            loosened["kind"],
            loosened["old"]["target"],
            loosened["new"]["target"],
            loosened["new"]["level1"],
        )
        assert ("similar", "0.95") == (renamed["match"], renamed["similarity"])
        assert (2020, 2021, "0.75") == (
            record["old"]["year"],
            record["new"]["year"],
            record["threshold"],
        )
        assert json.loads(json.dumps(record)) == record

    def test_added_rows_have_no_old_side(self) -> None:
        """An added indicator's old side is null, and it has no match step."""
        record = diff_record(diff(datasets.quyang_2020(), next_year()))
        added = next(i for p in record["projects"] for i in p["indicators"] if i["kind"] == "added")
        assert (None, None, None) == (added["old"], added["match"], added["similarity"])


# -- renderers -----------------------------------------------------------------


class TestRenderer:
    @pytest.mark.parametrize(
        ("lang", "words"),
        [
            ("zh", ["年度对比", "放宽的指标", "放宽", "提高", "新增", "删除", "更名", "归类变化"]),
            (
                "en",
                ["Year-over-year", "Loosened targets", "loosened", "tightened", "added", "dropped"],
            ),
        ],
    )
    def test_text_names_every_change_in_words(self, lang: str, words: list[str]) -> None:
        """The change is a word in each row, in the language asked for."""
        text = DiffRenderer(lang=lang)(diff(datasets.quyang_2020(), next_year()))
        assert [] == [w for w in words if w not in text]
        assert "≥95百分比" in text
        assert "≥90%" in text

    def test_the_summary_counts(self) -> None:
        """The summary line counts every primary kind."""
        text = DiffRenderer(lang="en")(diff(datasets.quyang_2020(), next_year()))
        line = "indicators: 1 loosened, 0 changed, 1 tightened, 1 dropped, 1 added, 9 unchanged"
        assert line in text

    def test_loosened_targets_come_before_the_projects(self) -> None:
        """The loosened list is printed before the first project's table."""
        text = DiffRenderer(lang="en")(diff(datasets.quyang_2020(), next_year()))
        assert text.index("Loosened targets") < text.index("2021年群众工作中心日常经费\n")

    def test_markdown_has_tables(self) -> None:
        """Markdown gives headings and pipe tables."""
        text = DiffRenderer(fmt="markdown", lang="en")(diff(datasets.quyang_2020(), next_year()))
        assert "### Loosened targets" in text
        assert "| loosened  |" in text

    def test_html_escapes_text(self) -> None:
        """A label holding a script is shown as text, never run."""
        old = project("<b>p</b>", [row("<script>alert(1)</script>", "≥5人")])
        new = project("<b>p</b>", [row("<script>alert(1)</script>", "≥4人")])
        page = DiffRenderer(fmt="html", lang="en")(diff(old, new))
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "loosened" in page
        assert page.startswith("<!DOCTYPE html>")

    def test_json_is_the_record(self) -> None:
        """The JSON format is the record."""
        found = diff(datasets.quyang_2020(), next_year())
        text = DiffRenderer(fmt="json", lang="en")(found)
        assert diff_record(found, lang="en") == json.loads(text)

    def test_the_limit_is_noted(self) -> None:
        """A diff cut short by the limit says so."""
        found = diff(datasets.quyang_2020(), next_year(), max_comparisons=0)
        assert "the limit of name comparisons was reached" in DiffRenderer(lang="en")(found)


# -- the command ---------------------------------------------------------------

OLD_CSV = (
    "项目名称,群众工作中心日常经费\n年度,2020\n一级指标,二级指标,三级指标,指标值\n"
    "产出指标,数量指标,培训人数,≥50人\n产出指标,时效指标,完成时间,2020年12月底前\n"
    "成本指标,经济成本指标,成本,80万元\n效益指标,社会效益指标,完成率,≥95%\n"
)
NEW_CSV = (
    "项目名称,2021年群众工作中心日常经费项目\n年度,2021\n一级指标,二级指标,三级指标,指标值\n"
    "产出指标,数量指标,培训人数,≥50人\n产出指标,时效指标,完成时间,2021年12月底前\n"
    "成本指标,经济成本指标,成本,80万元\n效果指标,社会效益指标,完成率,≥95%\n"
)


def run(*argv: str) -> tuple[int, str]:
    """Run the command line and return its exit code and output."""
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text(OLD_CSV, encoding="utf-8")
    new.write_text(NEW_CSV, encoding="utf-8")
    return old, new


class TestCommand:
    def test_unchanged_tables_exit_0_even_with_fail_on(self, files: tuple[Path, Path]) -> None:
        """Nothing changed: exit 0 with --fail-on changed."""
        old, new = files
        code, out = run("diff", str(old), str(new), "--fail-on", "changed")
        assert 0 == code
        assert "放宽 0" in out

    def test_a_loosened_target_fails_with_fail_on_loosened(self, files: tuple[Path, Path]) -> None:
        """90万元 against a cap of 80万元: exit 1 with --fail-on loosened, 0 without."""
        old, new = files
        new.write_text(NEW_CSV.replace("80万元", "90万元"), encoding="utf-8")
        assert 1 == run("diff", str(old), str(new), "--fail-on", "loosened")[0]
        assert 1 == run("diff", str(old), str(new), "--fail-on", "changed")[0]
        assert 0 == run("diff", str(old), str(new))[0]

    def test_a_tightened_target_fails_only_on_changed(self, files: tuple[Path, Path]) -> None:
        """A raised count is a change but not a loosening."""
        old, new = files
        new.write_text(NEW_CSV.replace("≥50人", "≥60人"), encoding="utf-8")
        assert 0 == run("diff", str(old), str(new), "--fail-on", "loosened")[0]
        assert 1 == run("diff", str(old), str(new), "--fail-on", "changed")[0]

    def test_a_missing_file_exits_2_without_a_traceback(
        self, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An unreadable OLD is unusable input: one line on stderr, exit 2."""
        _, new = files
        assert 2 == run("diff", str(new.parent / "nope.csv"), str(new), "--lang", "en")[0]
        err = capsys.readouterr().err
        assert "perftarget diff:" in err
        assert "Traceback" not in err

    def test_a_file_without_a_target_table_exits_2(
        self, files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file with no indicator table is unusable input."""
        old, _ = files
        empty = tmp_path / "empty.csv"
        empty.write_text("a,b\n1,2\n", encoding="utf-8")
        assert 2 == run("diff", str(old), str(empty))[0]
        assert "Traceback" not in capsys.readouterr().err

    def test_a_self_evaluation_is_not_a_target_table(
        self, files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file holding only a self-evaluation has no target table: exit 2, said so."""
        old, _ = files
        selfeval = tmp_path / "selfeval.csv"
        selfeval.write_text(
            "一级指标,二级指标,三级指标,年度指标值,实际完成值,分值\n"
            "产出指标,数量指标,培训人数,≥50人,52人,10\n",
            encoding="utf-8",
        )
        assert 2 == run("diff", str(old), str(selfeval), "--lang", "en")[0]
        assert "holds no target table" in capsys.readouterr().err

    def test_json_format(self, files: tuple[Path, Path]) -> None:
        """--format json prints the record, with reading findings in findings."""
        old, new = files
        code, out = run("diff", str(old), str(new), "--format", "json", "--lang", "en")
        record = json.loads(out)
        assert (0, 1, 2020, 2021) == (
            code,
            record["summary"]["projects"]["matched"],
            record["old"]["year"],
            record["new"]["year"],
        )
        # 效果指标 is read by alias: a reading finding, in the common shape
        assert any(f["code"].startswith("PT0") and "location" in f for f in record["findings"])

    def test_reading_findings_are_printed(self, files: tuple[Path, Path]) -> None:
        """What reading noticed (效果指标 read by alias) follows the diff, as elsewhere."""
        old, new = files
        _, out = run("diff", str(old), str(new), "--lang", "en")
        assert "reading the input:" in out

    def test_markdown_format(self, files: tuple[Path, Path]) -> None:
        """--format markdown prints headings and pipe tables."""
        old, new = files
        _, out = run("diff", str(old), str(new), "--format", "markdown", "--lang", "en")
        assert out.startswith("## Year-over-year comparison")
        assert "| unchanged |" in out

    def test_html_to_an_output_file(
        self, files: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """--output writes the page to the file (and nothing to stdout), replacing any old one."""
        old, new = files
        target = tmp_path / "diff.html"
        target.write_text("old contents", encoding="utf-8")
        code, out = run("diff", str(old), str(new), "--format", "html", "--output", str(target))
        assert (0, "") == (code, out)
        assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        assert str(target.resolve()) in capsys.readouterr().err
        assert [target.name] == [p.name for p in tmp_path.iterdir() if p.suffix == ".html"]

    def test_an_unwritable_output_exits_2(self, files: tuple[Path, Path], tmp_path: Path) -> None:
        """An output in a missing folder is unusable: exit 2."""
        old, new = files
        target = tmp_path / "missing" / "diff.txt"
        assert 2 == run("diff", str(old), str(new), "--output", str(target))[0]

    def test_an_output_that_is_an_input_is_refused(self, files: tuple[Path, Path]) -> None:
        """--output naming OLD is refused (exit 2) and OLD is left as it was."""
        old, new = files
        assert 2 == run("diff", str(old), str(new), "--output", str(old))[0]
        assert OLD_CSV == old.read_text(encoding="utf-8")

    def test_year_shift_option(self, files: tuple[Path, Path]) -> None:
        """--year-shift 0 compares deadlines as written: a year later is loosened."""
        old, new = files
        assert 1 == run("diff", str(old), str(new), "--year-shift", "0", "--fail-on", "loosened")[0]

    def test_threshold_option(self, files: tuple[Path, Path]) -> None:
        """--threshold outside (0, 1] is a usage error (exit 2)."""
        old, new = files
        with pytest.raises(SystemExit) as stopped:
            run("diff", str(old), str(new), "--threshold", "2")
        assert 2 == stopped.value.code
        record = json.loads(
            run("diff", str(old), str(new), "--threshold", "0.9", "--format", "json")[1]
        )
        assert "0.9" == record["threshold"]


# -- properties ----------------------------------------------------------------

MIRROR = {
    DiffKind.ADDED: DiffKind.DROPPED,
    DiffKind.DROPPED: DiffKind.ADDED,
    DiffKind.LOOSENED: DiffKind.TIGHTENED,
    DiffKind.TIGHTENED: DiffKind.LOOSENED,
}

NEW_NAMES = ("宣传活动次数", "信访案件办结率", "群众来访接待人次", "矛盾纠纷排查次数", "培训人数")


@st.composite
def edited(draw: st.DrawFn, base: Department) -> Department:
    """A "next year" of ``base``: targets raised or lowered, rows dropped or added."""
    projects = []
    for item in base.projects:
        rows = []
        for indicator in item.indicators:
            action = draw(st.sampled_from(["keep", "number", "drop"]))
            if action == "drop":
                continue
            target = indicator.target
            if action == "number" and target.value is not None and target.comparator:
                value = draw(st.integers(min_value=1, max_value=99))
                symbol = "" if target.implicit else target.comparator.symbol
                text = f"{symbol}{value}{target.unit}"
                indicator = evolve(indicator, target=parse_target(text))
            rows.append(indicator)
        for name in draw(st.lists(st.sampled_from(NEW_NAMES), unique=True, max_size=2)):
            rows.append(row(name, f"≥{draw(st.integers(1, 9))}次", EFF, Level2.SOCIAL))
        projects.append(evolve(item, indicators=rows, year=2021))
    return evolve(base, projects=projects, year=2021)


def _perturb(draw: st.DrawFn, text: str) -> str:
    """The text with one character doubled or a space inserted."""
    at = draw(st.integers(min_value=0, max_value=max(len(text) - 1, 0)))
    if draw(st.booleans()) and text:
        return text[: at + 1] + text[at] + text[at + 1 :]
    return text[:at] + " " + text[at:]


@st.composite
def perturbed(draw: st.DrawFn, base: Department) -> Department:
    """``base`` with a typo in every project name and every label."""
    projects = []
    for item in base.projects:
        rows = [
            evolve(
                i,
                name=_perturb(draw, i.name),
                level1_label=_perturb(draw, i.level1_label),
                level2_label=_perturb(draw, i.level2_label),
            )
            for i in item.indicators
        ]
        projects.append(evolve(item, name=_perturb(draw, item.name), indicators=rows))
    return evolve(base, projects=projects)


def _with_cap_and_deadline(base: Department) -> Department:
    """The bundled department with a cost cap and a deadline added to its first project."""
    first = base.projects[0]
    rows = [
        *first.indicators,
        row("人均经费", "3.75万元", COST, Level2.ECONOMIC_COST),
        row("完成时间", "2020年12月底前", OUT, Level2.TIMELINESS),
    ]
    return evolve(base, projects=[evolve(first, indicators=rows), *base.projects[1:]])


BASE = _with_cap_and_deadline(datasets.quyang_2020())


class TestProperties:
    @given(edited(BASE))
    def test_a_table_against_itself_is_unchanged(self, table: Department) -> None:
        """diff(x, x) shows nothing but unchanged rows."""
        found = diff(table, table)
        assert not found.changed
        assert {DiffKind.UNCHANGED} >= {i.kind for p in found.projects for i in p.indicators}

    @given(edited(BASE))
    def test_swapping_the_years_mirrors_every_kind(self, table: Department) -> None:
        """diff(a, b) and diff(b, a): added ↔ dropped, tightened ↔ loosened, the rest equal."""
        forward = diff(BASE, table).counts()
        backward = diff(table, BASE).counts()
        assert {MIRROR.get(k, k): n for k, n in forward.items()} == backward

    @given(perturbed(BASE))
    def test_a_copy_with_typos_matches_every_indicator(self, table: Department) -> None:
        """A doubled character or a space in every label: every indicator still matches."""
        counts = diff(BASE, table).counts()
        assert (0, 0, 14) == (
            counts[DiffKind.ADDED],
            counts[DiffKind.DROPPED],
            counts[DiffKind.UNCHANGED],
        )

    @given(st.data())
    def test_one_character_replaced_in_a_long_name_still_matches(self, data: st.DataObject) -> None:
        """A name of 8 or more characters with one character replaced is the same, renamed."""
        long_rows = [i for p in BASE.projects for i in p.indicators if len(name_key(i.name)) >= 8]
        indicator = data.draw(st.sampled_from(long_rows))
        at = data.draw(st.integers(0, len(indicator.name) - 1))
        name = indicator.name[:at] + "〇" + indicator.name[at + 1 :]
        found = diff(
            project("p", [indicator]),
            project("p", [evolve(indicator, name=name)]),
        )
        assert ["unchanged", "renamed"] == [k.value for k in only(found).kinds]
