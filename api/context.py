"""The per-request GraphQL context: the store, the settings, who is calling, the DataLoaders."""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.fastapi import BaseContext

from api.errors import QueryTimeoutError
from graph.async_store import AsyncStore
from graph.config import Settings
from graph.errors import QueryError
from graph.reads import ReadFunction
from graph.store import Store

if TYPE_CHECKING:
    from api.loaders import Loaders

__all__ = ["Context"]

T = TypeVar("T")

# Neo4j status codes of a transaction that ran out of time.
_TIMEOUT_CODES = ("TransactionTimedOut", "Transaction.TransactionTimedOutClientConfiguration")


@dataclass
class Context(BaseContext):
    """Built per request by ``api.app``'s ``context_getter``.

    Attributes:
        store: the process-wide store (one driver for the app).
        async_store: the app's asynchronous store, which runs the reads of :mod:`graph.reads`
            on the event loop (None: they run on ``store`` in worker threads).
        settings: the app's settings.
        api_key: the bearer key presented, if any.
        is_writer: True when ``api_key`` is one of ``settings.api_keys``.
        loaders: the DataLoaders of this request (:class:`api.loaders.Loaders`).
        deadline: ``time.monotonic()`` after which this request may not touch the database
            (``settings.query_timeout_s`` from its start); every read gets what is left as its
            server-side transaction timeout.
    """

    store: Store
    settings: Settings
    async_store: AsyncStore | None = None
    api_key: str | None = None
    is_writer: bool = False
    loaders: Loaders = field(init=False)
    deadline: float = 0.0

    def __post_init__(self) -> None:
        super().__init__()
        from api.loaders import Loaders  # loaders import this module's type

        if not self.deadline:
            self.deadline = time.monotonic() + self.settings.query_timeout_s
        self.loaders = Loaders(self)

    def remaining(self) -> float:
        """Seconds of database time left to this request.

        Raises:
            QueryTimeoutError: if none is left.
        """
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise QueryTimeoutError(
                f"the request ran out of database time ({self.settings.query_timeout_s:g} s)"
            )
        return left

    async def read(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """``fn(store, *args, timeout=<time left>, **kwargs)``, without blocking the event loop.

        A read of :mod:`graph.reads` (a :class:`~graph.reads.ReadFunction`) runs on the
        asynchronous store; anything else (an analysis loading a subgraph) runs on the
        synchronous store in a worker thread. A transaction that outlives the deadline becomes
        a :class:`QueryTimeoutError`.
        """
        try:
            if isinstance(fn, ReadFunction) and self.async_store is not None:
                return await self.async_store.fetch(fn.read(*args, timeout=self.remaining(), **kwargs))
            return await asyncio.to_thread(functools.partial(fn, self.store, *args, timeout=self.remaining(),
                                                             **kwargs))
        except QueryError as e:
            if any(code in str(e) for code in _TIMEOUT_CODES):
                raise QueryTimeoutError(
                    f"the query ran out of time ({self.settings.query_timeout_s:g} s per request)"
                ) from e
            raise

    async def write(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call ``fn(store, *args, **kwargs)`` (a writing function) in a worker thread."""
        return await asyncio.to_thread(functools.partial(fn, self.store, *args, **kwargs))
