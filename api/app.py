"""The FastAPI application: GraphQL (and GraphiQL) at /graphql, /health, /schema.graphql.

Example:
    >>> from api.app import create_app
    >>> app = create_app()                      # doctest: +SKIP
    >>> # uvicorn api.app:create_app --factory
"""

from __future__ import annotations

import gc
import hmac
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse

from api.context import Context
from api.http import KGGraphQLRouter
from api.schema import build_schema
from graph.async_store import AsyncStore
from graph.config import Settings, get_settings
from graph.errors import DatabaseUnavailableError
from graph.store import Store

__all__ = ["Unauthenticated", "bearer_key", "create_app", "serving_gc"]

logger = logging.getLogger(__name__)


class Unauthenticated(Exception):
    """A request presented no valid key where one is needed (answered with 401)."""


def bearer_key(request: Request) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header, if any."""
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip() or None


def _is_writer(key: str | None, settings: Settings) -> bool:
    if not key:
        return False
    # Compare against every key in constant time, so timing tells nothing about a near miss.
    return any(hmac.compare_digest(key.encode(), k.encode()) for k in settings.api_keys)


@contextmanager
def serving_gc(enabled: bool = True) -> Iterator[None]:
    """Keep what exists at startup out of the garbage collector's sight while serving.

    The schema, the loaded modules and their caches are hundreds of thousands of objects that
    live as long as the server; every full collection (which the many short-lived objects of
    requests set off now and then) would walk them all, a pause of several milliseconds in the
    request that happens to trigger it. ``gc.freeze`` moves them to a permanent generation; they
    are handed back on exit. Raising the collection thresholds too was measured and left out:
    it barely moved the median and doubled p99. ``KG_TUNE_GC=false`` turns this off.

    Example:
        >>> with serving_gc():
        ...     gc.get_freeze_count() > 0
        True
    """
    if not enabled:
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _wants_ide(request: Request) -> bool:
    return request.method == "GET" and "query" not in request.query_params


def create_app(
    settings: Settings | None = None, store: Store | None = None, async_store: AsyncStore | None = None
) -> FastAPI:
    """Build the app.

    Args:
        settings: the settings (read from the environment when None).
        store: an open store to use (the caller closes it). When None, the app opens one at
            startup from ``settings`` and closes it at shutdown.
        async_store: the asynchronous store the reads of the API run on, used on the app's
            event loop only (the caller closes it). When None, the app opens one at startup from
            ``settings`` and closes it at shutdown.
    """
    s = settings or get_settings()
    s.check_production()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = store is None
        if store is not None:
            app.state.store = store
        else:
            try:
                app.state.store = await run_in_threadpool(Store.connect, s)
            except DatabaseUnavailableError as e:
                # Serve anyway: /health says 503 and queries fail until the database is back.
                logger.warning("starting without the database: %s", e)
                app.state.store = Store.connect(s, verify=False)
        if async_store is not None:
            app.state.async_store = async_store
        else:
            # Connectivity was just checked (and reported) for the store.
            app.state.async_store = AsyncStore.open(s)
        try:
            with serving_gc(s.tune_gc):
                yield
        finally:
            if async_store is None:
                await app.state.async_store.close()
            if own:
                app.state.store.close()

    app = FastAPI(
        title="AI-industry knowledge graph",
        description="GraphQL API at /graphql (GraphiQL in a browser). The routes below are the others.",
        version="0.1.0",
        lifespan=lifespan,
    )

    async def get_context(request: Request) -> Context:
        key = bearer_key(request)
        writer = _is_writer(key, s)
        if key is not None and not writer:
            raise Unauthenticated("the API key is not valid")
        if s.read_requires_key and not writer and not _wants_ide(request):
            raise Unauthenticated("this server requires an API key for reads: send 'Authorization: Bearer <key>'")
        return Context(store=request.app.state.store, async_store=request.app.state.async_store, settings=s,
                       api_key=key, is_writer=writer)

    router = KGGraphQLRouter(
        build_schema(s),
        context_getter=get_context,
        graphql_ide="graphiql" if s.graphiql else None,
        include_in_schema=False,
    )
    app.include_router(router, prefix="/graphql")
    sdl_text = router.schema.as_str() + "\n"

    @app.exception_handler(Unauthenticated)
    async def _unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
        return JSONResponse(
            {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
            status_code=401,
            headers={"WWW-Authenticate": 'Bearer realm="kg"'},
        )

    @app.get("/health", summary="Database connectivity", responses={503: {"description": "Neo4j is unreachable."}})
    async def health(request: Request) -> JSONResponse:
        """200 with the Neo4j server when the database answers, 503 otherwise."""
        db: dict[str, Any] = await run_in_threadpool(request.app.state.store.health)
        ok = bool(db.get("ok"))
        return JSONResponse({"status": "ok" if ok else "unavailable", "database": db},
                            status_code=200 if ok else 503)

    @app.get("/schema.graphql", summary="The GraphQL schema (SDL)", response_class=PlainTextResponse)
    async def sdl() -> PlainTextResponse:
        """The schema in GraphQL SDL, for code generators and clients."""
        return PlainTextResponse(sdl_text)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/graphql")

    return app
