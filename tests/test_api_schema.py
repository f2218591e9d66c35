"""The exported schema file, the `kg schema export` command, and the schema's ties to graph.schema."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.enums import EntityKind, RelationType
from api.mutation import EntityInput, FactInput
from api.schema import SCHEMA_FILE, build_schema, schema_sdl
from api.types import Fact
from graph.schema import KINDS, RELATIONS
from ingest.records import ENTITY_PROPERTY_FIELDS, FACT_PROPERTY_FIELDS
from kgcli.main import app


def test_the_exported_schema_is_up_to_date() -> None:
    assert SCHEMA_FILE.exists(), "api/schema.graphql is missing: run `kg schema export`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_sdl(), (
        "api/schema.graphql is stale: run `kg schema export` and commit it"
    )


def test_kg_schema_export_writes_the_sdl(tmp_path: Path) -> None:
    out = tmp_path / "schema.graphql"
    result = CliRunner().invoke(app, ["schema", "export", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == schema_sdl()
    again = CliRunner().invoke(app, ["schema", "export", "-o", str(out)])
    assert "unchanged" in again.output


def test_enums_follow_the_graph_schema() -> None:
    assert [k.value for k in EntityKind] == list(KINDS)  # type: ignore[attr-defined]
    assert [r.value for r in RelationType] == list(RELATIONS)  # type: ignore[attr-defined]
    sdl = build_schema().as_str()
    for rel in RELATIONS:
        assert f"  {rel}\n" in sdl


def test_every_relation_property_is_a_fact_field_and_an_input_field() -> None:
    fact_fields = {f.python_name for f in Fact.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    input_fields = {f.python_name for f in FactInput.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    assert set(FACT_PROPERTY_FIELDS) <= fact_fields
    assert set(FACT_PROPERTY_FIELDS) <= input_fields


def test_every_entity_property_is_an_input_field() -> None:
    fields = {f.python_name for f in EntityInput.__strawberry_definition__.fields}  # type: ignore[attr-defined]
    assert set(ENTITY_PROPERTY_FIELDS) <= fields
