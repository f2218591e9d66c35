"""Read queries behind the GraphQL API (and :mod:`graph.reads`).

Every value is a ``$parameter``. The only query text that varies is a relationship type (from
:func:`graph.schema.relation_type`) or a hop bound (from a fixed allow-list), chosen by the builder
functions at the bottom.

Conventions shared by the fact queries:

* an entity, a source or a fact's ``props`` is the map :func:`props` makes of its
  properties (``recorded_at`` as an integer);
* a fact is returned as one map, ``{type, props, subject, object}`` (``props`` are the
  relationship's properties, ``subject`` / ``object`` the properties of its two ends);
* the fact filter (:data:`FACT_FILTER`) reads ``$types``, ``$asOf``, ``$from``, ``$to``,
  ``$datedOnly`` and ``$withAmount`` (each null / false when unused);
* a statement that answers with many rows answers as one record ``{rows}``, the list of its rows
  as maps (:func:`graph.cypher.core.one_record`): the comments below give those rows' fields;
* paged queries sort on a string key (:data:`FACT_KEY` for facts), take ``$limit`` rows
  (the caller asks for one more than it shows, to know whether a next page exists) and resume
  after ``$after`` / ``row.after`` (keyset pagination).
"""

from __future__ import annotations

from typing import Final, LiteralString

from graph.cypher.core import one_record, recorded_us, recorded_zoned
from graph.schema import RELATIONS, relation_type

__all__ = [
    "CONFLICTS_PAGE",
    "ENTITIES_BY_IDS",
    "ENTITIES_BY_NAME",
    "ENTITIES_PAGE",
    "ENTITY_RELATIONSHIPS_PAGE",
    "ENTITY_SOURCES",
    "ENTITY_TIMELINE_PAGE",
    "FACT_FILTER",
    "FACT_KEY",
    "FACT_MAP",
    "MAX_HOPS",
    "MOST_CONNECTED",
    "SEARCH_ENTITIES",
    "SOURCES_BY_IDS",
    "STATS",
    "facts_by_ids",
    "neighbors_page",
    "props",
    "relationships_between",
    "relationships_page",
    "shortest_paths",
]

MAX_HOPS: Final = 6
"""The longest path or neighbourhood the builders accept (bounds cannot be parameters)."""


def props(item: LiteralString) -> LiteralString:
    """The properties of the node or relationship ``item``, ``recorded_at`` as an integer.

    ``recorded_at`` comes as :func:`graph.cypher.core.recorded_us` (any other value of it as it
    is). ``item`` is a variable or an expression (``startNode(r)``), which a one-element list
    comprehension binds to a name.
    """
    if not item.isidentifier():
        return "head([item IN [" + item + "] | " + props("item") + "])"
    return (
        "CASE WHEN " + recorded_zoned(item) + " THEN " + item + " {.*, recorded_at: " + recorded_us(item) + "} "
        "ELSE properties(" + item + ") END"
    )


# The map a fact is returned as; `r` is the relationship.
FACT_MAP: LiteralString = (
    "{type: type(r), props: " + props("r") + ", "
    "subject: " + props("startNode(r)") + ", object: " + props("endNode(r)") + "}"
)

# The sort key of a fact: its time (event date or start of validity; undated facts last) and its
# id, as one string so keyset pagination is a single comparison.
FACT_KEY: LiteralString = (
    "coalesce(toString(coalesce(r.date, r.valid_from)), '~') + '|' + r.fact_id"
)

# Which facts to keep (`r` is the relationship). As of D: an event holds from its date, a state
# while valid_from <= D < valid_to, a timeless fact always. A range [from, to] keeps events dated
# inside it and states whose validity overlaps it; undated facts have no place in a range.
FACT_FILTER: LiteralString = (
    "($types IS NULL OR type(r) IN $types) "
    "AND ($asOf IS NULL OR ((r.date IS NULL OR r.date <= $asOf) "
    "  AND (r.valid_from IS NULL OR r.valid_from <= $asOf) "
    "  AND (r.valid_to IS NULL OR $asOf < r.valid_to))) "
    "AND ($from IS NULL OR (r.date IS NOT NULL AND r.date >= $from) "
    "  OR (r.date IS NULL AND r.valid_from IS NOT NULL "
    "      AND (r.valid_to IS NULL OR r.valid_to >= $from))) "
    "AND ($to IS NULL OR coalesce(r.date, r.valid_from) <= $to) "
    "AND (NOT $datedOnly OR coalesce(r.date, r.valid_from) IS NOT NULL) "
    "AND (NOT $withAmount OR r.amount IS NOT NULL) "
)

