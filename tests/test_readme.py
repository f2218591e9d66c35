"""The README's examples, held to what they show.

Every fenced block is well formed; every GraphQL example is valid against ``api/schema.graphql``;
every Python example compiles. Against the real Neo4j holding the bundled dataset (read-only
module): the GraphQL queries whose answer the README shows answer exactly that, the ``kg cypher``
and ``kg export`` examples print exactly what is shown, and the Python examples print what is shown.
"""

from __future__ import annotations

import doctest
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import graphql
import pytest
from fastapi.testclient import TestClient
from graphql_testutil import post
from readme_testutil import (
    BLOCKS,
    FENCE_PROBLEM,
    README,
    Block,
    assert_prints_as_shown,
    followed_by,
    read_blocks,
    shell_environment,
)

from api.app import create_app
from api.schema import SCHEMA_FILE
from graph.config import PROJECT_ROOT, Settings
from graph.kg import KnowledgeGraph
from graph.store import Store

# -- the text alone ------------------------------------------------------------------------------


def test_fences_are_well_formed() -> None:
    assert FENCE_PROBLEM is None, FENCE_PROBLEM
    assert len(BLOCKS) > 40


@pytest.mark.parametrize("text, problem", [
    ("```json\n{}\n``` and then prose\n", "README.md:3: a closing fence stands alone"),
    ("```json\n{}\n", "README.md:1: this fence is never closed"),
    ("``` json\n{}\n```\n", "README.md:1: an opening fence"),
])
def test_a_malformed_fence_is_named_by_its_line(text: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        read_blocks(text)


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "graphql"], ids=str)
def test_graphql_examples_are_valid_against_the_schema(block: Block) -> None:
    schema = graphql.build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = graphql.validate(schema, graphql.parse(block.text))
    assert not errors, f"{block}: {[e.message for e in errors]}"


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.lang == "python"], ids=str)
def test_python_examples_compile(block: Block) -> None:
    source = block.text
    if source.lstrip().startswith(">>>"):
        source = "\n".join(ex.source for ex in doctest.DocTestParser().get_examples(source))
    compile(source, str(block), "exec")


# -- against the bundled dataset ----------------------------------------------------------------


@pytest.fixture(scope="module")
def client(settings: Settings, seeded_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(settings, store=seeded_store)) as c:
        yield c


def answered(block: Block) -> bool:
    """A read whose answer is shown, in the sections that run against the bundled dataset."""
    operation = graphql.parse(block.text).definitions[0]
    return (block.section in ("graphql", "analyst") and isinstance(operation, graphql.OperationDefinitionNode)
            and operation.operation == graphql.OperationType.QUERY)


@pytest.mark.parametrize("pair", [p for p in followed_by("graphql", {"json"}) if answered(p[0])],
                         ids=lambda p: str(p[0]))
def test_graphql_examples_answer_as_shown(client: TestClient, pair: tuple[Block, Block]) -> None:
    query, shown = pair
    answer = post(client, query.text)
    assert answer == json.loads(shown.text), f"{query} no longer answers as shown:\n{json.dumps(answer, indent=2)}"


@pytest.fixture(scope="module")
def shell_env(settings: Settings, seeded_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return shell_environment(settings, tmp_path_factory.mktemp("state"), columns=100)


@pytest.mark.parametrize("example", [(b, *c) for b in BLOCKS if b.section in ("cypher", "analyst")
                                     and b.lang == "console" for c in b.commands()],
                         ids=lambda e: f"{e[0]}: {e[1][:60]}")
def test_kg_commands_print_as_shown(shell_env: dict[str, str], tmp_path: Path,
                                    example: tuple[Block, str, str]) -> None:
    """`kg cypher` and `kg export`, run from an empty folder (exports are written there)."""
    block, line, shown = example
    assert shlex.split(line)[0] == "kg", f"{block}: not a kg command: {line}"
    assert_prints_as_shown(block, shell_env, tmp_path, [(line, shown)])


def test_the_cypher_doctest_answers_as_shown(settings: Settings, seeded_store: Store) -> None:
    (block,) = [b for b in BLOCKS if b.lang == "python" and b.text.lstrip().startswith(">>> kg.cypher")]
    test = doctest.DocTestParser().get_doctest(block.text, {}, str(block), str(README), block.line)
    with KnowledgeGraph.connect(settings) as kg:
        test.globs["kg"] = kg
        result = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE).run(test)
    assert result.failed == 0, f"{block} no longer answers as shown"


RECORDED_AT = re.compile(r"'recorded_at': datetime\.datetime\([^)]*\), ")


@pytest.mark.parametrize("pair", followed_by("python", {""}, section="analyst"),
                         ids=lambda p: str(p[0]))
def test_python_examples_print_as_shown(shell_env: dict[str, str], tmp_path: Path,
                                        pair: tuple[Block, Block]) -> None:
    """Run as a user would, from an empty folder; when facts were recorded is the run's own."""
    script, shown = pair
    (tmp_path / "example.py").write_text(script.text, encoding="utf-8")
    env = {**shell_env, "PYTHONPATH": str(PROJECT_ROOT)}
    r = subprocess.run([sys.executable, "example.py"], env=env, cwd=tmp_path, capture_output=True, text=True,
                       timeout=300, check=False)
    assert r.returncode == 0, f"{script} failed:\n{r.stderr}"
    assert RECORDED_AT.sub("", r.stdout) == RECORDED_AT.sub("", shown.text), (
        f"{script} no longer prints what {shown} shows:\n{r.stdout}")
