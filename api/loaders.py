"""The DataLoaders of one request: every lookup a list of entities needs, batched and cached.

Resolvers ask a loader for one key; the loader collects the keys of the whole execution step and
answers them with one :mod:`graph.reads` call (per distinct filter), so a page of 50 entities with
their relationships and sources costs a fixed number of round trips, not 50 of each.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from strawberry.dataloader import DataLoader

from graph import reads
from graph.reads import Anchor, FactFilter
from graph.rows import EntityRow, FactRow, NeighborRow, Page, SourceRow, TimelineRow

if TYPE_CHECKING:
    from api.context import Context

__all__ = ["Loaders", "NeighborsKey", "RelationshipsKey", "SourcesKey", "TimelineKey"]

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)
V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class RelationshipsKey:
    """One page of one entity's facts."""

    entity_id: str
    after: str | None
    filter: FactFilter
    limit: int


@dataclass(frozen=True, slots=True)
class TimelineKey:
    """One page of one entity's timeline."""

    entity_id: str
    after: str | None
    types: tuple[str, ...] | None
    date_from: dt.date | None
    date_to: dt.date | None
    limit: int


@dataclass(frozen=True, slots=True)
class NeighborsKey:
    """One page of one entity's neighbourhood."""

    entity_id: str
    after: str | None
    depth: int
    filter: FactFilter
    limit: int


@dataclass(frozen=True, slots=True)
class SourcesKey:
    """The sources of one entity's facts."""

    entity_id: str
    limit: int


async def _grouped(
    keys: Sequence[K],
    group_of: Callable[[K], G],
    load_group: Callable[[G, list[K]], Awaitable[dict[K, V]]],
) -> list[V]:
    """Answer ``keys`` with one call per group of keys that share a query shape."""
    groups: dict[G, list[K]] = {}
    for key in keys:
        groups.setdefault(group_of(key), []).append(key)
    results: dict[K, V] = {}
    for answer in await asyncio.gather(*(load_group(g, ks) for g, ks in groups.items())):
        results.update(answer)
    return [results[k] for k in keys]


class Loaders:
    """The loaders of one request (created with its :class:`~api.context.Context`)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.entity: DataLoader[str, EntityRow | None] = DataLoader(self._entities)
        self.source: DataLoader[str, SourceRow | None] = DataLoader(self._sources)
        self.fact: DataLoader[str, FactRow | None] = DataLoader(self._facts)
        self.relationships: DataLoader[RelationshipsKey, Page[FactRow]] = DataLoader(self._relationships)
        self.timeline: DataLoader[TimelineKey, Page[TimelineRow]] = DataLoader(self._timeline)
        self.neighbors: DataLoader[NeighborsKey, Page[NeighborRow]] = DataLoader(self._neighbors)
        self.entity_sources: DataLoader[SourcesKey, list[SourceRow]] = DataLoader(self._entity_sources)

    def prime_entities(self, rows: Sequence[EntityRow]) -> None:
        """Remember entities already read (a page of them, both ends of facts)."""
        self.entity.prime_many({r.id: r for r in rows})

    async def _entities(self, ids: list[str]) -> list[EntityRow | None]:
        found = await self._ctx.read(reads.entities_by_ids, ids)
        return [found.get(i) for i in ids]

    async def _sources(self, ids: list[str]) -> list[SourceRow | None]:
        found = await self._ctx.read(reads.sources_by_ids, ids)
        return [found.get(i) for i in ids]

    async def _facts(self, ids: list[str]) -> list[FactRow | None]:
        found = await self._ctx.read(reads.facts_by_ids, ids)
        return [found.get(i) for i in ids]

    async def _relationships(self, keys: list[RelationshipsKey]) -> list[Page[FactRow]]:
        async def load(
            group: tuple[FactFilter, int], ks: list[RelationshipsKey]
        ) -> dict[RelationshipsKey, Page[FactRow]]:
            flt, limit = group
            pages = await self._ctx.read(reads.entity_relationships_many, [(k.entity_id, k.after) for k in ks],
                                         filter=flt, limit=limit)
            return {k: pages[(k.entity_id, k.after)] for k in ks}

        return await _grouped(keys, lambda k: (k.filter, k.limit), load)

    async def _timeline(self, keys: list[TimelineKey]) -> list[Page[TimelineRow]]:
        Group = tuple[tuple[str, ...] | None, dt.date | None, dt.date | None, int]

        async def load(group: Group, ks: list[TimelineKey]) -> dict[TimelineKey, Page[TimelineRow]]:
            types, date_from, date_to, limit = group
            anchors: list[Anchor] = [(k.entity_id, k.after) for k in ks]
            pages = await self._ctx.read(reads.entity_timeline_many, anchors, types=types,
                                         date_from=date_from, date_to=date_to, limit=limit)
            return {k: pages[(k.entity_id, k.after)] for k in ks}

        return await _grouped(keys, lambda k: (k.types, k.date_from, k.date_to, k.limit), load)

    async def _neighbors(self, keys: list[NeighborsKey]) -> list[Page[NeighborRow]]:
        async def load(
            group: tuple[int, FactFilter, int], ks: list[NeighborsKey]
        ) -> dict[NeighborsKey, Page[NeighborRow]]:
            depth, flt, limit = group
            pages = await self._ctx.read(reads.neighbors_many, [(k.entity_id, k.after) for k in ks],
                                         depth=depth, filter=flt, limit=limit)
            return {k: pages[(k.entity_id, k.after)] for k in ks}

        return await _grouped(keys, lambda k: (k.depth, k.filter, k.limit), load)

    async def _entity_sources(self, keys: list[SourcesKey]) -> list[list[SourceRow]]:
        async def load(limit: int, ks: list[SourcesKey]) -> dict[SourcesKey, list[SourceRow]]:
            found = await self._ctx.read(reads.entity_sources_many, [k.entity_id for k in ks], limit=limit)
            return {k: found[k.entity_id] for k in ks}

        return await _grouped(keys, lambda k: k.limit, load)
