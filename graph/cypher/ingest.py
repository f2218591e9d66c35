"""Queries of the ingest pipeline: entity and source look-ups, existing facts, conflicts.

Every value is a ``$parameter``; relationship types enter query text only through
:func:`graph.schema.relation_type`.
"""

from __future__ import annotations

from typing import LiteralString

from graph.schema import kind_label, relation_type

__all__ = [
    "BASELINE_SOURCES",
    "ENTITIES_BY_ID",
    "ENTITIES_BY_WIKIDATA",
    "ENTITY_DIRECTORY",
    "SOURCES_BY_ID",
    "UPSERT_SOURCES",
    "baseline_entities",
    "baseline_facts",
    "count_facts",
    "existing_facts",
    "rekey_facts",
    "remove_claims",
    "set_conflicts",
    "upsert_entities",
]

# -> rows {id, kind, name, aliases, wikidata, props} for the given entity ids that exist
#    (props: every property of the node)
ENTITIES_BY_ID: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) "
    "RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases, "
    "e.wikidata AS wikidata, properties(e) AS props"
)

# -> rows {id, kind, name, aliases, wikidata} of the entities carrying one of the given QIDs
ENTITIES_BY_WIKIDATA: LiteralString = (
    "MATCH (e:Entity) WHERE e.wikidata IN $qids "
    "RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases, "
    "e.wikidata AS wikidata"
)

# -> rows {id, kind, name, aliases, wikidata} of every entity (name resolution by name/alias)
ENTITY_DIRECTORY: LiteralString = (
    "MATCH (e:Entity) "
    "RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases, "
    "e.wikidata AS wikidata"
)

# -> rows {id, content_hash} of the given source ids that exist
SOURCES_BY_ID: LiteralString = (
    "UNWIND $ids AS id MATCH (s:Source {id: id}) RETURN s.id AS id, s.content_hash AS content_hash"
)

# -> one row per input row {id, status}; rows are
#    {id, url, title, publisher, published, published_precision, content_hash}
UPSERT_SOURCES: LiteralString = (
    "UNWIND $rows AS row "
    "OPTIONAL MATCH (old:Source {id: row.id}) "
    "WITH row, old IS NULL AS isNew, old.content_hash AS oldHash "
    "MERGE (s:Source {id: row.id}) "
    "SET s.url = row.url, s.title = row.title, s.publisher = row.publisher, "
    "  s.published = row.published, s.published_precision = row.published_precision, "
    "  s.content_hash = row.content_hash, s.recorded_at = coalesce(s.recorded_at, datetime()) "
    "RETURN row.id AS id, CASE WHEN isNew THEN 'created' "
    "  WHEN oldHash = row.content_hash THEN 'unchanged' ELSE 'updated' END AS status"
)


def upsert_entities(kind: str) -> LiteralString:
    """Upsert entities of one kind from ``$rows`` ({id, name, aliases, props, content_hash}).

    The same effect as :func:`graph.cypher.core.upsert_entities` (aliases accumulate, ``props``
    replaces the properties it names, ``recorded_at`` set on create) in one read and one write
    per row. Returns one row per status: {status, n} (created / updated / unchanged).
    """
    label = kind_label(kind)
    return (
        "UNWIND $rows AS row "
        "MERGE (e:Entity {id: row.id}) "
        "ON CREATE SET e.recorded_at = datetime() "
        "WITH row, e, e.recorded_at = datetime() AS isNew, e.content_hash AS oldHash, "
        "  coalesce(e.aliases, []) AS oldAliases "
        "WITH row, e, isNew, oldHash, oldAliases + [a IN row.aliases WHERE NOT a IN oldAliases] AS aliases "
        "SET e:" + label + ", e.kind = $kind, e.name = row.name, e += row.props, e.aliases = aliases, "
        "  e.aliases_text = reduce(s = '', a IN aliases | s + ' ' + a), e.content_hash = row.content_hash "
        "WITH CASE WHEN isNew THEN 'created' WHEN oldHash = row.content_hash THEN 'unchanged' "
        "  ELSE 'updated' END AS status "
        "RETURN status, count(*) AS n"
    )


