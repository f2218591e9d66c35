"""Readers: YAML, CSV and JSON Lines give the same records and the same graph."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ingest_testutil import FIXTURES, checksum

from graph.store import Store
from ingest.pipeline import ingest_paths
from ingest.readers import expand_paths, read_file
from ingest.readers.csv_reader import read_csv
from ingest.readers.jsonl_reader import read_jsonl
from ingest.readers.yaml_reader import read_yaml


def test_yaml_records_remember_file_and_line() -> None:
    path = FIXTURES / "yaml" / "entities.yaml"
    result = read_yaml(path)
    assert not result.issues
    sam = result.entities[0]
    assert sam.location == f"{path}:3"
    assert sam.field_location("country") == f"{path}:7"
    assert [e.id for e in result.entities][-1] == "japan"


def test_yaml_dates_become_partial_dates() -> None:
    result = read_yaml(FIXTURES / "yaml" / "facts.yaml")
    leads = next(f for f in result.facts if f.relation == "LEADS")
    assert (leads.valid_from.value, leads.valid_from.precision) == (dt.date(2019, 3, 1), "month")
    reuters = next(s for s in result.sources if s.id == "reuters-2023")
    assert reuters.published is not None and reuters.published.precision == "month"


def test_unquoted_yaml_date_and_year_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("entities:\n  - {id: a, kind: Company, name: A, founded: 2015-12-11}\n"
                    "  - {id: b, kind: Company, name: B, founded: 2015}\n")
    result = read_yaml(path)
    assert not result.issues
    assert [e.founded.precision for e in result.entities] == ["day", "year"]


def test_csv_type_is_detected_from_the_header() -> None:
    entities = read_csv(FIXTURES / "csv" / "entities.csv")
    sources = read_csv(FIXTURES / "csv" / "sources.csv")
    facts = read_csv(FIXTURES / "csv" / "facts.csv")
    assert (len(entities.entities), len(sources.sources), len(facts.facts)) == (6, 2, 5)
    assert entities.entities[0].aliases == ["Samuel Altman"]
    assert facts.facts[2].amount == 10_000_000_000 and facts.facts[2].confidence == 0.9
    assert facts.facts[0].location == f"{FIXTURES / 'csv' / 'facts.csv'}:2"


def test_jsonl_type_field_picks_the_record() -> None:
    result = read_jsonl(FIXTURES / "jsonl" / "dataset.jsonl")
    assert not result.issues
    assert (len(result.entities), len(result.sources), len(result.facts)) == (6, 2, 5)
    assert result.facts[0].location.endswith("dataset.jsonl:10")  # the blank line 9 is skipped


def test_unknown_extension_is_an_issue(tmp_path: Path) -> None:
    path = tmp_path / "facts.txt"
    path.write_text("x")
    result = read_file(path)
    assert result.issues and "unknown format" in result.issues[0].message


def test_folders_are_walked_and_other_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("a.yaml", "sub/b.csv", "sub/c.jsonl", "README.md", "x.json"):
        (tmp_path / name).write_text("")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.yaml", "b.csv", "c.jsonl"]


@pytest.mark.parametrize("folder", ["yaml", "csv", "jsonl"])
def test_each_format_loads_the_same_graph(store: Store, folder: str) -> None:
    report = ingest_paths(store, [FIXTURES / folder], progress=False)
    assert (report.entities.created, report.sources.created, report.facts.created) == (6, 2, 5)
    assert store.counts() == {"nodes": 8, "relationships": 5}
    met = store.read("MATCH (:Entity {id: 'sam-altman'})-[r:MET]->(:Entity {id: 'fumio-kishida'}) "
                     "RETURN r.date AS date, r.date_precision AS p, r.place AS place, r.source_ids AS s")
    assert met == [{"date": met[0]["date"], "p": "day", "place": "Tokyo", "s": ["observer-2023"]}]
    assert met[0]["date"].to_native() == dt.date(2023, 4, 10)
    inv = store.read("MATCH ()-[r:INVESTED_IN]->() RETURN r.amount AS a, r.currency AS c, "
                     "r.confidence AS conf, r.quotes AS q")[0]
    assert inv == {"a": 1e10, "c": "USD", "conf": 0.9,
                   "q": ["Microsoft is making a multibillion dollar investment in OpenAI."]}
    founded = store.read("MATCH (e:Company {id: 'openai'}) RETURN e.founded AS f, e.founded_precision AS p")[0]
    assert (founded["f"].to_native(), founded["p"]) == (dt.date(2015, 12, 11), "day")


def test_the_three_formats_give_identical_checksums(store: Store) -> None:
    sums = []
    for folder in ("yaml", "csv", "jsonl"):
        store.clear()
        ingest_paths(store, [FIXTURES / folder], progress=False)
        sums.append(checksum(store))
    assert sums[0] == sums[1] == sums[2]


def test_the_readme_relation_table_matches_the_schema() -> None:
    from graph.config import PROJECT_ROOT
    from ingest.schema_doc import relation_table

    assert relation_table() in (PROJECT_ROOT / "README.md").read_text()
