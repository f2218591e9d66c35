"""The YAML reader (the main curated format, see ``data/FORMAT.md``), with line numbers.

PyYAML's composer knows where every node starts; :class:`_LineLoader` keeps that position for
each mapping and each of its keys, so an error names ``file:line`` of the very field.

Example:
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("entities:\\n  - id: openai\\n    kind: Company\\n    name: OpenAI\\n")
    >>> r = read_yaml(p)
    >>> r.entities[0].id, r.entities[0].location.endswith("x.yaml:2")
    ('openai', True)
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ValidationIssue
from ingest.readers import ReadResult
from ingest.records import build_record

__all__ = ["read_yaml"]

logger = logging.getLogger(__name__)

_SECTIONS = {"entities": "entity", "sources": "source", "facts": "fact"}


class _LineDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicates: list[tuple[str, int]]


# libyaml's parser (when PyYAML was built with it) is ~10x faster and gives the same marks.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_Base):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings are :class:`_LineDict`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> _LineDict:
    loader.flatten_mapping(node)
    out = _LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    out.duplicates = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        value = loader.construct_object(value_node, deep=True)
        skey = str(key)
        if skey in out:
            out.duplicates.append((skey, key_node.start_mark.line + 1))
        out[skey] = value
        out.key_lines[skey] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> ReadResult:
    """Read a YAML file with top-level lists ``entities``, ``sources`` and ``facts``.

    Args:
        path: the file.

    Returns:
        Records located at ``path:line`` (the line of the list item), and issues.
    """
    result = ReadResult(files=[path])
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark else ""
        result.issues.append(ValidationIssue(f"{where}{line}", "(yaml)", f"not valid YAML: {e.problem or e}"))
        return result
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        result.issues.append(ValidationIssue(where, "(file)", f"cannot read: {e}"))
        return result
    if doc is None:
        return result
    if not isinstance(doc, dict):
        result.issues.append(ValidationIssue(f"{where}:1", "(file)",
                                             "expected a mapping with entities, sources and facts lists"))
        return result
    lines = doc.key_lines if isinstance(doc, _LineDict) else {}
    for key, items in doc.items():
        key_loc = f"{where}:{lines.get(key, 1)}"
        record_type = _SECTIONS.get(key)
        if record_type is None:
            result.issues.append(ValidationIssue(key_loc, key, "unknown section; expected entities, sources or facts"))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            result.issues.append(ValidationIssue(key_loc, key, "expected a list"))
            continue
        for item in items:
            if not isinstance(item, _LineDict):
                result.issues.append(ValidationIssue(key_loc, key, f"expected a mapping, got {item!r}"))
                result.reject(record_type)
                continue
            loc = f"{where}:{item.line}"
            for dup, dup_line in item.duplicates:
                result.issues.append(ValidationIssue(f"{where}:{dup_line}", dup, "field given twice"))
            field_locs = {k: f"{where}:{n}" for k, n in item.key_lines.items()}
            record, issues = build_record(record_type, dict(item), loc, field_locs)
            result.issues.extend(issues)
            if record is not None:
                result.add(record)
            else:
                result.reject(record_type)
    return result
