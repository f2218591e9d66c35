"""Entity resolution: a fact may name an entity by id, name or alias.

Matching is case- and accent-insensitive ("Sanchez" finds "Pedro Sánchez") and ignores
punctuation. A reference is resolved in this order:

1. an entity id (from the files being ingested or from the database);
2. a Wikidata QID (``Q7407093``) held in an entity's ``wikidata`` property;
3. an exact name or alias, after normalisation;
4. a part of a name or alias made of whole words ("Altman" -> "Sam Altman").

Steps 3 and 4 prefer the candidates whose kind the relation accepts at that end; if several
remain, the reference is ambiguous and :class:`graph.errors.AmbiguousEntityError` lists them.

Example:
    >>> idx = EntityIndex()
    >>> idx.add(EntityInfo("sam-altman", "Person", "Sam Altman", ("Samuel Altman",)))
    >>> idx.add(EntityInfo("jack-altman", "Person", "Jack Altman"))
    >>> idx.add(EntityInfo("openai", "Company", "OpenAI"))
    >>> idx.resolve("samuel ALTMAN").id
    'sam-altman'
    >>> idx.resolve("Altman")
    Traceback (most recent call last):
    ...
    graph.errors.AmbiguousEntityError: 'Altman' is ambiguous: it matches jack-altman, sam-altman
    >>> idx.resolve("openai inc") is None
    True
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import AmbiguousEntityError

__all__ = ["EntityIndex", "EntityInfo", "normalize"]

logger = logging.getLogger(__name__)

_NON_WORD = re.compile(r"[^0-9a-z]+")
_QID = re.compile(r"^Q[1-9][0-9]*$")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Lowercase, strip accents, turn punctuation into spaces and collapse them.

    Example:
        >>> normalize("  Pedro Sánchez-Pérez ")
        'pedro sanchez perez'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


@dataclass(frozen=True, slots=True)
class EntityInfo:
    """What resolution needs to know of an entity."""

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    in_database: bool = False


@dataclass(slots=True)
class EntityIndex:
    """Entities by id, QID, normalised name/alias; resolves references to them."""

    by_id: dict[str, EntityInfo] = field(default_factory=dict)
    _by_key: dict[str, set[str]] = field(default_factory=dict)
    _by_qid: dict[str, set[str]] = field(default_factory=dict)
    _words: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _pending: list[str] = field(default_factory=list)

    def add(self, info: EntityInfo) -> None:
        """Add (or widen with more aliases) an entity; input entities win over database ones.

        Names are indexed on the first look-up that needs them: a load whose facts name every
        entity by id never normalises a name.
        """
        old = self.by_id.get(info.id)
        if old is not None:
            aliases = tuple(dict.fromkeys((*old.aliases, old.name, *info.aliases)))
            info = EntityInfo(info.id, info.kind, info.name, aliases, info.wikidata or old.wikidata,
                              old.in_database or info.in_database)
        self.by_id[info.id] = info
        self._pending.append(info.id)

    def _index_names(self) -> None:
        for eid in self._pending:
            info = self.by_id[eid]
            keys = {normalize(n) for n in (info.name, *info.aliases, info.id)} - {""}
            for key in keys:
                self._by_key.setdefault(key, set()).add(info.id)
            self._words[info.id] = [tuple(k.split()) for k in keys]
            if info.wikidata:
                self._by_qid.setdefault(info.wikidata, set()).add(info.id)
        self._pending.clear()

    def extend(self, infos: Iterable[EntityInfo]) -> None:
        """Add several entities."""
        for info in infos:
            self.add(info)

    def by_wikidata(self, qid: str) -> list[EntityInfo]:
        """Entities holding this QID in their ``wikidata`` property."""
        self._index_names()
        return [self.by_id[i] for i in sorted(self._by_qid.get(qid, ()))]

    def resolve(self, ref: str, kinds: Iterable[str] | None = None) -> EntityInfo | None:
        """Resolve a reference to one entity.

        Args:
            ref: an id, QID, name or alias (or a whole-word part of a name).
            kinds: the kinds acceptable at this end of the relation (preferred when a name
                matches entities of several kinds).

        Returns:
            The entity, or None when nothing matches.

        Raises:
            AmbiguousEntityError: when several entities match equally well.
        """
        hit = self.by_id.get(ref)
        if hit is not None:
            return hit
        if self._pending:
            self._index_names()
        wanted = set(kinds) if kinds is not None else None
        if _QID.match(ref):
            found = self._pick(ref, self._by_qid.get(ref, set()), wanted)
            if found is not None:
                return found
        key = normalize(ref)
        if not key:
            return None
        found = self._pick(ref, self._by_key.get(key, set()), wanted)
        if found is not None:
            return found
        words = tuple(key.split())
        partial = {
            eid for eid, names in self._words.items()
            if any(_contains(name, words) for name in names)
        }
        return self._pick(ref, partial, wanted, strict_kinds=True)

    def _pick(self, ref: str, ids: set[str], wanted: set[str] | None, *,
              strict_kinds: bool = False) -> EntityInfo | None:
        if not ids:
            return None
        if wanted is not None:
            fitting = {i for i in ids if self.by_id[i].kind in wanted}
            if fitting or strict_kinds:
                ids = fitting
        if not ids:
            return None
        if len(ids) > 1:
            raise AmbiguousEntityError(ref, sorted(ids))
        return self.by_id[next(iter(ids))]


def _contains(name: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """True when ``words`` occur in ``name`` as consecutive whole words."""
    n = len(words)
    return any(name[i:i + n] == words for i in range(len(name) - n + 1))
