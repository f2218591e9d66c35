"""graph.analysis on small graphs with known answers, checked against NetworkX called directly."""

from __future__ import annotations

import doctest
import itertools
from collections import Counter

import networkx as nx
import pytest

import graph.analysis as analysis
import graph.cypher.subgraph
import graph.export
import graph.subgraph
import kgcli.analyst_cmd
from graph.analysis import example_graph
from graph.errors import AmbiguousEntityError, InvalidArgumentError, NotFoundError


def simple(G: nx.MultiDiGraph, *, directed: bool = False) -> nx.Graph:
    """The projection built independently of graph.analysis.project: weight = number of facts."""
    counts: Counter[tuple[str, str]] = Counter()
    for u, v in G.edges():
        counts[(u, v) if directed else tuple(sorted((u, v)))] += 1  # type: ignore[index]
    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G)
    for (u, v), n in counts.items():
        H.add_edge(u, v, w=n, d=1 / n)
    return H


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return example_graph()


def test_project_counts_facts_in_either_direction() -> None:
    M = nx.MultiDiGraph()
    M.add_edges_from([("a", "b", "1"), ("b", "a", "2"), ("a", "b", "3"), ("b", "c", "4")])
    P = analysis.project(M)
    assert P["a"]["b"]["facts"] == 3 and P["b"]["c"]["facts"] == 1
    D = analysis.project(M, directed=True)
    assert D["a"]["b"]["facts"] == 2 and D["b"]["a"]["facts"] == 1


def test_degree_centrality_matches_networkx(G: nx.MultiDiGraph) -> None:
    assert analysis.degree_centrality(G) == pytest.approx(nx.degree_centrality(simple(G)))


def test_betweenness_matches_networkx_unweighted_and_weighted(G: nx.MultiDiGraph) -> None:
    assert analysis.betweenness_centrality(G) == pytest.approx(nx.betweenness_centrality(simple(G)))
    assert analysis.betweenness_centrality(G, weighted=True) == pytest.approx(
        nx.betweenness_centrality(simple(G), weight="d"))


def test_eigenvector_matches_networkx_weighted_by_fact_counts(G: nx.MultiDiGraph) -> None:
    G.add_edge("ada-chen", "kenji-mori", "extra", type="MET")  # a second fact on one tie
    expected = nx.eigenvector_centrality(simple(G), weight="w", max_iter=1000)
    assert analysis.eigenvector_centrality(G) == pytest.approx(expected, rel=1e-5)
    assert analysis.eigenvector_centrality(G, weighted=False) == pytest.approx(
        nx.eigenvector_centrality(simple(G), max_iter=1000), rel=1e-5)


def test_pagerank_matches_networkx_on_the_directed_projection(G: nx.MultiDiGraph) -> None:
    G.add_edge("hana-mori", "ada-chen", "extra", type="MET")
    assert analysis.pagerank(G) == pytest.approx(nx.pagerank(simple(G, directed=True), weight="w"))


def test_centrality_dispatches_by_name(G: nx.MultiDiGraph) -> None:
    for measure in analysis.CENTRALITY_MEASURES:
        assert set(analysis.centrality(G, measure)) == set(G)
    with pytest.raises(InvalidArgumentError, match="unknown centrality"):
        analysis.centrality(G, "closeness")


def test_ranked_orders_by_score_then_node() -> None:
    assert analysis.ranked({"b": 1.0, "a": 1.0, "c": 2.0}) == [("c", 2.0), ("a", 1.0), ("b", 1.0)]


def test_empty_graph_gives_empty_results() -> None:
    E = nx.MultiDiGraph()
    assert analysis.eigenvector_centrality(E) == {}
    assert analysis.pagerank(E) == {}
    assert analysis.communities(E) == []
    assert analysis.brokers(E, "JP") == []


def test_communities_match_louvain_with_the_same_seed(G: nx.MultiDiGraph) -> None:
    expected = nx.community.louvain_communities(simple(G), weight="w", seed=7)
    got = analysis.communities(G, seed=7)
    assert {frozenset(c) for c in got} == {frozenset(c) for c in expected}
    assert [len(c) for c in got] == sorted((len(c) for c in got), reverse=True)
    assert sorted(itertools.chain.from_iterable(got)) == sorted(G)
    assert analysis.communities(G, seed=7) == got  # repeatable


def test_two_cliques_joined_by_one_edge_are_two_communities() -> None:
    M = nx.MultiDiGraph()
    for group in ("abcd", "wxyz"):
        for u, v in itertools.combinations(group, 2):
            M.add_edge(u, v, f"{u}{v}", type="MET")
    M.add_edge("a", "w", "aw", type="MET")
    assert analysis.communities(M) == [["a", "b", "c", "d"], ["w", "x", "y", "z"]]


def test_shortest_path_lists_the_facts_of_every_step(G: nx.MultiDiGraph) -> None:
    p = analysis.shortest_path(G, "ada-chen", "gov-xland")
    assert p is not None
    assert p["nodes"] == nx.shortest_path(G.to_undirected(), "ada-chen", "gov-xland")
    assert p["length"] == 2
    first = p["steps"][0]["facts"][0]
    assert first["key"] == "f06" and first["type"] == "MET"
    assert (first["subject"], first["object"]) == ("ada-chen", "kenji-mori")
    assert first["source_urls"] == ["https://example.org/"]


def test_shortest_path_follows_direction_only_when_asked(G: nx.MultiDiGraph) -> None:
    assert analysis.shortest_path(G, "gov-xland", "kenji-mori")["length"] == 1  # type: ignore[index]
    assert analysis.shortest_path(G, "gov-xland", "kenji-mori", directed=True) is None


