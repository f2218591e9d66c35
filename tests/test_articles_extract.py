"""The rule extractor on the seed article and on single sentences (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from graph.schema import RELATIONS, can_join
from ingest.articles import (
    Article,
    ArticleExtraction,
    Extractor,
    Gazetteer,
    GazetteerEntry,
    RuleExtractor,
    extract_article,
    read_article,
)
from ingest.articles.results import ExtractedFact

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    """The fixture entities (tests/fixtures/articles/entities.yaml), without a database."""
    rows = yaml.safe_load((ARTICLES / "entities.yaml").read_text())["entities"]
    return Gazetteer([GazetteerEntry(r["id"], r["kind"], r["name"], tuple(r.get("aliases") or ()),
                                     str(r["date"]) if r.get("date") else None) for r in rows])


@pytest.fixture(scope="module")
def seed(gazetteer: Gazetteer) -> ArticleExtraction:
    return extract_article(read_article(ARTICLES / "openai-tokyo.txt"), gazetteer)


def _one(facts: tuple[ExtractedFact, ...], subject: str, relation: str, obj: str) -> ExtractedFact:
    found = [f for f in facts if (f.subject, f.relation, f.object) == (subject, relation, obj)]
    assert len(found) == 1, f"{subject} {relation} {obj}: {found}"
    return found[0]


def _facts(gazetteer: Gazetteer, text: str, published: date = date(2024, 4, 15)) -> list[tuple[str, str, str]]:
    article = Article(text, "https://x.example/a", None, None, published)
    return [(f.subject, f.relation, f.object) for f in RuleExtractor().extract(article, gazetteer).above(0.6)]


# -- the seed article ----------------------------------------------------------------------


def test_seed_office_in_tokyo_dated_monday(seed: ArticleExtraction) -> None:
    fact = _one(seed.facts, "openai", "HAS_OFFICE_IN", "tokyo")
    assert fact.date is not None and (fact.date.iso, fact.date.precision) == ("2024-04-15", "day")
    assert fact.sentence == ("OpenAI opened its first Asian office in Tokyo on Monday, as the maker of ChatGPT "
                             "seeks to win over Japanese businesses and government agencies.")
    assert fact.rule == "office.open" and fact.confidence >= 0.8


def test_seed_release_of_the_japanese_model(seed: ArticleExtraction) -> None:
    fact = _one(seed.facts, "openai", "RELEASED", "gpt-4-japanese")
    assert "coreference" in fact.notes  # "The San Francisco-based company also released ..."
    assert fact.date is not None and fact.date.iso == "2024-04-15"


def test_seed_altman_leads_openai_as_ceo(seed: ArticleExtraction) -> None:
    fact = _one(seed.facts, "sam-altman", "LEADS", "openai")
    assert fact.properties["role"] == "CEO" and fact.rule == "role.org-title"


def test_seed_meeting_last_year_has_year_precision(seed: ArticleExtraction) -> None:
    fact = _one(seed.facts, "sam-altman", "MET", "fumio-kishida")
    assert fact.date is not None and (fact.date.iso, fact.date.precision, fact.date_text) == (
        "2023", "year", "last year")
    assert fact.sentence.startswith("OpenAI CEO Sam Altman said last year")


def test_seed_kishida_heads_the_government_of_japan(seed: ArticleExtraction) -> None:
    fact = _one(seed.facts, "fumio-kishida", "HEAD_OF_GOVERNMENT", "government-of-japan")
    assert fact.properties["role"] == "Prime Minister"


def test_seed_london_and_dublin_offices(seed: ArticleExtraction) -> None:
    for city in ("london", "dublin"):
        fact = _one(seed.facts, "openai", "HAS_OFFICE_IN", city)
        assert fact.date is not None and fact.date.iso == "2023"


def test_seed_invents_no_entities_and_only_proposes_what_the_schema_allows(
        seed: ArticleExtraction, gazetteer: Gazetteer) -> None:
    ids = {e.id for e in gazetteer.entries}
    kinds = {e.id: e.kind for e in gazetteer.entries}
    assert seed.facts
    for f in seed.facts:
        assert {f.subject, f.object} <= ids
        assert can_join(f.relation, kinds[f.subject], kinds[f.object])
        assert f.sentence and f.rule and 0 < f.confidence < 1
        record = f.to_record("article-x")
        assert record.status == "extracted" and record.quote == f.sentence
    assert seed.unknown == ()  # "Tadao Nagasaki" and "Amazon Web Services" are known


# -- rules on single sentences -------------------------------------------------------------


def test_speculation_is_proposed_below_the_threshold(gazetteer: Gazetteer) -> None:
    article = Article("Altman said OpenAI could open an office in Japan.", "https://x.example/a", None, None,
                      date(2023, 4, 10))
    [fact] = RuleExtractor().extract(article, gazetteer).facts
    assert fact.confidence < 0.6 and "speculative" in fact.notes


def test_negated_statements_give_no_fact(gazetteer: Gazetteer) -> None:
    assert _facts(gazetteer, "Amazon did not invest $4 billion in Anthropic on Monday.") == []


def test_former_titles_give_no_role(gazetteer: Gazetteer) -> None:
    assert _facts(gazetteer, "Former OpenAI CEO Sam Altman spoke on Monday.") == []
    assert _facts(gazetteer, "Sam Altman, a former president of OpenAI, spoke.") == []


def test_titles_fold_into_the_person_for_the_relation_rules(gazetteer: Gazetteer) -> None:
    assert set(_facts(gazetteer, "Nvidia CEO Jensen Huang met Japanese Prime Minister Fumio Kishida on Monday.")) == {
        ("jensen-huang", "LEADS", "nvidia"),
        ("fumio-kishida", "HEAD_OF_GOVERNMENT", "government-of-japan"),
        ("jensen-huang", "MET", "fumio-kishida"),
    }


def test_investment_amounts_and_currencies(gazetteer: Gazetteer) -> None:
    for text, amount, currency in (
        ("Microsoft invested $10 billion in OpenAI on Monday.", 10_000_000_000, "USD"),
        ("Microsoft invested 10 billion dollars in OpenAI on Monday.", 10_000_000_000, "USD"),
        ("Microsoft invested €15 million in Mistral AI on Monday.", 15_000_000, "EUR"),
    ):
        article = Article(text, "https://x.example/a", None, None, date(2024, 4, 15))
        [fact] = RuleExtractor().extract(article, gazetteer).facts
        assert (fact.relation, fact.properties["amount"], fact.properties["currency"]) == (
            "INVESTED_IN", amount, currency)


def test_raising_money_from_investors_points_from_the_investor(gazetteer: Gazetteer) -> None:
    assert _facts(gazetteer, "Mistral AI raised €385 million from Microsoft and Nvidia on Monday.") == [
        ("microsoft", "INVESTED_IN", "mistral-ai"), ("nvidia", "INVESTED_IN", "mistral-ai")]


def test_passive_acquisition_and_regulation(gazetteer: Gazetteer) -> None:
    assert _facts(gazetteer, "MosaicML was bought by Databricks for $1.3 billion on Monday.") == [
        ("databricks", "ACQUIRED", "mosaicml")]
    assert _facts(gazetteer, "OpenAI was fined €15 million by the Garante on Friday.") == [
        ("garante-privacy", "REGULATES", "openai")]


def test_two_amounts_in_one_story_are_both_kept_and_flagged(gazetteer: Gazetteer) -> None:
    extraction = extract_article(read_article(ARTICLES / "microsoft-openai-amounts.txt"), gazetteer)
    investments = [f for f in extraction.facts if f.relation == "INVESTED_IN"]
    assert sorted(f.properties["amount"] for f in investments) == [10_000_000_000, 13_000_000_000]
    assert all(f.conflict for f in investments)
    # The undated restatements take the date of the first sentence about the investment.
    assert {f.date.iso for f in investments if f.date} == {"2023-01-23"}


def test_every_rule_proposes_only_relations_of_the_schema() -> None:
    from ingest.articles.rules import RULES

    assert {r.relation for r in RULES} <= set(RELATIONS)
    assert len({r.name for r in RULES}) == len(RULES)


def test_the_rule_extractor_implements_the_extractor_protocol(gazetteer: Gazetteer) -> None:
    class Nothing:
        name = "nothing"

        def extract(self, article: Article, gazetteer: Gazetteer) -> ArticleExtraction:
            return ArticleExtraction(article, self.name, (), (), 0, 0)

    assert isinstance(RuleExtractor(), Extractor)
    assert isinstance(Nothing(), Extractor)
    article = read_article(ARTICLES / "openai-tokyo.txt")
    assert extract_article(article, gazetteer, extractor=Nothing()).facts == ()


def test_extraction_is_deterministic(gazetteer: Gazetteer) -> None:
    article = read_article(ARTICLES / "bletchley-summit.txt")
    first = [f.as_dict() for f in extract_article(article, gazetteer).facts]
    assert first == [f.as_dict() for f in extract_article(article, gazetteer).facts]