def existing_facts(relation: str) -> LiteralString:
    """Facts of one type whose ``conflict_key`` is in ``$keys``.

    Returns rows {subject, object, props} where ``props`` is every property of the fact.
    """
    rel = relation_type(relation)
    return (
        "MATCH (s:Entity)-[r:" + rel + "]->(o:Entity) WHERE r.conflict_key IN $keys "
        "RETURN s.id AS subject, o.id AS object, properties(r) AS props"
    )


def rekey_facts(relation: str) -> LiteralString:
    """Give facts a new id: rows {old, new, fact_key, conflict_key}. Returns {n}."""
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "MATCH ()-[r:" + rel + " {fact_id: row.old}]->() "
        "SET r.fact_id = row.new, r.fact_key = row.fact_key, r.conflict_key = row.conflict_key "
        "RETURN count(r) AS n"
    )


def remove_claims(relation: str) -> LiteralString:
    """Take a source (and its quote) off facts: rows {fact_id, source_id}.

    A fact left without any source is deleted. Returns {removed, deleted}.
    """
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "MATCH ()-[r:" + rel + " {fact_id: row.fact_id}]->() "
        "WITH r, [i IN range(0, size(r.source_ids) - 1) WHERE r.source_ids[i] <> row.source_id] AS keep "
        "SET r.quotes = [i IN keep | r.quotes[i]] "
        "SET r.source_ids = [i IN keep | r.source_ids[i]] "
        "WITH r, size(r.source_ids) = 0 AS empty "
        "CALL (r, empty) { WITH r, empty WHERE empty DELETE r } "
        "RETURN count(*) AS removed, sum(CASE WHEN empty THEN 1 ELSE 0 END) AS deleted"
    )


def set_conflicts(relation: str) -> LiteralString:
    """Set ``conflict`` and ``conflicts_with`` on facts: rows {fact_id, conflict, conflicts_with}.

    Returns {n}, the number of facts set.
    """
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "MATCH ()-[r:" + rel + " {fact_id: row.fact_id}]->() "
        "SET r.conflict = row.conflict, r.conflicts_with = row.conflicts_with "
        "RETURN count(r) AS n"
    )


def count_facts(relation: str) -> LiteralString:
    """The number of facts of one type (from the count store: constant time). Returns {n}."""
    rel = relation_type(relation)
    return "MATCH ()-[r:" + rel + "]->() RETURN count(r) AS n"


# -- the hand-written baseline of bench/ingest.py -------------------------------------------
# The simplest batched writes of the same rows, with none of the pipeline's checks; the
# benchmark reports the pipeline's rate as a ratio of these.

def baseline_entities(kind: str) -> LiteralString:
    """Hand-written entity upsert for one kind (benchmark baseline). Returns nothing."""
    label = kind_label(kind)
    return (
        "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) "
        "SET e:" + label + ", e.kind = $kind, e.name = row.name, e.aliases = row.aliases, e += row.props"
    )


# -> nothing; rows {id, url, title, publisher, published}
BASELINE_SOURCES: LiteralString = (
    "UNWIND $rows AS row MERGE (s:Source {id: row.id}) "
    "SET s.url = row.url, s.title = row.title, s.publisher = row.publisher, s.published = row.published"
)


def baseline_facts(relation: str) -> LiteralString:
    """Hand-written fact upsert for one type (benchmark baseline). Returns nothing.

    Rows: {fact_id, subject, object, props, source_ids, quotes, status, confidence}.
    """
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
        "MERGE (s)-[r:" + rel + " {fact_id: row.fact_id}]->(o) "
        "SET r += row.props, r.source_ids = row.source_ids, r.quotes = row.quotes, "
        "  r.status = row.status, r.confidence = row.confidence, "
        "  r.recorded_at = coalesce(r.recorded_at, datetime())"
    )
