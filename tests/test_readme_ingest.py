"""The README's `kg ingest` section, followed as a reader would, from an empty database.

The bundled dataset's first load, the second run that changes nothing, the invalid
``new-facts.yaml`` (written from the README's own block) refused line by line with exit code 1,
and the Wikidata import each print exactly what the README shows; a run's duration and the
progress bar (drawn on a terminal only) aside. This module writes.
"""

from __future__ import annotations

from pathlib import Path

from readme_testutil import BLOCKS, Block, assert_prints_as_shown, shell_environment

from graph.config import Settings
from graph.store import Store

SECTION = [b for b in BLOCKS if b.section == "ingest"]


def steps(first_command: str) -> Block:
    """The block of the ingest section whose first command starts with ``first_command``."""
    return next(b for b in SECTION if b.commands() and b.commands()[0][0].startswith(first_command))


def test_the_ingest_section_runs_as_shown(settings: Settings, session_store: Store, tmp_path: Path) -> None:
    session_store.clear()
    env = shell_environment(settings, tmp_path / "state", columns=100)
    first, again = [b for b in SECTION if b.commands() and b.commands()[0][0] == "kg ingest data/"]
    assert_prints_as_shown(first, env)
    assert_prints_as_shown(again, env)

    refused = steps("kg ingest new-facts.yaml")
    new_facts = SECTION[SECTION.index(refused) - 1]  # the file, shown just before
    assert new_facts.lang == "yaml", f"{new_facts}: expected new-facts.yaml"
    (tmp_path / "new-facts.yaml").write_text(new_facts.text, encoding="utf-8")
    before = session_store.counts()
    assert_prints_as_shown(refused, env, tmp_path)
    assert session_store.counts() == before, "a refused file wrote something"

    assert_prints_as_shown(steps("kg ingest wikidata"), env)
