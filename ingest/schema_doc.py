"""The relation table of the README, generated from :mod:`graph.schema`.

Example:
    >>> relation_table().splitlines()[2].startswith("| `MET` | Person | Person | event")
    True
"""

from __future__ import annotations

from graph.schema import RELATIONS

__all__ = ["relation_table"]

_SHAPES = {
    "event": "event: `date`",
    "state": "state: `valid_from` (+ `valid_to`)",
    "timeless": "timeless: optional `valid_from` / `valid_to`",
}


def relation_table() -> str:
    """A Markdown table: relation, subject kinds, object kinds, time shape, properties.

    Identity properties (those that tell two facts apart, ``Relation.identity``) are bold.
    """
    lines = ["| relation | subject kinds | object kinds | time | properties (identity in bold) |",
             "|---|---|---|---|---|"]
    for name, rel in RELATIONS.items():
        props = ", ".join(f"**{p}**" if p in rel.identity else p for p in rel.properties) or "-"
        lines.append(f"| `{name}` | {', '.join(sorted(rel.subjects))} | {', '.join(sorted(rel.objects))} "
                     f"| {_SHAPES[rel.temporal]} | {props} |")
    return "\n".join(lines)
