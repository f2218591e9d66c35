"""The records every reader produces: entities, sources and facts (pydantic v2, strict).

Readers (YAML, CSV, JSON Lines, Wikidata) and code (the GraphQL mutations, the article
extractor) build the same three records; unknown fields are refused (``extra="forbid"``).
Each record remembers where it came from (``record.location``: ``file:line`` for YAML, CSV
and JSON Lines; ``<input>#n`` for records built in code) so every error can name it.

Example:
    >>> f = FactRecord(subject="sam-altman", relation="MET", object="fumio-kishida",
    ...                date="2023-04-10", source="observer-altman-japan-2023",
    ...                statement="They met in Tokyo.")
    >>> f.date.precision
    'day'
    >>> build_record("fact", {"subject": "a", "relation": "MET", "object": "b", "colour": 1},
    ...              "f.yaml:3")[1][0].message  # doctest: +ELLIPSIS
    'unknown field (allowed: action, amount, confidence, currency, date, object, ...'

"""

from __future__ import annotations

import difflib
import logging
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic import ValidationError as PydanticValidationError

from graph.errors import ValidationIssue
from graph.schema import KIND_PROPERTIES, RELATIONS
from ingest.dates import PartialDate

__all__ = [
    "ENTITY_PROPERTY_FIELDS",
    "FACT_PROPERTY_FIELDS",
    "EntityRecord",
    "FactRecord",
    "Record",
    "RecordType",
    "SourceRecord",
    "build_record",
]

logger = logging.getLogger(__name__)

RecordType = Literal["entity", "source", "fact"]

_SLUG = r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*|Q[1-9][0-9]*)$"
_SOURCE_ID = r"^[a-z0-9][a-z0-9._-]*$"


class _Located(BaseModel):
    """Base for records: strict fields plus a remembered location."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=False)

    _location: str = PrivateAttr(default="<input>")
    _field_locations: dict[str, str] = PrivateAttr(default_factory=dict)

    @property
    def location(self) -> str:
        """Where the record was read (``file:line``, ``file:row``) or ``<input>`` from code."""
        # Straight from pydantic's private store: this is read once per record on large loads.
        return self.__pydantic_private__["_location"]  # type: ignore[index,no-any-return]

    def field_location(self, name: str) -> str:
        """Where field ``name`` was read (its own line in YAML), else the record's location."""
        return self._field_locations.get(name, self._location)

    def at(self, location: str, field_locations: dict[str, str] | None = None) -> _Located:
        """Set the location (readers call this); returns the record itself."""
        private = self.__pydantic_private__
        assert private is not None
        private["_location"] = location
        if field_locations:
            private["_field_locations"] = dict(field_locations)
        return self


class EntityRecord(_Located):
    """A node: an entity of one kind (see :data:`graph.schema.KINDS`).

    Kind properties (``country``, ``founded``, ...) are fields here; which of them a kind may
    carry is checked against :data:`graph.schema.KIND_PROPERTIES` by the validator.
    """

    id: str = Field(pattern=_SLUG, description="stable slug (lowercase ASCII words joined by '-') or a QID")
    kind: str
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    country: str | None = Field(None, pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")
    founded: PartialDate | None = None
    born: PartialDate | None = None
    date: PartialDate | None = None
    website: str | None = Field(None, pattern=r"^https?://\S+$")
    wikidata: str | None = Field(None, pattern=r"^Q[1-9][0-9]*$")
    description: str | None = None
    company_type: str | None = None
    place_type: str | None = None
    product_type: str | None = None
    place: str | None = None

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: object) -> object:
        if value is None:
            return []
        return value

    def properties(self) -> dict[str, Any]:
        """The kind properties that are set (no ``id``, ``kind``, ``name``, ``aliases``)."""
        values = self.__dict__
        return {name: values[name] for name in ENTITY_PROPERTY_FIELDS if values[name] is not None}


class SourceRecord(_Located):
    """A source: the public page a fact rests on."""

    id: str = Field(pattern=_SOURCE_ID)
    url: str = Field(pattern=r"^https?://\S+$")
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None


