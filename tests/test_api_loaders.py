"""DataLoaders: a list of entities with their relationships costs a bounded number of round trips.

The store is wrapped to count read transactions (one per round trip) and to record the timeout
each read was given.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, LiteralString, TypeVar

import pytest
from fastapi.testclient import TestClient
from neo4j import ManagedTransaction

from api.app import create_app
from graph.config import Settings
from graph.store import Store

T = TypeVar("T")


class CountingStore(Store):
    """The seeded store's driver, counting read transactions and recording read timeouts."""

    def __init__(self, inner: Store) -> None:
        super().__init__(inner.driver, database=inner.database, timeout=inner.timeout)
        self._lock = threading.Lock()
        self.round_trips = 0
        self.timeouts: list[float | None] = []

    def reset(self) -> None:
        with self._lock:
            self.round_trips = 0
            self.timeouts = []

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        with self._lock:
            self.round_trips += 1
        return super().read_tx(work)

    def read(self, query: LiteralString, params: Any = None, *, timeout: float | None = None) -> list[dict[str, Any]]:
        with self._lock:
            self.timeouts.append(timeout)
        return super().read(query, params, timeout=timeout)

    def read_plain(
        self, query: LiteralString, params: Any = None, *, timeout: float | None = None
    ) -> list[dict[str, Any]]:
        with self._lock:
            self.timeouts.append(timeout)
        return super().read_plain(query, params, timeout=timeout)


@pytest.fixture(scope="module")
def counting(seeded_store: Store) -> CountingStore:
    return CountingStore(seeded_store)


@pytest.fixture(scope="module")
def client(settings: Settings, counting: CountingStore) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=counting)) as c:
        yield c


LIST = """query($n: Int) { entities(first: $n) { edges { node {
  id name
  relationships(first: 5) { edges { node { type when other { id name } sources { url publisher quote } } } }
} } } }"""


def _run(client: TestClient, counting: CountingStore, query: str, **variables: Any) -> tuple[dict[str, Any], int]:
    counting.reset()
    r = client.post("/graphql", json={"query": query, "variables": variables})
    body = r.json()
    assert r.status_code == 200 and "errors" not in body, body
    return body["data"], counting.round_trips


def test_fifty_entities_with_relationships_and_sources_cost_three_round_trips(
    client: TestClient, counting: CountingStore
) -> None:
    page, trips = _run(client, counting, LIST, n=50)
    entities = page["entities"]["edges"]
    assert len(entities) == 50
    assert sum(len(e["node"]["relationships"]["edges"]) for e in entities) > 20
    # entities page + one batched relationships query + one batched sources query
    assert trips == 3


def test_round_trips_do_not_grow_with_the_page(client: TestClient, counting: CountingStore) -> None:
    _, small = _run(client, counting, LIST, n=2)
    _, large = _run(client, counting, LIST, n=100)
    assert small == large == 3


def test_neighbours_timelines_and_sources_of_many_entities_are_batched(
    client: TestClient, counting: CountingStore
) -> None:
    q = """{ entities(first: 40) { edges { node {
      neighbors(depth: 1, first: 3) { edges { node { distance entity { id } } } }
      timeline(first: 3) { edges { node { at change fact { type } } } }
      sources(first: 3) { url }
    } } } }"""
    _, trips = _run(client, counting, q)
    assert trips == 4  # entities, neighbours, timelines, sources


def test_different_filters_on_the_same_list_are_one_query_each(client: TestClient, counting: CountingStore) -> None:
    q = """{ entities(first: 30) { edges { node {
      met: relationships(types: [MET], first: 3) { edges { node { id } } }
      led: relationships(types: [LEADS], first: 3) { edges { node { id } } }
    } } } }"""
    _, trips = _run(client, counting, q)
    assert trips == 3


def test_the_same_entity_asked_twice_is_read_once(client: TestClient, counting: CountingStore) -> None:
    q = '{ a: entity(id: "openai") { name } b: entity(id: "openai") { name } c: entity(id: "sam-altman") { id } }'
    data, trips = _run(client, counting, q)
    assert data["a"] == data["b"] == {"name": "OpenAI"}
    assert trips == 1


def test_every_read_gets_the_time_left_of_the_request(
    client: TestClient, counting: CountingStore, settings: Settings
) -> None:
    _run(client, counting, LIST, n=20)
    assert counting.timeouts and all(t is not None and 0 < t <= settings.query_timeout_s for t in counting.timeouts)
