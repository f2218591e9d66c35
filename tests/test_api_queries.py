"""GraphQL queries against the real Neo4j holding the bundled dataset (read-only module).

The known answers come from the seed slice (data/facts/openai-japan.yaml) and other curated facts
that are not expected to change: Sam Altman met Fumio Kishida in Tokyo on 2023-04-10; Kishida was
Prime Minister from 2021-10-04 to 2024-10-01; Sam Altman leads OpenAI.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql_testutil import data, post

from api.app import create_app
from graph.config import Settings
from graph.schema import KINDS, RELATIONS
from graph.store import Store


@pytest.fixture(scope="module")
def client(settings: Settings, seeded_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=seeded_store)) as c:
        yield c


def error_codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in connection["edges"]]


# -- entities -------------------------------------------------------------------------------


def test_entity_by_id_has_kind_aliases_and_properties(client: TestClient) -> None:
    e = data(client, '{ entity(id: "openai") { id kind name aliases website properties } }')["entity"]
    assert e["id"] == "openai" and e["kind"] == "COMPANY" and e["name"] == "OpenAI"
    assert "OpenAI Inc." in e["aliases"]
    assert e["website"] == "https://openai.com"
    assert e["properties"]["wikidata"] == "Q21708200"
    assert "content_hash" not in e["properties"] and "aliases_text" not in e["properties"]


@pytest.mark.parametrize("name", ["Sam Altman", "sam altman", "Samuel Altman"])
def test_entity_by_name_or_alias_ignoring_case(client: TestClient, name: str) -> None:
    assert data(client, "query($n: String) { entity(name: $n) { id } }", n=name)["entity"]["id"] == "sam-altman"


def test_unknown_entity_is_null(client: TestClient) -> None:
    assert data(client, '{ a: entity(id: "no-such-entity") { id } b: entity(name: "Nobody") { id } }') == {
        "a": None, "b": None}


def test_entity_needs_exactly_one_of_id_and_name(client: TestClient) -> None:
    body = post(client, '{ entity(id: "openai", name: "OpenAI") { id } }')
    assert error_codes(body) == ["INVALID_ARGUMENT"]
    assert body["data"]["entity"] is None


def test_entities_filter_by_kind_and_country(client: TestClient) -> None:
    page = data(client, '{ entities(kind: PERSON, country: "JP", first: 100) { edges { node { id kind country } } } }')
    found = nodes(page["entities"])
    assert "fumio-kishida" in {n["id"] for n in found}
    assert all(n["kind"] == "PERSON" and n["country"] == "JP" for n in found)


# -- pagination -----------------------------------------------------------------------------

ENTITIES_PAGE = """
query($after: String) { entities(first: 7, after: $after) {
  edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } }
