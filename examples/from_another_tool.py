"""
How-to: use perftarget from another tool (docs/howto/use-from-another-tool.md).

Two ways: call the command line and read its JSON (any language), or import
the library and take the same records as Python dicts.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from perftarget import datasets
from perftarget.report import findings_record, scorecard_record


def main() -> None:
    """Score through the CLI's JSON contract, then through the Python API."""
    folder = Path(tempfile.mkdtemp())
    csv_file = folder / "table.csv"
    bundled = resources.files("perftarget").joinpath("_data", "yongde_2022_nutrition.csv")
    csv_file.write_bytes(bundled.read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "perftarget.cli", "score", str(csv_file), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", check=False,
    )  # fmt: skip
    # exit codes: 0 scored, 1 scored with error findings, 2 unusable input
    assert result.returncode in (0, 1), result.stderr
    record = json.loads(result.stdout)
    print("CLI:", record["total"], record["grade"], [f["code"] for f in record["findings"]])

    api = scorecard_record(datasets.yongde_2022_scorecard())
    print("API:", api["total"], api["grade"])
    from perftarget import review

    counts = findings_record(review(datasets.quyang_2020()))["counts"]
    print("review counts:", counts)


if __name__ == "__main__":
    main()
