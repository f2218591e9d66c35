"""The extractor interface, and the rule-based extractor that implements it.

:class:`Extractor` is the seam for other extractors (an LLM-based one, say): anything with a
``name`` and an ``extract(article, gazetteer)`` returning an :class:`ArticleExtraction` plugs into
:func:`ingest.articles.service.ingest_article`, which validates and writes what it proposes the
same way whatever proposed it. Only :class:`RuleExtractor` ships.

:class:`RuleExtractor`, sentence by sentence:

1. finds mentions with the gazetteer, then resolves what it cannot alone: "The company" / "It"
   opening a sentence -> the company the previous sentence was about; "The regulator" -> the
   agency last named; a bare surname -> the person named in full earlier ("Altman");
2. finds dates (resolved against the publication date) and amounts; masks the sentence;
   blanks asides between commas after a name ("X, founded by former Meta researchers, ...")
   for the relation rules, so a name inside one is neither subject nor object;
3. reads titles (:mod:`ingest.articles.roles`) and folds them into the person;
4. runs the relation rules (:mod:`ingest.articles.rules`), keeps what ``graph.schema`` allows;
5. scores each proposal: the rule's base confidence, minus 0.1 for an announced action
   ("will", "plans to"), minus 0.35 for a speculative one ("could", "considering", "in talks"),
   minus 0.1 for an end found by coreference, minus 0.15 for an event or opening with no date
   in its sentence (it gets the publication date), minus 0.1 for a subject far from its verb;
   a negated one ("did not invest") is dropped;

and then merges the article's proposals: the same fact stated twice is proposed once (the finer
date, the union of properties, the best sentence); two statements disagreeing on an amount are
both kept and flagged ``conflict``.

Example:
    >>> from datetime import date
    >>> from ingest.articles.gazetteer import Gazetteer, GazetteerEntry
    >>> from ingest.articles.reader import Article
    >>> gaz = Gazetteer([GazetteerEntry("sam-altman", "Person", "Sam Altman"),
    ...                  GazetteerEntry("fumio-kishida", "Person", "Fumio Kishida")])
    >>> art = Article("Sam Altman met Fumio Kishida last year.", "https://x.example/a", None, None,
    ...               date(2024, 4, 15))
    >>> [(f.relation, f.date.iso, f.rule) for f in RuleExtractor().extract(art, gaz).facts]
    [('MET', '2023', 'meet.verb')]
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Protocol, runtime_checkable

from graph.schema import RELATIONS, can_join
from ingest.articles.dates import DateMention, DateValue, find_dates
from ingest.articles.gazetteer import Gazetteer, Mention, fold, tokenize
from ingest.articles.masking import Masked, Slot
from ingest.articles.merge import inherit_dates, merge_proposals
from ingest.articles.money import find_money
from ingest.articles.reader import Article
from ingest.articles.results import ArticleExtraction, DateBasis, ExtractedFact, UnknownEntity
from ingest.articles.roles import RoleFinding, find_roles
from ingest.articles.rules import ACTION_OF_VERB, RULES, Rule
from ingest.articles.sentences import Sentence, split_sentences
from ingest.articles.unknown import UnknownCollector

__all__ = ["Extractor", "RuleExtractor"]

logger = logging.getLogger(__name__)


@runtime_checkable
class Extractor(Protocol):
    """Turns an article into proposed facts and unknown names.

    Implementations must only propose facts between entities of the gazetteer whose kinds fit
    ``graph.schema.RELATIONS``, each with the sentence it rests on; they must never invent
    entities (unknown names go to ``ArticleExtraction.unknown``).
    """

    name: str

    def extract(self, article: Article, gazetteer: Gazetteer) -> ArticleExtraction:
        """Propose facts for ``article`` using the entities of ``gazetteer``."""
        ...


_COREF: Final = re.compile(
    r"^(?P<np>It|The\s+(?:[\w.'’-]+\s+){0,3}?(?P<head>company|firm|startup|start-up|group|lab|maker|developer|"
    r"chipmaker|regulator|watchdog|authority|agency|government))\b(?!['’]s)"
)
_HEAD_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "regulator": ("Agency",), "watchdog": ("Agency",), "authority": ("Agency",), "agency": ("Agency",),
    "government": ("Government",),
}
_RESET: Final = re.compile(r".*(?:\b(?:after|before|following|when|while|since|because|as|that)\b|[,;:])", re.S | re.I)
_NEGATED: Final = re.compile(r"\b(?:not|never|no longer|denied|declined to|refused to)\b|n't\b", re.I)
_SPECULATIVE: Final = re.compile(
    r"\b(?:could|might|may|considering|consider|weighing|weighs|mulling|exploring|explore|in talks|talks to|"
    r"potentially|possibly|reportedly|hopes? to|hoping to|wants? to|seeking to|seeks? to|aims? to|if)\b", re.I)
_ANNOUNCED: Final = re.compile(
    r"\b(?:will|would|plans? to|planning to|set to|is to|are to|expected to|intends? to|going to|"
    r"(?<!agreed )(?<!agrees )(?<!agree )to)\s*$", re.I)
_ASIDE: Final = re.compile(
    r"(?<=⟧),\s+(?:who|which|whose|founded|based|formerly|once|now|then|a|an|the|its|his|her|their)\b"
    r"[^,;]{0,120},(?=\s)", re.I)
_PASSIVE: Final = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+)?$", re.I)
_ROUND: Final = re.compile(r"\b(Series [A-H]\b|pre-seed|seed round)", re.I)


@dataclass
class _Context:
    """What the extractor remembers while reading one article."""

    gazetteer: Gazetteer
    article: Article
    previous: list[list[Mention]]
    surnames: dict[str, set[str]]


class RuleExtractor:
    """The deterministic, rule-based extractor (see the module docstring).

    Args:
        rules: the relation rules to run (default: all of :data:`ingest.articles.rules.RULES`).
    """

    name = "rules-v1"

    def __init__(self, rules: Iterable[Rule] = RULES) -> None:
        self.rules = tuple(rules)

    # -- the article ---------------------------------------------------------------------

    def extract(self, article: Article, gazetteer: Gazetteer) -> ArticleExtraction:
        """Propose facts and report unknown names for one article."""
        sentences = split_sentences(article.text)
        ctx = _Context(gazetteer, article, [], {})
        per_sentence: list[list[Mention]] = []
        for sentence in sentences:
            mentions = self._mentions(sentence, ctx)
            ctx.previous.append(mentions)
            per_sentence.append(mentions)
        countries = self._countries(per_sentence, gazetteer)
        article_country = _unique_top(countries)
        unknown = UnknownCollector()
        facts: list[ExtractedFact] = []
        for sentence, mentions in zip(sentences, per_sentence, strict=True):
            dates = find_dates(sentence.text, article.published)
            money = find_money(sentence.text)
            covered = [(m.start, m.end) for m in mentions] + [(d.start, d.end) for d in dates]
            unknown.add_sentence(sentence.text, covered + [(m.start, m.end) for m in money], sentence.index)
            masked = Masked.build(sentence.text, mentions, dates, money)
            here = _unique_top([m.entity_id for m in mentions if m.entity_id in countries])
            roles = find_roles(masked, government_of=lambda c: _government_of(gazetteer, c),
                               default_country=here or article_country)
            facts += self._role_facts(roles, masked, sentence, article, gazetteer)
            folded: list[tuple[int, int]] = []
            for finding in sorted((r for r in roles if r.nominal), key=lambda r: -r.span[0]):
                start, end = finding.span
                if any(start < e and s < end for s, e in folded):
                    continue  # right to left, so earlier spans stay valid; overlaps are skipped
                folded.append(finding.span)
                masked = masked.collapse(finding.person, start, end, (finding.relation, finding.role, finding.org_id))
            facts += self._rule_facts(masked, sentence, article, gazetteer)
        merged = merge_proposals(inherit_dates(facts))
        logger.debug("%s: %d sentences, %d facts, %d unknown", article.url, len(sentences), len(merged),
                     len(unknown.results()))
        return ArticleExtraction(
            article=article,
            extractor=self.name,
            facts=tuple(merged),
            unknown=tuple(_unknown_without_known(unknown.results(), gazetteer)),
            sentences=len(sentences),
            mentions=sum(len(m) for m in per_sentence),
        )

    # -- mentions ------------------------------------------------------------------------

    def _mentions(self, sentence: Sentence, ctx: _Context) -> list[Mention]:
        text = sentence.text
        mentions = ctx.gazetteer.find(text)
        coref = self._coreference(text, ctx)
        if coref is not None:
            mentions = [m for m in mentions if m.end <= coref.start or m.start >= coref.end] + [coref]
        for m in mentions:
            if m.kind == "Person" and m.entity_id:
                last = tokenize(m.name)[-1].norm
                ctx.surnames.setdefault(last, set()).add(m.entity_id)
        mentions += self._surnames(text, mentions, ctx)
        mentions = [self._disambiguate_event(m, ctx) for m in mentions]
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _coreference(self, text: str, ctx: _Context) -> Mention | None:
        m = _COREF.match(text)
        if m is None or not ctx.previous:
            return None
        head = (m.group("head") or "").lower()
        kinds = _HEAD_KINDS.get(head, ("Company", "Organization"))
        if m.group("np") == "It":
            candidates = [x for x in ctx.previous[-1][:1] if x.kind in kinds]
        else:
            candidates = []
            for earlier in reversed(ctx.previous[-3:]):
                found = [x for x in earlier if x.kind in kinds and x.entity_id]
                if found:
                    # The sentence's first such mention (its subject), unless the noun is a
                    # regulator's: then the last one named.
                    candidates = [found[0] if head not in _HEAD_KINDS else found[-1]]
                    break
        if not candidates or candidates[0].entity_id is None:
            return None
        ante = candidates[0]
        np = m.group("np")
        return Mention(0, len(np), np, ante.entity_id, ante.kind, ante.name, "coref")

    def _surnames(self, text: str, mentions: list[Mention], ctx: _Context) -> list[Mention]:
        out: list[Mention] = []
        for tok in tokenize(text):
            if not tok.surface[0].isupper() or any(m.start <= tok.start < m.end for m in mentions):
                continue
            ids = ctx.surnames.get(tok.norm)
            if ids is None or len(ids) != 1:
                continue
            entity = ctx.gazetteer.get(next(iter(ids)))
            if entity is None:
                continue
            out.append(Mention(tok.start, tok.end, tok.surface, entity.id, entity.kind, entity.name, "surname",
                               tok.possessive))
        return out

    def _disambiguate_event(self, m: Mention, ctx: _Context) -> Mention:
        """An ambiguous event name ("AI Safety Summit") takes the candidate of the article's year."""
        if m.entity_id is not None or not m.candidates:
            return m
        year = str(ctx.article.published.year)
        fits = [c for c in m.candidates if c.endswith(year)]
        entry = ctx.gazetteer.get(fits[0]) if len(fits) == 1 else None
        if entry is None:
            return m
        return Mention(m.start, m.end, m.text, entry.id, entry.kind, entry.name, "alias", m.possessive)

    @staticmethod
    def _countries(per_sentence: list[list[Mention]], gazetteer: Gazetteer) -> list[str]:
        return [m.entity_id for ms in per_sentence for m in ms
                if m.kind == "Place" and m.entity_id and _government_of(gazetteer, m.entity_id)]

    # -- facts ---------------------------------------------------------------------------

    def _role_facts(self, roles: list[RoleFinding], masked: Masked, sentence: Sentence,
                    article: Article, gazetteer: Gazetteer) -> list[ExtractedFact]:
        out: list[ExtractedFact] = []
        for r in roles:
            person = r.person.mention
            if person is None or person.entity_id is None or r.relation is None or r.org_id is None:
                continue
            entry = gazetteer.get(r.org_id)
            org = entry.name if entry is not None else r.org_id
            date: DateValue = DateValue(article.published, "day")
            date_text: str | None = None
            basis: DateBasis = "published"
            if r.basis == "appointed":
                near = _nearest_date(masked, r.span[0], r.span[1])
                if near is not None:
                    date, date_text, basis = near.value, near.text, "text"
            notes = ("coreference",) if person.via == "coref" else ()
            out.append(ExtractedFact(
                subject=person.entity_id, subject_name=person.name, relation=r.relation, object=r.org_id,
                object_name=org, date=date, date_text=date_text, date_basis=basis,
                properties={"role": r.role}, confidence=round(r.confidence, 2), rule=r.rule,
                sentence=sentence.text, sentence_index=sentence.index, notes=notes,
            ))
        return out

    def _rule_facts(self, masked: Masked, sentence: Sentence, article: Article,
                    gazetteer: Gazetteer) -> list[ExtractedFact]:
        out: list[ExtractedFact] = []
        # Asides between commas after a name ("Mistral AI, founded by former researchers at
        # Meta, released ...") are blanked (same length, so offsets hold): their names are
        # neither the sentence's subject nor its object.
        text = _ASIDE.sub(lambda m: " " * len(m.group(0)), masked.text)
        for rule in self.rules:
            for m in rule.pattern.finditer(text):
                out += self._facts_of_match(rule, m, text, masked, sentence, article, gazetteer)
        return out

    def _facts_of_match(self, rule: Rule, m: re.Match[str], text: str, masked: Masked, sentence: Sentence,
                        article: Article, gazetteer: Gazetteer) -> list[ExtractedFact]:
        groups = m.groupdict()
        t_start = m.start("t") if groups.get("t") else m.start("t2") if groups.get("t2") else m.start()
        t_end = m.end("t") if groups.get("t") else m.end("t2") if groups.get("t2") else m.end()
        subjects = masked.slots_of(groups.get("s")) + masked.slots_of(groups.get("x"))
        objects = masked.slots_of(groups.get("o"))
        # Hedges and negation between the subject and the verb (after the last clause break).
        zone = text[m.end("s"):t_start] if m.end("s") <= t_start else text[max(0, t_start - 30):t_start]
        zone = re.sub(r"\s+", " ", _RESET.sub("", zone))
        if _NEGATED.search(zone):
            return []
        trigger = text[t_start:t_end].lower()
        if not rule.swap and _PASSIVE.search(zone) and not trigger.endswith("ing"):
            return []  # "MosaicML was bought by ...": the passive rules read it the right way round
        base = rule.confidence
        notes: list[str] = []
        if _SPECULATIVE.search(zone):
            base -= 0.35
            notes.append("speculative")
        elif _ANNOUNCED.search(zone):
            base -= 0.1
            notes.append("announced")
        if len(zone) > 50:
            base -= 0.1
            notes.append("far from its verb")
        props = self._properties(rule, m, masked, t_end, sentence.text)
        if rule.swap and rule.relation == "INVESTED_IN" and len(objects) > 1:
            # "raised $X from A and B": $X is the round, not what each investor put in.
            props.pop("amount", None)
            props.pop("currency", None)
        near = _nearest_date(masked, t_start, t_end)
        out: list[ExtractedFact] = []
        for subj in subjects:
            for obj in objects:
                a, b = (obj, subj) if rule.swap else (subj, obj)
                fact = self._fact(rule, a, b, props, near, notes, base, masked, sentence, article, gazetteer)
                if fact is not None:
                    out.append(fact)
        return out

    def _properties(self, rule: Rule, m: re.Match[str], masked: Masked, t_end: int, sentence: str) -> dict[str, Any]:
        props: dict[str, Any] = {}
        rel = RELATIONS[rule.relation]
        groups = m.groupdict()
        if rule.role:
            props["role"] = rule.role
        if rule.relation == "REGULATES":
            verb = re.sub(r"\s+", " ", (groups.get("v") or groups.get("v2") or "").lower())
            props["action"] = ACTION_OF_VERB.get(verb, verb or None)
        if "amount" in rel.properties and (rule.relation != "REGULATES" or props.get("action") == "fine"):
            money = [s for s in masked.slots_between(m.start(), m.end(), "Money")] or \
                [s for s in masked.slots_between(t_end, len(masked.text), "Money")][:1]
            if money and money[0].money is not None:
                props["amount"] = money[0].money.amount
                props["currency"] = money[0].money.currency
        if rule.relation == "INVESTED_IN":
            rnd = _ROUND.search(sentence)
            if rnd:
                props["round"] = rnd.group(1)
        if rule.relation == "MET":
            place = re.match(r"\s+in\s+⟦Place#(\d+)⟧", masked.text[m.end():]) or re.search(
                r"\bin\s+⟦Place#(\d+)⟧", masked.text[m.start("t"):m.end()])
            if place:
                slot = masked.by_index[int(place.group(1))]
                if slot.mention and slot.mention.entity_id:
                    props["place"] = slot.mention.entity_id
        if rule.relation == "HAS_OFFICE_IN" and groups.get("desc"):
            words = [w for w in re.findall(r"[\w-]+", groups["desc"])
                     if w.lower() not in {"its", "a", "an", "the", "new", "would", "will", "to", "it"}]
            if words:
                props["office_type"] = " ".join(words) + " office"
        return props

    def _fact(self, rule: Rule, subj: Slot, obj: Slot, props: dict[str, Any], near: DateMention | None,
              notes: list[str], base: float, masked: Masked, sentence: Sentence, article: Article,
              gazetteer: Gazetteer) -> ExtractedFact | None:
        sm, om = subj.mention, obj.mention
        if sm is None or om is None or not sm.entity_id or not om.entity_id or sm.entity_id == om.entity_id:
            return None
        if not can_join(rule.relation, sm.kind or "", om.kind or ""):
            return None
        confidence = base
        fact_notes = list(notes)
        if "coref" in (sm.via, om.via):
            confidence -= 0.1
            fact_notes.append("coreference")
        temporal = RELATIONS[rule.relation].temporal
        date: DateValue | None = None
        date_text: str | None = None
        basis: DateBasis = "text"
        if near is not None:
            date, date_text = near.value, near.text
        elif rule.relation == "ATTENDED" and _event_date(gazetteer, om.entity_id) is not None:
            date, basis = _event_date(gazetteer, om.entity_id), "event"
        elif temporal != "timeless":
            date, basis = DateValue(article.published, "day"), "published"
            confidence -= 0.15
            fact_notes.append("no date in the sentence: publication date")
        return ExtractedFact(
            subject=sm.entity_id, subject_name=sm.name, relation=rule.relation, object=om.entity_id,
            object_name=om.name, date=date, date_text=date_text, date_basis=basis,
            properties=dict(props), confidence=round(min(0.99, max(0.05, confidence)), 2), rule=rule.name,
            sentence=sentence.text, sentence_index=sentence.index, notes=tuple(fact_notes),
        )


