"""Permissions: writes need a valid API key (``Authorization: Bearer <key>``)."""

from __future__ import annotations

from typing import Any, ClassVar

import strawberry
from strawberry.permission import BasePermission

__all__ = ["IsWriter"]


class IsWriter(BasePermission):
    """Allow the field only with a key listed in ``KG_API_KEYS``; otherwise nothing runs."""

    message = "this operation writes: send a valid API key as 'Authorization: Bearer <key>'"
    error_extensions: ClassVar[dict[str, object]] = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: strawberry.Info, **kwargs: Any) -> bool:
        return bool(getattr(info.context, "is_writer", False))
