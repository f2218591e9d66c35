"""The README's examples, held to what they show.

Every fenced block is well formed; every GraphQL example is valid against ``api/schema.graphql``;
every Python example compiles. Against the real Neo4j holding the bundled dataset (read-only
module): the GraphQL queries whose answer the README shows answer exactly that, the ``kg cypher``
examples print exactly what is shown, and the Python examples print what is shown.
"""

from __future__ import annotations

import doctest
import itertools
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import graphql
import pytest
from fastapi.testclient import TestClient
from graphql_testutil import post

from api.app import create_app
from api.schema import SCHEMA_FILE
from graph.config import PROJECT_ROOT, Settings
from graph.kg import KnowledgeGraph
from graph.store import Store

README = PROJECT_ROOT / "README.md"
KG = Path(sys.executable).parent / "kg"
FENCE = re.compile(r"```(?P<lang>[a-z]*)")
OPENING = re.compile(r"```[a-z]*")
SECTION = re.compile(r"<!-- (?P<end>/?)section:(?P<name>[a-z-]+) -->")


@dataclass(frozen=True)
class Block:
    """A fenced block of the README: its language, its text, where it opens, and its section."""

    lang: str
    text: str
    line: int
    section: str | None

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang or 'plain'} block)"


def read_blocks(text: str) -> list[Block]:
    """The fenced blocks of ``text``; a malformed or unclosed fence raises ValueError naming its line."""
    blocks: list[Block] = []
    section: str | None = None
    opened: tuple[str, int] | None = None
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if opened is None and (m := SECTION.fullmatch(line.strip())):
            section = None if m["end"] else m["name"]
        if not line.startswith("```"):
            if opened is not None:
                body.append(line)
            continue
        if opened is None:
            if not OPENING.fullmatch(line):
                raise ValueError(f"README.md:{number}: an opening fence is ``` and a language, got {line!r}")
            opened, body = (line[3:], number), []
        else:
            if line != "```":
                raise ValueError(f"README.md:{number}: a closing fence stands alone on its line, got {line!r}")
            blocks.append(Block(opened[0], "\n".join(body) + "\n", opened[1], section))
            opened = None
    if opened is not None:
        raise ValueError(f"README.md:{opened[1]}: this fence is never closed")
    return blocks


BLOCKS = read_blocks(README.read_text(encoding="utf-8"))


def followed_by(lang: str, followers: set[str]) -> list[tuple[Block, Block]]:
    """Each block of ``lang`` with the block just after it, when that one's language is in ``followers``."""
    return [(a, b) for a, b in itertools.pairwise(BLOCKS)
            if a.lang == lang and b.lang in followers and a.section == b.section]


# -- the text alone ------------------------------------------------------------------------------


def test_fences_are_well_formed() -> None:
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


def kg_cypher_examples() -> list[tuple[Block, str, str]]:
    """Each ``$ kg cypher ...`` line of the Cypher section, with the block and the output shown under it."""
    out = []
    for block in BLOCKS:
        if block.section != "cypher" or block.lang != "console":
            continue
        for command in re.split(r"^\$ ", block.text, flags=re.MULTILINE)[1:]:
            line, _, shown = command.partition("\n")
            out.append((block, line, shown))
    return out


@pytest.fixture(scope="module")
def shell_env(settings: Settings, seeded_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of the README's commands: the test server, 100 columns, no colour."""
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
            "KG_STATE_DIR": str(tmp_path_factory.mktemp("state")), "COLUMNS": "100", "NO_COLOR": "1",
            "PATH": f"{KG.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


@pytest.mark.parametrize("example", kg_cypher_examples(), ids=lambda e: f"{e[0]}: {e[1][:60]}")
def test_kg_cypher_examples_print_as_shown(shell_env: dict[str, str], example: tuple[Block, str, str]) -> None:
    block, line, shown = example
    assert shlex.split(line)[:2] == ["kg", "cypher"], f"{block}: not a kg cypher command: {line}"
    printed = subprocess.run(["bash", "-c", line], env=shell_env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=120, check=False).stdout
    assert [ln.rstrip() for ln in printed.splitlines()] == [ln.rstrip() for ln in shown.splitlines()], (
        f"{block}: `{line[:80]}` no longer prints what is shown:\n{printed}")


def test_the_cypher_doctest_answers_as_shown(settings: Settings, seeded_store: Store) -> None:
    (block,) = [b for b in BLOCKS if b.lang == "python" and b.text.lstrip().startswith(">>> kg.cypher")]
    test = doctest.DocTestParser().get_doctest(block.text, {}, str(block), str(README), block.line)
    with KnowledgeGraph.connect(settings) as kg:
        test.globs["kg"] = kg
        result = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE).run(test)
    assert result.failed == 0, f"{block} no longer answers as shown"


RECORDED_AT = re.compile(r"'recorded_at': datetime\.datetime\([^)]*\), ")


@pytest.mark.parametrize("pair", [p for p in followed_by("python", {""}) if p[0].section == "analyst"],
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
