"""What an extractor returns: proposed facts (each with its sentence and rule) and unknown names."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from graph.schema import RELATIONS
from ingest.articles.dates import DateValue
from ingest.articles.reader import Article
from ingest.records import FactRecord
from ingest.resolve import normalize

__all__ = ["ArticleExtraction", "DateBasis", "ExtractedFact", "UnknownEntity", "fact_identity_key"]

logger = logging.getLogger(__name__)

DateBasis = Literal["text", "published", "inherited", "event", "existing"]
"""Where a fact's date came from: the sentence, the publication date (no date in the sentence),
an earlier sentence about the same fact, the event entity's own date, or the graph (the fact
joined an existing one, see :mod:`ingest.articles.service`)."""

SYMMETRIC = frozenset({"MET", "PARTNERS_WITH"})


def fact_identity_key(subject: str, relation: str, obj: str, properties: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two proposals the same fact, time aside (symmetric relations: either order)."""
    ends = tuple(sorted((subject, obj))) if relation in SYMMETRIC else (subject, obj)
    ident = tuple(normalize(str(properties.get(p) or "")) for p in RELATIONS[relation].identity)
    return (relation, *ends, ident)


@dataclass(frozen=True, slots=True)
class ExtractedFact:
    """A fact proposed by an extractor.

    Attributes:
        subject, object: entity ids (always entities the graph knows).
        subject_name, object_name: their canonical names, for people to read.
        relation: a key of ``graph.schema.RELATIONS``; the kinds fit it.
        date: the event's date, or the start of a state (``valid_from``), with its precision.
        date_text: the words the date came from ("last year"), when it came from the text.
        date_basis: see :data:`DateBasis`.
        properties: relation properties (role, amount, currency, action, place, ...).
        confidence: 0..1, the rule's base confidence adjusted by what was uncertain.
        rule: the name of the rule that fired.
        sentence: the sentence it rests on (stored as the fact's quote).
        sentence_index: the sentence's position in the article.
        notes: what lowered the confidence or shaped the fact ("announced", "coreference", ...).
        conflict: another proposal of the same article disagrees with it (e.g. the amount).
    """

    subject: str
    subject_name: str
    relation: str
    object: str
    object_name: str
    date: DateValue | None
    date_text: str | None
    date_basis: DateBasis
    properties: Mapping[str, Any]
    confidence: float
    rule: str
    sentence: str
    sentence_index: int
    notes: tuple[str, ...] = ()
    conflict: bool = False
    joins: str | None = field(default=None)
    """The id of the fact already in the graph that this proposal joins (set by the service)."""

    @property
    def temporal(self) -> str:
        """The relation's time shape: ``event``, ``state`` or ``timeless``."""
        return RELATIONS[self.relation].temporal

    @property
    def key(self) -> tuple[Any, ...]:
        """The identity of the fact, time aside."""
        return fact_identity_key(self.subject, self.relation, self.object, self.properties)

    def with_changes(self, **changes: Any) -> ExtractedFact:
        """A copy with some fields changed."""
        return replace(self, **changes)

    def statement(self) -> str:
        """A one-line description naming the rule, for the record's ``statement``."""
        return f"Extracted by rule {self.rule} (confidence {self.confidence:.2f})."

    def to_record(self, source_id: str) -> FactRecord:
        """The ingest record of this fact, its quote the sentence, status ``extracted``."""
        data: dict[str, Any] = {
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "source": source_id,
            "quote": self.sentence,
            "statement": self.statement(),
            "confidence": self.confidence,
            "status": "extracted",
        }
        if self.date is not None:
            data["date" if self.temporal == "event" else "valid_from"] = self.date.iso
        allowed = RELATIONS[self.relation].properties
        data.update({k: v for k, v in self.properties.items() if k in allowed and v is not None})
        return FactRecord.model_validate(data)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view (dates as strings)."""
        return {
            "subject": self.subject,
            "subject_name": self.subject_name,
            "relation": self.relation,
            "object": self.object,
            "object_name": self.object_name,
            "date": self.date.iso if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "date_text": self.date_text,
            "date_basis": self.date_basis,
            "properties": dict(self.properties),
            "confidence": self.confidence,
            "rule": self.rule,
            "sentence": self.sentence,
            "notes": list(self.notes),
            "conflict": self.conflict,
            "joins": self.joins,
        }


@dataclass(frozen=True, slots=True)
class UnknownEntity:
    """A capitalised name the graph does not know, for a person to confirm (never created).

    Attributes:
        name: the name as written.
        kind_guess: a guess from the context ("Person" after a title, ...), or None.
        mentions: how many times the article uses it.
        sentence: the first sentence it appears in.
        hint: the context behind the guess ("Chief Cabinet Secretary").
    """

    name: str
    kind_guess: str | None
    mentions: int
    sentence: str
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleExtraction:
    """Everything an extractor found in one article."""

    article: Article
    extractor: str
    facts: tuple[ExtractedFact, ...]
    unknown: tuple[UnknownEntity, ...]
    sentences: int
    mentions: int

    def above(self, min_confidence: float) -> list[ExtractedFact]:
        """The facts at or above a confidence threshold."""
        return [f for f in self.facts if f.confidence >= min_confidence]
