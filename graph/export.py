"""Write subgraphs to GraphML, GEXF, JSON (node-link) and CSV, and read them back.

Formats:

* ``graphml``: :func:`networkx.write_graphml`; one ``<key>`` per attribute name.
* ``gexf``: :func:`networkx.write_gexf` (GEXF 1.2, opens in Gephi); a node's ``label`` is its
  ``name`` and an edge's ``label`` its relation type, for display.
* ``json``: node-link JSON as :func:`networkx.node_link_data` writes it (``nodes`` with ``id``,
  ``edges`` with ``source``, ``target``, ``key``), readable by
  ``nx.node_link_graph(data, edges="edges")``.
* ``csv``: ``nodes.csv`` (``id``, then one column per attribute), ``edges.csv`` (``source``,
  ``target``, ``key``, then one column per attribute) and ``graph.json`` (graph attributes and
  the encoding), in a directory, or in a ZIP archive when the path ends in ``.zip``.

GraphML and GEXF have no list or date types, CSV has no types at all. So values are encoded,
and the encoding is written into the file, for :func:`read_export` to undo:

* dates and datetimes are written as ISO-8601 strings;
* lists and maps are written as JSON strings (in JSON exports they stay JSON arrays/objects);
* in CSV every non-string value is written as JSON (``12``, ``0.9``, ``true``);
* an attribute whose values have different types is written as JSON text in GraphML and GEXF
  (exact, except dates inside it stay strings) and as written in CSV and JSON;
* ``None`` values are left out; in CSV an empty cell means "no value";
* attribute names the format reserves (GEXF: ``label``, ``type``, ``weight``, ``id``,
  ``start``, ``end``, ...; node-link JSON and CSV: ``id``, ``source``, ``target``, ``key``) are
  written with a ``kg_`` prefix.

The encoding (every attribute's type, and the renamed names) is stored as the graph attribute
``kg_encoding`` (GraphML: a JSON string; JSON: an object; CSV: in ``graph.json``; GEXF, which
keeps no graph attributes: as JSON in ``<meta><description>``).

JSON and CSV can also be written while streaming (:func:`open_writer`), so an export straight
from the database never holds the whole graph; GraphML and GEXF are written from a graph.

Example:
    >>> import datetime as dt, tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("openai", kind="Company", aliases=["OpenAI Inc."])
    >>> _ = G.add_edge("openai", "tokyo", "f1", type="HAS_OFFICE_IN",
    ...                valid_from=dt.date(2024, 4, 15))
    >>> G.add_node("tokyo", kind="Place")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> _ = export_graph(G, path)
    >>> H = read_export(path)
    >>> H.nodes["openai"]["aliases"], H.edges["openai", "tokyo", "f1"]["valid_from"]
    (['OpenAI Inc.'], datetime.date(2024, 4, 15))
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Final, Literal, Protocol, cast
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import networkx as nx

from graph.errors import InvalidArgumentError

__all__ = [
    "ENCODING_KEY",
    "FORMATS",
    "Format",
    "GraphWriter",
    "export_graph",
    "format_for",
    "open_writer",
    "read_export",
    "remove_output",
]

logger = logging.getLogger(__name__)

Format = Literal["graphml", "gexf", "json", "csv"]
FORMATS: Final[tuple[Format, ...]] = ("graphml", "gexf", "json", "csv")
ENCODING_KEY: Final = "kg_encoding"
_VERSION: Final = 1

Scope = Literal["node", "edge", "graph"]
_SCOPES: Final[tuple[Scope, ...]] = ("node", "edge", "graph")

# Names a format keeps for itself; attributes so named are written as "kg_<name>".
_RESERVED: Final[dict[str, dict[Scope, frozenset[str]]]] = {
    "graphml": {"node": frozenset(), "edge": frozenset(), "graph": frozenset(
        {"node_default", "edge_default"})},
    "gexf": {
        "node": frozenset({"id", "label", "pid", "start", "end", "parents", "spells", "slices",
                           "viz"}),
        "edge": frozenset({"id", "label", "weight", "type", "start", "end", "spells", "slices",
                           "viz", "key", "networkx_key"}),
        "graph": frozenset(),
    },
    "json": {"node": frozenset({"id"}), "edge": frozenset({"source", "target", "key"}),
             "graph": frozenset()},
    "csv": {"node": frozenset({"id"}), "edge": frozenset({"source", "target", "key"}),
            "graph": frozenset()},
}
_JSONISH: Final = frozenset({"int", "float", "bool", "json"})
_GEXF_KEY: Final = "kg_edge_key"


# -- value encoding ----------------------------------------------------------------------


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    return "json"


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False)


class _Encoding:
    """What an export did to attribute names and values, so :func:`read_export` can undo it."""

    def __init__(self, fmt: Format) -> None:
        self.fmt = fmt
        self.kinds: dict[Scope, dict[str, set[str]]] = {s: {} for s in _SCOPES}
        self.renamed: dict[Scope, dict[str, str]] = {s: {} for s in _SCOPES}

    def name(self, scope: Scope, name: str) -> str:
        """The name an attribute is written under (reserved names get a ``kg_`` prefix)."""
        if name in _RESERVED[self.fmt][scope]:
            out = "kg_" + name
            self.renamed[scope][out] = name
            return out
        return name

    def observe(self, scope: Scope, attrs: Mapping[str, Any]) -> None:
        kinds = self.kinds[scope]
        for k, v in attrs.items():
            if v is None:
                continue
            seen = kinds.get(k)
            if seen is None:
                kinds[k] = {_kind(v)}
            else:
                seen.add(_kind(v))

    def final(self, scope: Scope) -> dict[str, str]:
        """One kind per attribute name (see the module docstring for mixed types)."""
        out: dict[str, str] = {}
        for name, kinds in self.kinds[scope].items():
            if len(kinds) == 1:
                out[name] = next(iter(kinds))
            elif self.fmt in ("graphml", "gexf") or kinds <= _JSONISH:
                out[name] = "json"
            else:
                out[name] = "mixed"
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "version": _VERSION,
            "format": self.fmt,
            "kinds": {s: self.final(s) for s in _SCOPES},
            "renamed": {s: dict(self.renamed[s]) for s in _SCOPES},
        }


def _xml_value(value: Any, kind: str) -> Any:
    """A value as GraphML/GEXF stores it, given its attribute's final kind."""
    if kind in ("str", "int", "float", "bool"):
        return value
    if kind in ("date", "datetime"):
        return value.isoformat()
    return _dumps(value)


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return _dumps(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.loads(_dumps(value))


def _decode(value: Any, kind: str) -> Any:
    """Undo the encoding of one value (kinds as written by :class:`_Encoding`)."""
    if not isinstance(value, str) or kind in ("str", "mixed"):
        return value
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _decode_attrs(attrs: Mapping[str, Any], enc: Mapping[str, Any], scope: Scope) -> dict[str, Any]:
    kinds: dict[str, str] = enc.get("kinds", {}).get(scope, {})
    renamed: dict[str, str] = enc.get("renamed", {}).get(scope, {})
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        name = renamed.get(k, k)
        out[name] = _decode(v, kinds.get(name, "str"))
    return out


# -- formats -----------------------------------------------------------------------------


def format_for(path: str | Path, format: str | None = None) -> Format:
    """The export format: ``format`` if given, else from the file suffix.

    ``.graphml``, ``.gexf``, ``.json``; ``.zip``, ``.csv`` or no suffix (a directory) mean CSV.

    Raises:
        InvalidArgumentError: for an unknown format or suffix.

    Example:
        >>> format_for("japan.gexf"), format_for("out/japan.zip"), format_for("x", "json")
        ('gexf', 'csv', 'json')
    """
    if format is not None:
        fmt = format.lower()
        if fmt not in FORMATS:
            raise InvalidArgumentError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
        return cast(Format, fmt)
    suffix = Path(path).suffix.lower()
    by_suffix: dict[str, Format] = {".graphml": "graphml", ".gexf": "gexf", ".json": "json",
                                    ".zip": "csv", ".csv": "csv", "": "csv"}
    if suffix not in by_suffix:
        raise InvalidArgumentError(
            f"cannot tell the format of {str(path)!r}; pass format= one of {', '.join(FORMATS)}"
        )
    return by_suffix[suffix]


class GraphWriter(Protocol):
    """A streaming writer: nodes first, then edges, then :meth:`close`."""

    def add_node(self, key: str, attrs: dict[str, Any]) -> None: ...
    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


class _JsonWriter:
    """Node-link JSON, written as it arrives; graph attributes and the encoding come last."""

    def __init__(self, path: Path, graph: Mapping[str, Any]) -> None:
        self._enc = _Encoding("json")
        self._graph = dict(graph)
        self._out = path.open("w", encoding="utf-8")
        self._out.write('{"directed": true, "multigraph": true, "nodes": [')
        self._state = "nodes"
        self._first = True

    def _row(self, scope: Scope, head: dict[str, Any], attrs: Mapping[str, Any]) -> None:
        self._enc.observe(scope, attrs)
        for k, v in attrs.items():
            if v is not None:
                head[self._enc.name(scope, k)] = _json_value(v)
        self._out.write(("\n" if self._first else ",\n") + json.dumps(head, ensure_ascii=False))
        self._first = False

    def add_node(self, key: str, attrs: dict[str, Any]) -> None:
        if self._state != "nodes":
            raise RuntimeError("nodes must be written before edges")
        self._row("node", {"id": key}, attrs)

    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
        if self._state == "nodes":
            self._out.write('\n], "edges": [')
            self._state, self._first = "edges", True
        self._row("edge", {"source": source, "target": target, "key": key}, attrs)

    def close(self) -> None:
        if self._state == "nodes":
            self._out.write('\n], "edges": [')
        self._enc.observe("graph", self._graph)
        graph = {self._enc.name("graph", k): _json_value(v) for k, v in self._graph.items()
                 if v is not None}
        graph[ENCODING_KEY] = self._enc.to_json()
        self._out.write('\n], "graph": ' + json.dumps(graph, ensure_ascii=False) + "}\n")
        self._out.close()


class _CsvWriter:
    """nodes.csv + edges.csv + graph.json; rows are spooled to temporary files until the
    columns are known, so memory stays flat however many rows stream through."""

    _FIRST: Final[dict[str, tuple[str, ...]]] = {"node": ("kind", "name"), "edge": ("type", "fact_id")}

    def __init__(self, path: Path, graph: Mapping[str, Any]) -> None:
        self._path = path
        self._enc = _Encoding("csv")
        self._graph = dict(graph)
        # closed in close(), which every caller reaches (kg.export_subgraph, export_graph)
        self._spool: dict[Scope, IO[str]] = {
            "node": tempfile.TemporaryFile("w+", encoding="utf-8"),  # noqa: SIM115
            "edge": tempfile.TemporaryFile("w+", encoding="utf-8"),  # noqa: SIM115
        }
        self._columns: dict[Scope, dict[str, None]] = {"node": {}, "edge": {}}

    def _row(self, scope: Scope, head: dict[str, str], attrs: Mapping[str, Any]) -> None:
        self._enc.observe(scope, attrs)
        cols = self._columns[scope]
        for k, v in attrs.items():
            if v is None:
                continue
            name = self._enc.name(scope, k)
            if name not in cols:
                cols[name] = None
            head[name] = _csv_cell(v)
        self._spool[scope].write(json.dumps(head, ensure_ascii=False) + "\n")

    def add_node(self, key: str, attrs: dict[str, Any]) -> None:
        self._row("node", {"id": key}, attrs)

    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
        self._row("edge", {"source": source, "target": target, "key": key}, attrs)

    def _header(self, scope: Scope) -> list[str]:
        head = ["id"] if scope == "node" else ["source", "target", "key"]
        cols = self._columns[scope]
        first = [c for c in self._FIRST[scope] if c in cols]
        return head + first + sorted(c for c in cols if c not in first)

    def _write_csv(self, scope: Scope, out: IO[str]) -> None:
        writer = csv.DictWriter(out, fieldnames=self._header(scope), restval="")
        writer.writeheader()
        spool = self._spool[scope]
        spool.seek(0)
        for line in spool:
            writer.writerow(json.loads(line))

    def _graph_json(self) -> str:
        self._enc.observe("graph", self._graph)
        graph = {k: _json_value(v) for k, v in self._graph.items() if v is not None}
        return json.dumps({"graph": graph, ENCODING_KEY: self._enc.to_json()},
                          ensure_ascii=False, indent=2) + "\n"

    def close(self) -> None:
        try:
            if self._path.suffix.lower() == ".zip":
                with zipfile.ZipFile(self._path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                    for scope, name in (("node", "nodes.csv"), ("edge", "edges.csv")):
                        with zf.open(name, "w") as raw, io.TextIOWrapper(
                            raw, encoding="utf-8", newline=""
                        ) as out:
                            self._write_csv(cast(Scope, scope), out)
                    zf.writestr("graph.json", self._graph_json())
            else:
                self._path.mkdir(parents=True, exist_ok=True)
                for scope, name in (("node", "nodes.csv"), ("edge", "edges.csv")):
                    with (self._path / name).open("w", encoding="utf-8", newline="") as out:
                        self._write_csv(cast(Scope, scope), out)
                (self._path / "graph.json").write_text(self._graph_json(), encoding="utf-8")
        finally:
            for spool in self._spool.values():
                spool.close()


def open_writer(path: str | Path, format: str | None = None, *,
                graph: Mapping[str, Any] | None = None) -> GraphWriter:
    """A streaming writer for JSON or CSV (``add_node``..., ``add_edge``..., ``close``).

    Raises:
        InvalidArgumentError: for GraphML or GEXF, which are written from a whole graph.
    """
    p = Path(path)
    fmt = format_for(p, format)
    if p.parent != Path():
        p.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "json":
        return _JsonWriter(p, graph or {})
    if fmt == "csv":
        return _CsvWriter(p, graph or {})
    raise InvalidArgumentError(f"{fmt} cannot be streamed; build the graph and use export_graph")


# -- whole graphs ------------------------------------------------------------------------


def _xml_copy(G: nx.MultiDiGraph, fmt: Format) -> tuple[nx.MultiDiGraph, _Encoding]:
    """A copy of G with every value encoded for GraphML or GEXF, and its encoding."""
    enc = _Encoding(fmt)
    for _, attrs in G.nodes(data=True):
        enc.observe("node", attrs)
    for *_, attrs in G.edges(keys=True, data=True):
        enc.observe("edge", attrs)
    enc.observe("graph", G.graph)
    kinds = {s: enc.final(s) for s in _SCOPES}

    def encode(scope: Scope, attrs: Mapping[str, Any]) -> dict[str, Any]:
        return {enc.name(scope, k): _xml_value(v, kinds[scope][k])
                for k, v in attrs.items() if v is not None}

    H = nx.MultiDiGraph()
    H.graph.update(encode("graph", G.graph))
    for n, attrs in G.nodes(data=True):
        out = encode("node", attrs)
        if fmt == "gexf":
            out["label"] = str(attrs.get("name", n))
        H.add_node(n, **out)
    for u, v, k, attrs in G.edges(keys=True, data=True):
        out = encode("edge", attrs)
        if fmt == "gexf":
            if "type" in attrs:
                out["label"] = str(attrs["type"])
            # read_gexf turns a graph without parallel edges into a DiGraph, dropping the
            # keys; this copy of the key survives that
            out[_GEXF_KEY] = str(k)
        H.add_edge(u, v, k, **out)
    return H, enc


def _as_multidigraph(G: nx.Graph) -> nx.MultiDiGraph:
    """One directed edge per edge of ``G`` (an undirected edge is not doubled)."""
    M = nx.MultiDiGraph()
    M.graph.update(G.graph)
    M.add_nodes_from(G.nodes(data=True))
    if G.is_multigraph():
        M.add_edges_from(G.edges(keys=True, data=True))
    else:
        M.add_edges_from(G.edges(data=True))
    return M


def export_graph(G: nx.MultiDiGraph | nx.Graph, path: str | Path, format: str | None = None) -> Path:
    """Write ``G`` to ``path`` in ``format`` (default: from the suffix); return the path.

    Other graph classes are exported as a :class:`networkx.MultiDiGraph` (one directed edge
    per edge, keys 0, 1, ... where ``G`` has none), so everything reads back as one.

    Raises:
        InvalidArgumentError: for an unknown format.
    """
    p = Path(path)
    fmt = format_for(p, format)
    if p.parent != Path():
        p.parent.mkdir(parents=True, exist_ok=True)
    M = G if isinstance(G, nx.MultiDiGraph) else _as_multidigraph(G)
    if fmt in ("json", "csv"):
        writer = open_writer(p, fmt, graph=M.graph)
        try:
            for n, attrs in M.nodes(data=True):
                writer.add_node(str(n), attrs)
            for u, v, k, attrs in M.edges(keys=True, data=True):
                writer.add_edge(str(u), str(v), str(k), attrs)
        finally:
            writer.close()
        return p
    H, enc = _xml_copy(M, fmt)
    if fmt == "graphml":
        H.graph[ENCODING_KEY] = json.dumps(enc.to_json())
        nx.write_graphml(H, p)
        return p
    meta = escape(json.dumps({ENCODING_KEY: enc.to_json(), "graph": H.graph}, ensure_ascii=False))
    H.graph.clear()
    with p.open("w", encoding="utf-8") as out:
        for line in nx.generate_gexf(H):
            if line.strip() == "</meta>":
                out.write(f"    <description>{meta}</description>\n")
            out.write(line + "\n")
    return p


# -- reading -----------------------------------------------------------------------------


def _gexf_meta(path: Path) -> dict[str, Any]:
    for _, elem in ElementTree.iterparse(path, events=("end",)):
        tag = elem.tag.rsplit("}", 1)[-1]
        if tag == "description" and elem.text:
            try:
                meta = json.loads(elem.text)
            except json.JSONDecodeError:
                return {}
            return meta if isinstance(meta, dict) else {}
        if tag == "meta":
            break
    return {}


def _rebuild(
    G: nx.MultiDiGraph,
    enc: Mapping[str, Any],
    graph: Mapping[str, Any],
    drop: Mapping[Scope, frozenset[str]] | None = None,
) -> nx.MultiDiGraph:
    drop = drop or {}
    H = nx.MultiDiGraph()
    H.graph.update(_decode_attrs(graph, enc, "graph"))
    node_drop = drop.get("node", frozenset())
    edge_drop = drop.get("edge", frozenset())
    for n, attrs in G.nodes(data=True):
        H.add_node(n, **_decode_attrs({k: v for k, v in attrs.items() if k not in node_drop},
                                      enc, "node"))
    for u, v, k, attrs in G.edges(keys=True, data=True):
        H.add_edge(u, v, k, **_decode_attrs({a: x for a, x in attrs.items() if a not in edge_drop},
                                            enc, "edge"))
    return H


@contextmanager
def _csv_files(path: Path) -> Iterator[tuple[IO[str], IO[str], str]]:
    if path.is_dir():
        with (path / "nodes.csv").open(encoding="utf-8", newline="") as nodes, \
             (path / "edges.csv").open(encoding="utf-8", newline="") as edges:
            yield nodes, edges, (path / "graph.json").read_text(encoding="utf-8")
        return
    with zipfile.ZipFile(path) as zf, zf.open("nodes.csv") as nraw, zf.open("edges.csv") as eraw:
        yield (io.TextIOWrapper(nraw, encoding="utf-8", newline=""),
               io.TextIOWrapper(eraw, encoding="utf-8", newline=""),
               zf.read("graph.json").decode("utf-8"))


def _read_csv(path: Path) -> nx.MultiDiGraph:
    csv.field_size_limit(2**31 - 1)
    with _csv_files(path) as (nodes, edges, graph_json):
        meta = json.loads(graph_json)
        enc = meta.get(ENCODING_KEY, {})
        G = nx.MultiDiGraph()
        G.graph.update(_decode_attrs(meta.get("graph", {}), enc, "graph"))
        for row in csv.DictReader(nodes):
            key = row.pop("id")
            G.add_node(key, **_decode_attrs({k: v for k, v in row.items() if v != ""}, enc, "node"))
        for row in csv.DictReader(edges):
            u, v, k = row.pop("source"), row.pop("target"), row.pop("key")
            G.add_edge(u, v, k, **_decode_attrs({a: x for a, x in row.items() if x != ""},
                                                enc, "edge"))
    return G


def read_export(path: str | Path, format: str | None = None) -> nx.MultiDiGraph:
    """Read a file written by :func:`export_graph` (or a streaming export) back into a graph.

    Values come back with their types: dates as :class:`datetime.date`, lists as lists,
    renamed attributes under their own names. Files written by other tools read as NetworkX
    reads them (without an encoding there is nothing to undo).

    Raises:
        InvalidArgumentError: for an unknown format.
    """
    p = Path(path)
    fmt = format_for(p, format)
    if fmt == "csv":
        return _read_csv(p)
    if fmt == "json":
        data = json.loads(p.read_text(encoding="utf-8"))
        graph = dict(data.get("graph") or {})
        enc = graph.pop(ENCODING_KEY, {})
        data["graph"] = {}
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        return _rebuild(G, enc, graph)
    if fmt == "graphml":
        G = nx.read_graphml(p, force_multigraph=True)
        graph = {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}
        raw = graph.pop(ENCODING_KEY, None)
        enc = json.loads(raw) if isinstance(raw, str) else {}
        return _rebuild(G, enc, graph)
    read = nx.read_gexf(p)
    G = nx.MultiDiGraph()
    G.add_nodes_from(read.nodes(data=True))
    for u, v, *rest in (read.edges(keys=True, data=True) if read.is_multigraph()
                        else read.edges(data=True)):
        attrs = dict(rest[-1])
        key = attrs.pop(_GEXF_KEY, rest[0] if len(rest) == 2 else None)
        G.add_edge(u, v, key, **attrs)
    meta = _gexf_meta(p)
    return _rebuild(
        G, meta.get(ENCODING_KEY, {}), meta.get("graph", {}),
        drop={"node": frozenset({"label"}), "edge": frozenset({"id", "label"})},
    )


def remove_output(path: Path) -> None:
    """Delete an export (a file, or a CSV directory) left unfinished by a failed stream."""
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
