"""Helpers shared by the README's tests: its fenced blocks, and its shell commands run as shown."""

from __future__ import annotations

import itertools
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from graph.config import PROJECT_ROOT, Settings

README = PROJECT_ROOT / "README.md"
KG = Path(sys.executable).parent / "kg"
OPENING = re.compile(r"```[a-z]*")
SECTION = re.compile(r"<!-- (?P<end>/?)section:(?P<name>[a-z-]+) -->")
DURATION = re.compile(r"\d+(?:\.\d+)? s$")
PROGRESS = re.compile(r"\w+ +━+ ")


@dataclass(frozen=True)
class Block:
    """A fenced block of the README: its language, its text, where it opens, and its section."""

    lang: str
    text: str
    line: int
    section: str | None

    def __str__(self) -> str:
        return f"README.md:{self.line} ({self.lang or 'plain'} block)"

    def commands(self) -> list[tuple[str, str]]:
        """Each ``$ command`` line of a console block, with the output shown under it."""
        out = []
        for part in re.split(r"^\$ ", self.text, flags=re.MULTILINE)[1:]:
            lines = part.split("\n")
            n = 1
            while n < len(lines) and not _complete(" ".join(lines[:n])):  # a quoted argument spans lines
                n += 1
            out.append(("\n".join(lines[:n]), "\n".join(lines[n:])))
        return out


def _complete(command: str) -> bool:
    try:
        shlex.split(command)
    except ValueError:
        return False
    return True


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


def _readme_blocks() -> tuple[list[Block], str | None]:
    """The README's blocks, or none and what is wrong with its fences (reported by a test, not at import)."""
    try:
        return read_blocks(README.read_text(encoding="utf-8")), None
    except ValueError as e:
        return [], str(e)


BLOCKS, FENCE_PROBLEM = _readme_blocks()


def followed_by(lang: str, followers: set[str], section: str | None = None) -> list[tuple[Block, Block]]:
    """Each block of ``lang`` with the block just after it, when that one's language is in ``followers``."""
    return [(a, b) for a, b in itertools.pairwise(BLOCKS)
            if a.lang == lang and b.lang in followers and a.section == b.section
            and (section is None or a.section == section)]


def shell_environment(settings: Settings, state_dir: Path, columns: int) -> dict[str, str]:
    """The environment of the README's commands: the test server, ``columns`` wide, no colour, `kg` on PATH."""
    return {**os.environ, "NEO4J_URI": settings.bolt_uri, "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(), "KG_STATE_DIR": str(state_dir),
            "COLUMNS": str(columns), "NO_COLOR": "1", "PATH": f"{KG.parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def run_commands(commands: list[str], env: dict[str, str], cwd: Path = PROJECT_ROOT) -> list[str]:
    """What each of ``commands`` prints, run one after the other in one bash (so ``echo $?`` works),
    stdout and stderr as a terminal shows them."""
    marker = "--readme-step--"
    script = "\n".join(f"s=$?; echo {marker}; (exit $s)\n{command}" for command in commands)  # keeps $?
    printed = subprocess.run(["bash", "-c", script], env=env, cwd=cwd, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, timeout=600, check=False).stdout
    return printed.split(marker + "\n")[1:]


def assert_prints_as_shown(block: Block, env: dict[str, str], cwd: Path = PROJECT_ROOT,
                           commands: list[tuple[str, str]] | None = None) -> None:
    """Run ``commands`` (default: all of ``block``'s) in one bash; each must print what is shown under it."""
    commands = block.commands() if commands is None else commands
    printed = run_commands([line for line, _ in commands], env, cwd)
    for (line, shown), got in zip(commands, printed, strict=True):
        assert comparable(got) == comparable(shown), f"{block}: `{line[:80]}` no longer prints as shown:\n{got}"


def comparable(text: str) -> list[str]:
    """``text``'s lines without trailing blanks; a run's duration at a line's end masked, and a progress
    bar (stderr's, drawn only on a terminal) left out."""
    return [DURATION.sub("<t> s", line.rstrip()) for line in text.splitlines() if not PROGRESS.match(line)]


def curl_request(command: str) -> tuple[dict[str, str], dict[str, object]]:
    """The headers and JSON body of a README ``curl ... -H ... -d '{...}'`` command for ``/graphql``."""
    args = shlex.split(command.replace("\\\n", " "))
    if args[0] != "curl" or not any(a.endswith("/graphql") for a in args):
        raise ValueError(f"not a curl request to /graphql: {command[:80]}")
    headers: dict[str, str] = {}
    body: dict[str, object] = {}
    for flag, value in itertools.pairwise(args):
        if flag == "-H":
            name, _, text = value.partition(":")
            headers[name.strip()] = text.strip()
        elif flag == "-d":
            body = json.loads(value)
    return headers, body
