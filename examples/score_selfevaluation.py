"""
How-to: score a self-evaluation (docs/howto/score-a-self-evaluation.md).

Read a self-evaluation CSV, score it under the central rules with its funding
line, and print the official table, the total, the grade and the findings.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib import resources
from pathlib import Path

from perftarget import evaluate, read_selfeval_csv
from perftarget.report import ScorecardRenderer, scorecard_record


def main() -> None:
    """Score the bundled 永德县 2022 table as if it were your own CSV file."""
    folder = Path(tempfile.mkdtemp())
    csv_file = folder / "自评表.csv"
    bundled = resources.files("perftarget").joinpath("_data", "yongde_2022_nutrition.csv")
    csv_file.write_bytes(bundled.read_bytes())

    table = read_selfeval_csv(csv_file)
    # The funding block (年度资金总额) is in the file; pass Money amounts to override it.
    card = evaluate(table.rows, budget=table.budget, published_total=table.published_total)
    print(ScorecardRenderer(lang="en")(card))
    record = scorecard_record(card)
    print("JSON total:", record["total"], "grade:", record["grade"])
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
