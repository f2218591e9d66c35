"""The local Neo4j: a real Neo4j Community 5.26 server started from Maven Central artifacts.

No Docker engine and no server tarball are needed: ``neo4j-local/`` is a small Maven module
whose one class (``kg.local.Launcher``) runs Neo4j's own ``CommunityBootstrapper`` with Bolt,
the HTTP server and Neo4j Browser. :class:`LocalNeo4j` builds it on first use (jars cached in
``~/.m2``), starts it in the background bound to 127.0.0.1, waits until Bolt answers, and stops
it with SIGTERM so the server's shutdown hook closes the store cleanly.

Example:
    >>> from graph.local import LocalNeo4j
    >>> server = LocalNeo4j.from_settings()      # doctest: +SKIP
    >>> server.start()                           # doctest: +SKIP
    >>> server.status().running                  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_exc

from graph.config import PROJECT_ROOT, Settings, get_settings
from graph.errors import LocalNeo4jError

__all__ = ["LAUNCHER_DIR", "LocalNeo4j", "LocalStatus", "build_launcher", "free_port"]

logger = logging.getLogger(__name__)

LAUNCHER_DIR = PROJECT_ROOT / "neo4j-local"
_MAIN_CLASS = "kg.local.Launcher"
_READY = "KG-LOCAL-NEO4J READY"
# The JVM flags Neo4j's own neo4j.conf passes (without them Netty and the page cache fail).
_JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Dfile.encoding=UTF-8",
)


def _require(tool: str, install_hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise LocalNeo4jError(f"`{tool}` is not installed; install {install_hint}")
    return path


def build_launcher(*, force: bool = False) -> tuple[Path, str]:
    """Compile the launcher and resolve its classpath with Maven (cached after the first run).

    Returns:
        (classes directory, classpath string of the Neo4j jars).

    Raises:
        LocalNeo4jError: if Java or Maven is missing or the build fails.
    """
    _require("java", "Java 17+ (Debian: apt-get install openjdk-17-jdk-headless)")
    mvn = _require("mvn", "Maven (Debian: apt-get install maven)")
    target = LAUNCHER_DIR / "target"
    classes = target / "classes"
    cp_file = target / "cp.txt"
    target.mkdir(parents=True, exist_ok=True)
    sources = [LAUNCHER_DIR / "pom.xml", *LAUNCHER_DIR.glob("src/**/*.java")]
    with open(target / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one build at a time across processes
        built = (classes / "kg" / "local" / "Launcher.class")
        fresh = (
            built.exists()
            and cp_file.exists()
            and min(built.stat().st_mtime, cp_file.stat().st_mtime)
            >= max(p.stat().st_mtime for p in sources)
        )
        if force or not fresh:
            logger.info("building the local Neo4j launcher with Maven (first run downloads jars)")
            proc = subprocess.run(
                [mvn, "-B", "-q", "compile", "dependency:build-classpath",
                 f"-Dmdep.outputFile={cp_file}"],
                cwd=LAUNCHER_DIR, capture_output=True, text=True, check=False,
            )
            if proc.returncode != 0:
                tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
                raise LocalNeo4jError(
                    "building the Neo4j launcher failed (mvn compile):\n" + "\n".join(tail)
                )
    return classes, cp_file.read_text().strip()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - another user's process
        return True
    # A zombie child still answers kill(0); reap it if it is ours.
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.split()[2] != "Z"
    except OSError:
        return True


@dataclass(frozen=True, slots=True)
class LocalStatus:
    """What ``kg neo4j status`` shows."""

    running: bool
    pid: int | None
    bolt_uri: str
    browser_url: str
    home: Path


class LocalNeo4j:
    """A Neo4j server started by the project, with its data and logs under ``home``.

    Args:
        home: the state folder (``data/``, ``logs/``, ``conf/`` and the pid file go here).
        password: the password of user ``neo4j`` (set on every start).
        bolt_port: Bolt port on 127.0.0.1.
        http_port: HTTP port on 127.0.0.1 (Neo4j Browser at ``/browser/``).
        heap: JVM heap size, e.g. ``512m``.
        pagecache: page cache size, e.g. ``128m``.
    """

    def __init__(
        self,
        home: Path,
        *,
        password: str,
        user: str = "neo4j",
        bolt_port: int = 7687,
        http_port: int = 7474,
        heap: str = "512m",
        pagecache: str = "128m",
    ) -> None:
        if len(password) < 8:
            raise LocalNeo4jError("NEO4J_PASSWORD must have at least 8 characters")
        self.home = home.resolve()
        self.password = password
        self.user = user
        self.bolt_port = bolt_port
        self.http_port = http_port
        self.heap = heap
        self.pagecache = pagecache

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Self:
        """The local server described by the settings (``KG_LOCAL_*``, ``NEO4J_PASSWORD``)."""
        s = settings or get_settings()
        return cls(
            s.state_dir / "neo4j",
            password=s.neo4j_password.get_secret_value(),
            user=s.neo4j_user,
            bolt_port=s.local_bolt_port,
            http_port=s.local_http_port,
            heap=s.local_heap,
            pagecache=s.local_pagecache,
        )

    # -- paths ---------------------------------------------------------------------------

    @property
    def pid_file(self) -> Path:
        return self.home / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def _pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) else None

    def status(self) -> LocalStatus:
        """Whether the server runs, with its pid and addresses."""
        pid = self._pid()
        return LocalStatus(
            running=pid is not None,
            pid=pid,
            bolt_uri=self.bolt_uri,
            browser_url=f"http://127.0.0.1:{self.http_port}/browser/",
            home=self.home,
        )

    # -- start / stop --------------------------------------------------------------------

    def _write_conf(self) -> Path:
        conf_dir = self.home / "conf"
        conf_dir.mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        lines = [
            "# Written by graph/local.py on every start; edit the settings, not this file.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{self.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{self.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{self.http_port}",
            f"server.http.advertised_address=127.0.0.1:{self.http_port}",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.memory.pagecache.size={self.pagecache}",
            f"server.directories.data={self.home / 'data'}",
            f"server.directories.logs={self.home / 'logs'}",
            f"server.directories.import={self.home / 'import'}",
            "dbms.usage_report.enabled=false",
            "db.tx_log.rotation.retention_policy=100M size",
            "server.logs.debug.enabled=false",
        ]
        conf = conf_dir / "neo4j.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf_dir

    def start(self, *, timeout: float = 240.0) -> LocalStatus:
        """Start the server in the background (no-op if it already runs) and wait for Bolt.

        Raises:
            LocalNeo4jError: if a port is taken, the build fails, or the server does not come
                up within ``timeout`` seconds (the message carries the end of its log).
        """
        if self._pid() is not None:
            self._wait_for_bolt(timeout)
            return self.status()
        for port in (self.bolt_port, self.http_port):
            if _port_open(port):
                raise LocalNeo4jError(
                    f"port {port} on 127.0.0.1 is already in use by another program; "
                    "stop it or set KG_LOCAL_BOLT_PORT / KG_LOCAL_HTTP_PORT"
                )
        classes, classpath = build_launcher()
        conf_dir = self._write_conf()
        java = _require("java", "Java 17+ (Debian: apt-get install openjdk-17-jdk-headless)")
        cmd = [
            java, f"-Xms{self.heap}", f"-Xmx{self.heap}", *_JVM_FLAGS,
            "-cp", f"{classes}:{classpath}", _MAIN_CLASS, str(self.home), str(conf_dir),
        ]
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            log.write(f"\n--- start {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n".encode())
            log.flush()
            offset = log.tell()
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=env, start_new_session=True, cwd=self.home,
            )
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise LocalNeo4jError(
                    f"Neo4j exited with code {proc.returncode} while starting; "
                    f"end of {self.log_file}:\n{self._log_tail(offset)}"
                )
            if _READY in self._log_since(offset):
                break
            time.sleep(0.3)
        else:
            self.stop()
            raise LocalNeo4jError(
                f"Neo4j did not start within {timeout:.0f}s; end of {self.log_file}:\n"
                f"{self._log_tail(offset)}"
            )
        self._wait_for_bolt(max(5.0, deadline - time.monotonic()))
        logger.info("local Neo4j running (pid %s) at %s", proc.pid, self.bolt_uri)
        return self.status()

    def _wait_for_bolt(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            try:
                with GraphDatabase.driver(self.bolt_uri, auth=(self.user, self.password)) as d:
                    d.verify_connectivity()
                return
            except (neo4j_exc.ServiceUnavailable, OSError) as e:
                last = e
                time.sleep(0.5)
            except neo4j_exc.AuthError as e:
                raise LocalNeo4jError(
                    f"the local Neo4j refused the configured password: {e}"
                ) from e
        raise LocalNeo4jError(f"Bolt at {self.bolt_uri} did not answer: {last}")

    def stop(self, *, timeout: float = 90.0) -> bool:
        """Stop the server with SIGTERM (clean shutdown); SIGKILL only if it hangs.

        Returns:
            True if a running server was stopped, False if none was running.
        """
        pid = self._pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            logger.warning("Neo4j (pid %s) ignored SIGTERM for %.0fs; killing it", pid, timeout)
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def kill(self) -> None:
        """SIGKILL the server, as a crash would (used by fault tests)."""
        pid = self._pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)

    # -- logs ----------------------------------------------------------------------------

    def _log_since(self, offset: int) -> str:
        try:
            with open(self.log_file, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except OSError:
            return ""

    def _log_tail(self, offset: int, lines: int = 25) -> str:
        return "\n".join(self._log_since(offset).strip().splitlines()[-lines:])
