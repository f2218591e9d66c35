"""Load parts of the knowledge graph into NetworkX, streaming, with a size guard.

A *selection* says which part: entities around some seeds up to a depth, entity kinds,
relation types, a day (``as_of``) or a window (``start``/``end``), a minimum confidence; or the
whole graph. :func:`stream_selection` streams the selected nodes and facts to two callbacks,
record by record (``Store.read_each``), so neither the driver's records nor an intermediate list
is ever held whole; :func:`load_subgraph` uses it to fill a :class:`networkx.MultiDiGraph`, and
:mod:`graph.export` to write files directly.

The graph:

* nodes are keyed by entity id and carry every other property of the entity (``kind``,
  ``name``, ``aliases``, ``country``, ``recorded_at``, ...); the id is the key and is not
  repeated as an attribute, and internal bookkeeping (``content_hash``, ``aliases_text``) is
  dropped;
* edges are keyed by ``fact_id`` and carry ``type`` (the relation), every property of the fact
  (``date`` or ``valid_from``/``valid_to`` with their precisions, ``confidence``, ``status``,
  ``source_ids``, ``quotes``, ``recorded_at``, ``conflict``, relation properties such as
  ``role`` or ``amount``) and ``source_urls`` (parallel to ``source_ids``).

Temporal values are converted to Python's own types, always: Neo4j ``DATE`` becomes
:class:`datetime.date`, ``DATETIME`` :class:`datetime.datetime` (timezone-aware; ``recorded_at``
in UTC), ``TIME`` :class:`datetime.time`, and ``DURATION`` its ISO-8601 string (Python has no
type for months).
The same conversion applies to the rows of :func:`run_cypher`. Exports write ISO strings and
:func:`graph.export.read_export` turns them back into dates.

Around a seed, the node set is found by breadth-first expansion (one query per hop, in either
direction, through facts that pass the filters, to entities of the selected kinds) and the graph
is the subgraph *induced* on it: every selected fact between two selected entities, like
:func:`networkx.ego_graph`. Seeds are always included, whatever their kind.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, LiteralString, cast

import neo4j
import networkx as nx
from neo4j import graph as neo4j_graph
from neo4j import time as neo4j_time

from graph.bulk import collector_paused
from graph.cypher import subgraph as q
from graph.errors import AmbiguousEntityError, InvalidArgumentError, NotFoundError, ResultTooLargeError
from graph.rows import recorded_instant
from graph.schema import kind_label, relation_type
from graph.store import Store

__all__ = [
    "EdgeSink",
    "NodeSink",
    "Selection",
    "StreamCounts",
    "graph_sinks",
    "load_cypher_subgraph",
    "load_subgraph",
    "make_selection",
    "parse_date",
    "resolve_entities",
    "run_cypher",
    "stream_selection",
    "to_python",
]

logger = logging.getLogger(__name__)

NodeSink = Callable[[str, dict[str, Any]], None]
"""Receives ``(entity id, attributes)`` for each node."""
EdgeSink = Callable[[str, str, str, dict[str, Any]], None]
"""Receives ``(source id, target id, fact id, attributes)`` for each fact."""

_INTERNAL: Final = frozenset({"content_hash", "aliases_text"})
_PLAIN: Final = (str, int, float, bool, type(None))
_FAST: Final = frozenset(_PLAIN)


# -- values ------------------------------------------------------------------------------


def to_python(value: Any) -> Any:
    """Convert a value read from Neo4j to plain Python, recursively.

    ``DATE`` -> :class:`datetime.date`, ``DATETIME`` / ``LOCAL DATETIME`` ->
    :class:`datetime.datetime`, ``TIME`` -> :class:`datetime.time`, ``DURATION`` -> ISO string;
    lists, tuples and dicts are converted item by item; anything else is returned unchanged.

    Example:
        >>> from neo4j.time import Date
        >>> to_python({"d": Date(2024, 4, 15), "xs": [Date(2023, 1, 1)], "n": 1})
        {'d': datetime.date(2024, 4, 15), 'xs': [datetime.date(2023, 1, 1)], 'n': 1}
    """
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, neo4j_time.Date | neo4j_time.DateTime | neo4j_time.Time):
        return value.to_native()
    if isinstance(value, neo4j_time.Duration):
        return value.iso_format()
    if isinstance(value, list):
        if all(isinstance(x, _PLAIN) for x in value):
            return value  # the driver hands out fresh lists: no copy needed
        return [to_python(x) for x in value]
    if isinstance(value, tuple):
        return [to_python(x) for x in value]
    if isinstance(value, dict):
        return {k: to_python(v) for k, v in value.items()}
    return value


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    """Drop internal keys and convert temporal values, in place (the driver hands each record
    a fresh dict); returns ``props``. The hot path of every load: kept flat on purpose."""
    for k in _INTERNAL:
        props.pop(k, None)
    for k, v in props.items():
        t = type(v)
        # Neo4j property lists are homogeneous: the first item tells the type of all
        if t in _FAST or (t is list and (not v or type(v[0]) in _FAST)):
            continue
        props[k] = to_python(v)
    return props


def parse_date(value: dt.date | str | None, *, name: str = "date") -> dt.date | None:
    """Accept a :class:`datetime.date` or an ISO string (``2024``, ``2024-04``, ``2024-04-30``).

    A year or a month means its first day.

    Raises:
        InvalidArgumentError: if the string is not an ISO date.

    Example:
        >>> parse_date("2024-04")
        datetime.date(2024, 4, 1)
    """
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    text = str(value).strip()
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidArgumentError(
            f"{name}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)"
        ) from None


# -- selections --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Selection:
    """Which part of the graph to load; build it with :func:`make_selection`.

    Attributes:
        around: seed entity ids (resolved); empty means the whole graph.
        depth: hops from the seeds (0: the seeds and the facts among them).
        kinds: entity kinds to keep (None: all).
        types: relation types to keep (None: all).
        as_of: keep facts that hold on this day.
        start, end: keep facts that overlap this window (inclusive).
        min_confidence: keep facts at least this confident.
        known_as_of: keep facts recorded by then.
    """

    around: tuple[str, ...] = ()
    depth: int = 1
    kinds: tuple[str, ...] | None = None
    types: tuple[str, ...] | None = None
    as_of: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    min_confidence: float | None = None
    known_as_of: dt.datetime | None = None

    def params(self) -> dict[str, Any]:
        """The Cypher parameters of the fact filter (see :mod:`graph.cypher.subgraph`)."""
        return {
            "as_of": self.as_of,
            "start": self.start,
            "end": self.end,
            "min_confidence": self.min_confidence,
            "known_as_of": self.known_as_of,
            "kinds": list(self.kinds) if self.kinds else None,
        }

    def describe(self) -> dict[str, Any]:
        """The selection as plain data (``G.graph["selection"]``; dates as ISO strings)."""
        out: dict[str, Any] = {"around": list(self.around), "depth": self.depth}
        for name in ("kinds", "types"):
            value = getattr(self, name)
            if value:
                out[name] = list(value)
        for name in ("as_of", "start", "end", "min_confidence", "known_as_of"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.isoformat() if isinstance(value, dt.date) else value
        return out


def make_selection(
    *,
    around: Sequence[str] = (),
    depth: int = 1,
    kinds: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    as_of: dt.date | str | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    min_confidence: float | None = None,
    known_as_of: dt.datetime | dt.date | str | None = None,
) -> Selection:
    """Validate the arguments of a selection (``around`` must already be entity ids).

    Raises:
        InvalidArgumentError: for a negative depth, an unknown kind or relation type, a bad
            date, ``as_of`` together with ``start``/``end``, or ``start`` after ``end``.

    Example:
        >>> sel = make_selection(around=["sam-altman"], depth=2, types=["MET"], as_of="2024-04")
        >>> sel.around, sel.types, sel.as_of
        (('sam-altman',), ('MET',), datetime.date(2024, 4, 1))
    """
    if depth < 0:
        raise InvalidArgumentError(f"depth must be 0 or more, not {depth}")
    try:
        kinds_t = tuple(kind_label(k) for k in kinds) if kinds else None
        types_t = tuple(relation_type(t) for t in types) if types else None
    except ValueError as e:
        raise InvalidArgumentError(str(e)) from None
    as_of_d = parse_date(as_of, name="as_of")
    start_d = parse_date(start, name="start")
    end_d = parse_date(end, name="end")
    if as_of_d is not None and (start_d is not None or end_d is not None):
        raise InvalidArgumentError("give either as_of or a start/end window, not both")
    if start_d is not None and end_d is not None and start_d > end_d:
        raise InvalidArgumentError(f"start {start_d} is after end {end_d}")
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise InvalidArgumentError(f"min_confidence must be within [0, 1], not {min_confidence}")
    known: dt.datetime | None
    if known_as_of is None or isinstance(known_as_of, dt.datetime):
        known = known_as_of
    else:
        day = parse_date(known_as_of, name="known_as_of")
        assert day is not None
        # the whole day counts: recorded before the next midnight (UTC)
        known = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    if known is not None and known.tzinfo is None:
        known = known.replace(tzinfo=dt.UTC)
    return Selection(
        around=tuple(dict.fromkeys(around)), depth=depth, kinds=kinds_t, types=types_t,
        as_of=as_of_d, start=start_d, end=end_d, min_confidence=min_confidence,
        known_as_of=known,
    )


def resolve_entities(store: Store, keys: Sequence[str], *, timeout: float | None = None) -> list[str]:
    """Turn ids, names or aliases (case-insensitive) into entity ids, in the order given.

    An exact id wins; otherwise a case-insensitive id, then name, then alias match. Two
    entities matching at the same level make the key ambiguous.

    Raises:
        NotFoundError: if a key matches no entity.
        AmbiguousEntityError: if a key matches several entities equally well.
    """
    keys = [str(k) for k in keys]
    found: dict[str, str] = {}
    if not keys:
        return []
    for row in store.read(q.RESOLVE_BY_ID, {"keys": keys}, timeout=timeout):
        found[row["key"]] = row["id"]
    rest = [k for k in keys if k not in found]
    if rest:
        best: dict[str, tuple[int, list[str]]] = {}
        for row in store.read(q.RESOLVE_BY_NAME, {"keys": rest}, timeout=timeout):
            level, ids = best.get(row["key"], (row["level"], []))
            if row["level"] == level:
                ids.append(row["id"])
            best[row["key"]] = (level, ids)
        for key in rest:
            if key not in best:
                raise NotFoundError(f"no entity has the id, name or alias {key!r}")
            ids = best[key][1]
            if len(ids) > 1:
                raise AmbiguousEntityError(key, ids)
            found[key] = ids[0]
    return [found[k] for k in keys]


# -- streaming ---------------------------------------------------------------------------


@dataclass(slots=True)
class _EdgeCounter:
    """Counts streamed edges and stops the stream once the limit is passed."""

    limit: int
    what: str
    n: int = 0

    def tick(self) -> None:
        self.n += 1
        if self.n > self.limit:
            raise ResultTooLargeError(
                f"{self.what} has more than {self.limit:,} edges (the limit; default "
                "KG_MAX_SUBGRAPH_EDGES): narrow the selection (around/depth, types, kinds, "
                "as_of) or pass a larger limit"
            )


@dataclass(slots=True)
class StreamCounts:
    """How many nodes and edges a stream delivered."""

    nodes: int = 0
    edges: int = 0


def _expand(store: Store, sel: Selection, timeout: float | None) -> list[str]:
    """Breadth-first expansion from the seeds: the ids within ``sel.depth`` hops, seeds first."""
    seen: dict[str, None] = dict.fromkeys(sel.around)
    frontier = list(sel.around)
    query = q.expand(sel.types)
    params = sel.params()
    for _ in range(sel.depth):
        if not frontier:
            break
        found: list[str] = []

        def on_record(record: neo4j.Record, found: list[str] = found) -> None:
            node_id = record[0]
            if node_id not in seen:
                seen[node_id] = None
                found.append(node_id)

        store.read_each(query, {**params, "frontier": frontier}, on_record, timeout=timeout)
        frontier = found
    return list(seen)


def stream_selection(
    store: Store,
    sel: Selection,
    *,
    on_node: NodeSink,
    on_edge: EdgeSink,
    limit: int,
    timeout: float | None = None,
) -> StreamCounts:
    """Stream the selected nodes, then the selected facts, to ``on_node`` and ``on_edge``.

    Every node is delivered before any edge, and every edge's ends are among the nodes.

    Raises:
        ResultTooLargeError: as soon as more than ``limit`` facts arrive (the query also asks
            the server for at most ``limit + 1`` rows, so nothing more is sent).
    """
    params = sel.params()
    counts = StreamCounts()

    def node_record(record: neo4j.Record) -> None:
        node_id, props, recorded_us = record
        attrs = _clean(props)
        del attrs["id"]  # the key
        if recorded_us is not None:
            attrs["recorded_at"] = recorded_instant(recorded_us)
        on_node(node_id, attrs)
        counts.nodes += 1

    counter = _EdgeCounter(limit, "the selection")

    def edge_record(record: neo4j.Record) -> None:
        source, target, key, rel_type, props, recorded_us, urls = record
        counter.tick()
        attrs = _clean(props)
        if recorded_us is not None:
            attrs["recorded_at"] = recorded_instant(recorded_us)
        attrs["type"] = rel_type
        attrs["source_urls"] = urls
        on_edge(source, target, key, attrs)

    if sel.around:
        ids = _expand(store, sel, timeout)
        store.read_each(q.NODES_BY_ID, {"ids": ids}, node_record, timeout=timeout)
        store.read_each(
            q.edges_among(sel.types), {**params, "ids": ids, "limit": limit + 1},
            edge_record, timeout=timeout,
        )
    else:
        store.read_each(q.NODES_ALL, params, node_record, timeout=timeout)
        store.read_each(
            q.edges_all(sel.types), {**params, "limit": limit + 1}, edge_record, timeout=timeout
        )
    counts.edges = counter.n
    return counts


def load_subgraph(
    store: Store, sel: Selection, *, limit: int, timeout: float | None = None
) -> nx.MultiDiGraph:
    """Load a selection into a new :class:`networkx.MultiDiGraph` (see the module docstring).

    ``G.graph["selection"]`` records the selection as plain data.

    Raises:
        ResultTooLargeError: if the selection has more than ``limit`` facts.
    """
    G = nx.MultiDiGraph(selection=sel.describe())
    on_node, on_edge = graph_sinks(G)
    with collector_paused():
        stream_selection(store, sel, on_node=on_node, on_edge=on_edge, limit=limit, timeout=timeout)
    return G


def graph_sinks(G: nx.MultiDiGraph) -> tuple[NodeSink, EdgeSink]:
    """Sinks that add streamed nodes and edges to ``G``."""
    add_node, add_edge = G.add_node, G.add_edge

    def on_node(key: str, attrs: dict[str, Any]) -> None:
        add_node(key, **attrs)

    def on_edge(source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
        add_edge(source, target, key, **attrs)

    return on_node, on_edge


# -- arbitrary Cypher --------------------------------------------------------------------


def _user_query(query: str) -> LiteralString:
    # The analyst's own query: it runs in a READ transaction, so the server refuses writes;
    # values still travel as parameters.
    return cast(LiteralString, query)


def run_cypher(
    store: Store,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    limit: int,
    timeout: float | None = None,
) -> list[dict[str, Any]]:
    """Run a read-only query; return its rows as dicts of plain Python values.

    Nodes become dicts of their properties, relationships ``(start, type, end)`` tuples,
    paths lists (the driver's ``Record.data()``), temporal values as in :func:`to_python`.

    Raises:
        ReadOnlyViolationError: if the query writes (the server refuses it).
        QueryError: if the server rejects the query (the message gives the position).
        ResultTooLargeError: if it returns more than ``limit`` rows.
    """
    rows: list[dict[str, Any]] = []

    def on_record(record: neo4j.Record) -> None:
        if len(rows) >= limit:
            raise ResultTooLargeError(
                f"the query returned more than {limit:,} rows: add a LIMIT or pass a larger limit"
            )
        rows.append(to_python(record.data()))

    store.read_each(_user_query(query), params or {}, on_record, timeout=timeout)
    return rows


@dataclass(slots=True)
class _PathCollector:
    """Gathers the nodes and relationships found in query results (deduplicated)."""

    counter: _EdgeCounter
    nodes: dict[str, tuple[list[str], dict[str, Any]] | None] = field(default_factory=dict)
    rels: dict[str, tuple[str, str, str, dict[str, Any]]] = field(default_factory=dict)

    def node(self, n: neo4j_graph.Node) -> None:
        if n.labels or len(n):
            self.nodes[n.element_id] = (sorted(n.labels), _clean(dict(n)))
        else:  # an endpoint of a bare relationship: properties fetched afterwards
            self.nodes.setdefault(n.element_id, None)

    def rel(self, r: neo4j_graph.Relationship) -> None:
        if r.element_id in self.rels:
            return
        start, end = r.start_node, r.end_node
        if start is None or end is None:  # pragma: no cover - the driver always sets both
            return
        self.counter.tick()
        self.node(start)
        self.node(end)
        self.rels[r.element_id] = (start.element_id, end.element_id, r.type, _clean(dict(r)))

    def walk(self, value: Any) -> None:
        if isinstance(value, neo4j_graph.Path):
            for n in value.nodes:
                self.node(n)
            for r in value.relationships:
                self.rel(r)
        elif isinstance(value, neo4j_graph.Relationship):
            self.rel(value)
        elif isinstance(value, neo4j_graph.Node):
            self.node(value)
        elif isinstance(value, list | tuple):
            for v in value:
                self.walk(v)
        elif isinstance(value, dict):
            for v in value.values():
                self.walk(v)


def load_cypher_subgraph(
    store: Store,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    limit: int,
    timeout: float | None = None,
) -> nx.MultiDiGraph:
    """Build a graph from the paths, relationships and nodes a read-only query returns.

    Nodes and edges get the same keys and attributes as :func:`load_subgraph` (a node
    without an ``id`` property is keyed by its element id; its ``kind`` defaults to its first
    label). Endpoints of bare relationships and source URLs are fetched afterwards, in one
    query each.

    Raises:
        ReadOnlyViolationError, QueryError: as :func:`run_cypher`.
        ResultTooLargeError: if the results hold more than ``limit`` distinct relationships.
    """
    collector = _PathCollector(_EdgeCounter(limit, "the query's result"))

    def on_record(record: neo4j.Record) -> None:
        for value in record.values():
            collector.walk(value)

    store.read_each(_user_query(query), params or {}, on_record, timeout=timeout)

    missing = [eid for eid, info in collector.nodes.items() if info is None]
    if missing:
        for row in store.read(q.NODES_BY_ELEMENT_ID, {"eids": missing}, timeout=timeout):
            collector.nodes[row["eid"]] = (row["labels"], _clean(row["props"]))
    source_ids = sorted({s for *_, props in collector.rels.values()
                         for s in props.get("source_ids") or ()})
    urls: dict[str, str] = {}
    if source_ids:
        urls = {r["id"]: r["url"] for r in store.read(q.SOURCE_URLS, {"ids": source_ids},
                                                      timeout=timeout)}

    G = nx.MultiDiGraph(selection={"cypher": query})
    keys: dict[str, str] = {}
    for eid, info in collector.nodes.items():
        labels, props = info or ([], {})
        key = str(props.pop("id", eid))
        keys[eid] = key
        if "kind" not in props and labels:
            props["kind"] = next((lb for lb in labels if lb != "Entity"), labels[0])
        G.add_node(key, **props)
    for eid, (start, end, rel_type, props) in collector.rels.items():
        props["type"] = rel_type
        props["source_urls"] = [urls.get(s) for s in props.get("source_ids") or ()]
        G.add_edge(keys[start], keys[end], str(props.get("fact_id", eid)), **props)
    return G
