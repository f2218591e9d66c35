"""Core queries: health, schema introspection, housekeeping."""

from __future__ import annotations

from typing import LiteralString


def recorded_zoned(var: LiteralString) -> LiteralString:
    """True when ``var.recorded_at`` is the DATETIME the store writes (see :func:`recorded_us`)."""
    return var + ".recorded_at IS :: ZONED DATETIME"


def recorded_us(var: LiteralString) -> LiteralString:
    """``var.recorded_at`` as an integer of microseconds since the epoch (UTC).

    ``recorded_at``, the DATETIME every entity, fact and source carries, travels this way in
    the read and subgraph queries: the driver's DATETIME decoding costs more than the rest of a
    record together (about 85 us a value, 8 ms on a page of a hundred entities), and
    :func:`graph.rows.recorded_instant` rebuilds the same instant in about a microsecond. Use
    it under :func:`recorded_zoned`; any other value is passed on as it is.
    """
    return var + ".recorded_at.epochSeconds * 1000000 + " + var + ".recorded_at.microsecond"


_ONE_RECORD_HEAD: LiteralString = "CALL () { "
_ONE_RECORD_TAIL: LiteralString = " } RETURN collect({"


def one_record(query: LiteralString, *columns: LiteralString) -> LiteralString:
    """``query`` answered as one record ``{rows}``: the list of its rows as maps, in its order.

    The Python driver spends about 35 us of its own work on every record it receives, more than
    a record of a few fields costs to decode: a page of a hundred rows as a hundred records costs
    4-5 ms of client CPU, as one record about 1 ms. ``columns`` are the names ``query`` returns.

    Example:
        >>> one_record("MATCH (e:Entity) RETURN e.id AS id ORDER BY id", "id")
        'CALL () { MATCH (e:Entity) RETURN e.id AS id ORDER BY id } RETURN collect({id: id}) AS rows'
    """
    fields: LiteralString = ", ".join(c + ": " + c for c in columns)
    return _ONE_RECORD_HEAD + query + _ONE_RECORD_TAIL + fields + "}) AS rows"


def per_row(statement: LiteralString) -> LiteralString:
    """The query a :func:`one_record` statement wraps: its rows one record each (for comparisons).

    Example:
        >>> per_row(one_record("MATCH (e:Entity) RETURN e.id AS id", "id"))
        'MATCH (e:Entity) RETURN e.id AS id'

    Raises:
        ValueError: if ``statement`` was not built by :func:`one_record`.
    """
    if not statement.startswith(_ONE_RECORD_HEAD) or _ONE_RECORD_TAIL not in statement:
        raise ValueError("not a one_record statement")
    return statement[len(_ONE_RECORD_HEAD):statement.rindex(_ONE_RECORD_TAIL)]


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
