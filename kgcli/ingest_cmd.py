"""`kg ingest`: load curated files, Wikidata entity JSON and (via `article_cmd`) news articles.

    kg ingest data/                      # files or folders: .yaml/.yml, .csv, .jsonl/.ndjson
    kg ingest --dry-run data/facts/x.yaml
    kg ingest wikidata Q21708200.json    # Wikidata entity JSON (Special:EntityData, dumps)
    kg ingest article ...                # see kgcli/article_cmd.py

A path as the first argument runs the default `files` command, so `kg ingest data/` works
next to the `wikidata` and `article` subcommands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
import typer
from typer.core import TyperGroup

from graph.config import get_settings
from kgcli import article_cmd
from kgcli.common import console, err_console, handle_errors, open_store

if TYPE_CHECKING:
    from ingest.report import IngestReport

__all__ = ["DefaultCommandGroup", "ingest_app", "register"]

DEFAULT_COMMAND = "files"

class DefaultCommandGroup(TyperGroup):
    """A group that runs :data:`DEFAULT_COMMAND` when the first token is not a subcommand.

    ``kg ingest data/`` and ``kg ingest --dry-run data/`` become ``kg ingest files ...``;
    ``kg ingest wikidata F`` and ``kg ingest --help`` keep their meaning.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


ingest_app = typer.Typer(
    cls=DefaultCommandGroup,
    help="Load curated files (the default: `kg ingest PATH...`), Wikidata JSON or news articles.",
    no_args_is_help=True,
)

_DRY_RUN = typer.Option(False, "--dry-run", help="Validate and report what would change; write nothing.")
_BATCH = typer.Option(None, "--batch-size", min=1, help="Rows per write transaction (default KG_BATCH_SIZE).")
_PROGRESS = typer.Option(True, "--progress/--no-progress", help="Show a progress bar (on stderr).")


def _load(
    loader: Callable[..., IngestReport], paths: list[Path], *, dry_run: bool, batch_size: int | None, progress: bool
) -> None:
    """Run an ingest entry point (files or Wikidata) on the store and print its summary."""
    from ingest.report import print_report

    settings = get_settings()
    with open_store(settings) as store:
        report = loader(store, paths, dry_run=dry_run, batch_size=batch_size or settings.batch_size,
                        progress=progress, console=err_console)
    print_report(report, console=console)


@ingest_app.command(DEFAULT_COMMAND)
@handle_errors
def files(
    paths: list[Path] = typer.Argument(..., help="Files or folders (.yaml/.yml, .csv, .jsonl/.ndjson)."),
    dry_run: bool = _DRY_RUN,
    batch_size: int | None = _BATCH,
    progress: bool = _PROGRESS,
) -> None:
    """Load curated fact files and folders: validate all, then write (or nothing on any error)."""
    from ingest.pipeline import ingest_paths

    _load(ingest_paths, paths, dry_run=dry_run, batch_size=batch_size, progress=progress)


@ingest_app.command("wikidata")
@handle_errors
def wikidata(
    paths: list[Path] = typer.Argument(..., help="Wikidata entity JSON files (Special:EntityData or dump lines)."),
    dry_run: bool = _DRY_RUN,
    batch_size: int | None = _BATCH,
    progress: bool = _PROGRESS,
) -> None:
    """Import Wikidata entity JSON: kinds from P31, a documented subset of properties as facts."""
    from ingest.wikidata import ingest_wikidata

    _load(ingest_wikidata, paths, dry_run=dry_run, batch_size=batch_size, progress=progress)


article_cmd.register(ingest_app)


def register(app: typer.Typer) -> None:
    """Add the `ingest` group to ``app``."""
    app.add_typer(ingest_app, name="ingest")
