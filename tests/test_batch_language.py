"""
The batch engine reads the readers' language: the official Chinese headers,
项目名称 / 项目编码 for the project and the funding block's 全年预算数 /
全年执行数 for the budget-execution line, so that its totals and grades equal
those of ``read_table`` + ``evaluate`` (and ``perftarget score``) on the same
project.  Also the hardening of the batch path: weights in other digits,
cells too long to read, CR-only line ends and NUL bytes.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars")
pytest.importorskip("pyarrow")

from perftarget import evaluate, load_rules  # noqa: E402
from perftarget.batch import (  # noqa: E402
    batch_columns,
    score_batch,
    score_file,
)
from perftarget.batch._engine import BUDGET_FIELDS  # noqa: E402
from perftarget.batch._fallback import score_budgets  # noqa: E402
from perftarget.batch._totals import _fast_budgets  # noqa: E402
from perftarget.cli import main  # noqa: E402
from perftarget.exceptions import TableError  # noqa: E402
from perftarget.io import read_table  # noqa: E402
from perftarget.rules import RuleSet, available_rules  # noqa: E402
from strategies import actual_texts, target_texts  # noqa: E402

RULES = load_rules("mof2020_selfeval")
CHINESE = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"]
LEVELS = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("效益指标", "社会效益指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
]


def chinese_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    """Write a batch CSV with the given header."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def totals_of(source: Path, rules: RuleSet = RULES, batch_rows: int = 250_000) -> dict[str, Any]:
    """The totals file of ``score_file`` on ``source``, by project."""
    out, totals = source.with_name("out.csv"), source.with_name("totals.csv")
    score_file(source, rules, out, totals=totals, batch_rows=batch_rows)
    frame = pl.read_csv(totals, infer_schema=False)
    return {r["project"]: r for r in frame.iter_rows(named=True)}


class TestHeaders:
    def test_official_headers_name_the_batch_columns(self) -> None:
        """一级指标 … 分值, 得分 and 偏差原因 map to the batch's own columns."""
        headers = [*CHINESE, "得分", "偏差原因分析及改进措施", "年度"]
        expected = {
            "项目名称": "project",
            "一级指标": "level1",
            "二级指标": "level2",
            "三级指标": "level3",
            "年度指标值": "target",
            "实际完成值": "actual",
            "分值": "weight",
            "得分": "published_score",
            "偏差原因分析及改进措施": "reason",
            "年度": "year",
        }
        assert expected == batch_columns(headers)

    def test_the_project_name_is_the_key_when_the_code_is_also_given(self) -> None:
        """With 项目编码 and 项目名称 both present, 项目名称 is the project."""
        assert {"项目名称": "project"} == batch_columns(["项目编码", "项目名称"])

    def test_the_project_code_is_the_key_without_a_name(self) -> None:
        """项目编码 alone is the project."""
        assert {"项目编码": "project"} == batch_columns(["项目编码"])

    def test_budget_columns_are_read_with_the_funding_vocabulary(self) -> None:
        """全年预算数(万元), 全年执行数 and prefixed 分值 / 偏差原因 are the budget line."""
        headers = [
            "全年预算数(万元)",
            "全年执行数",
            "调整后预算数",
            "预算执行率分值",
            "budget_reason",
        ]
        expected = ["budget", "executed", "adjusted", "budget_weight", "budget_reason"]
        assert expected == list(batch_columns(headers).values())

    def test_the_batch_names_still_work(self) -> None:
        """``project``, ``level1`` … ``published_score`` read as before."""
        headers = ["project", "level1", "target", "published_score", "budget_weight"]
        assert headers == list(batch_columns(headers).values())

    def test_a_file_with_chinese_headers_scores_as_one_with_batch_names(
        self, tmp_path: Path
    ) -> None:
        """The same rows under official headers and under batch names give the same totals."""
        rows = [["项目甲", "产出指标", "数量指标", "培训人数", "≥95人", "93人", "20"]]
        names = ["project", "level1", "level2", "level3", "target", "actual", "weight"]
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        chinese = totals_of(chinese_csv(tmp_path / "a" / "in.csv", CHINESE, rows))
        own = totals_of(chinese_csv(tmp_path / "b" / "in.csv", names, rows))
        assert own["项目甲"]["total"] == chinese["项目甲"]["total"]
        assert "19.58" == chinese["项目甲"]["total"]

    def test_split_operator_and_unit_columns_are_joined_into_the_target(self) -> None:
        """指标性质 | 指标值 | 度量单位 read as one target, as the readers read them."""
        frame = pl.DataFrame(
            {
                "项目名称": ["p"],
                "一级指标": ["产出指标"],
                "二级指标": ["数量指标"],
                "三级指标": ["培训人数"],
                "指标性质": ["≥"],
                "指标值": ["95"],
                "度量单位": ["人"],
                "实际完成值": ["93人"],
                "分值": ["20"],
            }
        )
        row = score_batch(frame, RULES).row(0, named=True)
        assert ("≥95人", "19.58") == (row["target"], row["score"])

    def test_a_missing_column_is_named_with_its_official_header(self, tmp_path: Path) -> None:
        """A file without 实际完成值 is refused, naming the column and its header."""
        source = chinese_csv(tmp_path / "in.csv", [*CHINESE[:5], "分值"], [["p"] * 6])
        with pytest.raises(TableError) as caught:
            score_file(source, RULES, tmp_path / "out.csv")
        assert "actual (实际完成值)" in str(caught.value)


