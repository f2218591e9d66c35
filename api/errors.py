"""Errors at the API edge: which ones a client sees (with ``extensions.code``), which are masked.

User errors (not found, invalid argument, ambiguous name, validation, too large, timeout, not
allowed) reach the client with their message and a code. Anything else (a bug, a driver error,
the database going away) is masked as "Internal server error." with code INTERNAL_SERVER_ERROR,
and logged with its traceback.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors

from graph.errors import (
    AmbiguousEntityError,
    InvalidArgumentError,
    KGError,
    NotFoundError,
    ResultTooLargeError,
    ValidationError,
)

__all__ = [
    "MaskInternalErrors",
    "QueryTimeoutError",
    "add_error_code",
    "graphql_error_code",
    "is_user_error",
    "user_error_extensions",
]

class QueryTimeoutError(KGError):
    """The request used up its database time (``KG_QUERY_TIMEOUT``)."""

    code = "QUERY_TIMEOUT"


_USER_ERRORS: tuple[type[KGError], ...] = (
    AmbiguousEntityError,
    InvalidArgumentError,
    NotFoundError,
    QueryTimeoutError,
    ResultTooLargeError,
    ValidationError,
)


def is_user_error(error: GraphQLError) -> bool:
    """True for errors the client should read: GraphQL's own and our user errors."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return True  # syntax, validation, permission (StrawberryGraphQLError) errors
    return isinstance(original, _USER_ERRORS)


def user_error_extensions(error: KGError) -> dict[str, Any]:
    """The ``extensions`` of a user error: its code, plus details where it has them."""
    ext: dict[str, Any] = {"code": error.code}
    if isinstance(error, AmbiguousEntityError):
        ext["candidates"] = error.candidates
    if isinstance(error, ValidationError):
        ext["issues"] = [{"location": i.location, "field": i.field, "message": i.message}
                         for i in error.issues]
    return ext


_LIMIT_CODES: tuple[tuple[str, str], ...] = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("aliases found. Allowed", "TOO_MANY_ALIASES"),
    ("tokens. Parsing aborted", "TOO_MANY_TOKENS"),
    ("introspection", "INTROSPECTION_DISABLED"),
)


def graphql_error_code(error: GraphQLError) -> str:
    """The code of an error raised by GraphQL itself (parsing, validation, coercion, limits)."""
    for needle, code in _LIMIT_CODES:
        if needle in error.message:
            return code
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.path is None:
        return "GRAPHQL_VALIDATION_FAILED"
    return "BAD_USER_INPUT"


def add_error_code(error: GraphQLError) -> None:
    """Give ``error`` an ``extensions.code`` (and details for validation and ambiguity), in place."""
    original = error.original_error
    if isinstance(original, _USER_ERRORS):
        error.extensions = {**(error.extensions or {}), **user_error_extensions(original)}
    elif (original is None or isinstance(original, GraphQLError)) and not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": graphql_error_code(error)}


class MaskInternalErrors(MaskErrors):
    """Strawberry's MaskErrors, keeping user errors and coding the masked ones."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda e: not is_user_error(e),
                         error_message="Internal server error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR"}
        return masked