# -- helpers -----------------------------------------------------------------------------


def _government_of(gazetteer: Gazetteer, country: str) -> str | None:
    """``government-of-<country>`` if the gazetteer knows it."""
    entry = gazetteer.get(f"government-of-{country}")
    return entry.id if entry is not None and entry.kind == "Government" else None


def _event_date(gazetteer: Gazetteer, event_id: str) -> DateValue | None:
    entry = gazetteer.get(event_id)
    if entry is None or not entry.date:
        return None
    try:
        return DateValue.parse(entry.date)
    except ValueError:
        return None


def _unique_top(ids: Iterable[str | None]) -> str | None:
    counts = Counter(i for i in ids if i)
    if not counts:
        return None
    top = counts.most_common(2)
    return top[0][0] if len(top) == 1 or top[0][1] > top[1][1] else None


def _nearest_date(masked: Masked, start: int, end: int) -> DateMention | None:
    best: tuple[int, DateMention] | None = None
    for slot in masked.slots:
        if slot.date is None:
            continue
        pos = masked.position(slot)
        distance = start - pos if pos < start else max(0, pos - end)
        if best is None or distance < best[0]:
            best = (distance, slot.date)
    return best[1] if best else None


def _unknown_without_known(unknown: list[UnknownEntity], gazetteer: Gazetteer) -> list[UnknownEntity]:
    """Drop candidates that are in fact known under a form the matcher did not accept."""
    return [u for u in unknown if not gazetteer.lookup(u.name) and fold(u.name) not in {"it"}]
