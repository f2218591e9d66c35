"""GraphQL enums, derived from :mod:`graph.schema` (a new kind or relation appears here by itself).

Example:
    >>> from api.enums import EntityKind, RelationType
    >>> EntityKind.COMPANY.value, RelationType.MET.value
    ('Company', 'MET')
"""

from __future__ import annotations

import re
from enum import Enum

import strawberry

from graph.schema import KINDS, PRECISIONS, RELATIONS, STATUSES

__all__ = ["DatePrecision", "Direction", "EntityKind", "FactStatus", "RelationType", "TimelineChange"]


def _constant(name: str) -> str:
    """``HeadOfGovernment`` / ``head_of_government`` -> ``HEAD_OF_GOVERNMENT``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


EntityKind = strawberry.enum(
    Enum("EntityKind", {_constant(k): k for k in KINDS}),  # type: ignore[misc]
    description="The kind of an entity (graph.schema.KINDS); the value is its Neo4j label.",
)
RelationType = strawberry.enum(
    Enum("RelationType", {name: name for name in RELATIONS}),  # type: ignore[misc]
    description="The type of a fact (graph.schema.RELATIONS); the value is its relationship type.",
)
FactStatus = strawberry.enum(
    Enum("FactStatus", {_constant(s): s for s in STATUSES}),  # type: ignore[misc]
    description="curated (checked by a person) or extracted (from text by a program).",
)
DatePrecision = strawberry.enum(
    Enum("DatePrecision", {_constant(p): p for p in PRECISIONS}),  # type: ignore[misc]
    description="How precisely a date is known: to the DAY, MONTH or YEAR.",
)


@strawberry.enum(description="Which facts of an entity: where it is the subject (OUT), the object (IN), or both.")
class Direction(Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


@strawberry.enum(description="What a timeline point marks: an event HAPPENED, a state STARTED or ENDED.")
class TimelineChange(Enum):
    HAPPENED = "HAPPENED"
    STARTED = "STARTED"
    ENDED = "ENDED"