BUDGET_HEADER = [*CHINESE, "全年预算数", "全年执行数"]
#: One project: indicators worth 90 and a budget line of 10 under mof2020_selfeval.
PROJECT = [
    ["甲", "产出指标", "数量指标", "培训人数", "≥100人", "98人", "50"],
    ["甲", "效益指标", "社会效益指标", "覆盖率", "≥90%", "95%", "30"],
    ["甲", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%", "10"],
]


class TestBudgetLine:
    def test_the_budget_line_is_added_to_the_total(self, tmp_path: Path) -> None:
        """Budget 100, executed 98: 9.80 of 10 joins 89 of 90, 98.80 优, as score gives."""
        rows = [[*PROJECT[0], "100", "98"], *([*r, "", ""] for r in PROJECT[1:])]
        found = totals_of(chinese_csv(tmp_path / "in.csv", BUDGET_HEADER, rows))["甲"]
        assert ("98.80", "优", "") == (found["total"], found["grade"], found["findings"] or "")

    def test_a_budget_repeated_on_every_row_counts_once(self, tmp_path: Path) -> None:
        """The same amounts on each row of the project are one budget line."""
        rows = [[*r, "100", "98"] for r in PROJECT]
        assert (
            "98.80"
            == totals_of(chinese_csv(tmp_path / "in.csv", BUDGET_HEADER, rows))["甲"]["total"]
        )

    def test_without_budget_columns_the_line_is_not_scored(self, tmp_path: Path) -> None:
        """No amounts: the total is the indicators' and PT311 says why."""
        found = totals_of(chinese_csv(tmp_path / "in.csv", CHINESE, PROJECT))["甲"]
        assert ("89.00", "PT311") == (found["total"], found["findings"])

    @pytest.mark.parametrize(
        ("first", "second"),
        [(("100", "98"), ("100", "90")), (("100", "98"), ("一百", ""))],
        ids=["conflicting", "not-a-number"],
    )
    def test_unusable_amounts_are_a_finding_and_not_scored(
        self, first: tuple[str, str], second: tuple[str, str], tmp_path: Path
    ) -> None:
        """Two different executed amounts, or a budget that is no number, give PT319."""
        rows = [[*PROJECT[0], *first], [*PROJECT[1], *second], [*PROJECT[2], "", ""]]
        found = totals_of(chinese_csv(tmp_path / "in.csv", BUDGET_HEADER, rows))["甲"]
        assert "89.00" == found["total"]
        assert {"PT311", "PT319"} == set(found["findings"].split(";"))

    def test_a_conflict_across_batches_is_found(self, tmp_path: Path) -> None:
        """Amounts that differ between the batches a project spans are still PT319."""
        rows = [[*PROJECT[0], "100", "98"], [*PROJECT[1], "100", "97"], [*PROJECT[2], "", ""]]
        frame = pl.DataFrame(rows, schema=BUDGET_HEADER, orient="row")
        from perftarget.batch import merge_totals, partial_totals

        parts = [partial_totals(score_batch(frame.slice(i, 1), RULES)) for i in range(3)]
        merged = merge_totals(pl.concat(parts, how="diagonal_relaxed"), RULES)
        assert "PT319" in merged["findings"][0].split(";")

    def test_a_project_scored_whole_includes_its_budget(self, tmp_path: Path) -> None:
        """A project with published scores (scored by evaluate) counts its budget line too."""
        header = [*BUDGET_HEADER, "得分"]
        rows = [[*r, "100", "98", r[-1]] for r in PROJECT]
        found = totals_of(chinese_csv(tmp_path / "in.csv", header, rows))["甲"]
        assert "98.80" == found["total"]

    def test_a_budget_above_the_rule_weight_is_reported(self, tmp_path: Path) -> None:
        """A published budget weight other than the rule set's is PT321, as in evaluate."""
        header = [*BUDGET_HEADER, "预算执行率分值"]
        rows = [[*PROJECT[0], "100", "98", "20"], *([*r, "", "", ""] for r in PROJECT[1:])]
        found = totals_of(chinese_csv(tmp_path / "in.csv", header, rows))["甲"]
        assert "PT321" in found["findings"].split(";")


amount_texts = st.one_of(
    st.none(),
    st.just("0"),
    st.decimals(min_value=0, max_value=10**9, places=4).map(lambda d: f"{d:f}"),
    st.integers(min_value=1, max_value=10**16).map(str),
)
budget_lines = st.tuples(
    amount_texts,
    amount_texts,
    st.none(),
    st.sampled_from([None, None, "10", "5"]),
    st.sampled_from([None, "原因"]),
    st.booleans(),
)


class TestBudgetArithmetic:
    @settings(max_examples=200, deadline=None)
    @given(
        lines=st.lists(budget_lines, min_size=1, max_size=30),
        rules=st.sampled_from(
            [
                *(load_rules(name) for name in available_rules()),
                evolve(
                    RULES,
                    budget=evolve(RULES.budget, cap=False, reason_below=Decimal("0.85")),
                ),
            ]
        ),
    )
    def test_the_integer_path_equals_the_per_object_budget_function(
        self, lines: list[tuple[Any, ...]], rules: RuleSet
    ) -> None:
        """Every budget line scored in integers has the score, codes and weight of score_budget."""
        frame = pl.DataFrame(
            lines,
            schema={**dict.fromkeys(BUDGET_FIELDS, pl.String), "_bconf": pl.Boolean},
            orient="row",
        )
        fast = _fast_budgets(frame, rules).filter(pl.col("_fast"))
        expected = score_budgets(list(fast.select(*BUDGET_FIELDS, "_bconf").iter_rows()), rules)
        actual = list(fast.select("_bunits", "_bcodes", "_bw6").iter_rows())
        assert expected == actual


class TestCommandLine:
    def test_score_batch_reads_official_headers_and_the_budget_line(self, tmp_path: Path) -> None:
        """score --batch on a file with Chinese headers writes the budget-inclusive totals."""
        rows = [[*PROJECT[0], "100", "98"], *([*r, "", ""] for r in PROJECT[1:])]
        source = chinese_csv(tmp_path / "in.csv", BUDGET_HEADER, rows)
        out, totals = tmp_path / "out.csv", tmp_path / "totals.csv"
        argv = ["score", "--batch", str(source), "--output", str(out), "--totals", str(totals)]
        assert 0 == main(argv, out=io.StringIO())
        found = pl.read_csv(totals, infer_schema=False).row(0, named=True)
        assert ("甲", "98.80", "优") == (found["project"], found["total"], found["grade"])

    def test_a_header_without_a_required_column_exits_2_naming_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file lacking 实际完成值 exits 2 and names the column in Chinese."""
        source = chinese_csv(tmp_path / "in.csv", [*CHINESE[:5], "分值"], [["p"] * 6])
        argv = [
            "score",
            "--lang",
            "zh",
            "--batch",
            str(source),
            "--output",
            str(tmp_path / "o.csv"),
        ]
        assert 2 == main(argv, out=io.StringIO())
        assert "表头缺少列：actual (实际完成值)" in capsys.readouterr().err


# ----------------------------------------------------------------- property


def _cell(value: Decimal) -> str:
    return format(value, "f")


@st.composite
def projects(draw: st.DrawFn, rules: RuleSet) -> dict[str, Any]:
    """A project whose weights add up to the rule set's total, with a budget line."""
    count = draw(st.integers(min_value=1, max_value=6))
    halves = int((rules.total - rules.budget.weight) * 2)
    cuts = sorted(draw(st.lists(st.integers(0, halves), min_size=count - 1, max_size=count - 1)))
    edges = [0, *cuts, halves]
    weights = [Decimal(b - a) / 2 for a, b in itertools.pairwise(edges)]
    rows = [
        {
            "levels": draw(st.sampled_from(LEVELS)),
            "level3": f"指标{index}",
            "target": draw(target_texts),
            "actual": draw(actual_texts),
            "weight": weight,
        }
        for index, weight in enumerate(weights)
    ]
    budget = draw(st.decimals(min_value=0, max_value=10**6, places=2))
    executed = draw(st.decimals(min_value=0, max_value=budget * Decimal("1.2") + 1, places=2))
    return {
        "rows": rows,
        "budget": budget,
        "executed": executed,
        "repeated": draw(st.booleans()),
    }


def per_project_csv(path: Path, name: str, project: dict[str, Any]) -> Path:
    """The project as one self-evaluation in the official layout (funding block first)."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["项目名称", name])
        writer.writerow(["项目资金(万元)", "全年预算数", "全年执行数", "分值", "执行率", "得分"])
        writer.writerow(["年度资金总额", _cell(project["budget"]), _cell(project["executed"])])
        writer.writerow(CHINESE[1:])
        for row in project["rows"]:
            writer.writerow(
                [*row["levels"], row["level3"], row["target"], row["actual"], _cell(row["weight"])]
            )
    return path


def batch_csv(path: Path, projects: list[dict[str, Any]]) -> Path:
    """All projects in one batch CSV with Chinese headers and budget columns."""
    rows: list[list[str]] = []
    for number, project in enumerate(projects):
        for index, row in enumerate(project["rows"]):
            amounts = [_cell(project["budget"]), _cell(project["executed"])]
            if index and not project["repeated"]:
                amounts = ["", ""]
            rows.append(
                [
                    f"项目{number}",
                    *row["levels"],
                    row["level3"],
                    row["target"],
                    row["actual"],
                    _cell(row["weight"]),
                    *amounts,
                ]
            )
    return chinese_csv(path, BUDGET_HEADER, rows)


def scored_per_object(path: Path, rules: RuleSet) -> tuple[Decimal, str]:
    """Total and grade of ``read_table`` + ``evaluate``, as ``perftarget score`` runs them."""
    (table,) = read_table(path).evaluations
    card = evaluate(
        table.rows,
        rules=rules,
        budget=table.budget,
        published_total=table.published_total,
        year=table.year,
    )
    return card.total, card.grade


SHIPPED = [load_rules(name) for name in available_rules()]


@st.composite
def provinces(draw: st.DrawFn) -> tuple[RuleSet, list[dict[str, Any]], int]:
    """A rule set, a few projects scored under it and a batch size."""
    rules = draw(st.sampled_from(SHIPPED))
    found = draw(st.lists(projects(rules), min_size=1, max_size=4))
    return rules, found, draw(st.integers(min_value=1, max_value=20))


class TestBatchMatchesScore:
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(case=provinces())
    def test_totals_and_grades_equal_read_table_and_evaluate(
        self, case: tuple[RuleSet, list[dict[str, Any]], int], tmp_path_factory: Any
    ) -> None:
        """Every project's total and grade from the batch equal the per-object path's."""
        rules, found, batch_rows = case
        folder: Path = tmp_path_factory.mktemp("language")
        got = totals_of(batch_csv(folder / "in.csv", found), rules, batch_rows)
        for number, project in enumerate(found):
            name = f"项目{number}"
            path = per_project_csv(folder / f"p{number}.csv", name, project)
            total, grade = scored_per_object(path, rules)
            assert (total, grade) == (Decimal(got[name]["total"]), got[name]["grade"] or ""), name

    @settings(
        max_examples=4,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(project=projects(RULES))
    def test_totals_and_grades_equal_the_score_command(
        self, project: dict[str, Any], tmp_path_factory: Any
    ) -> None:
        """``perftarget score FILE --format json`` gives the batch's total and grade."""
        folder: Path = tmp_path_factory.mktemp("command")
        got = totals_of(batch_csv(folder / "in.csv", [project]))["项目0"]
        out = io.StringIO()
        path = per_project_csv(folder / "p.csv", "项目0", project)
        main(["score", str(path), "--format", "json"], out=out)  # exit 1: error findings
        record = json.loads(out.getvalue())
        assert (Decimal(record["total"]), record["grade"]) == (
            Decimal(got["total"]),
            got["grade"] or "",
        )


# ----------------------------------------------------------------- hardening


class TestHardening:
    def test_a_weight_in_arabic_indic_digits_reads_as_on_the_per_object_path(
        self, tmp_path: Path
    ) -> None:
        """A weight of ٣ is 3 in the batch, as read_table + evaluate read it."""
        row = ["p", "产出指标", "数量指标", "a", "≥95%", "93%", "٣"]
        source = chinese_csv(tmp_path / "in.csv", CHINESE, [row])
        single = chinese_csv(tmp_path / "one.csv", CHINESE[1:], [row[1:]])
        (table,) = read_table(single).evaluations
        expected = evaluate(table.rows, rules=RULES).total
        assert expected == Decimal(totals_of(source)["p"]["total"])
        assert Decimal("2.94") == expected

    def test_a_cell_beyond_the_integer_digit_limit_is_a_finding_on_its_row(
        self, tmp_path: Path
    ) -> None:
        """An actual of 5,000 digits leaves its row unscored; the other rows are scored."""
        rows = [
            ["p", "产出指标", "数量指标", "a", "≥95%", "93%", "20"],
            ["p", "产出指标", "数量指标", "b", "≥95%", "9" * 5000, "20"],
            ["q", "产出指标", "数量指标", "c", "≥95%", "93%", "9" * 5000],
        ]
        source = chinese_csv(tmp_path / "in.csv", CHINESE, rows)
        score_file(source, RULES, tmp_path / "out.csv")
        out = pl.read_csv(tmp_path / "out.csv", infer_schema=False)
        assert ["19.58", None, None] == out["score"].to_list()
        assert ["partly met", "not scorable", "not scorable"] == out["status"].to_list()
        assert all(out["findings"][1:].to_list())

    def test_a_target_left_as_template_residue_is_kept_unscored_as_the_readers_keep_it(
        self, tmp_path: Path
    ) -> None:
        """是/否 as a target is not scored (PT309) and its weight still counts, as in score."""
        rows = [[*PROJECT[0][:4], "是/否", "达成年度指标", "50"], *PROJECT[1:]]
        source = chinese_csv(tmp_path / "in.csv", CHINESE, rows)
        found = totals_of(source)["甲"]
        score_file(source, RULES, tmp_path / "out.csv")
        first = pl.read_csv(tmp_path / "out.csv", infer_schema=False).row(0, named=True)
        single = chinese_csv(tmp_path / "one.csv", CHINESE[1:], [r[1:] for r in rows])
        (table,) = read_table(single).evaluations
        card = evaluate(table.rows, rules=RULES)
        assert ("not scorable", "PT309") == (first["status"], first["findings"])
        assert (card.total, card.grade) == (Decimal(found["total"]), found["grade"])

    def test_cr_only_line_ends_are_read_as_rows(self, tmp_path: Path) -> None:
        """A CSV whose lines end in CR alone gives its rows, not zero rows."""
        text = "\r".join(",".join(r) for r in [CHINESE, *PROJECT]) + "\r"
        source = tmp_path / "in.csv"
        source.write_bytes(text.encode())
        assert "89.00" == totals_of(source)["甲"]["total"]

    def test_nul_bytes_after_the_first_megabyte_are_refused(self, tmp_path: Path) -> None:
        """A CSV that turns binary past its start is refused with our error, naming the byte."""
        row = ",".join(["甲", "产出指标", "数量指标", "a", "≥95%", "93%", "20"]) + "\n"
        head = (",".join(CHINESE) + "\n" + row * 30_000).encode()
        source = tmp_path / "in.csv"
        source.write_bytes(head + b"\0" * 1000)
        with pytest.raises(TableError) as caught:
            score_file(source, RULES, tmp_path / "out.csv")
        assert f"byte {len(head)}" in str(caught.value)
        assert not (tmp_path / "out.csv").exists()
