"""HTTP: health, OpenAPI, content negotiation, the app's own store, and the GraphQL-over-HTTP audits.

The audit test runs the `graphql-http` npm package's ``serverAudits`` (in
``tests/fixtures/api/audit.cjs``) against the API served by uvicorn on a free port. The package is
installed on first use into ``.state/npm`` (git-ignored) with npm.
"""

from __future__ import annotations

import gc
import json
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

import api.app
from api.app import create_app
from api.http import GRAPHQL_RESPONSE_JSON
from graph.config import PROJECT_ROOT, Settings
from graph.local import free_port
from graph.store import Store

NPM_DIR = PROJECT_ROOT / ".state" / "npm"
AUDIT_SCRIPT = Path(__file__).parent / "fixtures" / "api" / "audit.cjs"
GRAPHQL_HTTP = "graphql-http@1"


@pytest.fixture(scope="module")
def client(settings: Settings, session_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=session_store)) as c:
        yield c


def test_health_reports_the_database(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"]["ok"] is True
    assert body["database"]["agent"].startswith("Neo4j/")


def test_health_is_503_when_the_database_is_down(settings: Settings) -> None:
    down = settings.model_copy(update={"neo4j_uri": f"bolt://127.0.0.1:{free_port()}"})
    store = Store.connect(down, verify=False)
    try:
        with TestClient(create_app(down, store=store)) as c:
            r = c.get("/health")
            assert r.status_code == 503 and r.json()["status"] == "unavailable"
            body = c.post("/graphql", json={"query": "{ stats { entities } }"}).json()
            assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    finally:
        store.close()


def test_the_app_opens_its_store_at_startup_and_closes_it_at_shutdown(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Store] = []
    closed: list[Store] = []
    real_connect = Store.connect

    class Tracked(Store):
        def close(self) -> None:
            closed.append(self)
            super().close()

    def connect(s: Settings, *, verify: bool = True) -> Store:
        inner = real_connect(s, verify=verify)
        store = Tracked(inner.driver, database=inner.database, timeout=inner.timeout)
        opened.append(store)
        return store

    monkeypatch.setattr(api.app.Store, "connect", staticmethod(connect))
    app = create_app(settings)
    assert opened == []
    with TestClient(app) as c:
        assert len(opened) == 1 and closed == []
        assert c.get("/health").status_code == 200
    assert closed == opened


def test_openapi_lists_the_other_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/health" in paths and "/schema.graphql" in paths
    assert "/graphql" not in paths
    assert client.get("/docs").status_code == 200


def test_the_schema_is_served_as_sdl(client: TestClient) -> None:
    r = client.get("/schema.graphql")
    assert r.status_code == 200 and "type Query" in r.text and "type Mutation" in r.text


@pytest.mark.parametrize(("accept", "media"), [
    (GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON),
    (f"{GRAPHQL_RESPONSE_JSON}, application/json;q=0.9", GRAPHQL_RESPONSE_JSON),
    (f"application/json, {GRAPHQL_RESPONSE_JSON};q=0.5", "application/json"),
    ("application/json", "application/json"),
    ("*/*", "application/json"),
    (None, "application/json"),
])
def test_the_response_media_type_follows_accept(client: TestClient, accept: str | None, media: str) -> None:
    headers = {"Accept": accept} if accept else {}
    ok = client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert ok.status_code == 200 and ok.headers["content-type"].startswith(media)
    assert "charset=utf-8" in ok.headers["content-type"]
    assert ok.json() == {"data": {"__typename": "Query"}}
    bad = client.post("/graphql", json={"query": "{ nope }"}, headers=headers)
    assert bad.status_code == (400 if media == GRAPHQL_RESPONSE_JSON else 200)
    assert "data" not in bad.json()


def test_get_requests_run_queries(client: TestClient) -> None:
    r = client.get("/graphql", params={"query": "query($x: String) { entity(name: $x) { id } }",
                                       "variables": json.dumps({"x": "nobody"})})
    assert r.status_code == 200 and r.json() == {"data": {"entity": None}}


def test_field_errors_keep_partial_data_and_status_200(client: TestClient) -> None:
    r = client.post("/graphql", json={"query": '{ stats { entities } entity(id: "a", name: "b") { id } }'},
                    headers={"Accept": GRAPHQL_RESPONSE_JSON})
    assert r.status_code == 200
    body = r.json()
    assert body["data"]["entity"] is None and isinstance(body["data"]["stats"]["entities"], int)


# -- the graphql-http audits ----------------------------------------------------------------


def _graphql_http() -> Path:
    """The node_modules holding graphql-http, installed into .state/npm on first use."""
    modules = NPM_DIR / "node_modules"
    if not (modules / "graphql-http" / "package.json").exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed for the GraphQL-over-HTTP audit (make install sets it up)"
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR), GRAPHQL_HTTP,
                        "graphql@16"], check=True, capture_output=True, timeout=600)
    return modules


@pytest.fixture
def served(settings: Settings, session_store: Store) -> Iterator[str]:
    """The API served by uvicorn (in a thread) on a free port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store=session_store), host="127.0.0.1",
                                           port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/graphql"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_graphql_over_http_audits_pass(served: str) -> None:
    node = shutil.which("node")
    assert node, "node is needed for the GraphQL-over-HTTP audit (make install sets it up)"
    modules = _graphql_http()
    run = subprocess.run([node, str(AUDIT_SCRIPT), served], capture_output=True, text=True, timeout=300,
                         env={"NODE_PATH": str(modules), "PATH": str(Path(node).parent)})
    assert run.returncode == 0, run.stderr
    results: list[dict[str, Any]] = json.loads(run.stdout)
    assert len(results) > 40
    failed_musts = [r for r in results if r["name"].startswith("MUST") and r["status"] != "ok"]
    assert failed_musts == []
    # We pass the SHOULDs too; keep it that way.
    assert [r for r in results if r["status"] != "ok"] == []


def test_the_server_freezes_its_startup_objects_while_it_serves(settings: Settings, session_store: Store) -> None:
    off = settings.model_copy(update={"tune_gc": False})
    before = gc.get_freeze_count()
    with TestClient(create_app(off, store=session_store)):
        assert gc.get_freeze_count() == before
    with TestClient(create_app(settings, store=session_store)) as c:
        assert gc.get_freeze_count() > 0
        assert c.get("/health").status_code == 200
    assert gc.get_freeze_count() == 0
