"""The import rules: graph/ knows neither api/ nor ingest/; Cypher lives in graph/ only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from graph.config import PROJECT_ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_graph_imports_neither_api_nor_ingest() -> None:
    for path in (PROJECT_ROOT / "graph").rglob("*.py"):
        bad = _imports(path) & {"api", "ingest", "kgcli"}
        assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"


def test_ingest_does_not_import_api() -> None:
    for path in (PROJECT_ROOT / "ingest").rglob("*.py"):
        bad = _imports(path) & {"api", "kgcli"}
        assert not bad, f"{path.relative_to(PROJECT_ROOT)} imports {bad}"


_CYPHER = re.compile(r"\b(MATCH|MERGE|UNWIND|DETACH DELETE)\b\s*\(|\bRETURN\b\s+\w+\s*\.", re.M)


def test_no_cypher_outside_graph() -> None:
    for pkg in ("api", "ingest", "kgcli"):
        for path in (PROJECT_ROOT / pkg).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    assert not _CYPHER.search(node.value), (
                        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} holds Cypher; move it to graph/cypher/"
                    )
