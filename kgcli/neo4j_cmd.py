"""`kg neo4j start|stop|status|build`: the local Neo4j server."""

from __future__ import annotations

import typer

from graph.config import get_settings
from graph.local import LocalNeo4j, LocalStatus, build_launcher
from kgcli.common import console, err_console, handle_errors

app = typer.Typer(help="Run the local Neo4j server (used when NEO4J_URI is not set).",
                  no_args_is_help=True)


def _server() -> LocalNeo4j:
    s = get_settings()
    if not s.uses_local_server:
        err_console.print(f"note: NEO4J_URI is set ({s.neo4j_uri}); the local server is not used by other commands")
    return LocalNeo4j.from_settings(s)


def _addresses(st: LocalStatus) -> None:
    console.print(f"  Bolt:    {st.bolt_uri}\n  Browser: {st.browser_url}\n  data:    {st.home}")


@app.command()
@handle_errors
def start() -> None:
    """Build (first run) and start the local Neo4j in the background; wait until Bolt answers."""
    server = _server()
    if server.status().running:
        console.print(f"already running (pid {server.status().pid}) at {server.bolt_uri}")
        return
    with err_console.status("starting Neo4j (the first run downloads it from Maven Central)..."):
        st = server.start()
    console.print(f"Neo4j running (pid {st.pid})")
    _addresses(st)


@app.command()
@handle_errors
def stop() -> None:
    """Stop the local Neo4j cleanly (SIGTERM; the data stays)."""
    if _server().stop():
        console.print("Neo4j stopped")
    else:
        console.print("Neo4j was not running")


@app.command()
@handle_errors
def status() -> None:
    """Tell whether the local Neo4j runs, with its addresses."""
    st = _server().status()
    if st.running:
        console.print(f"running (pid {st.pid})")
        _addresses(st)
    else:
        console.print(f"not running (data: {st.home})")
        raise typer.Exit(3)


@app.command()
@handle_errors
def build() -> None:
    """Compile the launcher and fetch the Neo4j jars (done automatically by start)."""
    classes, cp = build_launcher(force=True)
    console.print(f"built {classes} ({len(cp.split(':'))} jars on the classpath)")
