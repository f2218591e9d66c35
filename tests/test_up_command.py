"""`kg up` end to end: schema, dataset, API; a GraphQL POST returns the seed meeting with its source."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from graph.config import Settings
from graph.local import free_port
from graph.store import Store

SEED_QUERY = """
{ entity(name: "Sam Altman") { name relationships(types: [MET]) { edges { node {
    type date other { name } sources { url publisher } } } } } }
"""


def _post(url: str, query: str) -> dict:
    req = urllib.request.Request(url, data=json.dumps({"query": query}).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def test_up_loads_the_dataset_and_serves_the_seed_query(settings: Settings, store: Store, tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "NEO4J_URI": settings.bolt_uri,
           "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
           "KG_STATE_DIR": str(tmp_path)}
    kg = Path(sys.executable).parent / "kg"
    proc = subprocess.Popen([str(kg), "up", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, f"kg up exited early:\n{proc.stdout.read() if proc.stdout else ''}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, "the API did not come up within 180 s"
            time.sleep(0.5)
        body = _post(f"http://127.0.0.1:{port}/graphql", SEED_QUERY)
        assert "errors" not in body, body
        edges = body["data"]["entity"]["relationships"]["edges"]
        met = [e["node"] for e in edges if e["node"]["other"]["name"] == "Fumio Kishida"]
        assert met, edges
        assert met[0]["date"] == "2023-04-10"
        assert any(s["url"].startswith("https://") for s in met[0]["sources"])
        assert store.counts()["nodes"] > 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
