"""`kg export` and kg.export_subgraph against the real Neo4j: every format reads back as the
subgraph kg.subgraph loads, whether streamed (JSON, CSV) or written from a graph."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from fixtures.analysis.loader import load_yaml

from graph import KnowledgeGraph
from graph.config import PROJECT_ROOT, Settings
from graph.export import read_export
from graph.store import Store

KG = Path(sys.executable).parent / "kg"
SELECTION = {"around": ["Sam Altman", "Government of Japan"], "depth": 2,
             "types": ["MET", "HEAD_OF_GOVERNMENT", "HAS_OFFICE_IN"], "as_of": "2024-04-30"}
FILES = {"graphml": "japan.graphml", "gexf": "japan.gexf", "json": "japan.json", "csv": "japan.zip"}


@pytest.fixture(scope="module")
def kg(session_store: Store, settings: Settings) -> Iterator[KnowledgeGraph]:
    session_store.clear()
    load_yaml(session_store, "japan.yaml")
    yield KnowledgeGraph(session_store, settings)


@pytest.fixture(scope="module")
def env(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
            "KG_STATE_DIR": str(tmp_path_factory.mktemp("state")), "COLUMNS": "200", "NO_COLOR": "1"}


def assert_same_graph(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> None:
    assert set(H) == set(G)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for n in G:
        assert H.nodes[n] == G.nodes[n]
    for u, v, k, attrs in G.edges(keys=True, data=True):
        assert H.edges[u, v, k] == attrs
    assert H.graph == G.graph


@pytest.mark.parametrize("fmt", list(FILES))
def test_export_subgraph_reads_back_as_the_subgraph(kg: KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    G = kg.subgraph(**SELECTION)  # type: ignore[arg-type]
    summary = kg.export_subgraph(tmp_path / FILES[fmt], **SELECTION)  # type: ignore[arg-type]
    assert (summary.format, summary.nodes, summary.edges) == (fmt, 3, 2)
    assert_same_graph(read_export(tmp_path / FILES[fmt]), G)


@pytest.mark.parametrize("fmt", list(FILES))
def test_kg_export_of_a_graph_reads_back_the_same(kg: KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    G = kg.subgraph()
    path = kg.export(G, tmp_path / FILES[fmt], format=fmt)
    assert_same_graph(kg.read_export(path), G)


def test_cli_export_graphml_as_in_the_issue(env: dict[str, str], kg: KnowledgeGraph, tmp_path: Path) -> None:
    out = tmp_path / "japan.graphml"
    r = subprocess.run([str(KG), "export", "--around", "Sam Altman", "--around", "Government of Japan",
                        "--depth", "2", "--types", "MET,HEAD_OF_GOVERNMENT", "--types", "HAS_OFFICE_IN",
                        "--as-of", "2024-04-30", "--format", "graphml", "-o", str(out)],
                       env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert "wrote 3 nodes and 2 edges" in r.stderr
    H = nx.read_graphml(out, force_multigraph=True)
    assert set(H) == {"sam-altman", "fumio-kishida", "government-of-japan"}
    assert {k for *_, k in H.edges(keys=True)} == {"f-met", "f-kishida-pm"}


@pytest.mark.parametrize("fmt", ["gexf", "json", "csv"])
def test_cli_export_formats(env: dict[str, str], kg: KnowledgeGraph, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out" if fmt == "csv" else f"out.{fmt}")
    r = subprocess.run([str(KG), "export", "--around", "openai", "-f", fmt, "-o", str(out)],
                       env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert_same_graph(read_export(out, fmt), kg.subgraph(around="openai"))


def test_cli_export_unknown_entity_is_one_clear_error(env: dict[str, str], kg: KnowledgeGraph,
                                                      tmp_path: Path) -> None:
    r = subprocess.run([str(KG), "export", "--around", "Nobody", "-o", str(tmp_path / "x.json")],
                       env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 1
    assert r.stderr.startswith("error: no entity has the id, name or alias 'Nobody'")
    assert not (tmp_path / "x.json").exists()
