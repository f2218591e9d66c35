"""`kg serve` (the GraphQL API under uvicorn) and `kg schema export` (the SDL to a file)."""

from __future__ import annotations

from pathlib import Path

import typer

from graph.config import PROJECT_ROOT, get_settings
from kgcli.common import console, err_console, handle_errors

schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)

_DEFAULT_SCHEMA = PROJECT_ROOT / "api" / "schema.graphql"


def register(app: typer.Typer) -> None:
    """Add `kg serve` and the `kg schema` group to ``app``."""
    app.command("serve")(serve)
    app.add_typer(schema_app, name="schema")


@handle_errors
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to bind (0.0.0.0 for all)."),
    port: int = typer.Option(8000, help="Port."),
    workers: int = typer.Option(1, min=1, help="Worker processes."),
    reload: bool = typer.Option(False, "--reload", help="Restart on code changes (development)."),
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql, health at /health).

    Uses NEO4J_URI when set; otherwise the local Neo4j, started first if it is down.
    """
    settings = get_settings()
    settings.check_production()
    if settings.uses_local_server:
        from graph.local import LocalNeo4j

        server = LocalNeo4j.from_settings(settings)
        if not server.status().running:
            with err_console.status("starting the local Neo4j ..."):
                server.start()
    if reload and workers > 1:
        err_console.print("note: --reload runs one worker")
        workers = 1
    console.print(f"GraphQL API: http://{host}:{port}/graphql  (health: /health; Ctrl-C stops it)")
    run_server(host=host, port=port, workers=workers, reload=reload)


@schema_app.command("export")
@handle_errors
def export(
    output: Path = typer.Option(_DEFAULT_SCHEMA, "--output", "-o", help="Where to write the SDL ('-': stdout)."),
) -> None:
    """Write the GraphQL schema (SDL) to api/schema.graphql, or to --output."""
    from api.schema import schema_sdl

    sdl = schema_sdl()
    if str(output) == "-":
        typer.echo(sdl, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    changed = not output.exists() or output.read_text(encoding="utf-8") != sdl
    output.write_text(sdl, encoding="utf-8")
    console.print(f"{'wrote' if changed else 'unchanged:'} {output} ({sdl.count(chr(10))} lines)")


def run_server(*, host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the API with uvicorn (blocks until Ctrl-C)."""
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port,
                workers=workers, reload=reload)
