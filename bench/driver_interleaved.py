"""Benchmark: the API's two reads on the driver's asyncio API, back to back and between other work.

The reads of ``bench/api.py``'s request (the entity lookup, then the 2-hop neighbourhood of the
best-connected entity, first page of 100), run by ``graph.async_store.AsyncStore`` on a uvloop
event loop, as in the server:

* back to back, as the bare-driver baseline of ``bench/api.py`` runs them;
* with unrelated Python work before and between them (parsing and validating the request's
  GraphQL document, about as long as a request's own execution), as in the server.

Only the reads are timed in both, in alternating rounds. The difference is what the same driver
work costs when the interpreter's caches hold other code and data. Also reported: the blocking
driver, back to back.

Starts its own local Neo4j (temporary folder, free ports) unless NEO4J_URI is set, and loads
``data/`` (idempotent). Run: ``.venv/bin/python bench/driver_interleaved.py [--iterations 400]``.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uvloop
from graphql import parse, validate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.schema import build_schema  # noqa: E402
from graph import reads  # noqa: E402
from graph.async_store import AsyncStore  # noqa: E402
from graph.reads import FactFilter  # noqa: E402
from graph.store import Read, Store  # noqa: E402

# bench/api.py, for its query and its server setup (loaded by path: its name is the api package's).
_spec = importlib.util.spec_from_file_location("bench_api", ROOT / "bench" / "api.py")
assert _spec is not None and _spec.loader is not None
bench_api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_api)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--iterations", type=int, default=400, help="timed pairs of reads per variant")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.ERROR)

    from ingest.pipeline import ingest_paths

    with bench_api.neo4j_settings() as settings, Store.connect(settings) as store:
        store.apply_schema()
        ingest_paths(store, [ROOT / "data"], progress=False)
        hub, _ = reads.most_connected(store, limit=1)[0]
        schema = build_schema(settings)
        document = bench_api.QUERY

        def the_reads() -> list[Read[Any]]:
            return [reads.entities_by_ids.read([hub], timeout=30),
                    reads.neighbors_many.read([(hub, None)], depth=2, filter=FactFilter(), limit=100, timeout=30)]

        def other_work() -> None:
            validate(schema._schema, parse(document))

        def blocking() -> float:
            t0 = time.perf_counter()
            for read in the_reads():
                store.fetch(read)
            return time.perf_counter() - t0

        async def run() -> dict[str, list[float]]:
            astore = await AsyncStore.connect(settings)
            try:
                async def pair(between: Callable[[], None] | None) -> float:
                    spent = 0.0
                    for read in the_reads():
                        if between is not None:
                            between()
                        t0 = time.perf_counter()
                        await astore.fetch(read)
                        spent += time.perf_counter() - t0
                    return spent

                out: dict[str, list[float]] = {"blocking": [], "alone": [], "interleaved": []}
                for _ in range(args.iterations // 4):  # warm-up
                    blocking(), await pair(None), await pair(other_work)
                per_round = max(1, args.iterations // args.rounds)
                for _ in range(args.rounds):
                    out["blocking"] += [blocking() for _ in range(per_round)]
                    out["alone"] += [await pair(None) for _ in range(per_round)]
                    out["interleaved"] += [await pair(other_work) for _ in range(per_round)]
                return out
            finally:
                await astore.close()

        t0 = time.perf_counter()
        other_work()
        work_ms = (time.perf_counter() - t0) * 1000
        times = uvloop.run(run())

    def p50(name: str) -> float:
        return statistics.median(times[name]) * 1000

    print(f"the two reads of bench/api.py for {hub!r}, {len(times['alone'])} pairs per variant:")
    print(f"  blocking driver, back to back                    p50 {p50('blocking'):6.2f} ms")
    print(f"  asyncio driver (AsyncStore), back to back        p50 {p50('alone'):6.2f} ms")
    print(f"  asyncio driver, other Python work between reads  p50 {p50('interleaved'):6.2f} ms"
          f"  (the work: parse and validate the query, about {work_ms:.1f} ms, not timed)")
    print(f"  ratio interleaved / back to back: {p50('interleaved') / p50('alone'):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
