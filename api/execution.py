"""A faster completion of plain data: the GraphQL execution context the schema runs with.

Most of a large answer is plain data: a page of a hundred neighbours is a hundred objects whose
selected fields are attributes (``id``, ``name``, ``kind``, ``distance``), with no resolver, no
arguments and no directives. graphql-core completes each of those fields through its general
machinery (resolve info, a resolver call, awaitable checks, a path, per-field error handling),
which costs about ten microseconds a field: most of the API's time on a big page.

:class:`PlainDataExecutionContext` compiles, once per request and selection, a *plan* for an
object whose whole sub-selection is plain, and completes such objects by reading attributes and
coercing leaves directly. It keeps graphql-core's result exactly; whenever anything is not
plainly fine (a non-null field holding null, a leaf that does not coerce, an attribute that
raises), it abandons the plan for that object and lets graphql-core complete it, so errors,
their paths and null propagation are graphql-core's own. What makes a selection plain:

* every selection is a field (no fragments), without arguments, directives or alias clashes;
* every field is a basic Strawberry field (no resolver, no permission classes or extensions)
  or ``__typename``;
* every field's type is a scalar, an enum, an object type without ``is_type_of``, or a list of
  those, each possibly non-null; object fields' sub-selections are plain too;
* the request has no middleware (schema extensions that hook every resolver) and no ``@defer``.

Anything else (a field with a resolver, such as ``Entity.relationships``) goes through
graphql-core as usual, and the objects below it are again candidates for a plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["PlainDataExecutionContext"]

Plan = Callable[[Any], Any]
"""Completes one value of a plain selection (raises :class:`_NotPlain` to give up)."""

_NO_PLAN = object()


class _NotPlain(Exception):
    """The value cannot be completed by the plan: graphql-core must complete it."""


def _unchanged_class(gql_type: GraphQLOutputType) -> type | None:
    """A class whose values ``gql_type`` returns as they are: ``str`` for String and ID.

    The plan copies such values without calling the scalar (most leaves of an answer are names
    and ids).
    """
    inner = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
    return str if inner is GraphQLString or inner is GraphQLID else None


def _leaf(gql_type: GraphQLScalarType | GraphQLEnumType) -> Plan:
    coerce = gql_type.coerce_output_value
    # Strawberry's enums find a member's name by scanning the values; a dict is cheaper.
    members = getattr(gql_type, "wrapped_cls", None)
    names: dict[Any, str] = {}
    if isinstance(gql_type, GraphQLEnumType) and members is not None:
        by_value = {v.value: name for name, v in gql_type.values.items()}
        names = {m: by_value[m.value] for m in members if m.value in by_value}

    def complete(value: Any) -> Any:
        name = names.get(value) if names else None
        if name is not None:
            return name
        out = coerce(value)
        if out is None or out is Undefined:
            raise _NotPlain
        return out

    return complete


def _object_plan(obj_type: GraphQLObjectType, nodes: list[FieldNode]) -> Plan | None:
    """The plan of ``obj_type`` selected by ``nodes`` (the field nodes naming it), or None."""
    if obj_type.is_type_of is not None or len(nodes) != 1 or nodes[0].selection_set is None:
        return None
    # (response name, attribute, completion, non-null, class of values copied as they are)
    steps: list[tuple[str, str, Plan | None, bool, type | None]] = []
    seen: set[str] = set()
    for sel in nodes[0].selection_set.selections:
        if not isinstance(sel, FieldNode) or sel.directives or sel.arguments:
            return None
        name = sel.name.value
        response = sel.alias.value if sel.alias else name
        if response in seen:
            return None  # the same response name twice: graphql-core merges them
        seen.add(response)
        if name == "__typename":
            steps.append((response, "", None, True, None))
            continue
        field = obj_type.fields.get(name)
        if field is None or field.args:
            return None
        resolve = field.resolve
        definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if resolve is None or not getattr(resolve, "_is_default", False) or definition is None \
                or definition.default_resolver is not getattr:
            return None
        completion, non_null = _type_plan(field.type, sel)
        if completion is _NO_PLAN:
            return None
        steps.append((response, definition.python_name, completion, non_null, _unchanged_class(field.type)))
    typename = obj_type.name

    def complete(source: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for response, attr, completion, non_null, unchanged in steps:
            if completion is None:
                out[response] = typename
                continue
            value = getattr(source, attr)
            if value.__class__ is unchanged:
                out[response] = value
            elif value is None:
                if non_null:
                    raise _NotPlain
                out[response] = None
            else:
                out[response] = completion(value)
        return out

    return complete


def _type_plan(gql_type: GraphQLOutputType, node: FieldNode) -> tuple[Any, bool]:
    """(completion of a non-null value, non-null?) for a field of ``gql_type``; _NO_PLAN if none."""
    non_null = isinstance(gql_type, GraphQLNonNull)
    inner = gql_type.of_type if isinstance(gql_type, GraphQLNonNull) else gql_type
    if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
        return _leaf(inner), non_null
    if isinstance(inner, GraphQLObjectType):
        plan = _object_plan(inner, [node])
        return (plan if plan is not None else _NO_PLAN), non_null
    if isinstance(inner, GraphQLList):
        item_type = inner.of_type
        item_non_null = isinstance(item_type, GraphQLNonNull)
        item = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
        if isinstance(item, (GraphQLScalarType, GraphQLEnumType)):
            item_plan: Plan | None = _leaf(item)
        elif isinstance(item, GraphQLObjectType):
            item_plan = _object_plan(item, [node])
        else:
            item_plan = None
        if item_plan is None:
            return _NO_PLAN, non_null
        return _list(item_plan, item_non_null), non_null
    return _NO_PLAN, non_null


def _list(item_plan: Plan, item_non_null: bool) -> Plan:
    def complete(values: Any) -> list[Any]:
        if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
            raise _NotPlain
        out = []
        for value in values:
            if value is None:
                if item_non_null:
                    raise _NotPlain
                out.append(None)
            else:
                out.append(item_plan(value))
        return out

    return complete


class PlainDataExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, completing plain selections by a compiled plan."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[int, ...], Plan | None] = {}

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(return_type, field_details_list)
        if plan is not None:
            try:
                return plan(result)
            except Exception:  # anything unusual: graphql-core completes it, errors and all
                pass
        return super().complete_object_value(return_type, field_details_list, info, path, result,
                                             position_context)

    def _plan(self, return_type: GraphQLObjectType, field_details_list: Any) -> Plan | None:
        key = (id(return_type), *(id(d.node) for d in field_details_list))
        try:
            return self._plans[key]
        except KeyError:
            pass
        plan = None
        manager = self.middleware_manager
        if (manager is None or not manager.middlewares) and all(
            getattr(d, "defer_usage", None) is None and getattr(d, "fragment_variable_values", None) is None
            for d in field_details_list
        ):
            plan = _object_plan(return_type, [d.node for d in field_details_list])
        self._plans[key] = plan
        return plan
