"""`kg cypher` (read-only Cypher) and `kg export` (a subgraph to GraphML, GEXF, JSON or CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from graph.errors import InvalidArgumentError, QueryError
from graph.export import FORMATS
from graph.kg import KnowledgeGraph
from kgcli.common import console, err_console, handle_errors, open_store


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"


assert tuple(f.value for f in ExportFormat) == FORMATS


def parse_params(pairs: list[str] | None) -> dict[str, Any]:
    """``name=value`` pairs: a value that parses as JSON is that JSON, anything else a string.

    Example:
        >>> parse_params(["n=5", "name=Sam Altman", 'ids=["a","b"]', "d=2024-04-30"])
        {'n': 5, 'name': 'Sam Altman', 'ids': ['a', 'b'], 'd': '2024-04-30'}
    """
    params: dict[str, Any] = {}
    for pair in pairs or []:
        name, sep, raw = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidArgumentError(f"--param {pair!r}: expected name=value")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        params[name.strip()] = value
    return params


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO strings, tuples as lists."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return json.dumps(_plain(value), ensure_ascii=False)


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(k for row in rows for k in row))


def _print_rows(rows: list[dict[str, Any]], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(_plain(rows), ensure_ascii=False, indent=2))
        return
    columns = _columns(rows)
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return
    if not rows:
        console.print("(no rows)")
        return
    table = Table(*columns, caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in columns))
    console.print(table)


@handle_errors
def cypher(
    query: str = typer.Argument(..., help="Cypher to run read-only; '-' reads it from stdin."),
    param: list[str] | None = typer.Option(
        None, "--param", "-p",
        help="name=value, repeatable; JSON values (5, true, [\"a\"]) stay typed, others are strings.",
    ),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f",
                                     help="table for people, json or csv for pipes."),
    timeout: float | None = typer.Option(None, help="Seconds before the server stops the query."),
    limit: int | None = typer.Option(None, help="Most rows to fetch (default KG_MAX_SUBGRAPH_EDGES)."),
) -> None:
    """Run read-only Cypher against the graph (the server refuses writes)."""
    text = sys.stdin.read() if query == "-" else query
    params = parse_params(param)
    with open_store() as store:
        try:
            rows = KnowledgeGraph(store).cypher(text, params, timeout=timeout, limit=limit)
        except QueryError as e:
            # The server's message carries the position: "(line 1, column 10 (offset: 9))"
            # and the offending line with a caret under it. Printed verbatim, no markup.
            err_console.print("error: " + str(e), markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
    _print_rows(rows, fmt)


def _split(values: list[str] | None) -> list[str] | None:
    out = [v.strip() for value in values or [] for v in value.split(",") if v.strip()]
    return out or None


@handle_errors
def export(
    output: Path = typer.Option(..., "--output", "-o",
                                help="File to write (a directory or .zip for csv)."),
    around: list[str] | None = typer.Option(
        None, "--around", "-a", help="Entity id, name or alias to start from; repeatable. "
        "Without it: the whole graph."),
    depth: int = typer.Option(1, "--depth", "-d", help="Hops from --around."),
    types: list[str] | None = typer.Option(None, "--types", "-t",
                                           help="Relation types (comma-separated or repeated)."),
    kinds: list[str] | None = typer.Option(None, "--kinds", "-k",
                                           help="Entity kinds (comma-separated or repeated)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Facts that hold on this day."),
    start: str | None = typer.Option(None, "--from", help="Facts overlapping a window from..."),
    end: str | None = typer.Option(None, "--to", help="...to this day (inclusive)."),
    min_confidence: float | None = typer.Option(None, "--min-confidence"),
    fmt: ExportFormat | None = typer.Option(
        None, "--format", "-f", help="graphml, gexf, json or csv (default: from the file suffix)."),
    limit: int | None = typer.Option(None, help="Most facts (default KG_MAX_SUBGRAPH_EDGES)."),
) -> None:
    """Export a subgraph to GraphML, GEXF, node-link JSON or CSV (nodes.csv + edges.csv)."""
    with open_store() as store:
        summary = KnowledgeGraph(store).export_subgraph(
            output, fmt.value if fmt is not None else None, around=around or None, depth=depth,
            kinds=_split(kinds), types=_split(types), as_of=as_of, start=start, end=end,
            min_confidence=min_confidence, limit=limit,
        )
    err_console.print(
        f"wrote {summary.nodes} nodes and {summary.edges} edges to {summary.path} ({summary.format})",
        highlight=False, markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add `kg cypher` and `kg export` to ``app``."""
    app.command("cypher")(cypher)
    app.command("export")(export)
