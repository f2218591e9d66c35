"""Benchmark: edges per second of ``kg.subgraph`` against the bare driver, and peak memory.

For each size (10k, 100k and 1M facts by default) it writes a synthetic graph in batched
``UNWIND`` transactions (people and companies; MET / LEADS / INVESTED_IN facts with dates,
confidences, sources, quotes and ``recorded_at``), then loads the whole graph two ways in the
same run, alternating:

* **kg**: ``KnowledgeGraph.subgraph()`` (streaming, temporal values converted, limit guard);
* **baseline**: the same Cypher (``graph.cypher.subgraph``) run with the bare driver in a read
  session, each record added to a ``networkx.MultiDiGraph`` by a straightforward loop.

It prints edges/s of both and their ratio (target >= 0.8; medians of ``--repeat`` runs), the
same ratio on the client's CPU time (steadier than wall time on a shared machine: the server's
work is the same query for both), the peak resident memory each run added, and (for sizes up
to ``--tracemalloc-max``) tracemalloc's peak during ``kg.subgraph`` next to the size of the
graph it built: streaming keeps the first equal to the second.

It starts its own local Neo4j (temporary folder, free ports, 2g heap / 1g page cache) unless
``NEO4J_URI`` is set, in which case that database is CLEARED first (use a disposable one).

    .venv/bin/python bench/subgraph.py                 # 10k, 100k, 1M
    .venv/bin/python bench/subgraph.py --sizes 10000 100000 --repeat 3
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import random
import statistics
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx

from graph.config import Settings
from graph.cypher import subgraph as q
from graph.kg import KnowledgeGraph
from graph.local import LocalNeo4j, free_port
from graph.store import Store
from graph.subgraph import make_selection

KINDS = ("Person", "Company")
RELATIONS = ("MET", "LEADS", "INVESTED_IN")
SOURCES = 100


def write_synthetic(store: Store, n_edges: int, *, batch: int = 10_000, seed: int = 1,
                    progress: Callable[[str], None] | None = None) -> tuple[int, int]:
    """Write ``n_edges`` facts among ``n_edges // 5`` entities (half people, half companies).

    MET joins two people (an event with a ``date``), LEADS a person to a company (a state with
    ``valid_from``), INVESTED_IN a company to a company (an event with an amount). Every fact
    has the properties ingest gives it (fact id, precision, confidence, status, one of 100
    sources, a quote, ``recorded_at``). Written with ``UNWIND`` batches of ``batch`` rows into
    an empty database. Returns (entities, facts).
    """
    rng = random.Random(seed)
    n_nodes = max(10, n_edges // 5)
    half = n_nodes // 2
    people = [f"p{i}" for i in range(half)]
    companies = [f"c{i}" for i in range(n_nodes - half)]
    store.upsert_sources([{"id": f"s{i}", "url": f"https://example.org/news/{i}", "title": f"News {i}",
                           "publisher": "Example", "published": date(2024, 1, 1), "content_hash": str(i)}
                          for i in range(SOURCES)])
    for kind, ids in (("Person", people), ("Company", companies)):
        query = q.synthetic_entities(kind)
        for start in range(0, len(ids), batch):
            store.write(query, {"kind": kind, "rows": [
                {"id": i, "props": {"name": f"{kind} {i}", "aliases": [f"{i}-alias"],
                                    "country": rng.choice(("US", "JP", "GB", "FR"))}}
                for i in ids[start:start + batch]]})
    day0 = date(2015, 1, 1)
    written = 0
    while written < n_edges:
        size = min(batch, n_edges - written)
        by_rel: dict[str, list[dict[str, Any]]] = {r: [] for r in RELATIONS}
        for j in range(written, written + size):
            rel = RELATIONS[j % 3]
            when = day0 + timedelta(days=rng.randrange(3650))
            if rel == "MET":
                s, o = rng.choice(people), rng.choice(people)
                props: dict[str, Any] = {"date": when, "date_precision": "day", "place": "tokyo"}
            elif rel == "LEADS":
                s, o = rng.choice(people), rng.choice(companies)
                props = {"valid_from": when, "valid_from_precision": "month", "role": "CEO"}
                if j % 4 == 1:  # a quarter of the roles have ended
                    props.update(valid_to=when + timedelta(days=rng.randrange(30, 2000)),
                                 valid_to_precision="day")
            else:
                s, o = rng.choice(companies), rng.choice(companies)
                props = {"date": when, "date_precision": "day", "amount": rng.randrange(1, 10**10),
                         "currency": "USD"}
            props.update(fact_id=f"f{j}", confidence=round(rng.uniform(0.5, 1.0), 2), status="curated",
                         source_ids=[f"s{j % SOURCES}"], quotes=[f"Fact {j} as the article put it."])
            by_rel[rel].append({"subject": s, "object": o, "props": props})
        for rel, rows in by_rel.items():
            if rows:
                store.write(q.synthetic_facts(rel), {"rows": rows})
        written += size
        if progress:
            progress(f"  wrote {written:,} / {n_edges:,} facts")
    return n_nodes, n_edges


def baseline_load(store: Store) -> nx.MultiDiGraph:
    """The same queries with the bare driver, added to a MultiDiGraph by a plain loop."""
    params = {**make_selection().params(), "limit": 10**12}
    G = nx.MultiDiGraph()
    with store.driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS) as session:
        for rec in session.run(q.NODES_ALL, params):
            G.add_node(rec["id"], **rec["props"])
        for rec in session.run(q.edges_all(None), params):
            G.add_edge(rec["source"], rec["target"], rec["key"], type=rec["type"],
                       source_urls=rec["urls"], **rec["props"])
    return G


class RssPeak:
    """Samples the resident set size in a thread; ``peak`` is the high-water mark (bytes)."""

    def __init__(self, every: float = 0.02) -> None:
        self.every = every
        self.peak = 0
        self._stop = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * self._page

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self.every)

    def __enter__(self) -> RssPeak:
        self.start_rss = self.rss()
        self.peak = self.start_rss
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.rss())

    @property
    def added(self) -> int:
        return self.peak - self.start_rss


def timed(fn: Callable[[], nx.MultiDiGraph]) -> tuple[float, float, int, int]:
    """(wall seconds, client CPU seconds, edges, peak RSS added) of one load; the graph is
    dropped afterwards. Client CPU (this process: decoding and graph building, where the two
    loaders differ) is steadier than wall time on a shared machine."""
    gc.collect()
    with RssPeak() as mem:
        t0, c0 = time.perf_counter(), time.process_time()
        G = fn()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        edges = G.number_of_edges()
    del G
    gc.collect()
    return seconds, cpu, edges, mem.added


def traced(fn: Callable[[], nx.MultiDiGraph]) -> tuple[int, int]:
    """(tracemalloc peak during the load, bytes still held by the graph afterwards)."""
    gc.collect()
    tracemalloc.start()
    G = fn()
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del G
    gc.collect()
    return peak, held


@contextmanager
def database(heap: str, pagecache: str) -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        password = "bench-password"
        server = LocalNeo4j(Path(tmp), password=password, bolt_port=free_port(), http_port=free_port(),
                            heap=heap, pagecache=pagecache)
        print(f"starting a local Neo4j in {tmp} (heap {heap}, page cache {pagecache})...", flush=True)
        server.start()
        try:
            yield Settings(NEO4J_URI=server.bolt_uri, NEO4J_PASSWORD=password, KG_QUERY_TIMEOUT=3600)
        finally:
            server.stop()


def mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # no "property key does not exist" notes
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="timed runs of each loader per size")
    parser.add_argument("--tracemalloc-max", type=int, default=100_000,
                        help="largest size also measured with tracemalloc (slow)")
    parser.add_argument("--big", type=int, default=1_000_000,
                        help="from this size on: no warm-up run (writing just warmed the cache)")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    args = parser.parse_args()

    with database(args.heap, args.pagecache) as settings:
        settings = settings.model_copy(update={"max_subgraph_edges": 10**9, "query_timeout_s": 3600})
        store = Store.connect(settings)
        store.apply_schema()
        kg = KnowledgeGraph(store, settings)
        results = []
        for size in sorted(args.sizes):
            print(f"\n== {size:,} facts", flush=True)
            store.clear()
            t0 = time.perf_counter()
            nodes, _ = write_synthetic(store, size, progress=lambda m: print(m, end="\r", flush=True))
            print(f"\n  written in {time.perf_counter() - t0:,.1f} s ({nodes:,} entities)", flush=True)
            big = size >= args.big
            if not big:
                timed(kg.subgraph)  # warm the page cache and the query plans
            runs: dict[str, list[tuple[float, float, int, int]]] = {"kg": [], "baseline": []}
            for _ in range(args.repeat):
                for name, fn in (("baseline", lambda: baseline_load(store)), ("kg", kg.subgraph)):
                    seconds, cpu, edges, rss = timed(fn)
                    assert edges == size, (name, edges)
                    runs[name].append((seconds, cpu, edges, rss))
                    print(f"  {name:8} {seconds:7.2f} s  {edges / seconds:>10,.0f} edges/s  "
                          f"client CPU {cpu:7.2f} s  peak RSS +{mb(rss)}", flush=True)
            kg_s = statistics.median(r[0] for r in runs["kg"])
            base_s = statistics.median(r[0] for r in runs["baseline"])
            kg_cpu = statistics.median(r[1] for r in runs["kg"])
            base_cpu = statistics.median(r[1] for r in runs["baseline"])
            row = {"size": size, "kg": size / kg_s, "baseline": size / base_s, "ratio": base_s / kg_s,
                   "cpu_ratio": base_cpu / kg_cpu,
                   "kg_rss": max(r[3] for r in runs["kg"]),
                   "base_rss": max(r[3] for r in runs["baseline"])}
            if size <= args.tracemalloc_max:
                peak, held = traced(kg.subgraph)
                row["tm_peak"], row["tm_held"] = peak, held
                print(f"  tracemalloc: peak {mb(peak)} while building a graph of {mb(held)}", flush=True)
            results.append(row)
        store.close()

    print("\n| facts | kg.subgraph edges/s | bare driver edges/s | ratio (wall) | ratio (client CPU) "
          "| peak RSS kg / bare | tracemalloc peak / graph |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        tm = (f"{mb(r['tm_peak'])} / {mb(r['tm_held'])}" if "tm_peak" in r else "-")
        print(f"| {r['size']:,} | {r['kg']:,.0f} | {r['baseline']:,.0f} | {r['ratio']:.2f}x "
              f"| {r['cpu_ratio']:.2f}x | {mb(r['kg_rss'])} / {mb(r['base_rss'])} | {tm} |")


if __name__ == "__main__":
    main()