class FactRecord(_Located):
    """A fact: ``subject`` --relation--> ``object`` with its time, properties and source.

    ``subject`` and ``object`` name entities by id, name or alias (resolved at ingest).
    Event relations take ``date``; state relations ``valid_from`` (and optional ``valid_to``);
    timeless relations may take ``valid_from`` / ``valid_to``.
    """

    subject: str = Field(min_length=1)
    relation: str
    object: str = Field(min_length=1)
    date: PartialDate | None = None
    valid_from: PartialDate | None = None
    valid_to: PartialDate | None = None
    role: str | None = None
    place: str | None = None
    office_type: str | None = None
    amount: float | None = Field(None, ge=0)
    currency: str | None = Field(None, pattern=r"^[A-Z]{3}$", description="ISO 4217")
    round: str | None = None
    action: str | None = None
    topic: str | None = None
    source: str | None = None
    statement: str | None = None
    quote: str | None = None
    confidence: float = Field(1.0, ge=0.0, le=1.0)
    status: Literal["curated", "extracted"] = "curated"

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> object:
        # Curators write 10_000_000_000 or "10000000000"; refuse "10B" with a clear message.
        if isinstance(value, str):
            try:
                return float(value.replace("_", "").replace(",", ""))
            except ValueError:
                raise ValueError(f"amount must be a number in units of currency, got {value!r}") from None
        return value

    def properties(self) -> dict[str, Any]:
        """The relation properties that are set (role, amount, place, ...)."""
        values = self.__dict__
        return {name: values[name] for name in FACT_PROPERTY_FIELDS if values[name] is not None}


Record = EntityRecord | SourceRecord | FactRecord

ENTITY_PROPERTY_FIELDS: tuple[str, ...] = tuple(
    sorted({p for props in KIND_PROPERTIES.values() for p in props})
)
FACT_PROPERTY_FIELDS: tuple[str, ...] = tuple(
    sorted({p for rel in RELATIONS.values() for p in rel.properties})
)

# The schema is the source of truth: a property added there must have a typed field here.
_missing = (set(ENTITY_PROPERTY_FIELDS) - set(EntityRecord.model_fields)) | (
    set(FACT_PROPERTY_FIELDS) - set(FactRecord.model_fields)
)
if _missing:  # pragma: no cover - guards edits to graph/schema.py
    raise RuntimeError(f"ingest.records: schema properties without a record field: {sorted(_missing)}")

_MODELS: dict[str, type[_Located]] = {
    "entity": EntityRecord,
    "source": SourceRecord,
    "fact": FactRecord,
}


def _describe(err: dict[str, Any], model: type[_Located]) -> str:
    if err["type"] == "extra_forbidden":
        name = str(err["loc"][0]) if err["loc"] else ""
        allowed = sorted(model.model_fields)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown field (allowed: {', '.join(allowed)}){hint}"
    if err["type"] == "missing":
        return "required field is missing"
    msg = str(err["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    return msg


def build_record(
    record_type: str,
    data: dict[str, Any],
    location: str,
    field_locations: dict[str, str] | None = None,
) -> tuple[Record | None, list[ValidationIssue]]:
    """Build one record from a raw mapping, turning pydantic errors into located issues.

    Args:
        record_type: ``entity``, ``source`` or ``fact``.
        data: the raw field values.
        location: where the record was read (``file:line``).
        field_locations: where each field was read, when known (YAML).

    Returns:
        (the record, []) or (None, the issues, each naming the location and the field).
    """
    model = _MODELS.get(record_type)
    if model is None:
        return None, [ValidationIssue(location, "type", f"unknown record type {record_type!r}; "
                                      "expected entity, source or fact")]
    locs = field_locations or {}
    try:
        record = model.model_validate(data)
    except PydanticValidationError as e:
        issues = []
        for err in e.errors():
            name = ".".join(str(p) for p in err["loc"]) or "(record)"
            top = str(err["loc"][0]) if err["loc"] else ""
            issues.append(ValidationIssue(locs.get(top, location), name, _describe(err, model)))
        return None, issues
    record.at(location, locs)
    return record, []  # type: ignore[return-value]
