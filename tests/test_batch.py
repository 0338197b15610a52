"""
Tests of the columnar batch engine: examples of each path, unreadable rows,
the streaming reader and writers, the progress bar, the command line, and
that the core library imports without polars.
"""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pl = pytest.importorskip("polars", reason="pip install -e '.[test]'")
pytest.importorskip("pyarrow", reason="pip install -e '.[test]'")

from perftarget import load_rules  # noqa: E402
from perftarget.batch import (  # noqa: E402
    merge_totals,
    partial_totals,
    project_totals,
    public_columns,
    score_batch,
    score_file,
)
from perftarget.batch._progress import Progress  # noqa: E402
from perftarget.batch._vectorparse import parse_shapes, parse_values  # noqa: E402
from perftarget.cli import main  # noqa: E402

RULES = load_rules("mof2020_selfeval")
COLUMNS = ("project", "level1", "level2", "level3", "target", "actual", "weight")


def table(*rows: tuple[str | None, ...]) -> Any:
    """A batch frame of rows given as (project, level2, target, actual, weight)."""
    level1 = {"数量指标": "产出指标", "时效指标": "产出指标", "社会效益指标": "效益指标"}
    return pl.DataFrame(
        {
            "project": [r[0] for r in rows],
            "level1": [level1.get(r[1] or "", "产出指标") for r in rows],
            "level2": [r[1] for r in rows],
            "level3": [f"指标{i}" for i in range(len(rows))],
            "target": [r[2] for r in rows],
            "actual": [r[3] for r in rows],
            "weight": [r[4] for r in rows],
        },
        schema=dict.fromkeys(COLUMNS, pl.String),
    )


class TestScoreBatch:
    def test_a_shortfall_is_scored_proportionally_and_needs_a_reason(self) -> None:
        """≥95% against 93% with weight 20 scores 19.58 and asks for a deviation reason."""
        row = score_batch(table(("p", "数量指标", "≥95%", "93%", "20")), RULES).row(0, named=True)
        assert ("partly met", "higher", "19.58", "PT304") == (
            row["status"],
            row["direction"],
            row["score"],
            row["findings"],
        )

    def test_a_cost_over_its_cap_scores_target_over_actual(self) -> None:
        """≤30万元 against 35万元 scores 10 × 30/35 = 8.57 (lower is better)."""
        row = score_batch(table(("p", "数量指标", "≤30万元", "35万元", "10")), RULES).row(
            0, named=True
        )
        assert ("lower", "8.57") == (row["direction"], row["score"])

    def test_a_conversion_goes_through_the_per_object_path(self) -> None:
        """An actual in 元 against a target in 万元 is converted and reported (PT302)."""
        row = score_batch(table(("p", "数量指标", "≤30万元", "250000元", "10")), RULES).row(
            0, named=True
        )
        assert ("met", "10.00", "PT302") == (row["status"], row["score"], row["findings"])

    def test_a_copied_comparator_is_reported(self) -> None:
        """An actual that repeats the target's comparator gets PT303."""
        row = score_batch(table(("p", "数量指标", "≥8人", "≥8人", "5")), RULES).row(0, named=True)
        assert ("met", "5.00", "PT303") == (row["status"], row["score"], row["findings"])

    def test_qualitative_and_deadline_rows_are_scored(self) -> None:
        """A qualitative phrase achieved and a deadline met both earn the full weight."""
        frame = table(
            ("p", "社会效益指标", "效果明显", "达成年度指标", "30"),
            ("p", "时效指标", "2020年12月底前", "2020年11月完成", "10"),
        )
        assert ["30.00", "10.00"] == score_batch(frame, RULES)["score"].to_list()

    def test_an_unreadable_row_is_marked_and_left_out_of_the_totals(self) -> None:
        """A target that is no value string and an unknown label give PT308 and no score."""
        frame = table(
            ("p", "数量指标", "≥≥5", "5", "10"),
            ("p", "不是指标", "5人", "5人", "10"),
            ("p", "数量指标", "5人", "5人", "10"),
        )
        rows = score_batch(frame, RULES)
        assert ["PT308", "PT308", ""] == rows["findings"].to_list()
        totals = project_totals(rows, RULES).row(0, named=True)
        assert (1, 2, "10.00") == (totals["rows"], totals["unreadable"], totals["total"])

    def test_a_missing_column_is_named(self) -> None:
        """A batch without the weight column is refused with the column's name."""
        with pytest.raises(ValueError, match="weight"):
            score_batch(table(("p", "数量指标", "5人", "5人", "1")).drop("weight"), RULES)

    def test_partials_of_split_batches_merge_to_the_whole(self) -> None:
        """Totals merged from two halves of a project equal the totals of the whole."""
        frame = table(*[("p", "数量指标", f"≥{n}人", f"{n - 1}人", "7.5") for n in range(2, 14)])
        whole = project_totals(score_batch(frame, RULES), RULES)
        halves = [partial_totals(score_batch(frame.slice(i, 6), RULES)) for i in (0, 6)]
        assert whole.to_dicts() == merge_totals(pl.concat(halves), RULES).to_dicts()


