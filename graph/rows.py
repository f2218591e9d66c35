"""Rows: the plain dataclasses :mod:`graph.reads` returns, and the mappers that build them.

A row is built from the map a read query returns (``properties(n)`` through
:func:`graph.cypher.reads.props`, or :data:`graph.cypher.reads.FACT_MAP`); the store's
bookkeeping properties (content hashes, search text, fact and conflict keys) are left out.

Example:
    >>> from graph.rows import entity_row
    >>> row = entity_row({"id": "openai", "kind": "Company", "name": "OpenAI", "aliases": [],
    ...                   "country": "US", "content_hash": "x", "recorded_at": 1700000000000000})
    >>> row.name, dict(row.props), row.recorded_at.isoformat()
    ('OpenAI', {'country': 'US'}, '2023-11-14T22:13:20+00:00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from neo4j.time import Date, DateTime, Duration, Time

__all__ = [
    "EntityRow",
    "FactRow",
    "NeighborRow",
    "Page",
    "PathRow",
    "SourceRow",
    "StatsRow",
    "TimelineRow",
    "entity_row",
    "fact_row",
    "recorded_instant",
    "source_row",
    "timeline_row",
]

T = TypeVar("T")

# Bookkeeping properties of the store that are not part of the data.
_INTERNAL = frozenset({"content_hash", "aliases_text", "fact_key", "conflict_key"})
_ENTITY_FIXED = frozenset({"id", "kind", "name", "aliases", "recorded_at"})
_FACT_FIXED = frozenset({
    "fact_id", "date", "date_precision", "valid_from", "valid_from_precision", "valid_to",
    "valid_to_precision", "confidence", "status", "source_ids", "quotes", "recorded_at",
    "conflict", "conflicts_with",
})


# -- rows ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity: its id, kind, name, aliases and kind-specific properties."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    props: Mapping[str, Any]
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A source (an article, a page) that facts rest on."""

    id: str
    url: str | None
    title: str | None
    publisher: str | None
    published: dt.date | None


@dataclass(frozen=True, slots=True)
class FactRow:
    """A fact (a relationship) with both ends and its time, trust and provenance."""

    fact_id: str
    type: str
    subject: EntityRow
    object: EntityRow
    date: dt.date | None
    date_precision: str | None
    valid_from: dt.date | None
    valid_from_precision: str | None
    valid_to: dt.date | None
    valid_to_precision: str | None
    confidence: float | None
    status: str | None
    source_ids: tuple[str, ...]
    quotes: tuple[str | None, ...]
    recorded_at: dt.datetime | None
    conflict: bool
    conflicts_with: tuple[str, ...]
    props: Mapping[str, Any]
    """The relation's own properties (role, amount, currency, place, ...)."""


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One point of an entity's timeline: a fact HAPPENED, STARTED or ENDED on ``at``."""

    at: dt.date
    precision: str | None
    change: str
    fact: FactRow


@dataclass(frozen=True, slots=True)
class NeighborRow:
    """An entity within some hops of an anchor, with its distance in hops."""

    entity: EntityRow
    distance: int


@dataclass(frozen=True, slots=True)
class PathRow:
    """A path: the entities along it in order, and the fact of each hop."""

    nodes: tuple[EntityRow, ...]
    facts: tuple[FactRow, ...]


@dataclass(frozen=True, slots=True)
class StatsRow:
    """Counts by entity kind and relation type (every kind and type listed, zeros included)."""

    kinds: dict[str, int]
    relations: dict[str, int]
    sources: int
    conflicts: int


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a keyset-paginated list: the items, their sort keys, and whether more exist."""

    items: list[T] = field(default_factory=list)
    keys: list[Any] = field(default_factory=list)
    has_next: bool = False


# -- mapping ------------------------------------------------------------------------------------


def _native(value: Any) -> Any:
    """Neo4j temporal values to Python ones (lists and maps recursively)."""
    if isinstance(value, (Date, DateTime, Time)):
        return value.to_native()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    return value


def _date(value: Any) -> dt.date | None:
    value = _native(value)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        parts = value.split("-")
        try:
            return dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                           int(parts[2][:2]) if len(parts) > 2 else 1)
        except (ValueError, IndexError):
            return None
    return None


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def recorded_instant(us: int) -> dt.datetime:
    """The instant (UTC) of ``us`` microseconds since the epoch, as :func:`graph.cypher.core.recorded_us` sends it.

    Example:
        >>> recorded_instant(1700000000000001).isoformat()
        '2023-11-14T22:13:20.000001+00:00'
    """
    return _EPOCH + dt.timedelta(microseconds=us)


def _datetime(value: Any) -> dt.datetime | None:
    """A stored instant: microseconds since the epoch (see :func:`recorded_instant`) or a DateTime."""
    if value.__class__ is int:
        return recorded_instant(value)
    value = _native(value)
    return value if isinstance(value, dt.datetime) else None


_PLAIN = frozenset({str, int, float, bool})
_ENTITY_SKIP = _ENTITY_FIXED | _INTERNAL


def entity_row(props: Mapping[str, Any]) -> EntityRow:
    """Map a node's properties to an :class:`EntityRow`."""
    # On the path of every page of entities: plain values (nearly all) skip _native.
    extra = {k: v if v.__class__ in _PLAIN else _native(v) for k, v in props.items()
             if v is not None and k not in _ENTITY_SKIP}
    return EntityRow(
        id=props["id"],
        kind=props.get("kind") or "",
        name=props.get("name") or props["id"],
        aliases=tuple(props.get("aliases") or ()),
        props=extra,
        recorded_at=_datetime(props.get("recorded_at")),
    )


def source_row(props: Mapping[str, Any]) -> SourceRow:
    """Map a source node's properties to a :class:`SourceRow`."""
    return SourceRow(
        id=props["id"],
        url=props.get("url"),
        title=props.get("title"),
        publisher=props.get("publisher"),
        published=_date(props.get("published")),
    )


def fact_row(fact: Mapping[str, Any]) -> FactRow:
    """Map a :data:`graph.cypher.reads.FACT_MAP` to a :class:`FactRow`."""
    p = fact["props"]
    conflicts_with = p.get("conflicts_with") or []
    if isinstance(conflicts_with, str):
        conflicts_with = [conflicts_with]
    conflict = p.get("conflict")
    return FactRow(
        fact_id=p.get("fact_id") or "",
        type=fact["type"],
        subject=entity_row(fact["subject"]),
        object=entity_row(fact["object"]),
        date=_date(p.get("date")),
        date_precision=p.get("date_precision"),
        valid_from=_date(p.get("valid_from")),
        valid_from_precision=p.get("valid_from_precision"),
        valid_to=_date(p.get("valid_to")),
        valid_to_precision=p.get("valid_to_precision"),
        confidence=p.get("confidence"),
        status=p.get("status"),
        source_ids=tuple(p.get("source_ids") or ()),
        quotes=tuple(p.get("quotes") or ()),
        recorded_at=_datetime(p.get("recorded_at")),
        conflict=bool(conflict) or bool(conflicts_with),
        conflicts_with=tuple(str(c) for c in conflicts_with),
        props={k: _native(v) for k, v in p.items()
               if k not in _FACT_FIXED and k not in _INTERNAL and v is not None},
    )


def timeline_row(row: Mapping[str, Any]) -> TimelineRow | None:
    """Map a timeline query row ``{fact, at, change, precision}`` (None when ``at`` is no date)."""
    at = _date(row["at"])
    if at is None:
        return None
    return TimelineRow(at=at, precision=row["precision"], change=row["change"], fact=fact_row(row["fact"]))
