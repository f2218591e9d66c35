"""The Wikidata importer: entity JSON -> entities, sources and facts of our schema.

Input: the ``Special:EntityData/Q….json`` format (``{"entities": {"Q…": {...}}}``), a single
entity object, a JSON array of entities, or dump lines (one entity per line, trailing commas,
the ``[`` ``]`` wrapper lines). No network: referenced items (a CEO, a country) are known only
if they are in the files being imported or already in the database (matched by ``wikidata``).

Mapping (:data:`KIND_BY_CLASS`, :data:`PROPERTY_MAP`):

* ``P31`` instance of -> kind (first class that maps; items that map to no kind are skipped);
  label (en) -> ``name``, aliases (en) -> ``aliases``, description (en) -> ``description``,
  the QID -> ``wikidata``.
* ``P17`` country -> ``country`` (the country item's ``P297`` ISO code, or the ``country`` of
  the entity already holding that QID); for a place that is not a country also LOCATED_IN it.
* ``P571`` inception -> ``founded``; ``P569`` born -> ``born``; ``P856`` -> ``website``.
* ``P159`` headquarters location -> HEADQUARTERED_IN.
* ``P169`` chief executive officer -> LEADS (person -> organisation, role CEO), from ``P580``.
* ``P112`` founded by -> FOUNDED (founder -> organisation), dated by ``P571`` inception.
* ``P39`` position held -> HEAD_OF_GOVERNMENT (when the position is an instance of head of
  government, Q2285706) or MEMBER_OF, role = the position's label, to the organisation the
  position belongs to (qualifier ``P642`` "of", else the position item's ``P2389``, ``P361``
  or ``P1001``), from ``P580`` to ``P582``.
* ``P108`` employer -> WORKS_FOR, from ``P580`` to ``P582``.
* ``P127`` owned by, ``P749`` parent organisation -> PART_OF (this -> owner/parent);
  ``P1830`` owner of -> PART_OF (owned -> this).

Claims of deprecated rank, without a value, whose target is unknown, whose relation cannot join
the two kinds, or that lack the date their relation needs (a state needs ``P580``) are skipped
and listed as notes in the report. Each entity's page (``https://www.wikidata.org/wiki/Q…``)
is the source of the facts found on it. An item that already exists (same QID in ``wikidata``,
or the same id, kind and name) is merged into that entity: its existing properties and name
win, Wikidata only fills the gaps and adds aliases.

Example:
    >>> from ingest.wikidata import KIND_BY_CLASS
    >>> KIND_BY_CLASS["Q5"]
    'Person'
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from graph.cypher import ingest as qi
from graph.schema import KIND_PROPERTIES, RELATIONS
from graph.store import Store
from ingest.dates import PartialDate
from ingest.pipeline import OnBatch, ingest_read_result
from ingest.readers import ReadResult
from ingest.records import EntityRecord, build_record
from ingest.report import IngestReport
from ingest.resolve import normalize
from ingest.wikidata.entity_json import (
    _claims,
    _en,
    _first_item,
    _first_time,
    _item,
    _qualifier,
    _time,
    _value,
    read_entities_text,
    read_wikidata,
)

__all__ = [
    "HEAD_OF_GOVERNMENT_CLASS",
    "KIND_BY_CLASS",
    "PROPERTY_MAP",
    "ingest_wikidata",
    "read_entities_text",
    "read_wikidata",
    "wikidata_records",
]

logger = logging.getLogger(__name__)


KIND_BY_CLASS: dict[str, str] = {
    "Q5": "Person",  # human
    "Q7188": "Government",  # government
    "Q327333": "Agency",  # government agency
    "Q192350": "Agency",  # ministry
    "Q2659904": "Agency",  # government organization
    "Q4830453": "Company",  # business
    "Q783794": "Company",  # company
    "Q6881511": "Company",  # enterprise
    "Q891723": "Company",  # public company
    "Q1589009": "Company",  # privately held company
    "Q18388277": "Company",  # technology company
    "Q1058914": "Company",  # software company
    "Q167037": "Company",  # corporation
    "Q219577": "Company",  # holding company
    "Q43229": "Organization",  # organization
    "Q163740": "Organization",  # nonprofit organization
    "Q484652": "Organization",  # international organization
    "Q245065": "Organization",  # intergovernmental organization
    "Q31855": "Organization",  # research institute
    "Q3918": "Organization",  # university
    "Q6256": "Place",  # country
    "Q3624078": "Place",  # sovereign state
    "Q515": "Place",  # city
    "Q1549591": "Place",  # big city
    "Q5119": "Place",  # capital
    "Q1637706": "Place",  # city with millions of inhabitants
    "Q35657": "Place",  # state of the United States
    "Q82794": "Place",  # geographic region
    "Q7397": "Product",  # software
    "Q166142": "Product",  # application
    "Q115305900": "Product",  # large language model
    "Q870780": "Product",  # chatbot
    "Q1656682": "Event",  # event
    "Q2761147": "Event",  # meeting
}
"""``P31`` classes -> our kinds (extend here; the first class of an item that maps wins)."""

_COUNTRY_CLASSES = frozenset({"Q6256", "Q3624078"})
_CITY_CLASSES = frozenset({"Q515", "Q1549591", "Q5119", "Q1637706"})
HEAD_OF_GOVERNMENT_CLASS = "Q2285706"

PROPERTY_MAP: dict[str, str] = {
    "P31": "instance of -> kind",
    "P17": "country -> country (ISO code via P297); LOCATED_IN for places",
    "P571": "inception -> founded; dates FOUNDED",
    "P569": "date of birth -> born",
    "P856": "official website -> website",
    "P159": "headquarters location -> HEADQUARTERED_IN",
    "P169": "chief executive officer -> LEADS (role CEO)",
    "P112": "founded by -> FOUNDED",
    "P39": "position held -> HEAD_OF_GOVERNMENT / MEMBER_OF (P580/P582)",
    "P108": "employer -> WORKS_FOR (P580/P582)",
    "P127": "owned by -> PART_OF",
    "P1830": "owner of -> PART_OF (inverse)",
    "P749": "parent organisation -> PART_OF",
}
"""The Wikidata properties the importer reads, and what they become."""

_SLUG_CLEAN = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    return _SLUG_CLEAN.sub("-", normalize(text)).strip("-")


# -- mapping -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    qid: str
    entity: dict[str, Any]
    location: str
    kind: str | None
    label: str
    classes: list[str] = field(default_factory=list)
    id: str = ""


@dataclass(slots=True)
class _Mapper:
    items: dict[str, _Item]
    known: dict[str, dict[str, Any]]  # QID -> database entity row {id, kind, name, props}
    result: ReadResult

    def target(self, qid: str) -> tuple[str, str] | None:
        """(entity id, kind) of a QID: an imported item or an entity already in the database."""
        item = self.items.get(qid)
        if item is not None and item.kind is not None:
            return item.id, item.kind
        row = self.known.get(qid)
        if row is not None:
            return str(row["id"]), str(row["kind"])
        return None

    def label(self, qid: str) -> str:
        item = self.items.get(qid)
        if item is not None:
            return item.label
        row = self.known.get(qid)
        return str(row["name"]) if row else qid

    def fact(self, item: _Item, prop: str, relation: str, subject_qid: str, object_qid: str,
             **fields: Any) -> None:
        subj, obj = self.target(subject_qid), self.target(object_qid)
        what = f"{item.qid} {prop} {object_qid if subject_qid == item.qid else subject_qid}"
        if subj is None or obj is None:
            missing = subject_qid if subj is None else object_qid
            self.result.notes.append(f"{item.location}: skipped {what}: {missing} is not in the import "
                                     "or the database")
            return
        rel = RELATIONS[relation]
        if subj[1] not in rel.subjects or obj[1] not in rel.objects:
            self.result.notes.append(f"{item.location}: skipped {what}: {relation} cannot join "
                                     f"{subj[1]} -> {obj[1]}")
            return
        if rel.temporal == "event" and fields.get("date") is None:
            self.result.notes.append(f"{item.location}: skipped {what}: {relation} needs a date")
            return
        if rel.temporal == "state" and fields.get("valid_from") is None:
            self.result.notes.append(f"{item.location}: skipped {what}: {relation} needs a start date (P580)")
            return
        data = {k: v for k, v in fields.items() if v is not None}
        data.update(
            subject=subj[0], relation=relation, object=obj[0], source=_source_id(item.qid),
            statement=(f"Wikidata {item.qid} ({item.label}): {prop} "
                       f"{self.label(subject_qid)} -> {self.label(object_qid)}"),
            confidence=0.9,
        )
        record, issues = build_record("fact", data, item.location)
        if record is None:
            self.result.notes += [f"{i.location}: skipped {what}: {i.field}: {i.message}" for i in issues]
            return
        self.result.add(record)


def _source_id(qid: str) -> str:
    return f"wikidata-{qid.lower()}"


def _kind(entity: dict[str, Any]) -> tuple[str | None, list[str]]:
    classes = [q for c in _claims(entity, "P31") if (q := _item(c["mainsnak"]))]
    if "Q5" in classes:
        return "Person", classes
    for q in classes:
        if q in KIND_BY_CLASS:
            return KIND_BY_CLASS[q], classes
    return None, classes


def _country_code(mapper: _Mapper, qid: str | None) -> str | None:
    if qid is None:
        return None
    item = mapper.items.get(qid)
    if item is not None:
        for claim in _claims(item.entity, "P297"):
            v = _value(claim["mainsnak"])
            if isinstance(v, str) and re.fullmatch(r"[A-Z]{2}", v):
                return v
    row = mapper.known.get(qid)
    if row is not None:
        code = (row.get("props") or {}).get("country")
        if isinstance(code, str):
            return code
    return None


def _assign_ids(
    items: dict[str, _Item], known: dict[str, dict[str, Any]], by_id: dict[str, dict[str, Any]]
) -> None:
    """Give every imported item its entity id (existing entity, else a free slug, else slug-qid)."""
    taken: dict[str, str] = {}
    for qid, item in sorted(items.items()):
        if item.kind is None:
            continue
        if qid in known:
            item.id = str(known[qid]["id"])
        else:
            slug = _slug(item.label) or qid.lower()
            row = by_id.get(slug)
            same = (row is not None and row["kind"] == item.kind and not row.get("wikidata")
                    and normalize(str(row["name"])) == normalize(item.label))
            free = (row is None or same) and slug not in taken
            item.id = slug if free else f"{slug}-{qid.lower()}"
        taken[item.id] = qid


def _entity_record(mapper: _Mapper, item: _Item, existing: dict[str, Any] | None) -> EntityRecord | None:
    assert item.kind is not None
    ent = item.entity
    allowed = KIND_PROPERTIES[item.kind]
    props: dict[str, Any] = {"wikidata": item.qid, "description": _en(ent, "descriptions")}
    country = _country_code(mapper, item.qid if item.kind == "Place" and set(item.classes) & _COUNTRY_CLASSES
                            else _first_item(ent, "P17"))
    props["country"] = country
    props["founded"] = _first_time(ent, "P571")
    props["born"] = _first_time(ent, "P569")
    for claim in _claims(ent, "P856"):
        v = _value(claim["mainsnak"])
        if isinstance(v, str) and v.startswith(("http://", "https://")):
            props["website"] = v
            break
    if item.kind == "Place":
        classes = set(item.classes)
        props["place_type"] = ("country" if classes & _COUNTRY_CLASSES
                               else "city" if classes & _CITY_CLASSES else "region")
    props = {k: v for k, v in props.items() if v is not None and k in allowed}
    aliases = [a["value"] for a in (ent.get("aliases") or {}).get("en", []) if a.get("value")]
    name = item.label
    if existing is not None:
        # Curated values win: Wikidata fills only what the entity lacks.
        have = existing.get("props") or {}
        props = {k: v for k, v in props.items() if have.get(k) is None}
        if normalize(item.label) != normalize(str(existing["name"])):
            aliases.append(item.label)
        name = str(existing["name"])
    data = {"id": item.id, "kind": item.kind, "name": name, "aliases": list(dict.fromkeys(aliases)), **props}
    record, issues = build_record("entity", data, item.location)
    if record is None:
        mapper.result.issues.extend(issues)
        return None
    return record  # type: ignore[return-value]


def _map_facts(mapper: _Mapper, item: _Item) -> None:
    ent, q = item.entity, item.qid
    inception = _first_time(ent, "P571")
    for claim in _claims(ent, "P159"):
        if (hq := _item(claim["mainsnak"])):
            mapper.fact(item, "P159", "HEADQUARTERED_IN", q, hq)
    for claim in _claims(ent, "P169"):
        if (ceo := _item(claim["mainsnak"])):
            mapper.fact(item, "P169", "LEADS", ceo, q, role="CEO",
                        valid_from=_qtime(claim, "P580"), valid_to=_qtime(claim, "P582"))
    for claim in _claims(ent, "P112"):
        if (founder := _item(claim["mainsnak"])):
            mapper.fact(item, "P112", "FOUNDED", founder, q, date=inception)
    for claim in _claims(ent, "P108"):
        if (employer := _item(claim["mainsnak"])):
            mapper.fact(item, "P108", "WORKS_FOR", q, employer,
                        valid_from=_qtime(claim, "P580"), valid_to=_qtime(claim, "P582"))
    owners: dict[str, list[str]] = {}  # owned by, parent organisation: one PART_OF fact an owner
    for prop in ("P127", "P749"):
        for claim in _claims(ent, prop):
            if (owner := _item(claim["mainsnak"])) and prop not in owners.setdefault(owner, []):
                owners[owner].append(prop)
    for owner, props in owners.items():
        mapper.fact(item, ", ".join(props), "PART_OF", q, owner)
    for claim in _claims(ent, "P1830"):
        if (owned := _item(claim["mainsnak"])):
            mapper.fact(item, "P1830", "PART_OF", owned, q)
    if item.kind == "Place" and not set(item.classes) & _COUNTRY_CLASSES:
        for claim in _claims(ent, "P17"):
            country = _item(claim["mainsnak"])
            if country and country != q:
                mapper.fact(item, "P17", "LOCATED_IN", q, country)
    for claim in _claims(ent, "P39"):
        position = _item(claim["mainsnak"])
        if position:
            _position_fact(mapper, item, claim, position)


def _qtime(claim: dict[str, Any], prop: str) -> PartialDate | None:
    snak = _qualifier(claim, prop)
    return _time(snak) if snak else None


def _position_fact(mapper: _Mapper, item: _Item, claim: dict[str, Any], position: str) -> None:
    pos = mapper.items.get(position)
    of = _qualifier(claim, "P642")
    org = _item(of) if of else None
    if org is None and pos is not None:
        for prop in ("P2389", "P361", "P1001"):
            org = _first_item(pos.entity, prop)
            if org and mapper.target(org):
                break
    if org is None:
        mapper.result.notes.append(f"{item.location}: skipped {item.qid} P39 {position}: the organisation of "
                                   "the position is unknown (needs qualifier P642, or the position item with "
                                   "P2389 / P361 / P1001)")
        return
    head = pos is not None and HEAD_OF_GOVERNMENT_CLASS in [
        q for c in _claims(pos.entity, "P31") if (q := _item(c["mainsnak"]))
    ]
    target = mapper.target(org)
    relation = "HEAD_OF_GOVERNMENT" if head and target and target[1] == "Government" else "MEMBER_OF"
    mapper.fact(item, "P39", relation, item.qid, org, role=mapper.label(position),
                valid_from=_qtime(claim, "P580"), valid_to=_qtime(claim, "P582"))


def _modified(entity: dict[str, Any]) -> str | None:
    m = entity.get("modified")
    return m[:10] if isinstance(m, str) and len(m) >= 10 else None


def wikidata_records(store: Store, entities: list[tuple[dict[str, Any], str]]) -> ReadResult:
    """Map Wikidata entities to records, resolving QIDs against the database.

    Args:
        store: where entities already holding a QID (``wikidata``) are looked up.
        entities: (entity JSON, location) pairs from :func:`read_wikidata`.

    Returns:
        Entity, source and fact records; skipped claims as notes.
    """
    result = ReadResult()
    items: dict[str, _Item] = {}
    for entity, loc in entities:
        qid = str(entity["id"])
        kind, classes = _kind(entity)
        label = _en(entity, "labels") or qid
        items[qid] = _Item(qid, entity, loc, kind, label, classes)
    referenced = set(items)
    for item in items.values():
        for claims in (item.entity.get("claims") or {}).values():
            for claim in claims:
                if (q := _item(claim.get("mainsnak", {}))):
                    referenced.add(q)
    known: dict[str, dict[str, Any]] = {}
    for row in store.read(qi.ENTITIES_BY_WIKIDATA, {"qids": sorted(referenced)}):
        known.setdefault(str(row["wikidata"]), row)
    slugs = {_slug(i.label) for i in items.values()} - {""}
    by_id = {row["id"]: row for row in store.read(qi.ENTITIES_BY_ID, {"ids": sorted(slugs)})}
    known_ids = sorted(str(r["id"]) for r in known.values())
    full = {row["id"]: row for row in store.read(qi.ENTITIES_BY_ID, {"ids": known_ids})}
    for row in known.values():
        row["props"] = full.get(row["id"], {}).get("props", {})
    _assign_ids(items, known, by_id)
    mapper = _Mapper(items, known, result)
    for qid, item in sorted(items.items()):
        if item.kind is None:
            result.notes.append(f"{item.location}: skipped {qid} ({item.label}): no P31 class maps to a kind "
                                f"({', '.join(item.classes) or 'no P31'})")
            continue
        existing = full.get(item.id) or by_id.get(item.id)
        record = _entity_record(mapper, item, existing)
        if record is not None:
            result.add(record)
        src, issues = build_record("source", {
            "id": _source_id(qid), "url": f"https://www.wikidata.org/wiki/{qid}",
            "title": f"Wikidata: {item.label} ({qid})", "publisher": "Wikidata",
            "published": _modified(item.entity),
        }, item.location)
        result.issues += issues
        if src is not None:
            result.add(src)
    for _qid, item in sorted(items.items()):
        if item.kind is not None:
            _map_facts(mapper, item)
    used = {f.source for f in result.facts}
    result.sources = [s for s in result.sources if s.id in used]
    return result


def ingest_wikidata(
    store: Store,
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: bool = True,
    console: Console | None = None,
    on_batch: OnBatch | None = None,
) -> IngestReport:
    """Import Wikidata entity JSON files through the ingest pipeline.

    Args:
        store: the store.
        paths: Wikidata JSON files.
        dry_run: validate and report, write nothing.
        batch_size: rows per write transaction.
        progress: show a progress bar.
        console: where the progress bar goes.
        on_batch: called after each written batch.

    Returns:
        The report (skipped claims are in ``notes``).

    Raises:
        IngestValidationError: if the input is unreadable or a mapped record is invalid.
        IngestInterruptedError: if the database failed during the writes.
    """
    started = time.monotonic()
    files = [Path(p) for p in paths]
    entities, issues = read_wikidata(files)
    result = wikidata_records(store, entities)
    result.issues = issues + result.issues
    result.files = files
    return ingest_read_result(store, result, dry_run=dry_run, batch_size=batch_size, progress=progress,
                              console=console, on_batch=on_batch, started=started)
