"""Queries of article ingest: the gazetteer, the facts an article may join, rule annotations.

Every value is a ``$parameter``; a relationship type enters query text only through
:func:`graph.schema.relation_type`.
"""

from __future__ import annotations

from typing import LiteralString

from graph.schema import relation_type

__all__ = ["FACTS_BETWEEN", "GAZETTEER_ENTRIES", "annotate_rules"]

# -> rows {id, kind, name, aliases, date, date_precision} of every entity (the article gazetteer)
GAZETTEER_ENTRIES: LiteralString = (
    "MATCH (e:Entity) "
    "RETURN e.id AS id, e.kind AS kind, e.name AS name, coalesce(e.aliases, []) AS aliases, "
    "e.date AS date, e.date_precision AS date_precision "
    "ORDER BY e.id"
)

# -> rows {i, subject, object, props} of the facts of type row.relation between row.subject and
#    row.object, in that direction, or in either when row.symmetric; rows are
#    {i, subject, object, relation, symmetric}
FACTS_BETWEEN: LiteralString = (
    "UNWIND $rows AS row "
    "MATCH (s:Entity {id: row.subject})-[r]-(o:Entity {id: row.object}) "
    "WHERE type(r) = row.relation AND (row.symmetric OR startNode(r) = s) "
    "RETURN row.i AS i, startNode(r).id AS subject, endNode(r).id AS object, properties(r) AS props"
)


def annotate_rules(relation: str) -> LiteralString:
    """Add ``row.rule`` ("<source id>:<rule name>") to the ``rules`` list of facts ``row.fact_id``.

    Rows are {fact_id, rule}; a fact already carrying the entry is not touched (no write).
    Returns {n}, the number of facts annotated.
    """
    rel = relation_type(relation)
    return (
        "UNWIND $rows AS row "
        "MATCH ()-[r:" + rel + " {fact_id: row.fact_id}]->() "
        "WHERE NOT row.rule IN coalesce(r.rules, []) "
        "SET r.rules = coalesce(r.rules, []) + row.rule "
        "RETURN count(r) AS n"
    )
