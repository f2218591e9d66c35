"""Capitalised names the gazetteer does not know: candidates for a person to confirm.

A candidate is a run of capitalised words ("Hirokazu Matsuno", "Downing Street", "Azure"),
possibly joined by "of", "de", "von", ... that overlaps no known mention, date or amount. Words
that are capitalised for other reasons (months, titles, nationalities, sentence openers) are
trimmed; a lone word that only ever opens sentences is dropped ("Shares rose").

The kind is guessed from the context: a title before it -> Person; "Inc." or "Labs" at the end
-> Company; "Ministry", "Commission" -> Agency; "Summit" -> Event; "in"/"at" before it -> Place.
These are never created as entities: they are reported.

Example:
    >>> c = UnknownCollector()
    >>> c.add_sentence("Chief Cabinet Secretary Hirokazu Matsuno spoke.", [], 0)
    >>> [(u.name, u.kind_guess, u.hint) for u in c.results()]
    [('Hirokazu Matsuno', 'Person', 'Chief Cabinet Secretary')]
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ingest.articles.gazetteer import Token, fold, tokenize
from ingest.articles.lexicon import EDGE_WORDS, GENERIC_WORDS
from ingest.articles.results import UnknownEntity

__all__ = ["UnknownCollector"]

logger = logging.getLogger(__name__)

_CONNECTORS: Final = frozenset(
    {"of", "de", "del", "da", "di", "von", "van", "der", "den", "la", "le", "bin", "al", "for"}
)
_GAP: Final = re.compile(r"[ \-.&'’]{1,3}")
_TITLE_BEFORE: Final = re.compile(
    r"((?:(?:[A-Z][a-z]+|Vice|Deputy|Chief|Prime)\s+){0,3}(?:Minister|Secretary|President|Chancellor|Premier|"
    r"Governor|Senator|Mayor|CEO|Chairman|Chairwoman|Chair|Director|Founder|Co-founder|Commissioner)"
    r"|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|chief executive|executive|spokesperson|spokesman|spokeswoman|analyst|"
    r"founder|co-founder|chairman|director|president|head)\s+$"
)
_COMPANY_ENDS: Final = frozenset({"inc", "corp", "ltd", "llc", "plc", "ai", "labs", "lab", "technologies", "group",
                                  "capital", "ventures", "partners", "systems", "holdings", "bank", "motors",
                                  "robotics", "networks", "semiconductor", "cloud"})
_AGENCY_WORDS: Final = frozenset({"ministry", "commission", "authority", "agency", "office", "department", "institute",
                                  "council", "regulator", "bureau", "watchdog", "court", "parliament", "congress",
                                  "senate", "administration", "committee"})
_EVENT_WORDS: Final = frozenset({"summit", "conference", "forum", "expo", "meeting", "congress"})
_PLACE_WORDS: Final = frozenset({"street", "park", "city", "valley", "island", "province", "state", "county"})


@dataclass
class _Candidate:
    name: str
    kind: str | None
    hint: str | None
    sentence: str
    count: int
    initial_only: bool
    order: int


class UnknownCollector:
    """Collects unknown-name candidates over the sentences of one article."""

    def __init__(self) -> None:
        self._found: dict[str, _Candidate] = {}
        self._non_initial: set[str] = set()

    def add_sentence(self, sentence: str, covered: Sequence[tuple[int, int]], index: int) -> None:
        """Scan one sentence; ``covered`` are the spans of known mentions, dates and amounts."""
        tokens = [t for t in tokenize(sentence) if not any(s <= t.start < e for s, e in covered)]
        runs: list[list[int]] = []
        current: list[int] = []
        for i, tok in enumerate(tokens):
            capital = tok.surface[0].isupper() or (tok.surface[0].isdigit() and any(c.isupper() for c in tok.surface))
            joins = (
                current
                and _GAP.fullmatch(sentence[tokens[current[-1]].end : tok.start] or " ") is not None
                and not tokens[current[-1]].possessive
                and not any(s < tok.start and e > tokens[current[-1]].end for s, e in covered)
            )
            if capital and (not current or joins):
                current.append(i)
            elif capital:
                runs.append(current)
                current = [i]
            elif current and joins and tok.surface in _CONNECTORS:
                current.append(i)
            else:
                if current:
                    runs.append(current)
                current = []
        if current:
            runs.append(current)
        for run in runs:
            # A capitalised title or opener inside a run separates two names ("Acme CEO Jane Doe").
            piece: list[Token] = []
            for i in run:
                tok = tokens[i]
                if tok.norm in EDGE_WORDS and tok.surface not in _CONNECTORS:
                    if piece:
                        self._add_run(sentence, piece, index)
                    piece = []
                else:
                    piece.append(tok)
            if piece:
                self._add_run(sentence, piece, index)

    def _add_run(self, sentence: str, run: list[Token], index: int) -> None:
        # Trim capitalised common words and connectors from both ends.
        while run and (run[0].norm in EDGE_WORDS or run[0].surface in _CONNECTORS):
            run = run[1:]
        while run and (run[-1].norm in EDGE_WORDS or run[-1].surface in _CONNECTORS):
            run = run[:-1]
        if not run or all(t.norm in GENERIC_WORDS or t.norm in EDGE_WORDS for t in run):
            return
        if len(run) == 1 and len(run[0].surface) < 2:
            return
        name = sentence[run[0].start : run[-1].end]
        key = fold(name)
        initial = run[0].start == 0 or not sentence[: run[0].start].strip(" \"'“‘(")
        if not initial:
            self._non_initial.add(key)
        have = self._found.get(key)
        if have is not None:
            have.count += 1
            have.initial_only = have.initial_only and initial
            return
        kind, hint = _guess(sentence, run)
        self._found[key] = _Candidate(name, kind, hint, sentence, 1, initial, len(self._found))

    def results(self) -> list[UnknownEntity]:
        """The candidates, in order of first appearance."""
        out: list[UnknownEntity] = []
        for key, c in sorted(self._found.items(), key=lambda kv: kv[1].order):
            lone = len(c.name.split()) == 1 and not any(ch.isupper() for ch in c.name[1:])
            if c.initial_only and lone and key not in self._non_initial:
                continue  # "Shares rose ...": a capitalised opener, not a name
            out.append(UnknownEntity(c.name, c.kind, c.count, c.sentence, c.hint))
        return out


def _guess(sentence: str, run: list[Token]) -> tuple[str | None, str | None]:
    words = [t.norm for t in run]
    before = sentence[: run[0].start]
    after = sentence[run[-1].end :]
    title = _TITLE_BEFORE.search(before)
    if title:
        return "Person", title.group(1).strip()
    if words[-1] in _COMPANY_ENDS:
        return "Company", None
    if _AGENCY_WORDS & set(words):
        return "Agency", None
    if _EVENT_WORDS & set(words):
        return "Event", None
    if any(any(c.isdigit() for c in t.surface) for t in run):
        return "Product", None
    if _PLACE_WORDS & set(words) or re.search(r"\b(?:in|at|to|from|near)\s+(?:the\s+)?$", before):
        return "Place", None
    if len(run) in (2, 3) and re.match(r"\s*(?:,\s+(?:who|a|an|the)\b|\s*said\b|\s+told\b)", after):
        return "Person", None
    return None, None
