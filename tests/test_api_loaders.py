"""DataLoaders: a list of entities with their relationships costs a bounded number of round trips.

Both stores the app reads through are wrapped to count read transactions (one per round trip)
and to record the timeout each read was given: the asynchronous one, which runs the reads of
``graph.reads`` on the event loop, and the synchronous one, which runs anything else in worker
threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, LiteralString, TypeVar

import pytest
from fastapi.testclient import TestClient
from graphql_testutil import serving
from neo4j import ManagedTransaction

from graph.async_store import AsyncStore
from graph.config import Settings
from graph.store import Read, Store

T = TypeVar("T")


class Trips:
    """Round trips and read timeouts, counted across threads and the event loop."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.round_trips = 0
        self.sync_round_trips = 0
        self.timeouts: list[float | None] = []

    def reset(self) -> None:
        with self.lock:
            self.round_trips = self.sync_round_trips = 0
            self.timeouts = []

    def trip(self, *, sync: bool) -> None:
        with self.lock:
            self.round_trips += 1
            self.sync_round_trips += sync

    def timeout(self, timeout: float | None) -> None:
        with self.lock:
            self.timeouts.append(timeout)


class CountingStore(Store):
    """The seeded store's driver, counting read transactions and recording read timeouts."""

    def __init__(self, inner: Store, trips: Trips) -> None:
        super().__init__(inner.driver, database=inner.database, timeout=inner.timeout)
        self.trips = trips

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        self.trips.trip(sync=True)
        return super().read_tx(work)

    def read(self, query: LiteralString, params: Any = None, *, timeout: float | None = None) -> list[dict[str, Any]]:
        self.trips.timeout(timeout)
        return super().read(query, params, timeout=timeout)

    def read_plain(
        self, query: LiteralString, params: Any = None, *, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        self.trips.timeout(timeout)
        return super().read_plain(query, params, timeout=timeout)


class CountingAsyncStore(AsyncStore):
    """An asynchronous store counting its round trips into ``trips`` (set after construction)."""

    trips: Trips

    async def fetch(self, read: Read[T]) -> T:
        if read.query is not None:
            self.trips.trip(sync=False)
            self.trips.timeout(read.timeout)
        return await super().fetch(read)


@pytest.fixture(scope="module")
def counting() -> Trips:
    return Trips()


@pytest.fixture(scope="module")
def client(settings: Settings, seeded_store: Store, counting: Trips) -> Iterator[TestClient]:
    async_store = CountingAsyncStore.open(settings)
    async_store.trips = counting
    with serving(settings, CountingStore(seeded_store, counting), async_store) as c:
        yield c


LIST = """query($n: Int) { entities(first: $n) { edges { node {
  id name
  relationships(first: 5) { edges { node { type when other { id name } sources { url publisher quote } } } }
} } } }"""


def _run(client: TestClient, counting: Trips, query: str, **variables: Any) -> tuple[dict[str, Any], int]:
    counting.reset()
    r = client.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    assert r.status_code == 200 and "errors" not in body, body
    return body["data"], counting.round_trips


def test_fifty_entities_with_relationships_and_sources_cost_three_round_trips(
    client: TestClient, counting: Trips
) -> None:
    page, trips = _run(client, counting, LIST, n=50)
    entities = page["entities"]["edges"]
    assert len(entities) == 50
    assert sum(len(e["node"]["relationships"]["edges"]) for e in entities) > 20
    # entities page + one batched relationships query + one batched sources query
    assert trips == 3


def test_round_trips_do_not_grow_with_the_page(client: TestClient, counting: Trips) -> None:
    _, small = _run(client, counting, LIST, n=2)
    _, large = _run(client, counting, LIST, n=100)
    assert small == large == 3


def test_neighbours_timelines_and_sources_of_many_entities_are_batched(
    client: TestClient, counting: Trips
) -> None:
    q = """{ entities(first: 40) { edges { node {
      neighbors(depth: 1, first: 3) { edges { node { distance entity { id } } } }
      timeline(first: 3) { edges { node { at change fact { type } } } }
      sources(first: 3) { url }
    } } } }"""
    _, trips = _run(client, counting, q)
    assert trips == 4  # entities, neighbours, timelines, sources


def test_different_filters_on_the_same_list_are_one_query_each(client: TestClient, counting: Trips) -> None:
    q = """{ entities(first: 30) { edges { node {
      met: relationships(types: [MET], first: 3) { edges { node { id } } }
      led: relationships(types: [LEADS], first: 3) { edges { node { id } } }
    } } } }"""
    _, trips = _run(client, counting, q)
    assert trips == 3


def test_the_same_entity_asked_twice_is_read_once(client: TestClient, counting: Trips) -> None:
    q = '{ a: entity(id: "openai") { name } b: entity(id: "openai") { name } c: entity(id: "sam-altman") { id } }'
    data, trips = _run(client, counting, q)
    assert data["a"] == data["b"] == {"name": "OpenAI"}
    assert trips == 1


def test_every_read_gets_the_time_left_of_the_request(
    client: TestClient, counting: Trips, settings: Settings
) -> None:
    _run(client, counting, LIST, n=20)
    assert counting.timeouts and all(t is not None and 0 < t <= settings.query_timeout_s for t in counting.timeouts)


def test_the_api_reads_on_the_event_loop(client: TestClient, counting: Trips) -> None:
    _, trips = _run(client, counting, LIST, n=20)
    assert trips == 3 and counting.sync_round_trips == 0  # no read went through a worker thread