def test_shortest_path_between_unconnected_entities_is_none() -> None:
    M = nx.MultiDiGraph()
    M.add_nodes_from(["a", "b"])
    assert analysis.shortest_path(M, "a", "b") is None


def test_ego_network_matches_networkx(G: nx.MultiDiGraph) -> None:
    ego = analysis.ego_network(G, "Kenji Mori", radius=2)
    expected = nx.ego_graph(G, "kenji-mori", radius=2, undirected=True)
    assert set(ego) == set(expected)
    assert set(ego.edges(keys=True)) == set(expected.edges(keys=True))
    assert isinstance(ego, nx.MultiDiGraph)


def test_find_node_by_id_name_alias_and_its_errors() -> None:
    M = nx.MultiDiGraph()
    M.add_node("a", name="Alpha", aliases=["Shared"])
    M.add_node("b", name="Beta", aliases=["Shared", "B"])
    assert analysis.find_node(M, "a") == "a"
    assert analysis.find_node(M, "ALPHA") == "a"
    assert analysis.find_node(M, "b") == "b"
    with pytest.raises(AmbiguousEntityError) as info:
        analysis.find_node(M, "shared")
    assert info.value.candidates == ["a", "b"]
    with pytest.raises(NotFoundError):
        analysis.find_node(M, "gamma")


def test_government_side_includes_agencies_and_office_holders(G: nx.MultiDiGraph) -> None:
    assert analysis.government_side(G, "XL") == {"gov-xland", "ministry-digital", "kenji-mori",
                                                 "rin-sato"}
    _, foreign = analysis.broker_sides(G, "xl")
    assert foreign == {"sora-labs", "vector-capital"}


def test_brokers_known_answer(G: nx.MultiDiGraph) -> None:
    rows = analysis.brokers(G, "XL")
    assert [(r["id"], r["pairs"]) for r in rows] == [
        ("ada-chen", 8), ("hana-mori", 4), ("mori-holdings", 4)]
    # Sora Labs lies between the government and Vector Capital, but it is a foreign company
    # itself: a side, not a go-between
    assert "sora-labs" not in {r["id"] for r in rows}
    ada = rows[0]
    assert ada["share"] == 1.0 and ada["kind"] == "Person" and ada["country"] == "US"
    assert ada["examples"][0] == ["gov-xland", "sora-labs"]


def test_brokers_agree_with_all_shortest_paths(G: nx.MultiDiGraph) -> None:
    """Cross-check the pair counts by enumerating every shortest path with NetworkX."""
    side, foreign = analysis.broker_sides(G, "XL")
    ties = nx.Graph(G.subgraph(n for n, k in G.nodes(data="kind") if k in analysis.TIE_KINDS))
    expected: Counter[str] = Counter()
    for s, f in itertools.product(side, foreign):
        if not nx.has_path(ties, s, f):
            continue
        on_paths = {v for p in nx.all_shortest_paths(ties, s, f) for v in p[1:-1]}
        for v in on_paths:
            if v not in side | foreign and G.nodes[v]["kind"] in ("Person", "Company"):
                expected[v] += 1
    assert {r["id"]: r["pairs"] for r in analysis.brokers(G, "XL")} == dict(expected)


def test_brokers_betweenness_is_networkx_subset_betweenness_doubled(G: nx.MultiDiGraph) -> None:
    side, foreign = analysis.broker_sides(G, "XL")
    ties = analysis.project(G.subgraph(n for n, k in G.nodes(data="kind") if k in analysis.TIE_KINDS))
    nxb = nx.betweenness_centrality_subset(ties, sources=side, targets=foreign)
    for row in analysis.brokers(G, "XL"):
        assert row["betweenness"] == pytest.approx(2 * nxb[row["id"]], abs=1e-4)


def test_brokers_ignore_paths_through_places(G: nx.MultiDiGraph) -> None:
    # Sora Labs has an office in Xl City, which the government governs: not a tie between actors.
    G.remove_edge("ada-chen", "kenji-mori", "f06")
    ids = [r["id"] for r in analysis.brokers(G, "XL")]
    assert "xl-city" not in ids
    assert "hana-mori" in ids  # the remaining route runs through Rin Sato's meeting


def test_country_rollup_known_answer(G: nx.MultiDiGraph) -> None:
    r = analysis.country_rollup(G, "xl")
    assert r["country"] == "XL"
    assert r["companies"] == [{"id": "mori-holdings", "name": "Mori Holdings"}]
    assert [(o["company"], o["place"], o["opened"].isoformat()) for o in r["foreign_offices"]] == [
        ("sora-labs", "xl-city", "2024-04-15")]
    assert [(m["official"], m["executive"], m["companies"]) for m in r["government_meetings"]] == [
        ("kenji-mori", "ada-chen", ["sora-labs"]), ("rin-sato", "hana-mori", ["mori-holdings"])]
    assert r["investments_in"] == []
    assert [(i["investor"], i["company"], i["amount"]) for i in r["investments_out"]] == [
        ("mori-holdings", "sora-labs", 2_000_000_000)]
    us = analysis.country_rollup(G, "US")
    assert [(i["investor"], i["amount"]) for i in us["investments_in"]] == [
        ("mori-holdings", 2_000_000_000)]  # domestic Vector Capital money is neither in nor out
    assert us["totals"]["investments_in"] == {"USD": 2_000_000_000}


def test_country_rollups_cover_every_country(G: nx.MultiDiGraph) -> None:
    assert set(analysis.country_rollups(G)) == {"US", "XL"}


@pytest.mark.parametrize("module", [analysis, graph.export, graph.subgraph, graph.cypher.subgraph,
                                    kgcli.analyst_cmd], ids=lambda m: m.__name__)
def test_docstring_examples_run(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)  # type: ignore[arg-type]
    assert result.failed == 0
    assert result.attempted > 0
