"""The API app with its request phases timed, for ``bench/api.py --phases`` (never for serving).

Wraps, for each POST to /graphql: the whole ASGI call, the GraphQL router's ``run`` (Strawberry's
HTTP view), ``Schema.execute``, and every read of the asynchronous store, split into the driver's
round trip and the mapping of its rows (``Read.answer``). Each request's times are appended, as
one JSON line of seconds, to the file named by ``KG_BENCH_PHASES``.

Run by uvicorn: ``uvicorn phases_app:create_app --factory --app-dir bench``.
"""

from __future__ import annotations

import contextvars
import json
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from strawberry.schema.schema import Schema

from api import app as app_module
from api.http import KGGraphQLRouter
from graph.async_store import AsyncStore
from graph.store import Read

T = TypeVar("T")
Phases = dict[str, float]
_current: contextvars.ContextVar[Phases | None] = contextvars.ContextVar("phases", default=None)


def _add(name: str, seconds: float) -> None:
    phases = _current.get()
    if phases is not None:
        phases[name] = phases.get(name, 0.0) + seconds


def _instrument() -> None:
    fetch = AsyncStore.fetch
    execute = Schema.execute
    run = KGGraphQLRouter.run

    async def timed_fetch(self: AsyncStore, read: Read[T]) -> T:
        mapped = [0.0]

        def answer(rows: list[dict[str, Any]]) -> T:
            t = time.perf_counter()
            try:
                return read.answer(rows)
            finally:
                mapped[0] = time.perf_counter() - t

        t0 = time.perf_counter()
        result = await fetch(self, Read(read.query, read.params, answer, read.timeout))
        _add("round_trips", time.perf_counter() - t0 - mapped[0])
        _add("mapping", mapped[0])
        return result

    def timing(name: str, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return await fn(*args, **kwargs)
            finally:
                _add(name, time.perf_counter() - t0)

        return timed

    AsyncStore.fetch = timed_fetch  # type: ignore[method-assign]
    Schema.execute = timing("execute", execute)  # type: ignore[method-assign]
    KGGraphQLRouter.run = timing("view", run)  # type: ignore[method-assign]


def create_app() -> Callable[..., Awaitable[None]]:
    """The API app (from the environment, as ``kg serve``), its GraphQL requests timed."""
    _instrument()
    inner = app_module.create_app()
    out = open(os.environ["KG_BENCH_PHASES"], "a", buffering=1)  # noqa: SIM115 (lives as long as the app)

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql" or scope["method"] != "POST":
            await inner(scope, receive, send)
            return
        phases: Phases = {}
        _current.set(phases)
        t0 = time.perf_counter()
        await inner(scope, receive, send)
        phases["asgi"] = time.perf_counter() - t0
        out.write(json.dumps(phases) + "\n")

    return app
