"""Benchmark: the GraphQL API against the bare Neo4j driver, on the same work, in the same run.

The work: the 2-hop neighbourhood (first page, 100 entities) of the best-connected entity of the
bundled dataset. The API answers

    { entity(id: $id) { id name neighbors(depth: 2, first: 100) {
        edges { node { distance entity { id name kind } } } pageInfo { hasNextPage endCursor } } } }

with two Cypher statements (the entity lookup, then the neighbourhood), each answering as one
record that carries its rows (``graph.cypher.core.one_record``), run on the driver's asyncio API
(``graph.async_store``). The baseline runs the same two statements, with the same parameters,
through the bare blocking driver (a read session each, each record's values zipped with the keys
into a dict, as the stores do for plain values), so the ratio is what HTTP, GraphQL and the
mapping cost on top of the database work. Every variant first runs for ``--warmup`` seconds:
Neo4j compiles and optimises a statement over its first thousands of runs, and a baseline
measured before that is several times slower than the server's steady state. Reported too:
the neighbourhood statement alone, and both statements as a hand-written query returns them, one
record per row (the driver's per-record work is most of their cost).

Measured:
* latency p50 / p99 of sequential requests (one client, keep-alive, over real HTTP to uvicorn);
* throughput with 16 concurrent clients (requests/s), against 16 threads on the bare driver.

Starts its own local Neo4j (temporary folder, free ports) unless NEO4J_URI is set, and loads
``data/`` (idempotent). Run: ``.venv/bin/python bench/api.py [--iterations 400] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import neo4j

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import reads  # noqa: E402
from graph.config import Settings  # noqa: E402
from graph.cypher import reads as q  # noqa: E402
from graph.cypher.core import per_row  # noqa: E402
from graph.local import LocalNeo4j, free_port  # noqa: E402
from graph.reads import FactFilter  # noqa: E402
from graph.store import Store  # noqa: E402

QUERY = """
query Neighbourhood($id: ID!) {
  entity(id: $id) {
    id name
    neighbors(depth: 2, first: 100) {
      edges { node { distance entity { id name kind } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
PAGE = 100
DEPTH = 2


@contextmanager
def neo4j_settings() -> Iterator[Settings]:
    """Settings for NEO4J_URI if set, else for a throwaway local Neo4j."""
    if os.environ.get("NEO4J_URI"):
        yield Settings()
        return
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        password = "kg-bench-password"
        server = LocalNeo4j(Path(tmp), password=password, bolt_port=free_port(), http_port=free_port(),
                            heap="1g", pagecache="256m")
        print("starting a local Neo4j for the benchmark ...", flush=True)
        server.start()
        try:
            yield Settings(NEO4J_URI=server.bolt_uri, NEO4J_PASSWORD=password, KG_ENV="development")
        finally:
            server.stop()


class Client:
    """A keep-alive HTTP/1.1 client on the standard library.

    Lighter than httpx (about 1.5 ms less per request here), so the numbers are the server's rather
    than the client library's. Reconnects when the server has closed an idle connection.
    """

    def __init__(self, url: str) -> None:
        rest = url.split("://", 1)[1]
        hostport, _, path = rest.partition("/")
        self.host, _, port = hostport.partition(":")
        self.port = int(port)
        self.path = "/" + path
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, body: bytes | None = None) -> tuple[int, bytes]:
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, self.path, body=body, headers={"content-type": "application/json"})
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def post_json(self, payload: dict[str, Any]) -> dict[str, Any]:
        status, data = self.request("POST", json.dumps(payload).encode())
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {data[:200]!r}")
        result: dict[str, Any] = json.loads(data)
        if "errors" in result:
            raise RuntimeError(f"GraphQL errors: {result['errors']}")
        return result


@contextmanager
def api_server(settings: Settings, workers: int, app: str = "api.app:create_app",
               env_extra: dict[str, str] | None = None) -> Iterator[str]:
    """uvicorn serving the factory ``app`` on a free port, in its own process."""
    port = free_port()
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(), "KG_ENV": "development",
           **(env_extra or {})}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--factory", "--host", "127.0.0.1",
         "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = Client(f"{base}/health")
        while True:
            try:
                if health.request("GET")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the API server did not start")
            time.sleep(0.2)
        yield f"{base}/graphql"
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(fn: Callable[[], Any], iterations: int) -> list[float]:
    out = []
    for _ in range(iterations):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def threads_rps(make: Callable[[], Callable[[], Any]], clients: int, seconds: float) -> float:
    """Requests per second of ``clients`` threads, each calling its own ``make()`` in a loop."""
    done = [0] * clients
    fns = [make() for _ in range(clients)]
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        while time.monotonic() < stop:
            fns[i]()
            done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=400, help="sequential requests per variant")
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="seconds each variant runs before measuring (Neo4j compiles and optimises "
                             "a statement over its first thousands of runs)")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each throughput run")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--phases", type=int, default=0, metavar="N",
                        help="also time the phases of N requests inside the server (bench/phases_app.py)")
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # no notifications about not-yet-used properties

    from ingest.pipeline import ingest_paths

    with neo4j_settings() as settings, Store.connect(settings) as store:
        store.apply_schema()
        report = ingest_paths(store, [ROOT / "data"], progress=False)
        counts = store.counts()
        print(f"dataset: {counts['nodes']} nodes, {counts['relationships']} relationships "
              f"({report.facts.created} facts created by this run)")
        hub, degree = reads.most_connected(store, limit=1)[0]

        # The two statements the API runs for QUERY, with its parameters.
        lookup_params = {"ids": [hub]}
        hood_query = q.neighbors_page(DEPTH)
        hood_params = {**FactFilter().params(), "rows": [{"id": hub, "after": None}], "limit": PAGE + 1}
        driver = store.driver

        def rows(tx: neo4j.ManagedTransaction, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
            result = tx.run(query, params)
            keys = result.keys()
            return [dict(zip(keys, record, strict=True)) for record in result]

        def run(query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
            with driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(rows, query, params)

        def raw_both() -> list[dict[str, Any]]:
            run(q.ENTITIES_BY_IDS, lookup_params)
            return run(hood_query, hood_params)

        def raw_hood() -> list[dict[str, Any]]:
            return run(hood_query, hood_params)

        lookup_rows, hood_rows = per_row(q.ENTITIES_BY_IDS), per_row(hood_query)

        def raw_per_row() -> list[dict[str, Any]]:
            run(lookup_rows, lookup_params)
            return run(hood_rows, hood_params)

        if run(hood_rows, hood_params) != raw_hood()[0]["rows"]:
            raise SystemExit("the per-row statement and the one-record statement disagree")
        total = len(run(hood_query, {**hood_params, "limit": 100_000})[0]["rows"])
        print(f"entity: {hub} ({degree} facts; {total} entities within {DEPTH} hops; first page of {PAGE})")

        with api_server(settings, args.workers) as url:
            body = {"query": QUERY, "variables": {"id": hub}}
            client = Client(url)

            def api() -> dict[str, Any]:
                return client.post_json(body)

            got = [e["node"]["entity"]["id"] for e in api()["data"]["entity"]["neighbors"]["edges"]]
            want = [r["entity"]["id"] for r in raw_hood()[0]["rows"]][:PAGE]
            if got != want:
                raise SystemExit("the API and the bare driver disagree")

            fns = {"raw_both": raw_both, "raw_hood": raw_hood, "raw_per_row": raw_per_row, "api": api}
            lat: dict[str, list[float]] = {name: [] for name in fns}
            for fn in fns.values():
                until = time.monotonic() + args.warmup
                while time.monotonic() < until:
                    fn()
            # Interleave the variants in rounds, so drift (JIT, caches, a busy neighbour) hits all alike.
            rounds = 10
            for _ in range(rounds):
                for name, fn in fns.items():
                    lat[name] += timed(fn, max(1, args.iterations // rounds))

            def api_client() -> Callable[[], Any]:
                own = Client(url)
                return lambda: own.post_json(body)

            api_rps = threads_rps(api_client, args.clients, args.seconds)
        raw_rps = threads_rps(lambda: raw_both, args.clients, args.seconds)
        phases = measure_phases(settings, body, raw_both, args.phases, args.warmup) if args.phases else None

    def row(name: str, samples: list[float]) -> str:
        return f"  {name:<48} p50 {statistics.median(samples):7.2f} ms   p99 {percentile(samples, 99):7.2f} ms"

    print()
    print(f"latency, {len(lat['api'])} sequential requests per variant (after {args.warmup:g} s of warm-up each):")
    print(row("bare driver, the same 2 statements", lat["raw_both"]))
    print(row("bare driver, the neighbourhood statement only", lat["raw_hood"]))
    print(row("bare driver, both, one record per row", lat["raw_per_row"]))
    print(row("GraphQL API over HTTP (uvicorn, 1 client)", lat["api"]))
    ratio = statistics.median(lat["api"]) / statistics.median(lat["raw_both"])
    ratio99 = percentile(lat["api"], 99) / percentile(lat["raw_both"], 99)
    ratio_hood = statistics.median(lat["api"]) / statistics.median(lat["raw_hood"])
    print(f"  ratio API / bare driver (same statements): p50 {ratio:.2f}x, p99 {ratio99:.2f}x "
          f"(target <= 1.3x: {'met' if ratio <= 1.3 else 'MISSED'})")
    print(f"  ratio API / the neighbourhood statement alone: p50 {ratio_hood:.2f}x")
    ratio_rows = statistics.median(lat["api"]) / statistics.median(lat["raw_per_row"])
    print(f"  ratio API / both statements one record per row: p50 {ratio_rows:.2f}x")
    print()
    print(f"throughput, {args.clients} concurrent clients for {args.seconds:g} s each:")
    print(f"  GraphQL API over HTTP ({args.workers} uvicorn worker(s)):  {api_rps:8.1f} requests/s")
    print(f"  bare driver ({args.clients} threads, the same statements):    {raw_rps:8.1f} requests/s")
    print(f"  ratio: {raw_rps / api_rps:.2f}x  (this machine: {os.cpu_count()} CPUs shared by Neo4j, "
          "the server and the clients)")
    if phases:
        print()
        print(phases)
    return 0


def measure_phases(settings: Settings, body: dict[str, Any], raw_both: Callable[[], Any], n: int,
                   warmup: float) -> str:
    """The medians of each phase of ``n`` sequential requests, timed inside the server, as text."""
    with tempfile.TemporaryDirectory(prefix="kg-phases-") as tmp:
        log = Path(tmp) / "phases.jsonl"
        with api_server(settings, 1, "bench.phases_app:create_app", {"KG_BENCH_PHASES": str(log)}) as url:
            client = Client(url)
            until = time.monotonic() + warmup
            while time.monotonic() < until:
                client.post_json(body)
            skip = len(log.read_text().splitlines())
            total = timed(lambda: client.post_json(body), n)
        raw = timed(raw_both, n)
        rows = [json.loads(line) for line in log.read_text().splitlines()[skip:]]
    parts = {
        "the two round trips (driver's asyncio API)": [r["round_trips"] for r in rows],
        "rows into EntityRow / NeighborRow (graph.reads)": [r["mapping"] for r in rows],
        "GraphQL execution besides the reads": [r["execute"] - r["round_trips"] - r["mapping"] for r in rows],
        "Strawberry's HTTP view besides execution": [r["view"] - r["execute"] for r in rows],
        "FastAPI and uvicorn's ASGI call besides the view": [r["asgi"] - r["view"] for r in rows],
        "HTTP and the client": [t / 1000 - r["asgi"] for t, r in zip(total, rows, strict=True)],
    }
    lines = [f"phases of {len(rows)} requests, timed inside the server (p50 of each):"]
    lines += [f"  {name:<48} {statistics.median(v) * 1000:7.2f} ms" for name, v in parts.items()]
    lines.append(f"  {'the whole request, at the client':<48} {statistics.median(total):7.2f} ms")
    lines.append(f"  {'bare driver, the same 2 statements, just after':<48} {statistics.median(raw):7.2f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
