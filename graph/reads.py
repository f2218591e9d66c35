"""Read functions over the store, returning the rows of :mod:`graph.rows` (used by the GraphQL API).

Each function is one round trip, described by a :class:`graph.store.Read` (statement, parameters,
mapping of the rows): ``fn(store, ...)`` runs it on a :class:`Store` and ``fn.read(...)`` is the
read itself, which :class:`graph.async_store.AsyncStore` runs on an event loop (the API does).
Arguments are checked when the read is built, before any round trip. The ``*_many`` functions
answer for many anchors at once (the API's DataLoaders call them with every key of a request), so
a list of 50 entities with their relationships costs one query for the relationships, not 50.

Pagination is keyset: a paged function takes ``after`` (the sort key of the last row already
seen, or None) and ``limit``; it fetches ``limit + 1`` rows and reports whether more exist.

Example:
    >>> from graph.reads import lucene_query
    >>> lucene_query('Sam "Altman" (CEO)')
    '(sam^2 OR sam*) AND (\\\\"altman\\\\"^2 OR \\\\"altman\\\\"*) AND (\\\\(ceo\\\\)^2 OR \\\\(ceo\\\\)*)'
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, LiteralString, ParamSpec, TypeVar

from graph.cypher import reads as q
from graph.errors import AmbiguousEntityError, InvalidArgumentError
from graph.rows import (
    EntityRow,
    FactRow,
    NeighborRow,
    Page,
    PathRow,
    SourceRow,
    StatsRow,
    TimelineRow,
    entity_row,
    fact_row,
    source_row,
    timeline_row,
)
from graph.schema import KINDS, RELATIONS
from graph.store import Read, Store

__all__ = [
    "Anchor",
    "FactFilter",
    "ReadFunction",
    "conflicts",
    "entities",
    "entities_by_ids",
    "entity_by_name",
    "entity_relationships_many",
    "entity_sources_many",
    "entity_timeline_many",
    "facts_by_ids",
    "lucene_query",
    "most_connected",
    "neighbors_many",
    "relationships",
    "search",
    "shortest_paths",
    "sources_by_ids",
    "stats",
]

T = TypeVar("T")
P = ParamSpec("P")
Direction = Literal["OUT", "IN", "BOTH"]


@dataclass(frozen=True, slots=True)
class FactFilter:
    """Which facts to keep; hashable, so DataLoaders can group keys that share a filter.

    Attributes:
        types: relation types to keep (None: all).
        direction: OUT (the anchor is the subject), IN, or BOTH; anchored queries only.
        as_of: keep facts that held on this day.
        date_from, date_to: keep events dated in the range and states overlapping it.
        with_amount: keep facts with an ``amount``.
    """

    types: tuple[str, ...] | None = None
    direction: Direction = "BOTH"
    as_of: dt.date | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    with_amount: bool = False

    def params(self) -> dict[str, Any]:
        """The :data:`graph.cypher.reads.FACT_FILTER` parameters."""
        if self.types is not None:
            unknown = set(self.types) - set(RELATIONS)
            if unknown:
                raise InvalidArgumentError(f"unknown relation types: {sorted(unknown)}")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise InvalidArgumentError(f"from ({self.date_from}) is after to ({self.date_to})")
        return {
            "types": list(self.types) if self.types is not None else None,
            "direction": self.direction,
            "asOf": self.as_of,
            "from": self.date_from,
            "to": self.date_to,
            "datedOnly": False,
            "withAmount": self.with_amount,
        }


class ReadFunction(Generic[P, T]):
    """A read of this module: ``fn(store, *args)`` runs it on a :class:`Store`; ``fn.read(*args)`` is
    its :class:`Read`, for any store (:class:`graph.async_store.AsyncStore` among them).

    Example:
        >>> r = entities_by_ids.read([])
        >>> r.query is None, r.answer([])    # no ids: no round trip
        (True, {})
    """

    def __init__(self, build: Callable[P, Read[T]]) -> None:
        self.read = build
        functools.update_wrapper(self, build)

    def __call__(self, store: Store, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return store.fetch(self.read(*args, **kwargs))


def _listed(
    query: LiteralString,
    params: dict[str, Any],
    timeout: float | None,
    answer: Callable[[list[dict[str, Any]]], T],
) -> Read[T]:
    """The read of a statement built with :func:`graph.cypher.core.one_record`: ``answer`` gets the
    rows its one record carries."""
    return Read(query, params, lambda records: answer(records[0]["rows"] if records else []), timeout)


def _nothing(value: T) -> Read[T]:
    """A read answered without a round trip."""
    return Read(None, {}, lambda _: value)


def _page(rows: list[T], keys: list[Any], limit: int) -> Page[T]:
    return Page(items=rows[:limit], keys=keys[:limit], has_next=len(rows) > limit)


def _check_limit(limit: int) -> None:
    if limit < 0:
        raise InvalidArgumentError(f"a page size cannot be negative ({limit})")


# -- entities -----------------------------------------------------------------------------------


@ReadFunction
def entities_by_ids(ids: Sequence[str], *, timeout: float | None = None) -> Read[dict[str, EntityRow]]:
    """The entities of ``ids`` that exist, by id (one round trip).

    Example:
        >>> entities_by_ids(store, ["openai"])["openai"].name    # doctest: +SKIP
        'OpenAI'
    """
    if not ids:
        return _nothing({})
    return _listed(q.ENTITIES_BY_IDS, {"ids": list(dict.fromkeys(ids))}, timeout,
                   lambda rows: {r["id"]: entity_row(r["entity"]) for r in rows})


@ReadFunction
def entity_by_name(name: str, *, timeout: float | None = None) -> Read[EntityRow | None]:
    """The entity whose name or an alias is ``name`` (ignoring case), or None.

    An exact (case-sensitive) name match wins over alias and case-insensitive matches.

    Raises:
        AmbiguousEntityError: if several entities match equally well.
    """
    def answer(rows: list[dict[str, Any]]) -> EntityRow | None:
        exact = [r for r in rows if r["exact"]]
        best = exact if exact else rows
        if not best:
            return None
        if len(best) > 1:
            raise AmbiguousEntityError(name, [r["entity"]["id"] for r in best])
        return entity_row(best[0]["entity"])

    return Read(q.ENTITIES_BY_NAME, {"name": name}, answer, timeout)


@ReadFunction
def entities(
    *,
    kind: str | None = None,
    country: str | None = None,
    after: str | None = None,
    limit: int,
    timeout: float | None = None,
) -> Read[Page[EntityRow]]:
    """One page of entities in id order, optionally of one kind and one country."""
    _check_limit(limit)
    if kind is not None and kind not in KINDS:
        raise InvalidArgumentError(f"unknown entity kind {kind!r}")

    def answer(rows: list[dict[str, Any]]) -> Page[EntityRow]:
        items = [entity_row(r["entity"]) for r in rows]
        return _page(items, [e.id for e in items], limit)

    return _listed(q.ENTITIES_PAGE, {"kind": kind, "country": country, "after": after, "limit": limit + 1},
                   timeout, answer)


_LUCENE_SPECIAL = re.compile(r'([+\-!(){}\[\]^"~*?:\\/&|])')


def lucene_query(text: str) -> str:
    """Turn user text into a safe Lucene query for the ``entity_names`` index.

    Every Lucene operator character is escaped, so the text is only ever words: each word must
    match a name or alias token exactly (boosted) or as a prefix. Lower-cased because prefix
    terms are not analysed.

    Raises:
        InvalidArgumentError: if the text holds no word.
    """
    words = [w for w in text.lower().split() if w.strip()]
    if not words:
        raise InvalidArgumentError("search text is empty")
    if len(words) > 16:
        raise InvalidArgumentError("search text has more than 16 words")
    terms = []
    for word in words:
        escaped = _LUCENE_SPECIAL.sub(r"\\\1", word)
        terms.append(f"({escaped}^2 OR {escaped}*)")
    return " AND ".join(terms)


@ReadFunction
def search(
    text: str,
    *,
    kinds: Sequence[str] | None = None,
    after: tuple[float, str] | None = None,
    limit: int,
    timeout: float | None = None,
) -> Read[Page[tuple[EntityRow, float]]]:
    """Full-text search over names and aliases, best match first; keys are ``(score, id)``."""
    _check_limit(limit)
    params = {
        "q": lucene_query(text),
        "kinds": list(kinds) if kinds is not None else None,
        "afterScore": after[0] if after else None,
        "afterId": after[1] if after else None,
        "limit": limit + 1,
    }

    def answer(rows: list[dict[str, Any]]) -> Page[tuple[EntityRow, float]]:
        items = [(entity_row(r["entity"]), float(r["score"])) for r in rows]
        return _page(items, [(score, e.id) for e, score in items], limit)

    return _listed(q.SEARCH_ENTITIES, params, timeout, answer)


# -- facts --------------------------------------------------------------------------------------


@ReadFunction
def sources_by_ids(ids: Sequence[str], *, timeout: float | None = None) -> Read[dict[str, SourceRow]]:
    """The sources of ``ids`` that exist, by id (one round trip)."""
    if not ids:
        return _nothing({})
    return _listed(q.SOURCES_BY_IDS, {"ids": list(dict.fromkeys(ids))}, timeout,
                   lambda rows: {r["id"]: source_row(r["source"]) for r in rows})


@ReadFunction
def facts_by_ids(ids: Sequence[str], *, timeout: float | None = None) -> Read[dict[str, FactRow]]:
    """The facts of ``ids`` (fact ids) that exist, by id (one round trip)."""
    if not ids:
        return _nothing({})
    return _listed(q.facts_by_ids(), {"ids": list(dict.fromkeys(ids))}, timeout,
                   lambda rows: {r["id"]: fact_row(r["fact"]) for r in rows})


Anchor = tuple[str, str | None]
"""An anchored page request: (entity id, cursor key or None)."""


def _anchored(
    query: LiteralString,
    params: dict[str, Any],
    anchors: Sequence[Anchor],
    limit: int,
    timeout: float | None,
    make: Callable[[dict[str, Any]], T | None],
) -> Read[dict[Anchor, Page[T]]]:
    """A per-anchor paged query for every anchor at once, its rows split into pages."""
    _check_limit(limit)
    unique = list(dict.fromkeys(anchors))

    def answer(rows: list[dict[str, Any]]) -> dict[Anchor, Page[T]]:
        grouped: dict[Anchor, tuple[list[T], list[Any]]] = {a: ([], []) for a in unique}
        for r in rows:
            item = make(r)
            bucket = grouped.get((r["id"], r["after"]))
            if item is not None and bucket is not None:
                bucket[0].append(item)
                bucket[1].append(r["key"])
        return {a: _page(items, keys, limit) for a, (items, keys) in grouped.items()}

    if not unique:
        return _nothing({})
    params = {**params, "rows": [{"id": a, "after": k} for a, k in unique], "limit": limit + 1}
    return _listed(query, params, timeout, answer)


@ReadFunction
def entity_relationships_many(
    anchors: Sequence[Anchor],
    *,
    filter: FactFilter,
    limit: int,
    timeout: float | None = None,
) -> Read[dict[Anchor, Page[FactRow]]]:
    """For each ``(entity id, after)`` of ``anchors``, one page of the facts touching it.

    All anchors share ``filter`` and ``limit`` and are answered in one round trip.
    """
    return _anchored(q.ENTITY_RELATIONSHIPS_PAGE, filter.params(), anchors, limit, timeout,
                     lambda r: fact_row(r["fact"]))


@ReadFunction
def entity_timeline_many(
    anchors: Sequence[Anchor],
    *,
    types: Sequence[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int,
    timeout: float | None = None,
) -> Read[dict[Anchor, Page[TimelineRow]]]:
    """For each ``(entity id, after)`` of ``anchors``, one page of its timeline (oldest first).

    Each dated fact appears once per point in time: an event when it HAPPENED, a state when it
    STARTED and (if it did) ENDED; only points within ``[date_from, date_to]``.
    """
    params = FactFilter(types=tuple(types) if types is not None else None,
                        date_from=date_from, date_to=date_to).params()
    return _anchored(q.ENTITY_TIMELINE_PAGE, params, anchors, limit, timeout, timeline_row)


@ReadFunction
def entity_sources_many(
    ids: Sequence[str], *, limit: int, timeout: float | None = None
) -> Read[dict[str, list[SourceRow]]]:
    """For each entity of ``ids``, the sources of its facts (newest first, at most ``limit``)."""
    _check_limit(limit)

    def answer(rows: list[dict[str, Any]]) -> dict[str, list[SourceRow]]:
        out: dict[str, list[SourceRow]] = {i: [] for i in ids}
        for r in rows:
            out[r["id"]].append(source_row(r["source"]))
        return out

    if not ids:
        return _nothing(answer([]))
    return _listed(q.ENTITY_SOURCES, {"ids": list(dict.fromkeys(ids)), "limit": limit}, timeout, answer)


@ReadFunction
def neighbors_many(
    anchors: Sequence[Anchor],
    *,
    depth: int,
    filter: FactFilter,
    limit: int,
    timeout: float | None = None,
) -> Read[dict[Anchor, Page[NeighborRow]]]:
    """For each ``(entity id, after)``, one page of the entities within ``depth`` hops.

    Every hop must pass ``filter`` (its ``direction`` is ignored). Nearest first, then by id.
    """
    if not 1 <= depth <= q.MAX_HOPS:
        raise InvalidArgumentError(f"depth must be between 1 and {q.MAX_HOPS}, not {depth}")
    return _anchored(q.neighbors_page(depth), filter.params(), anchors, limit, timeout,
                     lambda r: NeighborRow(entity=entity_row(r["entity"]), distance=int(r["distance"])))


@ReadFunction
def relationships(
    *,
    relation: str | None = None,
    between: Sequence[str] | None = None,
    filter: FactFilter | None = None,
    after: str | None = None,
    limit: int,
    timeout: float | None = None,
) -> Read[Page[FactRow]]:
    """One page of facts across the graph (time order, undated last).

    Args:
        relation: only facts of this type.
        between: one entity id (facts touching it) or several (facts joining two of them).
        filter: time, amount and type filters (``direction`` is ignored).
    """
    _check_limit(limit)
    if relation is not None and relation not in RELATIONS:
        raise InvalidArgumentError(f"unknown relation type {relation!r}")
    if between is not None and not between:
        raise InvalidArgumentError("between needs at least one entity id")
    params = {**(filter or FactFilter()).params(), "after": after, "limit": limit + 1}
    if between:
        query = q.relationships_between(relation)
        params["between"] = list(dict.fromkeys(between))
    else:
        query = q.relationships_page(relation)
    return _listed(query, params, timeout, lambda rows: _facts_page(rows, limit))


def _facts_page(rows: list[dict[str, Any]], limit: int) -> Page[FactRow]:
    return _page([fact_row(r["fact"]) for r in rows], [r["key"] for r in rows], limit)


@ReadFunction
def shortest_paths(
    from_id: str,
    to_id: str,
    *,
    max_hops: int,
    filter: FactFilter | None = None,
    limit: int = 10,
    timeout: float | None = None,
) -> Read[list[PathRow]]:
    """The shortest paths (all of the shortest length, up to ``limit``) between two entities.

    Raises:
        InvalidArgumentError: if both ends are the same or ``max_hops`` is out of range.
    """
    if from_id == to_id:
        raise InvalidArgumentError("a path needs two different entities")
    if not 1 <= max_hops <= q.MAX_HOPS:
        raise InvalidArgumentError(f"maxHops must be between 1 and {q.MAX_HOPS}, not {max_hops}")
    _check_limit(limit)
    params = {**(filter or FactFilter()).params(), "fromId": from_id, "toId": to_id, "limit": limit}

    def answer(rows: list[dict[str, Any]]) -> list[PathRow]:
        paths = [
            PathRow(nodes=tuple(entity_row(n) for n in r["nodes"]),
                    facts=tuple(fact_row(f) for f in r["facts"]))
            for r in rows
        ]
        # Stable order: by the ids along the path.
        paths.sort(key=lambda p: [n.id for n in p.nodes])
        return paths

    return _listed(q.shortest_paths(max_hops), params, timeout, answer)


@ReadFunction
def conflicts(*, after: str | None = None, limit: int, timeout: float | None = None) -> Read[Page[FactRow]]:
    """One page of facts whose sources disagree (flagged ``conflict`` by ingest), by fact id."""
    _check_limit(limit)
    return _listed(q.CONFLICTS_PAGE, {"after": after, "limit": limit + 1}, timeout,
                   lambda rows: _facts_page(rows, limit))


@ReadFunction
def most_connected(*, limit: int = 10, timeout: float | None = None) -> Read[list[tuple[str, int]]]:
    """The ``limit`` entities with the most facts, as (id, number of facts), most first."""
    _check_limit(limit)
    return Read(q.MOST_CONNECTED, {"limit": limit}, lambda rows: [(r["id"], r["degree"]) for r in rows], timeout)


@ReadFunction
def stats(*, timeout: float | None = None) -> Read[StatsRow]:
    """Counts of entities by kind and facts by relation type (all of the schema's, zeros too)."""
    return Read(q.STATS, {}, lambda rows: _stats(rows[0]), timeout)


def _stats(row: dict[str, Any]) -> StatsRow:
    kinds = dict.fromkeys(KINDS, 0)
    for item in row["kinds"]:
        if item["key"] is not None:
            kinds[item["key"]] = item["count"]
    relations = dict.fromkeys(RELATIONS, 0)
    for item in row["relations"]:
        relations[item["key"]] = item["count"]
    return StatsRow(kinds=kinds, relations=relations, sources=row["sources"], conflicts=row["conflicts"])
