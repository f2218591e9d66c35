"""Core queries: health, schema introspection, entity and source upserts, housekeeping."""

from __future__ import annotations

from typing import LiteralString

from graph.schema import kind_label, relation_type

# -> one row {ok: 1}
PING: LiteralString = "RETURN 1 AS ok"

# -> rows {name, type, entityType, labelsOrTypes, properties} of our constraints
SHOW_CONSTRAINTS: LiteralString = (
    "SHOW CONSTRAINTS YIELD name, type, entityType, labelsOrTypes, properties "
    "RETURN name, type, entityType, labelsOrTypes, properties ORDER BY name"
)

# -> rows {name, type, state} of all indexes
SHOW_INDEXES: LiteralString = (
    "SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties "
    "RETURN name, type, state, labelsOrTypes, properties ORDER BY name"
)

# -> nothing; deletes every node and relationship in batches (tests and `kg reset`)
CLEAR_ALL: LiteralString = (
    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
)

# -> one row {nodes, relationships}
COUNT_ALL: LiteralString = (
    "CALL () { MATCH (n) RETURN count(n) AS nodes } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
    "RETURN nodes, relationships"
)


def upsert_entities(kind: str) -> LiteralString:
    """Upsert entities of one kind from ``$rows`` ({id, name, aliases, props}).

    Returns one row per input row: {id, status} where status is created / updated / unchanged.
    Aliases accumulate; ``props`` replaces the kind-specific properties it names.
    """
    label = kind_label(kind)
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (old:Entity {id: row.id}) "
        "WITH row, old, old IS NULL AS isNew, "
        "  CASE WHEN old IS NULL THEN null ELSE old.content_hash END AS oldHash "
        "MERGE (e:Entity {id: row.id}) "
        "SET e:" + label + ", e.kind = $kind, e.name = row.name, e += row.props, "
        "  e.aliases = reduce(acc = coalesce(e.aliases, []), a IN row.aliases | "
        "    CASE WHEN a IN acc THEN acc ELSE acc + a END), "
        "  e.recorded_at = coalesce(e.recorded_at, datetime()) "
        "SET e.aliases_text = reduce(s = '', a IN e.aliases | s + ' ' + a), "
        "  e.content_hash = row.content_hash "
        "RETURN row.id AS id, CASE WHEN isNew THEN 'created' "
        "  WHEN oldHash = row.content_hash THEN 'unchanged' ELSE 'updated' END AS status"
    )


# -> one row per input row {id, status}; rows are {id, url, title, publisher, published, content_hash}
UPSERT_SOURCES: LiteralString = (
    "UNWIND $rows AS row "
    "OPTIONAL MATCH (old:Source {id: row.id}) "
    "WITH row, old IS NULL AS isNew, old.content_hash AS oldHash "
    "MERGE (s:Source {id: row.id}) "
    "SET s.url = row.url, s.title = row.title, s.publisher = row.publisher, "
    "  s.published = row.published, s.content_hash = row.content_hash, "
    "  s.recorded_at = coalesce(s.recorded_at, datetime()) "
    "RETURN row.id AS id, CASE WHEN isNew THEN 'created' "
    "  WHEN oldHash = row.content_hash THEN 'unchanged' ELSE 'updated' END AS status"
)


def upsert_facts(relation: str) -> LiteralString:
    """Upsert facts of one relation type from ``$rows``.

    Row: {fact_id, subject, object, props, content_hash, source_id, quote, status, confidence}.
    The relationship is keyed by ``fact_id``; a source not yet on the fact is appended (with its
    quote) so the same fact from two sources is one relationship with two sources. Returns one
    row per input row: {fact_id, status} (created / updated / unchanged / missing_endpoint).
    """
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (s:Entity {id: row.subject}) "
        "OPTIONAL MATCH (o:Entity {id: row.object}) "
        "CALL (row, s, o) { "
        "  WITH row, s, o WHERE s IS NULL OR o IS NULL "
        "  RETURN 'missing_endpoint' AS status "
        "  UNION "
        "  WITH row, s, o WHERE s IS NOT NULL AND o IS NOT NULL "
        "  OPTIONAL MATCH (s)-[old:" + rel + " {fact_id: row.fact_id}]->(o) "
        "  WITH row, s, o, old, old IS NULL AS isNew, "
        "    CASE WHEN old IS NULL THEN false ELSE row.source_id IN old.source_ids END AS hasSource, "
        "    CASE WHEN old IS NULL THEN null ELSE old.content_hash END AS oldHash "
        "  MERGE (s)-[r:" + rel + " {fact_id: row.fact_id}]->(o) "
        "  ON CREATE SET r.recorded_at = datetime(), r.source_ids = [], r.quotes = [] "
        "  SET r += row.props, r.content_hash = row.content_hash, "
        "    r.status = CASE WHEN r.status = 'curated' THEN 'curated' ELSE row.status END, "
        "    r.confidence = CASE WHEN r.confidence IS NULL OR row.confidence > r.confidence "
        "      THEN row.confidence ELSE r.confidence END "
        "  FOREACH (_ IN CASE WHEN hasSource THEN [] ELSE [1] END | "
        "    SET r.source_ids = r.source_ids + row.source_id, r.quotes = r.quotes + row.quote) "
        "  RETURN CASE WHEN isNew THEN 'created' "
        "    WHEN hasSource AND oldHash = row.content_hash THEN 'unchanged' "
        "    ELSE 'updated' END AS status "
        "} "
        "RETURN row.fact_id AS fact_id, status"
    )
