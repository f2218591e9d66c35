"""Sentence splitting for news text, careful with abbreviations ("Mr.", "U.S.", "Inc.").

A period ends a sentence unless the word it closes is a known abbreviation, an initial
("J. R. R."), a dotted acronym ("U.S.") followed by a lowercase or non-sentence-opening word, or
a number ("$1.5"). Blank lines (paragraphs, headlines) always end a sentence.

Example:
    >>> [s.text for s in split_sentences("Mr. Altman met the U.S. team. OpenAI Inc. agreed.")]
    ['Mr. Altman met the U.S. team.', 'OpenAI Inc. agreed.']
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Final

__all__ = ["Sentence", "split_sentences"]

logger = logging.getLogger(__name__)

# Abbreviations after which a period never ends a sentence: titles and words that need a
# following name or number.
_NEVER_FINAL: Final[frozenset[str]] = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
        "st", "mt", "ft", "rev", "hon", "pres", "supt", "messrs", "no", "nos", "vs", "v", "approx",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "e.g", "i.e", "cf", "fig", "vol", "pp", "est",
    }
)
# Abbreviations that may close a sentence too ("... joined Acme Inc. The deal ...").
_MAYBE_FINAL: Final[frozenset[str]] = frozenset(
    {"inc", "corp", "co", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "al", "a.m", "p.m", "k.k"}
)
# Words that commonly open a sentence: after a "maybe final" abbreviation they signal a break.
_OPENERS: Final[frozenset[str]] = frozenset(
    {
        "the", "a", "an", "it", "its", "he", "she", "they", "we", "i", "this", "that", "these",
        "those", "there", "but", "and", "in", "on", "at", "for", "as", "after", "before", "when",
        "while", "his", "her", "their", "our", "some", "many", "both", "shares", "earlier",
        "separately", "meanwhile", "however", "also", "last", "next", "one", "two", "according",
    }
)
_TERMINATORS: Final = re.compile(r"[.!?]+[\"'”’)\]]*")
_WORD_BEFORE: Final = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_PARAGRAPH: Final = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text and where it sits in the article.

    Attributes:
        index: position of the sentence in the article (0-based).
        text: the sentence, whitespace collapsed.
        start: offset of its first character in the article text.
        end: offset just past its last character.
        paragraph: index of the paragraph it belongs to.
    """

    index: int
    text: str
    start: int
    end: int
    paragraph: int


def _is_boundary(text: str, dot_start: int, dot_end: int) -> bool:
    """Decide whether the terminator at ``text[dot_start:dot_end]`` ends a sentence."""
    rest = text[dot_end:]
    if rest and not rest[0].isspace():
        return False  # "1.5", "Character.AI", "U.S.-based"
    following = rest.lstrip()
    if not following:
        return True
    nxt = following[0]
    if text[dot_start] != ".":
        return nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘("
    m = _WORD_BEFORE.search(text[:dot_start])
    word = m.group(1).lower() if m else ""
    next_word = re.match(r"[\w'’]+", following)
    next_lower = next_word.group(0).lower() if next_word else ""
    if word in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha():
        # An initial ("J. Smith") or the last letter of an acronym ("U.S."): a break only when a
        # typical sentence opener follows.
        return "." in (m.group(1) if m else "") and next_lower in _OPENERS and nxt.isupper()
    if "." in word or word in _MAYBE_FINAL:
        return nxt.isupper() and next_lower in _OPENERS
    return nxt.isupper() or nxt.isdigit() or nxt in "\"'“‘(" or not nxt.isalpha()


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping their offsets.

    Args:
        text: the article's main text (plain text; paragraphs separated by blank lines).

    Returns:
        The sentences in order; empty ones are dropped.

    Example:
        >>> [s.text for s in split_sentences("Prime Minister Fumio Kishida met him. It was 2023.")]
        ['Prime Minister Fumio Kishida met him.', 'It was 2023.']
    """
    sentences: list[Sentence] = []
    para_start = 0
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        paragraphs.append((para_start, m.start()))
        para_start = m.end()
    paragraphs.append((para_start, len(text)))
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        start = p_start
        for m in _TERMINATORS.finditer(text, p_start, p_end):
            if _is_boundary(text[:p_end], m.start(), m.end()):
                _append(sentences, text, start, m.end(), p_index)
                start = m.end()
        _append(sentences, text, start, p_end, p_index)
    logger.debug("split %d characters into %d sentences", len(text), len(sentences))
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return
    lead = len(raw) - len(raw.lstrip())
    s = start + lead
    out.append(
        Sentence(
            index=len(out),
            text=re.sub(r"\s+", " ", stripped),
            start=s,
            end=s + len(stripped),
            paragraph=paragraph,
        )
    )
