"""Errors of the ingest pipeline (under the project's one root, :class:`graph.errors.KGError`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from graph.errors import KGError, ValidationError, ValidationIssue

if TYPE_CHECKING:
    from ingest.report import IngestReport

__all__ = ["IngestInterruptedError", "IngestValidationError"]


class IngestValidationError(ValidationError):
    """Some input was rejected, so nothing was written; ``report`` counts what was rejected."""

    def __init__(self, issues: Sequence[ValidationIssue], report: IngestReport) -> None:
        super().__init__(issues)
        self.report = report


class IngestInterruptedError(KGError):
    """The database failed in the middle of the writes; re-running the same ingest is safe."""

    code = "INGEST_INTERRUPTED"

    def __init__(self, message: str, report: IngestReport) -> None:
        super().__init__(message)
        self.report = report
