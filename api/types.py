"""The GraphQL object types: entities, facts, sources and what is built from them.

Each type is built from a :mod:`graph.rows` row (``from_row``); fields that need the database
(an entity's relationships, a fact's sources) ask the request's DataLoaders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.context import Context
from api.enums import DatePrecision, Direction, EntityKind, FactStatus, RelationType, TimelineChange
from api.loaders import NeighborsKey, RelationshipsKey, SourcesKey, TimelineKey
from api.pagination import Connection, connection, decode_cursor, page_size
from graph.reads import FactFilter
from graph.rows import EntityRow, FactRow, NeighborRow, PathRow, SourceRow, TimelineRow

__all__ = [
    "Entity",
    "Fact",
    "FactSource",
    "Hop",
    "Neighbor",
    "Path",
    "SearchResult",
    "Source",
    "TimelineEntry",
    "fact_filter",
]

Info = strawberry.Info[Context, None]

DateFrom = Annotated[dt.date | None, strawberry.argument(name="from", description="Start of a date range (inclusive).")]
DateTo = Annotated[dt.date | None, strawberry.argument(name="to", description="End of a date range (inclusive).")]
AsOf = Annotated[dt.date | None, strawberry.argument(
    description="Only facts that held on this day: events dated on or before it, states valid then.")]
Types = Annotated[list[RelationType] | None, strawberry.argument(description="Only facts of these types.")]  # type: ignore[valid-type]
First = Annotated[int | None, strawberry.argument(description="Page size (at most the server's KG_MAX_PAGE_SIZE).")]
After = Annotated[str | None, strawberry.argument(description="The endCursor of the previous page.")]


def _json_safe(props: Mapping[str, Any]) -> dict[str, Any]:
    """The properties sorted by name, dates as ISO strings."""
    return {k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in sorted(props.items())}


def _partial(value: dt.date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


# Enum members by value: a dict lookup is several times cheaper than Enum(value), and every
# entity and fact of a page goes through these.
_KINDS: dict[str, Any] = {k.value: k for k in EntityKind}  # type: ignore[attr-defined]
_RELATIONS: dict[str, Any] = {r.value: r for r in RelationType}  # type: ignore[attr-defined]
_PRECISIONS: dict[str, Any] = {p.value: p for p in DatePrecision}  # type: ignore[attr-defined]
_STATUSES: dict[str, Any] = {s.value: s for s in FactStatus}  # type: ignore[attr-defined]


def _precision(value: str | None) -> DatePrecision | None:  # type: ignore[valid-type]
    return _PRECISIONS.get(value) if value else None


def fact_filter(
    *,
    types: list[Any] | None = None,
    direction: Direction = Direction.BOTH,
    as_of: dt.date | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    with_amount: bool = False,
) -> FactFilter:
    """A :class:`graph.reads.FactFilter` from GraphQL arguments."""
    return FactFilter(
        types=tuple(sorted(t.value for t in types)) if types is not None else None,
        direction=direction.value,
        as_of=as_of,
        date_from=date_from,
        date_to=date_to,
        with_amount=with_amount,
    )


@strawberry.type(description="A source a fact rests on: the public page that reports it.")
class Source:
    id: strawberry.ID
    url: str | None
    title: str | None
    publisher: str | None
    published: dt.date | None

    @classmethod
    def from_row(cls, row: SourceRow) -> Source:
        return cls(id=strawberry.ID(row.id), url=row.url, title=row.title, publisher=row.publisher,
                   published=row.published)


@strawberry.type(description="A source of one fact, with the sentence of it the fact rests on.")
class FactSource:
    id: strawberry.ID
    url: str | None
    title: str | None
    publisher: str | None
    published: dt.date | None
    quote: str | None = strawberry.field(description="The sentence (or the curator's statement) behind the fact.")


@strawberry.type(description="A company, person, government, agency, organisation, place, product or event.")
class Entity:
    id: strawberry.ID
    kind: EntityKind  # type: ignore[valid-type]
    name: str
    aliases: list[str]
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2 code.")
    description: str | None
    website: str | None
    wikidata: str | None = strawberry.field(description="Wikidata QID.")
    recorded_at: dt.datetime | None = strawberry.field(description="When the graph first recorded it.")
    row: strawberry.Private[EntityRow]

    @classmethod
    def from_row(cls, row: EntityRow) -> Entity:
        p = row.props
        return cls(id=strawberry.ID(row.id), kind=_KINDS[row.kind], name=row.name, aliases=list(row.aliases),
                   country=p.get("country"), description=p.get("description"), website=p.get("website"),
                   wikidata=p.get("wikidata"), recorded_at=row.recorded_at, row=row)

    @strawberry.field(description="Every property of the entity besides id, kind, name and aliases.")
    def properties(self) -> JSON:
        return _json_safe(self.row.props)

    @strawberry.field(description="Its facts (both directions by default), oldest first, undated last.")
    async def relationships(
        self,
        info: Info,
        types: Types = None,
        direction: Direction = Direction.BOTH,
        as_of: AsOf = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        with_amount: Annotated[bool, strawberry.argument(description="Only facts with an amount.")] = False,
        first: First = None,
        after: After = None,
    ) -> Connection[Fact]:
        key = RelationshipsKey(
            entity_id=self.row.id,
            after=decode_cursor(after, "facts"),
            filter=fact_filter(types=types, direction=direction, as_of=as_of, date_from=date_from,
                               date_to=date_to, with_amount=with_amount),
            limit=page_size(first, info.context.settings),
        )
        page = await info.context.loaders.relationships.load(key)
        return connection(page, "facts", lambda f: Fact.from_row(f, anchor=self.row.id))

    @strawberry.field(description="Entities within `depth` hops (every hop passing the filters), nearest first.")
    async def neighbors(
        self,
        info: Info,
        types: Types = None,
        depth: Annotated[int, strawberry.argument(description="Hops, 1 to 6.")] = 1,
        as_of: AsOf = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Neighbor]:
        key = NeighborsKey(
            entity_id=self.row.id,
            after=decode_cursor(after, "neighbors"),
            depth=depth,
            filter=fact_filter(types=types, as_of=as_of),
            limit=page_size(first, info.context.settings),
        )
        page = await info.context.loaders.neighbors.load(key)
        return connection(page, "neighbors", Neighbor.from_row)

    @strawberry.field(description="Its dated facts as points in time (happened, started, ended), oldest first.")
    async def timeline(
        self,
        info: Info,
        types: Types = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        first: First = None,
        after: After = None,
    ) -> Connection[TimelineEntry]:
        key = TimelineKey(
            entity_id=self.row.id,
            after=decode_cursor(after, "timeline"),
            types=tuple(sorted(t.value for t in types)) if types is not None else None,
            date_from=date_from,
            date_to=date_to,
            limit=page_size(first, info.context.settings),
        )
        page = await info.context.loaders.timeline.load(key)
        return connection(page, "timeline", lambda t: TimelineEntry.from_row(t, anchor=self.row.id))

    @strawberry.field(description="The sources of its facts, newest first.")
    async def sources(self, info: Info, first: First = None) -> list[Source]:
        key = SourcesKey(entity_id=self.row.id, limit=page_size(first, info.context.settings, default=50))
        return [Source.from_row(s) for s in await info.context.loaders.entity_sources.load(key)]


@strawberry.type(description="A fact: subject -[type]-> object, with its time, trust and sources.")
class Fact:
    id: strawberry.ID = strawberry.field(description="The fact id (stable across re-ingests).")
    type: RelationType  # type: ignore[valid-type]
    subject: Entity
    object: Entity
    other: Entity | None = strawberry.field(
        description="The end that is not the entity this fact was reached from (null at the top level).")
    direction: Direction | None = strawberry.field(
        description="OUT when the entity it was reached from is the subject, IN when it is the object.")
    date: dt.date | None = strawberry.field(description="When an event happened (first day of its period).")
    date_precision: DatePrecision | None  # type: ignore[valid-type]
    valid_from: dt.date | None = strawberry.field(description="When a state began.")
    valid_from_precision: DatePrecision | None  # type: ignore[valid-type]
    valid_to: dt.date | None = strawberry.field(description="When a state ended (null: still holds).")
    valid_to_precision: DatePrecision | None  # type: ignore[valid-type]
    when: str | None = strawberry.field(
        description="Its time as text, to its precision: 2023-04-10, since 2024-04, 2021-10-04 to 2024-10-01.")
    role: str | None
    place: str | None
    amount: float | None = strawberry.field(description="In units of `currency`.")
    currency: str | None
    round: str | None
    action: str | None
    topic: str | None
    office_type: str | None
    confidence: float | None
    status: FactStatus | None  # type: ignore[valid-type]
    recorded_at: dt.datetime | None = strawberry.field(description="When the graph recorded it.")
    conflict: bool = strawberry.field(description="True when its sources disagree with another fact's.")
    row: strawberry.Private[FactRow]

    @classmethod
    def from_row(cls, row: FactRow, *, anchor: str | None = None) -> Fact:
        subject, obj = Entity.from_row(row.subject), Entity.from_row(row.object)
        other: Entity | None = None
        direction: Direction | None = None
        if anchor is not None:
            outgoing = row.subject.id == anchor
            other, direction = (obj, Direction.OUT) if outgoing else (subject, Direction.IN)
        if row.date is not None:
            when = _partial(row.date, row.date_precision)
        elif row.valid_from is not None:
            start = _partial(row.valid_from, row.valid_from_precision)
            end = _partial(row.valid_to, row.valid_to_precision)
            when = f"{start} to {end}" if end else f"since {start}"
        else:
            when = None
        p = row.props
        return cls(
            id=strawberry.ID(row.fact_id), type=_RELATIONS[row.type], subject=subject, object=obj, other=other,
            direction=direction, date=row.date, date_precision=_precision(row.date_precision),
            valid_from=row.valid_from, valid_from_precision=_precision(row.valid_from_precision),
            valid_to=row.valid_to, valid_to_precision=_precision(row.valid_to_precision), when=when,
            role=p.get("role"), place=p.get("place"), amount=p.get("amount"), currency=p.get("currency"),
            round=p.get("round"), action=p.get("action"), topic=p.get("topic"), office_type=p.get("office_type"),
            confidence=row.confidence, status=_STATUSES.get(row.status) if row.status else None,
            recorded_at=row.recorded_at, conflict=row.conflict, row=row,
        )

    @strawberry.field(description="The relation's own properties (role, amount, place, ...), as a map.")
    def properties(self) -> JSON:
        return _json_safe(self.row.props)

    @strawberry.field(description="The sources it rests on, each with its quote.")
    async def sources(self, info: Info) -> list[FactSource]:
        ids = self.row.source_ids
        found = await info.context.loaders.source.load_many(list(ids))
        quotes = self.row.quotes
        return [
            FactSource(id=strawberry.ID(sid), url=s.url if s else None, title=s.title if s else None,
                       publisher=s.publisher if s else None, published=s.published if s else None,
                       quote=quotes[i] if i < len(quotes) else None)
            for i, (sid, s) in enumerate(zip(ids, found, strict=True))
        ]

    @strawberry.field(description="The facts whose sources disagree with this one.")
    async def conflicts_with(self, info: Info) -> list[Fact]:
        found = await info.context.loaders.fact.load_many(list(self.row.conflicts_with))
        return [Fact.from_row(f) for f in found if f is not None]


@strawberry.type(description="An entity near another, and how many hops away.")
class Neighbor:
    entity: Entity
    distance: int

    @classmethod
    def from_row(cls, row: NeighborRow) -> Neighbor:
        return cls(entity=Entity.from_row(row.entity), distance=row.distance)


@strawberry.type(description="A point of an entity's timeline.")
class TimelineEntry:
    at: dt.date = strawberry.field(description="The day (first day of the period, see precision).")
    precision: DatePrecision | None  # type: ignore[valid-type]
    change: TimelineChange
    fact: Fact

    @classmethod
    def from_row(cls, row: TimelineRow, *, anchor: str | None = None) -> TimelineEntry:
        return cls(at=row.at, precision=_precision(row.precision), change=TimelineChange(row.change),
                   fact=Fact.from_row(row.fact, anchor=anchor))


@strawberry.type(description="One step of a path: a fact between two consecutive entities.")
class Hop:
    from_: Entity = strawberry.field(name="from")
    to: Entity
    fact: Fact


@strawberry.type(description="A shortest path between two entities.")
class Path:
    length: int
    nodes: list[Entity]
    hops: list[Hop]

    @classmethod
    def from_row(cls, row: PathRow) -> Path:
        nodes = [Entity.from_row(n) for n in row.nodes]
        hops = [Hop(from_=nodes[i], to=nodes[i + 1], fact=Fact.from_row(f, anchor=row.nodes[i].id))
                for i, f in enumerate(row.facts)]
        return cls(length=len(hops), nodes=nodes, hops=hops)


@strawberry.type(description="A search hit: the entity and its relevance (higher is better).")
class SearchResult:
    entity: Entity
    score: float
