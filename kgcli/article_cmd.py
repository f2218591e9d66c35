"""`kg ingest article`: registered on the `ingest` group by :func:`register`."""

from __future__ import annotations

import typer


def register(ingest_app: typer.Typer) -> None:
    """Add the `article` command to the `kg ingest` group."""
