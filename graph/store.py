"""The Neo4j store: one object that owns the driver and every round trip to the database.

All access goes through managed transactions (``execute_read`` / ``execute_write``), so the
same code runs against a single server, an Aura instance or a cluster (``neo4j+s://``): reads
are routed to followers and transient failures are retried by the driver.

Example:
    >>> from graph.store import Store
    >>> with Store.connect() as store:          # doctest: +SKIP
    ...     store.read("MATCH (e:Entity) RETURN count(e) AS n")
    [{'n': 221}]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, LiteralString, Self, TypeVar

import neo4j
from neo4j import Driver, GraphDatabase, ManagedTransaction, unit_of_work
from neo4j import exceptions as neo4j_exc

from graph.config import Settings, get_settings
from graph.cypher import core as q
from graph.cypher import ingest as qi
from graph.errors import DatabaseUnavailableError, QueryError, ReadOnlyViolationError
from graph.schema import schema_statements

__all__ = ["CONNECT_ERRORS", "TRANSLATED", "Read", "Store", "WriteSummary", "connect_error", "driver_error",
           "driver_options"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(slots=True)
class WriteSummary:
    """Per-status counts of an upsert (created / updated / unchanged / ...)."""

    counts: dict[str, int]

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """One read round trip, described without doing it: run by :meth:`Store.fetch` (blocking)
    or :meth:`graph.async_store.AsyncStore.fetch` (on an asyncio event loop).

    The functions of :mod:`graph.reads` are built from these, so the same statement, parameters
    and mapping serve the analyst's blocking calls and the API's asynchronous ones.

    Attributes:
        query: the statement (plain values only, see :meth:`Store.read_plain`), or None when the
            answer needs no round trip (``answer([])`` is it).
        params: its parameters.
        answer: the result, from the statement's rows.
        timeout: the transaction timeout in seconds (None: the store's default).
    """

    query: LiteralString | None
    params: Mapping[str, Any]
    answer: Callable[[list[dict[str, Any]]], T]
    timeout: float | None = None


def driver_options(settings: Settings) -> dict[str, Any]:
    """The driver options (login, pool) of :meth:`Store.connect` and its asynchronous twin."""
    return {"auth": (settings.neo4j_user, settings.neo4j_password.get_secret_value()),
            "max_connection_pool_size": 50}


CONNECT_ERRORS = (neo4j_exc.AuthError, neo4j_exc.ServiceUnavailable, OSError, ValueError)
"""What verifying connectivity raises when the server is unreachable or refuses the login."""


def connect_error(settings: Settings, e: Exception) -> DatabaseUnavailableError:
    """The error to raise when verifying connectivity failed with ``e`` (one of :data:`CONNECT_ERRORS`)."""
    if isinstance(e, neo4j_exc.AuthError):
        return DatabaseUnavailableError(
            f"Neo4j at {settings.bolt_uri} refused the login of {settings.neo4j_user!r}: "
            "check NEO4J_USER / NEO4J_PASSWORD"
        )
    hint = " (start it with `kg neo4j start`)" if settings.uses_local_server else ""
    return DatabaseUnavailableError(f"cannot reach Neo4j at {settings.bolt_uri}{hint}: {e}")


def _tally(rows: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    return counts


class Store:
    """A connection to the knowledge graph in Neo4j.

    Create one per process (the CLI entry, the FastAPI lifespan, a notebook) and pass it
    down; close it when done (or use it as a context manager).

    Args:
        driver: an open Neo4j driver.
        database: the database name to use.
        timeout: the default per-transaction timeout in seconds.
    """

    def __init__(self, driver: Driver, *, database: str = "neo4j", timeout: float = 30.0) -> None:
        self._driver = driver
        self.database = database
        self.timeout = timeout

    # -- lifecycle -----------------------------------------------------------------------

    @classmethod
    def connect(cls, settings: Settings | None = None, *, verify: bool = True) -> Self:
        """Open a store from settings (``NEO4J_URI`` etc.); verify connectivity by default.

        Raises:
            DatabaseUnavailableError: if the server cannot be reached or refuses the login.
        """
        s = settings or get_settings()
        driver = GraphDatabase.driver(s.bolt_uri, **driver_options(s))
        store = cls(driver, database=s.neo4j_database, timeout=s.query_timeout_s)
        if verify:
            try:
                driver.verify_connectivity()
            except CONNECT_ERRORS as e:
                driver.close()
                raise connect_error(s, e) from e
        return store

    @property
    def driver(self) -> Driver:
        """The underlying driver (for benchmarks that compare against bare driver use)."""
        return self._driver

    def close(self) -> None:
        """Close the driver and its connections."""
        self._driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def _session(self, **kwargs: Any) -> Iterator[neo4j.Session]:
        try:
            with self._driver.session(database=self.database, **kwargs) as session:
                yield session
        except neo4j_exc.ServiceUnavailable as e:
            raise DatabaseUnavailableError(f"Neo4j became unavailable: {e}") from e

    def _timed(
        self, work: Callable[[ManagedTransaction], T], timeout: float | None
    ) -> Callable[[ManagedTransaction], T]:
        """Attach the transaction timeout (server-side) to a unit of work."""
        return unit_of_work(timeout=timeout if timeout is not None else self.timeout)(work)

    def read_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed READ transaction (retried on transient errors)."""
        with self._session(default_access_mode=neo4j.READ_ACCESS) as session:
            return _translate(lambda: session.execute_read(work))

    def write_tx(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run ``work`` in a managed WRITE transaction (retried on transient errors)."""
        with self._session() as session:
            return _translate(lambda: session.execute_write(work))

    def read(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Run a read query and return its rows as dicts.

        The transaction is opened in READ mode, so the server refuses any write in it.

        Raises:
            ReadOnlyViolationError: if the query tries to write.
            QueryError: if Neo4j rejects the query.
        """
        return self.read_tx(self._timed(_rows(query, params, plain=False), timeout))

    def read_plain(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Like :meth:`read`, for a query whose values are plain: no nodes, relationships or paths.

        Plain values are scalars, temporal values and lists and maps of them (what
        ``properties(n)`` and map projections return, as every statement of ``graph.cypher``
        does). The rows are then built straight from the records' values, without the walk over
        every value that ``Record.data()`` makes to turn graph objects into dicts: on a page of a
        hundred entities that walk costs more than decoding the answer. A node returned anyway
        comes back as the driver's ``Node``.
        """
        return self.read_tx(self._timed(_rows(query, params, plain=True), timeout))

    def fetch(self, read: Read[T]) -> T:
        """Run ``read`` (one round trip in a READ transaction, none if its query is None)."""
        if read.query is None:
            return read.answer([])
        return read.answer(self.read_plain(read.query, read.params, timeout=read.timeout))

    def read_each(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None,
        on_record: Callable[[neo4j.Record], None],
        *,
        timeout: float | None = None,
    ) -> int:
        """Stream a read query's records to ``on_record`` one at a time; return the count.

        Records are handed over as the driver receives them (fetch-size batches), so a large
        result is never held in memory whole.
        """
        def work(tx: ManagedTransaction) -> int:
            n = 0
            for record in tx.run(query, params or {}):
                on_record(record)
                n += 1
            return n

        return self.read_tx(self._timed(work, timeout))

    def write(
        self,
        query: LiteralString,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Run a write query in a managed write transaction; return its rows."""
        return self.write_tx(self._timed(_rows(query, params, plain=False), timeout))

    # -- housekeeping --------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        """Report connectivity: {ok, server, edition, version, error}."""
        try:
            info = self._driver.get_server_info()
            self.read(q.PING, timeout=5)
            return {"ok": True, "server": info.address and str(info.address),
                    "agent": info.agent, "error": None}
        except Exception as e:  # health must report, never raise
            return {"ok": False, "server": None, "agent": None, "error": str(e)}

    def apply_schema(self) -> list[str]:
        """Create the constraints and indexes of :mod:`graph.schema` (idempotent)."""
        stmts = schema_statements()
        for stmt in stmts:
            # Schema statements cannot share a transaction with each other's data writes;
            # each runs on its own, and IF NOT EXISTS makes re-running a no-op.
            self.write(stmt)
        self.write("CALL db.awaitIndexes(300)")
        return [str(s) for s in stmts]

    def constraints(self) -> list[dict[str, Any]]:
        """The constraints currently defined."""
        return self.read(q.SHOW_CONSTRAINTS)

    def indexes(self) -> list[dict[str, Any]]:
        """The indexes currently defined."""
        return self.read(q.SHOW_INDEXES)

    def counts(self) -> dict[str, int]:
        """Numbers of nodes and relationships."""
        return self.read(q.COUNT_ALL)[0]

    def clear(self) -> None:
        """Delete every node and relationship (keeps constraints and indexes)."""
        with self._session() as session:
            _translate(lambda: session.run(q.CLEAR_ALL).consume())

    # -- upserts -------------------------------------------------------------------------

    def upsert_entities(self, kind: str, rows: list[dict[str, Any]]) -> WriteSummary:
        """Upsert entities of one kind in one transaction.

        Args:
            kind: the entity kind (checked against :data:`graph.schema.KINDS`).
            rows: {id, name, aliases, props, content_hash}; see
                :func:`graph.cypher.ingest.upsert_entities` (the semantics of
                :func:`graph.cypher.ingest.upsert_entities`, with counts aggregated in Cypher).

        Returns:
            Counts by status: created / updated / unchanged.
        """
        query = qi.upsert_entities(kind)
        return WriteSummary({r["status"]: r["n"] for r in self.write(query, {"rows": rows, "kind": kind})})

    def create_entities(self, kind: str, rows: list[dict[str, Any]]) -> WriteSummary:
        """Write entities of one kind that the caller knows to be new, in one transaction.

        Args:
            kind: the entity kind (checked against :data:`graph.schema.KINDS`).
            rows: {id, name, aliases, aliases_text, props, content_hash}; see
                :func:`graph.cypher.ingest.create_entities` (nothing is read back, so it is
                cheaper than :meth:`upsert_entities`).

        Returns:
            ``created``: the rows written.
        """
        return WriteSummary({"created": self.write(qi.create_entities(kind), {"rows": rows, "kind": kind})[0]["n"]})

    def upsert_sources(self, rows: list[dict[str, Any]]) -> WriteSummary:
        """Upsert sources in one transaction.

        Args:
            rows: {id, url, title, publisher, published, published_precision, content_hash}.

        Returns:
            Counts by status: created / updated / unchanged.
        """
        return WriteSummary(_tally(self.write(qi.UPSERT_SOURCES, {"rows": rows})))

    def upsert_facts(self, relation: str, rows: list[dict[str, Any]], *, compare: bool = True) -> WriteSummary:
        """Upsert facts of one relation type in one transaction.

        Args:
            relation: the relation type (checked against :data:`graph.schema.RELATIONS`).
            rows: see :func:`graph.cypher.ingest.upsert_facts`.
            compare: tell unchanged rows from updated ones (costs a read of every property);
                the ingest pipeline, which sends only rows it knows to change, turns it off.

        Returns:
            Counts by status: created / updated / unchanged (with ``compare``; without it one
            count, ``written``), and ``missing_endpoint`` for rows whose subject or object does
            not exist (nothing is written for them).
        """
        query = qi.upsert_facts(relation, compare=compare)
        result = self.write(query, {"rows": rows})
        counts = {r["status"]: r["n"] for r in result} if compare else {"written": result[0]["n"]}
        missing = len(rows) - sum(counts.values())
        if missing:
            counts["missing_endpoint"] = missing
        return WriteSummary(counts)


def _rows(
    query: LiteralString, params: Mapping[str, Any] | None, *, plain: bool
) -> Callable[[ManagedTransaction], list[dict[str, Any]]]:
    """A unit of work that runs ``query`` and returns all its rows as dicts.

    With ``plain``, each row is its values zipped with the keys (for plain values only, see
    :meth:`Store.read_plain`); otherwise ``Record.data()``, which turns graph objects into dicts.
    """
    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        result = tx.run(query, params or {})
        if plain:
            keys = result.keys()
            return [dict(zip(keys, record, strict=True)) for record in result]
        return [record.data() for record in result]

    return work


TRANSLATED = (neo4j_exc.ClientError, neo4j_exc.DriverError)
"""The driver errors :func:`driver_error` turns into the project's (``ServiceUnavailable`` is a ``DriverError``)."""


def driver_error(e: neo4j_exc.ClientError | neo4j_exc.DriverError) -> Exception:
    """The project's error for a driver error of :data:`TRANSLATED` (raise it ``from e``)."""
    if isinstance(e, neo4j_exc.ClientError):
        if (e.code or "").endswith(("Statement.AccessMode", "ForbiddenOnReadOnlyDatabase")):
            return ReadOnlyViolationError(f"writes are not allowed here (read-only transaction): {e.message}")
        return QueryError(f"{e.code}: {e.message}")
    if isinstance(e, neo4j_exc.ServiceUnavailable):
        return DatabaseUnavailableError(f"Neo4j became unavailable: {e}")
    return QueryError(str(e))


def _translate(run: Callable[[], T]) -> T:
    """Run ``run`` and turn driver errors into the project's errors (keeping the cause)."""
    try:
        return run()
    except TRANSLATED as e:
        raise driver_error(e) from e
