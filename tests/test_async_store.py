"""The asynchronous store: the same reads, answers and errors as the store, on an event loop."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import pytest

from graph import reads
from graph.async_store import AsyncStore
from graph.config import Settings
from graph.errors import DatabaseUnavailableError, InvalidArgumentError, QueryError, ReadOnlyViolationError
from graph.reads import FactFilter
from graph.store import Read, Store

T = TypeVar("T")


def on_loop(settings: Settings, use: Callable[[AsyncStore], Awaitable[T]]) -> T:
    """``use`` an asynchronous store opened, and closed, on a fresh event loop."""
    async def main() -> T:
        store = await AsyncStore.connect(settings)
        try:
            return await use(store)
        finally:
            await store.close()

    return asyncio.run(main())


def test_every_kind_of_read_answers_the_same_on_both_stores(settings: Settings, seeded_store: Store) -> None:
    cases: list[tuple[reads.ReadFunction[Any, Any], tuple[Any, ...], dict[str, Any]]] = [
        (reads.entities_by_ids, (["openai", "sam-altman", "nobody"],), {}),
        (reads.entity_by_name, ("Sam Altman",), {}),
        (reads.entities, (), {"kind": "Company", "limit": 5}),
        (reads.search, ("open",), {"limit": 3}),
        (reads.neighbors_many, ([("openai", None)],), {"depth": 2, "filter": FactFilter(), "limit": 10}),
        (reads.entity_relationships_many, ([("openai", None), ("sam-altman", None)],),
         {"filter": FactFilter(), "limit": 5}),
        (reads.stats, (), {}),
        (reads.entities_by_ids, ([],), {}),  # no round trip
    ]

    async def use(store: AsyncStore) -> list[Any]:
        return [await store.fetch(fn.read(*args, **kwargs)) for fn, args, kwargs in cases]

    answers = on_loop(settings, use)
    for (fn, args, kwargs), answer in zip(cases, answers, strict=True):
        assert answer == fn(seeded_store, *args, **kwargs), fn.__name__
    assert answers[0]["openai"].name == "OpenAI" and "nobody" not in answers[0]


def test_arguments_are_checked_before_any_round_trip() -> None:
    with pytest.raises(InvalidArgumentError, match="depth must be between"):
        reads.neighbors_many.read([("openai", None)], depth=0, filter=FactFilter(), limit=5)


def test_errors_are_the_stores_errors(settings: Settings, session_store: Store) -> None:
    async def bad_query(store: AsyncStore) -> Any:
        return await store.fetch(Read("RETURN 1 +", {}, lambda rows: rows))

    async def a_write(store: AsyncStore) -> Any:
        return await store.fetch(Read("CREATE (n:Scratch) RETURN 1 AS one", {}, lambda rows: rows))

    with pytest.raises(QueryError, match="SyntaxError"):
        on_loop(settings, bad_query)
    with pytest.raises(ReadOnlyViolationError):
        on_loop(settings, a_write)
    assert session_store.read("MATCH (n:Scratch) RETURN count(n) AS n")[0]["n"] == 0


def test_an_unreachable_server_is_a_clear_error(settings: Settings) -> None:
    nowhere = settings.model_copy(update={"neo4j_uri": "bolt://127.0.0.1:9"})
    with pytest.raises(DatabaseUnavailableError, match=re.escape("cannot reach Neo4j at bolt://127.0.0.1:9")):
        asyncio.run(AsyncStore.connect(nowhere))
