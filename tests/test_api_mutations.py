"""Mutations through the ingest pipeline, against an empty database per test; auth for writes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql_testutil import post

from api.app import create_app
from graph.config import Settings
from graph.store import Store

KEY = "test-key"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def api_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"api_keys": [KEY]})


@pytest.fixture
def client(api_settings: Settings, store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings, store=store)) as c:
        yield c


def ok(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    body = post(client, query, AUTH, **variables)
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


ADD_ENTITY = """mutation($input: EntityInput!) { addEntity(input: $input) {
  entity { id kind name aliases country properties } errors { code field message location } } }"""
ADD_SOURCE = """mutation($input: SourceInput!) { addSource(input: $input) {
  source { id url title publisher published } errors { code field message location } } }"""
ADD_FACT = """mutation($input: FactInput!) { addFact(input: $input) {
  fact { id type date when place validFrom role amount currency status confidence
         subject { id } object { id } sources { id url quote } }
  source { id url }
  errors { code field message location } } }"""

ALTMAN = {"id": "sam-altman", "kind": "PERSON", "name": "Sam Altman", "aliases": ["Samuel Altman"], "country": "US"}
KISHIDA = {"id": "fumio-kishida", "kind": "PERSON", "name": "Fumio Kishida", "country": "JP"}
OBSERVER = {"id": "observer-altman-japan-2023", "url": "https://observer.com/2023/04/openai-sam-altman-chatgpt-japan/",
            "title": "OpenAI CEO Sam Altman Visits Japan", "publisher": "Observer", "published": "2023-04-10"}
MEETING = {"subject": "sam-altman", "relation": "MET", "object": "fumio-kishida", "date": "2023-04-10",
           "place": "tokyo", "statement": "Sam Altman met Fumio Kishida in Tokyo."}


def _people(client: TestClient) -> None:
    for e in (ALTMAN, KISHIDA):
        assert ok(client, ADD_ENTITY, input=e)["addEntity"]["errors"] == []


def test_add_entity_returns_the_stored_entity(client: TestClient, store: Store) -> None:
    got = ok(client, ADD_ENTITY, input={**ALTMAN, "founded": None})["addEntity"]
    assert got["errors"] == []
    assert got["entity"] == {"id": "sam-altman", "kind": "PERSON", "name": "Sam Altman",
                             "aliases": ["Samuel Altman"], "country": "US", "properties": {"country": "US"}}
    assert store.counts() == {"nodes": 1, "relationships": 0}


def test_adding_an_entity_again_merges_aliases(client: TestClient, store: Store) -> None:
    ok(client, ADD_ENTITY, input=ALTMAN)
    again = ok(client, ADD_ENTITY, input={**ALTMAN, "aliases": ["Altman"]})["addEntity"]["entity"]
    assert set(again["aliases"]) == {"Samuel Altman", "Altman"}
    assert store.counts()["nodes"] == 1


def test_add_source_then_a_fact_citing_it(client: TestClient, store: Store) -> None:
    _people(client)
    src = ok(client, ADD_SOURCE, input=OBSERVER)["addSource"]
    assert src["errors"] == [] and src["source"]["published"] == "2023-04-10"
    got = ok(client, ADD_FACT, input={**MEETING, "sourceId": OBSERVER["id"]})["addFact"]
    assert got["errors"] == []
    fact = got["fact"]
    assert fact["type"] == "MET" and fact["date"] == "2023-04-10" and fact["when"] == "2023-04-10"
    assert (fact["subject"]["id"], fact["object"]["id"]) == ("sam-altman", "fumio-kishida")
    assert fact["status"] == "CURATED" and fact["confidence"] == 1.0 and fact["place"] == "tokyo"
    assert fact["sources"] == [{"id": OBSERVER["id"], "url": OBSERVER["url"], "quote": MEETING["statement"]}]
    assert store.counts() == {"nodes": 3, "relationships": 1}
    # The stored fact is what the queries see.
    q = '{ entity(id: "sam-altman") { relationships { edges { node { id other { id } } } } } }'
    edges = ok(client, q)["entity"]["relationships"]["edges"]
    assert [(e["node"]["id"], e["node"]["other"]["id"]) for e in edges] == [(fact["id"], "fumio-kishida")]


def test_add_fact_with_a_new_source_and_entities_named_by_name(client: TestClient, store: Store) -> None:
    _people(client)
    got = ok(client, ADD_FACT, input={**MEETING, "subject": "Sam Altman", "object": "fumio kishida",
                                      "source": OBSERVER})["addFact"]
    assert got["errors"] == []
    assert got["source"] == {"id": OBSERVER["id"], "url": OBSERVER["url"]}
    assert got["fact"]["subject"]["id"] == "sam-altman"
    assert store.counts() == {"nodes": 3, "relationships": 1}


def test_adding_the_same_fact_twice_keeps_one(client: TestClient, store: Store) -> None:
    _people(client)
    first = ok(client, ADD_FACT, input={**MEETING, "source": OBSERVER})["addFact"]["fact"]
    second = ok(client, ADD_FACT, input={**MEETING, "sourceId": OBSERVER["id"]})["addFact"]["fact"]
    assert first["id"] == second["id"]
    assert store.counts()["relationships"] == 1


def test_invalid_input_is_reported_field_by_field_and_nothing_is_written(client: TestClient, store: Store) -> None:
    got = ok(client, ADD_ENTITY, input={"id": "Not A Slug", "kind": "PERSON", "name": "",
                                        "website": "ftp://x", "country": "japan"})["addEntity"]
    assert got["entity"] is None
    assert {e["field"] for e in got["errors"]} == {"id", "name", "website", "country"}
    assert {e["code"] for e in got["errors"]} == {"VALIDATION_ERROR"}
    assert all(e["location"] == "input" and e["message"] for e in got["errors"])
    assert store.counts()["nodes"] == 0


def test_a_fact_the_schema_does_not_allow_is_refused(client: TestClient, store: Store) -> None:
    _people(client)
    ok(client, ADD_ENTITY, input={"id": "tokyo", "kind": "PLACE", "name": "Tokyo"})
    got = ok(client, ADD_FACT, input={**MEETING, "object": "tokyo", "source": OBSERVER})["addFact"]
    assert got["fact"] is None
    assert [e["field"] for e in got["errors"]] == ["relation"]
    assert store.counts() == {"nodes": 3, "relationships": 0}
    assert store.read("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 0  # the inline source neither


def test_a_fact_needs_exactly_one_source(client: TestClient, store: Store) -> None:
    _people(client)
    neither = ok(client, ADD_FACT, input=MEETING)["addFact"]
    both = ok(client, ADD_FACT, input={**MEETING, "sourceId": "x", "source": OBSERVER})["addFact"]
    for got in (neither, both):
        assert got["fact"] is None and "source" in [e["field"] for e in got["errors"]]
    assert store.counts()["relationships"] == 0


def test_bad_fields_of_an_inline_source_are_located_there(client: TestClient, store: Store) -> None:
    _people(client)
    got = ok(client, ADD_FACT, input={**MEETING, "date": "2023-13-01",
                                      "source": {**OBSERVER, "url": "not a url"}})["addFact"]
    where = {(e["location"], e["field"]) for e in got["errors"]}
    assert ("input.source", "url") in where and ("input", "date") in where
    assert store.counts()["relationships"] == 0


def test_conflicting_sources_are_both_kept_and_listed(client: TestClient, store: Store) -> None:
    for e in ({"id": "softbank", "kind": "COMPANY", "name": "SoftBank"}, {"id": "openai", "kind": "COMPANY",
                                                                            "name": "OpenAI"}):
        ok(client, ADD_ENTITY, input=e)
    base = {"subject": "softbank", "relation": "INVESTED_IN", "object": "openai", "currency": "USD"}
    a = ok(client, ADD_FACT, input={**base, "date": "2025-03-31", "amount": 40e9, "statement": "40 billion",
                                    "source": {"id": "a", "url": "https://example.org/a"}})["addFact"]
    b = ok(client, ADD_FACT, input={**base, "date": "2025-03-31", "amount": 30e9, "statement": "30 billion",
                                    "source": {"id": "b", "url": "https://example.org/b"}})["addFact"]
    assert a["errors"] == b["errors"] == []
    assert store.counts()["relationships"] == 2
    q = """{ conflicts { edges { node { id amount conflict conflictsWith { id amount } sources { id } } } }
             stats { conflicts } }"""
    got = ok(client, q)
    facts = {e["node"]["amount"]: e["node"] for e in got["conflicts"]["edges"]}
    assert set(facts) == {40e9, 30e9} and got["stats"]["conflicts"] == 2
    assert [c["amount"] for c in facts[40e9]["conflictsWith"]] == [30e9]
    assert [s["id"] for s in facts[30e9]["sources"]] == ["b"]


def test_injection_looking_input_is_stored_verbatim(client: TestClient, store: Store) -> None:
    name = "x') DETACH DELETE n //"
    desc = "MATCH (n) DETACH DELETE n; CALL dbms.killQueries() :Person `label`"
    got = ok(client, ADD_ENTITY, input={"id": "weird-co", "kind": "COMPANY", "name": name, "description": desc,
                                        "aliases": ["`:Person"]})["addEntity"]
    assert got["errors"] == []
    assert got["entity"]["name"] == name and got["entity"]["properties"]["description"] == desc
    assert store.read("MATCH (e:Entity {id: 'weird-co'}) RETURN labels(e) AS l")[0]["l"] == ["Entity", "Company"]
    assert ok(client, "query($n: String) { entity(name: $n) { id } }", n=name)["entity"] == {"id": "weird-co"}


# -- auth -------------------------------------------------------------------------------------


def test_mutation_without_key_writes_nothing(client: TestClient, store: Store) -> None:
    body = post(client, ADD_ENTITY, input=ALTMAN)
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert "Authorization: Bearer" in body["errors"][0]["message"]
    assert store.counts()["nodes"] == 0


@pytest.mark.parametrize("header", ["Bearer wrong-key", "Bearer ", "Basic dGVzdC1rZXk=", f"Token {KEY}"])
def test_mutation_with_a_bad_key_writes_nothing(client: TestClient, store: Store, header: str) -> None:
    r = client.post("/graphql", json={"query": ADD_ENTITY, "variables": {"input": ALTMAN}},
                    headers={"Authorization": header})
    body = r.json()
    assert r.status_code in (200, 401)
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    if r.status_code == 401:
        assert r.headers["www-authenticate"].startswith("Bearer")
    assert store.counts()["nodes"] == 0


def test_reads_need_no_key_by_default(client: TestClient) -> None:
    assert post(client, "{ stats { entities } }") == {"data": {"stats": {"entities": 0}}}


def test_mutations_are_refused_over_get(client: TestClient, store: Store) -> None:
    r = client.get("/graphql", params={"query": 'mutation { addSource(input: {id: "s", url: "https://e.org"}) '
                                                "{ errors { code } } }"}, headers=AUTH)
    assert 400 <= r.status_code < 500
    assert store.counts()["nodes"] == 0


def test_reads_can_require_a_key(api_settings: Settings, store: Store) -> None:
    locked = api_settings.model_copy(update={"read_requires_key": True})
    with TestClient(create_app(locked, store=store)) as c:
        refused = c.post("/graphql", json={"query": "{ stats { entities } }"})
        assert refused.status_code == 401
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        allowed = c.post("/graphql", json={"query": "{ stats { entities } }"}, headers=AUTH)
        assert allowed.status_code == 200 and allowed.json()["data"]["stats"]["entities"] == 0
        assert c.get("/graphql", headers={"Accept": "text/html"}).status_code == 200  # GraphiQL still opens
