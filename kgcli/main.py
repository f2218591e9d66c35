"""The `kg` command: one entry point with a subcommand per job.

    kg up                 start Neo4j (if local), apply the schema, load data/, serve the API
    kg neo4j start|stop|status
    kg init               apply constraints and indexes (idempotent)
    kg ingest PATH...     load curated files (and `kg ingest article`, `kg ingest wikidata`)
    kg serve              serve the GraphQL API
    kg cypher QUERY       run read-only Cypher
    kg export ...         export a subgraph (GraphML, GEXF, JSON, CSV)
"""

from __future__ import annotations

from pathlib import Path

import typer

from graph.config import PROJECT_ROOT, get_settings
from kgcli import analyst_cmd, ingest_cmd, neo4j_cmd, serve_cmd
from kgcli.common import console, handle_errors, open_store, setup_logging

app = typer.Typer(
    help="The AI-industry knowledge graph: Neo4j, GraphQL, Cypher and NetworkX.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(neo4j_cmd.app, name="neo4j")


@app.callback()
def _root(verbose: bool = typer.Option(False, "--verbose", "-v", help="Debug logging.")) -> None:
    setup_logging(verbose)


@app.command()
@handle_errors
def init() -> None:
    """Apply the schema's constraints and indexes (safe to run again)."""
    with open_store() as store:
        stmts = store.apply_schema()
    console.print(f"schema applied: {len(stmts)} constraint/index statements")


@app.command()
@handle_errors
def up(
    host: str = typer.Option("127.0.0.1", help="Interface for the API."),
    port: int = typer.Option(8000, help="Port for the API."),
    data: Path = typer.Option(PROJECT_ROOT / "data", help="Dataset folder to load."),
    load: bool = typer.Option(True, help="Load the dataset before serving."),
) -> None:
    """Bring everything up: local Neo4j (unless NEO4J_URI is set), schema, dataset, API."""
    from ingest.pipeline import ingest_paths
    from ingest.report import print_report

    settings = get_settings()
    with open_store(settings) as store:
        store.apply_schema()
        if load:
            report = ingest_paths(store, [data], batch_size=settings.batch_size, progress=True)
            print_report(report, console=console)
    console.print(f"GraphQL API: http://{host}:{port}/graphql  (Ctrl-C stops it; "
                  "`kg neo4j stop` stops the database)")
    serve_cmd.run_server(host=host, port=port, workers=1, reload=False)


ingest_cmd.register(app)
serve_cmd.register(app)
analyst_cmd.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
