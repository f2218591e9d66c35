"""Word lists the rules read: job titles, nationality adjectives, words that are not names.

Each title maps to its canonical role and to the relation it implies:

* ``lead``: heads the organisation (CEO, chair, president of a company) -> ``LEADS``;
* ``work``: a post inside it (CTO, chief scientist) -> ``WORKS_FOR``;
* ``head``: heads a government (prime minister, president of a country) -> ``HEAD_OF_GOVERNMENT``;
* ``member``: sits in a government (minister, secretary, vice president) -> ``MEMBER_OF``.

Example:
    >>> role_of("chief executive officer"), role_of("Prime Minister")
    (('CEO', 'lead'), ('Prime Minister', 'head'))
    >>> DEMONYMS["japanese"]
    'japan'
"""

from __future__ import annotations

import logging
import re
from typing import Final, Literal

__all__ = [
    "DEMONYMS",
    "EDGE_WORDS",
    "GENERIC_WORDS",
    "GOV_TITLE_RE",
    "ORG_TITLE_RE",
    "RoleKind",
    "role_of",
]

logger = logging.getLogger(__name__)

RoleKind = Literal["lead", "work", "head", "member"]

_ORG_TITLES: Final[dict[str, tuple[str, RoleKind]]] = {
    "chief executive officer": ("CEO", "lead"),
    "chief executive": ("CEO", "lead"),
    "ceo": ("CEO", "lead"),
    "co-chief executive": ("Co-CEO", "lead"),
    "co-ceo": ("Co-CEO", "lead"),
    "executive chairman": ("Executive Chair", "lead"),
    "executive chair": ("Executive Chair", "lead"),
    "chairman": ("Chair", "lead"),
    "chairwoman": ("Chair", "lead"),
    "chairperson": ("Chair", "lead"),
    "chair": ("Chair", "lead"),
    "president": ("President", "lead"),
    "managing director": ("Managing Director", "lead"),
    "director-general": ("Director-General", "lead"),
    "director general": ("Director-General", "lead"),
    "secretary-general": ("Secretary-General", "lead"),
    "head": ("Head", "lead"),
    "chief technology officer": ("CTO", "work"),
    "cto": ("CTO", "work"),
    "chief scientist": ("Chief Scientist", "work"),
    "chief financial officer": ("CFO", "work"),
    "cfo": ("CFO", "work"),
    "chief operating officer": ("COO", "work"),
    "coo": ("COO", "work"),
    "chief product officer": ("Chief Product Officer", "work"),
    "chief strategy officer": ("Chief Strategy Officer", "work"),
    "chief research officer": ("Chief Research Officer", "work"),
    "chief people officer": ("Chief People Officer", "work"),
    "general counsel": ("General Counsel", "work"),
    "vice president": ("Vice President", "work"),
    "senior vice president": ("Senior Vice President", "work"),
    "executive vice president": ("Executive Vice President", "work"),
}
_GOV_TITLES: Final[dict[str, tuple[str, RoleKind]]] = {
    "prime minister": ("Prime Minister", "head"),
    "premier": ("Premier", "head"),
    "chancellor": ("Chancellor", "head"),
    "president": ("President", "head"),
    "vice president": ("Vice President", "member"),
    "deputy prime minister": ("Deputy Prime Minister", "member"),
}

ORG_TITLE_RE: Final = (
    r"(?:co-chief executive|chief executive officer|chief executive|chief technology officer|"
    r"chief financial officer|chief operating officer|chief product officer|chief strategy officer|"
    r"chief research officer|chief people officer|chief scientist|general counsel|"
    r"executive chairman|executive chair|chairwoman|chairperson|chairman|chair|"
    r"senior vice president|executive vice president|vice president|president|managing director|"
    r"director[- ]general|secretary-general|co-ceo|ceo|cto|cfo|coo|head)"
)
"""Organisation titles, longest first (match case-insensitively)."""

GOV_TITLE_RE: Final = (
    r"(?:Deputy Prime Minister|Prime Minister|Premier|Chancellor|Vice President|President|"
    r"(?:Chief\s+)?(?:[A-Z][a-z]+\s+){0,2}(?:Minister|Secretary)(?:\s+(?:of|for)\s+(?:[A-Z][a-z]+\s*){1,3})?)"
)
"""Government titles as written before a name (capitalised: "Digital Minister", "Prime Minister")."""


