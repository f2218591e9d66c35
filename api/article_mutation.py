"""The `ingestArticle` mutation: a news article in, extracted facts and unknown names out.

Needs a writer key (:class:`api.permissions.IsWriter`); without one nothing runs. The text goes
through :func:`ingest.articles.service.ingest_article` (rules, offline), which writes through
the ingest pipeline (the same validation, idempotence and provenance as curated files); with
``dryRun: true`` nothing is written and the payload says what would be.

Example (GraphQL)::

    mutation {
      ingestArticle(text: "...", url: "https://...", title: "...", publisher: "Reuters",
                    published: "2024-04-15", dryRun: true, minConfidence: 0.6) {
        facts { subject relation object date confidence sentence rule }
        unknownEntities { name kindGuess }
        counts { factsCreated factsUnchanged }
        errors { code message field }
      }
    }
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from api.enums import DatePrecision, RelationType
from api.mutation import UserError
from api.permissions import IsWriter
from api.types import Info
from graph.errors import InvalidArgumentError, ValidationError

__all__ = ["ArticleFact", "ArticleIngestCounts", "ArticleMutation", "IngestArticlePayload", "UnknownEntity"]


@strawberry.type(description="A fact proposed from an article: its ends, time, trust, sentence and rule.")
class ArticleFact:
    subject: strawberry.ID = strawberry.field(description="The subject's entity id.")
    subject_name: str
    relation: RelationType  # type: ignore[valid-type]
    object: strawberry.ID = strawberry.field(description="The object's entity id.")
    object_name: str
    date: str | None = strawberry.field(description="Event date or start of a state: 2023, 2023-04 or 2023-04-10.")
    date_precision: DatePrecision | None  # type: ignore[valid-type]
    date_text: str | None = strawberry.field(description="The words the date was read from ('last year').")
    confidence: float
    rule: str = strawberry.field(description="The extraction rule that proposed it.")
    sentence: str = strawberry.field(description="The sentence it rests on (stored as its quote).")
    properties: JSON = strawberry.field(description="Role, amount, currency, action, place, ...")
    conflict: bool = strawberry.field(description="Another proposal of the article disagrees (e.g. the amount).")
    joins_fact: strawberry.ID | None = strawberry.field(
        description="The stored fact it adds a source to, when it restates one.")
    notes: list[str]


@strawberry.type(description="A name the graph does not know: reported for a person to confirm, never created.")
class UnknownEntity:
    name: str
    kind_guess: str | None
    mentions: int
    sentence: str
    hint: str | None


@strawberry.type(description="What the pipeline did (or would do, in a dry run).")
class ArticleIngestCounts:
    facts_created: int
    facts_updated: int
    facts_unchanged: int
    facts_rejected: int
    below_threshold: int = strawberry.field(description="Proposals under minConfidence, not written.")
    source_created: bool
    conflicts: int
    unknown_entities: int


@strawberry.type
class IngestArticlePayload:
    dry_run: bool
    source_id: strawberry.ID | None = strawberry.field(description="The article's Source id (from its URL).")
    facts: list[ArticleFact]
    unknown_entities: list[UnknownEntity]
    counts: ArticleIngestCounts | None
    errors: list[UserError]


def _fact(f: Any) -> ArticleFact:
    return ArticleFact(
        subject=strawberry.ID(f.subject), subject_name=f.subject_name, relation=RelationType(f.relation),
        object=strawberry.ID(f.object), object_name=f.object_name, date=f.date.iso if f.date else None,
        date_precision=DatePrecision(f.date.precision) if f.date else None, date_text=f.date_text,
        confidence=f.confidence, rule=f.rule, sentence=f.sentence, properties=dict(f.properties),
        conflict=f.conflict, joins_fact=strawberry.ID(f.joins) if f.joins else None, notes=list(f.notes),
    )


def _payload(result: Any) -> IngestArticlePayload:
    report = result.report
    return IngestArticlePayload(
        dry_run=result.dry_run,
        source_id=strawberry.ID(result.source.id),
        facts=[_fact(f) for f in result.facts],
        unknown_entities=[UnknownEntity(name=u.name, kind_guess=u.kind_guess, mentions=u.mentions,
                                        sentence=u.sentence, hint=u.hint) for u in result.unknown],
        counts=ArticleIngestCounts(
            facts_created=report.facts.created, facts_updated=report.facts.updated,
            facts_unchanged=report.facts.unchanged, facts_rejected=report.facts.rejected,
            below_threshold=len(result.below_threshold), source_created=report.sources.created > 0,
            conflicts=report.conflicts, unknown_entities=len(result.unknown),
        ),
        errors=[],
    )


def _errors(e: ValidationError | InvalidArgumentError) -> list[UserError]:
    if isinstance(e, ValidationError):
        return [UserError(code=e.code, message=i.message, field=i.field, location=i.location) for i in e.issues]
    return [UserError(code=e.code, message=str(e), field=None, location=None)]


@strawberry.type
class ArticleMutation:
    """Mutations that ingest news articles; each needs `Authorization: Bearer <key>`."""

    @strawberry.mutation(
        permission_classes=[IsWriter],
        description="Extract facts from a news article (deterministic rules, offline) and write them as "
                    "extracted facts quoting their sentences; `dryRun` shows them without writing.",
    )
    async def ingest_article(
        self,
        info: Info,
        text: str,
        url: str,
        published: dt.date,
        title: str | None = None,
        publisher: str | None = None,
        dry_run: bool = False,
        min_confidence: float = 0.6,
        format: Annotated[str | None, strawberry.argument(
            description="txt, md or html (guessed from the text when omitted).")] = None,
    ) -> IngestArticlePayload:
        from ingest.articles.reader import article_from_text
        from ingest.articles.service import ingest_article

        try:
            if format is not None and format not in ("txt", "md", "html"):
                raise InvalidArgumentError(f"format must be txt, md or html, not {format!r}")
            article = article_from_text(text, fmt=format, url=url, title=title,  # type: ignore[arg-type]
                                        publisher=publisher, published=published)
            result = await info.context.write(
                ingest_article, article, min_confidence=min_confidence, dry_run=dry_run,
                batch_size=info.context.settings.batch_size,
            )
        except (ValidationError, InvalidArgumentError) as e:
            return IngestArticlePayload(dry_run=dry_run, source_id=None, facts=[], unknown_entities=[],
                                        counts=None, errors=_errors(e))
        return _payload(result)
