"""Finding the graph's entities in text: aliases, possessives, overlaps, case, accents; unknown names."""

from __future__ import annotations

from datetime import date

from ingest.articles.extractor import RuleExtractor
from ingest.articles.gazetteer import Gazetteer, GazetteerEntry
from ingest.articles.reader import Article
from ingest.articles.unknown import UnknownCollector

GAZ = Gazetteer([
    GazetteerEntry("openai", "Company", "OpenAI", ("OpenAI Inc.",)),
    GazetteerEntry("openai-japan", "Company", "OpenAI Japan"),
    GazetteerEntry("sam-altman", "Person", "Sam Altman", ("Samuel Altman",)),
    GazetteerEntry("fumio-kishida", "Person", "Fumio Kishida", ("Kishida",)),
    GazetteerEntry("karen-simonyan", "Person", "Karén Simonyan"),
    GazetteerEntry("government-of-japan", "Government", "Government of Japan", ("Japanese government",)),
    GazetteerEntry("japan", "Place", "Japan"),
    GazetteerEntry("united-states", "Place", "United States", ("US", "USA")),
    GazetteerEntry("scale-ai", "Company", "Scale AI", ("Scale",)),
    GazetteerEntry("gpt-4", "Product", "GPT-4"),
    GazetteerEntry("gpt-4-japanese", "Product", "GPT-4 customized for Japanese", ("Japanese GPT-4 model",)),
    GazetteerEntry("ai-safety-summit-2023", "Event", "AI Safety Summit 2023", date="2023-11-01"),
    GazetteerEntry("ai-safety-summit-2025", "Event", "AI Safety Summit 2025"),
    GazetteerEntry("jack-smith", "Person", "Jack Smith", ("J. Smith",)),
    GazetteerEntry("jane-smith", "Person", "Jane Smith", ("J. Smith",)),
])


def _found(text: str) -> list[tuple[str, str | None]]:
    return [(m.text, m.entity_id) for m in GAZ.find(text)]


def test_names_and_aliases_match() -> None:
    assert _found("Samuel Altman spoke to OpenAI Inc. and Kishida.") == [
        ("Samuel Altman", "sam-altman"), ("OpenAI Inc", "openai"), ("Kishida", "fumio-kishida")]


def test_matching_ignores_case_and_accents() -> None:
    assert _found("SAM ALTMAN and Karen Simonyan and OPENAI") == [
        ("SAM ALTMAN", "sam-altman"), ("Karen Simonyan", "karen-simonyan"), ("OPENAI", "openai")]


def test_possessives_match_and_are_marked() -> None:
    found = GAZ.find("OpenAI's chief and Sam Altman’s plan; Kishida's government")
    assert [(m.entity_id, m.possessive) for m in found] == [
        ("openai", True), ("sam-altman", True), ("fumio-kishida", True)]


def test_the_longest_match_wins_overlaps() -> None:
    assert _found("The Government of Japan and OpenAI Japan, not OpenAI.") == [
        ("Government of Japan", "government-of-japan"), ("OpenAI Japan", "openai-japan"), ("OpenAI", "openai")]
    assert _found("the Japanese government said") == [("Japanese government", "government-of-japan")]


def test_common_words_do_not_match_short_or_one_word_names() -> None:
    # "us" the pronoun is not the US; "scale" the verb is not Scale AI.
    assert _found("Tell us how to scale up.") == []
    assert _found("The U.S. and the US and Scale said.") == [
        ("U.S.", "united-states"), ("US", "united-states"), ("Scale", "scale-ai")]


def test_names_do_not_match_across_commas() -> None:
    assert _found("Sam, Altman said") == []


def test_a_product_variant_resolves_to_the_variant() -> None:
    assert _found("It released a GPT-4 model customised for the Japanese language on Monday.") == [
        ("GPT-4 model customised for the Japanese language", "gpt-4-japanese")]
    assert _found("a Japanese-language GPT-4 model") == [("Japanese-language GPT-4 model", "gpt-4-japanese")]
    assert _found("GPT-4 is a model.") == [("GPT-4", "gpt-4")]


def test_an_ambiguous_form_is_reported_with_its_candidates() -> None:
    [m] = GAZ.find("J. Smith said")
    assert m.entity_id is None and m.candidates == ("jack-smith", "jane-smith")


def test_an_event_name_without_its_year_takes_the_article_year() -> None:
    article = Article("Sam Altman attended the AI Safety Summit.", "https://x.example/a", None, None,
                      date(2023, 11, 2))
    [fact] = RuleExtractor().extract(article, GAZ).facts
    assert (fact.subject, fact.relation, fact.object) == ("sam-altman", "ATTENDED", "ai-safety-summit-2023")
    assert fact.date is not None and (fact.date.iso, fact.date_basis) == ("2023-11-01", "event")


def test_a_surname_refers_back_to_the_person_named_in_full() -> None:
    gaz = Gazetteer([GazetteerEntry("sam-altman", "Person", "Sam Altman"),
                     GazetteerEntry("jensen-huang", "Person", "Jensen Huang")])
    article = Article("Sam Altman flew in. Huang met Altman on Monday.", "https://x.example/a", None, None,
                      date(2024, 4, 15))
    facts = RuleExtractor().extract(article, gaz).facts
    # Altman was named in full before; Huang was not, so "Huang" alone is not resolved.
    assert facts == ()
    article = Article("Jensen Huang and Sam Altman flew in. Huang met Altman on Monday.", "https://x.example/a",
                      None, None, date(2024, 4, 15))
    [fact] = RuleExtractor().extract(article, gaz).facts
    assert (fact.subject, fact.object, fact.date.iso if fact.date else None) == (
        "jensen-huang", "sam-altman", "2024-04-15")


# -- unknown names -------------------------------------------------------------------------


def test_unknown_names_are_collected_with_a_kind_guess() -> None:
    c = UnknownCollector()
    c.add_sentence("Chief Cabinet Secretary Hirokazu Matsuno said Acme Robotics would open in Osaka.", [], 0)
    c.add_sentence("Separately, the Ministry of Economy met Hirokazu Matsuno.", [], 1)
    found = {u.name: (u.kind_guess, u.mentions) for u in c.results()}
    assert found == {
        "Hirokazu Matsuno": ("Person", 2),
        "Acme Robotics": ("Company", 1),
        "Osaka": ("Place", 1),
        "Ministry of Economy": ("Agency", 1),
    }


def test_capitalised_openers_months_titles_and_known_spans_are_not_unknown() -> None:
    c = UnknownCollector()
    text = "Shares of OpenAI rose on Monday in April, the Japanese Prime Minister said."
    c.add_sentence(text, [(10, 16)], 0)
    assert c.results() == []


def test_unknown_names_never_become_facts() -> None:
    article = Article("OpenAI CEO Sam Altman met Acme Robotics CEO Jane Doe in Tokyo on Monday.",
                      "https://x.example/a", None, None, date(2024, 4, 15))
    extraction = RuleExtractor().extract(article, GAZ)
    assert {u.name for u in extraction.unknown} >= {"Acme Robotics", "Jane Doe", "Tokyo"}
    assert [(f.subject, f.relation, f.object) for f in extraction.facts] == [("sam-altman", "LEADS", "openai")]
