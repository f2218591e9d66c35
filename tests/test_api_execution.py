"""The plain-data execution path gives exactly graphql-core's answers, errors included.

Every query runs twice: through the schema as served (``PlainDataExecutionContext``) and through
the same schema with Strawberry's standard execution context; data and errors must be equal.
The first half uses a small schema built to break plans (nulls in non-null fields, enums,
lists with holes, fragments, directives, aliases); the second the real schema over the real
Neo4j holding the bundled dataset.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Iterator
from typing import Any

import pytest
import strawberry
from strawberry.extensions import ParserCache
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api import execution
from api.context import Context
from api.execution import PlainDataExecutionContext
from api.schema import build_schema
from graph.config import Settings
from graph.store import Store


@pytest.fixture
def plans() -> Iterator[list[Any]]:
    """The plans compiled while the test runs (to show the fast path was taken)."""
    made: list[Any] = []
    original = execution._object_plan

    def spy(obj_type: Any, nodes: Any) -> Any:
        plan = original(obj_type, nodes)
        if plan is not None:
            made.append(obj_type.name)
        return plan

    execution._object_plan = spy
    try:
        yield made
    finally:
        execution._object_plan = original


def both(schema: strawberry.Schema, query: str, **kwargs: Any) -> tuple[Any, Any]:
    """(plain-data result, standard result) of ``query`` as (data, errors) pairs."""
    out = []
    for cls in (PlainDataExecutionContext, StrawberryGraphQLCoreExecutionContext):
        schema.execution_context_class = cls
        result = asyncio.run(schema.execute(query, **kwargs))
        errors = sorted((e.message, tuple(e.path or ())) for e in result.errors or ())
        out.append((result.data, errors))
    schema.execution_context_class = PlainDataExecutionContext
    return out[0], out[1]


# -- a schema made to break plans ------------------------------------------------------------


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark blue"


@strawberry.type
class Leaf:
    name: str
    colour: Colour
    maybe: int | None


@strawberry.type
class Item:
    id: strawberry.ID
    label: str
    tags: list[str | None]
    leaves: list[Leaf]
    best: Leaf | None

    @strawberry.field
    def shout(self) -> str:
        return self.label.upper()

    @strawberry.field
    def checked(self) -> str:
        if self.id == "3":
            raise ValueError("item 3 fails its check")
        return "ok"

    @strawberry.field
    def described(self, info: strawberry.Info) -> str:
        return f"{info.field_name} of {self.id}"


def _item(i: int, *, label: Any = None, leaf_name: Any = "leaf", tags: Any = None) -> Item:
    leaves = [Leaf(name=leaf_name, colour=Colour.DARK_BLUE if i % 2 else Colour.RED, maybe=i or None)]
    return Item(id=strawberry.ID(str(i)), label=label if label is not None else f"item {i}",
                tags=tags if tags is not None else ["a", None, "b"], leaves=leaves, best=leaves[0] if i else None)


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return [_item(i) for i in range(5)]

    @strawberry.field
    def broken_label(self) -> list[Item]:
        # A non-null String holding None: graphql-core nulls the item and reports the path.
        hole = Item(id=strawberry.ID("1"), label=None, tags=[], leaves=[], best=None)  # type: ignore[arg-type]
        return [_item(0), hole, _item(2)]

    @strawberry.field
    def broken_leaf(self) -> Item:
        return _item(3, leaf_name=None)

    @strawberry.field
    def wrong_scalar(self) -> list[Leaf]:
        return [Leaf(name="ok", colour=Colour.RED, maybe="not a number")]  # type: ignore[arg-type]

    @strawberry.field
    def bad_enum(self) -> Leaf:
        return Leaf(name="x", colour="purple", maybe=None)  # type: ignore[arg-type]


SMALL = strawberry.Schema(query=Query, execution_context_class=PlainDataExecutionContext)

PLAIN_QUERIES = [
    "{ items { id label tags leaves { name colour maybe } best { name } } }",
    "{ items { __typename a: id b: label best { __typename colour } } }",
    "{ items { id id label } }",                                   # the same field twice
    "{ items { id ... on Item { label } } }",                      # a fragment: no plan
    "fragment F on Leaf { name } { items { leaves { ...F colour } } }",
    '{ items { id label @skip(if: true) best @include(if: false) { name } } }',
    "{ items { id shout leaves { name } } }",                      # a self-only resolver among basic fields
    "{ items { id described } }",                                  # a resolver taking info: no plan
]
BROKEN_QUERIES = [
    "{ brokenLabel { id label } }",
    "{ brokenLeaf { id leaves { name colour } best { name } } }",
    "{ wrongScalar { name maybe } }",
    "{ badEnum { name colour } }",
    "{ items { id checked } }",                                    # a self-only resolver raising
]


@pytest.mark.parametrize("query", PLAIN_QUERIES)
def test_plain_selections_answer_exactly_as_graphql_core(query: str) -> None:
    fast, standard = both(SMALL, query)
    assert fast == standard
    assert not fast[1]


@pytest.mark.parametrize("query", BROKEN_QUERIES)
def test_broken_values_give_graphql_cores_errors_paths_and_nulls(query: str) -> None:
    fast, standard = both(SMALL, query)
    assert fast == standard
    assert fast[1], "the query was meant to produce an error"


@pytest.mark.parametrize(("planned", "not_planned"), [
    ("{ items { id leaves { name colour } } }", "{ items { id ... on Item { label } } }"),  # a fragment
    ("{ items { id shout } }", "{ items { id described } }"),  # a self-only resolver; one taking info
], ids=["fragment", "resolver"])
def test_plans_are_compiled_for_plain_objects_only(planned: str, not_planned: str, plans: list[str]) -> None:
    both(SMALL, planned)
    assert "Item" in plans
    plans.clear()
    both(SMALL, not_planned)
    assert "Item" not in plans


def test_a_repeated_document_reuses_its_plans(plans: list[str]) -> None:
    """With the parse cache handing back the same document, plans are compiled once per schema."""
    schema = strawberry.Schema(query=Query, execution_context_class=PlainDataExecutionContext,
                               extensions=[ParserCache])
    answers = [asyncio.run(schema.execute("{ items { id leaves { name } } }")) for _ in range(3)]
    assert all(not a.errors and a.data == answers[0].data for a in answers)
    assert plans.count("Item") == 1


def test_an_enum_is_answered_by_its_name() -> None:
    fast, _ = both(SMALL, "{ items { leaves { colour } } }")
    assert [i["leaves"][0]["colour"] for i in fast[0]["items"]] == ["RED", "DARK_BLUE", "RED", "DARK_BLUE", "RED"]


# -- the real schema on the bundled dataset --------------------------------------------------

REAL_QUERIES = [
    """{ entity(id: "openai") { id name kind aliases country website recordedAt
         neighbors(depth: 2, first: 100) { edges { node { distance entity { id name kind } } }
                                           pageInfo { hasNextPage endCursor } } } }""",
    """{ entity(name: "Sam Altman") { id relationships(types: [MET], first: 10) { edges { cursor node {
         type when date datePrecision place role status confidence
         other { id name kind } sources { id publisher url published quote } } } } } }""",
    """{ entities(kind: COMPANY, first: 30) { edges { node { __typename id name country aliases } }
         pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }""",
    """{ path(from: "sam-altman", to: "government-of-japan", maxHops: 3) {
         length nodes { id name } hops { from { id } to { id } fact { type date } } } }""",
    """{ entity(id: "fumio-kishida") { timeline(first: 20) { edges { node { at precision change
         fact { type other { name } } } } } } }""",
    "{ stats { entities facts sources conflicts byKind { kind count } byRelation { type count } } }",
    '{ search(text: "Open", first: 5) { edges { node { score entity { id name } } } } }',
    "{ conflicts(first: 5) { edges { node { type conflict amount conflictsWith { id } sources { url } } } } }",
]
PLANNED = 6  # all but the last two hold a plain selection (stats' lists are plain too)


@pytest.mark.parametrize("query", REAL_QUERIES)
def test_the_served_schema_answers_exactly_as_graphql_core(
    query: str, settings: Settings, seeded_store: Store, plans: list[str]
) -> None:
    schema = build_schema(settings)

    def run() -> Any:
        return asyncio.run(schema.execute(query, context_value=Context(store=seeded_store, settings=settings)))

    results = []
    for cls in (PlainDataExecutionContext, StrawberryGraphQLCoreExecutionContext):
        schema.execution_context_class = cls
        result = run()
        assert not result.errors, result.errors
        results.append(result.data)
    assert results[0] == results[1]
    if REAL_QUERIES.index(query) < PLANNED:
        assert plans, "no plan was compiled: the fast path was not exercised"


def test_a_repeated_document_is_validated_once(settings: Settings) -> None:
    """The depth and alias rules are shared, so the validation cache's key is stable."""
    from strawberry.extensions.validation_cache import _get_validate_cache

    from api.schema import _CACHE_SIZE

    schema = build_schema(settings)
    cache = _get_validate_cache(_CACHE_SIZE)
    query = "{ __typename repeated: __typename }"
    asyncio.run(schema.execute(query))
    before = cache.cache_info()
    asyncio.run(schema.execute(query))
    after = cache.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
