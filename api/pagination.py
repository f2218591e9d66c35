"""Relay-style connections: ``edges { node cursor }`` and ``pageInfo``, with opaque cursors.

A cursor is URL-safe base64 of JSON ``[namespace, key]``: the sort key of the row (keyset
pagination, see :mod:`graph.reads`), tagged with the list it belongs to so a cursor of one list
is refused by another.

Example:
    >>> c = encode_cursor("entities", "openai")
    >>> decode_cursor(c, "entities")
    'openai'
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry

from graph.config import Settings
from graph.errors import InvalidArgumentError
from graph.rows import Page

__all__ = ["Connection", "Edge", "PageInfo", "connection", "decode_cursor", "encode_cursor", "page_size"]

N = TypeVar("N")
R = TypeVar("R")

DEFAULT_PAGE_SIZE = 20


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description="Always false: lists are paged forward only (first/after)."
    )
    start_cursor: str | None
    end_cursor: str | None = strawberry.field(description="Pass as `after` to get the next page.")


@strawberry.type(description="One item of a page and its cursor.")
class Edge(Generic[N]):
    node: N
    key: strawberry.Private[Any]
    namespace: strawberry.Private[str]

    @strawberry.field(description="Pass as `after` to get the items after this one.")
    def cursor(self) -> str:
        # Encoded only when asked for: most clients read pageInfo.endCursor alone.
        return encode_cursor(self.namespace, self.key)


@strawberry.type(description="A page of a list.")
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo


def encode_cursor(namespace: str, key: Any) -> str:
    """An opaque cursor for ``key`` in the list ``namespace``."""
    raw = json.dumps([namespace, key], separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, namespace: str) -> Any:
    """The key inside ``cursor`` (None for None).

    Raises:
        InvalidArgumentError: if the cursor is malformed or belongs to another list.
    """
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        ns, key = json.loads(raw)
    except (binascii.Error, ValueError, TypeError) as e:
        raise InvalidArgumentError(f"invalid cursor {cursor[:40]!r}") from e
    if ns != namespace:
        raise InvalidArgumentError(f"this cursor belongs to another list ({ns!r}, not {namespace!r})")
    return key


def page_size(first: int | None, settings: Settings, default: int = DEFAULT_PAGE_SIZE) -> int:
    """Check ``first`` against the server's maximum page size.

    Raises:
        InvalidArgumentError: if ``first`` is negative or above ``KG_MAX_PAGE_SIZE``.
    """
    if first is None:
        return min(default, settings.max_page_size)
    if first < 0:
        raise InvalidArgumentError(f"first must not be negative ({first})")
    if first > settings.max_page_size:
        raise InvalidArgumentError(
            f"first must be at most {settings.max_page_size} (the server's maximum page size), not {first}"
        )
    return first


def connection(page: Page[R], namespace: str, node: Callable[[R], N]) -> Connection[N]:
    """Build a connection from a :class:`graph.rows.Page`, mapping each row with ``node``."""
    edges = [Edge(node=node(item), key=k, namespace=namespace) for item, k in zip(page.items, page.keys, strict=True)]
    keys: Sequence[Any] = page.keys
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=False,
            start_cursor=encode_cursor(namespace, keys[0]) if keys else None,
            end_cursor=encode_cursor(namespace, keys[-1]) if keys else None,
        ),
    )
