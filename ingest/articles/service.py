"""Article ingest end to end: read -> extract -> join what the graph already holds -> pipeline.

:func:`extract_article` needs no database (give it a gazetteer). :func:`ingest_article` builds
the gazetteer from the graph itself, extracts, and writes through
:func:`ingest.pipeline.ingest_records` (the same validation, idempotence, provenance and
conflict marking as curated files): the article becomes a ``Source`` (id from its URL), each
fact an ``extracted`` fact quoting its sentence, with its confidence.

**Joining facts the graph already holds (the date-key rule).** A fact's id hashes its date at
its own precision, so "last year" (``2023``) and "April 10, 2023" would be two facts. Before
writing, each proposal looks for facts of the same type between the same entities (either
direction for MET and PARTNERS_WITH) with the same identity (role, action):

* an *event* joins the one whose date agrees with its own at the coarser of the two
  precisions (``2023`` agrees with ``2023-04-10``; ``2023-04-10`` does not agree with
  ``2023-04-11``); it adopts that fact's date, so the ids match and the article becomes a
  second source of the same fact. The date first written wins: a coarse report never splits an
  event, and a precise report joining a coarse fact leaves the coarse date (the article's own
  date is kept in the proposal's notes);
* a *state* (a role, an office) joins the one still open at the date the article attests it
  (no ``valid_to``, or a later one), adopting its ``valid_from``; of several such terms (a CEO
  who left and came back), the latest one begun by that date;
* when several facts qualify it joins the one with the same date, else none (a new fact).

A joined proposal also takes the existing amount when it states none, and never overwrites the
existing fact's descriptive properties (place, office type, topic).

After a real write, each fact gets ``<source id>:<rule>`` added to its ``rules`` list, so the
rule that proposed it stays next to the sentence it quotes.

Example:
    >>> from graph.store import Store
    >>> from ingest.articles.reader import read_article
    >>> with Store.connect() as store:                                  # doctest: +SKIP
    ...     result = ingest_article(store, read_article("tests/fixtures/articles/openai-tokyo.txt"))
    ...     [(f.subject, f.relation, f.object) for f in result.facts][:1]
    [('openai', 'HAS_OFFICE_IN', 'tokyo')]
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.cypher import articles as qa
from graph.errors import InvalidArgumentError, ValidationError
from graph.schema import RELATIONS
from graph.store import Store
from ingest.articles.dates import DateValue
from ingest.articles.extractor import Extractor, RuleExtractor
from ingest.articles.gazetteer import Gazetteer, GazetteerEntry
from ingest.articles.reader import Article
from ingest.articles.results import SYMMETRIC, ArticleExtraction, ExtractedFact, UnknownEntity, fact_identity_key
from ingest.pipeline import ingest_records
from ingest.plan import ExistingFact, identify
from ingest.records import SourceRecord, build_record
from ingest.report import IngestReport

__all__ = ["ArticleIngestResult", "extract_article", "ingest_article", "load_gazetteer"]

logger = logging.getLogger(__name__)

DEFAULT_MIN_CONFIDENCE = 0.6
_DESCRIPTIVE = ("place", "office_type", "topic", "round")


@dataclass(frozen=True, slots=True)
class ArticleIngestResult:
    """The outcome of ingesting one article.

    Attributes:
        extraction: everything the extractor proposed (all confidences).
        facts: the proposals at or above ``min_confidence``, as written (or, in a dry run, as
            they would be): dates adopted from joined facts, ``joins`` set.
        below_threshold: the proposals left out by ``min_confidence``.
        source: the article's source record.
        report: the pipeline's report (created / updated / unchanged, conflicts).
        min_confidence: the threshold used.
        dry_run: True when nothing was written.
    """

    extraction: ArticleExtraction
    facts: tuple[ExtractedFact, ...]
    below_threshold: tuple[ExtractedFact, ...]
    source: SourceRecord
    report: IngestReport
    min_confidence: float
    dry_run: bool

    @property
    def unknown(self) -> tuple[UnknownEntity, ...]:
        """Capitalised names the graph does not know (never created)."""
        return self.extraction.unknown


def _date_string(value: Any, precision: Any) -> str | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    if not isinstance(native, dt.date):
        return None
    return DateValue(native, precision if precision in ("day", "month", "year") else "day").iso


def load_gazetteer(store: Store) -> Gazetteer:
    """Build the gazetteer from every entity of the graph (names, aliases, event dates)."""
    rows = store.read(qa.GAZETTEER_ENTRIES)
    entries = [
        GazetteerEntry(r["id"], r["kind"], r["name"] or r["id"], tuple(r["aliases"] or ()),
                       _date_string(r.get("date"), r.get("date_precision")))
        for r in rows
        if r["kind"]
    ]
    logger.debug("gazetteer: %d entities from the graph", len(entries))
    return Gazetteer(entries)


def extract_article(
    article: Article,
    gazetteer: Gazetteer,
    *,
    extractor: Extractor | None = None,
) -> ArticleExtraction:
    """Propose facts for an article (no database needed).

    Args:
        article: the article (see :func:`ingest.articles.reader.read_article`).
        gazetteer: the entities to look for.
        extractor: the extractor (default :class:`RuleExtractor`).
    """
    return (extractor or RuleExtractor()).extract(article, gazetteer)


def source_record(article: Article) -> SourceRecord:
    """The article as a ``Source`` record.

    Raises:
        ValidationError: if the URL is not an http(s) address.
    """
    data = {"id": article.source_id, "url": article.url, "title": article.title,
            "publisher": article.publisher, "published": article.published.isoformat()}
    record, issues = build_record("source", {k: v for k, v in data.items() if v is not None},
                                  article.path or "<article>")
    if issues:
        raise ValidationError(issues)
    assert isinstance(record, SourceRecord)
    return record


def ingest_article(
    store: Store,
    article: Article,
    *,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    dry_run: bool = False,
    extractor: Extractor | None = None,
    gazetteer: Gazetteer | None = None,
    batch_size: int = 1000,
    progress: bool = False,
) -> ArticleIngestResult:
    """Extract an article's facts and write them through the ingest pipeline.

    Args:
        store: the store (read for the gazetteer and the facts to join; written unless dry).
        article: the article.
        min_confidence: proposals below it are reported, not written.
        dry_run: validate and report what would change; write nothing.
        extractor: the extractor (default :class:`RuleExtractor`).
        gazetteer: the entities to look for (default: every entity of the graph).
        batch_size: rows per write transaction.
        progress: show the pipeline's progress bar.

    Returns:
        The result: proposals, unknown names, the pipeline's report.

    Raises:
        InvalidArgumentError: if ``min_confidence`` is outside 0..1.
        ValidationError: if the article's metadata or a proposal fails validation (nothing
            is written).
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise InvalidArgumentError(f"min_confidence must be between 0 and 1, got {min_confidence}")
    gaz = gazetteer if gazetteer is not None else load_gazetteer(store)
    extraction = extract_article(article, gaz, extractor=extractor)
    kept = extraction.above(min_confidence)
    below = [f for f in extraction.facts if f.confidence < min_confidence]
    joined = _join_existing(store, kept)
    source = source_record(article)
    records = [f.to_record(source.id) for f in joined]
    report = ingest_records(store, sources=[source], facts=records, dry_run=dry_run,
                            batch_size=batch_size, progress=progress)
    if not dry_run:
        _annotate_rules(store, joined, records, source.id)
    logger.info("article %s: %d facts written (%d below %.2f), %d unknown names", article.url,
                len(joined), len(below), min_confidence, len(extraction.unknown))
    return ArticleIngestResult(extraction, tuple(joined), tuple(below), source, report, min_confidence, dry_run)