# -> rows {id, entity} for the ids of $ids that exist
ENTITIES_BY_IDS: LiteralString = one_record(
    "UNWIND $ids AS id "
    "MATCH (e:Entity {id: id}) "
    "RETURN id, " + props("e") + " AS entity",
    "id", "entity",
)

# -> up to 20 rows {entity, exact} whose name or an alias equals $name, ignoring case;
#    exact is true when the name matches with its case
ENTITIES_BY_NAME: LiteralString = (
    "MATCH (e:Entity) "
    "WHERE toLower(e.name) = toLower($name) "
    "   OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = toLower($name)) "
    "RETURN " + props("e") + " AS entity, e.name = $name AS exact "
    "ORDER BY exact DESC, e.id LIMIT 20"
)

# -> rows {entity} of one page of entities by id, optionally of one kind and country
ENTITIES_PAGE: LiteralString = one_record(
    "MATCH (e:Entity) "
    "WHERE ($kind IS NULL OR e.kind = $kind) "
    "  AND ($country IS NULL OR e.country = $country) "
    "  AND ($after IS NULL OR e.id > $after) "
    "RETURN " + props("e") + " AS entity "
    "ORDER BY e.id LIMIT $limit",
    "entity",
)

# -> rows {entity, score} of a full-text search ($q is a Lucene query built by graph.reads from
#    escaped user text), best first, resuming after ($afterScore, $afterId)
SEARCH_ENTITIES: LiteralString = one_record(
    "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node, score "
    "WHERE ($kinds IS NULL OR node.kind IN $kinds) "
    "  AND ($afterScore IS NULL OR score < $afterScore "
    "       OR (score = $afterScore AND node.id > $afterId)) "
    "RETURN " + props("node") + " AS entity, score "
    "ORDER BY score DESC, node.id LIMIT $limit",
    "entity", "score",
)

# -> rows {id, source} for the ids of $ids that exist
SOURCES_BY_IDS: LiteralString = one_record(
    "UNWIND $ids AS id "
    "MATCH (s:Source {id: id}) "
    "RETURN id, " + props("s") + " AS source",
    "id", "source",
)

# -> rows {id, after, fact, key}: per anchor row {id, after} of $rows, one page of the facts touching
#    it ($direction OUT / IN / BOTH), in FACT_KEY order
ENTITY_RELATIONSHIPS_PAGE: LiteralString = one_record(
    "UNWIND $rows AS row "
    "MATCH (e:Entity {id: row.id}) "
    "CALL (e, row) { "
    "  MATCH (e)-[r]-(:Entity) "
    "  WHERE ($direction = 'BOTH' OR ($direction = 'OUT' AND startNode(r) = e) "
    "         OR ($direction = 'IN' AND endNode(r) = e)) "
    "    AND " + FACT_FILTER + " "
    "  WITH r, " + FACT_KEY + " AS key "
    "  WHERE row.after IS NULL OR key > row.after "
    "  RETURN r, key ORDER BY key LIMIT $limit "
    "} "
    "RETURN row.id AS id, row.after AS after, " + FACT_MAP + " AS fact, key",
    "id", "after", "fact", "key",
)

