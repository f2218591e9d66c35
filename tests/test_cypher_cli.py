"""`kg cypher` through the real console script: table / JSON / CSV, parameters, write refusal,
errors with their position."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixtures.analysis.loader import load_yaml

from graph.config import PROJECT_ROOT, Settings
from graph.store import Store

KG = Path(sys.executable).parent / "kg"
Run = Callable[..., subprocess.CompletedProcess[str]]
MET = "MATCH (p:Person)-[m:MET]->(q) RETURN p.name AS person, q.name AS met, m.date AS date ORDER BY date"


@pytest.fixture(scope="module")
def kg(session_store: Store, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Run `kg ...` against the test server holding the Japan fixture."""
    session_store.clear()
    load_yaml(session_store, "japan.yaml")
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "KG_STATE_DIR": str(tmp_path_factory.mktemp("state")), "COLUMNS": "200", "NO_COLOR": "1"}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(KG), *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True,
                              input=stdin, timeout=300, check=False)

    yield run


def test_table_is_the_default(kg: Run) -> None:
    r = kg("cypher", MET)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    header = next(ln for ln in lines if "person" in ln)
    assert "met" in header and "date" in header
    assert any("Sam Altman" in ln and "Fumio Kishida" in ln and "2023-04-10" in ln for ln in lines)
    assert "2 rows" in r.stdout


def test_json_for_pipes(kg: Run) -> None:
    r = kg("cypher", MET, "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [
        {"person": "Sam Altman", "met": "Fumio Kishida", "date": "2023-04-10"},
        {"person": "Sam Altman", "met": "Masayoshi Son", "date": "2025-02-03"},
    ]


def test_csv_for_pipes(kg: Run) -> None:
    r = kg("cypher", "MATCH (e:Entity {id: $id}) RETURN e.name AS name, e.aliases AS aliases",
           "-p", "id=openai", "-f", "csv")
    assert r.returncode == 0, r.stderr
    assert list(csv.DictReader(io.StringIO(r.stdout))) == [{"name": "OpenAI", "aliases": '["OpenAI Inc."]'}]


def test_params_keep_json_types(kg: Run) -> None:
    r = kg("cypher", "RETURN $n + 1 AS n, $name AS name, size($ids) AS k, $d AS d",
           "--param", "n=41", "--param", "name=Sam Altman", "--param", 'ids=["a","b"]',
           "--param", "d=2024-04-30", "-f", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"n": 42, "name": "Sam Altman", "k": 2, "d": "2024-04-30"}]


def test_query_from_stdin(kg: Run) -> None:
    r = kg("cypher", "-", "-f", "json", stdin="MATCH (e:Government) RETURN e.id AS id")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [{"id": "government-of-japan"}]


def test_no_rows(kg: Run) -> None:
    r = kg("cypher", "MATCH (e:Entity {id: 'nobody'}) RETURN e")
    assert r.returncode == 0
    assert "(no rows)" in r.stdout


def test_write_is_refused_with_the_servers_message(kg: Run, session_store: Store) -> None:
    before = session_store.counts()
    r = kg("cypher", "CREATE (:Entity {id: 'intruder'}) RETURN 1")
    assert r.returncode == 1
    assert r.stderr.startswith("error: ")
    assert "Writing in read access mode not allowed" in r.stderr
    assert r.stdout == ""
    assert session_store.counts() == before


def test_query_error_shows_its_position(kg: Run) -> None:
    r = kg("cypher", "MATCH (n RETURN n")
    assert r.returncode == 1
    assert "SyntaxError" in r.stderr
    assert "(line 1, column 10 (offset: 9))" in r.stderr
    lines = r.stderr.splitlines()
    quoted = lines.index('"MATCH (n RETURN n"')
    assert lines[quoted + 1] == " " * 10 + "^"  # the caret under the offending token


def test_bad_param_is_one_clear_line(kg: Run) -> None:
    r = kg("cypher", "RETURN 1", "--param", "oops")
    assert r.returncode == 1
    assert "expected name=value" in r.stderr
