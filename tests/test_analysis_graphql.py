"""The `analysis` GraphQL field over the real API app and Neo4j (the Japan fixture), checked
against graph.analysis and NetworkX on the same subgraph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from fixtures.analysis.loader import load_yaml
from graphql_testutil import data as gql_data
from graphql_testutil import post

from api.app import create_app
from graph import KnowledgeGraph, analysis
from graph.config import Settings
from graph.store import Store


@pytest.fixture(scope="module")
def kg(session_store: Store, settings: Settings) -> KnowledgeGraph:
    session_store.clear()
    load_yaml(session_store, "japan.yaml")
    return KnowledgeGraph(session_store, settings)


@pytest.fixture(scope="module")
def client(settings: Settings, kg: KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=kg.store)) as c:
        yield c


def data(client: TestClient, query: str, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = gql_data(client, query, **variables)["analysis"]
    return result


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def test_counts_match_the_python_subgraph(client: TestClient, kg: KnowledgeGraph) -> None:
    got = data(client, '{ analysis(around: ["Sam Altman", "Government of Japan"], depth: 2, '
                       'types: [MET, HEAD_OF_GOVERNMENT, HAS_OFFICE_IN], asOf: "2024-04-30") '
                       '{ nodeCount edgeCount } }')
    assert got == {"nodeCount": 3, "edgeCount": 2}
    assert data(client, "{ analysis { nodeCount edgeCount } }") == {"nodeCount": 14, "edgeCount": 14}


@pytest.mark.parametrize("measure", ["DEGREE", "BETWEENNESS", "EIGENVECTOR", "PAGERANK"])
def test_centrality_matches_graph_analysis(client: TestClient, kg: KnowledgeGraph, measure: str) -> None:
    got = data(client, "query($m: CentralityMeasure!) { analysis { centrality(measure: $m, top: 5) "
                       "{ entity { id name kind } score } } }", m=measure)["centrality"]
    expected = analysis.ranked(analysis.centrality(kg.subgraph(), measure.lower()), top=5, digits=6)
    assert [(c["entity"]["id"], c["score"]) for c in got] == [(n, pytest.approx(s)) for n, s in expected]
    assert got[0]["entity"]["name"] and got[0]["entity"]["kind"]


def test_communities_partition_the_subgraph(client: TestClient, kg: KnowledgeGraph) -> None:
    got = data(client, "{ analysis { communities(seed: 3) { index size members { id } } } }")["communities"]
    expected = analysis.communities(kg.subgraph(), seed=3)
    assert [[m["id"] for m in c["members"]] for c in got] == expected
    assert sum(c["size"] for c in got) == 14


def test_brokers_known_answer(client: TestClient) -> None:
    query = ("query($asOf: Date) { analysis(asOf: $asOf) { brokers(country: \"JP\") "
             "{ entity { id kind country } pairs share examples } } }")
    got = data(client, query, asOf=None)["brokers"]
    assert [(b["entity"]["id"], b["pairs"]) for b in got] == [("sam-altman", 6)]
    assert got[0]["entity"] == {"id": "sam-altman", "kind": "PERSON", "country": "US"}
    assert got[0]["share"] == 1.0
    assert ["fumio-kishida", "openai"] in got[0]["examples"]
    # on 2024-04-30 Shigeru Ishiba did not hold office yet: one government-side person fewer
    got = data(client, query, asOf="2024-04-30")["brokers"]
    assert [(b["entity"]["id"], b["pairs"]) for b in got] == [("sam-altman", 4)]


def test_country_rollup_known_answer(client: TestClient) -> None:
    got = data(client, """{ analysis { countryRollup(country: "jp") {
        country companies { id } government { id }
        foreignOffices { company { id } place { id } opened factId sourceUrls }
        governmentMeetings { official { id } executive { id } companies { id } date place }
        investmentsIn { investor { id } }
        investmentsOut { investor { id } company { id } amount currency round date }
        totalInvestedOut { currency amount } } } }""")["countryRollup"]
    assert got["country"] == "JP"
    assert [c["id"] for c in got["companies"]] == ["openai-japan", "softbank"]
    assert [g["id"] for g in got["government"]] == ["fumio-kishida", "government-of-japan", "shigeru-ishiba"]
    assert got["foreignOffices"] == [{"company": {"id": "openai"}, "place": {"id": "tokyo"},
                                      "opened": "2024-04-15", "factId": "f-office-tokyo",
                                      "sourceUrls": ["https://example.org/reuters-openai-tokyo"]}]
    assert got["governmentMeetings"] == [{"official": {"id": "fumio-kishida"}, "executive": {"id": "sam-altman"},
                                          "companies": [{"id": "openai"}], "date": "2023-04-10",
                                          "place": "tokyo"}]
    assert got["investmentsIn"] == []
    assert got["investmentsOut"] == [{"investor": {"id": "softbank"}, "company": {"id": "openai"},
                                      "amount": 30_000_000_000, "currency": "USD", "round": "Series F",
                                      "date": "2025-03-31"}]
    assert got["totalInvestedOut"] == [{"currency": "USD", "amount": 30_000_000_000}]


def test_shortest_path_with_facts_and_sources(client: TestClient) -> None:
    got = data(client, """{ analysis { shortestPath(source: "Sam Altman", target: "Government of Japan") {
        length nodes { id } steps { source { id } target { id } facts { id type date validFrom sourceUrls } }
    } } }""")["shortestPath"]
    assert got["length"] == 2
    assert [n["id"] for n in got["nodes"]] == ["sam-altman", "fumio-kishida", "government-of-japan"]
    first, second = got["steps"]
    assert first["facts"] == [{"id": "f-met", "type": "MET", "date": "2023-04-10", "validFrom": None,
                               "sourceUrls": ["https://example.org/observer-altman-japan"]}]
    assert second["facts"][0]["type"] == "HEAD_OF_GOVERNMENT"
    assert second["facts"][0]["validFrom"] == "2021-10-04"


def test_no_path_is_null(client: TestClient) -> None:
    got = data(client, '{ analysis(types: [MET]) { shortestPath(source: "openai", target: "tokyo") { length } } }')
    assert got["shortestPath"] is None


def test_subgraph_is_bounded_by_the_api_limit(settings: Settings, kg: KnowledgeGraph) -> None:
    small = settings.model_copy(update={"api_max_subgraph_edges": 5})
    with TestClient(create_app(small, store=kg.store)) as c:
        body = post(c, "{ analysis { nodeCount } }")
        assert codes(body) == ["RESULT_TOO_LARGE"]
        assert "more than 5 edges" in body["errors"][0]["message"]
        assert "errors" not in post(c, '{ analysis(around: ["openai"], depth: 0) { nodeCount } }')


def test_user_errors_have_codes(client: TestClient) -> None:
    body = post(client, '{ analysis(around: ["Nobody At All"]) { nodeCount } }')
    assert codes(body) == ["NOT_FOUND"]
    body = post(client, '{ analysis(around: ["Son"]) { nodeCount } }')
    assert codes(body) == ["AMBIGUOUS_ENTITY"]
    assert body["errors"][0]["extensions"]["candidates"] == ["masayoshi-son", "son-taejang"]
    body = post(client, '{ analysis(around: ["openai"], depth: 9) { nodeCount } }')
    assert codes(body) == ["INVALID_ARGUMENT"]
    body = post(client, '{ analysis { centrality(top: 0) { score } } }')
    assert codes(body) == ["INVALID_ARGUMENT"]
