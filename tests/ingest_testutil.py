"""Helpers shared by the ingest tests: a graph checksum and fixture paths."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from graph.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

_VOLATILE = {"recorded_at"}


def _plain(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def graph_rows(store: Store) -> dict[str, list[Any]]:
    """Every node and fact as sorted plain data, without ``recorded_at``."""
    nodes = store.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    facts = store.read(
        "MATCH (s)-[r]->(o) RETURN s.id AS s, type(r) AS t, o.id AS o, properties(r) AS props"
    )

    def clean(props: dict[str, Any]) -> dict[str, Any]:
        return {k: _plain(v) for k, v in sorted(props.items()) if k not in _VOLATILE}

    return {
        "nodes": sorted(json.dumps([sorted(n["labels"]), clean(n["props"])], sort_keys=True) for n in nodes),
        "facts": sorted(
            json.dumps([f["props"].get("fact_id"), f["s"], f["t"], f["o"], clean(f["props"])], sort_keys=True)
            for f in facts
        ),
    }


def checksum(store: Store) -> str:
    """A checksum over sorted nodes and facts (fact ids and all properties but recorded_at)."""
    rows = graph_rows(store)
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def line_of(path: Path, marker: str) -> int:
    """The line number of the line holding ``# E:<marker>``."""
    for n, line in enumerate(path.read_text().splitlines(), start=1):
        if f"# E:{marker}" in line:
            return n
    raise AssertionError(f"no marker {marker} in {path}")
