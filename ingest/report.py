"""The ingest report: what a run created, updated, left unchanged, rejected; its conflicts.

:func:`print_report` renders it as a rich table for people at a terminal (the CLI passes its
console; library code never prints).

Example:
    >>> r = IngestReport()
    >>> r.count("facts", "created", 3)
    >>> r.facts.created, r.total_created
    (3, 3)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graph.errors import ValidationIssue

__all__ = ["Counts", "IngestReport", "print_report"]

logger = logging.getLogger(__name__)

_STATUSES = ("created", "updated", "unchanged", "rejected")


@dataclass(slots=True)
class Counts:
    """Per-status counts for one record type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    @property
    def total(self) -> int:
        """All records counted."""
        return self.created + self.updated + self.unchanged + self.rejected


@dataclass(slots=True)
class IngestReport:
    """The outcome of one ingest run.

    Attributes:
        entities, sources, facts: per-status counts (``rejected`` only when validation
            failed, in which case nothing was written).
        conflicts: facts of the touched groups marked ``conflict: true`` after the run.
        conflict_pairs: (fact id, the fact ids it conflicts with) for those facts.
        conflict_groups: one readable line per group of conflicting facts.
        removed_claims: sources taken off facts because the same source now says otherwise.
        deleted_facts: facts deleted because their last source was taken off.
        files: the files read.
        notes: things worth knowing that are not errors (skipped Wikidata claims, merges).
        issues: validation issues (empty unless the run was rejected).
        dry_run: True when nothing was written on purpose.
        seconds: wall time.
    """

    entities: Counts = field(default_factory=Counts)
    sources: Counts = field(default_factory=Counts)
    facts: Counts = field(default_factory=Counts)
    conflicts: int = 0
    conflict_pairs: list[tuple[str, list[str]]] = field(default_factory=list)
    conflict_groups: list[str] = field(default_factory=list)
    removed_claims: int = 0
    deleted_facts: int = 0
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    dry_run: bool = False
    seconds: float = 0.0

    def count(self, what: str, status: str, n: int = 1) -> None:
        """Add ``n`` to the ``status`` count of ``what`` (entities, sources or facts)."""
        counts: Counts = getattr(self, what)
        if status not in _STATUSES:
            raise ValueError(f"unknown status {status!r}")
        setattr(counts, status, getattr(counts, status) + n)

    @property
    def total_created(self) -> int:
        """Entities, sources and facts created."""
        return self.entities.created + self.sources.created + self.facts.created

    @property
    def total_updated(self) -> int:
        """Entities, sources and facts updated."""
        return self.entities.updated + self.sources.updated + self.facts.updated

    @property
    def ok(self) -> bool:
        """True when the run was not rejected."""
        return not self.issues


def print_report(report: IngestReport, console: Console | None = None, *, max_notes: int = 10) -> None:
    """Render the report as a summary table (and a few notes) on ``console``.

    Args:
        report: the report.
        console: where to print (a new stdout console by default).
        max_notes: how many notes and conflicts to show.
    """
    out = console or Console()
    title = "ingest (dry run: nothing written)" if report.dry_run else "ingest"
    table = Table(title=title, title_justify="left")
    table.add_column("")
    for status in _STATUSES:
        table.add_column(status, justify="right")
    for what in ("entities", "sources", "facts"):
        c: Counts = getattr(report, what)
        table.add_row(what, *(str(getattr(c, s)) for s in _STATUSES))
    out.print(table)
    tail = [f"{len(report.files)} file(s)",
            f"facts in conflict: {report.conflicts} ({len(report.conflict_groups)} group(s))"]
    if report.removed_claims:
        tail.append(f"claims withdrawn: {report.removed_claims}")
    if report.deleted_facts:
        tail.append(f"facts deleted: {report.deleted_facts}")
    tail.append(f"{report.seconds:.1f} s")
    out.print(", ".join(tail), highlight=False)
    for line in report.conflict_groups[:max_notes]:
        out.print(f"  conflict: {line}", markup=False, highlight=False, soft_wrap=True)
    if len(report.conflict_groups) > max_notes:
        out.print(f"  ... and {len(report.conflict_groups) - max_notes} more conflict(s)", highlight=False)
    for note in report.notes[:max_notes]:
        out.print(f"  note: {note}", markup=False, highlight=False, soft_wrap=True)
    if len(report.notes) > max_notes:
        out.print(f"  ... and {len(report.notes) - max_notes} more note(s)", highlight=False)