class TestInexact:
    def test_a_fraction_too_fine_for_integers_is_scored_by_the_per_object_path(self) -> None:
        """≥1年 against 0.01月 earns 1/1200 of its weight: 0.01, as evaluate() gives."""
        row = score_batch(table(("p", "数量指标", "≥1年", "0.01月", "10")), RULES).row(
            0, named=True
        )
        assert ("partly met", "0.01") == (row["status"], row["score"])


class TestYear:
    def frame(self, years: list[str | None], published: str | None = None) -> Any:
        """One 12月底前 row done in 2021年1月 per year given, each its own project."""
        rows = table(
            *[(f"p{i}", "时效指标", "12月底前", "2021年1月", "10") for i in range(len(years))]
        )
        return rows.with_columns(
            year=pl.Series(years, dtype=pl.String),
            published_score=pl.lit(published, dtype=pl.String),
        )

    def test_the_year_column_dates_deadlines_written_without_one(self) -> None:
        """12月底前 in a table of 2020 is missed by 2021年1月; without a year the actual's
        year dates it, and it is met."""
        rows = score_batch(self.frame(["2020", "2020年度", None]), RULES)
        assert [("not met", "0.00"), ("not met", "0.00"), ("met", "10.00")] == list(
            zip(rows["status"], rows["score"], strict=True)
        )

    def test_a_project_scored_whole_takes_its_year_too(self) -> None:
        """A published score sends the project to evaluate(), which gets the year."""
        rows = score_batch(self.frame(["2020", None], published="10"), RULES)
        assert ["not met", "met"] == rows["status"].to_list()

    def test_a_year_that_is_no_year_makes_the_row_unreadable(self) -> None:
        """去年 is not a year: the row is PT308, never dated by a guess."""
        row = score_batch(self.frame(["去年"]), RULES).row(0, named=True)
        assert ("not scorable", "PT308") == (row["status"], row["findings"])


class TestVectorParse:
    def test_common_shapes_are_read_without_the_parser(self) -> None:
        """≥95%, 8人 and ≤30万元 are read by the vectorised shapes."""
        shapes = parse_shapes(pl.Series(["≥95%", "8人", "≤30万元"]))
        assert [(">=", 95, 0, "%"), ("=", 8, 0, "人"), ("<=", 30, 0, "万元")] == [
            (r["cmp"], r["mant"], r["scale"], r["unit"]) for r in shapes.iter_rows(named=True)
        ]

    def test_rates_with_a_period_word_are_read_without_the_parser(self) -> None:
        """元/月/人 and 元/生/年 hold 月 and 年 after a unit word: no date, read vectorised."""
        shapes = parse_shapes(pl.Series(["1119元/月/人", "≥618元/生/年"]))
        assert [("=", 1119, "元/人·月"), (">=", 618, "元/生·年")] == [
            (r["cmp"], r["mant"], r["unit"]) for r in shapes.iter_rows(named=True)
        ]

    def test_a_number_followed_by_a_date_word_is_left_to_the_parser(self) -> None:
        """12月底前 and 2020年 are deadlines, 7号 may be a day: left to the full parser."""
        shapes = parse_shapes(pl.Series(["12月底前", "2020年", "7号"]))
        assert [False, False, False] == shapes["ok"].to_list()

    def test_other_numbers_fall_back_to_the_full_parser(self) -> None:
        """不少于12 种 (a space) and 8535.5亩 (a date-like number) are read by the full parser."""
        values = parse_values(pl.Series(["不少于12 种", "8535.5亩"]), actual=False)
        got = {r["text"]: (r["ok"], r["cmp"], r["mant"], r["scale"]) for r in values.to_dicts()}
        assert {"不少于12 种": (True, ">=", 12, 0), "8535.5亩": (True, "=", 85355, 1)} == got

    def test_an_excel_serial_is_left_to_the_row_path(self) -> None:
        """A bare 44561 is not read as a number: under 时效指标 it is a date."""
        assert [False] == parse_values(pl.Series(["44561"]), actual=False)["ok"].to_list()


