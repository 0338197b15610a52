"""
Every command that takes a table reads every supported format.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest

from perftarget import datasets
from perftarget.cli import main
from perftarget.io import read_table, write_table


class TestScoreFormats:
    """``perftarget score`` gives the same scorecard from CSV, xlsx and JSON."""

    @pytest.mark.parametrize("suffix", [".xlsx", ".json"])
    def test_same_scores_as_csv(self, tmp_path: Path, suffix: str) -> None:
        """Converted to another format, the bundled self-evaluation scores the same."""
        source = datasets.selfevaluation("yongde_2022_nutrition")
        csv_path = tmp_path / "t.csv"
        write_table(source, csv_path)
        other = tmp_path / f"t{suffix}"
        write_table(read_table(csv_path), other)
        results = []
        for path in (csv_path, other):
            out = StringIO()
            main(["score", str(path), "--format", "json"], out=out)
            data = json.loads(out.getvalue())
            results.append((data["total"], data["grade"], [i["score"] for i in data["indicators"]]))
        assert results[0] == results[1]


class TestReviewFormats:
    """``perftarget review`` reads target tables from xlsx as from CSV."""

    def test_xlsx_review_matches_dataset(self, tmp_path: Path) -> None:
        """The seed's target tables written to xlsx give the same finding codes as --dataset."""
        path = tmp_path / "targets.xlsx"
        write_table(datasets.quyang_2020(), path)
        from_file, from_dataset = StringIO(), StringIO()
        main(["review", str(path), "--format", "json"], out=from_file)
        main(["review", "--dataset", "quyang_2020", "--format", "json"], out=from_dataset)
        codes = [
            sorted(f["code"] for f in json.loads(o.getvalue())["findings"])
            for o in (from_file, from_dataset)
        ]
        assert codes[1] == codes[0]


class TestFindingShape:
    """score, review and audit write findings in one JSON shape."""

    def test_same_keys_and_text_location(self, tmp_path: Path) -> None:
        """Each command's findings have exactly code, severity, message and a text 'where'."""
        broken = datasets.quyang_2020_text().replace("基本支出104.22万元", "基本支出105.22万元")
        disclosure = tmp_path / "broken.txt"
        disclosure.write_text(broken, encoding="utf-8")
        csv_path = tmp_path / "t.csv"
        write_table(datasets.selfevaluation("yongde_2022_nutrition"), csv_path)
        runs = {
            "score": ["score", str(csv_path), "--format", "json"],
            "review": ["review", "--dataset", "quyang_2020", "--format", "json"],
            "audit": ["audit", str(disclosure), "--format", "json"],
        }
        for name, argv in runs.items():
            out = StringIO()
            main(argv, out=out)
            findings = json.loads(out.getvalue())["findings"]
            assert findings, name
            for finding in findings:
                assert {"code", "severity", "message", "where", "location"} == set(finding), name
                assert isinstance(finding["where"], str), name
