"""The CSV reader: one CSV file per record type, told apart by its header.

* **entities**: a header with ``kind`` (``id,kind,name,aliases,country,...``);
* **sources**: a header with ``url`` (``id,url,title,publisher,published``);
* **facts**: a header with ``relation`` (``subject,relation,object,date,valid_from,...``).

Columns are the record's fields (see ``data/FORMAT.md``); an empty cell means the field is not
given; ``aliases`` holds several names separated by ``|``. Errors name ``file:line`` of the row
(the header is line 1).

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "people.csv"
    >>> _ = p.write_text("id,kind,name,aliases\\nsam-altman,Person,Sam Altman,Samuel Altman|Altman\\n")
    >>> read_csv(p).entities[0].aliases
    ['Samuel Altman', 'Altman']
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from graph.errors import ValidationIssue
from ingest.readers import ReadResult
from ingest.records import build_record

__all__ = ["ALIAS_SEPARATOR", "detect_type", "read_csv"]

logger = logging.getLogger(__name__)

ALIAS_SEPARATOR = "|"


def detect_type(header: list[str]) -> str | None:
    """The record type a CSV header describes: ``fact``, ``source``, ``entity`` or None."""
    cols = set(header)
    if "relation" in cols:
        return "fact"
    if "url" in cols:
        return "source"
    if "kind" in cols:
        return "entity"
    return None


def read_csv(path: Path) -> ReadResult:
    """Read a CSV file of entities, sources or facts (detected from the header).

    Args:
        path: the file (UTF-8, comma-separated, first line the header).

    Returns:
        Records located at ``path:line``, and issues.
    """
    result = ReadResult(files=[path])
    where = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            record_type = detect_type(header)
            if record_type is None:
                result.issues.append(ValidationIssue(
                    f"{where}:1", "(header)",
                    "cannot tell the record type: a fact CSV has a `relation` column, a source CSV "
                    "a `url` column, an entity CSV a `kind` column"))
                return result
            seen: set[str] = set()
            for col in header:
                if col in seen:
                    result.issues.append(ValidationIssue(f"{where}:1", col, "column given twice"))
                seen.add(col)
            line = reader.line_num + 1
            for row in reader:
                loc = f"{where}:{line}"
                line = reader.line_num + 1
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    result.issues.append(ValidationIssue(
                        loc, "(row)", f"{len(row)} cells for {len(header)} columns"))
                    result.reject(record_type)
                    continue
                data: dict[str, object] = {}
                for col, cell in zip(header, row, strict=True):
                    cell = cell.strip()
                    if cell == "":
                        continue
                    if col == "aliases":
                        data[col] = [a.strip() for a in cell.split(ALIAS_SEPARATOR) if a.strip()]
                    else:
                        data[col] = cell
                record, issues = build_record(record_type, data, loc)
                result.issues.extend(issues)
                if record is not None:
                    result.add(record)
                else:
                    result.reject(record_type)
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        result.issues.append(ValidationIssue(where, "(file)", f"cannot read CSV: {e}"))
    return result
