"""The store's asynchronous twin, for servers on an asyncio event loop (the GraphQL API).

It runs the reads of :mod:`graph.reads` (each a :class:`graph.store.Read`) on the driver's asyncio
API: a request waiting on Neo4j holds no thread, and no answer crosses from a worker thread back
to the event loop, which on a busy server costs more than the driver's own work. Reads go through
managed transactions (``execute_read``), so routing and retries work against a cluster or Aura as
they do for :class:`graph.store.Store`; errors become the same project errors.

Example:
    >>> import asyncio
    >>> from graph import reads
    >>> async def main():                                          # doctest: +SKIP
    ...     store = await AsyncStore.connect()
    ...     try:
    ...         return await store.fetch(reads.entities_by_ids.read(["openai"]))
    ...     finally:
    ...         await store.close()
    >>> asyncio.run(main())["openai"].name                        # doctest: +SKIP
    'OpenAI'
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, unit_of_work

from graph.config import Settings, get_settings
from graph.store import CONNECT_ERRORS, TRANSLATED, Read, connect_error, driver_error, driver_options

__all__ = ["AsyncStore"]

T = TypeVar("T")


class AsyncStore:
    """Reads over an asynchronous Neo4j driver; one per event loop (a server's lifespan).

    Args:
        driver: an asynchronous Neo4j driver (used only on one event loop).
        database: the database name to use.
        timeout: the default per-transaction timeout in seconds.
    """

    def __init__(self, driver: AsyncDriver, *, database: str = "neo4j", timeout: float = 30.0) -> None:
        self._driver = driver
        self.database = database
        self.timeout = timeout

    @classmethod
    def open(cls, settings: Settings | None = None) -> Self:
        """A store from settings (``NEO4J_URI`` etc.), without touching the server yet.

        Connections are made on first use, on the event loop that uses the store.
        """
        s = settings or get_settings()
        return cls(AsyncGraphDatabase.driver(s.bolt_uri, **driver_options(s)), database=s.neo4j_database,
                   timeout=s.query_timeout_s)

    @classmethod
    async def connect(cls, settings: Settings | None = None) -> Self:
        """:meth:`open`, then verify that the server answers and accepts the login.

        Raises:
            DatabaseUnavailableError: if the server cannot be reached or refuses the login.
        """
        s = settings or get_settings()
        store = cls.open(s)
        try:
            await store._driver.verify_connectivity()
        except CONNECT_ERRORS as e:
            await store.close()
            raise connect_error(s, e) from e
        return store

    async def close(self) -> None:
        """Close the driver and its connections."""
        await self._driver.close()

    async def fetch(self, read: Read[T]) -> T:
        """Run ``read`` (one round trip in a READ transaction, none if its query is None).

        Raises:
            QueryError: if Neo4j rejects the query (a timeout among them).
            DatabaseUnavailableError: if Neo4j cannot be reached.
        """
        if read.query is None:
            return read.answer([])
        query, params = read.query, read.params

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(query, params)
            keys = result.keys()
            return [dict(zip(keys, record, strict=True)) async for record in result]

        timed = unit_of_work(timeout=read.timeout if read.timeout is not None else self.timeout)(work)
        try:
            async with self._driver.session(database=self.database,
                                            default_access_mode=neo4j.READ_ACCESS) as session:
                rows = await session.execute_read(timed)
        except TRANSLATED as e:
            raise driver_error(e) from e
        return read.answer(rows)
