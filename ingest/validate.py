"""Validation against :mod:`graph.schema`, and merging of records that share an id.

Every check appends :class:`graph.errors.ValidationIssue` (location, field, message) to a list
instead of raising, so one run reports every problem of every file.

Example:
    >>> from ingest.records import FactRecord
    >>> f = FactRecord(subject="a", relation="MET", object="b", valid_from="2023",
    ...                source="s", statement="x").at("f.yaml:7")
    >>> for issue in check_fact_shape(f):
    ...     print(issue)
    f.yaml:7: date: MET is an event: it needs `date` (e.g. "2023-04-10")
    f.yaml:7: valid_from: MET is an event: it takes `date`, not `valid_from`
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.errors import ValidationIssue
from graph.schema import KIND_PROPERTIES, KINDS, RELATIONS
from ingest.records import FACT_PROPERTY_FIELDS, EntityRecord, FactRecord, SourceRecord

__all__ = [
    "MergedEntity",
    "check_entity",
    "check_fact_shape",
    "check_join",
    "fact_shape_ok",
    "merge_entities",
    "merge_sources",
]

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class MergedEntity:
    """All records of one entity id, merged: the first record's values win, aliases accumulate."""

    record: EntityRecord
    aliases: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def kind(self) -> str:
        return self.record.kind


def check_entity(record: EntityRecord) -> list[ValidationIssue]:
    """Check an entity's kind and that its properties belong to that kind."""
    issues: list[ValidationIssue] = []
    if record.kind not in KINDS:
        issues.append(ValidationIssue(record.field_location("kind"), "kind",
                                      f"unknown kind {record.kind!r}; expected one of {', '.join(KINDS)}"))
        return issues
    allowed = KIND_PROPERTIES[record.kind]
    for name in record.properties():
        if name not in allowed:
            issues.append(ValidationIssue(
                record.field_location(name), name,
                f"not a property of {record.kind} (allowed: {', '.join(allowed) or 'none'})",
            ))
    return issues


def merge_entities(records: Iterable[EntityRecord]) -> tuple[dict[str, MergedEntity], list[ValidationIssue], list[str]]:
    """Merge entity records by id.

    The first record of an id gives its name and properties; later records add aliases (a
    different name becomes an alias) and fill properties the first left empty. A later record
    of a different kind is an error; a different property value is kept out and noted.

    Returns:
        (merged entities by id, issues, notes).
    """
    merged: dict[str, MergedEntity] = {}
    issues: list[ValidationIssue] = []
    notes: list[str] = []
    for rec in records:
        bad = check_entity(rec)
        if bad:
            issues.extend(bad)
            continue
        have = merged.get(rec.id)
        if have is None:
            merged[rec.id] = MergedEntity(rec, list(dict.fromkeys(rec.aliases)), [rec.location])
            continue
        if have.kind != rec.kind:
            issues.append(ValidationIssue(
                rec.field_location("kind"), "kind",
                f"entity {rec.id!r} is a {have.kind} in {have.locations[0]} but a {rec.kind} here",
            ))
            continue
        have.locations.append(rec.location)
        for alias in (rec.name, *rec.aliases):
            if alias != have.record.name and alias not in have.aliases:
                have.aliases.append(alias)
        updates = {}
        for name, value in rec.properties().items():
            old = getattr(have.record, name)
            if old is None:
                updates[name] = value
            elif old != value:
                notes.append(f"{rec.location}: {rec.id}.{name}: kept {old!s} from "
                             f"{have.locations[0]}, not {value!s}")
        if updates:
            loc, field_locs = have.record.location, have.record._field_locations
            have.record = have.record.model_copy(update=updates)
            have.record.at(loc, field_locs)
    return merged, issues, notes


def merge_sources(records: Iterable[SourceRecord]) -> tuple[dict[str, SourceRecord], list[ValidationIssue], list[str]]:
    """Merge source records by id: the same id must have the same URL; other fields fill in.

    Returns:
        (sources by id, issues, notes).
    """
    merged: dict[str, SourceRecord] = {}
    first_loc: dict[str, str] = {}
    issues: list[ValidationIssue] = []
    notes: list[str] = []
    for rec in records:
        have = merged.get(rec.id)
        if have is None:
            merged[rec.id] = rec
            first_loc[rec.id] = rec.location
            continue
        if have.url != rec.url:
            issues.append(ValidationIssue(
                rec.field_location("url"), "url",
                f"source {rec.id!r} has url {have.url} in {first_loc[rec.id]}; one id, one url",
            ))
            continue
        updates = {}
        for name in ("title", "publisher", "published"):
            old, new = getattr(have, name), getattr(rec, name)
            if old is None and new is not None:
                updates[name] = new
            elif new is not None and old != new:
                notes.append(f"{rec.location}: source {rec.id}.{name}: kept {old!s} from {first_loc[rec.id]}")
        if updates:
            merged[rec.id] = have.model_copy(update=updates).at(have.location, have._field_locations)  # type: ignore[assignment]
    return merged, issues, notes


