"""The one source of truth for the data model.

Entity kinds, relationship types (with the kinds they may join, their properties and how they
sit in time) and the constraints and indexes derived from them live here and nowhere else. The
ingest validation, the GraphQL enums and the database DDL all read this module, so adding a
relation type is a one-line change to :data:`RELATIONS`.

Example:
    >>> from graph.schema import RELATIONS, can_join
    >>> RELATIONS["MET"].temporal
    'event'
    >>> can_join("HAS_OFFICE_IN", "Company", "Place")
    True
    >>> can_join("HAS_OFFICE_IN", "Place", "Company")
    False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, LiteralString

__all__ = [
    "ENTITY_LABEL",
    "FACT_PROPERTIES",
    "KINDS",
    "KIND_PROPERTIES",
    "PRECISIONS",
    "RELATIONS",
    "SOURCE_LABEL",
    "STATUSES",
    "Relation",
    "Temporal",
    "can_join",
    "kind_label",
    "relation_type",
    "schema_statements",
]

Temporal = Literal["event", "state", "timeless"]
"""How a relation sits in time.

* ``event``: happened on a day (``date`` required), e.g. a meeting or an investment.
* ``state``: held over a period (``valid_from`` required, ``valid_to`` optional), e.g. a role.
* ``timeless``: structural, dates optional, e.g. Tokyo is located in Japan.
"""

ENTITY_LABEL: Final = "Entity"
SOURCE_LABEL: Final = "Source"

KINDS: Final[tuple[str, ...]] = (
    "Company",  # companies, labs, investors, chip makers
    "Person",  # founders, executives, heads of government, ministers, investors
    "Government",  # a national (or supranational) government, e.g. Government of Japan
    "Agency",  # regulators, ministries, AI safety institutes, courts acting as regulators
    "Organization",  # non-profits, standards bodies, intergovernmental groups (G7, OECD)
    "Place",  # cities, regions and countries (``place_type`` tells which)
    "Product",  # AI models and products
    "Event",  # summits, multi-party meetings
)

KIND_PROPERTIES: Final[dict[str, tuple[str, ...]]] = {
    "Company": ("country", "founded", "website", "wikidata", "description", "company_type"),
    "Person": ("country", "born", "wikidata", "description"),
    "Government": ("country", "wikidata", "website", "description"),
    "Agency": ("country", "founded", "website", "wikidata", "description"),
    "Organization": ("country", "founded", "website", "wikidata", "description"),
    "Place": ("country", "place_type", "wikidata", "description"),
    "Product": ("wikidata", "website", "description", "product_type"),
    "Event": ("date", "place", "website", "wikidata", "description"),
}
"""Optional properties each kind may carry besides ``id``, ``name`` and ``aliases``."""

PRECISIONS: Final[tuple[str, ...]] = ("day", "month", "year")
STATUSES: Final[tuple[str, ...]] = ("curated", "extracted")

FACT_PROPERTIES: Final[tuple[str, ...]] = (
    "fact_id",
    "date",
    "date_precision",
    "valid_from",
    "valid_from_precision",
    "valid_to",
    "valid_to_precision",
    "confidence",
    "status",
    "source_ids",
    "quotes",
    "recorded_at",
    "conflict",
    "conflicts_with",
)
"""Properties every fact (relationship) carries, whatever its type."""


@dataclass(frozen=True, slots=True)
class Relation:
    """A relationship type: which kinds it joins, its own properties and its time shape."""

    subjects: frozenset[str]
    objects: frozenset[str]
    temporal: Temporal
    properties: tuple[str, ...] = ()
    description: str = ""
    identity: tuple[str, ...] = field(default=())
    """Properties that tell two facts of the same type between the same ends apart (e.g. role)."""


def _k(*kinds: str) -> frozenset[str]:
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds in schema: {sorted(unknown)}")
    return frozenset(kinds)


_ACTORS = _k("Person", "Company", "Government", "Agency", "Organization")
_ORGS = _k("Company", "Government", "Agency", "Organization")

RELATIONS: Final[dict[str, Relation]] = {
    "MET": Relation(
        _k("Person"), _k("Person"), "event", ("place",),
        "Two people met (a bilateral meeting or call).",
    ),
    "HEAD_OF_GOVERNMENT": Relation(
        _k("Person"), _k("Government"), "state", ("role",),
        "Heads a government (prime minister, president, chancellor).", ("role",),
    ),
    "LEADS": Relation(
        _k("Person"), _ORGS, "state", ("role",),
        "Leads an organisation (CEO, chair, minister, director).", ("role",),
    ),
    "WORKS_FOR": Relation(
        _k("Person"), _ORGS, "state", ("role",),
        "Works for an organisation in a role.", ("role",),
    ),
    "FOUNDED": Relation(
        _k("Person", "Company", "Government", "Organization"), _ORGS, "event", (),
        "Founded or established an organisation.",
    ),
    "HAS_OFFICE_IN": Relation(
        _k("Company", "Organization"), _k("Place"), "state", ("office_type",),
        "Has an office in a place (valid_from = opening).",
    ),
    "HEADQUARTERED_IN": Relation(
        _ORGS, _k("Place"), "timeless", (),
        "Has its headquarters in a place.",
    ),
    "LOCATED_IN": Relation(
        _k("Place", "Event"), _k("Place"), "timeless", (),
        "A place (or event) lies within a place.",
    ),
    "GOVERNS": Relation(
        _k("Government"), _k("Place"), "timeless", (),
        "A government governs a country or region.",
    ),
    "PART_OF": Relation(
        _k("Agency", "Company", "Organization"), _ORGS, "timeless", (),
        "Is a part, unit or subsidiary of an organisation or government.",
    ),
    "RELEASED": Relation(
        _k("Company", "Organization"), _k("Product"), "event", (),
        "Released a model or product.",
    ),
    "INVESTED_IN": Relation(
        _ACTORS, _k("Company", "Organization"), "event", ("amount", "currency", "round"),
        "Invested in a company (amount in units of currency).",
    ),
    "PARTNERS_WITH": Relation(
        _ORGS, _ORGS, "event", ("topic",),
        "Announced a partnership or agreement.",
    ),
    "ACQUIRED": Relation(
        _k("Company"), _k("Company", "Product"), "event", ("amount", "currency"),
        "Acquired a company or product.",
    ),
    "REGULATES": Relation(
        _k("Government", "Agency", "Organization"), _k("Company", "Product"), "event",
        ("action", "amount", "currency"),
        "A regulatory or enforcement action (action: fine, ban, investigation, order, ...).",
        ("action",),
    ),
    "MEMBER_OF": Relation(
        _ACTORS, _k("Organization", "Government"), "state", ("role",),
        "Is a member of an organisation (or of a government, e.g. a minister).", ("role",),
    ),
    "ATTENDED": Relation(
        _ACTORS, _k("Event"), "event", ("role",),
        "Attended or took part in an event such as a summit.",
    ),
}


def kind_label(kind: str) -> LiteralString:
    """Return the label for an entity kind, refusing anything not in :data:`KINDS`.

    Labels cannot be Cypher parameters, so this allow-list is what keeps user input out of
    query text.

    Raises:
        ValueError: if ``kind`` is not a known kind.

    Example:
        >>> kind_label("Company")
        'Company'
    """
    for known in KINDS:
        if kind == known:
            return known  # the literal from the allow-list, never the caller's string
    raise ValueError(f"unknown entity kind {kind!r}; expected one of {', '.join(KINDS)}")


def relation_type(name: str) -> LiteralString:
    """Return the relationship type for ``name``, refusing anything not in :data:`RELATIONS`.

    Raises:
        ValueError: if ``name`` is not a known relation.

    Example:
        >>> relation_type("MET")
        'MET'
    """
    for known in _RELATION_NAMES:
        if name == known:
            return known
    raise ValueError(
        f"unknown relation {name!r}; expected one of {', '.join(_RELATION_NAMES)}"
    )


def can_join(relation: str, subject_kind: str, object_kind: str) -> bool:
    """Tell whether ``relation`` may go from a ``subject_kind`` to an ``object_kind``."""
    rel = RELATIONS.get(relation)
    return rel is not None and subject_kind in rel.subjects and object_kind in rel.objects


_RELATION_NAMES: Final[tuple[LiteralString, ...]] = (
    "MET", "HEAD_OF_GOVERNMENT", "LEADS", "WORKS_FOR", "FOUNDED", "HAS_OFFICE_IN",
    "HEADQUARTERED_IN", "LOCATED_IN", "GOVERNS", "PART_OF", "RELEASED", "INVESTED_IN",
    "PARTNERS_WITH", "ACQUIRED", "REGULATES", "MEMBER_OF", "ATTENDED",
)
if set(_RELATION_NAMES) != set(RELATIONS):  # pragma: no cover - guards edits to this file
    raise RuntimeError("graph.schema: _RELATION_NAMES and RELATIONS disagree")

_KIND_LABELS: Final[tuple[LiteralString, ...]] = (
    "Company", "Person", "Government", "Agency", "Organization", "Place", "Product", "Event",
)
if _KIND_LABELS != KINDS:  # pragma: no cover
    raise RuntimeError("graph.schema: _KIND_LABELS and KINDS disagree")


def schema_statements() -> list[LiteralString]:
    """The constraints and indexes of the model, each idempotent (``IF NOT EXISTS``).

    Derived from :data:`KINDS` and :data:`RELATIONS`: a fact-id, a date and a conflict-key index
    per relation type, a uniqueness constraint on entity and source ids, a full-text index over
    names and aliases.
    """
    stmts: list[LiteralString] = [
        "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE",
        "CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE",
        "CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name)",
        "CREATE INDEX entity_kind IF NOT EXISTS FOR (e:Entity) ON (e.kind)",
        "CREATE INDEX source_url IF NOT EXISTS FOR (s:Source) ON (s.url)",
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliases_text]",
    ]
    for rel in _RELATION_NAMES:
        lower: LiteralString = rel.lower()
        stmts.append(
            "CREATE INDEX fact_id_" + lower + " IF NOT EXISTS FOR ()-[r:" + rel + "]-() ON (r.fact_id)"
        )
        stmts.append(
            "CREATE INDEX fact_date_" + lower + " IF NOT EXISTS FOR ()-[r:" + rel + "]-() "
            "ON (r.date, r.valid_from)"
        )
        stmts.append(
            "CREATE INDEX fact_conflict_" + lower + " IF NOT EXISTS FOR ()-[r:" + rel + "]-() "
            "ON (r.conflict_key)"
        )
    return stmts
