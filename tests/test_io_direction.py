"""
The direction column (指标性质 / 指标方向 = 正向 / 反向) is read and written.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from perftarget import Comparator, Direction, datasets
from perftarget.io import read_table, write_table

# 乌海 2021 layout: 指标性质 holds the direction, 指标方向 the comparator (domain-rules §3.1).
WUHAI = (
    "一级指标,二级指标,三级指标,指标性质,指标方向,指标值,度量单位\n"
    "产出指标,成本指标,人均成本,反向,=,1.5,万元/人\n"
    "产出指标,数量指标,培训人数,正向,≥,100,人\n"
)


class TestDirectionColumn:
    """A stated direction overrides the one the comparator implies."""

    def test_wuhai_layout(self, tmp_path: Path) -> None:
        """反向 with '=' is an equal-comparator target scored lower-is-better."""
        path = tmp_path / "wuhai.csv"
        path.write_text(WUHAI, encoding="utf-8")
        cost, people = read_table(path).department.projects[0].indicators
        assert (Comparator.EQ, Direction.LOWER_IS_BETTER, "万元/人") == (
            cost.target.comparator,
            cost.target.direction,
            cost.target.unit,
        )
        assert (Comparator.GE, Direction.HIGHER_IS_BETTER) == (
            people.target.comparator,
            people.target.direction,
        )

    @pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".json"])
    def test_round_trip_keeps_override(self, tmp_path: Path, suffix: str) -> None:
        """A target with a direction override reads back with it from every writable format."""
        department = datasets.quyang_2020()
        project = department.projects[0]
        first = project.indicators[0]
        changed = attrs.evolve(
            first,
            target=attrs.evolve(first.target, direction_override=Direction.LOWER_IS_BETTER),
        )
        project = attrs.evolve(project, indicators=(changed, *project.indicators[1:]))
        department = attrs.evolve(department, projects=(project,))
        path = tmp_path / f"t{suffix}"
        write_table(department, path)
        back = read_table(path).department.projects[0].indicators[0]
        assert Direction.LOWER_IS_BETTER == back.target.direction
