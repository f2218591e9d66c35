"""A sentence with its mentions replaced by placeholders, and the pattern language of the rules.

Rules are regular expressions over a *masked* sentence, where every entity mention, date and
amount is one placeholder carrying its kind and its slot number::

    OpenAI opened its first Asian office in Tokyo on Monday.
    ⟦Company#0⟧ opened its first Asian office in ⟦Place#1⟧ on ⟦Date#2⟧.

so a rule reads like the sentence it matches and checks the kinds of its ends for free.
:func:`compile_rule` expands a small template language:

* ``{S:Company|Organization}`` the subject (one placeholder of those kinds), ``{S*:...}`` a list
  of them ("A, B and C"); ``{O:...}`` / ``{O*:...}`` the same for the object;
* ``{GS}`` a gap of up to 200 characters (asides blanked by the extractor count) holding no
  other placeholder of the subject's kinds (so the subject is the nearest one before the verb);
  ``{G}`` any gap up to 60 characters;
* ``{X:...}`` an extra list of subjects ("..., along with D").

Example:
    >>> rx = compile_rule(r"{S:Person}{GS}\\b(?P<t>met)\\s+{O:Person}")
    >>> bool(rx.search("⟦Person#0⟧ met ⟦Person#1⟧"))
    True
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Final

from ingest.articles.dates import DateMention
from ingest.articles.gazetteer import Mention
from ingest.articles.money import MoneyMention

__all__ = ["PLACEHOLDER", "Masked", "Slot", "compile_rule", "placeholder"]

logger = logging.getLogger(__name__)

PLACEHOLDER: Final = re.compile(r"⟦(\w+)#(\d+)⟧")


def placeholder(kinds: str) -> str:
    """The regex of one placeholder of the ``|``-separated ``kinds``."""
    return rf"⟦(?:{kinds})#\d+⟧"


def _list(kinds: str) -> str:
    ph = placeholder(kinds)
    return rf"{ph}(?:\s*,\s*{ph})*(?:\s*,?\s+(?:and|&)\s+{ph})?"


_TEMPLATE: Final = re.compile(r"\{(S\*?|O\*?|X\*?|GS|G)(?::([A-Za-z|]+))?\}")


def compile_rule(template: str, *, flags: int = re.I) -> re.Pattern[str]:
    """Compile a rule template (see the module docstring) into a regex."""
    subject_kinds = ""

    def expand(m: re.Match[str]) -> str:
        nonlocal subject_kinds
        tag, kinds = m.group(1), m.group(2) or ""
        if tag in ("S", "S*"):
            subject_kinds = kinds
        if tag == "GS":
            if not subject_kinds:
                raise ValueError(f"{{GS}} before a subject in {template!r}")
            return rf"(?:[^⟦⟧]|⟦(?!(?:{subject_kinds})#)\w+#\d+⟧){{0,200}}?"
        if tag == "G":
            return r"(?:[^⟦⟧]|⟦\w+#\d+⟧){0,60}?"
        group = {"S": "s", "O": "o", "X": "x"}[tag[0]]
        body = _list(kinds) if tag.endswith("*") else placeholder(kinds)
        return f"(?P<{group}>{body})"

    # Kinds in placeholders are case-sensitive even when the rule's words are not.
    source = _TEMPLATE.sub(expand, template)
    return re.compile(source, flags)


@dataclass(frozen=True, slots=True)
class Slot:
    """One placeholder: an entity mention, a date or an amount, and its span in the sentence."""

    index: int
    kind: str
    start: int
    end: int
    mention: Mention | None = None
    date: DateMention | None = None
    money: MoneyMention | None = None
    role: tuple[str | None, str, str | None] | None = None
    """For a person whose title was folded in: (relation, role, organisation id)."""


@dataclass
class Masked:
    """A sentence with placeholders: ``text`` (masked) and the ``slots`` they stand for."""

    sentence: str
    slots: list[Slot]
    text: str = field(init=False)
    by_index: dict[int, Slot] = field(init=False, repr=False)
    _segments: list[tuple[int, int, int, int]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_index = {s.index: s for s in self.slots}
        parts: list[str] = []
        self._segments = []  # (masked_start, masked_end, orig_start, orig_end) of placeholders
        pos = 0
        out = 0
        for slot in sorted(self.slots, key=lambda s: s.start):
            before = self.sentence[pos : slot.start]
            parts.append(before)
            out += len(before)
            ph = f"⟦{slot.kind}#{slot.index}⟧"
            parts.append(ph)
            self._segments.append((out, out + len(ph), slot.start, slot.end))
            out += len(ph)
            pos = slot.end
        parts.append(self.sentence[pos:])
        self.text = "".join(parts)

    @classmethod
    def build(
        cls,
        sentence: str,
        mentions: list[Mention],
        dates: list[DateMention],
        money: list[MoneyMention],
    ) -> Masked:
        """Mask a sentence; mentions win over dates and amounts they overlap."""
        spans: list[tuple[int, int, Mention | DateMention | MoneyMention]] = [
            (m.start, m.end, m) for m in mentions
        ]
        for extra in [*dates, *money]:
            if not any(extra.start < e and s < extra.end for s, e, _ in spans):
                spans.append((extra.start, extra.end, extra))
        spans.sort(key=lambda t: t[0])
        slots: list[Slot] = []
        for i, (start, end, item) in enumerate(spans):
            if isinstance(item, Mention):
                kind = item.kind if item.entity_id else "Ambiguous"
                slots.append(Slot(i, kind or "Ambiguous", start, end, mention=item))
            elif isinstance(item, DateMention):
                slots.append(Slot(i, "Date", start, end, date=item))
            else:
                slots.append(Slot(i, "Money", start, end, money=item))
        return cls(sentence, slots)

    def orig(self, pos: int) -> int:
        """The sentence offset of masked offset ``pos``."""
        shift = 0
        for m_start, m_end, o_start, o_end in self._segments:
            if pos < m_start:
                break
            if pos < m_end:
                return o_start
            shift = o_end - m_end
        return pos + shift

    def slots_of(self, masked_fragment: str | None) -> list[Slot]:
        """The slots whose placeholders occur in a fragment of the masked text."""
        if not masked_fragment:
            return []
        return [self.by_index[int(i)] for _, i in PLACEHOLDER.findall(masked_fragment)]

    def slots_between(self, start: int, end: int, kind: str | None = None) -> list[Slot]:
        """The slots whose placeholders lie in masked ``[start, end)`` (of one kind if given)."""
        return [
            self.by_index[int(m.group(2))]
            for m in PLACEHOLDER.finditer(self.text, start, end)
            if kind is None or m.group(1) == kind
        ]

    def position(self, slot: Slot) -> int:
        """The masked offset of a slot's placeholder."""
        return self.text.index(f"⟦{slot.kind}#{slot.index}⟧")

    def collapse(
        self, person: Slot, start: int, end: int, role: tuple[str | None, str, str | None] | None
    ) -> Masked:
        """Fold masked ``[start, end)`` (a title phrase) into the ``person`` slot."""
        o_start, o_end = self.orig(start), self.orig(end - 1) + 1
        # end - 1 may sit inside a placeholder: take that slot's end.
        for s in self.slots:
            if s.start <= o_end - 1 < s.end:
                o_end = s.end
        kept = [s for s in self.slots if s.end <= o_start or s.start >= o_end or s.index == person.index]
        kept = [replace(s, start=o_start, end=o_end, role=role) if s.index == person.index else s for s in kept]
        return Masked(self.sentence, kept)
