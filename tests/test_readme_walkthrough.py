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
from readme_testutil import BLOCKS, Block, comparable, followed_by, run_shell, shell_environment

from api.app import create_app
from graph.config import PROJECT_ROOT, Settings
from graph.store import Store

WALK_THROUGH = [b for b in BLOCKS if b.section == "articles"]
PAIRS = followed_by("graphql", {"json"}, section="articles")  # each GraphQL example with its answer
ARTICLE = "tests/fixtures/articles/openai-tokyo.txt"


@pytest.fixture(scope="module")
def seeded(session_store: Store) -> Store:
    from ingest.pipeline import ingest_paths

    session_store.clear()
    ingest_paths(session_store, [PROJECT_ROOT / "data"], progress=False)
    return session_store


@pytest.fixture(scope="module")
def client(settings: Settings, seeded: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=seeded)) as c:
        yield c


def run_as_shown(block: Block, line: str, shown: str, env: dict[str, str]) -> None:
    printed = run_shell(line, env)
    assert comparable(printed) == comparable(shown), f"{block}: `{line[:80]}` no longer prints as shown:\n{printed}"


def test_the_article_walk_through_runs_as_shown(settings: Settings, seeded: Store, client: TestClient,
                                                tmp_path: Path) -> None:
    env = shell_environment(settings, tmp_path, columns=120)
    consoles = [b for b in WALK_THROUGH if b.lang == "console"]
    (dry_run, shown), (again, shown_again) = [c for b in consoles[:2] for c in b.commands()]
    assert dry_run == f"kg ingest article {ARTICLE} --dry-run" and again.startswith(f"kg ingest article {ARTICLE} |")

    run_as_shown(consoles[0], dry_run, shown, env)
    first = run_shell(f"kg ingest article {ARTICLE}", env)
    assert "written" in first or "ingest" in first, first
    run_as_shown(consoles[1], again, shown_again, env)

    query, answer = next((a, b) for a, b in PAIRS if not a.text.lstrip().startswith("mutation"))
    got = post(client, query.text)
    assert got == json.loads(answer.text), f"{query} no longer answers as shown:\n{json.dumps(got, indent=2)}"

    (cypher, shown_cypher), = consoles[2].commands()
    run_as_shown(consoles[2], cypher, shown_cypher, env)


def test_the_api_dry_run_ingest_answers_as_shown(settings: Settings, seeded: Store, client: TestClient) -> None:
    mutation, answer = next((a, b) for a, b in PAIRS if a.text.lstrip().startswith("mutation"))
    got = post(client, mutation.text, {"Authorization": "Bearer test-key"})
    assert got == json.loads(answer.text), f"{mutation} no longer answers as shown:\n{json.dumps(got, indent=2)}"
