"""Reading articles, splitting sentences, resolving dates and amounts (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import ValidationError
from ingest.articles.dates import DateValue, find_dates
from ingest.articles.money import find_money
from ingest.articles.reader import article_from_text, read_article, source_id_for
from ingest.articles.sentences import split_sentences

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
PUBLISHED = date(2024, 4, 15)  # a Monday


# -- dates -------------------------------------------------------------------------------


def _dates(text: str, published: date = PUBLISHED) -> list[tuple[str, str]]:
    return [(d.value.iso, d.value.precision) for d in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on April 10, 2023.", [("2023-04-10", "day")]),
        ("They met on 10 April 2023.", [("2023-04-10", "day")]),
        ("They met on 2023-04-10.", [("2023-04-10", "day")]),
        ("They met on Sept. 5, 2023.", [("2023-09-05", "day")]),
        ("They met in April 2023.", [("2023-04", "month")]),
        ("They met in 2023.", [("2023", "year")]),
    ],
)
def test_absolute_dates_keep_their_precision(text: str, expected: list[tuple[str, str]]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("OpenAI opened the office on Monday.", ("2024-04-15", "day")),  # the publication day itself
        ("The deal closed on Friday.", ("2024-04-12", "day")),  # the Friday before
        ("They spoke last Monday.", ("2024-04-08", "day")),
        ("They will speak next Monday.", ("2024-04-22", "day")),
        ("He said it yesterday.", ("2024-04-14", "day")),
        ("He said last year he would.", ("2023", "year")),
        ("Revenue doubled this year.", ("2024", "year")),
        ("It will open next month.", ("2024-05", "month")),
        ("It opened last month.", ("2024-03", "month")),
        ("It opened last April.", ("2023-04", "month")),  # April of the publication month is "this April"
        ("It opened last March.", ("2024-03", "month")),
        ("It opened in February.", ("2024-02", "month")),
        ("It was founded three years ago.", ("2021", "year")),
    ],
)
def test_relative_dates_resolve_against_the_publication_date(text: str, expected: tuple[str, str]) -> None:
    assert _dates(text) == [expected]


def test_a_bare_month_is_the_last_one_unless_the_sentence_speaks_of_the_future() -> None:
    published = date(2023, 9, 25)
    assert _dates("Google invested in February.", published) == [("2023-02", "month")]
    assert _dates("Google invested in December.", published) == [("2022-12", "month")]
    assert _dates("The deal is expected to close in December.", published) == [("2023-12", "month")]
    assert _dates("It opened on October 2.", published) == [("2022-10-02", "day")]
    assert _dates("It will open on October 2.", published) == [("2023-10-02", "day")]


def test_dates_are_not_read_from_plain_numbers_or_the_verb_may() -> None:
    assert _dates("Shares rose 2023 points and it may close.") == []


def test_date_values_compare_across_precisions() -> None:
    year, day = DateValue.parse("2023"), DateValue.parse("2023-04-10")
    assert year.contains(day) and year.agrees_with(day) and day.agrees_with(year)
    assert not DateValue.parse("2023-04-11").agrees_with(day)
    assert day.is_finer_than(year)
    assert DateValue(date(2023, 4, 10), "month") == DateValue.parse("2023-04")


# -- amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$10 billion", 10_000_000_000, "USD"),
        ("10 billion dollars", 10_000_000_000, "USD"),
        ("€15 million", 15_000_000, "EUR"),
        ("15 million euros", 15_000_000, "EUR"),
        ("$1.5bn", 1_500_000_000, "USD"),
        ("£300m", 300_000_000, "GBP"),
        ("1 trillion yen", 1_000_000_000_000, "JPY"),
        ("US$2 billion", 2_000_000_000, "USD"),
        ("$2,500,000", 2_500_000, "USD"),
    ],
)
def test_amounts_and_currencies(text: str, amount: int, currency: str) -> None:
    [found] = find_money(f"It invested {text} in the startup.")
    assert (found.amount, found.currency) == (amount, currency)


# -- sentences ---------------------------------------------------------------------------


def test_sentences_survive_abbreviations() -> None:
    text = ("Mr. Altman met the U.S. team at OpenAI Inc. on Jan. 5. The deal, worth $1.5 billion, "
            "closed at 5 p.m. on Monday. Dr. Smith of Acme Corp. agreed. He moved to the U.S. "
            "The firm followed.")
    assert [s.text for s in split_sentences(text)] == [
        "Mr. Altman met the U.S. team at OpenAI Inc. on Jan. 5.",
        "The deal, worth $1.5 billion, closed at 5 p.m. on Monday.",
        "Dr. Smith of Acme Corp. agreed.",
        "He moved to the U.S.",
        "The firm followed.",
    ]


def test_paragraphs_and_headlines_end_sentences() -> None:
    sentences = split_sentences("OpenAI opens Tokyo office\n\nIt opened on Monday. \"It is big,\" he said!")
    assert [s.text for s in sentences] == ["OpenAI opens Tokyo office", "It opened on Monday.",
                                           "\"It is big,\" he said!"]
    assert [s.paragraph for s in sentences] == [0, 1, 1]


# -- reading -----------------------------------------------------------------------------


def test_front_matter_gives_the_metadata_and_flags_override_it() -> None:
    article = read_article(ARTICLES / "openai-tokyo.txt")
    assert (article.url, article.publisher, article.published) == (
        "https://wire.example/2024/04/15/openai-opens-tokyo-office", "KG Test Wire", date(2024, 4, 15))
    assert article.title == "OpenAI opens Tokyo office, its first in Asia"
    overridden = read_article(ARTICLES / "openai-tokyo.txt", publisher="Other", published="2024-04-16")
    assert (overridden.publisher, overridden.published) == ("Other", date(2024, 4, 16))


def test_datelines_are_stripped_from_the_text() -> None:
    article = read_article(ARTICLES / "openai-tokyo.txt")
    assert "KG Test Wire" not in article.text and "TOKYO" not in article.text
    assert "OpenAI opened its first Asian office in Tokyo on Monday" in article.text


def test_html_is_reduced_to_the_article_text() -> None:
    article = read_article(ARTICLES / "databricks-mosaicml.html")
    assert "Databricks agreed to acquire MosaicML for $1.3 billion" in article.text
    for boilerplate in ("Subscribe", "Related coverage", "All rights reserved", "window.analytics", "Privacy"):
        assert boilerplate not in article.text
    # The metadata comes from the page when neither flags nor front matter give it.
    assert article.url == "https://wire.example/2023/06/26/databricks-mosaicml"
    assert article.published == date(2023, 6, 26)
    assert article.publisher == "KG Test Wire"


def test_markdown_is_reduced_to_plain_text() -> None:
    raw = ("---\nurl: https://x.example/md\npublished: 2024-01-02\n---\n# OpenAI news\n\n"
           "**OpenAI** opened an office in [Tokyo](https://en.wikipedia.org/wiki/Tokyo) on _Monday_.\n\n"
           "- first item\n")
    article = article_from_text(raw, fmt="md")
    assert article.text == "OpenAI news\n\nOpenAI opened an office in Tokyo on Monday.\n\nfirst item"


def test_missing_url_or_date_is_a_validation_error_naming_both() -> None:
    with pytest.raises(ValidationError) as e:
        article_from_text("Just text.")
    assert {i.field for i in e.value.issues} == {"url", "published"}


def test_source_ids_are_stable_for_one_url() -> None:
    assert source_id_for("https://wire.example/a/") == source_id_for("HTTPS://WIRE.example/a#x")
    assert source_id_for("https://wire.example/a") != source_id_for("https://wire.example/b")
    assert source_id_for("https://wire.example/a").startswith("article-")
