"""Titles around person names: "OpenAI CEO Sam Altman", "Prime Minister Fumio Kishida".

Nominal titles (before a name, or in an apposition after it) are *attested* roles: the article
says the person held the post when it was written, so the fact's ``valid_from`` is the
publication date. Verbal ones ("Microsoft appointed X as chief executive of Microsoft AI",
"X will join Microsoft AI as chief scientist") are *appointments*: ``valid_from`` is the date the
sentence gives. A title preceded by "former", "ex-" or "then-" gives no fact.

A nominal title is folded into the person's placeholder afterwards, so "OpenAI CEO Sam Altman
met ..." reads "⟦Person#1⟧ met ..." to the relation rules.

Government titles need a country: a nationality adjective ("Japanese Prime Minister"), a
country ("Japan's Prime Minister"), or else the one country the sentence (then the article)
mentions. The government is ``government-of-<country id>`` (the id convention of
``data/FORMAT.md``) when the gazetteer knows it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

from ingest.articles.lexicon import DEMONYM_RE, DEMONYMS, GOV_TITLE_RE, ORG_TITLE_RE, role_of
from ingest.articles.masking import Masked, Slot, placeholder

__all__ = ["RoleFinding", "find_roles"]

logger = logging.getLogger(__name__)

Basis = Literal["attested", "appointed"]

_ORG: Final = placeholder("Company|Organization|Agency")
_PERSON: Final = placeholder("Person")
_PLACE: Final = placeholder("Place|Government")
_MOD: Final = r"(?:(?:new|interim|acting|current|incoming)\s+)?"
_GAP: Final = r"(?:[^⟦⟧]|⟦\w+#\d+⟧){0,120}?"
_LOWER_GOV: Final = (
    r"(?:deputy prime minister|prime minister|vice president|president|chancellor|premier|"
    r"(?:[a-z]+\s+){0,2}minister)"
)


@dataclass(frozen=True, slots=True)
class _RolePattern:
    name: str
    regex: re.Pattern[str]
    nominal: bool
    basis: Basis
    confidence: float


_PATTERNS: Final[list[_RolePattern]] = [
    _RolePattern("role.org-title", re.compile(
        rf"(?P<org>{_ORG})(?:['’]s)?\s+{_MOD}(?P<title>{ORG_TITLE_RE})\s+(?P<p>{_PERSON})", re.I),
        True, "attested", 0.9),
    _RolePattern("role.gov-title", re.compile(
        rf"(?:(?P<dem>{DEMONYM_RE})\s+|(?P<place>{_PLACE})(?:['’]s)?\s+)?(?P<title>{GOV_TITLE_RE})\s+"
        rf"(?P<p>{_PERSON})"),
        True, "attested", 0.85),
    _RolePattern("role.apposition", re.compile(
        rf"(?P<p>{_PERSON}),\s+(?:the\s+|its\s+)?{_MOD}(?P<title>{ORG_TITLE_RE})\s+(?:of|at)\s+(?:the\s+)?"
        rf"(?P<org>{_ORG})", re.I),
        True, "attested", 0.85),
    _RolePattern("role.apposition-possessive", re.compile(
        rf"(?P<p>{_PERSON}),\s+(?P<org>{_ORG})['’]s\s+{_MOD}(?P<title>{ORG_TITLE_RE})\b", re.I),
        True, "attested", 0.85),
    _RolePattern("role.gov-apposition", re.compile(
        rf"(?P<p>{_PERSON}),\s+(?:the\s+)?(?:(?P<dem>{DEMONYM_RE})\s+|(?P<place>{_PLACE})['’]s\s+)"
        rf"(?P<title>(?i:{_LOWER_GOV}))\b"),
        True, "attested", 0.85),
    _RolePattern("role.bare-title", re.compile(
        rf"(?<![\w-])(?P<title>(?i:{ORG_TITLE_RE})|{GOV_TITLE_RE})\s+(?P<p>{_PERSON})"),
        True, "attested", 0.0),
    _RolePattern("appointment.verb", re.compile(
        rf"(?P<org>{_ORG})\s+(?:has\s+|had\s+|have\s+)?(?:appointed|named|hired|tapped|picked|chose|"
        rf"selected|promoted)\s+(?P<p>{_PERSON}){_GAP}\s+as\s+(?:its\s+|the\s+|a\s+)?(?:new\s+)?"
        rf"(?P<title>{ORG_TITLE_RE})\b(?:\s+(?:of|at)\s+(?:its\s+|the\s+)?(?:[\w-]+\s+){{0,4}}?"
        rf"(?P<org2>{_ORG}))?", re.I),
        False, "appointed", 0.9),
    _RolePattern("appointment.join", re.compile(
        rf"(?P<p>{_PERSON})(?:,(?:[^,⟦⟧]|⟦\w+#\d+⟧){{0,80}},)?\s+(?:will\s+|has\s+|is\s+set\s+to\s+|is\s+to\s+)?"
        rf"(?:join|joined|joins|joining|rejoin|rejoined|rejoins)\s+(?P<org>{_ORG})\s+as\s+"
        rf"(?:its\s+|the\s+|a\s+)?(?:new\s+)?(?P<title>{ORG_TITLE_RE})\b", re.I),
        False, "appointed", 0.85),
    _RolePattern("appointment.became", re.compile(
        rf"(?P<p>{_PERSON})\s+(?:became|becomes|will\s+become|has\s+become|was\s+named|has\s+been\s+named|"
        rf"was\s+appointed|has\s+been\s+appointed|was\s+elected|has\s+been\s+elected|was\s+promoted\s+to|"
        rf"is|remains)\s+(?:the\s+|its\s+)?(?:new\s+)?(?P<title>{ORG_TITLE_RE})\s+(?:of|at)\s+(?:the\s+)?"
        rf"(?P<org>{_ORG})", re.I),
        False, "appointed", 0.85),
    _RolePattern("role.led-by", re.compile(
        rf"(?P<org>{_ORG}),?\s+(?:which\s+is\s+)?(?:led|headed|run)\s+by\s+(?:its\s+)?"
        rf"(?:(?P<title>{ORG_TITLE_RE})\s+)?(?P<p>{_PERSON})", re.I),
        False, "attested", 0.8),
]

_FORMER: Final = re.compile(r"\b(?:former|ex|then|onetime|one-time|previous|erstwhile|late|outgoing)\b[\s-]*$", re.I)


@dataclass(frozen=True, slots=True)
class RoleFinding:
    """A person's role found in a sentence.

    Attributes:
        person: the person's slot.
        relation: LEADS, WORKS_FOR, HEAD_OF_GOVERNMENT or MEMBER_OF; None when the title names
            no organisation we can resolve ("CEO Naveen Rao", "Prime Minister X" in an article
            about no one country): the title is still folded into the person, but gives no fact.
        org_id: the organisation or government (None with ``relation``).
        role: the canonical role ("CEO", "Prime Minister").
        rule: the pattern that found it.
        basis: ``attested`` (valid_from = publication) or ``appointed`` (the sentence's date).
        confidence: the pattern's confidence.
        span: the masked span of the title phrase.
        nominal: whether the phrase folds into the person's placeholder.
    """

    person: Slot
    relation: str | None
    org_id: str | None
    role: str
    rule: str
    basis: Basis
    confidence: float
    span: tuple[int, int]
    nominal: bool


GovernmentOf = Callable[[str], str | None]
"""Maps a country (Place) id to its government's id, or None."""


def _country_of(m: re.Match[str], masked: Masked) -> tuple[str | None, bool]:
    """The country id named in the match ("Japanese", "Japan's"), and whether it is a government."""
    dem = m.groupdict().get("dem")
    if dem:
        return DEMONYMS.get(dem.lower()), False
    place = m.groupdict().get("place")
    if place:
        slot = masked.slots_of(place)[0]
        if slot.mention and slot.mention.entity_id:
            return slot.mention.entity_id, slot.kind == "Government"
    return None, False


def find_roles(
    masked: Masked,
    *,
    government_of: GovernmentOf,
    default_country: str | None,
) -> list[RoleFinding]:
    """Find the titled persons of a masked sentence.

    Args:
        masked: the sentence, entities masked (titles not folded yet).
        government_of: country id -> government id.
        default_country: the country the sentence or article is about, for titles that name none.

    Returns:
        The findings, in pattern order; a person gets at most one nominal title.
    """
    found: list[RoleFinding] = []
    nominal_people: set[int] = set()
    for pat in _PATTERNS:
        for m in pat.regex.finditer(masked.text):
            person = masked.slots_of(m.group("p"))[0]
            if pat.nominal and person.index in nominal_people:
                continue
            before = masked.text[max(0, m.start() - 25) : m.start()] + masked.text[m.start() : m.start("title")]
            if _FORMER.search(masked.text[max(0, m.start() - 25) : m.start()]) or re.search(
                r"\b(?:former|ex|then)\b[\s-]*(?:⟦\w+#\d+⟧(?:['’]s)?\s+)?$", before, re.I
            ):
                continue
            finding = _finding(pat, m, masked, person, government_of, default_country)
            if finding is None:
                continue
            if pat.nominal:
                nominal_people.add(person.index)
            found.append(finding)
    return found


def _finding(
    pat: _RolePattern,
    m: re.Match[str],
    masked: Masked,
    person: Slot,
    government_of: GovernmentOf,
    default_country: str | None,
) -> RoleFinding | None:
    title = m.group("title")
    groups = m.groupdict()
    org_text = groups.get("org2") or groups.get("org")
    span = (m.start(), m.end())
    title_only = RoleFinding(person, None, None, title, pat.name, pat.basis, 0.0, span, pat.nominal)
    if pat.name == "role.bare-title":
        return title_only
    if org_text:
        org = masked.slots_of(org_text)[0]
        if not (org.mention and org.mention.entity_id):
            return None
        canonical = role_of(title) if title else ("Head", "lead")
        if canonical is None:
            return None
        role, kind = canonical
        relation = "LEADS" if kind == "lead" else "WORKS_FOR" if kind == "work" else None
        if relation is None:
            return None
        return RoleFinding(person, relation, org.mention.entity_id, role, pat.name, pat.basis,
                           pat.confidence, span, pat.nominal)
    canonical = role_of(title, government=True)
    if canonical is None:
        return None
    role, kind = canonical
    country, is_government = _country_of(m, masked)
    confidence = pat.confidence
    if country is None:
        if role in ("President", "Vice President"):
            return title_only  # a president of what? too often a company's
        country = default_country
        confidence -= 0.1
    if country is None:
        return title_only
    government = country if is_government else government_of(country)
    if government is None:
        return title_only
    relation = "HEAD_OF_GOVERNMENT" if kind == "head" else "MEMBER_OF"
    return RoleFinding(person, relation, government, role, pat.name, pat.basis, confidence, span, pat.nominal)
