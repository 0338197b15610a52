"""
How-to: write a rule set for your province (docs/howto/write-a-rule-set.md).

A rule set is a TOML file that ``extends`` a shipped one and overrides single
values; here over-completion is not capped and scores round to whole points.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from perftarget import datasets, evaluate, load_rules

RULES = """\
extends = "mof2020_selfeval"
id = "my_province_2024"
name = "某省 2024 项目支出绩效自评"
source = "某省财政厅 2024 年自评通知 (example)"
higher_cap = false

[rounding]
mode = "half_up"
places = 0
"""


def main() -> None:
    """Score the same table under the central rules and under a custom file."""
    path = Path(tempfile.mkdtemp()) / "my_province_2024.toml"
    path.write_text(RULES, encoding="utf-8")
    rules = load_rules(str(path))
    table = datasets.selfevaluation("yongde_2022_nutrition")
    for ruleset in (load_rules("mof2020_selfeval"), rules):
        card = evaluate(table.rows, rules=ruleset, budget=table.budget)
        print(f"{ruleset.id:20} total {card.total}  grade {card.grade}")


if __name__ == "__main__":
    main()
