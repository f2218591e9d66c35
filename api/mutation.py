"""The write mutations: addEntity, addSource, addFact, all through the ingest pipeline.

Each needs a writer key (:class:`api.permissions.IsWriter`); without one nothing runs. Input
becomes the ingest records (``ingest.records``) and goes through ``ingest.pipeline.ingest_records``,
which validates everything (schema, kinds at each end, sources) and writes nothing when anything
is wrong. Its issues come back as ``errors`` (code, location, field, message) next to a null
object; on success the stored object comes back, read from the database.
"""

from __future__ import annotations

from typing import Any

import strawberry

from api.enums import EntityKind, FactStatus, RelationType
from api.permissions import IsWriter
from api.types import Entity, Fact, Info, Source
from graph import reads
from graph.errors import AmbiguousEntityError, ValidationError, ValidationIssue
from graph.rows import FactRow

__all__ = [
    "AddEntityPayload",
    "AddFactPayload",
    "AddSourcePayload",
    "CoreMutation",
    "EntityInput",
    "FactInput",
    "SourceInput",
    "UserError",
]

_INPUT = "<input>"


@strawberry.type(description="Why an input was refused. `field` names the input field; `location` where it is.")
class UserError:
    code: str
    message: str
    field: str | None
    location: str | None


@strawberry.input(description="A new entity, or more about an existing one (aliases accumulate).")
class EntityInput:
    id: strawberry.ID = strawberry.field(description="Stable slug (lowercase words joined by '-') or a Wikidata QID.")
    kind: EntityKind  # type: ignore[valid-type]
    name: str
    aliases: list[str] | None = None
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code.")
    founded: str | None = strawberry.field(default=None, description="2015, 2015-12 or 2015-12-11.")
    born: str | None = None
    date: str | None = strawberry.field(default=None, description="Events: when it took place.")
    place: str | None = None
    website: str | None = None
    wikidata: str | None = None
    description: str | None = None
    company_type: str | None = None
    place_type: str | None = None
    product_type: str | None = None


@strawberry.input(description="A source: the public page a fact rests on.")
class SourceInput:
    id: strawberry.ID = strawberry.field(description="Stable slug, e.g. reuters-openai-tokyo-2024.")
    url: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = strawberry.field(default=None, description="2024, 2024-04 or 2024-04-15.")


@strawberry.input(description="A fact with its source: give `sourceId` (a stored source) or `source` (a new one).")
class FactInput:
    subject: str = strawberry.field(description="Entity id, name or alias.")
    relation: RelationType  # type: ignore[valid-type]
    object: str = strawberry.field(description="Entity id, name or alias.")
    date: str | None = strawberry.field(default=None, description="Events: 2023, 2023-04 or 2023-04-10.")
    valid_from: str | None = strawberry.field(default=None, description="States: when it began.")
    valid_to: str | None = strawberry.field(default=None, description="States: when it ended.")
    role: str | None = None
    place: str | None = None
    office_type: str | None = None
    amount: float | None = strawberry.field(default=None, description="In units of `currency`.")
    currency: str | None = strawberry.field(default=None, description="ISO 4217, e.g. USD.")
    round: str | None = None
    action: str | None = None
    topic: str | None = None
    statement: str | None = strawberry.field(default=None, description="What the source reports, in your words.")
    quote: str | None = strawberry.field(default=None, description="Or: the exact sentence of the source.")
    confidence: float | None = None
    status: FactStatus | None = None  # type: ignore[valid-type]
    source_id: strawberry.ID | None = None
    source: SourceInput | None = None


@strawberry.type
class AddEntityPayload:
    entity: Entity | None
    errors: list[UserError]


@strawberry.type
class AddSourcePayload:
    source: Source | None
    errors: list[UserError]


@strawberry.type
class AddFactPayload:
    fact: Fact | None
    source: Source | None = strawberry.field(description="The fact's source (created when given inline).")
    errors: list[UserError]