# -> rows {id, after, fact, at, change, precision, key}: per anchor row {id, after} of $rows, one page of
#    its timeline: each dated fact once per point in time (HAPPENED on an event's date, STARTED
#    and ENDED at a state's bounds) within [$from, $to], oldest first
ENTITY_TIMELINE_PAGE: LiteralString = one_record(
    "UNWIND $rows AS row "
    "MATCH (e:Entity {id: row.id}) "
    "CALL (e, row) { "
    "  MATCH (e)-[r]-(:Entity) "
    "  WHERE $types IS NULL OR type(r) IN $types "
    "  UNWIND [p IN [[r.date, 'HAPPENED', r.date_precision], "
    "                [r.valid_from, 'STARTED', r.valid_from_precision], "
    "                [r.valid_to, 'ENDED', r.valid_to_precision]] WHERE p[0] IS NOT NULL] AS point "
    "  WITH r, point[0] AS at, point[1] AS change, point[2] AS precision "
    "  WHERE ($from IS NULL OR at >= $from) AND ($to IS NULL OR at <= $to) "
    "  WITH r, at, change, precision, toString(at) + '|' + change + '|' + r.fact_id AS key "
    "  WHERE row.after IS NULL OR key > row.after "
    "  RETURN r, at, change, precision, key ORDER BY key LIMIT $limit "
    "} "
    "RETURN row.id AS id, row.after AS after, " + FACT_MAP + " AS fact, at, change, precision, key",
    "id", "after", "fact", "at", "change", "precision", "key",
)

# -> rows {id, source}: the sources of every fact touching each entity of $ids, newest first
ENTITY_SOURCES: LiteralString = one_record(
    "UNWIND $ids AS id "
    "MATCH (e:Entity {id: id}) "
    "CALL (e) { "
    "  MATCH (e)-[r]-(:Entity) "
    "  UNWIND coalesce(r.source_ids, []) AS sid "
    "  WITH DISTINCT sid "
    "  MATCH (s:Source {id: sid}) "
    "  RETURN s ORDER BY s.published IS NULL, s.published DESC, s.id LIMIT $limit "
    "} "
    "RETURN id, " + props("s") + " AS source",
    "id", "source",
)

# -> rows {fact, key} of one page of facts whose sources disagree, by fact id
CONFLICTS_PAGE: LiteralString = one_record(
    "MATCH (:Entity)-[r]->(:Entity) "
    "WHERE (r.conflict = true OR size(coalesce(r.conflicts_with, [])) > 0) "
    "  AND ($after IS NULL OR r.fact_id > $after) "
    "WITH r ORDER BY r.fact_id LIMIT $limit "
    "RETURN " + FACT_MAP + " AS fact, r.fact_id AS key",
    "fact", "key",
)

# -> rows {id, degree}: the $limit entities with the most facts, most first
MOST_CONNECTED: LiteralString = (
    "MATCH (e:Entity) "
    "WITH e, COUNT { (e)--(:Entity) } AS degree "
    "RETURN e.id AS id, degree ORDER BY degree DESC, id LIMIT $limit"
)

# -> one row {kinds, relations, sources, conflicts}: [{key, count}] by entity kind and by relation type
STATS: LiteralString = (
    "CALL () { MATCH (e:Entity) WITH e.kind AS k, count(*) AS n "
    "  RETURN collect({key: k, count: n}) AS kinds } "
    "CALL () { MATCH ()-[r]->() WITH type(r) AS t, count(*) AS n "
    "  RETURN collect({key: t, count: n}) AS relations } "
    "CALL () { MATCH (s:Source) RETURN count(s) AS sources } "
    "CALL () { MATCH ()-[r]->() WHERE r.conflict = true OR size(coalesce(r.conflicts_with, [])) > 0 "
    "  RETURN count(r) AS conflicts } "
    "RETURN kinds, relations, sources, conflicts"
)


# -- builders ---------------------------------------------------------------------------------

_HOPS: Final[tuple[LiteralString, ...]] = ("1", "2", "3", "4", "5", "6")


def _hops(n: int) -> LiteralString:
    """The literal for a hop bound 1..MAX_HOPS (variable-length bounds cannot be parameters)."""
    if not 1 <= n <= MAX_HOPS:
        raise ValueError(f"hops must be between 1 and {MAX_HOPS}, not {n}")
    return _HOPS[n - 1]


def _rel(relation: str | None) -> LiteralString:
    """``[r]`` or ``[r:TYPE]`` with TYPE from the schema's allow-list."""
    if relation is None:
        return "[r]"
    return "[r:" + relation_type(relation) + "]"