# -- joining facts already in the graph --------------------------------------------------


def _time(relation: str, props: Mapping[str, Any], name: str | None = None) -> DateValue | None:
    field = name or ("date" if RELATIONS[relation].temporal == "event" else "valid_from")
    value, precision = props.get(field), props.get(f"{field}_precision")
    if not isinstance(value, dt.date) or precision not in ("day", "month", "year"):
        return None
    return DateValue(value, precision)


def _join_existing(store: Store, facts: list[ExtractedFact]) -> list[ExtractedFact]:
    """Adopt the date key (and direction) of the fact each proposal restates; see the module doc."""
    if not facts:
        return []
    rows = [{"i": i, "subject": f.subject, "object": f.object, "relation": f.relation,
             "symmetric": f.relation in SYMMETRIC} for i, f in enumerate(facts)]
    found: dict[int, list[ExistingFact]] = defaultdict(list)
    for row in store.read(qa.FACTS_BETWEEN, {"rows": rows}):
        i = row["i"]
        found[i].append(ExistingFact.from_row(facts[i].relation, row))
    out: list[ExtractedFact] = []
    for i, fact in enumerate(facts):
        match = _pick(fact, found.get(i, []))
        out.append(fact if match is None else _adopt(fact, match))
    return out


def _pick(fact: ExtractedFact, existing: list[ExistingFact]) -> ExistingFact | None:
    if fact.date is None:
        return None
    candidates = []
    for ex in existing:
        if fact_identity_key(ex.subject, ex.relation, ex.object, ex.props) != fact.key:
            continue
        when = _time(fact.relation, ex.props)
        if when is None:
            continue
        if fact.temporal == "event":
            if when.agrees_with(fact.date):
                candidates.append((ex, when))
        else:
            until = _time(fact.relation, ex.props, "valid_to")
            if until is None or fact.date.first <= until.last:
                candidates.append((ex, when))
    if len(candidates) > 1 and fact.temporal != "event":
        # Several terms (a CEO who left and came back): the latest one begun by the attested date.
        begun = sorted((w.first, ex.fact_id, ex) for ex, w in candidates if w.first <= fact.date.first)
        if begun:
            return begun[-1][2]
    if len(candidates) > 1:
        candidates = [(ex, w) for ex, w in candidates if w == fact.date]
    return candidates[0][0] if len(candidates) == 1 else None