"""


def test_entities_pages_walk_the_whole_list_in_a_stable_order(client: TestClient) -> None:
    seen: list[str] = []
    after = None
    for _ in range(500):
        conn = data(client, ENTITIES_PAGE, after=after)["entities"]
        seen += [n["id"] for n in nodes(conn)]
        assert conn["pageInfo"]["hasPreviousPage"] is False
        if not conn["pageInfo"]["hasNextPage"]:
            break
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        after = conn["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) > 200
    assert seen == sorted(seen)
    total = data(client, "{ stats { entities } }")["stats"]["entities"]
    assert len(seen) == total


def test_relationship_pages_equal_one_big_page(client: TestClient) -> None:
    q = """query($after: String, $first: Int) { entity(id: "openai") {
      relationships(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }"""
    whole = [n["id"] for n in nodes(data(client, q, first=100)["entity"]["relationships"])]
    paged: list[str] = []
    after = None
    while True:
        conn = data(client, q, first=6, after=after)["entity"]["relationships"]
        paged += [n["id"] for n in nodes(conn)]
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
    assert paged == whole and len(whole) > 12


def test_page_size_above_the_server_maximum_is_refused(client: TestClient, settings: Settings) -> None:
    q = "query($n: Int) { entities(first: $n) { edges { node { id } } } }"
    body = post(client, q, n=settings.max_page_size + 1)
    assert error_codes(body) == ["INVALID_ARGUMENT"]
    assert str(settings.max_page_size) in body["errors"][0]["message"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJzZWFyY2g6eCIsWzEuMCwiYSJdXQ", "e30"])
def test_malformed_or_foreign_cursors_are_refused(client: TestClient, cursor: str) -> None:
    body = post(client, "query($c: String) { entities(first: 2, after: $c) { edges { node { id } } } }", c=cursor)
    assert error_codes(body) == ["INVALID_ARGUMENT"]


# -- relationships of an entity ------------------------------------------------------------

MET = """
{ entity(name: "Sam Altman") { relationships(types: [MET], first: 100) { edges { node {
    id type date datePrecision when place confidence status direction
    other { id name } subject { id } object { id }
    sources { id url title publisher published quote } } } } } }
"""


def test_relationships_give_the_fact_the_other_end_and_its_sources(client: TestClient) -> None:
    facts = nodes(data(client, MET)["entity"]["relationships"])
    assert all(f["type"] == "MET" for f in facts)
    met = [f for f in facts if f["other"]["id"] == "fumio-kishida" and f["date"] == "2023-04-10"]
    assert len(met) == 1
    f = met[0]
    assert f["when"] == "2023-04-10" and f["datePrecision"] == "DAY"
    assert f["place"] == "tokyo" and f["status"] == "CURATED" and f["confidence"] == 1.0
    assert {f["subject"]["id"], f["object"]["id"]} == {"sam-altman", "fumio-kishida"}
    src = {s["id"]: s for s in f["sources"]}["observer-altman-japan-2023"]
    assert src["url"] == "https://observer.com/2023/04/openai-sam-altman-chatgpt-japan/"
    assert src["publisher"] == "Observer" and src["published"] == "2023-04-10"
    assert "Kishida" in src["quote"]


def test_relationships_are_oldest_first_with_undated_last(client: TestClient) -> None:
    facts = nodes(data(client, '{ entity(id: "openai") { relationships(first: 100) { edges { node { '
                               "date validFrom } } } } }")["entity"]["relationships"])
    times = [f["date"] or f["validFrom"] for f in facts]
    dated = [t for t in times if t]
    assert dated == sorted(dated)
    assert times[: len(dated)] == dated  # undated ones come after every dated one


def test_direction_out_and_in(client: TestClient) -> None:
    q = """query($d: Direction!) { entity(id: "openai") { relationships(types: [LEADS], direction: $d, first: 100) {
             edges { node { direction subject { id } object { id } other { id } } } } } }"""
    incoming = nodes(data(client, q, d="IN")["entity"]["relationships"])
    assert "sam-altman" in {f["other"]["id"] for f in incoming}
    assert all(f["direction"] == "IN" and f["object"]["id"] == "openai" for f in incoming)
    assert nodes(data(client, q, d="OUT")["entity"]["relationships"]) == []


def test_as_of_who_headed_japans_government_on_2023_12_04(client: TestClient) -> None:
    q = """query($d: Date) { entity(id: "government-of-japan") {
             relationships(types: [HEAD_OF_GOVERNMENT], asOf: $d, first: 100) {
               edges { node { role validFrom validTo other { id } } } } } }"""
    heads = nodes(data(client, q, d="2023-12-04")["entity"]["relationships"])
    assert [h["other"]["id"] for h in heads] == ["fumio-kishida"]
    assert heads[0]["role"] == "Prime Minister"
    assert heads[0]["validFrom"] == "2021-10-04" and heads[0]["validTo"] == "2024-10-01"
    # The day his term ended he no longer held it (valid_to is exclusive).
    later = nodes(data(client, q, d="2024-10-01")["entity"]["relationships"])
    assert "fumio-kishida" not in [h["other"]["id"] for h in later]
    everyone = nodes(data(client, q, d=None)["entity"]["relationships"])
    assert len(everyone) > len(heads)


def test_as_of_hides_events_that_had_not_happened_yet(client: TestClient) -> None:
    q = """query($d: Date) { entity(id: "sam-altman") { relationships(types: [MET], asOf: $d, first: 100) {
             edges { node { date other { id } } } } } }"""
    before = nodes(data(client, q, d="2023-04-09")["entity"]["relationships"])
    after = nodes(data(client, q, d="2023-04-10")["entity"]["relationships"])
    assert "fumio-kishida" not in {f["other"]["id"] for f in before}
    assert "fumio-kishida" in {f["other"]["id"] for f in after}
    assert all(f["date"] <= "2023-04-09" for f in before)


def test_date_range_keeps_events_inside_it(client: TestClient) -> None:
    q = """{ entity(id: "sam-altman") { relationships(types: [MET], from: "2023-01-01", to: "2023-12-31", first: 100) {
             edges { node { date } } } } }"""
    dates = [f["date"] for f in nodes(data(client, q)["entity"]["relationships"])]
    assert "2023-04-10" in dates
    assert all("2023-01-01" <= d <= "2023-12-31" for d in dates)


def test_a_range_that_ends_before_it_starts_is_refused(client: TestClient) -> None:
    body = post(client, '{ entity(id: "sam-altman") { relationships(from: "2024-01-01", to: "2023-01-01") '
                        "{ edges { node { id } } } } }")
    assert error_codes(body) == ["INVALID_ARGUMENT"]


# -- facts across the graph ----------------------------------------------------------------


def test_every_meeting_in_2023(client: TestClient) -> None:
    q = """{ relationships(type: MET, from: "2023-01-01", to: "2023-12-31", first: 100) {
             edges { node { type date subject { id } object { id } other { id } } } } }"""
    facts = nodes(data(client, q)["relationships"])
    assert all(f["type"] == "MET" and f["date"].startswith("2023") and f["other"] is None for f in facts)
    assert {"sam-altman", "fumio-kishida"} in [{f["subject"]["id"], f["object"]["id"]} for f in facts]
    assert [f["date"] for f in facts] == sorted(f["date"] for f in facts)


def test_every_investment_with_an_amount(client: TestClient) -> None:
    q = """{ relationships(type: INVESTED_IN, withAmount: true, first: 100) {
             edges { node { subject { id } object { id } amount currency properties } } } }"""
    facts = nodes(data(client, q)["relationships"])
    assert facts and all(f["amount"] is not None and f["currency"] for f in facts)
    assert any(f["subject"]["id"] == "microsoft" and f["object"]["id"] == "openai" for f in facts)
    assert all(f["properties"]["amount"] == f["amount"] for f in facts)


def test_relationships_between_two_entities(client: TestClient) -> None:
    q = """query($b: [ID!]) { relationships(between: $b, first: 100) {
             edges { node { type subject { id } object { id } } } } }"""
    facts = nodes(data(client, q, b=["sam-altman", "fumio-kishida"])["relationships"])
    assert facts and all({f["subject"]["id"], f["object"]["id"]} == {"sam-altman", "fumio-kishida"} for f in facts)
    touching = nodes(data(client, q, b=["fumio-kishida"])["relationships"])
    assert len(touching) > len(facts)
    assert all("fumio-kishida" in (f["subject"]["id"], f["object"]["id"]) for f in touching)


def test_relationships_between_an_unknown_entity_is_not_found(client: TestClient) -> None:
    body = post(client, '{ relationships(between: ["no-such-entity"]) { edges { node { id } } } }')
    assert error_codes(body) == ["NOT_FOUND"]


# -- neighbours, paths, timeline, sources ----------------------------------------------------

NEIGHBORS = """query($id: ID!, $depth: Int!, $asOf: Date, $types: [RelationType!]) { entity(id: $id) {
  neighbors(depth: $depth, asOf: $asOf, types: $types, first: 100) {
    edges { node { distance entity { id } } } pageInfo { hasNextPage } } } }"""


def _neighbors(client: TestClient, **v: Any) -> dict[str, int]:
    v.setdefault("asOf", None)
    v.setdefault("types", None)
    conn = data(client, NEIGHBORS, **v)["entity"]["neighbors"]
    return {n["entity"]["id"]: n["distance"] for n in nodes(conn)}


def test_neighbors_by_depth_with_distances(client: TestClient) -> None:
    one = _neighbors(client, id="fumio-kishida", depth=1)
    assert one["sam-altman"] == 1 and one["government-of-japan"] == 1
    assert set(one.values()) == {1}
    two = _neighbors(client, id="fumio-kishida", depth=2, types=["MET", "HEAD_OF_GOVERNMENT", "LEADS"])
    assert two["sam-altman"] == 1 and two["openai"] == 2
    assert "fumio-kishida" not in two


def test_neighbors_as_of_follow_only_facts_that_held(client: TestClient) -> None:
    assert "sam-altman" not in _neighbors(client, id="fumio-kishida", depth=1, asOf="2023-01-01", types=["MET"])
    assert "sam-altman" in _neighbors(client, id="fumio-kishida", depth=1, asOf="2023-05-01", types=["MET"])


PATH = """query($from: ID!, $to: ID!, $hops: Int!, $types: [RelationType!], $asOf: Date) {
  path(from: $from, to: $to, maxHops: $hops, types: $types, asOf: $asOf) {
    length nodes { id } hops { from { id } to { id } fact { type date validFrom sources { url } } } } }"""


def test_shortest_paths_with_each_hops_fact_and_sources(client: TestClient) -> None:
    paths = data(client, PATH, **{"from": "sam-altman", "to": "government-of-japan", "hops": 4,
                                  "types": None, "asOf": None})["path"]
    assert paths and {p["length"] for p in paths} == {2}
    via = [p for p in paths if p["nodes"][1]["id"] == "fumio-kishida"]
    assert len(via) == 1
    hops = via[0]["hops"]
    assert [h["from"]["id"] for h in hops] == ["sam-altman", "fumio-kishida"]
    assert [h["to"]["id"] for h in hops] == ["fumio-kishida", "government-of-japan"]
    assert [h["fact"]["type"] for h in hops] == ["MET", "HEAD_OF_GOVERNMENT"]
    assert all(h["fact"]["sources"] and h["fact"]["sources"][0]["url"].startswith("http") for h in hops)


def test_paths_follow_only_the_given_types_and_dates(client: TestClient) -> None:
    v = {"from": "sam-altman", "to": "government-of-japan", "hops": 4, "types": ["MET", "HEAD_OF_GOVERNMENT"]}
    paths = data(client, PATH, **v, asOf="2023-06-01")["path"]
    assert [p["nodes"][1]["id"] for p in paths] == ["fumio-kishida"]
    assert all(h["fact"]["type"] in ("MET", "HEAD_OF_GOVERNMENT") for p in paths for h in p["hops"])
    # Before they met there is no such path at all.
    assert data(client, PATH, **v, asOf="2023-04-09")["path"] == []


@pytest.mark.parametrize(("source", "target", "code"), [
    ("no-such-entity", "openai", "NOT_FOUND"),
    ("openai", "openai", "INVALID_ARGUMENT"),
])
def test_bad_path_ends_are_user_errors(client: TestClient, source: str, target: str, code: str) -> None:
    body = post(client, PATH, **{"from": source, "to": target, "hops": 3, "types": None, "asOf": None})
    assert error_codes(body) == [code]


def test_max_hops_out_of_range_is_refused(client: TestClient) -> None:
    body = post(client, PATH, **{"from": "sam-altman", "to": "openai", "hops": 7, "types": None, "asOf": None})
    assert error_codes(body) == ["INVALID_ARGUMENT"]


def test_timeline_is_oldest_first_and_marks_starts_and_ends(client: TestClient) -> None:
    q = """query($from: Date, $to: Date) { entity(id: "fumio-kishida") { timeline(from: $from, to: $to, first: 100) {
             edges { node { at precision change fact { type other { id } } } } } } }"""
    points = nodes(data(client, q, **{"from": None, "to": None})["entity"]["timeline"])
    ats = [p["at"] for p in points]
    assert ats == sorted(ats)
    hog = [(p["at"], p["change"]) for p in points if p["fact"]["type"] == "HEAD_OF_GOVERNMENT"]
    assert ("2021-10-04", "STARTED") in hog and ("2024-10-01", "ENDED") in hog
    assert ("2023-04-10", "HAPPENED") in [(p["at"], p["change"]) for p in points if p["fact"]["type"] == "MET"]
    in_2023 = nodes(data(client, q, **{"from": "2023-01-01", "to": "2023-12-31"})["entity"]["timeline"])
    assert in_2023 and all(p["at"].startswith("2023") for p in in_2023)


def test_entity_sources(client: TestClient) -> None:
    sources = data(client, '{ entity(id: "sam-altman") { sources(first: 100) { id url publisher published } } }')
    ids = [s["id"] for s in sources["entity"]["sources"]]
    assert "observer-altman-japan-2023" in ids and len(ids) == len(set(ids))


# -- search ---------------------------------------------------------------------------------

SEARCH = """query($t: String!, $k: [EntityKind!], $after: String, $first: Int) {
  search(text: $t, kinds: $k, first: $first, after: $after) {
    edges { node { score entity { id kind } } } pageInfo { hasNextPage endCursor } } }"""


def test_search_matches_names_aliases_and_prefixes(client: TestClient) -> None:
    def ids(text: str, kinds: list[str] | None = None) -> list[str]:
        conn = data(client, SEARCH, t=text, k=kinds, after=None, first=20)["search"]
        return [n["entity"]["id"] for n in nodes(conn)]

    assert ids("Sam Altman")[0] == "sam-altman"
    assert "sam-altman" in ids("altm")
    assert "sam-altman" in ids("Samuel")
    assert ids("openai", ["COMPANY"])[0] == "openai"
    assert all(i != "openai" for i in ids("openai", ["PERSON"]))


def test_search_pages_continue_where_the_last_ended(client: TestClient) -> None:
    first = data(client, SEARCH, t="a", k=None, after=None, first=5)["search"]
    assert first["pageInfo"]["hasNextPage"]
    second = data(client, SEARCH, t="a", k=None, after=first["pageInfo"]["endCursor"], first=5)["search"]
    one = [n["entity"]["id"] for n in nodes(first)]
    two = [n["entity"]["id"] for n in nodes(second)]
    both = [n["entity"]["id"] for n in nodes(data(client, SEARCH, t="a", k=None, after=None, first=10)["search"])]
    assert one + two == both and not set(one) & set(two)
    scores = [n["score"] for n in nodes(first)] + [n["score"] for n in nodes(second)]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", [
    "') RETURN 1 //", 'OpenAI" OR name:*', "(((", "AND OR NOT", "*", "~^2", "a\\b", "x:y/z", "[0 TO 9]", "&& ||",
])
def test_search_treats_lucene_syntax_as_plain_text(client: TestClient, text: str) -> None:
    body = post(client, SEARCH, t=text, k=None, after=None, first=5)
    assert "errors" not in body, body["errors"]


def test_empty_search_is_an_invalid_argument(client: TestClient) -> None:
    assert error_codes(post(client, SEARCH, t="   ", k=None, after=None, first=5)) == ["INVALID_ARGUMENT"]


# -- injection-looking input is data --------------------------------------------------------


@pytest.mark.parametrize("value", [
    "') RETURN 1 //",
    "x'}) MATCH (n) DETACH DELETE n //",
    "openai`:Company",
    "Person",
    "openai' OR '1'='1",
    "$name",
])
def test_injection_looking_arguments_are_plain_data(client: TestClient, value: str) -> None:
    before = data(client, "{ stats { entities facts } }")["stats"]
    q = """query($v: String!, $id: ID!) {
      byId: entity(id: $id) { id } byName: entity(name: $v) { id }
      entities(country: $v, first: 5) { edges { node { id } } }
      search(text: $v, first: 5) { edges { node { entity { id } } } } }"""
    got = data(client, q, v=value, id=value)
    assert got["byId"] is None and got["byName"] is None
    assert got["entities"]["edges"] == []
    assert data(client, "{ stats { entities facts } }")["stats"] == before


# -- conflicts and stats --------------------------------------------------------------------


def test_conflicts_pair_facts_whose_sources_disagree(client: TestClient) -> None:
    q = """{ conflicts(first: 100) { edges { node { id conflict type subject { id } object { id }
             conflictsWith { id conflict type subject { id } object { id } } sources { id } } } } }"""
    facts = nodes(data(client, q)["conflicts"])
    ids = {f["id"] for f in facts}
    for f in facts:
        assert f["conflict"] and f["conflictsWith"] and f["sources"]
        for other in f["conflictsWith"]:
            assert other["conflict"] and other["id"] in ids
            assert (other["type"], other["subject"], other["object"]) == (f["type"], f["subject"], f["object"])
    assert data(client, "{ stats { conflicts } }")["stats"]["conflicts"] == len(facts)


def test_stats_count_every_kind_and_relation_type(client: TestClient) -> None:
    s = data(client, "{ stats { entities facts sources conflicts byKind { kind count } byRelation { type count } } }")[
        "stats"]
    assert [k["kind"] for k in s["byKind"]] == [k.upper() for k in KINDS]
    assert [r["type"] for r in s["byRelation"]] == list(RELATIONS)
    assert s["entities"] == sum(k["count"] for k in s["byKind"]) > 200
    assert s["facts"] == sum(r["count"] for r in s["byRelation"]) > 200
    assert s["sources"] > 50
