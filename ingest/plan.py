"""Fact identity, and the plan that reconciles the input's facts with the database.

Identity (all hashes are BLAKE2b over the JSON of their parts, 24 hex digits):

* ``fact_key`` = hash(subject id, relation, object id, time key, identity properties), where
  the time key is ``date`` for events and ``valid_from`` for state and timeless relations, in
  its own precision ("2023", "2023-04", "2023-04-10"), and the identity properties are those
  of ``Relation.identity`` in :mod:`graph.schema` (e.g. ``role``), compared case- and
  accent-insensitively.
* ``fact_id`` = ``fact_key`` when the fact carries no amount; for relations with an amount,
  the amount and currency are part of the id when given. Two sources reporting the same fact
  give the same id (one relationship, two sources); sources disagreeing on the amount give two
  facts.
* ``conflict_key`` = hash(subject, relation, object, identity properties, year of the time
  key). Two different facts with the same conflict key *conflict* when their dates are
  incompatible but no more than 7 days apart (neither period contains the other:
  "2023-04-10" vs "2023-04-11"; but not "2023-04" vs "2023-04-10", and not "2023-01-07" vs
  "2023-06-03", which are two events) or both give an amount and the amounts or currencies differ.
  Both are kept and both get ``conflict: true`` and ``conflicts_with: [other fact ids]``.
  Facts sharing a source never conflict (one source reporting two meetings or two tranches
  reports two events), nor do investments naming different ``round`` values.
* A source that now reports other values for the same ``fact_key`` (a corrected amount) takes
  its claim off the old fact: the old fact is re-keyed in place when that source was its only
  one, otherwise the source (and its quote) is removed from it.

Example:
    >>> from ingest.records import FactRecord
    >>> f = FactRecord(subject="x", relation="MET", object="y", date="2023-04-10",
    ...                source="s", statement="met")
    >>> ident = identify(f, "sam-altman", "fumio-kishida")
    >>> ident.fact_id == ident.fact_key, len(ident.fact_id)
    (True, 24)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.schema import RELATIONS
from ingest.dates import PartialDate
from ingest.records import FactRecord
from ingest.resolve import normalize

__all__ = [
    "ExistingFact",
    "FactIdentity",
    "FactPlan",
    "PlannedFact",
    "content_hash",
    "fact_time",
    "identify",
    "native_value",
    "plan_facts",
    "reconcile",
]

logger = logging.getLogger(__name__)

_DEFAULTS: dict[str, Any] = {"source_ids": [], "quotes": [], "conflict": False, "conflicts_with": []}


def _hash(*parts: str) -> str:
    # Unit and record separators cannot occur in ids, dates or normalised text.
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


def content_hash(*parts: object) -> str:
    """A stable hash of JSON-able parts (dates as ISO strings), to tell changed rows."""
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(data.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class FactIdentity:
    """The three keys of a fact; see the module docstring."""

    fact_id: str
    fact_key: str
    conflict_key: str


def fact_time(relation: str, date: PartialDate | None, valid_from: PartialDate | None) -> PartialDate | None:
    """The time that identifies a fact: ``date`` for events, ``valid_from`` otherwise."""
    return date if RELATIONS[relation].temporal == "event" else valid_from


def _amount(amount: float | None, currency: str | None) -> tuple[float, str] | None:
    return None if amount is None else (float(amount), currency or "")


@lru_cache(maxsize=65536)
def _time_key(time: PartialDate | None) -> tuple[str, str]:
    """(the time as written, its year), memoised: large loads repeat the same days."""
    return (str(time), str(time.value.year)) if time is not None else ("", "")


def identify(fact: FactRecord, subject_id: str, object_id: str) -> FactIdentity:
    """Compute the ids of a (valid) fact whose ends resolved to ``subject_id`` / ``object_id``."""
    rel = RELATIONS[fact.relation]
    values = fact.__dict__
    time_str, year = _time_key(values["date"] if rel.temporal == "event" else values["valid_from"])
    ident = "\x1e".join(normalize(str(values[p] or "")) for p in rel.identity) if rel.identity else ""
    key = _hash("fact", subject_id, fact.relation, object_id, time_str, ident)
    claim = _amount(values["amount"], values["currency"]) if "amount" in rel.properties else None
    fact_id = key if claim is None else _hash("claim", key, repr(claim[0]), claim[1])
    conflict = _hash("conflict", subject_id, fact.relation, object_id, ident, year)
    return FactIdentity(fact_id, key, conflict)


@dataclass(slots=True)
class PlannedFact:
    """One fact of the input (all its records merged), ready to write."""

    relation: str
    fact_id: str
    subject: str
    object: str
    props: dict[str, Any]
    sources: dict[str, str]
    status: str
    confidence: float
    locations: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The row for :func:`graph.cypher.ingest.upsert_facts`."""
        return {
            "fact_id": self.fact_id,
            "subject": self.subject,
            "object": self.object,
            "props": self.props,
            "source_ids": list(self.sources),
            "quotes": list(self.sources.values()),
            "status": self.status,
            "confidence": self.confidence,
        }


