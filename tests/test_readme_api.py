"""The README's API requests that write or send headers, run in order as a reader would.

Against the real Neo4j holding the bundled dataset, with the README's key configured (this module
writes): the mutation refused without a key, the entity added with it, the fact added with its
source, the fact refused with nothing written, and the oversized page refused as
``application/graphql-response+json`` each answer exactly what the README shows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from readme_testutil import Block, curl_request, followed_by

from api.app import create_app
from graph.config import Settings
from graph.store import Store

KEY = "s3cret-writer-key"  # the README's


def requests() -> list[tuple[Block, dict[str, str], dict[str, object], Block]]:
    """Each request of the GraphQL section that writes or sends headers: headers, body, and the answer shown."""
    out = []
    for request, answer in followed_by("bash", {"json"}, section="graphql"):
        headers, body = curl_request(request.text)
        out.append((request, headers, body, answer))
    for request, answer in followed_by("graphql", {"json"}, section="graphql"):
        if request.text.lstrip().startswith("mutation"):
            out.append((request, {"Authorization": f"Bearer {KEY}"}, {"query": request.text}, answer))
    return sorted(out, key=lambda r: r[0].line)


@pytest.fixture(scope="module")
def client(settings: Settings, seeded_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"api_keys": [KEY]}), store=seeded_store)) as c:
        yield c


def test_the_api_requests_answer_as_shown(client: TestClient, seeded_store: Store) -> None:
    shown = requests()
    assert len(shown) >= 5
    for block, headers, body, answer in shown:
        before = seeded_store.counts()
        got = client.post("/graphql", json=body, headers=headers).json()
        assert got == json.loads(answer.text), f"{block} no longer answers as shown:\n{json.dumps(got, indent=2)}"
        if got.get("data") is None or any(v and v.get("errors") for v in got["data"].values()):
            assert seeded_store.counts() == before, f"{block} was refused but wrote something"
