"""The load pipeline: read -> validate -> resolve entities -> plan -> batched writes.

Everything is validated before anything is written: if any record of any file is rejected,
:class:`ingest.errors.IngestValidationError` (a :class:`graph.errors.ValidationError`) lists
every issue with its ``file:line`` and field, and the database is not touched.

Writes go in batches (``batch_size`` rows per ``UNWIND``), each batch one managed write
transaction, in this order: sources, entities, withdrawn claims, facts, conflict flags. Every
write is an idempotent ``MERGE`` on ids (entity id, source id, deterministic fact id), so a run
that fails half-way (the database dies) leaves a consistent prefix and is safe to re-run: the
re-run creates what is missing and leaves the rest unchanged. Rows the plan knows to be
unchanged are not sent at all, so a re-run of the same files writes nothing.

Example:
    >>> from graph.store import Store
    >>> with Store.connect() as store:                           # doctest: +SKIP
    ...     report = ingest_paths(store, ["data/"])
    ...     report.facts.created
    312
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from graph.bulk import collector_paused
from graph.cypher import ingest as qi
from graph.errors import AmbiguousEntityError, ValidationIssue
from graph.schema import RELATIONS
from graph.store import Store
from ingest.dates import PartialDate
from ingest.errors import IngestValidationError
from ingest.plan import ExistingFact, PlannedFact, content_hash, native_value, plan_facts, reconcile
from ingest.readers import CURATED_SUFFIXES, ReadResult, expand_paths, read_file
from ingest.records import EntityRecord, FactRecord, SourceRecord
from ingest.report import IngestReport
from ingest.resolve import EntityIndex, EntityInfo
from ingest.validate import check_fact_shape, check_join, fact_shape_ok, merge_entities, merge_sources
from ingest.writer import OnBatch, PlanWriter, chunks

__all__ = ["OnBatch", "ingest_paths", "ingest_read_result", "ingest_records"]

logger = logging.getLogger(__name__)


_LOOKUP_CHUNK = 20_000
_GC_PAUSE_RECORDS = 10_000
"""Loads of at least this many records run with the cyclic garbage collector paused."""


def ingest_paths(
    store: Store,
    paths: Iterable[Path | str],
    *,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: bool = True,
    console: Console | None = None,
    on_batch: OnBatch | None = None,
) -> IngestReport:
    """Load curated files (YAML, CSV, JSON Lines) and folders of them.

    Args:
        store: the store to write to (and to resolve entities against).
        paths: files and folders (walked recursively for ``.yaml``/``.yml``, ``.csv``,
            ``.jsonl``/``.ndjson``).
        dry_run: validate and report what would change, write nothing.
        batch_size: rows per ``UNWIND`` write transaction.
        progress: show a progress bar (on ``console``, stderr by default).
        console: where the progress bar goes.
        on_batch: called after each written batch (phase, done, total).

    Returns:
        The report (counts per status, conflicts, notes).

    Raises:
        IngestValidationError: if any record of any file is invalid (nothing is written).
        IngestInterruptedError: if the database failed during the writes (safe to re-run).
    """
    started = time.monotonic()
    files = expand_paths(paths, CURATED_SUFFIXES)
    result = ReadResult()
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not any(f.is_relative_to(p) for f in files):
            result.issues.append(ValidationIssue(str(p), "(path)", "no curated files (.yaml, .csv, .jsonl) here"))
    for f in files:
        result.extend(read_file(f))
    return ingest_read_result(store, result, dry_run=dry_run, batch_size=batch_size, progress=progress,
                              console=console, on_batch=on_batch, started=started)


def ingest_records(
    store: Store,
    *,
    entities: Sequence[EntityRecord] = (),
    sources: Sequence[SourceRecord] = (),
    facts: Sequence[FactRecord] = (),
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: bool = False,
    console: Console | None = None,
    on_batch: OnBatch | None = None,
) -> IngestReport:
    """Load records built in code, with the same validation, resolution and idempotence.

    Records without a location are named ``entities[i]``, ``sources[i]``, ``facts[i]`` in
    issues. Facts may name entities and sources already in the database.

    Args:
        store: the store.
        entities: entity records.
        sources: source records.
        facts: fact records.
        dry_run: validate and report, write nothing.
        batch_size: rows per write transaction.
        progress: show a progress bar.
        console: where the progress bar goes.
        on_batch: called after each written batch.

    Returns:
        The report.

    Raises:
        IngestValidationError: with every issue; nothing is written.
        IngestInterruptedError: if the database failed during the writes (safe to re-run).

    Example:
        >>> report = ingest_records(store, facts=[FactRecord(            # doctest: +SKIP
        ...     subject="Sam Altman", relation="MET", object="Kishida", date="2023-04-10",
        ...     source="observer-altman-japan-2023", statement="They met in Tokyo.")])
    """
    result = ReadResult()
    for name, records in (("entities", entities), ("sources", sources), ("facts", facts)):
        for i, rec in enumerate(records):
            if rec.location == "<input>":
                rec.at(f"{name}[{i}]")
            result.add(rec)
    return ingest_read_result(store, result, dry_run=dry_run, batch_size=batch_size, progress=progress,
                              console=console, on_batch=on_batch)


# -- the run -------------------------------------------------------------------------------


def ingest_read_result(
    store: Store,
    result: ReadResult,
    *,
    dry_run: bool = False,
    batch_size: int = 1000,
    progress: bool = False,
    console: Console | None = None,
    on_batch: OnBatch | None = None,
    started: float | None = None,
) -> IngestReport:
    """Validate, resolve, plan and write what readers produced (see :func:`ingest_paths`).

    Raises:
        IngestValidationError: if anything is invalid (nothing is written).
        IngestInterruptedError: if the database failed during the writes.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    large = len(result.facts) + len(result.entities) + len(result.sources) >= _GC_PAUSE_RECORDS
    # A large load builds a few objects per record, all alive until it ends: see graph.bulk.
    with collector_paused(large):
        return _ingest(store, result, dry_run=dry_run, batch_size=batch_size, progress=progress,
                       console=console, on_batch=on_batch, started=started)