# Per relation: its time fields and (field, precision property) names, and its own properties.
# A valid fact sets no others (validation refuses them), so only these are looked at.
_TIME_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    name: tuple((f, f"{f}_precision") for f in (("date",) if rel.temporal == "event" else ("valid_from", "valid_to")))
    for name, rel in RELATIONS.items()
}


def _props(fact: FactRecord, ident: FactIdentity) -> dict[str, Any]:
    props: dict[str, Any] = {"fact_key": ident.fact_key, "conflict_key": ident.conflict_key}
    values = fact.__dict__
    relation = values["relation"]
    for name, precision in _TIME_FIELDS[relation]:
        value: PartialDate | None = values[name]
        if value is not None:
            props[name] = value.value
            props[precision] = value.precision
    for name in RELATIONS[relation].properties:
        value = values[name]
        if value is not None:
            props[name] = value
    return props


def plan_facts(resolved: Iterable[tuple[FactRecord, str, str]]) -> tuple[dict[str, PlannedFact], list[str]]:
    """Group valid facts by id, merging the records of one fact (one per source).

    The first record of a fact gives its properties; later ones fill properties it left out
    (a differing value is kept out and noted). Sources accumulate with their quote (else the
    statement); a source cited again for the fact keeps its first sentence (another one is
    noted). The fact is ``curated`` if any record is; confidence is the highest among the
    records of the winning status.

    Args:
        resolved: (fact, subject id, object id) in input order.

    Returns:
        (facts by id, notes).
    """
    planned: dict[str, PlannedFact] = {}
    notes: list[str] = []
    for fact, subject_id, object_id in resolved:
        ident = identify(fact, subject_id, object_id)
        props = _props(fact, ident)
        text = fact.quote or fact.statement or ""
        assert fact.source is not None  # validated
        have = planned.get(ident.fact_id)
        if have is None:
            planned[ident.fact_id] = PlannedFact(
                fact.relation, ident.fact_id, subject_id, object_id, props,
                {fact.source: text}, fact.status, fact.confidence, [fact.location],
            )
            continue
        have.locations.append(fact.location)
        for name, value in props.items():
            old = have.props.get(name)
            if old is None:
                have.props[name] = value
            elif old != value:
                notes.append(f"{fact.location}: {name}: kept {old!s} from {have.locations[0]} "
                             f"(same fact), not {value!s}")
        given = have.sources.setdefault(fact.source, text)
        if given != text:
            notes.append(f"{fact.location}: {'quote' if fact.quote else 'statement'}: kept {given!r}, given "
                         f"earlier for source {fact.source!r} (same fact), not {text!r}")
        if fact.status == "curated" and have.status != "curated":
            have.status, have.confidence = "curated", fact.confidence
        elif fact.status == have.status:
            have.confidence = max(have.confidence, fact.confidence)
    return planned, notes


@dataclass(slots=True)
class ExistingFact:
    """A fact already in the database (properties with dates as ``datetime.date``)."""

    relation: str
    subject: str
    object: str
    props: dict[str, Any]

    @property
    def fact_id(self) -> str:
        return str(self.props.get("fact_id"))

    @classmethod
    def from_row(cls, relation: str, row: Mapping[str, Any]) -> ExistingFact:
        """Build from a row of :func:`graph.cypher.ingest.existing_facts`."""
        props = {k: native_value(v) for k, v in dict(row["props"]).items()}
        return cls(relation, row["subject"], row["object"], props)


def native_value(value: Any) -> Any:
    """Neo4j DATE values as ``datetime.date`` (lists element-wise); other values as they are."""
    to_native = getattr(value, "to_native", None)
    if to_native is not None and not isinstance(value, dt.date):
        native = to_native()
        if isinstance(native, dt.date) and not isinstance(native, dt.datetime):
            return native
        return value
    if isinstance(value, list):
        return [native_value(v) for v in value]
    return value


