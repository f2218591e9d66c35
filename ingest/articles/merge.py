"""Merging one article's proposals: each fact once, dated as precisely as the article allows.

Example:
    >>> merge_proposals([])
    []
"""

from __future__ import annotations

import logging
from typing import Any, Final

from ingest.articles.results import ExtractedFact

__all__ = ["inherit_dates", "merge_proposals"]

logger = logging.getLogger(__name__)

_STATE_ROLES: Final = frozenset({"LEADS", "WORKS_FOR", "HEAD_OF_GOVERNMENT", "MEMBER_OF"})


def inherit_dates(facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """A fact with no date of its own takes the date of the same fact stated earlier."""
    dated: dict[tuple[Any, ...], ExtractedFact] = {}
    out: list[ExtractedFact] = []
    for f in sorted(facts, key=lambda f: f.sentence_index):
        if f.date_basis == "published" and f.relation not in _STATE_ROLES and f.key in dated:
            src = dated[f.key]
            notes = tuple(n for n in f.notes if not n.startswith("no date"))
            f = f.with_changes(date=src.date, date_text=src.date_text, date_basis="inherited",
                               confidence=round(min(0.99, f.confidence + 0.15), 2), notes=notes)
        elif f.date_basis == "text" and f.key not in dated:
            dated[f.key] = f
        out.append(f)
    return out


def _conflicting(a: ExtractedFact, b: ExtractedFact) -> bool:
    for name in ("amount", "currency"):
        x, y = a.properties.get(name), b.properties.get(name)
        if x is not None and y is not None and x != y:
            return True
    return False


def merge_proposals(facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """One proposal per fact: same key, compatible dates and no disagreeing amount."""
    order = sorted(facts, key=lambda f: (-len(f.properties), -f.confidence, f.sentence_index))
    merged: list[ExtractedFact] = []
    for f in order:
        for i, have in enumerate(merged):
            if have.key != f.key or _conflicting(have, f):
                continue
            if have.date is not None and f.date is not None and not have.date.agrees_with(f.date):
                continue
            date, date_text, basis = have.date, have.date_text, have.date_basis
            if f.date is not None and (date is None or f.date.is_finer_than(date)) and f.date_basis == "text":
                date, date_text, basis = f.date, f.date_text, f.date_basis
            props = {**f.properties, **have.properties}
            merged[i] = have.with_changes(date=date, date_text=date_text, date_basis=basis, properties=props,
                                          confidence=max(have.confidence, f.confidence))
            break
        else:
            merged.append(f)
    flagged: list[ExtractedFact] = []
    for f in merged:
        clash = any(o is not f and o.key == f.key and _conflicting(o, f)
                    and (o.date is None or f.date is None or o.date.agrees_with(f.date)) for o in merged)
        flagged.append(f.with_changes(conflict=True) if clash else f)
    flagged.sort(key=lambda f: (f.sentence_index, f.relation, f.subject, f.object))
    return flagged
