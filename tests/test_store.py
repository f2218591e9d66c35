"""The store against the real Neo4j: schema, upserts, read-only transactions."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import reads
from graph.errors import QueryError, ReadOnlyViolationError
from graph.store import Store


def test_schema_applied_twice_gives_the_same_constraints(store: Store) -> None:
    store.apply_schema()
    first = store.constraints()
    indexes = {i["name"] for i in store.indexes()}
    store.apply_schema()
    assert store.constraints() == first
    assert {i["name"] for i in store.indexes()} == indexes
    names = {c["name"] for c in first}
    assert {"entity_id", "source_id"} <= names
    assert "entity_names" in indexes


def _entity(id_: str, name: str, aliases: list[str] | None = None) -> dict[str, object]:
    return {"id": id_, "name": name, "aliases": aliases or [], "props": {"country": "US"},
            "content_hash": f"{id_}-{name}-{aliases}"}


def test_upsert_twice_leaves_one_node_and_one_relationship(store: Store) -> None:
    rows = [_entity("sam-altman", "Sam Altman")]
    assert store.upsert_entities("Person", rows)["created"] == 1
    assert store.upsert_entities("Person", rows)["unchanged"] == 1
    store.upsert_entities("Person", [_entity("fumio-kishida", "Fumio Kishida")])
    store.upsert_sources([{"id": "s1", "url": "https://example.org/a", "title": "A",
                           "publisher": "P", "published": dt.date(2023, 4, 10),
                           "content_hash": "h"}])
    fact = {"fact_id": "f1", "subject": "sam-altman", "object": "fumio-kishida",
            "props": {"date": dt.date(2023, 4, 10), "date_precision": "day"},
            "content_hash": "c1", "source_id": "s1", "quote": "They met.",
            "status": "curated", "confidence": 1.0}
    assert store.upsert_facts("MET", [fact])["created"] == 1
    assert store.upsert_facts("MET", [fact])["unchanged"] == 1
    counts = store.counts()
    assert counts == {"nodes": 3, "relationships": 1}
    rel = store.read("MATCH ()-[r:MET]->() RETURN r.source_ids AS s, r.date AS d")[0]
    assert rel["s"] == ["s1"]
    assert rel["d"].to_native() == dt.date(2023, 4, 10)


def test_aliases_accumulate(store: Store) -> None:
    store.upsert_entities("Person", [_entity("sam-altman", "Sam Altman", ["Altman"])])
    store.upsert_entities("Person", [_entity("sam-altman", "Sam Altman", ["Samuel Altman"])])
    row = store.read("MATCH (e:Entity {id: 'sam-altman'}) RETURN e.aliases AS a")[0]
    assert row["a"] == ["Altman", "Samuel Altman"]


def test_read_transaction_refuses_a_write(store: Store) -> None:
    with pytest.raises(ReadOnlyViolationError):
        store.read("CREATE (:Entity {id: 'x'})")
    assert store.counts()["nodes"] == 0


def test_read_plain_gives_the_rows_read_gives_for_plain_values(store: Store) -> None:
    store.upsert_entities("Person", [_entity("sam-altman", "Sam Altman", ["Altman"])])
    query = ("MATCH (e:Entity) RETURN e.id AS id, properties(e) AS entity, [1, {a: date('2023-04-10')}] AS nested, "
             "null AS nothing, datetime('2024-04-15T09:00:00Z') AS at")
    assert store.read_plain(query) == store.read(query)
    assert store.read_plain("MATCH (e:Entity) RETURN e.id AS id LIMIT 0") == []
    with pytest.raises(ReadOnlyViolationError):
        store.read_plain("CREATE (:Entity {id: 'x'})")


def test_reads_carry_recorded_at_to_the_microsecond(store: Store) -> None:
    """recorded_at travels as an integer (graph.cypher.reads.props) and comes back the same instant."""
    store.upsert_entities("Person", [_entity("sam-altman", "Sam Altman")])
    stored = store.read("MATCH (e:Entity {id: 'sam-altman'}) RETURN e.recorded_at AS at")[0]["at"].to_native()
    row = reads.entities_by_ids(store, ["sam-altman"])["sam-altman"]
    assert row.recorded_at == stored and row.recorded_at.utcoffset() == dt.timedelta(0)
    assert "recorded_at" not in row.props


def test_query_error_names_the_problem(store: Store) -> None:
    with pytest.raises(QueryError, match=r"SyntaxError|Invalid input"):
        store.read("MATCH (n RETURN n")


def test_health_reports_ok(store: Store) -> None:
    assert store.health()["ok"] is True


def test_unknown_relation_never_reaches_cypher(store: Store) -> None:
    with pytest.raises(ValueError, match="unknown relation"):
        store.upsert_facts("MET]->() DETACH DELETE n //", [])
