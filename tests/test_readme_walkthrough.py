"""The README's news-article walk-through, followed step by step as a reader would.

Against the real Neo4j holding the bundled dataset (this module writes): the dry run, the
article's ingest (run once unshown, as the text says), the second run that changes nothing, the
GraphQL query on the meeting's two sources, the same in Cypher, and the API's dry-run ingest each
print or answer exactly what the README shows. A run's duration is its own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from graphql_testutil import post
from readme_testutil import BLOCKS, assert_prints_as_shown, followed_by, run_commands, shell_environment

from api.app import create_app
from graph.config import Settings
from graph.store import Store

WALK_THROUGH = [b for b in BLOCKS if b.section == "articles"]
PAIRS = followed_by("graphql", {"json"}, section="articles")  # each GraphQL example with its answer
ARTICLE = "tests/fixtures/articles/openai-tokyo.txt"


@pytest.fixture(scope="module")
def client(settings: Settings, seeded_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=seeded_store)) as c:
        yield c


def test_the_article_walk_through_runs_as_shown(settings: Settings, client: TestClient,
                                                tmp_path: Path) -> None:
    env = shell_environment(settings, tmp_path, columns=120)
    consoles = [b for b in WALK_THROUGH if b.lang == "console"]
    assert [line for b in consoles[:2] for line, _ in b.commands()] == [
        f"kg ingest article {ARTICLE} --dry-run", f"kg ingest article {ARTICLE} | tail -9"]

    assert_prints_as_shown(consoles[0], env)
    (first,) = run_commands([f"kg ingest article {ARTICLE}"], env)  # "Without --dry-run the same command writes"
    assert "│ sources  │       1 │" in first, first  # "1 source created"
    assert_prints_as_shown(consoles[1], env)

    query, answer = next((a, b) for a, b in PAIRS if not a.text.lstrip().startswith("mutation"))
    got = post(client, query.text)
    assert got == json.loads(answer.text), f"{query} no longer answers as shown:\n{json.dumps(got, indent=2)}"

    assert_prints_as_shown(consoles[2], env)


def test_the_api_dry_run_ingest_answers_as_shown(settings: Settings, client: TestClient) -> None:
    mutation, answer = next((a, b) for a, b in PAIRS if a.text.lstrip().startswith("mutation"))
    got = post(client, mutation.text, {"Authorization": "Bearer test-key"})
    assert got == json.loads(answer.text), f"{mutation} no longer answers as shown:\n{json.dumps(got, indent=2)}"
