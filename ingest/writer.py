"""The write phase of the pipeline: batched UNWIND writes of a validated plan, with progress.

Order: sources, entities (by kind), claim corrections (re-keys, withdrawn claims), facts (by
relation), conflict flags. Each batch is one managed write transaction (retried by the driver on
transient errors). Every write is an idempotent ``MERGE`` on ids, so when the database fails
midway, :class:`ingest.errors.IngestInterruptedError` says how far it got and that re-running
the same ingest is safe.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.cypher import ingest as qi
from graph.errors import KGError
from graph.store import Store
from ingest.errors import IngestInterruptedError
from ingest.plan import FactPlan
from ingest.report import IngestReport

__all__ = ["OnBatch", "chunks", "write_plan"]

logger = logging.getLogger(__name__)

OnBatch = Callable[[str, int, int], None]
"""Called after each written batch with (phase, rows written so far, rows to write)."""


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of ``items`` of at most ``size``."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


@contextmanager
def _progress_bar(enabled: bool, console: Console | None) -> Iterator[Progress]:
    bar = Progress(
        TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("rows"), TimeElapsedColumn(),
        console=console or Console(stderr=True), disable=not enabled, transient=False,
    )
    with bar:
        yield bar


def write_plan(
    store: Store,
    report: IngestReport,
    plan: FactPlan,
    source_rows: list[dict[str, Any]],
    source_status: dict[str, str],
    entity_rows: dict[str, list[dict[str, Any]]],
    entity_status: dict[str, str],
    *,
    batch_size: int,
    progress: bool,
    console: Console | None,
    on_batch: OnBatch | None,
) -> None:
    """Write a validated plan in batches, counting statuses into ``report``.

    Args:
        store: the store.
        report: the report to fill (sources, entities, facts by status).
        plan: the fact plan (rows, claim corrections, conflict flags).
        source_rows: every source row; those whose status is not ``unchanged`` are written.
        source_status: expected status by source id.
        entity_rows: entity rows to write, by kind (unchanged ones already left out).
        entity_status: expected status by entity id.
        batch_size: rows per transaction.
        progress: show a progress bar.
        console: where the progress bar goes (stderr by default).
        on_batch: called after each batch with (phase, done, total).

    Raises:
        IngestInterruptedError: if the database failed midway (safe to re-run).
    """
    changed_sources = [r for r in source_rows if source_status[r["id"]] != "unchanged"]
    report.count("sources", "unchanged", len(source_rows) - len(changed_sources))
    report.count("entities", "unchanged", sum(1 for s in entity_status.values() if s == "unchanged"))
    report.count("facts", "unchanged", sum(1 for s in plan.statuses.values() if s == "unchanged"))
    n_entities = sum(len(rows) for rows in entity_rows.values())
    n_facts = sum(len(rows) for rows in plan.rows.values())
    total = (len(changed_sources) + n_entities + len(plan.rekeys) + len(plan.removals) + n_facts
             + len(plan.conflict_rows))
    done = 0
    phase = "sources"
    try:
        with _progress_bar(progress and total > 0, console) as bar:
            task = bar.add_task("sources", total=total)

            def advance(n: int) -> None:
                nonlocal done
                done += n
                bar.update(task, completed=done, description=phase)
                if on_batch is not None:
                    on_batch(phase, done, total)

            for chunk in chunks(changed_sources, batch_size):
                summary = store.upsert_sources(list(chunk))
                for status, n in summary.counts.items():
                    report.count("sources", status, n)
                advance(len(chunk))
            phase = "entities"
            for kind, rows in sorted(entity_rows.items()):
                for chunk in chunks(rows, batch_size):
                    summary = store.upsert_entities(kind, list(chunk))
                    for status, n in summary.counts.items():
                        report.count("entities", status, n)
                    advance(len(chunk))
            phase = "claims"
            for relation, rows in _by_relation(plan.rekeys).items():
                for chunk in chunks(rows, batch_size):
                    store.write(qi.rekey_facts(relation), {"rows": list(chunk)})
                    advance(len(chunk))
            for relation, rows in _by_relation(plan.removals).items():
                for chunk in chunks(rows, batch_size):
                    store.write(qi.remove_claims(relation), {"rows": list(chunk)})
                    advance(len(chunk))
            phase = "facts"
            for relation, rows in sorted(plan.rows.items()):
                for chunk in chunks(rows, batch_size):
                    summary = store.upsert_facts(relation, list(chunk), compare=False)
                    if summary["missing_endpoint"]:
                        raise KGError(f"{summary['missing_endpoint']} {relation} fact(s) lost an endpoint "
                                      "while loading (deleted concurrently?)")
                    for row in chunk:
                        report.count("facts", plan.statuses[row["fact_id"]])
                    advance(len(chunk))
            phase = "conflicts"
            for relation, rows in _by_relation(plan.conflict_rows).items():
                for chunk in chunks(rows, batch_size):
                    store.write(qi.set_conflicts(relation), {"rows": list(chunk)})
                    advance(len(chunk))
            report.count("facts", "updated", plan.extra_updated)
            _flag_only_updates(report, plan)
            bar.update(task, description="loaded")
    except KGError as e:
        raise IngestInterruptedError(
            f"the database failed while writing {phase} after {done} of {total} rows ({e}); "
            "what was written is consistent, and re-running the same ingest is safe: every "
            "write is an idempotent MERGE on ids, so it completes the load without duplicates",
            report,
        ) from e


def _flag_only_updates(report: IngestReport, plan: FactPlan) -> None:
    """Input facts the upsert did not need to touch, but whose conflict flags changed."""
    flagged = {row["fact_id"] for _, row in plan.conflict_rows}
    written = {r["fact_id"] for rows in plan.rows.values() for r in rows}
    moved = sum(1 for fid, status in plan.statuses.items()
                if status == "updated" and fid in flagged and fid not in written)
    report.facts.updated += moved


def _by_relation(items: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for relation, row in items:
        out[relation].append(row)
    return dict(sorted(out.items()))
