"""One error root for the project, with domain errors under it.

Entry points translate these at the edge: the CLI prints one clear line and exits non-zero;
the API puts ``code`` in the GraphQL error's ``extensions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AmbiguousEntityError",
    "ConfigError",
    "DatabaseUnavailableError",
    "InvalidArgumentError",
    "KGError",
    "LocalNeo4jError",
    "NotFoundError",
    "QueryError",
    "ReadOnlyViolationError",
    "ResultTooLargeError",
    "ValidationError",
    "ValidationIssue",
]


class KGError(Exception):
    """Root of every error this project raises on purpose."""

    code: str = "KG_ERROR"


class ConfigError(KGError):
    """The configuration is missing or invalid."""

    code = "CONFIG_ERROR"


class LocalNeo4jError(KGError):
    """The local Neo4j could not be built, started or stopped."""

    code = "LOCAL_NEO4J_ERROR"


class DatabaseUnavailableError(KGError):
    """Neo4j cannot be reached (or refused the credentials)."""

    code = "DATABASE_UNAVAILABLE"


class NotFoundError(KGError):
    """An entity, fact or source does not exist."""

    code = "NOT_FOUND"


class InvalidArgumentError(KGError):
    """An argument is out of range or malformed."""

    code = "INVALID_ARGUMENT"


class QueryError(KGError):
    """Neo4j rejected a query (syntax, type or runtime error); the message names it."""

    code = "QUERY_ERROR"


class ReadOnlyViolationError(QueryError):
    """A write was attempted through a read-only entry point."""

    code = "READ_ONLY"


class ResultTooLargeError(KGError):
    """A result exceeded its configured limit."""

    code = "RESULT_TOO_LARGE"


class AmbiguousEntityError(KGError):
    """A name matches several entities; ``candidates`` lists their ids."""

    code = "AMBIGUOUS_ENTITY"

    def __init__(self, name: str, candidates: Sequence[str]) -> None:
        self.name = name
        self.candidates = list(candidates)
        super().__init__(f"{name!r} is ambiguous: it matches {', '.join(self.candidates)}")


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in the input: where (file and line, or row) and which field."""

    location: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.field}: {self.message}"


class ValidationError(KGError):
    """Input failed validation; ``issues`` holds every problem found, not just the first."""

    code = "VALIDATION_ERROR"

    def __init__(self, issues: Sequence[ValidationIssue]) -> None:
        self.issues = list(issues)
        head = "; ".join(str(i) for i in self.issues[:5])
        more = f" (and {len(self.issues) - 5} more)" if len(self.issues) > 5 else ""
        super().__init__(f"{len(self.issues)} validation error(s): {head}{more}")