def role_of(title: str, *, government: bool = False) -> tuple[str, RoleKind] | None:
    """Canonical role and role kind of a title, or None if it is not one we know.

    Args:
        title: the title as written ("chief executive", "Economy Minister").
        government: read it as a government title (a president of a country, not a company).
    """
    key = re.sub(r"\s+", " ", title.strip().lower())
    if government:
        if key in _GOV_TITLES:
            return _GOV_TITLES[key]
        if re.search(r"\b(minister|secretary)\b", key):
            return re.sub(r"\s+", " ", title.strip()), "member"
        return None
    if key in _ORG_TITLES:
        return _ORG_TITLES[key]
    if key in _GOV_TITLES:
        return _GOV_TITLES[key]
    return None


DEMONYMS: Final[dict[str, str]] = {
    "american": "united-states", "u.s.": "united-states", "us": "united-states",
    "british": "united-kingdom", "uk": "united-kingdom", "u.k.": "united-kingdom",
    "japanese": "japan", "french": "france", "german": "germany", "italian": "italy",
    "spanish": "spain", "irish": "ireland", "canadian": "canada", "chinese": "china",
    "indian": "india", "korean": "south-korea", "south korean": "south-korea",
    "israeli": "israel", "finnish": "finland", "dutch": "netherlands", "swedish": "sweden",
    "australian": "australia", "saudi": "saudi-arabia", "emirati": "united-arab-emirates",
    "singaporean": "singapore", "kenyan": "kenya", "brazilian": "brazil", "swiss": "switzerland",
    "taiwanese": "taiwan", "polish": "poland", "belgian": "belgium",
}
"""Nationality adjective -> country id (the ``government-of-<id>`` convention follows)."""

DEMONYM_RE: Final = (
    r"(?:South Korean|American|British|Japanese|French|German|Italian|Spanish|Irish|Canadian|Chinese|"
    r"Indian|Korean|Israeli|Finnish|Dutch|Swedish|Australian|Saudi|Emirati|Singaporean|Kenyan|Brazilian|"
    r"Swiss|Taiwanese|Polish|Belgian|U\.S\.|U\.K\.|US|UK)"
)

EDGE_WORDS: Final[frozenset[str]] = frozenset(
    {
        # sentence openers and function words
        "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these",
        "those", "there", "but", "and", "or", "in", "on", "at", "for", "as", "after", "before",
        "when", "while", "his", "her", "their", "our", "some", "many", "both", "earlier", "later",
        "separately", "meanwhile", "however", "also", "last", "next", "one", "two", "three",
        "according", "under", "with", "by", "from", "to", "of", "if", "since", "several", "shares",
        "members", "officials", "analysts", "investors", "people", "sources", "reporters", "not",
        "more", "most", "other", "any", "all", "each", "such", "so", "than", "then", "now",
        "yes", "no", "new", "first", "said", "says", "will", "would", "could", "should",
        # months and days
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday",
        # titles and roles
        "mr", "mrs", "ms", "dr", "prof", "ceo", "cto", "cfo", "coo", "chief", "executive",
        "officer", "president", "vice", "prime", "minister", "chancellor", "premier", "secretary",
        "chairman", "chair", "chairwoman", "director", "head", "founder", "co-founder", "cabinet",
        "deputy", "king", "queen", "senator", "governor", "mayor",
    }
    | set(DEMONYMS)
)
"""Capitalised words trimmed from the ends of an unknown-name candidate."""

GENERIC_WORDS: Final[frozenset[str]] = frozenset(
    {
        "ai", "agi", "llm", "llms", "gpu", "gpus", "api", "ipo", "eu", "un", "gdp", "ev",
        "artificial", "intelligence", "generative", "government", "state", "federal", "national",
        "wire", "kg", "test", "series", "round", "office", "summit", "asian", "european", "western",
        "eastern", "asia", "europe", "africa", "america", "union", "inc", "corp", "ltd", "llc", "plc",
        "co", "digital", "economy", "trade", "finance", "foreign", "commerce", "technology", "science",
        "industry", "safety",
    }
)
"""Capitalised words that may sit inside a name but are not, on their own, one."""
