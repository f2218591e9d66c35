"""Neo4j Browser is served by the local server and renders in a real headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from graph.local import LocalNeo4j

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.fail("chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


def test_neo4j_browser_loads_and_points_at_our_bolt(neo4j_server: LocalNeo4j | None, tmp_path: Path) -> None:
    if neo4j_server is None:
        pytest.skip("an external test server is in use; the Browser is part of the local server")
    url = f"http://127.0.0.1:{neo4j_server.http_port}/browser/"
    shot = tmp_path / "browser.png"
    base = [_chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=20000", "--window-size=1280,800"]
    dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert "Connect to Neo4j" in dom, "Neo4j Browser did not render its connect form"
    assert f"127.0.0.1:{neo4j_server.bolt_port}" in dom, "the Browser does not offer our Bolt address"
    subprocess.run([*base, f"--screenshot={shot}", url], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one
