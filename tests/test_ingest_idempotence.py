"""Idempotent writes, second sources, conflicts and corrections."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ingest_testutil import FIXTURES, checksum

from graph.store import Store
from ingest.pipeline import ingest_paths

SOURCE = "  - {id: %s, url: 'https://example.org/%s', publisher: Example}\n"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """A writable copy of the YAML fixture dataset."""
    target = tmp_path / "dataset"
    shutil.copytree(FIXTURES / "yaml", target)
    return target


def _extra(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_reingest_creates_nothing_and_changes_nothing(store: Store) -> None:
    first = ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    counts, digest = store.counts(), checksum(store)
    recorded = store.read("MATCH ()-[r]->() RETURN r.fact_id AS id, r.recorded_at AS at ORDER BY id")
    second = ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    assert first.total_created == 13
    assert (second.total_created, second.total_updated) == (0, 0)
    assert (second.entities.unchanged, second.sources.unchanged, second.facts.unchanged) == (6, 2, 5)
    assert store.counts() == counts and checksum(store) == digest
    assert store.read("MATCH ()-[r]->() RETURN r.fact_id AS id, r.recorded_at AS at ORDER BY id") == recorded


def test_batch_size_does_not_change_the_graph(store: Store) -> None:
    ingest_paths(store, [FIXTURES / "yaml"], batch_size=1000, progress=False)
    big = checksum(store)
    store.clear()
    ingest_paths(store, [FIXTURES / "yaml"], batch_size=1, progress=False)
    assert checksum(store) == big


def test_fact_ids_are_deterministic(store: Store) -> None:
    ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    ids = store.read("MATCH ()-[r]->() RETURN r.fact_id AS id ORDER BY id")
    store.clear()
    ingest_paths(store, [FIXTURES / "jsonl"], progress=False)
    assert store.read("MATCH ()-[r]->() RETURN r.fact_id AS id ORDER BY id") == ids
    assert len({r["id"] for r in ids}) == 5


def test_a_changed_property_updates_the_fact(store: Store, dataset: Path) -> None:
    ingest_paths(store, [dataset], progress=False)
    facts = dataset / "facts.yaml"
    facts.write_text(facts.read_text().replace("first office in Asia", "Asia-Pacific headquarters"))
    report = ingest_paths(store, [dataset], progress=False)
    assert (report.facts.created, report.facts.updated, report.facts.unchanged) == (0, 1, 4)
    assert store.counts()["relationships"] == 5
    assert store.read("MATCH ()-[r:HAS_OFFICE_IN]->() RETURN r.office_type AS t") == [
        {"t": "Asia-Pacific headquarters"}]


def test_a_second_source_is_added_to_the_same_fact(store: Store, dataset: Path) -> None:
    ingest_paths(store, [dataset], progress=False)
    _extra(dataset, "nikkei.yaml", "sources:\n" + SOURCE % ("nikkei", "nikkei") + (
        "facts:\n  - {subject: fumio-kishida, relation: MET, object: sam-altman, date: '2023-04-10', "
        "source: nikkei, statement: Altman met Kishida.}\n"
        "  - {subject: sam-altman, relation: MET, object: fumio-kishida, date: '2023-04-10', "
        "source: nikkei, quote: 'Altman met Kishida at his office.'}\n"))
    report = ingest_paths(store, [dataset], progress=False)
    assert (report.facts.created, report.facts.updated) == (1, 1)  # the reverse direction is another fact
    met = store.read("MATCH (:Entity {id: 'sam-altman'})-[r:MET]->(:Entity {id: 'fumio-kishida'}) "
                     "RETURN r.source_ids AS s, r.quotes AS q, r.conflict AS c")
    assert met == [{"s": ["observer-2023", "nikkei"],
                    "q": ["Sam Altman met Prime Minister Fumio Kishida in Tokyo.",
                          "Altman met Kishida at his office."], "c": False}]
    again = ingest_paths(store, [dataset], progress=False)
    assert (again.total_created, again.total_updated) == (0, 0)


def test_sources_disagreeing_on_the_amount_are_both_kept_and_marked(store: Store, dataset: Path) -> None:
    _extra(dataset, "bloomberg.yaml", "sources:\n" + SOURCE % ("bloomberg", "bloomberg") + (
        "facts:\n  - {subject: microsoft, relation: INVESTED_IN, object: openai, date: '2023-01-23', "
        "amount: 13000000000, currency: USD, source: bloomberg, statement: Microsoft invested $13bn.}\n"))
    report = ingest_paths(store, [dataset], progress=False)
    assert report.conflicts == 2
    rows = store.read("MATCH ()-[r:INVESTED_IN]->() RETURN r.fact_id AS id, r.amount AS a, r.conflict AS c, "
                      "r.conflicts_with AS w, r.source_ids AS s ORDER BY a")
    assert [(r["a"], r["c"], r["s"]) for r in rows] == [(1e10, True, ["reuters-2023"]),
                                                        (1.3e10, True, ["bloomberg"])]
    assert rows[0]["w"] == [rows[1]["id"]] and rows[1]["w"] == [rows[0]["id"]]
    again = ingest_paths(store, [dataset], progress=False)
    assert (again.total_created, again.total_updated, again.conflicts) == (0, 0, 2)


def test_a_conflict_found_later_marks_the_existing_fact(store: Store, dataset: Path) -> None:
    ingest_paths(store, [dataset], progress=False)
    _extra(dataset, "later.yaml", "sources:\n" + SOURCE % ("later", "later") + (
        "facts:\n  - {subject: Sam Altman, relation: MET, object: Kishida, date: '2023-04-12', "
        "source: later, statement: They met on the 12th.}\n"
        "  - {subject: Sam Altman, relation: MET, object: Kishida, date: '2023-04', "
        "source: later, statement: They met in April.}\n"))
    report = ingest_paths(store, [dataset], progress=False)
    assert (report.facts.created, report.facts.updated, report.conflicts) == (2, 1, 2)
    rows = store.read("MATCH ()-[r:MET]->() RETURN toString(r.date) AS d, r.date_precision AS p, "
                      "r.conflict AS c, size(r.conflicts_with) AS n ORDER BY d, p")
    # 2023-04 (month) contains both days, so it conflicts with neither
    assert rows == [{"d": "2023-04-01", "p": "month", "c": False, "n": 0},
                    {"d": "2023-04-10", "p": "day", "c": True, "n": 1},
                    {"d": "2023-04-12", "p": "day", "c": True, "n": 1}]


def test_different_years_do_not_conflict(store: Store, dataset: Path) -> None:
    _extra(dataset, "2024.yaml", "facts:\n  - {subject: Sam Altman, relation: MET, object: Kishida, "
           "date: '2024-02-01', source: observer-2023, statement: They met again.}\n")
    report = ingest_paths(store, [dataset], progress=False)
    assert report.conflicts == 0 and report.facts.created == 6


def test_a_source_correcting_its_amount_updates_the_fact(store: Store, dataset: Path) -> None:
    ingest_paths(store, [dataset], progress=False)
    facts = dataset / "facts.yaml"
    facts.write_text(facts.read_text().replace("amount: 10000000000", "amount: 10500000000"))
    report = ingest_paths(store, [dataset], progress=False)
    assert (report.facts.created, report.facts.updated, report.conflicts) == (0, 1, 0)
    assert store.read("MATCH ()-[r:INVESTED_IN]->() RETURN r.amount AS a, r.source_ids AS s") == [
        {"a": 1.05e10, "s": ["reuters-2023"]}]
    store_sum = checksum(store)
    store.clear()
    ingest_paths(store, [dataset], progress=False)
    assert checksum(store) == store_sum  # the same graph as a clean load of the corrected files


def test_an_extracted_claim_does_not_downgrade_a_curated_fact(store: Store, dataset: Path) -> None:
    ingest_paths(store, [dataset], progress=False)
    _extra(dataset, "article.yaml", "sources:\n" + SOURCE % ("article", "article") + (
        "facts:\n  - {subject: sam-altman, relation: MET, object: fumio-kishida, date: '2023-04-10', "
        "source: article, quote: Altman met Kishida., status: extracted, confidence: 0.6}\n"))
    ingest_paths(store, [dataset], progress=False)
    assert store.read("MATCH ()-[r:MET]->() RETURN r.status AS s, r.confidence AS c, size(r.source_ids) AS n") == [
        {"s": "curated", "c": 1.0, "n": 2}]


def test_a_fact_restated_in_one_run_keeps_what_was_given_first_and_says_so(store: Store, dataset: Path) -> None:
    _extra(dataset, "zz-restated.yaml", (
        "facts:\n  - {subject: sam-altman, relation: MET, object: fumio-kishida, date: '2023-04-10', place: Osaka,\n"
        "     source: observer-2023, statement: Altman and Kishida met.}\n"))
    report = ingest_paths(store, [dataset], progress=False)
    assert report.facts.created == 5  # one fact, not two
    assert [n.split(": ", 2)[1:] for n in report.notes if "zz-restated.yaml" in n] == [
        ["place", "kept Tokyo from " + str(dataset / "facts.yaml") + ":14 (same fact), not Osaka"],
        ["statement", "kept 'Sam Altman met Prime Minister Fumio Kishida in Tokyo.', given earlier for source "
                      "'observer-2023' (same fact), not 'Altman and Kishida met.'"]]
    assert store.read("MATCH ()-[r:MET]->() RETURN r.place AS p, r.quotes AS q") == [
        {"p": "Tokyo", "q": ["Sam Altman met Prime Minister Fumio Kishida in Tokyo."]}]