@dataclass(slots=True)
class FactPlan:
    """What the writes will do, and the expected status of each input fact.

    Attributes:
        rows: input facts to write (expected created or updated), by relation.
        statuses: expected status by fact id (created / updated / unchanged).
        rekeys: (relation, {old, new, fact_key, conflict_key}) re-keyed in place first.
        removals: (relation, {fact_id, source_id}) claims to take off.
        deletions: fact ids that lose their last source.
        conflict_rows: (relation, {fact_id, conflict, conflicts_with}) flags to set last.
        conflicts: (fact id, ids it conflicts with) in the touched groups, after the run.
        conflict_groups: one line per group of conflicting facts, for people to read.
        extra_updated: facts outside the input whose flags or claims change.
    """

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    rekeys: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    removals: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    deletions: set[str] = field(default_factory=set)
    conflict_rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    conflicts: list[tuple[str, list[str]]] = field(default_factory=list)
    conflict_groups: list[str] = field(default_factory=list)
    extra_updated: int = 0


def _merge_state(old: dict[str, Any] | None, fact: PlannedFact) -> dict[str, Any]:
    """The properties the upsert query will leave (mirrors graph.cypher.ingest.upsert_facts)."""
    new: dict[str, Any] = dict(old) if old is not None else {"fact_id": fact.fact_id, **_DEFAULTS}
    new.update(fact.props)
    if not (new.get("status") == "curated" and fact.status != "curated"):
        new["confidence"] = fact.confidence
    new["status"] = "curated" if new.get("status") == "curated" else fact.status
    sids, quotes = list(new.get("source_ids") or []), list(new.get("quotes") or [])
    for sid, text in fact.sources.items():
        if sid in sids:
            quotes[sids.index(sid)] = text
        else:
            sids.append(sid)
            quotes.append(text)
    new["source_ids"], new["quotes"] = sids, quotes
    return new


def _time_of(relation: str, props: Mapping[str, Any]) -> PartialDate | None:
    name = "date" if RELATIONS[relation].temporal == "event" else "valid_from"
    value, precision = props.get(name), props.get(f"{name}_precision")
    if not isinstance(value, dt.date) or precision not in ("day", "month", "year"):
        return None
    return PartialDate(value, precision)


_SAME_EVENT_DAYS = 7
"""Incompatible dates closer than this are one event reported differently, a conflict."""


