"""kg.subgraph against the real Neo4j: shapes, properties, time, kinds, types, names, limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import networkx as nx
import pytest
from fixtures.analysis.loader import load_yaml

from graph import KnowledgeGraph
from graph.config import Settings
from graph.errors import (
    AmbiguousEntityError,
    InvalidArgumentError,
    NotFoundError,
    QueryError,
    ReadOnlyViolationError,
    ResultTooLargeError,
)
from graph.store import Store

ISSUE_TYPES = ["MET", "HEAD_OF_GOVERNMENT", "HAS_OFFICE_IN"]


@pytest.fixture(scope="module")
def kg(session_store: Store, settings: Settings) -> Iterator[KnowledgeGraph]:
    """The Japan fixture graph (14 entities, 14 facts), loaded once for this module."""
    session_store.clear()
    counts = load_yaml(session_store, "japan.yaml")
    assert counts == {"entities": 14, "sources": 2, "facts": 14}
    yield KnowledgeGraph(session_store, settings)


def facts(G: nx.MultiDiGraph) -> set[str]:
    return {k for _, _, k in G.edges(keys=True)}


def test_issue_example_gives_the_three_people_and_bodies(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(around=["Sam Altman", "Government of Japan"], depth=2, types=ISSUE_TYPES,
                    as_of="2024-04-30")
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G) == {"sam-altman", "fumio-kishida", "government-of-japan"}
    assert facts(G) == {"f-met", "f-kishida-pm"}
    assert G.graph["selection"] == {"around": ["sam-altman", "government-of-japan"], "depth": 2,
                                    "types": ISSUE_TYPES, "as_of": "2024-04-30"}


def test_nodes_carry_every_entity_property(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(around="sam-altman", depth=0)
    attrs = G.nodes["sam-altman"]
    assert attrs["name"] == "Sam Altman"
    assert attrs["kind"] == "Person"
    assert attrs["country"] == "US"
    assert attrs["aliases"] == ["Samuel Altman"]
    assert isinstance(attrs["recorded_at"], dt.datetime)
    assert not {"content_hash", "aliases_text", "id"} & set(attrs)


def test_edges_carry_type_dates_confidence_status_and_source_urls(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(around="Fumio Kishida", depth=1, types=["MET", "HEAD_OF_GOVERNMENT"])
    met = G.edges["sam-altman", "fumio-kishida", "f-met"]
    assert met["type"] == "MET"
    assert met["date"] == dt.date(2023, 4, 10) and type(met["date"]) is dt.date
    assert met["date_precision"] == "day"
    assert met["confidence"] == 1.0 and met["status"] == "curated"
    assert met["source_ids"] == ["src-observer"]
    assert met["source_urls"] == ["https://example.org/observer-altman-japan"]
    assert met["quotes"] == ["test fixture"]
    assert met["place"] == "tokyo"
    assert isinstance(met["recorded_at"], dt.datetime)
    pm = G.edges["fumio-kishida", "government-of-japan", "f-kishida-pm"]
    assert (pm["valid_from"], pm["valid_to"]) == (dt.date(2021, 10, 4), dt.date(2024, 10, 1))
    assert pm["role"] == "Prime Minister"


def test_whole_graph_has_every_entity_and_fact(kg: KnowledgeGraph) -> None:
    G = kg.subgraph()
    assert (G.number_of_nodes(), G.number_of_edges()) == (14, 14)
    assert "son-taejang" in G  # isolated entities belong to the whole graph


def test_as_of_excludes_facts_not_yet_valid(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(as_of="2024-04-01")
    assert "f-office-tokyo" not in facts(G)  # opened 2024-04-15
    assert "f-office-london" in facts(G)
    assert "f-sb-invests" not in facts(G)  # an event of 2025
    assert "f-governs" in facts(G)  # timeless


def test_as_of_excludes_facts_already_ended(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(as_of="2024-12-01")
    assert "f-kishida-pm" not in facts(G)
    assert {"f-ishiba-pm", "f-met", "f-office-tokyo", "f-governs"} <= facts(G)


def test_as_of_start_is_inclusive_and_end_exclusive(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(types=["HEAD_OF_GOVERNMENT"], as_of=dt.date(2024, 10, 1))
    assert facts(G) == {"f-ishiba-pm"}
    G = kg.subgraph(types=["HEAD_OF_GOVERNMENT"], as_of=dt.date(2024, 9, 30))
    assert facts(G) == {"f-kishida-pm"}


def test_as_of_changes_who_is_reachable(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(around=["Sam Altman", "Government of Japan"], depth=2, types=ISSUE_TYPES,
                    as_of="2024-12-01")
    assert set(G) == {"sam-altman", "fumio-kishida", "government-of-japan", "shigeru-ishiba"}
    assert facts(G) == {"f-met", "f-ishiba-pm"}


def test_window_keeps_events_inside_and_overlapping_states(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(start="2025-01-01", end="2025-12-31")
    got = facts(G)
    assert {"f-met-son", "f-sb-invests", "f-ishiba-pm", "f-altman-leads", "f-governs"} <= got
    assert not {"f-met", "f-kishida-pm", "f-ms-invests"} & got


def test_depth_counts_hops_and_induces_the_facts_among_reached_entities(kg: KnowledgeGraph) -> None:
    assert set(kg.subgraph(around="openai", depth=0)) == {"openai"}
    G = kg.subgraph(around="openai", depth=1)
    assert set(G) == {"openai", "tokyo", "london", "sam-altman", "openai-japan", "softbank", "microsoft"}
    assert facts(G) == {"f-office-tokyo", "f-office-london", "f-altman-leads", "f-oj-part",
                        "f-sb-invests", "f-ms-invests"}
    G2 = kg.subgraph(around="openai", depth=2)
    assert {"japan", "fumio-kishida", "masayoshi-son", "tadao-nagasaki"} <= set(G2)
    assert "f-tokyo-in" in facts(G2) and "f-met" in facts(G2)


def test_kinds_and_types_filter_nodes_and_facts(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(kinds=["Person", "Government"])
    assert {G.nodes[n]["kind"] for n in G} == {"Person", "Government"}
    assert {t for *_, t in G.edges(data="type")} == {"MET", "HEAD_OF_GOVERNMENT"}
    G = kg.subgraph(types=["INVESTED_IN"])
    assert facts(G) == {"f-sb-invests", "f-ms-invests"}
    G = kg.subgraph(around="openai", depth=1, kinds=["Company"])
    assert set(G) == {"openai", "openai-japan", "softbank", "microsoft"}


def test_min_confidence_drops_less_certain_facts(kg: KnowledgeGraph) -> None:
    G = kg.subgraph(types=["MET"], min_confidence=0.9)
    assert facts(G) == {"f-met"}


def test_known_as_of_drops_facts_recorded_later(kg: KnowledgeGraph) -> None:
    assert kg.subgraph(known_as_of="2000-01-01").number_of_edges() == 0
    assert kg.subgraph(known_as_of=dt.datetime.now(dt.UTC)).number_of_edges() == 14


def test_around_takes_ids_names_and_aliases_case_insensitively(kg: KnowledgeGraph) -> None:
    assert kg.resolve(["OPENAI", "sam altman", "kishida", "Japanese Government"]) == [
        "openai", "sam-altman", "fumio-kishida", "government-of-japan"]


def test_unknown_name_is_not_found(kg: KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError, match="Nobody"):
        kg.subgraph(around="Nobody At All")


def test_shared_alias_is_ambiguous_with_candidates(kg: KnowledgeGraph) -> None:
    with pytest.raises(AmbiguousEntityError) as info:
        kg.subgraph(around="son")
    assert info.value.candidates == ["masayoshi-son", "son-taejang"]


def test_bad_arguments_are_refused_before_any_query(kg: KnowledgeGraph) -> None:
    with pytest.raises(InvalidArgumentError, match="unknown relation"):
        kg.subgraph(types=["MET]->() DETACH DELETE n //"])
    with pytest.raises(InvalidArgumentError, match="unknown entity kind"):
        kg.subgraph(kinds=["Robot"])
    with pytest.raises(InvalidArgumentError, match="not a date"):
        kg.subgraph(as_of="last tuesday")
    with pytest.raises(InvalidArgumentError, match="either as_of"):
        kg.subgraph(as_of="2024-01-01", start="2023-01-01")
    with pytest.raises(InvalidArgumentError, match="depth"):
        kg.subgraph(around="openai", depth=-1)


def test_limit_raises_result_too_large_with_a_clear_message(kg: KnowledgeGraph) -> None:
    with pytest.raises(ResultTooLargeError, match=r"more than 5 edges.*narrow the selection"):
        kg.subgraph(limit=5)
    assert kg.subgraph(limit=14).number_of_edges() == 14


def test_default_limit_comes_from_settings(kg: KnowledgeGraph, settings: Settings) -> None:
    small = KnowledgeGraph(kg.store, settings.model_copy(update={"max_subgraph_edges": 3}))
    with pytest.raises(ResultTooLargeError, match="more than 3 edges"):
        small.subgraph()


def test_subgraph_from_cypher_builds_the_returned_paths(kg: KnowledgeGraph) -> None:
    G = kg.subgraph_from_cypher(
        "MATCH p = (:Person {id: $id})-[:MET]-()-[:HEAD_OF_GOVERNMENT]->() RETURN p",
        {"id": "sam-altman"})
    assert set(G) == {"sam-altman", "fumio-kishida", "government-of-japan"}
    assert facts(G) == {"f-met", "f-kishida-pm"}
    assert G.nodes["government-of-japan"]["name"] == "Government of Japan"
    met = G.edges["sam-altman", "fumio-kishida", "f-met"]
    assert met["type"] == "MET" and met["date"] == dt.date(2023, 4, 10)
    assert met["source_urls"] == ["https://example.org/observer-altman-japan"]


def test_subgraph_from_cypher_fetches_ends_of_bare_relationships(kg: KnowledgeGraph) -> None:
    G = kg.subgraph_from_cypher("MATCH ()-[r:INVESTED_IN]->() RETURN r")
    assert set(G) == {"softbank", "microsoft", "openai"}
    assert G.nodes["openai"]["kind"] == "Company" and G.nodes["openai"]["name"] == "OpenAI"
    assert G.edges["softbank", "openai", "f-sb-invests"]["amount"] == 30_000_000_000


def test_subgraph_from_cypher_has_a_limit(kg: KnowledgeGraph) -> None:
    with pytest.raises(ResultTooLargeError):
        kg.subgraph_from_cypher("MATCH ()-[r]->() RETURN r", limit=3)


def test_cypher_returns_rows_with_python_dates(kg: KnowledgeGraph) -> None:
    rows = kg.cypher("MATCH (p:Person {id: $id})-[m:MET]->(q) RETURN q.name AS met, m.date AS date "
                     "ORDER BY date", {"id": "sam-altman"})
    assert rows == [{"met": "Fumio Kishida", "date": dt.date(2023, 4, 10)},
                    {"met": "Masayoshi Son", "date": dt.date(2025, 2, 3)}]


def test_cypher_refuses_a_create_and_writes_nothing(kg: KnowledgeGraph) -> None:
    before = kg.store.counts()
    with pytest.raises(ReadOnlyViolationError, match="Writing in read access mode"):
        kg.cypher("CREATE (:Entity {id: 'intruder'})")
    with pytest.raises(ReadOnlyViolationError):
        kg.subgraph_from_cypher("MATCH (n {id: 'openai'}) DETACH DELETE n")
    assert kg.store.counts() == before


def test_cypher_error_names_the_position(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"line 1, column 10"):
        kg.cypher("MATCH (n RETURN n")


def test_cypher_timeout_stops_a_long_query(kg: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"(?i)timed? ?out|terminated"):
        kg.cypher("UNWIND range(1, 100000000000) AS x WITH x WHERE x < 0 RETURN count(x)", timeout=0.5)


def test_cypher_row_limit(kg: KnowledgeGraph) -> None:
    with pytest.raises(ResultTooLargeError, match="more than 2 rows"):
        kg.cypher("UNWIND range(1, 10) AS x RETURN x", limit=2)


def test_connect_opens_and_closes_its_own_store(kg: KnowledgeGraph, settings: Settings) -> None:
    with KnowledgeGraph.connect(settings) as other:
        assert other.cypher("MATCH (e:Entity) RETURN count(e) AS n") == [{"n": 14}]
