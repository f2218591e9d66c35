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


def upsert_facts(relation: str, *, compare: bool = True) -> LiteralString:
    """Upsert facts of one relation type from ``$rows``.

    Row: {fact_id, subject, object, props, source_ids, quotes, status, confidence} (a single
    ``source_id`` / ``quote`` is accepted instead of the lists). The relationship is keyed by
    ``fact_id``; ``props`` (no nulls) is merged in; each source not yet on the fact is
    appended with its quote, and the quote of a source already there is replaced, so the same
    fact from two sources is one relationship with two sources. A ``curated`` fact stays
    curated (an ``extracted`` claim neither downgrades it nor changes its confidence).
    ``recorded_at`` is set on create, with ``conflict: false`` and ``conflicts_with: []``.

    Both endpoints must exist (the ingest pipeline writes entities first); a row whose
    endpoint is missing is skipped. With ``compare``, returns one row per status: {status, n},
    created / updated / unchanged (every property the row sets is compared before and after).
    Without it, returns one row {n}, the rows written: no property is read back after the
    write, which saves the planner's Eager barriers; the ingest pipeline takes the statuses
    from its plan (it sends only rows it knows to be new or changed).
    """
    rel = relation_type(relation)
    if not compare:
        # ON MATCH sets quotes before source_ids and confidence before status: each reads the
        # old value of the other.
        return (
            "UNWIND $rows AS row "
            "WITH row, coalesce(row.source_ids, [row.source_id]) AS sids, "
            "  coalesce(row.quotes, [row.quote]) AS qs "
            "MATCH (s:Entity {id: row.subject}) "
            "MATCH (o:Entity {id: row.object}) "
            "MERGE (s)-[r:" + rel + " {fact_id: row.fact_id}]->(o) "
            "ON CREATE SET r += row.props, r.recorded_at = datetime(), r.conflict = false, "
            "  r.conflicts_with = [], r.source_ids = sids, r.quotes = qs, r.status = row.status, "
            "  r.confidence = row.confidence "
            "ON MATCH SET r += row.props, "
            "  r.confidence = CASE WHEN r.status = 'curated' AND row.status <> 'curated' "
            "    THEN r.confidence ELSE row.confidence END, "
            "  r.status = CASE WHEN r.status = 'curated' THEN 'curated' ELSE row.status END, "
            "  r.quotes = [j IN range(0, size(r.source_ids) - 1) | coalesce(head("
            "    [k IN range(0, size(sids) - 1) WHERE sids[k] = r.source_ids[j] | qs[k]]), r.quotes[j])] "
            "    + [k IN range(0, size(sids) - 1) WHERE NOT sids[k] IN r.source_ids | qs[k]], "
            "  r.source_ids = r.source_ids + [k IN range(0, size(sids) - 1) "
            "    WHERE NOT sids[k] IN r.source_ids | sids[k]] "
            "RETURN count(*) AS n"
        )
    # Every old value is read in one WITH before the one SET, so the planner needs no Eager
    # between reads and writes of the same relationship. datetime() is the statement's clock,
    # so a fact whose recorded_at equals it was created by this statement.
    return (
        "UNWIND $rows AS row "
        "MATCH (s:Entity {id: row.subject}) "
        "MATCH (o:Entity {id: row.object}) "
        "MERGE (s)-[r:" + rel + " {fact_id: row.fact_id}]->(o) "
        "ON CREATE SET r.recorded_at = datetime(), r.conflict = false, r.conflicts_with = [] "
        "WITH row, r, r.recorded_at = datetime() AS isNew, r.status AS oldStatus, "
        "  r.confidence AS oldConf, coalesce(r.source_ids, []) AS oldS, coalesce(r.quotes, []) AS oldQ, "
        "  [k IN keys(row.props) | r[k]] AS oldProps, "
        "  coalesce(row.source_ids, [row.source_id]) AS sids, coalesce(row.quotes, [row.quote]) AS qs "
        "WITH row, r, isNew, oldStatus, oldConf, oldS, oldQ, oldProps, "
        "  CASE WHEN oldStatus = 'curated' THEN 'curated' ELSE row.status END AS newStatus, "
        "  CASE WHEN oldStatus = 'curated' AND row.status <> 'curated' THEN oldConf "
        "    ELSE row.confidence END AS newConf, "
        "  [j IN range(0, size(oldS) - 1) | coalesce(head("
        "    [k IN range(0, size(sids) - 1) WHERE sids[k] = oldS[j] | qs[k]]), oldQ[j])] "
        "    + [k IN range(0, size(sids) - 1) WHERE NOT sids[k] IN oldS | qs[k]] AS newQ, "
        "  oldS + [k IN range(0, size(sids) - 1) WHERE NOT sids[k] IN oldS | sids[k]] AS newS "
        "SET r += row.props, r.status = newStatus, r.confidence = newConf, r.quotes = newQ, "
        "  r.source_ids = newS "
        "WITH CASE WHEN isNew THEN 'created' "
        "  WHEN oldProps = [k IN keys(row.props) | row.props[k]] AND oldStatus = newStatus "
        "    AND oldConf = newConf AND oldQ = newQ AND oldS = newS THEN 'unchanged' "
        "  ELSE 'updated' END AS status "
        "RETURN status, count(*) AS n"
    )
