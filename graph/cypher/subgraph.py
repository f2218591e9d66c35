"""Queries of the analyst's API: entity resolution, subgraph expansion and streaming.

Every value is a ``$parameter``. Relationship types are the only varying text, and they come
from :func:`graph.schema.relation_type` (the allow-list), never from the caller's string.

The fact filter shared by the expansion and edge queries reads these parameters (``null``
switches a condition off):

* ``$as_of`` (DATE): the fact holds at that day. Events (``r.date``) from their date on; states
  when ``valid_from <= $as_of`` and (``valid_to`` is null or ``$as_of < valid_to``); timeless
  facts (no dates) always.
* ``$start`` / ``$end`` (DATE, inclusive): the fact overlaps the window. Events dated inside
  it; states with ``valid_from <= $end`` and (``valid_to`` null or ``valid_to > $start``);
  timeless facts always.
* ``$min_confidence`` (FLOAT): ``confidence >= $min_confidence`` (a missing confidence counts
  as 1.0).
* ``$known_as_of`` (DATETIME): recorded by then (``recorded_at <= $known_as_of``).
* ``$kinds`` (LIST<STRING>): entity kinds a node must have (expansion and whole-graph edges).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from graph.cypher.core import recorded_us, recorded_zoned
from graph.schema import kind_label, relation_type

__all__ = [
    "FACT_FILTER",
    "NODES_ALL",
    "NODES_BY_ELEMENT_ID",
    "NODES_BY_ID",
    "RESOLVE_BY_ID",
    "RESOLVE_BY_NAME",
    "SOURCE_URLS",
    "edges_all",
    "edges_among",
    "expand",
    "synthetic_entities",
    "synthetic_facts",
    "type_pattern",
]

# -- building blocks ---------------------------------------------------------------------

FACT_FILTER: LiteralString = (
    "($as_of IS NULL OR ((r.date IS NULL OR r.date <= $as_of) "
    "AND (r.valid_from IS NULL OR r.valid_from <= $as_of) "
    "AND (r.valid_to IS NULL OR $as_of < r.valid_to))) "
    "AND ($start IS NULL OR ((r.date IS NULL OR r.date >= $start) "
    "AND (r.valid_to IS NULL OR r.valid_to > $start))) "
    "AND ($end IS NULL OR ((r.date IS NULL OR r.date <= $end) "
    "AND (r.valid_from IS NULL OR r.valid_from <= $end))) "
    "AND ($min_confidence IS NULL OR coalesce(r.confidence, 1.0) >= $min_confidence) "
    "AND ($known_as_of IS NULL OR r.recorded_at <= $known_as_of)"
)



def _props(var: LiteralString) -> LiteralString:
    """Two columns: ``props`` (the properties of ``var``) and ``recorded_us``.

    ``recorded_at`` travels in ``recorded_us`` (:func:`graph.cypher.core.recorded_us`), with
    ``props.recorded_at`` null. Any other value of ``recorded_at`` stays in ``props`` as it is
    (``recorded_us`` null).
    """
    zoned = recorded_zoned(var)
    return (
        "CASE WHEN " + zoned + " THEN " + var + " {.*, recorded_at: null} "
        "ELSE properties(" + var + ") END AS props, "
        "CASE WHEN " + zoned + " THEN " + recorded_us(var) + " END AS recorded_us"
    )


# The columns of every edge row: {source, target, key, type, props, recorded_us, urls}.
# ``urls`` runs parallel to ``props.source_ids`` (null where a source node is missing); one
# index seek per source on the unique Source.id constraint.
_EDGE_COLUMNS: LiteralString = (
    "RETURN a.id AS source, b.id AS target, coalesce(r.fact_id, elementId(r)) AS key, "
    "type(r) AS type, " + _props("r") + ", "
    "[sid IN coalesce(r.source_ids, []) | "
    "head(COLLECT { MATCH (s:Source {id: sid}) RETURN s.url })] AS urls"
)


def type_pattern(types: Sequence[str] | None) -> LiteralString:
    """The relationship-type part of a pattern: ``""`` for any type, else ``":MET|LEADS"``.

    Raises:
        ValueError: if a type is not in :data:`graph.schema.RELATIONS`.

    Example:
        >>> type_pattern(["MET", "LEADS"])
        ':MET|LEADS'
        >>> type_pattern(None)
        ''
    """
    if not types:
        return ""
    checked: list[LiteralString] = [relation_type(t) for t in types]
    return ":" + "|".join(checked)


# -- entity resolution -------------------------------------------------------------------

# -> rows {key, id} for every key of $keys that is exactly an entity id (uses the constraint)
RESOLVE_BY_ID: LiteralString = (
    "UNWIND $keys AS key MATCH (e:Entity {id: key}) RETURN key, e.id AS id"
)

# -> rows {key, id, level} of entities whose id (0), name (1) or an alias (2) equals a key of
#    $keys case-insensitively; ``level`` ranks how the key matched (a scan over entities).
RESOLVE_BY_NAME: LiteralString = (
    "UNWIND $keys AS key WITH key, toLower(key) AS k "
    "MATCH (e:Entity) "
    "WHERE toLower(e.id) = k OR toLower(e.name) = k "
    "  OR any(a IN coalesce(e.aliases, []) WHERE toLower(a) = k) "
    "RETURN key, e.id AS id, "
    "  CASE WHEN toLower(e.id) = k THEN 0 WHEN toLower(e.name) = k THEN 1 ELSE 2 END AS level "
    "ORDER BY key, level, id"
)

# -- nodes -------------------------------------------------------------------------------

# -> rows {id, props, recorded_us} of the entities whose ids are in $ids
NODES_BY_ID: LiteralString = (
    "UNWIND $ids AS id MATCH (e:Entity {id: id}) RETURN e.id AS id, " + _props("e")
)

# -> rows {id, props, recorded_us} of every entity (of a kind in $kinds, when it is not null)
NODES_ALL: LiteralString = (
    "MATCH (e:Entity) WHERE $kinds IS NULL OR e.kind IN $kinds RETURN e.id AS id, " + _props("e")
)

# -> rows {eid, labels, props} of the nodes whose element ids are in $eids
NODES_BY_ELEMENT_ID: LiteralString = (
    "UNWIND $eids AS eid MATCH (n) WHERE elementId(n) = eid "
    "RETURN eid, labels(n) AS labels, properties(n) AS props"
)

# -> rows {id, url} of the sources whose ids are in $ids
SOURCE_URLS: LiteralString = (
    "UNWIND $ids AS sid MATCH (s:Source {id: sid}) RETURN s.id AS id, s.url AS url"
)

# -- expansion and edges -----------------------------------------------------------------


def expand(types: Sequence[str] | None) -> LiteralString:
    """One breadth-first hop: the neighbours of ``$frontier`` through facts passing the filter.

    Returns rows ``{id}`` (distinct), in either direction, restricted to ``$kinds`` when set.
    """
    return (
        "UNWIND $frontier AS fid "
        "MATCH (a:Entity {id: fid})-[r" + type_pattern(types) + "]-(b:Entity) "
        "WHERE ($kinds IS NULL OR b.kind IN $kinds) AND " + FACT_FILTER + " "
        "RETURN DISTINCT b.id AS id"
    )


def edges_among(types: Sequence[str] | None) -> LiteralString:
    """The facts between entities of ``$ids`` (both ends in it) passing the filter.

    Returns edge rows ``{source, target, key, type, props, recorded_us, urls}``, at most
    ``$limit``.
    """
    return (
        "UNWIND $ids AS id "
        "MATCH (a:Entity {id: id})-[r" + type_pattern(types) + "]->(b:Entity) "
        "WHERE b.id IN $ids AND " + FACT_FILTER + " " + _EDGE_COLUMNS + " LIMIT $limit"
    )


def edges_all(types: Sequence[str] | None) -> LiteralString:
    """Every fact passing the filter (both ends of a kind in ``$kinds`` when set).

    Returns edge rows ``{source, target, key, type, props, recorded_us, urls}``, at most
    ``$limit``.
    """
    return (
        "MATCH (a:Entity)-[r" + type_pattern(types) + "]->(b:Entity) "
        "WHERE ($kinds IS NULL OR (a.kind IN $kinds AND b.kind IN $kinds)) "
        "AND " + FACT_FILTER + " " + _EDGE_COLUMNS + " LIMIT $limit"
    )


# -- synthetic data (bench/subgraph.py and the streaming tests) ----------------------------


def synthetic_entities(kind: str) -> LiteralString:
    """Create entities of one kind from ``$rows`` ({id, props}) without merging: only for
    empty test and benchmark databases, where the upserts' bookkeeping would dominate."""
    return (
        "UNWIND $rows AS row CREATE (e:Entity:" + kind_label(kind) + " {id: row.id}) "
        "SET e += row.props, e.kind = $kind, e.recorded_at = datetime()"
    )


def synthetic_facts(relation: str) -> LiteralString:
    """Create facts of one type from ``$rows`` ({subject, object, props}); see
    :func:`synthetic_entities`."""
    return (
        "UNWIND $rows AS row MATCH (s:Entity {id: row.subject}) MATCH (o:Entity {id: row.object}) "
        "CREATE (s)-[r:" + relation_type(relation) + "]->(o) "
        "SET r = row.props, r.recorded_at = datetime()"
    )
