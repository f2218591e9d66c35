"""The GraphQL schema: the domain roots merged into one Query and one Mutation, with its guards.

Example:
    >>> from api.schema import build_schema
    >>> "type Query" in build_schema().as_str()
    True
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from api.analysis_types import AnalysisQuery
from api.article_mutation import ArticleMutation
from api.errors import MaskInternalErrors, add_error_code, is_user_error
from api.execution import PlainDataExecutionContext
from api.mutation import CoreMutation
from api.query import CoreQuery
from graph.config import Settings

__all__ = ["SCHEMA_FILE", "KGSchema", "Mutation", "Query", "build_schema", "schema_sdl"]

logger = logging.getLogger(__name__)

SCHEMA_FILE = Path(__file__).with_name("schema.graphql")

Query = merge_types("Query", (CoreQuery, AnalysisQuery))
Mutation = merge_types("Mutation", (CoreMutation, ArticleMutation))

_CACHE_SIZE = 256


class KGSchema(strawberry.Schema):
    """Strawberry's schema, coding every error and logging only the ones that are ours to fix.

    ``process_errors`` sees every error exactly once, before :class:`MaskInternalErrors` (parse
    errors raised inside the parser cache never reach the operation hooks of extensions, so the
    codes are set here rather than in an extension). User errors (bad arguments, not found,
    limits, validation) get their ``extensions.code`` and a debug line; anything else is logged
    with its traceback, and the client sees it masked.
    """

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        internal = []
        for error in errors:
            if is_user_error(error):
                add_error_code(error)
                logger.debug("user error: %s", error.message)
            else:
                internal.append(error)
        if internal:
            super().process_errors(internal, execution_context)


def _extensions(settings: Settings) -> list[Callable[[], SchemaExtension]]:
    """The guards, in the order they act: parse (tokens), validate (depth, aliases), mask.

    Factories, so each request gets fresh extension objects. The depth and alias rules are
    built once here and shared: Strawberry's limiters create a new rule class per instance,
    and the validation cache is keyed on the rule classes, so per-request limiters would make
    every request miss it (validating a document again costs more than executing it).
    """
    rules = (QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules
             + MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules)
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=_CACHE_SIZE),
        lambda: AddValidationRules(rules),
        lambda: ValidationCache(maxsize=_CACHE_SIZE),
        MaskInternalErrors,
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    return extensions


def build_schema(settings: Settings | None = None) -> strawberry.Schema:
    """The schema with its limits from ``settings`` (defaults when None)."""
    s = settings or Settings()
    return KGSchema(
        query=Query,
        mutation=Mutation,
        extensions=_extensions(s),
        execution_context_class=PlainDataExecutionContext,
        # Without introspection, "did you mean ...?" hints would still leak field names.
        config=StrawberryConfig(disable_field_suggestions=not s.introspection),
    )


def schema_sdl() -> str:
    """The schema in SDL, as exported to ``api/schema.graphql``."""
    return build_schema().as_str() + "\n"
