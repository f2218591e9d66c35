"""The root query fields: look up, search and list entities; facts across the graph; paths; stats."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.enums import EntityKind, RelationType
from api.pagination import Connection, connection, decode_cursor, page_size
from api.types import (
    After,
    AsOf,
    DateFrom,
    DateTo,
    Entity,
    Fact,
    First,
    Info,
    Path,
    SearchResult,
    Types,
    fact_filter,
)
from graph import reads
from graph.errors import InvalidArgumentError, NotFoundError
from graph.schema import KINDS, RELATIONS

__all__ = ["CoreQuery", "KindCount", "RelationCount", "Stats"]


@strawberry.type(description="How many entities of one kind.")
class KindCount:
    kind: EntityKind  # type: ignore[valid-type]
    count: int


@strawberry.type(description="How many facts of one type.")
class RelationCount:
    type: RelationType  # type: ignore[valid-type]
    count: int


@strawberry.type(description="Counts over the whole graph.")
class Stats:
    entities: int
    facts: int
    sources: int
    conflicts: int = strawberry.field(description="Facts whose sources disagree with another fact's.")
    by_kind: list[KindCount]
    by_relation: list[RelationCount]


async def _require_entities(info: Info, ids: list[str]) -> None:
    found = await info.context.loaders.entity.load_many(ids)
    missing = [i for i, e in zip(ids, found, strict=True) if e is None]
    if missing:
        raise NotFoundError(f"no entity with id {', '.join(repr(m) for m in missing)}")


@strawberry.type
class CoreQuery:
    """Entities, facts, paths, conflicts and counts."""

    @strawberry.field(description="One entity by `id`, or by `name` (its name or an alias, ignoring case). "
                                  "Null when none matches; an error when a name matches several.")
    async def entity(self, info: Info, id: strawberry.ID | None = None, name: str | None = None) -> Entity | None:
        if (id is None) == (name is None):
            raise InvalidArgumentError("give exactly one of id and name")
        if id is not None:
            row = await info.context.loaders.entity.load(str(id))
        else:
            row = await info.context.read(reads.entity_by_name, name)
        return Entity.from_row(row) if row else None

    @strawberry.field(description="Full-text search over names and aliases (words match as prefixes), best first.")
    async def search(
        self,
        info: Info,
        text: str,
        kinds: Annotated[list[EntityKind] | None, strawberry.argument(description="Only these kinds.")] = None,  # type: ignore[valid-type]
        first: First = None,
        after: After = None,
    ) -> Connection[SearchResult]:
        key = decode_cursor(after, f"search:{text}")
        page = await info.context.read(
            reads.search, text, kinds=[k.value for k in kinds] if kinds is not None else None,
            after=tuple(key) if key else None, limit=page_size(first, info.context.settings))
        return connection(page, f"search:{text}",
                          lambda hit: SearchResult(entity=Entity.from_row(hit[0]), score=hit[1]))

    @strawberry.field(description="Entities in id order, optionally of one kind and one country.")
    async def entities(
        self,
        info: Info,
        kind: EntityKind | None = None,  # type: ignore[valid-type]
        country: Annotated[str | None, strawberry.argument(description="ISO 3166-1 alpha-2 code.")] = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Entity]:
        page = await info.context.read(
            reads.entities, kind=kind.value if kind else None, country=country,
            after=decode_cursor(after, "entities"), limit=page_size(first, info.context.settings))
        info.context.loaders.prime_entities(page.items)
        return connection(page, "entities", Entity.from_row)

    @strawberry.field(description="Facts across the graph in time order (undated last): of one type, in a date "
                                  "range, as of a day, touching one entity or joining several (`between`).")
    async def relationships(
        self,
        info: Info,
        type: RelationType | None = None,  # type: ignore[valid-type]
        types: Types = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        as_of: AsOf = None,
        between: Annotated[list[strawberry.ID] | None, strawberry.argument(
            description="One entity id (facts touching it) or several (facts joining two of them).")] = None,
        with_amount: Annotated[bool, strawberry.argument(description="Only facts with an amount.")] = False,
        first: First = None,
        after: After = None,
    ) -> Connection[Fact]:
        if between is not None:
            await _require_entities(info, [str(b) for b in between])
        page = await info.context.read(
            reads.relationships,
            relation=type.value if type else None,
            between=[str(b) for b in between] if between is not None else None,
            filter=fact_filter(types=types, as_of=as_of, date_from=date_from, date_to=date_to,
                               with_amount=with_amount),
            after=decode_cursor(after, "facts"),
            limit=page_size(first, info.context.settings),
        )
        return connection(page, "facts", Fact.from_row)

    @strawberry.field(description="The shortest paths between two entities (all of the shortest length), each hop "
                                  "with its fact and sources.")
    async def path(
        self,
        info: Info,
        from_: Annotated[strawberry.ID, strawberry.argument(name="from", description="An entity id.")],
        to: Annotated[strawberry.ID, strawberry.argument(description="An entity id.")],
        max_hops: Annotated[int, strawberry.argument(description="Longest path to look for, 1 to 6.")] = 4,
        types: Types = None,
        as_of: AsOf = None,
        first: Annotated[int | None, strawberry.argument(description="At most this many paths.")] = 10,
    ) -> list[Path]:
        await _require_entities(info, [str(from_), str(to)])
        rows = await info.context.read(
            reads.shortest_paths, str(from_), str(to), max_hops=max_hops,
            filter=fact_filter(types=types, as_of=as_of), limit=page_size(first, info.context.settings))
        return [Path.from_row(r) for r in rows]

    @strawberry.field(description="Facts whose sources disagree (kept side by side, never overwritten), by fact id.")
    async def conflicts(self, info: Info, first: First = None, after: After = None) -> Connection[Fact]:
        page = await info.context.read(reads.conflicts, after=decode_cursor(after, "conflicts"),
                                       limit=page_size(first, info.context.settings))
        return connection(page, "conflicts", Fact.from_row)

    @strawberry.field(description="Counts of entities by kind and facts by type (every kind and type of the schema).")
    async def stats(self, info: Info) -> Stats:
        row = await info.context.read(reads.stats)
        return Stats(
            entities=sum(row.kinds.values()),
            facts=sum(row.relations.values()),
            sources=row.sources,
            conflicts=row.conflicts,
            by_kind=[KindCount(kind=EntityKind(k), count=row.kinds[k]) for k in KINDS],
            by_relation=[RelationCount(type=RelationType(t), count=row.relations[t]) for t in RELATIONS],
        )
