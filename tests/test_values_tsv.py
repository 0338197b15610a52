"""
The parser against real published value strings (tests/data/samples/values.tsv).

Every row is read by ``parse_target`` and compared field by field with the
analyst's labels.  Rows whose labels come from outside the string (another
cell, the indicator name, the header, narrative text) are exempt from the
comparison but must still parse; MALFORMED rows must come back flagged.  The
set of rows that disagree is pinned, so any regression fails the suite.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

import pytest

from perftarget import Comparator, Target, TargetKind, TargetParseError, parse_target

VALUES_TSV = Path(__file__).parent / "data" / "samples" / "values.tsv"

_KINDS = {"quantitative": "quantity", "ratio_per_period": "rate"}


class Row(NamedTuple):
    line: int
    value: str
    operator: str
    number: str
    number_hi: str
    unit: str
    kind: str
    level2: str
    comment: str


def _read_rows() -> list[Row]:
    lines = VALUES_TSV.read_text(encoding="utf-8").splitlines()
    rows: list[Row] = []
    for index, line in enumerate(lines[1:], start=2):
        if line.startswith("#"):
            if rows:
                rows[-1] = rows[-1]._replace(
                    comment=(rows[-1].comment + " " + line.lstrip("# ")).strip()
                )
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        fields += [""] * (8 - len(fields))
        rows.append(Row(index, *fields[:7], comment=""))
    return rows


ROWS = _read_rows()
BY_VALUE = {row.value: row for row in ROWS}

#: Rows whose labels a parser given only the string cannot know.  Each reason
#: quotes the row's comment (checked below), so the list stays tied to the data.
EXEMPT: dict[str, str] = {
    "180": "unit only in narrative",
    "≥1": "unit (个) only in the indicator name",
    "3000000": "table header says 单位:元",
    "≥90": "学时 from indicator name",
    "2100": "unit 人 only implied by 享受资助人数",
    "400元/人、天": "operator not written",
}

#: Rows that are damaged text: the parser must flag them, not read them silently.
MALFORMED = frozenset(row.value for row in ROWS if "MALFORMED" in row.comment)

#: Rows the parser is known to read differently from the label, and why.
EXPECTED_DISAGREEMENTS: dict[str, str] = {
    "2": "bare number labelled unit 个, but 个 is nowhere in the string and the row has no "
    "comment saying where it came from",
}


def _expected_comparator(row: Row) -> Comparator | None:
    return None if row.operator == "none" else Comparator(row.operator)


def _decimal_or_none(text: str) -> Decimal | None:
    return Decimal(text) if text else None


def _differences(row: Row, target: Target) -> list[str]:
    expected = {
        "operator": _expected_comparator(row),
        "number": _decimal_or_none(row.number),
        "number_hi": _decimal_or_none(row.number_hi),
        "unit": row.unit,
        "kind": TargetKind(_KINDS.get(row.kind, row.kind)),
    }
    actual = {
        "operator": target.comparator,
        "number": target.value,
        "number_hi": target.upper,
        "unit": target.unit,
        "kind": target.kind,
    }
    return [
        f"{k}: expected {expected[k]!r}, got {actual[k]!r}"
        for k in expected
        if expected[k] != actual[k]
    ]


def _agrees(row: Row) -> bool:
    target = parse_target(row.value)
    if row.value in MALFORMED:
        return bool(target.warnings)
    return not _differences(row, target)


class TestSampleFile:
    def test_rows_are_read(self) -> None:
        """The sample file has data rows and each has the eight columns."""
        assert len(ROWS) > 50
        assert all(row.kind for row in ROWS)

    @pytest.mark.parametrize(("value", "reason"), sorted(EXEMPT.items()))
    def test_exemption_reason_is_the_rows_comment(self, value: str, reason: str) -> None:
        """Every exemption names a row of the file and quotes that row's comment."""
        assert value in BY_VALUE
        assert reason in BY_VALUE[value].comment

    def test_malformed_rows_are_known(self) -> None:
        """The file marks the damaged strings seen in real tables as MALFORMED."""
        assert {"292%", "工5%", "≧ %", "万亩", "290%"} == MALFORMED


class TestEveryRow:
    @pytest.mark.parametrize("row", ROWS, ids=[f"line{r.line}" for r in ROWS])
    def test_row_parses(self, row: Row) -> None:
        """Every real value string parses without raising."""
        try:
            parse_target(row.value)
        except TargetParseError as error:  # pragma: no cover - failure path
            pytest.fail(f"line {row.line} {row.value!r}: {error}")

    @pytest.mark.parametrize("value", sorted(MALFORMED))
    def test_malformed_row_is_flagged(self, value: str) -> None:
        """A damaged value comes back with at least one warning."""
        assert parse_target(value).warnings != ()

    @pytest.mark.parametrize(
        "row",
        [r for r in ROWS if r.value not in EXEMPT and r.value not in MALFORMED],
        ids=lambda r: f"line{r.line}",
    )
    def test_row_matches_labels(self, row: Row) -> None:
        """Operator, number, upper bound, unit and kind match the analyst's labels."""
        differences = _differences(row, parse_target(row.value))
        if row.value in EXPECTED_DISAGREEMENTS:
            assert differences != [], "a pinned disagreement now agrees: update the pin"
        else:
            assert differences == []


def test_agreement_figure() -> None:
    """Exactly the documented rows disagree with the labels; the figure is printed."""
    judged = [row for row in ROWS if row.value not in EXEMPT]
    disagreeing = {row.value for row in judged if not _agrees(row)}
    matching = len(judged) - len(disagreeing)
    print(
        f"\nvalues.tsv agreement: {matching}/{len(judged)} non-exempt rows "
        f"({100 * matching / len(judged):.1f}%); {len(EXEMPT)} exempt, "
        f"{len(MALFORMED)} MALFORMED judged by being flagged; disagreeing: {sorted(disagreeing)}"
    )
    assert set(EXPECTED_DISAGREEMENTS) == disagreeing
