"""Readers: turn curated files (YAML, CSV, JSON Lines) and Wikidata JSON into records.

Every reader returns a :class:`ReadResult`: the records it could build, and the issues (with
``file:line`` and field) of those it could not. Nothing is raised for bad input, so the
pipeline can report every problem of every file together.

Example:
    >>> from pathlib import Path
    >>> result = read_file(Path("data/facts/openai-japan.yaml"))   # doctest: +SKIP
    >>> len(result.facts) > 0                                      # doctest: +SKIP
    True
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import ValidationIssue
from ingest.records import EntityRecord, FactRecord, Record, SourceRecord

__all__ = ["CURATED_SUFFIXES", "ReadResult", "expand_paths", "read_file"]

logger = logging.getLogger(__name__)

CURATED_SUFFIXES: dict[str, str] = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""File suffix -> format, for curated files (Wikidata JSON is read by its own command)."""


@dataclass(slots=True)
class ReadResult:
    """What a reader produced: records in file order, issues, and notes (skipped input)."""

    entities: list[EntityRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)
    issues: list[ValidationIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    rejected: dict[str, int] = field(default_factory=dict)
    """Records that could not be built, by type (entity / source / fact)."""

    def reject(self, record_type: str) -> None:
        """Count one record of ``record_type`` that could not be built."""
        self.rejected[record_type] = self.rejected.get(record_type, 0) + 1

    def add(self, record: Record) -> None:
        """Append a record to its list."""
        if isinstance(record, EntityRecord):
            self.entities.append(record)
        elif isinstance(record, SourceRecord):
            self.sources.append(record)
        else:
            self.facts.append(record)

    def extend(self, other: ReadResult) -> None:
        """Append everything ``other`` holds."""
        self.entities.extend(other.entities)
        self.sources.extend(other.sources)
        self.facts.extend(other.facts)
        self.issues.extend(other.issues)
        self.notes.extend(other.notes)
        self.files.extend(other.files)
        for k, n in other.rejected.items():
            self.rejected[k] = self.rejected.get(k, 0) + n


def expand_paths(paths: Iterable[Path | str], suffixes: Iterable[str] = CURATED_SUFFIXES) -> list[Path]:
    """Expand files and folders into the sorted list of files to read.

    Folders are walked recursively; files with other suffixes there (``FORMAT.md``) are
    skipped. A file named explicitly is kept whatever its suffix, so that reading it reports
    an unknown format instead of silently ignoring it.

    Args:
        paths: files and folders.
        suffixes: the suffixes to pick up in folders.

    Returns:
        Files, each folder's in sorted order, without duplicates.
    """
    wanted = {s.lower() for s in suffixes}
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        found = (
            sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in wanted)
            if p.is_dir()
            else [p]
        )
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.append(f)
    return out


def read_file(path: Path) -> ReadResult:
    """Read one curated file, choosing the reader by its suffix.

    Args:
        path: a ``.yaml``/``.yml``, ``.csv`` or ``.jsonl``/``.ndjson`` file.

    Returns:
        The records and issues of the file (a missing file or unknown suffix is an issue).
    """
    from ingest.readers import csv_reader, jsonl_reader, yaml_reader

    result = ReadResult(files=[path])
    fmt = CURATED_SUFFIXES.get(path.suffix.lower())
    if not path.exists():
        result.issues.append(ValidationIssue(str(path), "(file)", "no such file or folder"))
        return result
    if fmt is None:
        result.issues.append(ValidationIssue(
            str(path), "(file)",
            f"unknown format {path.suffix!r}; expected one of {', '.join(CURATED_SUFFIXES)} "
            "(Wikidata JSON: `kg ingest wikidata FILE`)",
        ))
        return result
    reader = {"yaml": yaml_reader.read_yaml, "csv": csv_reader.read_csv,
              "jsonl": jsonl_reader.read_jsonl}[fmt]
    result.extend(reader(path))
    result.files = [path]
    logger.debug("read %s: %d entities, %d sources, %d facts, %d issues", path,
                 len(result.entities), len(result.sources), len(result.facts), len(result.issues))
    return result
