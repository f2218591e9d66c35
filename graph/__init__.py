"""The core: the data model, the Neo4j store, subgraphs, analysis and exports.

``from graph import KnowledgeGraph`` is the analyst's entry point (:mod:`graph.kg`). It is
imported lazily, so ``import graph.schema`` stays light and free of NetworkX.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.kg import KnowledgeGraph

__all__ = ["KnowledgeGraph"]


def __getattr__(name: str) -> Any:
    if name == "KnowledgeGraph":
        from graph.kg import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
