"""Entity resolution by id, name and alias (against the input and the database); merging."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_testutil import FIXTURES

from graph.errors import ValidationError
from graph.store import Store
from ingest.pipeline import ingest_paths

SOURCES = "sources:\n  - {id: s1, url: 'https://example.org/s1'}\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _issues(store: Store, paths: list[Path]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        ingest_paths(store, paths, progress=False)
    return [str(i) for i in info.value.issues]


def test_names_are_matched_without_case_or_accents(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "es.yaml", SOURCES + (
        "entities:\n  - {id: pedro-sanchez, kind: Person, name: Pedro Sánchez}\n"
        "  - {id: government-of-spain, kind: Government, name: Government of Spain, aliases: [Gobierno de España]}\n"
        "facts:\n  - {subject: PEDRO SANCHEZ, relation: HEAD_OF_GOVERNMENT, object: gobierno de espana, "
        "role: Prime Minister, valid_from: '2018-06-02', source: s1, statement: x}\n"))
    report = ingest_paths(store, [path], progress=False)
    assert report.facts.created == 1
    assert store.read("MATCH (s)-[:HEAD_OF_GOVERNMENT]->(o) RETURN s.id AS s, o.id AS o") == [
        {"s": "pedro-sanchez", "o": "government-of-spain"}]


def test_a_surname_resolves_only_when_unambiguous(store: Store, tmp_path: Path) -> None:
    fact = ("facts:\n  - subject: Altman\n    relation: LEADS\n    object: openai\n    role: CEO\n"
            "    valid_from: '2019'\n    source: observer-2023\n    statement: x\n")
    path = _write(tmp_path / "f.yaml", fact)
    report = ingest_paths(store, [FIXTURES / "yaml", path], progress=False)
    assert report.facts.created == 6  # "Altman" is Sam Altman: the only Altman
    store.clear()
    jack = _write(tmp_path / "jack.yaml", "entities:\n  - {id: jack-altman, kind: Person, name: Jack Altman}\n")
    issues = _issues(store, [FIXTURES / "yaml", path, jack])
    assert issues == [f"{path}:2: subject: 'Altman' is ambiguous: it matches jack-altman, sam-altman; use an id"]
    assert store.counts()["nodes"] == 0


def test_resolution_sees_the_database(store: Store, tmp_path: Path) -> None:
    ingest_paths(store, [FIXTURES / "yaml"], progress=False)
    later = _write(tmp_path / "later.yaml", (
        "facts:\n  - {subject: Samuel Altman, relation: MET, object: fumio kishida, date: '2024-02-01', "
        "source: observer-2023, statement: They met again.}\n"))
    report = ingest_paths(store, [later], progress=False)
    assert report.facts.created == 1
    # A new entity in the input makes a name ambiguous with one in the database.
    jack = _write(tmp_path / "jack.yaml", "entities:\n  - {id: jack-altman, kind: Person, name: Jack Altman}\n"
                  "facts:\n  - {subject: Altman, relation: MET, object: Kishida, date: '2024-03-01', "
                  "source: observer-2023, statement: x}\n")
    issues = _issues(store, [jack])
    assert issues == [f"{jack}:4: subject: 'Altman' is ambiguous: it matches jack-altman, sam-altman; use an id"]


def test_the_relation_prefers_candidates_of_the_right_kind(store: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "k.yaml", SOURCES + (
        "entities:\n  - {id: japan, kind: Place, name: Japan}\n"
        "  - {id: government-of-japan, kind: Government, name: Japan, aliases: [Government of Japan]}\n"
        "facts:\n  - {subject: Japan, relation: GOVERNS, object: Japan, source: s1, statement: x}\n"))
    ingest_paths(store, [path], progress=False)
    assert store.read("MATCH (s)-[:GOVERNS]->(o) RETURN s.id AS s, o.id AS o") == [
        {"s": "government-of-japan", "o": "japan"}]


def test_duplicate_entities_merge_and_aliases_accumulate(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "a.yaml",
               "entities:\n  - {id: openai, kind: Company, name: OpenAI, aliases: [OpenAI Inc.]}\n")
    b = _write(tmp_path / "b.yaml", "entities:\n  - {id: openai, kind: Company, name: Open AI, country: US, "
               "aliases: [OpenAI LP]}\n")
    report = ingest_paths(store, [a, b], progress=False)
    assert report.entities.created == 1
    row = store.read("MATCH (e:Entity {id: 'openai'}) RETURN e.name AS n, e.aliases AS a, e.country AS c")[0]
    assert row == {"n": "OpenAI", "a": ["OpenAI Inc.", "Open AI", "OpenAI LP"], "c": "US"}
    c = _write(tmp_path / "c.yaml", "entities:\n  - {id: openai, kind: Company, name: OpenAI, aliases: [OAI]}\n")
    ingest_paths(store, [c], progress=False)
    assert store.read("MATCH (e:Entity {id: 'openai'}) RETURN e.aliases AS a")[0]["a"] == [
        "OpenAI Inc.", "Open AI", "OpenAI LP", "OAI"]
    assert store.counts()["nodes"] == 1
