"""The write phase of the pipeline: batched UNWIND writes of a validated plan, with progress.

A :class:`PlanWriter` writes on one background thread, in the order jobs are given: sources,
entities (by kind: new ones without reading anything back, changed ones with a compare), then
for each relation its claim corrections (re-keys, withdrawn claims), its facts and its conflict
flags. The pipeline hands it each relation's plan as soon as it is made, so planning the next
relation overlaps writing what came before. Each batch is one
managed write transaction (retried by the driver on transient errors). Every write is an
idempotent ``MERGE`` on ids, so when the database fails midway,
:class:`ingest.errors.IngestInterruptedError` says how far it got and that re-running the same
ingest is safe.

Example:
    >>> list(chunks([1, 2, 3, 4, 5], 2))
    [[1, 2], [3, 4], [5]]
"""

from __future__ import annotations

import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from graph.cypher import ingest as qi
from graph.errors import KGError
from graph.store import Store
from ingest.errors import IngestInterruptedError
from ingest.plan import FactPlan
from ingest.report import IngestReport

__all__ = ["OnBatch", "PlanWriter", "chunks"]

logger = logging.getLogger(__name__)

OnBatch = Callable[[str, int, int], None]
"""Called after each written batch with (phase, rows written so far, rows to write)."""

_STOP = object()


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """Consecutive slices of ``items`` of at most ``size``."""
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _by_relation(items: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for relation, row in items:
        out[relation].append(row)
    return dict(sorted(out.items()))


class PlanWriter:
    """Writes jobs in order on a background thread; counts statuses into the report.

    Use as a context manager; :meth:`finish` waits for the writes and raises if one failed.

    Args:
        store: the store.
        report: the report to fill (counts by status).
        batch_size: rows per transaction.
        expected_rows: the rows expected in total (the progress bar's first estimate).
        progress: show a progress bar.
        console: where the progress bar goes (stderr by default).
        on_batch: called after each batch with (phase, done, total).
    """

    def __init__(self, store: Store, report: IngestReport, *, batch_size: int, expected_rows: int,
                 progress: bool, console: Console | None, on_batch: OnBatch | None) -> None:
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.total = expected_rows
        self.done = 0
        self.phase = "sources"
        self.on_batch = on_batch
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._error: BaseException | None = None
        self._bar = Progress(
            TextColumn("[bold]{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("rows"), TimeElapsedColumn(),
            console=console or Console(stderr=True), disable=not progress, transient=False,
        )
        self._task: TaskID | None = None
        self._thread = threading.Thread(target=self._run, name="kg-ingest-writer", daemon=True)

    # -- the caller's side ---------------------------------------------------------------

    def __enter__(self) -> Self:
        self._bar.start()
        self._task = self._bar.add_task("sources", total=max(self.total, 1))
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is not None:  # the caller failed: stop after the current batch
            self._error = self._error or exc
        self._jobs.put(_STOP)
        self._thread.join()
        self._bar.stop()

    def sources(self, rows: list[dict[str, Any]]) -> None:
        """Queue source rows (all of them to be written)."""
        self._jobs.put(("sources", rows))

    def entities(self, created: dict[str, list[dict[str, Any]]], changed: dict[str, list[dict[str, Any]]]) -> None:
        """Queue entity rows by kind: those the plan expects to create, and those it updates."""
        self._jobs.put(("entities", created, changed))

    def facts(self, plan: FactPlan, planned: int) -> None:
        """Queue one relation's plan; ``planned`` is how many input facts it covers."""
        self._jobs.put(("facts", plan, planned))

    def finish(self) -> None:
        """Wait for every queued write.

        Raises:
            IngestInterruptedError: if a write failed (the database died midway).
        """
        self._jobs.put(_STOP)
        self._thread.join()
        if self._task is not None and self._error is None:
            self._bar.update(self._task, description="loaded", total=self.done, completed=self.done)
        if isinstance(self._error, KGError):
            raise IngestInterruptedError(
                f"the database failed while writing {self.phase} after {self.done} of {self.total} rows "
                f"({self._error}); what was written is consistent, and re-running the same ingest is "
                "safe: every write is an idempotent MERGE on ids, so it completes the load without "
                "duplicates",
                self.report,
            ) from self._error
        if self._error is not None:
            raise self._error

    # -- the writer thread ---------------------------------------------------------------

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            if self._error is not None:
                continue  # drain: nothing more is written after a failure
            try:
                kind = job[0]
                if kind == "sources":
                    self._write_sources(job[1])
                elif kind == "entities":
                    self._write_entities(job[1], job[2])
                else:
                    self._write_facts(job[1], job[2])
            except BaseException as e:  # reported by finish() on the caller's thread
                self._error = e

    def _advance(self, n: int) -> None:
        self.done += n
        if self._task is not None:
            self._bar.update(self._task, completed=self.done, total=max(self.total, 1), description=self.phase)
        if self.on_batch is not None:
            self.on_batch(self.phase, self.done, self.total)

    def _write_sources(self, rows: list[dict[str, Any]]) -> None:
        self.phase = "sources"
        for chunk in chunks(rows, self.batch_size):
            for status, n in self.store.upsert_sources(list(chunk)).counts.items():
                self.report.count("sources", status, n)
            self._advance(len(chunk))

    def _write_entities(self, created: dict[str, list[dict[str, Any]]],
                        changed: dict[str, list[dict[str, Any]]]) -> None:
        self.phase = "entities"
        for rows_by_kind, write in ((created, self.store.create_entities), (changed, self.store.upsert_entities)):
            for kind, rows in sorted(rows_by_kind.items()):
                for chunk in chunks(rows, self.batch_size):
                    for status, n in write(kind, list(chunk)).counts.items():
                        self.report.count("entities", status, n)
                    self._advance(len(chunk))

    def _write_facts(self, plan: FactPlan, planned: int) -> None:
        rows = sum(len(r) for r in plan.rows.values())
        # The estimate counted every input fact; the plan writes only new or changed ones.
        self.total += rows + len(plan.rekeys) + len(plan.removals) + len(plan.conflict_rows) - planned
        self.phase = "claims"
        for relation, items in _by_relation(plan.rekeys).items():
            for chunk in chunks(items, self.batch_size):
                self.store.write(qi.rekey_facts(relation), {"rows": list(chunk)})
                self._advance(len(chunk))
        for relation, items in _by_relation(plan.removals).items():
            for chunk in chunks(items, self.batch_size):
                self.store.write(qi.remove_claims(relation), {"rows": list(chunk)})
                self._advance(len(chunk))
        self.phase = "facts"
        for relation, items in sorted(plan.rows.items()):
            for chunk in chunks(items, self.batch_size):
                summary = self.store.upsert_facts(relation, list(chunk), compare=False)
                if summary["missing_endpoint"]:
                    raise KGError(f"{summary['missing_endpoint']} {relation} fact(s) lost an endpoint "
                                  "while loading (deleted concurrently?)")
                for row in chunk:
                    self.report.count("facts", plan.statuses[row["fact_id"]])
                self._advance(len(chunk))
        self.phase = "conflicts"
        for relation, items in _by_relation(plan.conflict_rows).items():
            for chunk in chunks(items, self.batch_size):
                self.store.write(qi.set_conflicts(relation), {"rows": list(chunk)})
                self._advance(len(chunk))
        written = {r["fact_id"] for items in plan.rows.values() for r in items}
        for fid, status in plan.statuses.items():
            if fid not in written:  # unchanged, or only its conflict flags changed
                self.report.count("facts", status)
        self.report.count("facts", "updated", plan.extra_updated)
