"""Shared fixtures: one real, throwaway Neo4j for the whole run, and a clean store per test.

The server is the project's own local Neo4j (``graph.local``), started in a temporary folder on
free ports. ``KG_TEST_NEO4J_URI`` (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``) points the suite at
another server instead; it must be a disposable test server, since every test clears it, so the
suite refuses a URI unless ``KG_TEST_NEO4J_DISPOSABLE=yes`` confirms it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.config import PROJECT_ROOT, Settings
from graph.local import LocalNeo4j, free_port
from graph.store import Store

TEST_PASSWORD = "kg-test-password"
DATA_DIR = PROJECT_ROOT / "data"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j | None]:
    """The local Neo4j for this test run (None when KG_TEST_NEO4J_URI is used)."""
    if os.environ.get("KG_TEST_NEO4J_URI"):
        if os.environ.get("KG_TEST_NEO4J_DISPOSABLE") != "yes":
            pytest.exit("KG_TEST_NEO4J_URI is set but KG_TEST_NEO4J_DISPOSABLE=yes is not: "
                        "the suite deletes everything in that database", returncode=2)
        yield None
        return
    server = LocalNeo4j(
        tmp_path_factory.mktemp("neo4j"),
        password=TEST_PASSWORD,
        bolt_port=free_port(),
        http_port=free_port(),
        heap="512m",
        pagecache="64m",
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def settings(neo4j_server: LocalNeo4j | None, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at the test server (never at the user's own data)."""
    if neo4j_server is None:
        return Settings(
            NEO4J_URI=os.environ["KG_TEST_NEO4J_URI"],
            NEO4J_USER=os.environ.get("NEO4J_USER", "neo4j"),
            NEO4J_PASSWORD=os.environ["NEO4J_PASSWORD"],
            KG_ENV="test",
            KG_STATE_DIR=tmp_path_factory.mktemp("state"),
        )
    return Settings(
        NEO4J_URI=neo4j_server.bolt_uri,
        NEO4J_PASSWORD=TEST_PASSWORD,
        KG_ENV="test",
        KG_STATE_DIR=tmp_path_factory.mktemp("state"),
        KG_API_KEYS="test-key",
    )


@pytest.fixture(scope="session")
def session_store(settings: Settings) -> Iterator[Store]:
    """One store for the run, with the schema applied."""
    store = Store.connect(settings)
    store.apply_schema()
    yield store
    store.close()


@pytest.fixture
def store(session_store: Store) -> Store:
    """The store, emptied before the test."""
    session_store.clear()
    return session_store


@pytest.fixture(scope="module")
def seeded_store(session_store: Store) -> Store:
    """The store holding the bundled dataset (`data/`), loaded afresh for each test module.

    Loaded anew at the start of every module that asks for it, so a module may also write to it
    (in order, like a reader following the README); do not mix it with ``store`` (function-scoped,
    empty) in one module.
    """
    from ingest.pipeline import ingest_paths

    session_store.clear()
    ingest_paths(session_store, [DATA_DIR], progress=False)
    return session_store
