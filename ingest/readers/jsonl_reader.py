"""The JSON Lines reader: one JSON object per line, with a ``type`` field.

``type`` is ``entity``, ``source`` or ``fact``; the other fields are the record's (see
``data/FORMAT.md``). Blank lines are skipped. Errors name ``file:line``.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.jsonl"
    >>> _ = p.write_text('{"type": "source", "id": "s1", "url": "https://example.org"}\\n')
    >>> read_jsonl(p).sources[0].location.endswith("x.jsonl:1")
    True
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from graph.errors import ValidationIssue
from ingest.readers import ReadResult
from ingest.records import build_record

__all__ = ["read_jsonl"]

logger = logging.getLogger(__name__)


def read_jsonl(path: Path) -> ReadResult:
    """Read a JSON Lines file of entities, sources and facts.

    Args:
        path: the file (UTF-8).

    Returns:
        Records located at ``path:line``, and issues.
    """
    result = ReadResult(files=[path])
    where = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        result.issues.append(ValidationIssue(where, "(file)", f"cannot read: {e}"))
        return result
    for n, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        loc = f"{where}:{n}"
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as e:
            result.issues.append(ValidationIssue(loc, "(json)", f"not valid JSON: {e.msg} at column {e.colno}"))
            continue
        if not isinstance(obj, dict):
            result.issues.append(ValidationIssue(loc, "(json)", "expected a JSON object"))
            continue
        record_type = obj.pop("type", None)
        if record_type not in ("entity", "source", "fact"):
            result.issues.append(ValidationIssue(
                loc, "type", f"expected \"type\": \"entity\", \"source\" or \"fact\", got {record_type!r}"))
            continue
        record, issues = build_record(record_type, obj, loc)
        result.issues.extend(issues)
        if record is not None:
            result.add(record)
        else:
            result.reject(record_type)
    return result
