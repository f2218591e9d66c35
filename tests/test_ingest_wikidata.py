"""The Wikidata importer, on small fixtures in Wikidata's own JSON formats (no network)."""

from __future__ import annotations

import json
from pathlib import Path

from ingest_testutil import FIXTURES, checksum

from graph.store import Store
from ingest.pipeline import ingest_paths
from ingest.wikidata import ingest_wikidata, read_entities_text, read_wikidata

WIKIDATA = FIXTURES / "wikidata"
FILES = [WIKIDATA / "Q21708200.json", WIKIDATA / "dump.json"]


def test_the_three_json_shapes_are_read() -> None:
    entity = {"id": "Q1", "labels": {"en": {"language": "en", "value": "X"}}}
    shapes = [json.dumps({"entities": {"Q1": entity}}), json.dumps(entity), json.dumps([entity]),
              "[\n" + json.dumps(entity) + ",\n" + json.dumps(dict(entity, id="Q2")) + "\n]\n"]
    for text in shapes:
        got, issues = read_entities_text(text, "f.json")
        assert not issues and got[0][0]["id"] == "Q1"
    got, _ = read_entities_text(shapes[-1], "dump.json")
    assert [loc for _, loc in got] == ["dump.json:2", "dump.json:3"]


def test_dump_lines_with_trailing_commas_are_read() -> None:
    entities, issues = read_wikidata([WIKIDATA / "dump.json"])
    assert not issues and len(entities) == 12
    assert entities[0][1] == f"{WIKIDATA / 'dump.json'}:2"


def test_a_broken_dump_line_is_an_issue_with_its_line() -> None:
    got, issues = read_entities_text('[\n{"id": "Q1"},\n{"id": \n]\n', "d.json")
    assert [e["id"] for e, _ in got] == ["Q1"]
    assert [str(i).split(": ")[0] for i in issues] == ["d.json:3"]


def test_entities_and_facts_are_mapped(store: Store) -> None:
    report = ingest_wikidata(store, FILES, progress=False)
    assert (report.entities.created, report.facts.created) == (11, 10)
    kinds = store.read("MATCH (e:Entity) RETURN e.id AS id, e.kind AS kind, e.wikidata AS q, e.country AS c "
                       "ORDER BY id")
    assert {r["id"]: r["kind"] for r in kinds} == {
        "alphabet": "Company", "deepmind": "Company", "elon-musk": "Person", "fumio-kishida": "Person",
        "google": "Company", "government-of-japan": "Government", "openai": "Company",
        "sam-altman": "Person", "san-francisco": "Place", "united-states": "Place", "y-combinator": "Company"}
    openai = next(r for r in kinds if r["id"] == "openai")
    assert (openai["q"], openai["c"]) == ("Q21708200", "US")  # P17 -> Q30 -> P297 "US"
    facts = {(r["s"], r["t"], r["o"]) for r in store.read("MATCH (s)-[r]->(o) RETURN s.id AS s, type(r) AS t, "
                                                             "o.id AS o")}
    assert facts == {
        ("openai", "HEADQUARTERED_IN", "san-francisco"), ("sam-altman", "LEADS", "openai"),
        ("sam-altman", "FOUNDED", "openai"), ("elon-musk", "FOUNDED", "openai"),
        ("sam-altman", "WORKS_FOR", "y-combinator"), ("san-francisco", "LOCATED_IN", "united-states"),
        ("y-combinator", "HEADQUARTERED_IN", "san-francisco"), ("google", "PART_OF", "alphabet"),
        ("deepmind", "PART_OF", "google"), ("fumio-kishida", "HEAD_OF_GOVERNMENT", "government-of-japan")}
    leads = store.read("MATCH ()-[r:LEADS]->() RETURN r.role AS role, toString(r.valid_from) AS vf, "
                       "r.valid_from_precision AS p, r.source_ids AS s")[0]
    assert leads == {"role": "CEO", "vf": "2019-03-01", "p": "month", "s": ["wikidata-q21708200"]}
    hog = store.read("MATCH ()-[r:HEAD_OF_GOVERNMENT]->() RETURN r.role AS role, toString(r.valid_to) AS vt")[0]
    assert hog == {"role": "Prime Minister of Japan", "vt": "2024-10-01"}
    src = store.read("MATCH (s:Source {id: 'wikidata-q21708200'}) RETURN s.url AS url, s.publisher AS p")[0]
    assert src == {"url": "https://www.wikidata.org/wiki/Q21708200", "p": "Wikidata"}


def test_the_same_claim_on_two_pages_is_one_fact_with_two_sources(store: Store) -> None:
    ingest_wikidata(store, FILES, progress=False)
    # Google P749/P127 -> Alphabet and Alphabet P1830 -> Google
    assert store.read("MATCH (:Entity {id: 'google'})-[r:PART_OF]->() RETURN r.source_ids AS s, r.quotes AS q") == [
        {"s": ["wikidata-q20800404", "wikidata-q95"],
         "q": ["Wikidata Q20800404 (Alphabet): P1830 Google -> Alphabet",
               "Wikidata Q95 (Google): P127, P749 Google -> Alphabet"]}]


def test_skipped_claims_are_reported_as_notes(store: Store) -> None:
    report = ingest_wikidata(store, FILES, progress=False)
    notes = "\n".join(report.notes)
    assert "Q123456789 is not in the import or the database" in notes
    assert "WORKS_FOR needs a start date (P580)" in notes
    assert "skipped Q11424000 (Some Film): no P31 class maps to a kind" in notes
    assert "P159 Q60" not in notes  # deprecated rank: ignored silently


def test_reimport_is_idempotent(store: Store) -> None:
    ingest_wikidata(store, FILES, progress=False)
    digest = checksum(store)
    again = ingest_wikidata(store, FILES, progress=False)
    assert (again.total_created, again.total_updated) == (0, 0)
    assert checksum(store) == digest


def test_items_merge_into_curated_entities_by_qid(store: Store, tmp_path: Path) -> None:
    curated = tmp_path / "c.yaml"
    curated.write_text("entities:\n  - {id: altman, kind: Person, name: Sam Altman, wikidata: Q7407093, "
                       "description: curated text}\n")
    ingest_paths(store, [curated], progress=False)
    ingest_wikidata(store, FILES, progress=False)
    row = store.read("MATCH (e:Entity {wikidata: 'Q7407093'}) RETURN e.id AS id, e.description AS d, "
                     "e.aliases AS a, toString(e.born) AS born")
    assert row == [{"id": "altman", "d": "curated text", "a": ["Samuel Harris Altman"], "born": "1985-04-22"}]
    assert store.read("MATCH (:Entity {id: 'altman'})-[r:LEADS]->(:Entity {id: 'openai'}) RETURN count(r) AS n") == [
        {"n": 1}]
