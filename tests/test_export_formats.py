"""Exports: every format read back by NetworkX with the same nodes and edges; read_export restores
dates, lists and reserved names exactly."""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis import example_graph
from graph.errors import InvalidArgumentError
from graph.export import ENCODING_KEY, FORMATS, export_graph, format_for, open_writer, read_export

SUFFIX = {"graphml": "g.graphml", "gexf": "g.gexf", "json": "g.json", "csv": "g.zip"}


def rich_graph() -> nx.MultiDiGraph:
    """The example graph plus every awkward value: datetimes, nested lists, mixed numbers,
    booleans, None, unicode, and attribute names the formats reserve."""
    G = example_graph()
    G.graph["selection"] = {"around": ["gov-xland"], "depth": 2, "as_of": "2024-04-30"}
    G.graph["note"] = "Xland – 例"
    G.nodes["ada-chen"]["recorded_at"] = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC)
    G.nodes["ada-chen"]["aliases"] = ["A. Chen", "Ada"]
    G.nodes["ada-chen"]["label"] = "GEXF reserves this"
    G.nodes["sora-labs"]["listed"] = False
    G.nodes["sora-labs"]["description"] = None
    # amounts: an int on one edge, a float on another (mixed numeric types)
    G.edges["vector-capital", "sora-labs", "f14"]["amount"] = 300_000_000.5
    G.edges["ada-chen", "kenji-mori", "f06"]["quotes"] = ["They met, \"briefly\".", "第二"]
    G.edges["ada-chen", "kenji-mori", "f06"]["weight"] = 3  # GEXF reserves weight
    G.edges["ada-chen", "kenji-mori", "f06"]["conflict"] = True
    G.add_edge("ada-chen", "kenji-mori", "f06b", type="MET", date=dt.date(2024, 9, 9),
               source_urls=[None])  # a parallel fact, a missing source url
    return G


def same_structure(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    assert set(H) == set(G)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))


def without_none(attrs: dict) -> dict:
    return {k: v for k, v in attrs.items() if v is not None}


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_export_restores_every_attribute(fmt: str, tmp_path: Path) -> None:
    G = rich_graph()
    path = export_graph(G, tmp_path / SUFFIX[fmt])
    H = read_export(path)
    assert isinstance(H, nx.MultiDiGraph)
    same_structure(H, G)
    for n in G:
        assert H.nodes[n] == without_none(G.nodes[n]), n
    for u, v, k, attrs in G.edges(keys=True, data=True):
        assert H.edges[u, v, k] == without_none(attrs), k
    assert H.graph == G.graph


@pytest.mark.parametrize("fmt", FORMATS)
def test_types_survive_the_round_trip(fmt: str, tmp_path: Path) -> None:
    H = read_export(export_graph(rich_graph(), tmp_path / SUFFIX[fmt]))
    f06 = H.edges["ada-chen", "kenji-mori", "f06"]
    assert type(f06["date"]) is dt.date
    assert f06["quotes"] == ["They met, \"briefly\".", "第二"]
    assert f06["weight"] == 3 and type(f06["weight"]) is int
    assert f06["conflict"] is True
    assert type(H.nodes["ada-chen"]["recorded_at"]) is dt.datetime
    assert H.nodes["ada-chen"]["recorded_at"].tzinfo is not None
    assert H.edges["mori-holdings", "sora-labs", "f12"]["amount"] == 2_000_000_000
    assert type(H.edges["mori-holdings", "sora-labs", "f12"]["amount"]) is int
    assert H.edges["vector-capital", "sora-labs", "f14"]["amount"] == 300_000_000.5


def test_graphml_reads_back_with_networkx(tmp_path: Path) -> None:
    G = rich_graph()
    H = nx.read_graphml(export_graph(G, tmp_path / "g.graphml"), force_multigraph=True)
    same_structure(H, G)
    assert H.nodes["ada-chen"]["name"] == "Ada Chen"
    assert json.loads(H.nodes["ada-chen"]["aliases"]) == ["A. Chen", "Ada"]  # lists as JSON text
    assert H.edges["ada-chen", "kenji-mori", "f06"]["date"] == "2023-04-10"  # dates as ISO text
    assert "kg_encoding" in H.graph


