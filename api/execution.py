"""A faster completion of plain data: the GraphQL execution context the schema runs with.

Most of a large answer is plain data: a page of a hundred neighbours is a hundred objects whose
selected fields are attributes (``id``, ``name``, ``kind``, ``distance``), with no resolver, no
arguments and no directives. graphql-core completes each of those fields through its general
machinery (resolve info, a resolver call, awaitable checks, a path, per-field error handling),
which costs about ten microseconds a field: most of the API's time on a big page.

:class:`PlainDataExecutionContext` compiles a *plan* for an object whose whole sub-selection is
plain: a small Python function, generated from the selection, that reads the attributes and
coerces the leaves directly (the technique of graphql-jit). Plans are kept per schema and
selection, so a repeated query (the parse cache hands back the same document) reuses them. A plan
keeps graphql-core's result exactly; whenever anything is not plainly fine (a non-null field
holding null, a leaf that does not coerce, an attribute that raises), it is abandoned for that
object and graphql-core completes it, so errors, their paths and null propagation are
graphql-core's own. The generated code names only the schema's attribute names and the
selection's response names (GraphQL names, written as string literals). What makes a selection plain:

* every selection is a field (no fragments), without arguments, directives or alias clashes;
* every field is a basic Strawberry field (no resolver, no permission classes or extensions),
  a field whose resolver is a plain function of the object alone (``def cursor(self) -> str``:
  no arguments, no info, not async, no extensions; the plan calls it directly, so it must be
  free of side effects, as such resolvers are), or ``__typename``;
* every field's type is a scalar, an enum, an object type without ``is_type_of``, or a list of
  those, each possibly non-null; object fields' sub-selections are plain too;
* the request has no middleware (schema extensions that hook every resolver) and no ``@defer``.

Anything else (a field with a resolver, such as ``Entity.relationships``) goes through
graphql-core as usual, and the objects below it are again candidates for a plan.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

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
    GraphQLSchema,
    GraphQLString,
)
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

__all__ = ["PlainDataExecutionContext"]

Plan = Callable[[Any], Any]
"""Completes one value of a plain selection (raises :class:`_NotPlain` to give up)."""

Step = tuple[str, str | Callable[[Any], Any], Plan | None, bool, type | None]
"""One field of an object plan: (response name, attribute or getter, completion of a non-null
value or None for ``__typename``, non-null?, class of values copied as they are)."""

_NO_PLAN = object()

# Plans by schema, then by (return type, field nodes); each entry keeps its type and nodes so
# their ids cannot be reused while it lives. Cleared when it grows past _MAX_PLANS (a server
# answering endless distinct documents).
_PLANS: WeakKeyDictionary[GraphQLSchema, dict[tuple[int, ...], tuple[Any, tuple[Any, ...], Plan | None]]] = \
    WeakKeyDictionary()
_MAX_PLANS = 4096


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


def _access(field: Any) -> str | Callable[[Any], Any] | None:
    """How a plan reads ``field`` (a GraphQLField) off its object: an attribute name, a function of
    the object (a self-only resolver), or None when the field is not plain."""
    definition = (field.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
    if definition is None or field.resolve is None or definition.extensions:
        return None
    resolver = definition.base_resolver
    if resolver is None:
        plain = getattr(field.resolve, "_is_default", False) and definition.default_resolver is getattr
        return definition.python_name if plain else None
    func = resolver.wrapped_func
    if (resolver.is_async or resolver.arguments or resolver.self_parameter is None
            or resolver.info_parameter is not None or resolver.root_parameter is not None
            or resolver.parent_parameter is not None or not inspect.isfunction(func)):
        return None
    getter: Callable[[Any], Any] = func
    return getter


def _object_plan(obj_type: GraphQLObjectType, nodes: list[FieldNode]) -> Plan | None:
    """The plan of ``obj_type`` selected by ``nodes`` (the field nodes naming it), or None."""
    if obj_type.is_type_of is not None or len(nodes) != 1 or nodes[0].selection_set is None:
        return None
    # (response name, attribute or getter, completion, non-null, class of values copied as they are)
    steps: list[Step] = []
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
        access = _access(field)
        if access is None:
            return None
        completion, non_null = _type_plan(field.type, sel)
        if completion is _NO_PLAN:
            return None
        steps.append((response, access, completion, non_null, _unchanged_class(field.type)))
    return _compile(obj_type.name, steps)


def _compile(typename: str, steps: list[Step]) -> Plan:
    """The completion function of an object plan, as generated Python.

    For ``{ id kind }`` on ``Entity`` it reads::

        def complete(s):
            v0 = s.id
            if v0.__class__ is not u0:
                if v0 is None:
                    raise _NotPlain
                else:
                    v0 = c0(v0)
            v1 = s.kind
            if v1 is None:
                raise _NotPlain
            else:
                v1 = c1(v1)
            return {'id': v0, 'kind': v1}

    Example:
        >>> plan = _compile("T", [("n", "name", str.upper, False, None), ("__typename", "", None, True, None)])
        >>> class Row:
        ...     name = "openai"
        >>> plan(Row())
        {'n': 'OPENAI', '__typename': 'T'}
    """
    env: dict[str, Any] = {"_NotPlain": _NotPlain}
    lines = ["def complete(s):"]
    values = []
    for i, (response, attr, completion, non_null, unchanged) in enumerate(steps):
        if completion is None:
            values.append(f"{response!r}: {typename!r}")
            continue
        v = f"v{i}"
        if callable(attr):
            env[f"g{i}"] = attr
            lines.append(f"    {v} = g{i}(s)")
        elif attr.isidentifier() and not keyword.iskeyword(attr):
            lines.append(f"    {v} = s.{attr}")
        else:
            env[f"a{i}"] = attr
            lines.append(f"    {v} = getattr(s, a{i})")
        env[f"c{i}"] = completion
        indent = "    "
        if unchanged is not None:
            env[f"u{i}"] = unchanged
            lines.append(f"    if {v}.__class__ is not u{i}:")
            indent = "        "
        lines += [
            f"{indent}if {v} is None:",
            f"{indent}    {'raise _NotPlain' if non_null else 'pass'}",
            f"{indent}else:",
            f"{indent}    {v} = c{i}({v})",
        ]
        values.append(f"{response!r}: {v}")
    lines.append("    return {" + ", ".join(values) + "}")
    # The source names schema attributes and literal strings only: nothing of a request runs.
    exec(compile("\n".join(lines), f"<plan of {typename}>", "exec"), env)
    plan: Plan = env["complete"]
    return plan


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
    def null_item() -> None:
        if item_non_null:
            raise _NotPlain

    def complete(values: Any) -> list[Any]:
        if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
            raise _NotPlain
        return [item_plan(v) if v is not None else null_item() for v in values]

    return complete


class PlainDataExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, completing plain selections by a compiled plan."""

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
        manager = self.middleware_manager
        if (manager is not None and manager.middlewares) or any(
            getattr(d, "defer_usage", None) is not None or getattr(d, "fragment_variable_values", None) is not None
            for d in field_details_list
        ):
            return None
        nodes = tuple(d.node for d in field_details_list)
        plans = _PLANS.get(self.schema)
        if plans is None:
            plans = _PLANS[self.schema] = {}
        key = (id(return_type), *(id(n) for n in nodes))
        cached = plans.get(key)
        if cached is not None and cached[0] is return_type and all(
            a is b for a, b in zip(cached[1], nodes, strict=True)
        ):
            return cached[2]
        plan = _object_plan(return_type, list(nodes))
        if len(plans) >= _MAX_PLANS:
            plans.clear()
        plans[key] = (return_type, nodes, plan)
        return plan