def _ingest(
    store: Store,
    result: ReadResult,
    *,
    dry_run: bool,
    batch_size: int,
    progress: bool,
    console: Console | None,
    on_batch: OnBatch | None,
    started: float | None,
) -> IngestReport:
    t0 = started if started is not None else time.monotonic()
    report = IngestReport(files=list(result.files), dry_run=dry_run, notes=list(result.notes))
    issues = list(result.issues)
    for what, n in result.rejected.items():
        report.count({"entity": "entities", "source": "sources", "fact": "facts"}[what], "rejected", n)

    entities, ent_issues, notes = merge_entities(result.entities)
    issues += ent_issues
    report.notes += notes
    report.count("entities", "rejected", len({i.location for i in ent_issues}))
    sources, src_issues, notes = merge_sources(result.sources)
    issues += src_issues
    report.notes += notes
    report.count("sources", "rejected", len(src_issues))

    # What the database already holds: the input's entities and sources, and fact ends.
    refs = {r for f in result.facts for r in (f.subject, f.object)}
    db_entities = _lookup_entities(store, set(entities) | (refs - set(entities)))
    for eid, merged in entities.items():
        db = db_entities.get(eid)
        if db is not None and db["kind"] != merged.kind:
            issues.append(ValidationIssue(merged.record.field_location("kind"), "kind",
                                          f"entity {eid!r} is a {db['kind']} in the database, not a {merged.kind}"))
            report.count("entities", "rejected")
    index = EntityIndex()
    for row in db_entities.values():
        index.add(_info(row))
    for merged in entities.values():
        rec = merged.record
        index.add(EntityInfo(rec.id, rec.kind, rec.name, tuple(merged.aliases), rec.wikidata))
    if any(r not in index.by_id for r in refs):
        # A name or alias: resolution must see every entity of the database too.
        index_db = EntityIndex()
        for row in store.read(qi.ENTITY_DIRECTORY):
            index_db.add(_info(row))
        for info in index.by_id.values():
            index_db.add(info)
        index = index_db
    src_ids = {f.source for f in result.facts if f.source} | set(sources)
    db_sources = _lookup_sources(store, src_ids)

    resolved: list[tuple[FactRecord, str, str]] = []
    by_id = index.by_id
    for fact in result.facts:
        # The common case in a few dict look-ups: a well-formed fact naming both ends by id,
        # of kinds its relation joins, with a known source.
        values = fact.__dict__
        rel = RELATIONS.get(values["relation"])
        subj, obj = by_id.get(values["subject"]), by_id.get(values["object"])
        source = values["source"]
        if (rel is not None and subj is not None and obj is not None and subj.kind in rel.subjects
                and obj.kind in rel.objects and (source in sources or source in db_sources)
                and fact_shape_ok(values)):
            resolved.append((fact, subj.id, obj.id))
            continue
        bad, subj, obj = _check_fact(fact, index, sources, db_sources)
        if bad:
            issues += bad
            report.count("facts", "rejected")
        elif subj is not None and obj is not None:  # resolved by name or alias
            resolved.append((fact, subj.id, obj.id))

    if issues:
        issues.sort(key=_issue_order)
        report.issues = issues
        report.seconds = time.monotonic() - t0
        raise IngestValidationError(issues, report)

    source_rows = [_source_row(s) for s in sources.values()]
    source_status = {r["id"]: _status(db_sources.get(r["id"]), r["content_hash"]) for r in source_rows}
    entity_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)  # created ones
    changed_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    entity_status: dict[str, str] = {}
    for merged in entities.values():
        row = _entity_row(merged.record, merged.aliases)
        entity_status[merged.id] = _entity_status(db_entities.get(merged.id), merged.kind, row)
        if entity_status[merged.id] == "created":
            entity_rows[merged.kind].append(row)
        elif entity_status[merged.id] == "updated":
            changed_rows[merged.kind].append(row)
    for status in source_status.values():
        if dry_run or status == "unchanged":
            report.count("sources", status)
    for status in entity_status.values():
        if dry_run or status == "unchanged":
            report.count("entities", status)
    by_relation: dict[str, list[tuple[FactRecord, str, str]]] = defaultdict(list)
    for item in resolved:
        by_relation[item[0].relation].append(item)

    with contextlib.ExitStack() as stack:
        writer: PlanWriter | None = None
        if not dry_run:
            expected = (len(resolved) + sum(len(r) for r in (*entity_rows.values(), *changed_rows.values()))
                        + sum(1 for s in source_status.values() if s != "unchanged"))
            writer = stack.enter_context(PlanWriter(
                store, report, batch_size=batch_size, expected_rows=expected, progress=progress,
                console=console, on_batch=on_batch))
            writer.sources([r for r in source_rows if source_status[r["id"]] != "unchanged"])
            writer.entities(dict(entity_rows), dict(changed_rows))
        # Relations are independent (ids, claims and conflict groups all include the relation):
        # each is planned while the writer thread writes what came before.
        for _relation, items in sorted(by_relation.items()):
            planned, notes = plan_facts(items)
            report.notes += notes
            plan = reconcile(planned, _existing_facts(store, planned))
            report.conflicts += len(plan.conflicts)
            report.conflict_pairs += plan.conflicts
            report.conflict_groups += plan.conflict_groups
            report.removed_claims += len(plan.removals)
            report.deleted_facts += len(plan.deletions)
            if writer is not None:
                writer.facts(plan, len(planned))
            else:
                for status in plan.statuses.values():
                    report.count("facts", status)
                report.count("facts", "updated", plan.extra_updated)
        if writer is not None:
            writer.finish()
    report.conflict_groups.sort()
    report.seconds = time.monotonic() - t0
    logger.info("ingest: %s", report)
    return report