_FOREIGN_PROPERTIES: dict[str, tuple[str, ...]] = {
    name: tuple(p for p in FACT_PROPERTY_FIELDS if p not in rel.properties) for name, rel in RELATIONS.items()
}
"""Per relation, the fact properties it does not take."""


def fact_shape_ok(values: dict[str, Any]) -> bool:
    """The checks of :func:`check_fact_shape` as one yes/no, on a fact's field values.

    Cheap enough for every fact of a large load; only a fact that fails it is looked at again
    to say what is wrong.
    """
    rel = RELATIONS.get(values["relation"])
    if rel is None:
        return False
    date, valid_from, valid_to = values["date"], values["valid_from"], values["valid_to"]
    if rel.temporal == "event":
        if date is None or valid_from is not None or valid_to is not None:
            return False
    elif date is not None or (valid_from is None and (rel.temporal == "state" or valid_to is not None)) or (
            valid_to is not None and valid_to.end < valid_from.value):
        return False
    for prop in _FOREIGN_PROPERTIES[values["relation"]]:
        if values[prop] is not None:
            return False
    if "amount" in rel.properties and (values["amount"] is None) != (values["currency"] is None):
        return False
    source = values["source"]
    return bool(source and not source.isspace() and (values["statement"] or values["quote"]))


def check_fact_shape(fact: FactRecord) -> list[ValidationIssue]:
    """Check what needs no entity resolution: relation, time shape, properties, provenance."""
    issues: list[ValidationIssue] = []
    if fact_shape_ok(fact.__dict__):
        return issues

    def issue(name: str, message: str) -> None:
        issues.append(ValidationIssue(fact.field_location(name), name, message))

    rel = RELATIONS.get(fact.relation)
    if rel is None:
        issue("relation", f"unknown relation {fact.relation!r}; expected one of {', '.join(RELATIONS)}")
    else:
        name = fact.relation
        if rel.temporal == "event":
            if fact.date is None:
                issue("date", f'{name} is an event: it needs `date` (e.g. "2023-04-10")')
            for other in ("valid_from", "valid_to"):
                if getattr(fact, other) is not None:
                    issue(other, f"{name} is an event: it takes `date`, not `{other}`")
        else:
            if rel.temporal == "state" and fact.valid_from is None:
                issue("valid_from", f'{name} is a state: it needs `valid_from` (e.g. "2023-04")'
                      + (" instead of `date`" if fact.date is not None else ""))
            if fact.date is not None:
                issue("date", f"{name} is a {rel.temporal} relation: it takes `valid_from` / `valid_to`, "
                      "not `date`")
        if fact.valid_to is not None and fact.valid_from is not None and fact.valid_to.end < fact.valid_from.value:
            issue("valid_to", f"valid_to {fact.valid_to} is before valid_from {fact.valid_from}")
        if fact.valid_to is not None and fact.valid_from is None and rel.temporal != "event":
            issue("valid_to", "valid_to needs valid_from")
        values = fact.__dict__
        for prop in _FOREIGN_PROPERTIES[name]:
            if values[prop] is not None:
                allowed = ", ".join(rel.properties) or "none"
                issue(prop, f"not a property of {name} (allowed: {allowed})")
        if "amount" in rel.properties:
            if fact.amount is not None and fact.currency is None:
                issue("currency", "amount needs a currency (ISO 4217, e.g. USD)")
            if fact.currency is not None and fact.amount is None:
                issue("amount", "currency given without an amount")
    if fact.source is None or not fact.source.strip():
        issue("source", "missing source: every fact names the id of the source it rests on")
    if not (fact.statement or fact.quote):
        issue("statement", "one of `statement` (your words) or `quote` (the source's) is required")
    return issues


def check_join(fact: FactRecord, subject_kind: str, object_kind: str) -> list[ValidationIssue]:
    """Check that the relation may go from the subject's kind to the object's kind."""
    rel = RELATIONS.get(fact.relation)
    if rel is None or (subject_kind in rel.subjects and object_kind in rel.objects):
        return []
    return [ValidationIssue(
        fact.field_location("relation"), "relation",
        f"{fact.relation} cannot join {subject_kind} -> {object_kind} "
        f"(subjects: {', '.join(sorted(rel.subjects))}; objects: {', '.join(sorted(rel.objects))})",
    )]