def relationships_page(relation: str | None) -> LiteralString:
    """One page of facts across the graph, optionally of one type (its index scan).

    Params: the :data:`FACT_FILTER` parameters, ``$after`` (a key or null), ``$limit``.
    Returns rows ``{fact, key}`` in :data:`FACT_KEY` order.
    """
    return one_record(
        "MATCH (:Entity)-" + _rel(relation) + "->(:Entity) "
        "WHERE " + FACT_FILTER + " "
        "WITH r, " + FACT_KEY + " AS key "
        "WHERE $after IS NULL OR key > $after "
        "WITH r, key ORDER BY key LIMIT $limit "
        "RETURN " + FACT_MAP + " AS fact, key",
        "fact", "key",
    )


def relationships_between(relation: str | None) -> LiteralString:
    """Like :func:`relationships_page`, anchored on the entities of ``$between``.

    With one id in ``$between`` the facts touching it; with several, the facts joining two of
    them (either direction). Returns rows ``{fact, key}``.
    """
    return one_record(
        "MATCH (a:Entity) WHERE a.id IN $between "
        "MATCH (a)-" + _rel(relation) + "-(b:Entity) "
        "WHERE (size($between) = 1 OR b.id IN $between) AND " + FACT_FILTER + " "
        "WITH DISTINCT r "
        "WITH r, " + FACT_KEY + " AS key "
        "WHERE $after IS NULL OR key > $after "
        "WITH r, key ORDER BY key LIMIT $limit "
        "RETURN " + FACT_MAP + " AS fact, key",
        "fact", "key",
    )


def neighbors_page(depth: int) -> LiteralString:
    """Per anchor row ``{id, after}`` of ``$rows``, one page of entities within ``depth`` hops.

    Every hop must pass :data:`FACT_FILTER`. Returns rows ``{id, after, entity, distance, key}``, nearest
    first, then by id (``key`` is ``distance|id``).
    """
    return one_record(
        "UNWIND $rows AS row "
        "MATCH (e:Entity {id: row.id}) "
        "CALL (e, row) { "
        "  MATCH p = (e)-[rs*1.." + _hops(depth) + "]-(n:Entity) "
        "  WHERE n <> e AND all(r IN relationships(p) WHERE " + FACT_FILTER + ") "
        "  WITH n, min(length(p)) AS distance "
        "  WITH n, distance, toString(distance) + '|' + n.id AS key "
        "  WHERE row.after IS NULL OR key > row.after "
        "  RETURN n, distance, key ORDER BY key LIMIT $limit "
        "} "
        "RETURN row.id AS id, row.after AS after, " + props("n") + " AS entity, distance, key",
        "id", "after", "entity", "distance", "key",
    )


def shortest_paths(max_hops: int) -> LiteralString:
    """All shortest paths of at most ``max_hops`` between ``$from`` and ``$to`` (up to ``$limit``).

    Every hop must pass :data:`FACT_FILTER`. Returns rows ``{nodes, facts}``: the entities along
    the path in order and, for each hop, the fact (a :data:`FACT_MAP`).
    """
    return one_record(
        "MATCH (a:Entity {id: $fromId}), (b:Entity {id: $toId}) "
        "MATCH p = allShortestPaths((a)-[*.." + _hops(max_hops) + "]-(b)) "
        "WHERE all(r IN relationships(p) WHERE " + FACT_FILTER + ") "
        "WITH p LIMIT $limit "
        "RETURN [n IN nodes(p) | " + props("n") + "] AS nodes, "
        "  [r IN relationships(p) | " + FACT_MAP + "] AS facts",
        "nodes", "facts",
    )


def facts_by_ids() -> LiteralString:
    """The facts whose ``fact_id`` is in ``$ids``, one index seek per relation type.

    Returns rows ``{id, fact}``.
    """
    branches: list[LiteralString] = []
    for name in RELATIONS:
        rel = relation_type(name)
        branches.append("MATCH (:Entity)-[r:" + rel + " {fact_id: fid}]->(:Entity) RETURN r")
    union: LiteralString = " UNION ".join(branches)
    return one_record(
        "UNWIND $ids AS fid "
        "CALL (fid) { " + union + " } "
        "RETURN fid AS id, " + FACT_MAP + " AS fact",
        "id", "fact",
    )
