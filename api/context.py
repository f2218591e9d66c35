"""The per-request GraphQL context: the store, the settings, who is calling, the DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from strawberry.fastapi import BaseContext

from graph.config import Settings
from graph.store import Store

__all__ = ["Context"]


@dataclass
class Context(BaseContext):
    """Built per request by ``api.app``'s ``context_getter``.

    Attributes:
        store: the process-wide store (one driver for the app).
        settings: the app's settings.
        api_key: the bearer key presented, if any.
        is_writer: True when ``api_key`` is one of ``settings.api_keys``.
        loaders: DataLoaders of this request, by name (created lazily by ``api.loaders``).
    """

    store: Store
    settings: Settings
    api_key: str | None = None
    is_writer: bool = False
    loaders: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__()
