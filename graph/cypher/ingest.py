"""Queries of the ingest pipeline: upserts of entities, sources and facts, look-ups, conflicts.

Every value is a ``$parameter``; relationship types enter query text only through
:func:`graph.schema.relation_type` (and labels through :func:`graph.schema.kind_label`).
"""

from __future__ import annotations

from typing import LiteralString

from graph.schema import kind_label, relation_type

__all__ = [
    "ALL_NODES",
    "ALL_RELATIONSHIPS",
    "BASELINE_SOURCES",
    "ENTITIES_BY_ID",
    "ENTITIES_BY_WIKIDATA",
    "ENTITY_DIRECTORY",
    "SOURCES_BY_ID",
    "UPSERT_SOURCES",
    "baseline_entities",
    "baseline_facts",
    "count_facts",
    "create_entities",
    "existing_facts",
    "rekey_facts",
    "remove_claims",
    "set_conflicts",
    "upsert_entities",
    "upsert_facts",
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

    Aliases accumulate, ``props`` replaces the properties it names, ``recorded_at`` is set on
    create; one read and one write
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


def create_entities(kind: str) -> LiteralString:
    """Write entities of one kind that the caller expects to be new, from ``$rows``.

    Rows: {id, name, aliases, aliases_text, props, content_hash}. The same result as
    :func:`upsert_entities` without reading anything back: a new node gets the row as it is;
    a node that appeared meanwhile still accumulates its aliases. Returns {n}, the rows written.
    """
    label = kind_label(kind)
    return (
        "UNWIND $rows AS row "
        "MERGE (e:Entity {id: row.id}) "
        "ON CREATE SET e.recorded_at = datetime(), e.aliases = row.aliases, e.aliases_text = row.aliases_text "
        "ON MATCH SET e.aliases = e.aliases + [a IN row.aliases WHERE NOT a IN e.aliases], "
        "  e.aliases_text = reduce(s = '', a IN e.aliases + [a IN row.aliases WHERE NOT a IN e.aliases] "
        "    | s + ' ' + a) "
        "SET e:" + label + ", e.kind = $kind, e.name = row.name, e += row.props, e.content_hash = row.content_hash "
        "RETURN count(*) AS n"
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
    """Hand-written entity upsert for one kind (benchmark baseline). Returns nothing.

    Rows: {id, name, aliases, aliases_text, props}.
    """
    label = kind_label(kind)
    return (
        "UNWIND $rows AS row MERGE (e:Entity {id: row.id}) "
        "SET e:" + label + ", e.kind = $kind, e.name = row.name, e.aliases = row.aliases, "
        "  e.aliases_text = row.aliases_text, e += row.props, "
        "  e.recorded_at = coalesce(e.recorded_at, datetime())"
    )


# -> nothing; rows {id, url, title, publisher, published, published_precision}
BASELINE_SOURCES: LiteralString = (
    "UNWIND $rows AS row MERGE (s:Source {id: row.id}) "
    "SET s.url = row.url, s.title = row.title, s.publisher = row.publisher, s.published = row.published, "
    "  s.published_precision = row.published_precision, s.recorded_at = coalesce(s.recorded_at, datetime())"
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
        "  r.status = row.status, r.confidence = row.confidence, r.conflict = false, r.conflicts_with = [], "
        "  r.recorded_at = coalesce(r.recorded_at, datetime())"
    )


# -> rows {labels, props}: every node (the benchmark checks both loads built the same graph)
ALL_NODES: LiteralString = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"

# -> rows {s, t, o, props}: every relationship with its ends' ids and type
ALL_RELATIONSHIPS: LiteralString = (
    "MATCH (s)-[r]->(o) RETURN s.id AS s, type(r) AS t, o.id AS o, properties(r) AS props"
)
