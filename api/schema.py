"""The GraphQL schema: the domain roots merged into one Query and one Mutation, with its guards.

Example:
    >>> from api.schema import build_schema
    >>> "type Query" in build_schema().as_str()
    True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types

from api.analysis_types import AnalysisQuery
from api.article_mutation import ArticleMutation
from api.errors import ErrorCodes, MaskInternalErrors
from api.mutation import CoreMutation
from api.query import CoreQuery
from graph.config import Settings

__all__ = ["SCHEMA_FILE", "Mutation", "Query", "build_schema", "schema_sdl"]

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")

Query = merge_types("Query", (CoreQuery, AnalysisQuery))
Mutation = merge_types("Mutation", (CoreMutation, ArticleMutation))

_CACHE_SIZE = 256


def _extensions(settings: Settings) -> list[SchemaExtension | Callable[[], SchemaExtension]]:
    """The guards, in the order they act: parse (tokens), validate (depth, aliases), mask."""
    extensions: list[SchemaExtension | Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=_CACHE_SIZE),
        QueryDepthLimiter(max_depth=settings.max_query_depth),
        MaxAliasesLimiter(max_alias_count=settings.max_aliases),
        lambda: ValidationCache(maxsize=_CACHE_SIZE),
        ErrorCodes,
        MaskInternalErrors,
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection())
    return extensions


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with its limits from ``settings`` (defaults when None)."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=_extensions(settings or Settings()),
    )


def schema_sdl() -> str:
    """The schema in SDL, as exported to ``api/schema.graphql``."""
    return build_schema().as_str() + "\n"