def _adopt(fact: ExtractedFact, ex: ExistingFact) -> ExtractedFact:
    when = _time(fact.relation, ex.props)
    props = dict(fact.properties)
    for name in _DESCRIPTIVE:
        if ex.props.get(name) is not None:
            props.pop(name, None)
    if "amount" in RELATIONS[fact.relation].properties and props.get("amount") is None \
            and ex.props.get("amount") is not None:
        props["amount"], props["currency"] = ex.props["amount"], ex.props.get("currency")
    notes = fact.notes
    joins: str | None = ex.fact_id
    if ex.props.get("amount") is not None and props.get("amount") is not None and (
            float(ex.props["amount"]), ex.props.get("currency")) != (float(props["amount"]), props.get("currency")):
        # The same event with another amount: its own fact, which the pipeline marks as conflicting.
        joins = None
        notes = (*notes, f"another amount than the stored fact {ex.fact_id}")
    if when != fact.date and fact.date is not None:
        notes = (*notes, f"dated {when.iso if when else '?'} like the stored fact (the article says {fact.date.iso})")
    subject, obj = ex.subject, ex.object
    names = {fact.subject: fact.subject_name, fact.object: fact.object_name}
    return fact.with_changes(
        subject=subject, object=obj, subject_name=names[subject], object_name=names[obj],
        date=when, date_basis="existing", properties=props, notes=notes, joins=joins,
    )


def _annotate_rules(store: Store, facts: list[ExtractedFact], records: list[Any], source_id: str) -> None:
    by_relation: dict[str, list[dict[str, str]]] = defaultdict(list)
    for fact, record in zip(facts, records, strict=True):
        fact_id = identify(record, fact.subject, fact.object).fact_id
        by_relation[fact.relation].append({"fact_id": fact_id, "rule": f"{source_id}:{fact.rule}"})
    for relation, rows in sorted(by_relation.items()):
        store.write(qa.annotate_rules(relation), {"rows": rows})
