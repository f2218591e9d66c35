"""Core queries: health, schema introspection, housekeeping."""

from __future__ import annotations

from typing import LiteralString

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
