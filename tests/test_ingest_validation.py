"""Validation: every error names file:line and field, all files' errors come together, and a
rejected run writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_testutil import FIXTURES, line_of

from graph.errors import ValidationError
from graph.store import Store
from ingest.errors import IngestValidationError
from ingest.pipeline import ingest_paths, ingest_records
from ingest.records import FactRecord

BAD = FIXTURES / "bad"
ERRORS = BAD / "errors.yaml"

# marker in errors.yaml -> (field, a piece of the message)
EXPECTED = {
    "unknown-kind": ("kind", "unknown kind 'Corporation'"),
    "kind-property": ("founded", "not a property of Person"),
    "bad-date": ("founded", "not a real date"),
    "unknown-field": ("colour", "unknown field"),
    "unknown-relation": ("relation", "unknown relation 'DATED'"),
    "cannot-join": ("relation", "MET cannot join Person -> Company"),
    "missing-date": ("date", "MET is an event: it needs `date`"),
    "missing-valid-from": ("valid_from", "WORKS_FOR is a state: it needs `valid_from`"),
    "valid-to-before": ("valid_to", "valid_to 2019 is before valid_from 2020-05"),
    "missing-source": ("source", "missing source"),
    "unknown-source": ("source", "unknown source 'no-such-source'"),
    "unknown-entity": ("subject", "unknown entity 'Mallory'"),
    "relation-property": ("amount", "not a property of MET"),
    "date-format": ("date", "expected a date like 2023, 2023-04 or 2023-04-10"),
}


def _issues(store: Store, paths: list[Path]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        ingest_paths(store, paths, progress=False)
    return [str(i) for i in info.value.issues]


def _assert_empty(store: Store) -> None:
    assert store.counts() == {"nodes": 0, "relationships": 0}


@pytest.mark.parametrize("marker", sorted(EXPECTED))
def test_each_error_names_its_line_and_field_and_nothing_is_written(store: Store, marker: str) -> None:
    field, message = EXPECTED[marker]
    issues = _issues(store, [ERRORS])
    want = f"{ERRORS}:{line_of(ERRORS, marker)}: {field}: "
    assert any(i.startswith(want) and message in i for i in issues), (want, message, issues)
    _assert_empty(store)


def test_all_errors_of_all_files_are_reported_together(store: Store) -> None:
    paths = [ERRORS, BAD / "kind-clash.yaml", BAD / "broken.yaml", BAD / "rows.csv", BAD / "lines.jsonl"]
    issues = _issues(store, paths)
    clash = BAD / "kind-clash.yaml"
    assert any(i.startswith(f"{clash}:{line_of(clash, 'kind-clash')}: kind: ") and "is a Person in" in i
               for i in issues)
    broken = BAD / "broken.yaml"
    assert any(i.startswith(f"{broken}:") and "not valid YAML" in i for i in issues)
    assert f"{BAD / 'rows.csv'}:3: (row): 5 cells for 6 columns" in issues
    assert f"{BAD / 'rows.csv'}:4: (row): 7 cells for 6 columns" in issues
    assert any(i.startswith(f"{BAD / 'lines.jsonl'}:2: (json): not valid JSON") for i in issues)
    assert any(i.startswith(f"{BAD / 'lines.jsonl'}:3: type: ") for i in issues)
    assert len(issues) >= len(EXPECTED) + 5
    _assert_empty(store)


def test_a_good_file_next_to_a_bad_one_is_not_written(store: Store) -> None:
    with pytest.raises(IngestValidationError) as info:
        ingest_paths(store, [FIXTURES / "yaml", BAD / "kind-clash.yaml", BAD / "errors.yaml"], progress=False)
    assert info.value.report.facts.rejected >= 10
    _assert_empty(store)


def test_kind_differing_from_the_database_is_an_error(store: Store, tmp_path: Path) -> None:
    ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    before = store.counts()
    path = tmp_path / "clash.yaml"
    path.write_text("entities:\n  - {id: openai, kind: Organization, name: OpenAI}\n")
    issues = _issues(store, [path])
    assert issues == [f"{path}:2: kind: entity 'openai' is a Company in the database, not a Organization"]
    assert store.counts() == before


def test_a_fact_must_rest_on_a_statement_or_quote(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text((FIXTURES / "yaml" / "entities.yaml").read_text()
                    + "sources:\n  - {id: s, url: 'https://example.org'}\n"
                    "facts:\n  - {subject: tokyo, relation: LOCATED_IN, object: japan, source: s}\n")
    issues = _issues(store, [path])
    assert len(issues) == 1 and ": statement: one of `statement`" in issues[0]
    _assert_empty(store)


def test_dry_run_validates_and_writes_nothing(store: Store) -> None:
    report = ingest_paths(store, [FIXTURES / "yaml"], dry_run=True, progress=False)
    assert report.dry_run and (report.entities.created, report.facts.created) == (6, 5)
    _assert_empty(store)
    with pytest.raises(ValidationError):
        ingest_paths(store, [ERRORS], dry_run=True, progress=False)


def test_records_from_code_are_named_by_position(store: Store) -> None:
    ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    before = store.counts()
    good = FactRecord(subject="Fumio Kishida", relation="MET", object="Sam Altman", date="2023-04-11",
                      source="observer-2023", statement="They met again.")
    bad = FactRecord(subject="sam-altman", relation="MET", object="openai", date="2023-04-11",
                     source="observer-2023", statement="x")
    with pytest.raises(ValidationError) as info:
        ingest_records(store, facts=[good, bad])
    assert [str(i) for i in info.value.issues] == [
        "facts[1]: relation: MET cannot join Person -> Company (subjects: Person; objects: Person)"
    ]
    assert store.counts() == before
    report = ingest_records(store, facts=[good])
    assert report.facts.created == 1
