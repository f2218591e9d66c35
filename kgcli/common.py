"""What every subcommand shares: settings, the store, the local server, error handling."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console

from graph.config import Settings, get_settings
from graph.errors import KGError, ValidationError
from graph.local import LocalNeo4j
from graph.store import Store

__all__ = ["console", "err_console", "handle_errors", "open_store", "setup_logging"]

console = Console()
err_console = Console(stderr=True)

P = ParamSpec("P")
R = TypeVar("R")


def setup_logging(verbose: bool = False) -> None:
    """Configure logging for a command-line run (the only place logging is configured)."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("neo4j").setLevel(logging.ERROR)


def handle_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's errors into one clear line on stderr and a non-zero exit."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except ValidationError as e:
            err_console.print(f"[bold red]error:[/] {len(e.issues)} validation error(s); nothing was written")
            for issue in e.issues:
                # soft_wrap: one issue, one line, however long (greppable file:line output)
                err_console.print(f"  {issue}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except KGError as e:
            err_console.print(f"[bold red]error:[/] {e}", highlight=False)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err_console.print("interrupted")
            sys.exit(130)

    return wrapper


@contextmanager
def open_store(settings: Settings | None = None, *, start_local: bool = True) -> Iterator[Store]:
    """Open the store; start the local Neo4j first when no NEO4J_URI is set and it is down."""
    s = settings or get_settings()
    s.check_production()
    if s.uses_local_server and start_local:
        server = LocalNeo4j.from_settings(s)
        if not server.status().running:
            with err_console.status("starting the local Neo4j (first run builds it with Maven)..."):
                server.start()
            err_console.print(f"local Neo4j running at {server.bolt_uri}")
    store = Store.connect(s)
    try:
        yield store
    finally:
        store.close()
