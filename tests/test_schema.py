"""The schema is the one source of truth and refuses anything outside its allow-lists."""

from __future__ import annotations

import pytest

from graph.schema import KIND_PROPERTIES, KINDS, RELATIONS, can_join, kind_label, relation_type, schema_statements


def test_every_relation_joins_known_kinds() -> None:
    for name, rel in RELATIONS.items():
        assert rel.subjects and rel.objects, name
        assert rel.subjects <= set(KINDS) and rel.objects <= set(KINDS), name
        assert set(rel.identity) <= set(rel.properties), name


def test_every_kind_has_its_property_list() -> None:
    assert set(KIND_PROPERTIES) == set(KINDS)


@pytest.mark.parametrize("bad", ["Company) DETACH DELETE n //", "company", "", "Entity"])
def test_labels_only_from_the_allow_list(bad: str) -> None:
    with pytest.raises(ValueError):
        kind_label(bad)


@pytest.mark.parametrize("bad", ["MET]->() RETURN 1 //", "met", "KNOWS"])
def test_types_only_from_the_allow_list(bad: str) -> None:
    with pytest.raises(ValueError):
        relation_type(bad)


def test_statements_are_idempotent_ddl() -> None:
    stmts = schema_statements()
    assert all("IF NOT EXISTS" in s for s in stmts)
    assert len(stmts) == len(set(stmts))
    # one fact-id index and one date index per relation type
    assert sum("fact_id_" in s for s in stmts) == len(RELATIONS)


def test_can_join() -> None:
    assert can_join("MET", "Person", "Person")
    assert not can_join("MET", "Company", "Person")
    assert not can_join("NOPE", "Person", "Person")
