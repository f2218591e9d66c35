"""Helpers shared by the GraphQL tests: POST a query to the real app and unwrap the answer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from graph.async_store import AsyncStore
from graph.config import Settings
from graph.store import Store


@contextmanager
def serving(settings: Settings, store: Store, async_store: AsyncStore) -> Iterator[TestClient]:
    """A client of the app on ``store`` and ``async_store``; the latter closed on the app's event loop."""
    with TestClient(create_app(settings, store=store, async_store=async_store)) as c:
        try:
            yield c
        finally:
            c.portal.call(async_store.close)


def post(client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any) -> dict[str, Any]:
    """POST ``query`` with ``variables`` to /graphql; assert HTTP 200 and return the JSON body."""
    r = client.post("/graphql", json={"query": query, "variables": variables}, headers=headers or {})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def data(client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any) -> dict[str, Any]:
    """The ``data`` of a query that must succeed (no ``errors``)."""
    body = post(client, query, headers, **variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result
