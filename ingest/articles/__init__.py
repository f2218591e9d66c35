"""News-article ingest: text -> entities -> facts, each pointing at its sentence.

Deterministic and offline: rules, no models, no network. The pieces, in reading order:

* :mod:`~ingest.articles.reader`: txt / Markdown / HTML (trafilatura) with front matter;
* :mod:`~ingest.articles.sentences`: sentence splitting that knows "Mr." and "U.S.";
* :mod:`~ingest.articles.gazetteer`: the graph's names and aliases found in text;
* :mod:`~ingest.articles.dates` and :mod:`~ingest.articles.money`: dates (relative ones
  against the publication date) and amounts;
* :mod:`~ingest.articles.masking`, :mod:`~ingest.articles.roles` and
  :mod:`~ingest.articles.rules`: the extraction rules over masked sentences;
* :mod:`~ingest.articles.merge`: one proposal per fact of an article;
* :mod:`~ingest.articles.unknown`: names the graph does not know, reported;
* :mod:`~ingest.articles.extractor`: the :class:`Extractor` interface and :class:`RuleExtractor`;
* :mod:`~ingest.articles.service`: :func:`extract_article` and :func:`ingest_article`.
"""

from ingest.articles.extractor import Extractor, RuleExtractor
from ingest.articles.gazetteer import Gazetteer, GazetteerEntry
from ingest.articles.reader import Article, article_from_text, read_article
from ingest.articles.results import ArticleExtraction, ExtractedFact, UnknownEntity
from ingest.articles.service import ArticleIngestResult, extract_article, ingest_article, load_gazetteer

__all__ = [
    "Article",
    "ArticleExtraction",
    "ArticleIngestResult",
    "ExtractedFact",
    "Extractor",
    "Gazetteer",
    "GazetteerEntry",
    "RuleExtractor",
    "UnknownEntity",
    "article_from_text",
    "extract_article",
    "ingest_article",
    "load_gazetteer",
    "read_article",
]
