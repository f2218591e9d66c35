"""The analyst's Python API: one object for subgraphs, read-only Cypher and exports.

Example:
    >>> from graph import KnowledgeGraph
    >>> from graph import analysis
    >>> kg = KnowledgeGraph.connect()                                   # doctest: +SKIP
    >>> G = kg.subgraph(around=["Sam Altman", "Government of Japan"], depth=2,
    ...                 types=["MET", "HEAD_OF_GOVERNMENT", "HAS_OFFICE_IN"],
    ...                 as_of="2024-04-30")                              # doctest: +SKIP
    >>> sorted(G)                                                        # doctest: +SKIP
    ['fumio-kishida', 'government-of-japan', 'sam-altman']
    >>> kg.cypher("MATCH (p:Person)-[m:MET]->(q) RETURN p.name AS p, q.name AS q, m.date AS d")
    ... # doctest: +SKIP
    [{'p': 'Sam Altman', 'q': 'Fumio Kishida', 'd': datetime.date(2023, 4, 10)}]
    >>> analysis.brokers(kg.subgraph(), "JP")[:1]                        # doctest: +SKIP
    >>> kg.export(G, "japan.graphml")                                    # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import networkx as nx

from graph import export as _export
from graph import subgraph as _sub
from graph.config import Settings, get_settings
from graph.store import Store

__all__ = ["ExportSummary", "KnowledgeGraph"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What :meth:`KnowledgeGraph.export_subgraph` wrote."""

    path: Path
    format: str
    nodes: int
    edges: int


