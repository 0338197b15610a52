"""
Property-based tests of the batch engine: on random realistic tables it gives
what :func:`~perftarget.evaluate` gives, row by row and to the last decimal,
with the same finding codes and project totals; streaming in small batches
changes nothing.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from attrs import evolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
pytest.importorskip("pyarrow", reason="pip install -e '.[test]'")

from perftarget import EvaluationRow, Indicator, evaluate, load_rules  # noqa: E402
from perftarget.batch import project_totals, score_batch, score_file  # noqa: E402
from perftarget.core._actual import parse_actual  # noqa: E402
from perftarget.core._levellabel import parse_level1, parse_level2  # noqa: E402
from perftarget.core._parse import parse_target  # noqa: E402
from perftarget.core._text import normalize  # noqa: E402
from perftarget.exceptions import Location, ModelError, TargetParseError  # noqa: E402
from perftarget.rules import RuleSet, available_rules  # noqa: E402

#: Every shipped rule set, and the central one with the old reading of cost targets.
RULES = [
    *(load_rules(name) for name in available_rules()),
    evolve(load_rules(), id="no_cost_cap", cost_cap=False),
]
NOT_APPLICABLE = ("不适用", "n/a", "na", "/", "—", "-")

numbers = st.one_of(
    st.integers(min_value=0, max_value=2000).map(str),
    st.integers(min_value=1, max_value=99999).map(lambda n: str(Decimal(n).scaleb(-2))),
    st.sampled_from(["95", "100", "0", "8535.5", "98.70", "44561", "1"]),
)
comparators = st.sampled_from(["≥", "≤", ">", "<", "=", "", "", "不低于", "不超过", "达到", "约"])
units = st.sampled_from(
    [
        *("%", "%", "人", "次", "万元", "元", "个", "亩", "人次", "次/月", "天", "", "公里", "米"),
        *("粒", "元/月/人", "元/生/年", "人/年", "份", "号", "月", "年"),
    ]
)
fixed_targets = st.sampled_from(
    [
        "≥95%",
        "8人",
        "≤30万元",
        "≥1次/月",
        "2020年12月底前",
        "100%",
        "效果明显",
        "不超预算",
        "按时完成",
        "3-5天",
        "95%以上",
        "≥ ９０ %",
        "优良",
        "≤2020.5万元",
        "12月底前",
        "11月30日前",
    ]
)
targets = st.one_of(
    st.builds(lambda c, n, u: f"{c}{n}{u}", comparators, numbers, units), fixed_targets
)
actual_phrases = st.sampled_from(
    [
        "达成年度指标",
        "基本达到",
        "未完成",
        "效果明显",
        "已完成",
        "2020年11月完成",
        "2021年1月",
        "12月",
        "12月15日",
        "不适用",
        "",
        "显著",
    ]
)
actuals = st.one_of(
    st.builds(lambda n, u: f"{n}{u}", numbers, units),
    st.builds(lambda c, n, u: f"{c}{n}{u}", comparators, numbers, units),
    actual_phrases,
)
weights = st.sampled_from(["10", "20", "2.5", "3.333", "0", "", "20.125", "5"])
levels = st.sampled_from(
    [
        ("产出指标", "数量指标"),
        ("产出指标", "时效指标"),
        ("产出指标", "质量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
        ("成本指标", "经济成本指标"),
        ("决策指标", "项目立项"),
        ("过程指标", "资金管理"),
    ]
)
#: Cost level 2s, under which an implicit ``=`` (``80万元``) reads as a cap.
cost_levels = st.sampled_from(
    [
        ("产出指标", "成本指标"),
        ("成本指标", "经济成本指标"),
        ("成本指标", "社会成本指标"),
        ("成本指标", "生态环境成本指标"),
    ]
)
#: Cost targets with no comparator written (and the odd explicit one).
cost_targets = st.one_of(
    st.builds(lambda n, u: f"{n}{u}", numbers, st.sampled_from(["万元", "元", "", "千元"])),
    st.builds(lambda c, n: f"{c}{n}万元", st.sampled_from(["=", "≤", "≥"]), numbers),
)
names = st.sampled_from(["指标a", "指标b", "指标c", "指标d", "其中：子项", "一、合计", "1、分项"])
published = st.one_of(st.none(), st.none(), st.none(), st.sampled_from(["10", "9.5", "0", "20"]))
reasons = st.sampled_from(["", "", "说明"])
#: A project's 年度 (one per project, as in a real table): none, or one of three spellings.
YEARS = {"p1": None, "p2": "2020", "p3": "2021年", "p4": "2020年度"}
rows = st.one_of(
    *(
        st.fixed_dictionaries(
            {
                "project": st.sampled_from(["p1", "p2", "p3", "p4"]),
                "levels": level_pairs,
                "level3": names,
                "target": values,
                "actual": actuals,
                "weight": weights,
                "published_score": published,
                "reason": reasons,
            }
        )
        for level_pairs, values in ((levels, targets), (cost_levels, cost_targets))
    )
)

#: Cost rows the vectorised path takes: no published score, no parent or 其中 name.
plain_cost_rows = st.fixed_dictionaries(
    {
        "project": st.sampled_from(["p1", "p2"]),
        "levels": cost_levels,
        "level3": st.sampled_from(["指标a", "指标b"]),
        "target": cost_targets,
        "actual": st.one_of(st.builds(lambda n, u: f"{n}{u}", numbers, units), actual_phrases),
        "weight": weights,
        "published_score": st.none(),
        "reason": reasons,
    }
)


def to_frame(records: list[dict[str, Any]]) -> Any:
    """The batch frame of generated records, rows of a project kept together."""
    records = sorted(records, key=lambda r: r["project"])
    return pl.DataFrame(
        {
            "project": [r["project"] for r in records],
            "level1": [r["levels"][0] for r in records],
            "level2": [r["levels"][1] for r in records],
            "level3": [r["level3"] for r in records],
            "target": [r["target"] for r in records],
            "actual": [r["actual"] for r in records],
            "weight": [r["weight"] for r in records],
            "published_score": [r["published_score"] for r in records],
            "reason": [r["reason"] for r in records],
            "year": [YEARS[r["project"]] for r in records],
        },
        schema=dict.fromkeys(
            [
                "project",
                "level1",
                "level2",
                "level3",
                "target",
                "actual",
                "weight",
                "published_score",
                "reason",
                "year",
            ],
            pl.String,
        ),
    )


def build(record: dict[str, Any], index: int) -> EvaluationRow | None:
    """The per-object row of one record, None when it cannot be built."""
    try:
        level2 = parse_level2(record["level2"]).category
        target = parse_target(record["target"], level2=level2)  # type: ignore[arg-type]
        text = record["actual"]
        not_applicable = bool(text) and normalize(text).lower() in NOT_APPLICABLE
        actual = parse_actual(text) if text and not not_applicable else None
        weight = Decimal(record["weight"]) if record["weight"] else None
        score = record["published_score"]
        return EvaluationRow(
            indicator=Indicator(
                level1=parse_level1(record["level1"]).category,  # type: ignore[arg-type]
                level2=level2,  # type: ignore[arg-type]
                name=record["level3"],
                target=target,
                weight=weight,
            ),
            actual=actual,
            published_score=Decimal(score) if score else None,
            reason=record["reason"] or "",
            not_applicable=not_applicable,
            where=Location(row=index),
        )
    except (TargetParseError, ModelError):
        return None


def reference(frame: Any, rules: RuleSet) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """Per-row results and per-project totals from ``evaluate``, project by project."""
    records = frame.to_dicts()
    by_project: dict[str, list[tuple[int, EvaluationRow | None]]] = {}
    for index, record in enumerate(records):
        by_project.setdefault(record["project"], []).append((index, build(record, index)))
    expected: list[tuple[Any, ...]] = [()] * len(records)
    totals: dict[str, Any] = {}
    for project, items in by_project.items():
        year = YEARS[project]
        card = evaluate(
            [row for _, row in items if row is not None],
            rules=rules,
            year=int(year[:4]) if year else None,
        )
        codes: dict[int | None, list[str]] = {}
        for finding in card.findings:
            codes.setdefault(finding.where.row, []).append(finding.code)
        for index, row in items:
            if row is None:
                expected[index] = ("not scorable", None, None, None, "PT308")
        for item in card.indicators:
            index = item.row.where.row
            assert index is not None
            expected[index] = (
                item.status.value,
                item.direction.value if item.direction is not None else None,
                item.score,
                float(item.ratio) if item.ratio is not None else None,
                ";".join(codes.get(index, [])),
            )
        totals[project] = (card.total, card.grade, sorted(codes.get(None, [])))
    return expected, totals


def engine(frame: Any, rules: RuleSet) -> tuple[list[tuple[Any, ...]], dict[str, Any]]:
    """Per-row results and per-project totals from the batch engine."""
    scored = score_batch(frame, rules)
    rows = [
        (
            r["status"],
            r["direction"],
            Decimal(r["score"]) if r["score"] is not None else None,
            r["ratio"],
            r["findings"],
        )
        for r in scored.iter_rows(named=True)
    ]
    totals = {
        r["project"]: (
            Decimal(r["total"]),
            r["grade"],
            sorted(filter(None, r["findings"].split(";"))),
        )
        for r in project_totals(scored, rules).iter_rows(named=True)
    }
    return rows, totals


def same_ratio(a: float | None, b: float | None) -> bool:
    """Ratios agree (the engine's are floats for information only)."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12)


class TestEngineMatchesEvaluate:
    @settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(rows, min_size=1, max_size=25), st.sampled_from(RULES))
    def test_rows_and_totals_equal_the_per_object_path(
        self, records: list[dict[str, Any]], rules: RuleSet
    ) -> None:
        """Every row's status, direction, score, ratio and codes, and every total, match."""
        frame = to_frame(records)
        want_rows, want_totals = reference(frame, rules)
        got_rows, got_totals = engine(frame, rules)
        for index, (want, got) in enumerate(zip(want_rows, got_rows, strict=True)):
            context = frame.row(index, named=True)
            assert want[:3] == got[:3], context
            assert str(want[2]) == str(got[2]) or want[2] is None, context
            assert same_ratio(want[3], got[3]), context
            assert want[4] == got[4], context
        for project, (total, grade, codes) in want_totals.items():
            got_total, got_grade, got_codes = got_totals[project]
            assert total == got_total, project
            assert (grade, codes) == (got_grade, got_codes), project

    @settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(plain_cost_rows, min_size=1, max_size=8), st.sampled_from(RULES))
    def test_cost_caps_match_on_the_vectorised_path(
        self, records: list[dict[str, Any]], rules: RuleSet
    ) -> None:
        """Implicit cost targets read as caps (or not) exactly as evaluate() reads them."""
        frame = to_frame(records)
        want_rows, want_totals = reference(frame, rules)
        got_rows, got_totals = engine(frame, rules)
        for index, (want, got) in enumerate(zip(want_rows, got_rows, strict=True)):
            context = frame.row(index, named=True)
            assert want[:3] == got[:3], context
            assert same_ratio(want[3], got[3]), context
            assert want[4] == got[4], context
        assert {p: t[:2] for p, t in want_totals.items()} == {
            p: t[:2] for p, t in got_totals.items()
        }

    @settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
    @given(
        records=st.lists(rows, min_size=1, max_size=30),
        rules=st.sampled_from(RULES),
        batch_rows=st.integers(min_value=1, max_value=7),
    )
    def test_streaming_in_small_batches_changes_nothing(
        self, records: list[dict[str, Any]], rules: RuleSet, batch_rows: int, tmp_path_factory: Any
    ) -> None:
        """Scoring a file in batches of a few rows gives the one-batch rows and totals."""
        frame = to_frame(records)
        folder: Path = tmp_path_factory.mktemp("stream")
        source = folder / "in.parquet"
        frame.write_parquet(source)
        out, totals = folder / "out.parquet", folder / "totals.csv"
        score_file(source, rules, out, totals=totals, batch_rows=batch_rows)
        whole = score_batch(frame, rules)
        public = [c for c in whole.columns if not c.startswith("_")]
        assert whole.select(public).to_dicts() == pl.read_parquet(out).to_dicts()
        expected = project_totals(whole, rules)
        written = pl.read_csv(totals, infer_schema=False)
        assert expected.select("project", "total", "grade", "findings").to_dicts() == (
            written.select("project", "total", "grade", "findings").to_dicts()
        )