def _issue_order(issue: ValidationIssue) -> tuple[str, int]:
    path, _, line = issue.location.rpartition(":")
    if path and line.isdigit():
        return (path, int(line))
    return (issue.location, 0)


def _check_fact(
    fact: FactRecord, index: EntityIndex, sources: Mapping[str, Any], db_sources: Mapping[str, str]
) -> tuple[list[ValidationIssue], EntityInfo | None, EntityInfo | None]:
    """Every issue of one fact (its shape, both ends, its source), and its ends as resolved.

    The ends are resolved by id, name or alias; an end that does not resolve is None (and an
    issue says why).
    """
    bad = check_fact_shape(fact)
    rel = RELATIONS.get(fact.relation)
    ends: list[EntityInfo | None] = []
    for end, kinds in (("subject", rel.subjects if rel else None), ("object", rel.objects if rel else None)):
        ref = getattr(fact, end)
        try:
            info = index.resolve(ref, kinds)
        except AmbiguousEntityError as e:
            bad.append(ValidationIssue(fact.field_location(end), end,
                                       f"{ref!r} is ambiguous: it matches {', '.join(e.candidates)}; use an id"))
            info = None
        else:
            if info is None:
                bad.append(ValidationIssue(fact.field_location(end), end,
                                           f"unknown entity {ref!r} (no id, name or alias matches, "
                                           "in the input or the database)"))
        ends.append(info)
    subj, obj = ends
    if subj is not None and obj is not None:
        bad += check_join(fact, subj.kind, obj.kind)
    if fact.source and fact.source not in sources and fact.source not in db_sources:
        bad.append(ValidationIssue(fact.field_location("source"), "source",
                                   f"unknown source {fact.source!r} (not in the input or the database)"))
    return bad, subj, obj


