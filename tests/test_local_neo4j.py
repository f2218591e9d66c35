"""The local Neo4j: start, stop, restart with data kept, and no JVM left behind."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.errors import LocalNeo4jError
from graph.local import LocalNeo4j, _alive, free_port

PASSWORD = "kg-restart-password"


def _count(server: LocalNeo4j) -> int:
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PASSWORD)) as d:
        records, _, _ = d.execute_query("MATCH (n:Marker) RETURN count(n) AS n")
        return int(records[0]["n"])


def test_stop_leaves_no_jvm_and_restart_keeps_data(tmp_path: Path) -> None:
    server = LocalNeo4j(tmp_path / "db", password=PASSWORD, bolt_port=free_port(),
                        http_port=free_port(), pagecache="32m", heap="384m")
    server.start()
    try:
        pid = server.status().pid
        assert pid is not None
        with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PASSWORD)) as d:
            d.execute_query("CREATE (:Marker {at: 1})")
        assert server.stop() is True
        assert not _alive(pid), "the JVM is still running after stop"
        assert not server.status().running
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", server.bolt_port)) != 0, "Bolt port still open"

        server.start()  # no stale lock blocks the second start
        assert _count(server) == 1
    finally:
        server.stop()


def test_wrong_password_is_refused(tmp_path: Path, neo4j_server: LocalNeo4j | None) -> None:
    if neo4j_server is None:
        pytest.skip("an external test server is in use")
    other = LocalNeo4j(neo4j_server.home, password="not-the-password",
                       bolt_port=neo4j_server.bolt_port, http_port=neo4j_server.http_port)
    with pytest.raises(LocalNeo4jError, match="refused the configured password"):
        other._wait_for_bolt(5)


def test_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        server = LocalNeo4j(tmp_path, password=PASSWORD, bolt_port=busy, http_port=free_port())
        with pytest.raises(LocalNeo4jError, match=f"port {busy} .* already in use"):
            server.start()


def test_short_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LocalNeo4jError, match="at least 8"):
        LocalNeo4j(tmp_path, password="short")
