"""Article ingest against the real Neo4j: provenance, idempotence, second sources, conflicts, CLI, API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from graph.config import PROJECT_ROOT, Settings
from graph.store import Store
from ingest.articles import Article, ingest_article, load_gazetteer, read_article
from ingest.pipeline import ingest_paths

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SEED = ARTICLES / "openai-tokyo.txt"
MEETING = ARTICLES / "altman-kishida-meeting.txt"


@pytest.fixture
def graph(store: Store) -> Store:
    """An empty graph holding the fixture entities only."""
    ingest_paths(store, [ARTICLES / "entities.yaml"], progress=False)
    return store


def _facts(store: Store, rel: str, subject: str, obj: str) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (s:Entity {id: $s})-[r]-(o:Entity {id: $o}) WHERE type(r) = $rel "
        "RETURN properties(r) AS p ORDER BY r.fact_id", {"s": subject, "o": obj, "rel": rel})


def _snapshot(store: Store) -> list[dict[str, Any]]:
    return store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
        "ORDER BY a, t, b, r.fact_id") + store.read("MATCH (s:Source) RETURN properties(s) AS p ORDER BY s.id")


def test_the_gazetteer_is_built_from_the_graph(graph: Store) -> None:
    gaz = load_gazetteer(graph)
    openai = gaz.get("openai")
    assert openai is not None and openai.aliases == ("OpenAI Inc.",)
    summit = gaz.get("ai-safety-summit-2023")
    assert summit is not None and summit.date == "2023-11-01"
    assert [m.entity_id for m in gaz.find("OpenAI's Sam Altman")] == ["openai", "sam-altman"]


def test_the_seed_article_becomes_extracted_facts_quoting_their_sentences(graph: Store) -> None:
    article = read_article(SEED)
    result = ingest_article(graph, article)
    assert result.report.facts.created == len(result.facts) == 7
    assert result.report.sources.created == 1
    [source] = graph.read("MATCH (s:Source) RETURN properties(s) AS p")
    assert source["p"]["id"] == article.source_id
    assert source["p"]["url"] == article.url and source["p"]["publisher"] == "KG Test Wire"
    assert str(source["p"]["published"]) == "2024-04-15"
    [met] = _facts(graph, "MET", "sam-altman", "fumio-kishida")
    p = met["p"]
    assert (str(p["date"]), p["date_precision"], p["status"]) == ("2023-01-01", "year", "extracted")
    assert p["source_ids"] == [article.source_id]
    assert p["quotes"] == ["OpenAI CEO Sam Altman said last year he was considering Japan for an office "
                           "after meeting Prime Minister Fumio Kishida."]
    assert p["rules"] == [f"{article.source_id}:meet.verb"]
    assert 0.6 <= p["confidence"] < 1
    [leads] = _facts(graph, "LEADS", "sam-altman", "openai")
    assert leads["p"]["role"] == "CEO"


def test_ingesting_the_same_article_twice_changes_nothing(graph: Store) -> None:
    ingest_article(graph, read_article(SEED))
    before = _snapshot(graph)
    again = ingest_article(graph, read_article(SEED))
    assert (again.report.facts.created, again.report.facts.updated) == (0, 0)
    assert again.report.facts.unchanged == 7 and again.report.sources.unchanged == 1
    assert _snapshot(graph) == before


def test_a_second_article_adds_a_second_source_to_the_same_meeting(graph: Store) -> None:
    first, second = read_article(SEED), read_article(MEETING)
    ingest_article(graph, first)  # "last year": 2023, year precision
    result = ingest_article(graph, second)  # "on Monday": 2023-04-10, day precision
    [met] = _facts(graph, "MET", "sam-altman", "fumio-kishida")
    assert met["p"]["source_ids"] == [first.source_id, second.source_id]
    assert len(met["p"]["quotes"]) == 2
    assert (str(met["p"]["date"]), met["p"]["date_precision"]) == ("2023-01-01", "year")  # first date wins
    joined = next(f for f in result.facts if f.relation == "MET")
    assert joined.joins == met["p"]["fact_id"] and any("dated 2023 like the stored fact" in n for n in joined.notes)
    # The CEO title seen in both articles is one LEADS fact with two sources, too.
    [leads] = _facts(graph, "LEADS", "sam-altman", "openai")
    assert len(leads["p"]["source_ids"]) == 2


def test_the_precise_report_first_then_the_vague_one_gives_one_fact_with_the_precise_date(graph: Store) -> None:
    ingest_article(graph, read_article(MEETING))
    ingest_article(graph, read_article(SEED))
    [met] = _facts(graph, "MET", "sam-altman", "fumio-kishida")
    assert (str(met["p"]["date"]), met["p"]["date_precision"]) == ("2023-04-10", "day")
    assert len(met["p"]["source_ids"]) == 2


def test_an_article_restating_curated_facts_adds_sources_and_creates_nothing(graph: Store) -> None:
    ingest_paths(graph, [PROJECT_ROOT / "data" / "facts" / "openai-japan.yaml"], progress=False)
    before = graph.counts()
    result = ingest_article(graph, read_article(SEED))
    assert result.report.facts.created == 0 and result.report.facts.updated == 7
    assert graph.counts()["relationships"] == before["relationships"]
    [met] = _facts(graph, "MET", "sam-altman", "fumio-kishida")
    assert met["p"]["status"] == "curated" and str(met["p"]["date"]) == "2023-04-10"
    assert met["p"]["source_ids"] == ["observer-altman-japan-2023", read_article(SEED).source_id]
    assert met["p"]["confidence"] == 1.0
    [office] = _facts(graph, "HAS_OFFICE_IN", "openai", "tokyo")
    assert office["p"]["office_type"] == "first office in Asia"  # the curated wording stays


def test_two_amounts_in_one_story_are_both_kept(graph: Store) -> None:
    result = ingest_article(graph, read_article(ARTICLES / "microsoft-openai-amounts.txt"))
    assert [f.conflict for f in result.facts if f.relation == "INVESTED_IN"] == [True, True]
    facts = _facts(graph, "INVESTED_IN", "microsoft", "openai")
    assert sorted(f["p"]["amount"] for f in facts) == [10e9, 13e9]
    assert {str(f["p"]["date"]) for f in facts} == {"2023-01-23"}


def test_another_article_with_another_amount_is_marked_conflicting(graph: Store) -> None:
    ingest_article(graph, read_article(ARTICLES / "microsoft-openai-amounts.txt"))
    other = Article("Microsoft invested $11 billion in OpenAI on Jan. 23, 2023, the newsletter said.",
                    "https://other.example/msft-openai", "Microsoft's OpenAI bet", "Other Newsletter",
                    date(2023, 2, 1))
    result = ingest_article(graph, other)
    assert result.report.conflicts == 3
    facts = _facts(graph, "INVESTED_IN", "microsoft", "openai")
    assert sorted(f["p"]["amount"] for f in facts) == [10e9, 11e9, 13e9]
    ids = {f["p"]["fact_id"] for f in facts}
    eleven = next(f["p"] for f in facts if f["p"]["amount"] == 11e9)
    assert eleven["conflict"] is True and set(eleven["conflicts_with"]) == ids - {eleven["fact_id"]}


def test_a_dry_run_writes_nothing_but_reports_what_it_would(graph: Store) -> None:
    before = _snapshot(graph)
    result = ingest_article(graph, read_article(SEED), dry_run=True)
    assert result.dry_run and result.report.facts.created == 7 and result.report.sources.created == 1
    assert _snapshot(graph) == before


def test_the_confidence_threshold_keeps_weak_proposals_out(graph: Store) -> None:
    result = ingest_article(graph, read_article(MEETING))
    assert [(f.subject, f.relation, f.object) for f in result.below_threshold] == [
        ("openai", "HAS_OFFICE_IN", "japan")]  # "OpenAI could open an office in Japan"
    assert _facts(graph, "HAS_OFFICE_IN", "openai", "japan") == []
    strict = ingest_article(graph, read_article(SEED), min_confidence=0.95, dry_run=True)
    assert strict.facts == () and len(strict.below_threshold) == 7


def test_an_html_article_is_ingested_without_its_boilerplate(graph: Store) -> None:
    article = read_article(ARTICLES / "databricks-mosaicml.html")
    result = ingest_article(graph, article)
    assert {(f.subject, f.relation, f.object) for f in result.facts} == {
        ("databricks", "ACQUIRED", "mosaicml"), ("ali-ghodsi", "LEADS", "databricks")}
    [deal] = _facts(graph, "ACQUIRED", "databricks", "mosaicml")
    assert deal["p"]["amount"] == 1.3e9 and deal["p"]["currency"] == "USD"
    assert str(deal["p"]["date"]) == "2023-06-26"
    rows = graph.read("MATCH (s:Entity)-[r]->() WHERE s.id IN ['microsoft', 'google'] RETURN count(r) AS n")
    assert rows[0]["n"] == 0  # the footer names them; it is not the article


# -- the command line ----------------------------------------------------------------------


def _cli(settings: Settings, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    import kgcli.article_cmd as article_cmd
    from kgcli.main import app

    monkeypatch.setattr(article_cmd, "get_settings", lambda: settings)
    return CliRunner().invoke(app, ["ingest", "article", *args], env={"COLUMNS": "200"})


def test_cli_dry_run_prints_the_facts_and_unknown_names_and_writes_nothing(
        graph: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(graph)
    result = _cli(settings, monkeypatch, str(MEETING), "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "facts found (confidence >= 0.6)" in out and "Sam Altman" in out and "meet.verb" in out
    assert "2023-04-10 (day)" in out
    assert "Hirokazu Matsuno" in out and "unknown entities" in out
    assert "below 0.6 not written" in out
    assert _snapshot(graph) == before


def test_cli_writes_with_flags_overriding_the_front_matter(
        graph: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plain = tmp_path / "story.txt"
    plain.write_text("OpenAI CEO Sam Altman met Prime Minister Fumio Kishida in Tokyo on Monday.\n")
    result = _cli(settings, monkeypatch, str(plain), "--url", "https://wire.example/x", "--title", "X",
                  "--publisher", "Example", "--published", "2023-04-12", "--min-confidence", "0.7")
    assert result.exit_code == 0, result.output
    [met] = _facts(graph, "MET", "sam-altman", "fumio-kishida")
    assert str(met["p"]["date"]) == "2023-04-10"  # the Monday before Wednesday 12 April


def test_cli_without_a_publication_date_fails_with_one_line(
        graph: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    plain = tmp_path / "story.txt"
    plain.write_text("OpenAI opened an office in Tokyo on Monday.\n")
    result = _cli(settings, monkeypatch, str(plain), "--url", "https://wire.example/y")
    assert result.exit_code == 1
    assert "published" in result.output


# -- the GraphQL mutation ------------------------------------------------------------------

MUTATION = """
mutation($text: String!, $url: String!, $published: Date!, $dry: Boolean!) {
  ingestArticle(text: $text, url: $url, title: "OpenAI opens Tokyo office", publisher: "KG Test Wire",
                published: $published, dryRun: $dry, minConfidence: 0.6) {
    dryRun sourceId
    facts { subject relation object date datePrecision confidence sentence rule properties }
    unknownEntities { name kindGuess }
    counts { factsCreated factsUnchanged belowThreshold sourceCreated unknownEntities }
    errors { code message field }
  }
}
"""


def _post(client: TestClient, key: str | None, dry: bool, text: str | None = None) -> dict[str, Any]:
    variables = {"text": text if text is not None else SEED.read_text(), "url": "https://wire.example/api-seed",
                 "published": "2024-04-15", "dry": dry}
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    response = client.post("/graphql", json={"query": MUTATION, "variables": variables}, headers=headers)
    return json.loads(response.text)


@pytest.fixture
def client(graph: Store, settings: Settings) -> Iterator[TestClient]:
    from api.app import create_app

    with TestClient(create_app(settings, store=graph)) as c:
        yield c


def test_mutation_without_a_key_writes_nothing(client: TestClient, graph: Store) -> None:
    before = _snapshot(graph)
    body = _post(client, None, dry=False)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert _snapshot(graph) == before


def test_mutation_returns_the_facts_unknown_names_and_counts(client: TestClient, graph: Store) -> None:
    dry = _post(client, "test-key", dry=True)["data"]["ingestArticle"]
    assert dry["dryRun"] is True and dry["counts"]["factsCreated"] == 7
    assert graph.read("MATCH (s:Source) RETURN count(s) AS n")[0]["n"] == 0
    body = _post(client, "test-key", dry=False)["data"]["ingestArticle"]
    assert body["errors"] == [] and body["counts"]["factsCreated"] == 7 and body["counts"]["sourceCreated"]
    met = next(f for f in body["facts"] if f["relation"] == "MET")
    assert (met["subject"], met["object"], met["date"], met["datePrecision"], met["rule"]) == (
        "sam-altman", "fumio-kishida", "2023", "YEAR", "meet.verb")
    assert met["sentence"].startswith("OpenAI CEO Sam Altman said last year")
    again = _post(client, "test-key", dry=False)["data"]["ingestArticle"]
    assert again["counts"]["factsCreated"] == 0 and again["counts"]["factsUnchanged"] == 7


def test_mutation_reports_bad_input_as_errors(client: TestClient) -> None:
    body = _post(client, "test-key", dry=True, text="   ")["data"]["ingestArticle"]
    assert body["facts"] == [] and body["errors"][0]["code"] == "INVALID_ARGUMENT"
