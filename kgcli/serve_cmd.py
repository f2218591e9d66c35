"""Subcommands registered by :func:`register` (filled in by its feature)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""


def run_server(*, host: str, port: int, workers: int, reload: bool) -> None:
    """Serve the API with uvicorn (blocks until Ctrl-C)."""
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port,
                workers=workers, reload=reload)