def _disagree(relation: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two facts of one conflict group are sources disagreeing (see the module doc)."""
    if set(a.get("source_ids") or ()) & set(b.get("source_ids") or ()):
        return False  # one source reporting both: two events (two meetings, two tranches)
    if a.get("round") and b.get("round") and normalize(str(a["round"])) != normalize(str(b["round"])):
        return False  # a seed and a series A are two investments
    ta, tb = _time_of(relation, a), _time_of(relation, b)
    if ta is not None and tb is not None and not ta.compatible(tb):
        # Reports a few days apart disagree about one event; months apart they are two events
        # (two meetings of the same people in one year).
        return abs((ta.value - tb.value).days) <= _SAME_EVENT_DAYS
    if a.get("amount") is not None and b.get("amount") is not None:
        return (float(a["amount"]), a.get("currency")) != (float(b["amount"]), b.get("currency"))
    return False


def _describe(relation: str, fact_id: str, props: Mapping[str, Any]) -> str:
    time = _time_of(relation, props)
    parts = [str(time) if time else "undated"]
    if props.get("amount") is not None:
        parts.append(f"{props['amount']:,.0f} {props.get('currency') or ''}".strip())
    return f"{' '.join(parts)} ({', '.join(props.get('source_ids') or [])}; {fact_id})"


def reconcile(planned: Mapping[str, PlannedFact], existing: Iterable[ExistingFact]) -> FactPlan:
    """Compare the input's facts with the database's facts of the same conflict groups.

    Args:
        planned: the input's facts by id.
        existing: the database's facts whose ``conflict_key`` is one of the input's.

    Returns:
        The plan: rows to write with their expected status, claims to withdraw, and the
        conflict flags to set.
    """
    plan = FactPlan()
    db: dict[str, ExistingFact] = {e.fact_id: e for e in existing}
    state: dict[str, dict[str, Any]] = {fid: dict(e.props) for fid, e in db.items()}
    relation_of: dict[str, str] = {fid: e.relation for fid, e in db.items()}
    ends: dict[str, tuple[str, str]] = {fid: (e.subject, e.object) for fid, e in db.items()}
    ends.update({fid: (f.subject, f.object) for fid, f in planned.items()})

    # Claims a source withdraws: it now reports other values for the same fact_key.
    claimed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for fact in planned.values() if db else ():
        for sid in fact.sources:
            claimed[(sid, fact.props["fact_key"])].add(fact.fact_id)
    stale: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fid, ex in db.items():
        if fid in planned:
            continue
        for sid in ex.props.get("source_ids") or []:
            key = (sid, ex.props.get("fact_key"))
            if key in claimed:
                stale[key].append(fid)  # type: ignore[index]
    taken: set[str] = set()
    for (sid, _fkey), old_ids in sorted(stale.items()):
        targets = claimed[(sid, _fkey)]
        for old in sorted(old_ids):
            ex, old_state = db[old], state.get(old)
            if old_state is None:
                continue
            new_id = next(iter(targets)) if len(targets) == 1 else None
            if (new_id is not None and old_state.get("source_ids") == [sid]
                    and new_id not in state and new_id not in taken):
                fact = planned[new_id]
                plan.rekeys.append((ex.relation, {
                    "old": old, "new": new_id, "fact_key": fact.props["fact_key"],
                    "conflict_key": fact.props["conflict_key"],
                }))
                moved = dict(old_state, fact_id=new_id, fact_key=fact.props["fact_key"],
                             conflict_key=fact.props["conflict_key"])
                state[new_id] = moved
                relation_of[new_id] = ex.relation
                ends[new_id] = (ex.subject, ex.object)
                del state[old]
                taken.add(new_id)
                continue
            plan.removals.append((ex.relation, {"fact_id": old, "source_id": sid}))
            keep = [i for i, s in enumerate(old_state.get("source_ids") or []) if s != sid]
            old_state["source_ids"] = [old_state["source_ids"][i] for i in keep]
            old_state["quotes"] = [(old_state.get("quotes") or [])[i] for i in keep]
            if not keep:
                plan.deletions.add(old)
                del state[old]
            else:
                plan.extra_updated += 1

    # How many facts each conflict group holds: only groups of two or more need a closer look.
    sizes: Counter[tuple[str, str]] = Counter(
        (f.relation, f.props["conflict_key"]) for f in planned.values())
    for fid, props in state.items():
        if fid not in planned:
            sizes[(relation_of[fid], str(props.get("conflict_key")))] += 1

    # Expected state and status of every input fact.
    for fid, fact in planned.items():
        old = state.get(fid)
        if old is None:
            plan.statuses[fid] = "created"
            plan.rows.setdefault(fact.relation, []).append(fact.row())
            if sizes[(fact.relation, fact.props["conflict_key"])] > 1:
                state[fid] = _merge_state(None, fact)
                relation_of[fid] = fact.relation
            continue
        new = _merge_state(old, fact)
        status = "unchanged" if new == old and fid not in taken else "updated"
        plan.statuses[fid] = status
        if status != "unchanged":
            plan.rows.setdefault(fact.relation, []).append(fact.row())
        state[fid] = new
        relation_of[fid] = fact.relation

    # Conflicts within each group of two or more.
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for fid, props in state.items():
        key = (relation_of[fid], str(props.get("conflict_key")))
        if sizes[key] > 1:
            groups[key].append(fid)
    for (relation, _ck), ids in groups.items():
        ids.sort()
        in_conflict = [f for f in ids if any(_disagree(relation, state[f], state[o]) for o in ids if o != f)]
        if in_conflict:
            subject, obj = ends[in_conflict[0]]
            plan.conflict_groups.append(f"{relation} {subject} -> {obj}: " + " vs ".join(
                _describe(relation, f, state[f]) for f in in_conflict))
        for fid in ids:
            others = [o for o in ids if o != fid and _disagree(relation, state[fid], state[o])]
            flag = bool(others)
            if others:
                plan.conflicts.append((fid, others))
            cur = state[fid]
            if cur.get("conflict", False) != flag or list(cur.get("conflicts_with") or []) != others:
                plan.conflict_rows.append((relation, {"fact_id": fid, "conflict": flag, "conflicts_with": others}))
                if fid in planned:
                    if plan.statuses[fid] == "unchanged":
                        plan.statuses[fid] = "updated"
                else:
                    plan.extra_updated += 1
    plan.conflict_groups.sort()
    plan.conflicts.sort()
    return plan