def test_gexf_reads_back_with_networkx_and_labels_for_gephi(tmp_path: Path) -> None:
    G = rich_graph()
    path = export_graph(G, tmp_path / "g.gexf")
    H = nx.read_gexf(path)
    same_structure(H, G)
    assert H.nodes["sora-labs"]["label"] == "Sora Labs"  # the name, for display
    assert H.edges["ada-chen", "kenji-mori", "f06"]["label"] == "MET"
    assert H.edges["ada-chen", "kenji-mori", "f06"]["kg_type"] == "MET"  # `type` is GEXF's own
    assert "<description>" in path.read_text(encoding="utf-8")


def test_gexf_without_parallel_edges_keeps_the_fact_ids(tmp_path: Path) -> None:
    G = example_graph()  # no parallel facts: read_gexf returns a DiGraph
    H = read_export(export_graph(G, tmp_path / "g.gexf"))
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))


def test_json_is_node_link_data(tmp_path: Path) -> None:
    G = rich_graph()
    data = json.loads(export_graph(G, tmp_path / "g.json").read_text(encoding="utf-8"))
    H = nx.node_link_graph(data, edges="edges")
    same_structure(H, G)
    assert H.nodes["ada-chen"]["aliases"] == ["A. Chen", "Ada"]  # lists stay JSON arrays
    assert data["graph"][ENCODING_KEY]["kinds"]["edge"]["date"] == "date"


@pytest.mark.parametrize("name", ["out", "out.zip"])
def test_csv_is_nodes_and_edges_in_a_directory_or_zip(name: str, tmp_path: Path) -> None:
    G = rich_graph()
    path = export_graph(G, tmp_path / name, "csv")
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            assert sorted(zf.namelist()) == ["edges.csv", "graph.json", "nodes.csv"]
            nodes = list(csv.DictReader(zf.read("nodes.csv").decode().splitlines()))
            edges = list(csv.DictReader(zf.read("edges.csv").decode().splitlines()))
    else:
        nodes = list(csv.DictReader((path / "nodes.csv").open(encoding="utf-8", newline="")))
        edges = list(csv.DictReader((path / "edges.csv").open(encoding="utf-8", newline="")))
    H = nx.MultiDiGraph()
    H.add_nodes_from(r["id"] for r in nodes)
    H.add_edges_from((r["source"], r["target"], r["key"]) for r in edges)
    same_structure(H, G)
    assert list(nodes[0])[:3] == ["id", "kind", "name"]
    assert list(edges[0])[:4] == ["source", "target", "key", "type"]


def test_simple_graphs_export_as_multigraphs(tmp_path: Path) -> None:
    G = nx.Graph()
    G.add_edge("a", "b", since=dt.date(2020, 1, 1))
    H = read_export(export_graph(G, tmp_path / "g.graphml"))
    assert H.is_multigraph() and H.is_directed()
    assert [d["since"] for *_, d in H.edges(data=True)] == [dt.date(2020, 1, 1)]


def test_format_comes_from_the_suffix_or_is_refused(tmp_path: Path) -> None:
    assert format_for("x.GraphML") == "graphml"
    assert format_for("dir") == "csv"
    with pytest.raises(InvalidArgumentError, match="cannot tell the format"):
        format_for("x.xlsx")
    with pytest.raises(InvalidArgumentError, match="unknown format"):
        export_graph(example_graph(), tmp_path / "x", "pdf")


def test_graphml_cannot_be_streamed(tmp_path: Path) -> None:
    with pytest.raises(InvalidArgumentError, match="cannot be streamed"):
        open_writer(tmp_path / "x.graphml")


def test_json_writer_refuses_nodes_after_edges(tmp_path: Path) -> None:
    w = open_writer(tmp_path / "x.json")
    w.add_node("a", {})
    w.add_edge("a", "a", "k", {})
    with pytest.raises(RuntimeError, match="before edges"):
        w.add_node("b", {})
    w.close()
