"""Ingest benchmark: the pipeline's facts/s against a hand-written UNWIND load of the same facts.

Both load the same synthetic records (``ingest.synthetic``) into an empty database through the
same driver, in the same run, with the same batch size. The baseline is the simplest batched
``MERGE`` of prepared rows (``graph.cypher.ingest.baseline_*``), with no validation, entity
resolution, idempotence checks or conflict detection; its rows are prepared before the clock
starts. The pipeline is timed end to end from records (``ingest.pipeline.ingest_records``):
validation, resolution, planning and writes.

    .venv/bin/python bench/ingest.py                 # 10k and 100k facts
    .venv/bin/python bench/ingest.py --sizes 10000   # just 10k

A local Neo4j is started in a temporary folder on free ports unless ``NEO4J_URI`` is set (then
that server is used and EMPTIED: point it at a scratch database).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as `python bench/ingest.py`, this file's folder comes first on sys.path and its name would
# hide the `ingest` package: drop the folder.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import hashlib
import json
import logging
import os
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from graph.config import Settings
from graph.cypher import ingest as qi
from graph.local import LocalNeo4j, free_port
from graph.store import Store
from ingest.pipeline import ingest_records
from ingest.plan import identify
from ingest.records import EntityRecord, FactRecord, SourceRecord
from ingest.synthetic import synthetic_records

logger = logging.getLogger("bench.ingest")

PASSWORD = "kg-bench-password"


@contextmanager
def _store() -> Iterator[Store]:
    if os.environ.get("NEO4J_URI"):
        with Store.connect(Settings()) as store:
            yield store
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        server = LocalNeo4j(Path(tmp), password=PASSWORD, bolt_port=free_port(), http_port=free_port(),
                            heap="1g", pagecache="512m")
        print(f"starting a local Neo4j in {tmp} ...", flush=True)
        server.start()
        try:
            with Store.connect(Settings(NEO4J_URI=server.bolt_uri, NEO4J_PASSWORD=PASSWORD)) as store:
                yield store
        finally:
            server.stop()


def _baseline_rows(
    entities: Sequence[EntityRecord], sources: Sequence[SourceRecord], facts: Sequence[FactRecord]
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    ents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in entities:
        props: dict[str, Any] = {}
        for k, v in e.properties().items():
            if hasattr(v, "precision"):
                props[k], props[f"{k}_precision"] = v.value, v.precision
            else:
                props[k] = v
        ents[e.kind].append({"id": e.id, "name": e.name, "aliases": e.aliases,
                             "aliases_text": "".join(" " + a for a in e.aliases), "props": props})
    srcs = [{"id": s.id, "url": s.url, "title": s.title, "publisher": s.publisher,
             "published": s.published.value if s.published else None,
             "published_precision": s.published.precision if s.published else None} for s in sources]
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in facts:
        ident = identify(f, f.subject, f.object)
        props: dict[str, Any] = {"fact_key": ident.fact_key, "conflict_key": ident.conflict_key}
        for name in ("date", "valid_from", "valid_to"):
            value = getattr(f, name)
            if value is not None:
                props[name], props[f"{name}_precision"] = value.value, value.precision
        props.update(f.properties())
        rows[f.relation].append({"fact_id": ident.fact_id, "subject": f.subject, "object": f.object,
                                 "props": props, "source_ids": [f.source], "quotes": [f.statement or ""],
                                 "status": f.status, "confidence": f.confidence})
    return ents, srcs, rows


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def run_baseline(store: Store, prepared: Any, batch_size: int) -> float:
    """Load prepared rows with the hand-written queries; return seconds."""
    ents, srcs, facts = prepared
    started = time.perf_counter()
    for chunk in _chunks(srcs, batch_size):
        store.write(qi.BASELINE_SOURCES, {"rows": chunk})
    for kind, rows in ents.items():
        for chunk in _chunks(rows, batch_size):
            store.write(qi.baseline_entities(kind), {"rows": chunk, "kind": kind})
    for relation, rows in facts.items():
        for chunk in _chunks(rows, batch_size):
            store.write(qi.baseline_facts(relation), {"rows": chunk})
    return time.perf_counter() - started


def run_pipeline(store: Store, records: Any, batch_size: int) -> float:
    """Load the records through the ingest pipeline; return seconds."""
    entities, sources, facts = records
    started = time.perf_counter()
    report = ingest_records(store, entities=entities, sources=sources, facts=facts, batch_size=batch_size)
    elapsed = time.perf_counter() - started
    assert report.facts.created == len(facts), report.facts
    return elapsed


_BOOKKEEPING = frozenset({"recorded_at", "content_hash"})


def graph_digest(store: Store) -> str:
    """A hash of every node and relationship with its properties, but for the load's bookkeeping."""
    def plain(value: Any) -> Any:
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.iso_format() if hasattr(value, "iso_format") else value

    def clean(props: dict[str, Any]) -> dict[str, Any]:
        return {k: plain(v) for k, v in props.items() if k not in _BOOKKEEPING}

    nodes = sorted(json.dumps([sorted(r["labels"]), clean(r["props"])], sort_keys=True)
                   for r in store.read(qi.ALL_NODES))
    rels = sorted(json.dumps([r["s"], r["t"], r["o"], clean(r["props"])], sort_keys=True)
                  for r in store.read(qi.ALL_RELATIONSHIPS))
    return hashlib.sha256(json.dumps([nodes, rels]).encode()).hexdigest()


def measure(store: Store, n: int, batch_size: int, rounds: int) -> tuple[float, float]:
    """Best-of-``rounds`` seconds for (pipeline, baseline) at ``n`` facts, each from empty.

    After each load the graph is digested (outside the clock): both must build the same graph.
    """
    records = synthetic_records(n, seed=n)
    prepared = _baseline_rows(*records)
    pipeline, baseline = [], []
    for _ in range(rounds):
        store.clear()
        baseline.append(run_baseline(store, prepared, batch_size))
        digest = graph_digest(store)
        store.clear()
        pipeline.append(run_pipeline(store, records, batch_size))
        if graph_digest(store) != digest:
            raise SystemExit("the pipeline and the hand-written load built different graphs")
    return min(pipeline), min(baseline)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2, help="best of N rounds per size")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    with _store() as store:
        store.apply_schema()
        measure(store, 2_000, args.batch_size, 1)  # warm-up: query plans, JIT
        print(f"{'facts':>8} {'pipeline facts/s':>17} {'hand-written facts/s':>21} {'ratio':>6}")
        for n in args.sizes:
            pipeline, baseline = measure(store, n, args.batch_size, args.rounds)
            print(f"{n:>8} {n / pipeline:>17,.0f} {n / baseline:>21,.0f} {baseline / pipeline:>6.2f}", flush=True)
        store.clear()


if __name__ == "__main__":
    main()
