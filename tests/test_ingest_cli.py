"""`kg ingest` through the real console script: exit codes, messages, summary, progress."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_testutil import FIXTURES, line_of

from graph.config import PROJECT_ROOT, Settings
from graph.store import Store

KG = Path(sys.executable).parent / "kg"


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def kg(settings: Settings, store: Store, tmp_path: Path) -> Run:
    """Run `kg ...` against the test server (the database emptied first)."""
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(), "KG_STATE_DIR": str(tmp_path),
           "COLUMNS": "200", "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(KG), *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=300, check=False)

    return run


def _row(stdout: str, what: str) -> list[int]:
    line = next(ln for ln in stdout.splitlines() if f" {what} " in ln)
    return [int(c) for c in line.replace("│", " ").split()[1:]]


def test_ingest_prints_a_summary_and_a_rerun_creates_nothing(kg: Run, store: Store) -> None:
    first = kg("ingest", str(FIXTURES / "yaml"))
    assert first.returncode == 0, first.stderr
    assert _row(first.stdout, "facts") == [5, 0, 0, 0]
    assert _row(first.stdout, "entities") == [6, 0, 0, 0]
    second = kg("ingest", str(FIXTURES / "yaml"))
    assert second.returncode == 0
    assert _row(second.stdout, "facts") == [0, 0, 5, 0]
    assert store.counts() == {"nodes": 8, "relationships": 5}


def test_validation_errors_exit_1_with_one_line_each(kg: Run, store: Store) -> None:
    bad = FIXTURES / "bad" / "errors.yaml"
    result = kg("ingest", str(FIXTURES / "yaml"), str(bad))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ") and lines[0].endswith("validation error(s); nothing was written")
    assert f"  {bad}:{line_of(bad, 'unknown-relation')}: relation: unknown relation 'DATED'; expected one of MET, " \
        in "\n".join(lines)
    assert all(ln.startswith(f"  {bad}:") for ln in lines[1:])
    assert len(lines) == 1 + 14
    assert store.counts() == {"nodes": 0, "relationships": 0}


def test_dry_run_writes_nothing(kg: Run, store: Store) -> None:
    result = kg("ingest", "--dry-run", str(FIXTURES / "csv"))
    assert result.returncode == 0, result.stderr
    assert "dry run" in result.stdout and _row(result.stdout, "facts") == [5, 0, 0, 0]
    assert store.counts() == {"nodes": 0, "relationships": 0}


def test_a_missing_path_is_an_error(kg: Run) -> None:
    result = kg("ingest", "no/such/file.yaml")
    assert result.returncode == 1
    assert "no/such/file.yaml: (file): no such file or folder" in result.stderr


def test_wikidata_subcommand(kg: Run, store: Store) -> None:
    wd = FIXTURES / "wikidata"
    result = kg("ingest", "wikidata", str(wd / "Q21708200.json"), str(wd / "dump.json"))
    assert result.returncode == 0, result.stderr
    assert _row(result.stdout, "facts") == [10, 0, 0, 0]
    assert "note: " in result.stdout


def test_help_lists_the_subcommands(kg: Run) -> None:
    result = kg("ingest", "--help")
    assert result.returncode == 0
    assert "wikidata" in result.stdout and "files" in result.stdout


def test_the_bundled_dataset_loads_with_a_progress_bar_then_reruns_as_unchanged(kg: Run, store: Store) -> None:
    first = kg("ingest", "data/")
    assert first.returncode == 0, first.stderr
    assert "loaded" in first.stderr and "rows" in first.stderr  # the progress bar (on stderr)
    created = _row(first.stdout, "facts")[0]
    assert created > 0 and store.counts()["relationships"] == created
    second = kg("ingest", "data/")
    assert second.returncode == 0
    assert [_row(second.stdout, w)[:2] for w in ("entities", "sources", "facts")] == [[0, 0]] * 3
