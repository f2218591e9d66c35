"""The guards: depth, aliases, tokens, introspection, GraphiQL, masked errors, per-request timeout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, LiteralString, TypeVar

import pytest
from fastapi.testclient import TestClient
from graphql_testutil import serving
from neo4j import ManagedTransaction

from api.app import create_app
from api.http import EXAMPLE_QUERY, GRAPHQL_RESPONSE_JSON
from graph.async_store import AsyncStore
from graph.config import Settings
from graph.store import Read, Store

INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.fixture(scope="module")
def client(settings: Settings, session_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=session_store)) as c:
        yield c


def post(client: TestClient, query: str, accept: str = "application/json") -> tuple[int, dict[str, Any]]:
    r = client.post("/graphql", json={"query": query}, headers={"Accept": accept})
    return r.status_code, r.json()


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]


def deep_query(depth: int) -> str:
    # entity -> relationships -> edges -> node -> other -> relationships -> ... (3 levels per hop)
    inner = "id"
    for _ in range(depth):
        inner = f"relationships {{ edges {{ node {{ other {{ {inner} }} }} }} }}"
    return f'{{ entity(id: "openai") {{ {inner} }} }}'


def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(client: TestClient, settings: Settings) -> None:
    status, body = post(client, deep_query(settings.max_query_depth))
    assert status == 200 and codes(body) == ["QUERY_TOO_DEEP"] and "data" not in body
    status, body = post(client, deep_query(settings.max_query_depth), accept=GRAPHQL_RESPONSE_JSON)
    assert status == 400 and codes(body) == ["QUERY_TOO_DEEP"]
    _, ok = post(client, deep_query(2))
    assert "errors" not in ok


def test_too_many_aliases_are_refused(client: TestClient, settings: Settings) -> None:
    many = " ".join(f"a{i}: stats {{ entities }}" for i in range(settings.max_aliases + 1))
    status, body = post(client, f"{{ {many} }}")
    assert status == 200 and codes(body) == ["TOO_MANY_ALIASES"] and "data" not in body
    few = " ".join(f"a{i}: stats {{ entities }}" for i in range(3))
    assert "errors" not in post(client, f"{{ {few} }}")[1]


def test_too_many_tokens_are_refused(client: TestClient, settings: Settings) -> None:
    fields = " ".join(["__typename"] * (settings.max_tokens + 10))
    status, body = post(client, f"{{ {fields} }}", accept=GRAPHQL_RESPONSE_JSON)
    assert status == 400 and codes(body) == ["TOO_MANY_TOKENS"] and "data" not in body


def test_syntax_and_validation_errors_have_codes(client: TestClient) -> None:
    assert codes(post(client, "{ stats {")[1]) == ["GRAPHQL_PARSE_FAILED"]
    assert codes(post(client, "{ nope }")[1]) == ["GRAPHQL_VALIDATION_FAILED"]
    body = client.post("/graphql", json={"query": "query($n: Int!) { entities(first: $n) { edges { cursor } } }",
                                         "variables": {"n": "ten"}}).json()
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"] or codes(body) == ["BAD_USER_INPUT"]


def test_introspection_and_graphiql_are_on_by_default(client: TestClient) -> None:
    assert post(client, INTROSPECTION)[1] == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()
    assert 'entity(name: \\"Sam Altman\\")' in page.text or 'entity(name: "Sam Altman")' in page.text
    assert EXAMPLE_QUERY.splitlines()[0] in page.text


def test_introspection_and_graphiql_can_be_switched_off(settings: Settings, session_store: Store) -> None:
    closed = settings.model_copy(update={"introspection": False, "graphiql": False})
    with TestClient(create_app(closed, store=session_store)) as c:
        body = c.post("/graphql", json={"query": INTROSPECTION}).json()
        assert codes(body) and set(codes(body)) == {"INTROSPECTION_DISABLED"} and "data" not in body
        assert c.get("/graphql", headers={"Accept": "text/html"}).status_code == 404
        # No "did you mean" hints either: they would leak the schema.
        hint = c.post("/graphql", json={"query": "{ entiti { id } }"}).json()["errors"][0]["message"]
        assert "Did you mean" not in hint
        assert "errors" not in c.post("/graphql", json={"query": "{ stats { entities } }"}).json()


T = TypeVar("T")


SECRET = "secret: bolt://admin:hunter2@db"
SLOW: LiteralString = "UNWIND range(1, 100000000) AS i WITH i WHERE i % 7 = 99 RETURN count(i) AS n"
"""A statement that runs for seconds."""


class BrokenStore(Store):
    """A store whose reads fail the way a bug would, with something secret in the message."""

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        raise RuntimeError(SECRET)


class BrokenAsyncStore(AsyncStore):
    """The same, for the reads that run on the event loop."""

    async def fetch(self, read: Read[T]) -> T:
        raise RuntimeError(SECRET)


class SlowStore(Store):
    def read(self, query: LiteralString, params: Any = None, *, timeout: float | None = None) -> list[Any]:
        return super().read(SLOW, {}, timeout=timeout)

    def read_plain(self, query: LiteralString, params: Any = None, *, timeout: float | None = None) -> list[Any]:
        return super().read_plain(SLOW, {}, timeout=timeout)


class SlowAsyncStore(AsyncStore):
    async def fetch(self, read: Read[T]) -> T:
        return await super().fetch(Read(SLOW, {}, read.answer, read.timeout))


# A read of graph.reads (on the event loop) and an analysis (a subgraph loaded in a worker thread).
ON_THE_LOOP = "{ stats { entities } }"
IN_A_THREAD = '{ analysis(around: ["openai"], depth: 1) { nodeCount } }'


@pytest.mark.parametrize("query", [ON_THE_LOOP, IN_A_THREAD])
def test_internal_errors_are_masked(settings: Settings, session_store: Store, query: str) -> None:
    with serving(settings, BrokenStore(session_store.driver), BrokenAsyncStore.open(settings)) as c:
        r = c.post("/graphql", json={"query": query})
    assert r.status_code == 200
    assert "secret" not in r.text and "hunter2" not in r.text
    assert r.json()["errors"][0]["message"] == "Internal server error."
    assert r.json()["errors"][0]["extensions"] == {"code": "INTERNAL_SERVER_ERROR"}


@pytest.mark.parametrize("query", ['{ entity(id: "openai") { id } }', IN_A_THREAD])
def test_a_request_that_runs_out_of_database_time_stops_with_a_timeout_error(
    settings: Settings, session_store: Store, query: str
) -> None:
    hurried = settings.model_copy(update={"query_timeout_s": 1e-9})
    with TestClient(create_app(hurried, store=session_store)) as c:
        body = c.post("/graphql", json={"query": query}).json()
    assert codes(body) == ["QUERY_TIMEOUT"]
    assert "database time" in body["errors"][0]["message"]


@pytest.mark.parametrize("query", [ON_THE_LOOP, IN_A_THREAD])
def test_the_database_transaction_itself_is_bounded(settings: Settings, session_store: Store, query: str) -> None:
    """A transaction that outlives its (server-side) timeout is a QUERY_TIMEOUT, not an internal error."""
    hurried = settings.model_copy(update={"query_timeout_s": 0.5})
    slow = SlowAsyncStore.open(hurried)
    with serving(hurried, SlowStore(session_store.driver, timeout=0.5), slow) as c:
        body = c.post("/graphql", json={"query": query}).json()
    assert codes(body) == ["QUERY_TIMEOUT"]
