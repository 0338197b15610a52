"""
Properties of lenient reading over generated, perturbed, damaged tables.

Tables are laid out as real ones are (combined, split and weight-first
layouts; CSV, text and Excel), their level labels perturbed as real templates
write them (numbering, weights, spaces, brackets, a doubled character, a known
synonym) and some rows damaged (an empty or unreadable target, an unknown
level-2 label).  Whatever the draw, a table with a recognisable header is read,
every indicator row is in the result, and every damaged row has a finding at
its row.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from io_layouts import LAYOUTS, Row, Spec, rows, to_csv, to_text, to_xlsx
from perftarget import Level1, Level2, TableError
from perftarget.io import read_table

#: (level 1, level 2) pairs of the common template, with their categories.
_PAIRS = (
    ("产出指标", "数量指标", Level1.OUTPUT, Level2.QUANTITY),
    ("产出指标", "质量指标", Level1.OUTPUT, Level2.QUALITY),
    ("产出指标", "时效指标", Level1.OUTPUT, Level2.TIMELINESS),
    ("效益指标", "社会效益指标", Level1.EFFECT, Level2.SOCIAL),
    ("效益指标", "生态效益指标", Level1.EFFECT, Level2.ECOLOGICAL),
    ("满意度指标", "服务对象满意度指标", Level1.SATISFACTION, Level2.SATISFACTION),
)
#: Spellings of older and regional templates, by canonical label.
_SYNONYMS = {
    "产出指标": ("项目完成指标", "产出目标"),
    "效益指标": ("项目效益指标", "效益目标"),
    "数量指标": ("数量目标",),
    "质量指标": ("质量目标",),
    "生态效益指标": ("环境效益",),
    "服务对象满意度指标": ("服务对象满意度",),
}
_NUMBERING = ("一、", "1、", "（一）", "(1)", "1.")
_WEIGHTS = ("(30分)", " （15分）", "(0-20)分", " 13 分")


@st.composite
def perturbed(draw: st.DrawFn, label: str, level: int) -> str:
    """``label`` as a template might write it."""
    kind = draw(st.sampled_from(("plain", "numbering", "weight", "space", "double", "synonym")))
    if kind == "numbering":
        return draw(st.sampled_from(_NUMBERING)) + label
    if kind == "weight" and level == 1:
        return label + draw(st.sampled_from(_WEIGHTS))
    if kind == "space":
        at = draw(st.integers(min_value=1, max_value=len(label) - 1))
        return label[:at] + " " + label[at:]
    if kind == "double":
        at = draw(st.integers(min_value=0, max_value=len(label) - 3))
        return label[: at + 1] + label[at] + label[at + 1 :]
    if kind == "synonym" and label in _SYNONYMS:
        return draw(st.sampled_from(_SYNONYMS[label]))
    return label


_TARGETS = ("≥50人", "≥95%", "≤30万元", "100%", "显著提升", "2024年12月底前", "3-5天")
_ACTUALS = ("50人", "96%", "28万元", "100%", "显著提升", "2024年11月", "4天")


@st.composite
def tables(draw: st.DrawFn) -> tuple[Spec, list[tuple[Level1, Level2] | None], list[bool]]:
    """A spec, the categories each row must resolve to (None: unknown), and damaged rows."""
    count = draw(st.integers(min_value=1, max_value=8))
    picks = sorted(draw(st.lists(st.integers(0, len(_PAIRS) - 1), min_size=count, max_size=count)))
    evaluation = draw(st.booleans())
    spec_rows: list[Row] = []
    expected: list[tuple[Level1, Level2] | None] = []
    damaged: list[bool] = []
    labels: dict[str, str] = {}
    for number, pick in enumerate(picks):
        l1, l2, c1, c2 = _PAIRS[pick]
        # One spelling per label and table, as a template writes it.
        w1 = labels.setdefault(l1, draw(perturbed(l1, 1)))
        unknown = draw(st.integers(0, 9)) == 0
        w2 = "甲乙丙" if unknown else labels.setdefault(l2, draw(perturbed(l2, 2)))
        value = draw(st.integers(0, len(_TARGETS) - 1))
        broken = draw(st.integers(0, 9)) == 0
        spec_rows.append(
            Row(
                level1=w1,
                level2=w2,
                level3=f"指标{number}",
                target=draw(st.sampled_from(("", "≥≥"))) if broken else _TARGETS[value],
                actual=_ACTUALS[value] if evaluation else "",
                weight="10" if evaluation else "",
                score="10" if evaluation else "",
            )
        )
        expected.append((c1, Level2.OTHER) if unknown else (c1, c2))
        damaged.append(broken)
    spec = Spec(name="项目", rows=spec_rows, evaluation=evaluation)
    return spec, expected, damaged


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    drawn=tables(),
    layout=st.sampled_from(LAYOUTS),
    fmt=st.sampled_from(("csv", "txt", "xlsx")),
)
def test_perturbed_tables_are_read_whole(
    drawn: tuple[Spec, list[tuple[Level1, Level2] | None], list[bool]], layout: str, fmt: str
) -> None:
    """Never refused; every row read; perturbed labels resolve; damage found at its row."""
    spec, expected, damaged = drawn
    table = rows(spec, layout)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"t.{fmt}"
        {"csv": to_csv, "txt": to_text, "xlsx": to_xlsx}[fmt]([table], path)
        try:
            contents = read_table(path)
        except TableError as error:  # pragma: no cover - the property's failure
            raise AssertionError(f"refused: {error}\n{table}") from error
    if spec.evaluation:
        (evaluation,) = contents.evaluations
        indicators = [row.indicator for row in evaluation.rows]
    else:
        (project,) = contents.department.projects
        indicators = list(project.indicators)
    assert [r.level3 for r in spec.rows] == [i.name for i in indicators]
    for item, categories, broken in zip(indicators, expected, damaged, strict=True):
        assert categories == (item.level1, item.level2), (item.label(1), item.label(2))
        assert bool(broken) == bool(item.problem)
    header_rows = {f.where.row for f in contents.findings if f.code in ("PT006", "PT007")}
    assert sum(damaged) == len(header_rows)
