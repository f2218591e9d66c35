"""Find the graph's entities in text: names and aliases, longest match first.

The gazetteer is built from ``(id, kind, name, aliases)`` entries, in production read from the
graph itself (:func:`ingest.articles.service.load_gazetteer`), in tests from a list.

Matching rules (all deterministic):

* **Tokens, not characters.** Text and names are cut into word tokens; a name matches a run of
  tokens separated only by spaces or name punctuation (``-``, ``.``, ``&``, ``'``, ``/``), never
  across a comma or a clause.
* **Case-, accent- and possessive-insensitive.** ``OPENAI``, ``Karen``/``Karén`` and
  ``OpenAI's``/``OpenAI’s`` match; dotted acronyms fold (``U.S.`` = ``US``). Two guards keep
  common words out: a one-word name matches only when written with a capital (``Scale`` the
  company, not "to scale"), and a short acronym or a name of three letters or fewer must match
  its exact case (``US`` the country, not "us").
* **Longest match first**, left to right, no overlaps: ``Government of Japan`` beats ``Japan``,
  ``OpenAI Japan`` beats ``OpenAI``.
* **Names before aliases.** A form that is one entity's name and another's alias goes to the
  name; a form shared by several names is reported ambiguous (``candidates``) and not used.
* **Variants.** "a GPT-4 model customised for the Japanese language" resolves to the product
  whose name holds both ``GPT-4`` and ``Japanese`` (``GPT-4 customized for Japanese``) when
  exactly one does.

Example:
    >>> gaz = Gazetteer([
    ...     GazetteerEntry("openai", "Company", "OpenAI", ("OpenAI Inc.",)),
    ...     GazetteerEntry("sam-altman", "Person", "Sam Altman"),
    ... ])
    >>> [(m.text, m.entity_id, m.possessive) for m in gaz.find("OPENAI's boss Sam Altman")]
    [('OPENAI', 'openai', True), ('Sam Altman', 'sam-altman', False)]
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

__all__ = [
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "Token",
    "fold",
    "tokenize",
]

logger = logging.getLogger(__name__)

Via = Literal["name", "alias", "variant", "surname", "coref"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One entity the gazetteer knows: its id, kind, name and aliases."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    date: str | None = None
    """An event's own date (``YYYY[-MM[-DD]]``), used when a sentence gives none."""


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention in a sentence.

    Attributes:
        start, end: character span in the sentence text.
        text: the surface text (without a possessive ``'s``).
        entity_id: the entity, or None when the form is ambiguous (see ``candidates``).
        kind: the entity's kind (None when ambiguous).
        name: the entity's canonical name (the surface when ambiguous).
        via: how it was found: ``name``, ``alias``, ``variant``, ``surname`` or ``coref``.
        possessive: whether ``'s`` followed it.
        candidates: the ids an ambiguous form could mean.
    """

    start: int
    end: int
    text: str
    entity_id: str | None
    kind: str | None
    name: str
    via: Via = "name"
    possessive: bool = False
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Token:
    """A word token: its span, its surface and its folded form."""

    start: int
    end: int
    surface: str
    norm: str
    possessive: bool = False


_TOKEN: Final = re.compile(r"(?:[A-Za-z]\.){2,}(?![A-Za-z])|[^\W_]+")
_POSSESSIVE: Final = re.compile(r"['’]s\b")
_NAME_GAP: Final = re.compile(r"[\s.\-–&'’/+]{0,3}")
_SPECIAL_FOLDS: Final = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "æ": "ae"})


def fold(text: str) -> str:
    """Strip accents and case: the comparison form of a word.

    Example:
        >>> fold("Karén"), fold("U.S."), fold("Straße")
        ('karen', 'us', 'strasse')
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace(".", "").casefold()


def _unaccent(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_FOLDS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace(".", "")


def tokenize(text: str) -> list[Token]:
    """Cut ``text`` into word tokens, folding them and marking possessives.

    Example:
        >>> [(t.norm, t.possessive) for t in tokenize("OpenAI’s U.S. arm")]
        [('openai', True), ('us', False), ('arm', False)]
    """
    tokens: list[Token] = []
    pos = 0
    while True:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        pos = m.end()
        surface = m.group(0)
        if tokens and surface.lower() == "s" and _POSSESSIVE.match(text, m.start() - 1) and (
            tokens[-1].end == m.start() - 1
        ):
            last = tokens[-1]
            tokens[-1] = Token(last.start, last.end, last.surface, last.norm, possessive=True)
            continue
        tokens.append(Token(m.start(), m.end(), surface, fold(surface)))
    return tokens


@dataclass(frozen=True, slots=True)
class _Form:
    entry: GazetteerEntry
    surface: str
    via: Via
    strict: bool  # exact case required
    single: bool  # one token: a capital initial required


def _form(entry: GazetteerEntry, surface: str, via: Via) -> tuple[tuple[str, ...], _Form] | None:
    tokens = tokenize(surface)
    if not tokens:
        return None
    key = tuple(t.norm for t in tokens)
    letters = _unaccent(surface).replace(" ", "")
    strict = len(letters) <= 3 or (letters.isupper() and len(letters) <= 5 and len(tokens) == 1)
    return key, _Form(entry, surface, via, strict, len(tokens) == 1)


_YEAR_SUFFIX: Final = re.compile(r"^(.*\S)\s+(?:19|20)\d\d$")
_VARIANT_AFTER: Final = re.compile(
    r"(?P<base>\b[A-Z0-9][\w.\-]*(?:\s+[A-Z0-9][\w.\-]*){0,2})\s+(?:(?:model|version|variant)\s+)?"
    r"(?:(?:that|which)\s+is\s+|,\s*)?(?:customi[sz]ed|optimi[sz]ed|tailored|fine-tuned|adapted|"
    r"trained|built)\s+(?:specifically\s+|especially\s+)?for\s+(?:the\s+)?(?P<q>[A-Z]\w+)"
    r"(?:\s+language)?"
)
_VARIANT_BEFORE: Final = re.compile(
    r"\b(?P<q>[A-Z]\w+)(?:-language|\s+language)?\s+(?:version\s+of\s+)?"
    r"(?P<base>[A-Z0-9][\w.\-]*(?:\s+[A-Z0-9][\w.\-]*){0,2})(?:\s+model)?"
)


@dataclass
class Gazetteer:
    """Entity names and aliases, indexed for longest-match lookup in text.

    Args:
        entries: the entities to find.
    """

    entries: Sequence[GazetteerEntry]
    _index: dict[tuple[str, ...], list[_Form]] = field(init=False, repr=False)
    _by_id: dict[str, GazetteerEntry] = field(init=False, repr=False)
    _max_len: int = field(init=False, repr=False)
    _product_words: dict[str, set[tuple[str, ...]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = {}
        self._by_id = {}
        self._product_words = {}
        for entry in self.entries:
            self._by_id[entry.id] = entry
            forms: list[tuple[str, Via]] = [(entry.name, "name")] + [(a, "alias") for a in entry.aliases]
            if entry.kind == "Event":
                # "AI Safety Summit 2023" is mostly written "the AI Safety Summit".
                forms += [(y.group(1), "alias") for f, _ in list(forms) if (y := _YEAR_SUFFIX.match(f))]
            for surface, via in forms:
                built = _form(entry, surface, via)
                if built is None:
                    continue
                key, form = built
                bucket = self._index.setdefault(key, [])
                if not any(f.entry.id == entry.id and f.via == form.via for f in bucket):
                    bucket.append(form)
                if entry.kind == "Product":
                    for word in key:
                        self._product_words.setdefault(word, set()).add(key)
        self._max_len = max((len(k) for k in self._index), default=0)
        logger.debug("gazetteer: %d entities, %d forms", len(self._by_id), len(self._index))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str, Iterable[str]]]) -> Gazetteer:
        """Build from ``(id, kind, name, aliases)`` tuples."""
        return cls([GazetteerEntry(i, k, n, tuple(a or ())) for i, k, n, a in rows])

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entity_id: str) -> GazetteerEntry | None:
        """The entry with ``entity_id``, if any."""
        return self._by_id.get(entity_id)

    def of_kind(self, kind: str) -> list[GazetteerEntry]:
        """All entries of one kind."""
        return [e for e in self._by_id.values() if e.kind == kind]

    def lookup(self, surface: str) -> list[GazetteerEntry]:
        """The entries a whole surface form names (exact form match, case-insensitive)."""
        key = tuple(t.norm for t in tokenize(surface))
        return list({f.entry.id: f.entry for f in self._index.get(key, [])}.values())

    # -- matching ------------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Find every entity mention in ``text`` (one sentence), in order, without overlaps."""
        variants = self._find_variants(text)
        tokens = tokenize(text)
        mentions: list[Mention] = list(variants)
        i = 0
        while i < len(tokens):
            if any(v.start <= tokens[i].start < v.end for v in variants):
                i += 1
                continue
            hit = self._longest_at(text, tokens, i)
            if hit is None:
                i += 1
                continue
            length, mention = hit
            mentions.append(mention)
            i += length
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _longest_at(self, text: str, tokens: list[Token], i: int) -> tuple[int, Mention] | None:
        for length in range(min(self._max_len, len(tokens) - i), 0, -1):
            window = tokens[i : i + length]
            forms = self._index.get(tuple(t.norm for t in window))
            if not forms:
                continue
            if any(t.possessive for t in window[:-1]):
                continue
            if any(not _NAME_GAP.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(window)):
                continue
            surface_raw = text[window[0].start : window[-1].end]
            usable = [f for f in forms if _case_ok(f, window)]
            if not usable:
                continue
            return length, self._mention(usable, window, surface_raw)
        return None

    def _mention(self, forms: list[_Form], window: list[Token], surface: str) -> Mention:
        ids = {f.entry.id for f in forms}
        chosen = forms
        if len(ids) > 1:
            chosen = [f for f in forms if f.via == "name"] or forms
            ids = {f.entry.id for f in chosen}
        start, end, poss = window[0].start, window[-1].end, window[-1].possessive
        if len(ids) > 1:
            return Mention(start, end, surface, None, None, surface, "name", poss, tuple(sorted(ids)))
        f = chosen[0]
        return Mention(start, end, surface, f.entry.id, f.entry.kind, f.entry.name, f.via, poss)

    def _find_variants(self, text: str) -> list[Mention]:
        """Find product variants ("GPT-4 customised for Japanese") named by base + qualifier."""
        found: list[Mention] = []
        for pattern in (_VARIANT_AFTER, _VARIANT_BEFORE):
            for m in pattern.finditer(text):
                if any(m.start() < v.end and v.start < m.end() for v in found):
                    continue
                entry = self._variant(m.group("base"), m.group("q"))
                if entry is None:
                    continue
                base_start = m.start("base")
                base_tokens = tokenize(m.group("base"))
                # Keep only the base tokens that belong to the variant's name (drop a leading "A").
                key_tokens = _variant_base_tokens(entry, base_tokens)
                if key_tokens is None:
                    continue
                start = min(m.start("q"), base_start + key_tokens[0].start)
                end = m.end()
                found.append(
                    Mention(start, end, text[start:end], entry.id, entry.kind, entry.name, "variant")
                )
        return found

    def _variant(self, base: str, qualifier: str) -> GazetteerEntry | None:
        base_tokens = tokenize(base)
        q = fold(qualifier)
        for k in range(len(base_tokens), 0, -1):
            wanted = {t.norm for t in base_tokens[-k:]} | {q}
            keys = set.intersection(*(self._product_words.get(w, set()) for w in wanted))
            hits = {
                f.entry.id: f.entry
                for key in keys
                if len(key) > k
                for f in self._index[key]
                if f.entry.kind == "Product"
            }
            if len(hits) == 1:
                return next(iter(hits.values()))
            if len(hits) > 1:
                return None
        return None


def _variant_base_tokens(entry: GazetteerEntry, base_tokens: list[Token]) -> list[Token] | None:
    names = {t.norm for form in (entry.name, *entry.aliases) for t in tokenize(form)}
    for k in range(len(base_tokens)):
        tail = base_tokens[k:]
        if all(t.norm in names for t in tail):
            return tail
    return None


def _case_ok(form: _Form, window: list[Token]) -> bool:
    surface = [_unaccent(t.surface) for t in window]
    if form.strict:
        return [_unaccent(t.surface) for t in tokenize(form.surface)] == surface
    if form.single:
        first = window[0].surface[0]
        return first.isupper() or first.isdigit() or surface == [_unaccent(form.surface)]
    return True