class TestStreaming:
    def test_csv_and_parquet_give_the_same_rows(self, tmp_path: Path) -> None:
        """Scoring a CSV and the same table as Parquet writes equal results."""
        frame = table(
            *[(f"p{i // 4}", "数量指标", f"≥{i + 1}次", f"{i}次", "5") for i in range(20)]
        )
        frame.write_csv(tmp_path / "in.csv")
        frame.write_parquet(tmp_path / "in.parquet")
        score_file(tmp_path / "in.csv", RULES, tmp_path / "a.csv", batch_rows=3)
        score_file(tmp_path / "in.parquet", RULES, tmp_path / "b.parquet", batch_rows=7)
        csv_rows = pl.read_csv(tmp_path / "a.csv", infer_schema=False)
        parquet_rows = pl.read_parquet(tmp_path / "b.parquet")
        assert parquet_rows["score"].to_list() == csv_rows["score"].to_list()

    def test_a_project_split_across_batches_is_totalled_once(self, tmp_path: Path) -> None:
        """With batches of two rows, a five-row project still has one total row."""
        frame = table(*[("p", "数量指标", "10次", "9次", "20") for _ in range(5)])
        frame.write_csv(tmp_path / "in.csv")
        summary = score_file(
            tmp_path / "in.csv", RULES, tmp_path / "o.csv", totals=tmp_path / "t.csv", batch_rows=2
        )
        totals = pl.read_csv(tmp_path / "t.csv", infer_schema=False)
        assert (5, 1, ["90.00"]) == (summary.rows, summary.projects, totals["total"].to_list())

    def test_an_empty_table_writes_both_files_with_headers(self, tmp_path: Path) -> None:
        """A header-only CSV gives an empty scores file and an empty totals file."""
        (tmp_path / "in.csv").write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
        summary = score_file(
            tmp_path / "in.csv", RULES, tmp_path / "o.csv", totals=tmp_path / "t.csv"
        )
        header = (tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()
        assert (0, ["project,rows,scored,unreadable,total,grade,grade_en,findings"]) == (
            summary.rows,
            header,
        )


class TestProgress:
    def test_it_is_silent_when_not_a_terminal(self) -> None:
        """Output to a non-terminal stream stays empty."""
        stream = io.StringIO()
        bar = Progress(stream)
        bar.advance(1000)
        bar.close()
        assert "" == stream.getvalue()

    def test_it_shows_rows_and_speed_when_enabled(self) -> None:
        """An enabled bar writes the row count and a rows/s figure."""
        stream = io.StringIO()
        bar = Progress(stream, enabled=True)
        bar.advance(1234)
        bar.close()
        assert "1,234 rows" in stream.getvalue()
        assert "rows/s" in stream.getvalue()


class TestCommandLine:
    def test_score_batch_writes_rows_and_totals(self, tmp_path: Path) -> None:
        """perftarget score --batch writes the per-row file and the totals file."""
        source = tmp_path / "in.csv"
        table(
            ("p", "数量指标", "≥95%", "93%", "20"), ("q", "数量指标", "8人", "8人", "10")
        ).write_csv(source)
        out = io.StringIO()
        code = main(
            [
                "score",
                "--batch",
                str(source),
                "--output",
                str(tmp_path / "o.parquet"),
                "--totals",
                str(tmp_path / "t.csv"),
            ],
            out,
        )
        rows = pl.read_parquet(tmp_path / "o.parquet")
        totals = pl.read_csv(tmp_path / "t.csv", infer_schema=False)
        assert 0 == code
        assert ["19.58", "10.00"] == rows["score"].to_list()
        assert [Decimal("19.58"), Decimal("10.00")] == [Decimal(t) for t in totals["total"]]

    def test_score_batch_without_output_is_a_usage_error(self, tmp_path: Path) -> None:
        """--batch without --output exits 2."""
        assert 2 == main(["score", "--batch", str(tmp_path / "x.csv")], io.StringIO())

    def test_a_missing_file_is_reported(self, tmp_path: Path) -> None:
        """A file that does not exist exits 2."""
        args = ["score", "--batch", str(tmp_path / "no.csv"), "--output", str(tmp_path / "o.csv")]
        assert 2 == main(args, io.StringIO())


def test_the_core_library_imports_without_polars() -> None:
    """``import perftarget`` and the command line's parser work when polars is absent."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('polars', 'pyarrow'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import perftarget\n"
        "from perftarget.cli import build_parser\n"
        "build_parser()\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "ok" == done.stdout.strip(), done.stderr


def test_public_columns_drop_the_working_columns() -> None:
    """Only the input and result columns remain."""
    rows = score_batch(table(("p", "数量指标", "5人", "5人", "1")), RULES)
    assert not any(c.startswith("_") for c in public_columns(rows).columns)


class TestRowKey:
    def test_codes_too_many_to_combine_are_numbered_by_a_join(self) -> None:
        """When the codes cannot share 64 bits, equal rows still share a key."""
        from perftarget.batch._engine import _row_key

        big = 2**21
        codes = pl.DataFrame(
            {
                "_tc": [big, 0, big, 5],
                "_l2c": [3, 3, 3, None],
                "_ac": [big, None, big, 7],
                "_wc": [big, 1, big, None],
                "_yc": [0, None, 0, 1],
            },
            schema=dict.fromkeys(("_tc", "_l2c", "_ac", "_wc", "_yc"), pl.UInt32),
        )
        keys = _row_key(codes).to_list()
        assert keys[0] == keys[2]
        assert len({keys[0], keys[1], keys[3]}) == 3