class KnowledgeGraph:
    """The knowledge graph seen from Python: subgraphs as NetworkX graphs, Cypher, exports.

    Args:
        store: an open :class:`graph.store.Store` (the API and the CLI pass theirs).
        settings: limits (``max_subgraph_edges``) and timeouts; default: the process's.

    Use :meth:`connect` in a script or notebook; close it when done (or use ``with``).
    Analyses are pure functions of the graphs, in :mod:`graph.analysis`.
    """

    def __init__(self, store: Store, settings: Settings | None = None) -> None:
        self.store = store
        self.settings = settings or get_settings()
        self._owns_store = False

    @classmethod
    def connect(cls, settings: Settings | None = None, *, start_local: bool = False) -> Self:
        """Connect with settings from the environment / ``.env`` (``NEO4J_URI``, ...).

        Args:
            settings: explicit settings instead of the environment's.
            start_local: when no ``NEO4J_URI`` is set and the local Neo4j is down, start it
                (as ``kg neo4j start`` does) instead of failing.

        Raises:
            DatabaseUnavailableError: if Neo4j cannot be reached.
        """
        s = settings or get_settings()
        if start_local and s.uses_local_server:
            from graph.local import LocalNeo4j

            server = LocalNeo4j.from_settings(s)
            if not server.status().running:
                server.start()
        kg = cls(Store.connect(s), s)
        kg._owns_store = True
        return kg

    def close(self) -> None:
        """Close the store if :meth:`connect` opened it."""
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- selections ----------------------------------------------------------------------

    def resolve(self, keys: str | Sequence[str]) -> list[str]:
        """Entity ids for ids, names or aliases (case-insensitive); see
        :func:`graph.subgraph.resolve_entities`."""
        return _sub.resolve_entities(self.store, [keys] if isinstance(keys, str) else list(keys))

    def selection(
        self,
        *,
        around: str | Sequence[str] | None = None,
        depth: int = 1,
        kinds: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        as_of: dt.date | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        min_confidence: float | None = None,
        known_as_of: dt.datetime | dt.date | str | None = None,
    ) -> _sub.Selection:
        """A validated :class:`graph.subgraph.Selection`, with ``around`` resolved to ids."""
        seeds = self.resolve(around) if around else []
        return _sub.make_selection(
            around=seeds, depth=depth, kinds=kinds, types=types, as_of=as_of, start=start,
            end=end, min_confidence=min_confidence, known_as_of=known_as_of,
        )

    def subgraph(
        self,
        *,
        around: str | Sequence[str] | None = None,
        depth: int = 1,
        kinds: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        as_of: dt.date | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        min_confidence: float | None = None,
        known_as_of: dt.datetime | dt.date | str | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> nx.MultiDiGraph:
        """Load part of the graph (or all of it) into a :class:`networkx.MultiDiGraph`.

        Args:
            around: entities (ids, names or aliases, case-insensitive) to start from; None
                for the whole graph.
            depth: hops from ``around`` (either direction).
            kinds: entity kinds to keep (``Person``, ``Company``, ...); seeds always stay.
            types: relation types to keep (``MET``, ``LEADS``, ...).
            as_of: keep the facts that hold on that day (states valid then, events up to
                then, timeless facts).
            start, end: keep the facts overlapping that window instead (inclusive).
            min_confidence: keep facts at least this confident.
            known_as_of: keep facts recorded by then.
            limit: the most facts to load (default ``KG_MAX_SUBGRAPH_EDGES``).
            timeout: per-query timeout in seconds (default ``KG_QUERY_TIMEOUT``).

        Returns:
            Nodes keyed by entity id with the entity's properties; edges keyed by fact id with
            ``type``, dates, ``confidence``, ``status``, ``source_ids``, ``source_urls``,
            ``quotes`` and the relation's properties. Dates are :class:`datetime.date`.

        Raises:
            NotFoundError, AmbiguousEntityError: for an ``around`` entry.
            InvalidArgumentError: for a bad kind, type, date or depth.
            ResultTooLargeError: beyond ``limit`` facts.
        """
        sel = self.selection(around=around, depth=depth, kinds=kinds, types=types, as_of=as_of,
                             start=start, end=end, min_confidence=min_confidence,
                             known_as_of=known_as_of)
        return _sub.load_subgraph(self.store, sel, limit=self._limit(limit), timeout=timeout)

    def subgraph_from_cypher(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> nx.MultiDiGraph:
        """The graph of the paths, relationships and nodes a read-only query returns.

        Example:
            >>> G = kg.subgraph_from_cypher(
            ...     "MATCH p = (:Person {id: $id})-[:MET|LEADS*1..2]-() RETURN p",
            ...     {"id": "sam-altman"})                                # doctest: +SKIP
        """
        return _sub.load_cypher_subgraph(self.store, query, params, limit=self._limit(limit),
                                         timeout=timeout)

    # -- Cypher --------------------------------------------------------------------------

    def cypher(
        self,
        query: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout: float | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Run read-only Cypher; return rows as dicts (dates as :class:`datetime.date`).

        The query runs in a READ transaction: the server refuses any write. Pass values as
        ``params`` (``$name`` in the query).

        Raises:
            ReadOnlyViolationError: if the query writes.
            QueryError: if Neo4j rejects it (syntax, types, timeout); the message has the
                position.
            ResultTooLargeError: beyond ``limit`` rows (default ``KG_MAX_SUBGRAPH_EDGES``).
        """
        return _sub.run_cypher(self.store, query, params, limit=self._limit(limit),
                               timeout=timeout)

    # -- exports -------------------------------------------------------------------------

    @staticmethod
    def export(G: nx.MultiDiGraph, path: str | Path, format: str | None = None) -> Path:
        """Write ``G`` as GraphML, GEXF, JSON or CSV; see :mod:`graph.export`."""
        return _export.export_graph(G, path, format)

    @staticmethod
    def read_export(path: str | Path, format: str | None = None) -> nx.MultiDiGraph:
        """Read an export back, dates and lists restored; see :func:`graph.export.read_export`."""
        return _export.read_export(path, format)

    def export_subgraph(
        self,
        path: str | Path,
        format: str | None = None,
        *,
        around: str | Sequence[str] | None = None,
        depth: int = 1,
        kinds: Iterable[str] | None = None,
        types: Iterable[str] | None = None,
        as_of: dt.date | str | None = None,
        start: dt.date | str | None = None,
        end: dt.date | str | None = None,
        min_confidence: float | None = None,
        known_as_of: dt.datetime | dt.date | str | None = None,
        limit: int | None = None,
        timeout: float | None = None,
    ) -> ExportSummary:
        """Export a selection (arguments as :meth:`subgraph`) straight to a file.

        JSON and CSV are streamed from the database to the file, so memory stays flat
        whatever the size; GraphML and GEXF are written from a graph built first.
        """
        fmt = _export.format_for(path, format)
        sel = self.selection(around=around, depth=depth, kinds=kinds, types=types, as_of=as_of,
                             start=start, end=end, min_confidence=min_confidence,
                             known_as_of=known_as_of)
        lim = self._limit(limit)
        if fmt in ("graphml", "gexf"):
            G = _sub.load_subgraph(self.store, sel, limit=lim, timeout=timeout)
            out = _export.export_graph(G, path, fmt)
            return ExportSummary(out, fmt, G.number_of_nodes(), G.number_of_edges())
        writer = _export.open_writer(path, fmt, graph={"selection": sel.describe()})
        try:
            counts = _sub.stream_selection(self.store, sel, on_node=writer.add_node,
                                           on_edge=writer.add_edge, limit=lim, timeout=timeout)
        except BaseException:
            writer.close()
            _export.remove_output(Path(path))  # no half-written file left behind
            raise
        writer.close()
        return ExportSummary(Path(path), fmt, counts.nodes, counts.edges)

    def _limit(self, limit: int | None) -> int:
        return self.settings.max_subgraph_edges if limit is None else limit
