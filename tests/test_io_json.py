"""
Lossless JSON and its published schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import io_strategies as strategies
from perftarget import TableError, datasets
from perftarget.core._model import Department
from perftarget.io import read_table, write_table
from perftarget.io._json import SCHEMA_PATH, dump_json_text, load_json_text
from perftarget.io._selfeval_csv import SelfEvaluation
from perftarget.io._sheets import Contents

jsonschema = pytest.importorskip("jsonschema", reason="pip install -e '.[test]'")


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.departments, strategies.evaluations)
def test_round_trip_is_exact(department: Department, evaluation: SelfEvaluation) -> None:
    """load(dump(x)) == x for departments and self-evaluations, locations included."""
    contents = Contents(department=department, evaluations=(evaluation,))
    assert contents == load_json_text(dump_json_text(contents))


def test_bundled_department_round_trips_through_a_file(tmp_path: Path) -> None:
    """The bundled Quyang department is written and read back equal."""
    department = datasets.quyang_2020()
    write_table(department, tmp_path / "q.json")
    assert department == read_table(tmp_path / "q.json").department


def test_decimals_are_strings() -> None:
    """Amounts are JSON strings, so no digit is lost to floating point."""
    data = json.loads(dump_json_text(datasets.quyang_2020()))
    amount = data["department"]["projects"][0]["amount"]["amount"]
    assert isinstance(amount, str)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(strategies.departments, strategies.evaluations)
def test_documents_match_the_published_schema(
    department: Department, evaluation: SelfEvaluation
) -> None:
    """Every written document validates against the packaged JSON Schema."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    document = json.loads(
        dump_json_text(Contents(department=department, evaluations=(evaluation,)))
    )
    assert [] == [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]


def test_schema_is_published_in_the_docs() -> None:
    """The docs page embeds the same schema file as the package."""
    page = Path(__file__).resolve().parents[1] / "docs" / "howto" / "read-files.md"
    assert "src/perftarget/io/schema/table.schema.json" in page.read_text(encoding="utf-8")


class TestErrors:
    def test_every_bad_field_is_reported_with_its_path(self) -> None:
        """A bad decimal and an unknown label are both reported, each with its JSON path."""
        data = json.loads(dump_json_text(datasets.quyang_2020()))
        data["department"]["projects"][0]["indicators"][0]["weight"] = "ten"
        data["department"]["projects"][1]["indicators"][2]["level2"] = "好坏指标"
        with pytest.raises(TableError) as caught:
            load_json_text(json.dumps(data), source="q.json")
        assert [
            "$.department.projects[0].indicators[0].weight",
            "$.department.projects[1].indicators[2].level2",
        ] == [p.where.column for p in caught.value.problems]

    def test_not_json_gives_line_and_column(self) -> None:
        """Text that is not JSON is reported at the line where parsing stopped."""
        with pytest.raises(TableError) as caught:
            load_json_text('{"format":\n  oops}', source="x.json")
        assert 2 == caught.value.problems[0].where.row

    def test_other_json_is_refused(self) -> None:
        """A JSON document of another kind is refused, naming the expected format."""
        with pytest.raises(TableError, match="perftarget-table/1"):
            load_json_text('{"rows": []}')


def test_published_schema_is_derived_from_the_model() -> None:
    """The packaged schema file equals the one built from the model classes."""
    from perftarget.io._schema import table_schema

    assert table_schema() == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
