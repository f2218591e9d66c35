"""Reading Wikidata entity JSON, and the helpers that read claims, values and qualifiers.

Example:
    >>> read_entities_text('[\\n{"id": "Q5", "labels": {}},\\n]', "dump.json")[0][0][0]["id"]
    'Q5'
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import ValidationIssue
from ingest.dates import PartialDate

__all__ = ["read_entities_text", "read_wikidata"]

logger = logging.getLogger(__name__)

_TIME = re.compile(r"^[+]?(\d{4,})-(\d{2})-(\d{2})T")


# -- reading -------------------------------------------------------------------------------


def _read_lines(text: str, where: str) -> tuple[list[tuple[dict[str, Any], str]], list[ValidationIssue]]:
    """Dump mode: one entity per line, trailing commas and the ``[`` / ``]`` lines allowed."""
    out: list[tuple[dict[str, Any], str]] = []
    issues: list[ValidationIssue] = []
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip().rstrip(",")
        if s in ("", "[", "]"):
            continue
        try:
            item = json.loads(s)
        except json.JSONDecodeError as e:
            issues.append(ValidationIssue(f"{where}:{n}", "(json)", f"not valid JSON: {e.msg}"))
            continue
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.append((item, f"{where}:{n}"))
        else:
            issues.append(ValidationIssue(f"{where}:{n}", "(json)", "expected an entity object with an id"))
    return out, issues


def read_entities_text(text: str, where: str) -> tuple[list[tuple[dict[str, Any], str]], list[ValidationIssue]]:
    """Parse Wikidata entity JSON in any of the accepted shapes.

    Dump lines (one entity per line) are located by line (``file:line``); a whole JSON
    document (``Special:EntityData``) by QID (``file:Q42``).

    Args:
        text: the file's text.
        where: the file name, for locations.

    Returns:
        ([(entity JSON, location)], issues).
    """
    lines, line_issues = _read_lines(text, where)
    if lines and not line_issues:
        return lines, []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        if lines:
            return lines, line_issues  # a dump with some broken lines
        return [], [ValidationIssue(f"{where}:{e.lineno}", "(json)", f"not valid JSON: {e.msg}")]
    if isinstance(doc, dict) and isinstance(doc.get("entities"), dict):
        items = list(doc["entities"].values())
    elif isinstance(doc, dict) and "id" in doc:
        items = [doc]
    elif isinstance(doc, list):
        items = doc
    else:
        return [], [ValidationIssue(where, "(json)", 'expected {"entities": {...}}, an entity or a list')]
    out: list[tuple[dict[str, Any], str]] = []
    issues: list[ValidationIssue] = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            out.append((item, f"{where}:{item['id']}"))
        else:
            issues.append(ValidationIssue(where, "(json)", "an entry without an id"))
    return out, issues


def read_wikidata(paths: Iterable[Path]) -> tuple[list[tuple[dict[str, Any], str]], list[ValidationIssue]]:
    """Read Wikidata entity JSON files (see :func:`read_entities_text`)."""
    entities: list[tuple[dict[str, Any], str]] = []
    issues: list[ValidationIssue] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            issues.append(ValidationIssue(str(path), "(file)", f"cannot read: {e}"))
            continue
        got, bad = read_entities_text(text, str(path))
        entities += got
        issues += bad
    return entities, issues


# -- claims --------------------------------------------------------------------------------


def _claims(entity: dict[str, Any], prop: str) -> Iterator[dict[str, Any]]:
    for claim in (entity.get("claims") or {}).get(prop, []):
        if claim.get("rank") != "deprecated" and claim.get("mainsnak", {}).get("snaktype") == "value":
            yield claim


def _value(snak: dict[str, Any]) -> Any:
    return snak.get("datavalue", {}).get("value")


def _item(snak: dict[str, Any]) -> str | None:
    v = _value(snak)
    if isinstance(v, dict) and v.get("id"):
        return str(v["id"])
    if isinstance(v, dict) and v.get("numeric-id") is not None:
        return f"Q{v['numeric-id']}"
    return None


def _time(snak: dict[str, Any]) -> PartialDate | None:
    v = _value(snak)
    if not isinstance(v, dict) or not isinstance(v.get("time"), str):
        return None
    m = _TIME.match(v["time"])
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    precision = int(v.get("precision", 11))
    try:
        if precision >= 11 and day != "00":
            return PartialDate.parse(f"{year}-{month}-{day}")
        if precision >= 10 and month != "00":
            return PartialDate.parse(f"{year}-{month}")
        if precision >= 9:
            return PartialDate.parse(year)
    except ValueError:
        return None
    return None


def _qualifier(claim: dict[str, Any], prop: str) -> dict[str, Any] | None:
    for snak in (claim.get("qualifiers") or {}).get(prop, []):
        if snak.get("snaktype") == "value":
            return dict(snak)
    return None


def _first_item(entity: dict[str, Any], prop: str) -> str | None:
    for claim in _claims(entity, prop):
        qid = _item(claim["mainsnak"])
        if qid:
            return qid
    return None


def _first_time(entity: dict[str, Any], prop: str) -> PartialDate | None:
    for claim in _claims(entity, prop):
        t = _time(claim["mainsnak"])
        if t:
            return t
    return None


def _en(entity: dict[str, Any], key: str) -> str | None:
    block = entity.get(key) or {}
    for lang in ("en", "mul"):
        if isinstance(block.get(lang), dict) and block[lang].get("value"):
            return str(block[lang]["value"])
    for v in block.values():
        if isinstance(v, dict) and v.get("value"):
            return str(v["value"])
    return None



