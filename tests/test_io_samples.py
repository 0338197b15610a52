"""
The five sample tables, rendered into every layout and file format, read back intact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

import io_layouts as layouts
from perftarget import Money, parse_actual, parse_level1, parse_level2, parse_target
from perftarget.io import Contents, read_table

yaml = pytest.importorskip("yaml", reason="pip install -e '.[test]'")

SAMPLES = Path(__file__).resolve().parent / "data" / "samples" / "tables"
CASES = sorted(SAMPLES.glob("*.yaml"))

Writer = Callable[[Sequence[Sequence[Sequence[str]]], Path], Path]
WRITERS: dict[str, Writer] = {
    "xlsx": layouts.to_xlsx,
    "docx": layouts.to_docx,
    "csv": layouts.to_csv,
    "txt": layouts.to_text,
}


def _spec(data: dict[str, Any]) -> layouts.Spec:
    evaluation = data["kind"] == "self_evaluation"
    rows = [
        layouts.Row(
            level1=item["level1"],
            level2=item["level2"],
            level3=item["level3"],
            target=item["target"],
            actual=item.get("actual") or "",
            weight=item.get("weight") or "",
            score=item.get("score") or "",
            cells=(
                tuple(item["target_cells"][k] for k in ("op", "value", "unit"))  # type: ignore[arg-type]
                if "target_cells" in item
                else None
            ),
        )
        for item in data["indicators"]
    ]
    budget = data.get("budget") or {}
    return layouts.Spec(
        name=str(data["title"]).split("—")[-1].strip()[:30],
        rows=rows,
        evaluation=evaluation,
        unit=budget.get("unit", "万元"),
        budget={
            "initial": budget.get("initial_budget", ""),
            "budget": budget.get("annual_budget", ""),
            "executed": budget.get("executed", ""),
            "weight": budget.get("weight", ""),
            "rate": budget.get("execution_rate", ""),
            "score": budget.get("score", ""),
        },
        total=data.get("total_score") or "",
    )


def _load(case: Path) -> tuple[dict[str, Any], layouts.Spec]:
    data = yaml.safe_load(case.read_text(encoding="utf-8"))
    return data, _spec(data)


def _check(data: dict[str, Any], spec: layouts.Spec, contents: Contents) -> None:
    expected = [item for item in data["indicators"] if item["level3"]]
    if spec.evaluation:
        [evaluation] = contents.evaluations
        got: list[Any] = [row.indicator for row in evaluation.rows]
        actuals = [row.actual for row in evaluation.rows]
        assert [parse_actual(item["actual"]) for item in expected] == actuals
        assert [parse_level1(i["level1"]).weight for i in expected] == [
            row.level1_weight for row in evaluation.rows
        ]
        budget = data["budget"]
        assert Money.parse(budget["annual_budget"], default_unit=budget["unit"]) == (
            evaluation.budget.budget
        )
        assert Money.parse(budget["executed"], default_unit=budget["unit"]) == (
            evaluation.budget.executed
        )
        if data.get("total_score"):
            assert str(evaluation.published_total) == data["total_score"]
    else:
        [project] = contents.department.projects
        got = list(project.indicators)
        budget = data["budget"]
        assert Money.parse(budget["annual_budget"], default_unit=budget["unit"]) == project.amount
    assert [parse_level1(i["level1"]).category for i in expected] == [g.level1 for g in got]
    assert [parse_level2(i["level2"]).category for i in expected] == [g.level2 for g in got]
    assert [i["level3"] for i in expected] == [g.name for g in got]
    level2s = [parse_level2(i["level2"]).category for i in expected]
    targets = [
        parse_target(i["target"], level2=l2) for i, l2 in zip(expected, level2s, strict=True)
    ]  # type: ignore[arg-type]
    assert targets == [g.target for g in got]


@pytest.mark.parametrize("layout", layouts.LAYOUTS)
@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_sample_reads_back_in_every_layout(
    case: Path, fmt: str, layout: str, tmp_path: Path
) -> None:
    """A sample in any layout and format reads back with levels, targets and actuals intact."""
    data, spec = _load(case)
    path = WRITERS[fmt]([layouts.rows(spec, layout)], tmp_path / f"{case.stem}.{fmt}")
    _check(data, spec, read_table(path))


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "csv", "txt"])
def test_all_samples_stacked_in_one_file(fmt: str, tmp_path: Path) -> None:
    """The samples stacked in one sheet or document read back as 2 projects and 3 evaluations."""
    loaded = [_load(case) for case in CASES]
    tables = [layouts.rows(spec, "combined") for _, spec in loaded]
    contents = read_table(WRITERS[fmt](tables, tmp_path / f"all.{fmt}"))
    targets = [spec.name for _, spec in loaded if not spec.evaluation]
    assert targets == [p.name for p in contents.department.projects]
    assert sum(spec.evaluation for _, spec in loaded) == len(contents.evaluations)


def test_seed_text_form_reads_its_three_target_tables() -> None:
    """The seed disclosure's text form yields its three target tables, named by headings."""
    from importlib import resources

    from perftarget import datasets

    seed = resources.files("perftarget").joinpath("_data", "quyang_xinfang_2020.txt")
    with resources.as_file(seed) as path:
        projects = read_table(path).department.projects
    expected = datasets.quyang_2020().projects
    assert [p.name for p in expected] == [p.name for p in projects]
    assert [p.indicators for p in expected] == [p.indicators for p in projects]