def _data(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The set fields of an input object, enums as their values, IDs as strings."""
    out: dict[str, Any] = {}
    for name, value in vars(obj).items():
        if name in skip or value is None:
            continue
        out[name] = value.value if hasattr(value, "value") and not isinstance(value, str) else value
    return out


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w[:1].upper() + w[1:] for w in rest)


def _issues_to_errors(e: ValidationError, *, sources_at: str = "input") -> list[UserError]:
    """Issues as user errors: fields named as in the GraphQL input, locations as input paths.

    The pipeline names records ``entities[0]``, ``sources[0]``, ``facts[0]``; a mutation has one
    record of each, so these become ``input`` (and ``input.source`` for a fact's inline source).
    """
    errors = []
    for issue in e.issues:
        location = issue.location
        if location.startswith("sources["):
            location = sources_at
        elif location.startswith(("entities[", "facts[", _INPUT)):
            location = "input"
        errors.append(UserError(code=e.code, message=issue.message, field=_camel(issue.field), location=location))
    return errors


def _build(kind: str, data: dict[str, Any], location: str = "input") -> Any:
    """Build one ingest record from input data; raise ValidationError with located issues."""
    from ingest.records import build_record

    record, issues = build_record(kind, data, location)
    if issues or record is None:
        raise ValidationError(issues)
    return record.at(_INPUT)  # the pipeline names records from code: entities[0], facts[0], ...


async def _ingest(info: Info, **records: Any) -> None:
    from ingest.pipeline import ingest_records

    await info.context.write(ingest_records, batch_size=info.context.settings.batch_size, progress=False,
                             **records)


async def _stored_fact(info: Info, record: Any) -> FactRow | None:
    """The fact just written: its ends resolved (by id, or by name or alias), its id recomputed."""
    from ingest.plan import identify

    ends: list[str] = []
    for ref in (record.subject, record.object):
        row = await info.context.loaders.entity.load(ref)
        if row is None:
            try:
                row = await info.context.read(reads.entity_by_name, ref)
            except AmbiguousEntityError:
                row = None
        if row is None:
            return None  # named by a partial name the pipeline resolved; the fact is stored
        ends.append(row.id)
    fact_id = identify(record, ends[0], ends[1]).fact_id
    return await info.context.loaders.fact.load(fact_id)


@strawberry.type
class CoreMutation:
    """Writes through the ingest pipeline; each needs `Authorization: Bearer <key>`."""

    @strawberry.mutation(permission_classes=[IsWriter],
                         description="Add an entity (or add aliases and properties to an existing one).")
    async def add_entity(self, info: Info, input: EntityInput) -> AddEntityPayload:
        try:
            record = _build("entity", _data(input))
            await _ingest(info, entities=[record])
        except ValidationError as e:
            return AddEntityPayload(entity=None, errors=_issues_to_errors(e))
        row = (await info.context.read(reads.entities_by_ids, [record.id])).get(record.id)
        return AddEntityPayload(entity=Entity.from_row(row) if row else None, errors=[])

    @strawberry.mutation(permission_classes=[IsWriter], description="Add a source.")
    async def add_source(self, info: Info, input: SourceInput) -> AddSourcePayload:
        try:
            record = _build("source", _data(input))
            await _ingest(info, sources=[record])
        except ValidationError as e:
            return AddSourcePayload(source=None, errors=_issues_to_errors(e))
        row = (await info.context.read(reads.sources_by_ids, [record.id])).get(record.id)
        return AddSourcePayload(source=Source.from_row(row) if row else None, errors=[])

    @strawberry.mutation(permission_classes=[IsWriter],
                         description="Add a fact with its source (a stored one by `sourceId`, or a new one).")
    async def add_fact(self, info: Info, input: FactInput) -> AddFactPayload:
        try:
            issues: list[ValidationIssue] = []
            if (input.source_id is None) == (input.source is None):
                issues.append(ValidationIssue("input", "source", "give exactly one of sourceId and source"))
            sources = []
            if input.source is not None:
                try:
                    sources.append(_build("source", _data(input.source), "input.source"))
                except ValidationError as e:
                    issues.extend(e.issues)
            data = _data(input, skip=("source_id", "source"))
            source_id = input.source_id if input.source_id is not None else getattr(input.source, "id", None)
            if source_id is not None:
                data["source"] = str(source_id)
            try:
                record = _build("fact", data)
            except ValidationError as e:
                issues.extend(e.issues)
            if issues:
                raise ValidationError(issues)
            await _ingest(info, sources=sources, facts=[record])
        except ValidationError as e:
            return AddFactPayload(fact=None, source=None, errors=_issues_to_errors(e, sources_at="input.source"))
        except AmbiguousEntityError as e:
            return AddFactPayload(fact=None, source=None, errors=[
                UserError(code=e.code, message=str(e), field="subject/object", location=_INPUT)])
        fact = await _stored_fact(info, record)
        source = await info.context.loaders.source.load(record.source)
        return AddFactPayload(fact=Fact.from_row(fact) if fact else None,
                              source=Source.from_row(source) if source else None, errors=[])