# -- look-ups ------------------------------------------------------------------------------


def _info(row: dict[str, Any]) -> EntityInfo:
    return EntityInfo(row["id"], row["kind"], row["name"] or row["id"], tuple(row["aliases"] or ()),
                      row.get("wikidata"), in_database=True)


def _lookup_entities(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(sorted(ids), _LOOKUP_CHUNK):
        for row in store.read(qi.ENTITIES_BY_ID, {"ids": list(chunk)}):
            out[row["id"]] = row
    return out


def _lookup_sources(store: Store, ids: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in chunks(sorted(ids), _LOOKUP_CHUNK):
        for row in store.read(qi.SOURCES_BY_ID, {"ids": list(chunk)}):
            out[row["id"]] = row["content_hash"] or ""
    return out


def _existing_facts(store: Store, planned: dict[str, PlannedFact]) -> list[ExistingFact]:
    by_rel: dict[str, set[str]] = defaultdict(set)
    for fact in planned.values():
        by_rel[fact.relation].add(fact.props["conflict_key"])
    out: list[ExistingFact] = []
    for relation, keys in sorted(by_rel.items()):
        if not store.read(qi.count_facts(relation))[0]["n"]:
            continue  # nothing of this type yet (a first load): skip the scan
        for chunk in chunks(sorted(keys), _LOOKUP_CHUNK):
            rows = store.read(qi.existing_facts(relation), {"keys": list(chunk)})
            out += [ExistingFact.from_row(relation, row) for row in rows]
    return out


def _status(old_hash: str | None, new_hash: str) -> str:
    if old_hash is None:
        return "created"
    return "unchanged" if old_hash == new_hash else "updated"


_BOOKKEEPING = frozenset({"content_hash", "aliases_text", "recorded_at"})


def _entity_status(db: dict[str, Any] | None, kind: str, row: dict[str, Any]) -> str:
    """What upserting ``row`` would do to the node (mirrors graph.cypher.ingest.upsert_entities)."""
    if db is None:
        return "created"
    old = {k: native_value(v) for k, v in db["props"].items() if k not in _BOOKKEEPING}
    new = dict(old)
    new.update(row["props"])
    new.update(id=row["id"], kind=kind, name=row["name"])
    aliases = list(old.get("aliases") or [])
    new["aliases"] = aliases + [a for a in row["aliases"] if a not in aliases]
    return "unchanged" if new == old else "updated"


def _entity_row(rec: EntityRecord, aliases: list[str]) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for name, value in rec.properties().items():
        if isinstance(value, PartialDate):
            props[name] = value.value
            props[f"{name}_precision"] = value.precision
        else:
            props[name] = value
    return {"id": rec.id, "name": rec.name, "aliases": aliases, "props": props,
            "aliases_text": "".join(" " + a for a in aliases),  # as upsert_entities computes it
            "content_hash": content_hash(rec.kind, rec.name, aliases, props)}


def _source_row(rec: SourceRecord) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": rec.id, "url": rec.url, "title": rec.title, "publisher": rec.publisher,
        "published": rec.published.value if rec.published else None,
        "published_precision": rec.published.precision if rec.published else None,
    }
    row["content_hash"] = content_hash(row)
    return row
