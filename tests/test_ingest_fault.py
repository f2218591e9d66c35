"""A crash mid-ingest: SIGKILL Neo4j during a large load, restart it, run the same ingest again.

The crash happens on the test's own local Neo4j (in tmp_path, on free ports), so the shared
test server is not disturbed; the shared server only holds the reference, a clean load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_testutil import checksum
from neo4j import GraphDatabase

from graph.local import LocalNeo4j, free_port
from graph.store import Store
from ingest.errors import IngestInterruptedError
from ingest.pipeline import ingest_paths
from ingest.synthetic import synthetic_records, write_jsonl

PASSWORD = "kg-fault-password"
N_FACTS = 20_000


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(tmp_path / "neo4j", password=PASSWORD, bolt_port=free_port(),
                        http_port=free_port(), heap="512m", pagecache="64m")
    server.start()
    yield server
    server.kill()  # a throwaway server: no need to wait for a clean shutdown


def _store(server: LocalNeo4j) -> Store:
    # Fail fast once the server is gone, instead of the driver's default 30 s of retries.
    driver = GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PASSWORD), max_transaction_retry_time=1.0)
    return Store(driver)


def test_a_killed_ingest_is_safe_to_rerun(own_server: LocalNeo4j, store: Store, tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "synthetic.jsonl", *synthetic_records(N_FACTS, seed=7))
    # The reference: a clean load on the shared test server.
    clean = ingest_paths(store, [data], batch_size=500, progress=False)
    assert clean.facts.created == N_FACTS
    reference = (store.counts(), checksum(store))
    store.clear()

    own = _store(own_server)
    own.apply_schema()

    def kill_midway(phase: str, done: int, total: int) -> None:
        if phase == "facts" and done >= total // 2:
            own_server.kill()

    with pytest.raises(IngestInterruptedError) as info:
        ingest_paths(own, [data], batch_size=500, progress=False, on_batch=kill_midway)
    message = str(info.value)
    assert "the database failed while writing facts" in message
    assert "re-running the same ingest is safe" in message
    own.close()

    own_server.start()
    own = _store(own_server)
    partial = own.counts()["relationships"]
    assert 0 < partial < N_FACTS  # the committed batches survived the crash
    rerun = ingest_paths(own, [data], batch_size=500, progress=False)
    assert rerun.facts.created == N_FACTS - partial
    assert rerun.facts.unchanged == partial
    assert (own.counts(), checksum(own)) == reference
    duplicates = own.read("MATCH ()-[r]->() WITH r.fact_id AS id, count(*) AS n WHERE n > 1 RETURN count(*) AS d")
    assert duplicates == [{"d": 0}]
    own.close()
