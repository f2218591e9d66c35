"""NetworkX analyses over knowledge-graph subgraphs.

Every function takes a graph ``G`` as :func:`graph.subgraph.load_subgraph` builds it (a
:class:`networkx.MultiDiGraph`, nodes keyed by entity id with ``kind``, ``name``, ``country``;
edges keyed by fact id with ``type`` and the fact's properties) and returns plain data: dicts,
lists, numbers, strings and dates. None touches the database. The algorithms are NetworkX's;
this module only prepares their input and shapes their output.

Where an algorithm needs a simple graph, :func:`project` collapses the facts between two
entities into one edge whose ``facts`` attribute counts them (the weight) and whose
``distance`` is ``1 / facts`` (for path-based measures: more facts, a closer tie).

:func:`example_graph` builds the small invented graph the examples use.

Example:
    >>> G = example_graph()
    >>> ranked(pagerank(G), top=2)
    [('xl-city', 0.2098), ('sora-labs', 0.16)]
    >>> [b["id"] for b in brokers(G, "XL")]
    ['ada-chen', 'hana-mori', 'mori-holdings']
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from typing import Any, Final, Literal

import networkx as nx

from graph.errors import AmbiguousEntityError, InvalidArgumentError, NotFoundError

__all__ = [
    "CENTRALITY_MEASURES",
    "OFFICE_RELATIONS",
    "TIE_KINDS",
    "betweenness_centrality",
    "broker_sides",
    "brokers",
    "centrality",
    "communities",
    "country_rollup",
    "country_rollups",
    "degree_centrality",
    "ego_network",
    "eigenvector_centrality",
    "example_graph",
    "executives",
    "facts_between",
    "find_node",
    "government_side",
    "pagerank",
    "project",
    "ranked",
    "shortest_path",
]

Measure = Literal["degree", "betweenness", "eigenvector", "pagerank"]
CENTRALITY_MEASURES: Final[tuple[Measure, ...]] = ("degree", "betweenness", "eigenvector", "pagerank")

OFFICE_RELATIONS: Final = frozenset({"HEAD_OF_GOVERNMENT", "LEADS", "MEMBER_OF", "WORKS_FOR"})
"""Relations by which a person holds office in a government or agency."""

TIE_KINDS: Final = frozenset({"Person", "Company", "Government", "Agency", "Organization", "Event"})
"""Kinds through which :func:`brokers` follows ties (a shared city or product is not a tie)."""

_PUBLIC: Final = frozenset({"Government", "Agency"})


# -- helpers -----------------------------------------------------------------------------


def _country(G: nx.MultiDiGraph, n: Hashable) -> str | None:
    c = G.nodes[n].get("country")
    return str(c).upper() if c else None


def _name(G: nx.MultiDiGraph, n: Hashable) -> str:
    return str(G.nodes[n].get("name", n))


def _kind(G: nx.MultiDiGraph, n: Hashable) -> str | None:
    return G.nodes[n].get("kind")


def ranked(scores: Mapping[Any, float], *, top: int | None = None, digits: int | None = 4) -> list[tuple[Any, float]]:
    """Scores as ``(node, score)`` pairs, highest first (ties by node), rounded to ``digits``.

    Example:
        >>> ranked({"a": 0.5, "b": 0.25, "c": 0.5}, top=2)
        [('a', 0.5), ('c', 0.5)]
    """
    items = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
    if top is not None:
        items = items[:top]
    if digits is not None:
        return [(n, round(s, digits)) for n, s in items]
    return items


def find_node(G: nx.MultiDiGraph, key: str) -> str:
    """The node of ``G`` whose id, name or alias is ``key`` (case-insensitive).

    An exact id wins; then a case-insensitive id, then name, then alias.

    Raises:
        NotFoundError: if no node matches.
        AmbiguousEntityError: if several nodes match equally well.

    Example:
        >>> find_node(example_graph(), "Ada Chen")
        'ada-chen'
    """
    if key in G:
        return key
    k = key.lower()
    levels: list[list[str]] = [[], [], []]
    for n, attrs in G.nodes(data=True):
        if str(n).lower() == k:
            levels[0].append(n)
        elif str(attrs.get("name", "")).lower() == k:
            levels[1].append(n)
        elif any(str(a).lower() == k for a in attrs.get("aliases") or ()):
            levels[2].append(n)
    for found in levels:
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousEntityError(key, sorted(found))
    raise NotFoundError(f"no node of the graph has the id, name or alias {key!r}")


def project(G: nx.MultiDiGraph, *, directed: bool = False) -> nx.Graph:
    """Collapse the facts between two entities into one weighted edge.

    Returns a :class:`networkx.Graph` (or :class:`networkx.DiGraph` when ``directed``) with
    the nodes and node attributes of ``G`` and, per connected pair, ``facts`` (how many facts
    join them; undirected: in either direction) and ``distance`` (``1 / facts``).

    Example:
        >>> G = nx.MultiDiGraph()
        >>> G.add_edges_from([("a", "b", "f1"), ("b", "a", "f2"), ("b", "c", "f3")])
        ['f1', 'f2', 'f3']
        >>> P = project(G)
        >>> P["a"]["b"]["facts"], P["b"]["c"]["facts"], P["a"]["b"]["distance"]
        (2, 1, 0.5)
    """
    P: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    P.add_nodes_from(G.nodes(data=True))
    for u, v in G.edges():
        if P.has_edge(u, v):
            P[u][v]["facts"] += 1
        else:
            P.add_edge(u, v, facts=1)
    for _, _, data in P.edges(data=True):
        data["distance"] = 1.0 / data["facts"]
    return P


# -- centrality --------------------------------------------------------------------------


def degree_centrality(G: nx.MultiDiGraph) -> dict[str, float]:
    """The share of the other entities each entity has at least one fact with.

    :func:`networkx.degree_centrality` on the undirected projection (so parallel facts count
    once).

    Example:
        >>> ranked(degree_centrality(example_graph()), top=1)
        [('sora-labs', 0.4545)]
    """
    return nx.degree_centrality(project(G))


def betweenness_centrality(G: nx.MultiDiGraph, *, weighted: bool = False, normalized: bool = True) -> dict[str, float]:
    """How often each entity lies on the shortest paths between others.

    :func:`networkx.betweenness_centrality` on the undirected projection; ``weighted`` uses
    ``distance = 1 / facts`` as the edge length.

    Example:
        >>> ranked(betweenness_centrality(example_graph()), top=1)
        [('sora-labs', 0.5636)]
    """
    return nx.betweenness_centrality(project(G), weight="distance" if weighted else None,
                                     normalized=normalized)


def eigenvector_centrality(G: nx.MultiDiGraph, *, weighted: bool = True, max_iter: int = 1000) -> dict[str, float]:
    """Entities tied to well-tied entities score high.

    :func:`networkx.eigenvector_centrality` on the undirected projection, weighted by fact
    counts. An empty graph gives ``{}``.

    Example:
        >>> ranked(eigenvector_centrality(example_graph()), top=1)
        [('sora-labs', 0.5225)]
    """
    if len(G) == 0:
        return {}
    return nx.eigenvector_centrality(project(G), max_iter=max_iter,
                                     weight="facts" if weighted else None)


def pagerank(G: nx.MultiDiGraph, *, weighted: bool = True, alpha: float = 0.85) -> dict[str, float]:
    """PageRank over the facts' direction (subject -> object), weighted by fact counts.

    :func:`networkx.pagerank` on the directed projection: an entity that many facts point to
    (a company people lead and others invest in, a government people head) ranks high.

    Example:
        >>> ranked(pagerank(example_graph()), top=1)
        [('xl-city', 0.2098)]
    """
    if len(G) == 0:
        return {}
    return nx.pagerank(project(G, directed=True), alpha=alpha, weight="facts" if weighted else None)


def centrality(G: nx.MultiDiGraph, measure: str = "pagerank", *, weighted: bool | None = None) -> dict[str, float]:
    """One of :data:`CENTRALITY_MEASURES` by name (``weighted`` None: the measure's default).

    Raises:
        InvalidArgumentError: for an unknown measure.

    Example:
        >>> ranked(centrality(example_graph(), "degree"), top=1)
        [('sora-labs', 0.4545)]
    """
    m = measure.lower()
    kw: dict[str, Any] = {} if weighted is None else {"weighted": weighted}
    if m == "degree":
        return degree_centrality(G)
    if m == "betweenness":
        return betweenness_centrality(G, **kw)
    if m == "eigenvector":
        return eigenvector_centrality(G, **kw)
    if m == "pagerank":
        return pagerank(G, **kw)
    raise InvalidArgumentError(
        f"unknown centrality {measure!r}; use one of {', '.join(CENTRALITY_MEASURES)}"
    )


# -- communities and paths ---------------------------------------------------------------


def communities(
    G: nx.MultiDiGraph, *, seed: int = 42, resolution: float = 1.0, weighted: bool = True
) -> list[list[str]]:
    """Louvain communities, largest first, each a sorted list of entity ids.

    :func:`networkx.community.louvain_communities` on the undirected projection, weighted by
    fact counts; the ``seed`` makes the result repeatable.

    Example:
        >>> [len(c) for c in communities(example_graph())]
        [5, 4, 3]
    """
    found = nx.community.louvain_communities(project(G), weight="facts" if weighted else None,
                                             resolution=resolution, seed=seed)
    groups = [sorted(map(str, c)) for c in found]
    return sorted(groups, key=lambda c: (-len(c), c[0] if c else ""))


def facts_between(G: nx.MultiDiGraph, u: Hashable, v: Hashable) -> list[dict[str, Any]]:
    """The facts joining ``u`` and ``v`` in either direction, as dicts.

    Each dict holds ``key`` (the fact id), ``subject``, ``object`` and the fact's attributes.

    Example:
        >>> [f["type"] for f in facts_between(example_graph(), "ada-chen", "kenji-mori")]
        ['MET']
    """
    out: list[dict[str, Any]] = []
    for a, b in ((u, v), (v, u)):
        if G.has_edge(a, b):
            for key, attrs in G[a][b].items():
                out.append({"key": key, "subject": a, "object": b, **attrs})
    return sorted(out, key=lambda f: str(f["key"]))


def shortest_path(G: nx.MultiDiGraph, source: str, target: str, *, directed: bool = False) -> dict[str, Any] | None:
    """A shortest path between two entities (ids, names or aliases), with its facts.

    :func:`networkx.shortest_path`, ignoring direction unless ``directed``. Returns ``None``
    when there is no path, else ``{"nodes": [...], "length": n, "steps": [{"source",
    "target", "facts": [...]}]}`` where each step lists every fact joining its two ends
    (:func:`facts_between`).

    Raises:
        NotFoundError, AmbiguousEntityError: if an end is not (unambiguously) in ``G``.

    Example:
        >>> p = shortest_path(example_graph(), "Ada Chen", "Government of Xland")
        >>> p["nodes"], [[f["type"] for f in s["facts"]] for s in p["steps"]]
        (['ada-chen', 'kenji-mori', 'gov-xland'], [['MET'], ['HEAD_OF_GOVERNMENT']])
    """
    s, t = find_node(G, source), find_node(G, target)
    H = G if directed else G.to_undirected(as_view=True)
    try:
        nodes = nx.shortest_path(H, s, t)
    except nx.NetworkXNoPath:
        return None
    steps = [{"source": a, "target": b, "facts": facts_between(G, a, b)}
             for a, b in itertools.pairwise(nodes)]
    return {"nodes": nodes, "length": len(nodes) - 1, "steps": steps}


def ego_network(G: nx.MultiDiGraph, center: str, *, radius: int = 1) -> nx.MultiDiGraph:
    """The entities within ``radius`` facts of ``center`` (either direction) and the facts among them.

    :func:`networkx.ego_graph` with ``undirected=True``. The one function here that returns a
    graph: an ego network is a selection to analyse further.

    Example:
        >>> sorted(ego_network(example_graph(), "kenji-mori"))
        ['ada-chen', 'gov-xland', 'kenji-mori']
    """
    return nx.ego_graph(G, find_node(G, center), radius=radius, undirected=True).copy()


# -- domain views ------------------------------------------------------------------------


def government_side(G: nx.MultiDiGraph, country: str) -> set[str]:
    """A country's government in ``G``: its governments, agencies and the people holding office.

    * every ``Government`` or ``Agency`` whose ``country`` is ``country``;
    * every ``Agency`` or ``Organization`` that is ``PART_OF`` one of those (transitively);
    * every ``Person`` with a fact in :data:`OFFICE_RELATIONS` (``HEAD_OF_GOVERNMENT``,
      ``LEADS``, ``MEMBER_OF``, ``WORKS_FOR``) towards one of those bodies.

    Time is the selection's business: load ``G`` ``as_of`` a day to get who held office then.

    Example:
        >>> sorted(government_side(example_graph(), "xl"))
        ['gov-xland', 'kenji-mori', 'ministry-digital', 'rin-sato']
    """
    c = country.upper()
    bodies = {n for n, a in G.nodes(data=True) if a.get("kind") in _PUBLIC and _country(G, n) == c}
    grew = True
    while grew:
        grew = False
        for u, v, t in G.edges(data="type"):
            if t == "PART_OF" and v in bodies and u not in bodies \
                    and _kind(G, u) in ("Agency", "Organization"):
                bodies.add(u)
                grew = True
    people = {u for u, v, t in G.edges(data="type")
              if t in OFFICE_RELATIONS and v in bodies and _kind(G, u) == "Person"}
    return bodies | people


def broker_sides(G: nx.MultiDiGraph, country: str) -> tuple[set[str], set[str]]:
    """The two sides :func:`brokers` connects: the government side and the foreign companies.

    Foreign companies are the ``Company`` nodes whose ``country`` is set and differs from
    ``country``.

    Example:
        >>> sorted(broker_sides(example_graph(), "XL")[1])
        ['sora-labs', 'vector-capital']
    """
    c = country.upper()
    foreign = {n for n, a in G.nodes(data=True)
               if a.get("kind") == "Company" and _country(G, n) not in (None, c)}
    return government_side(G, c), foreign


def brokers(
    G: nx.MultiDiGraph,
    country: str,
    *,
    top: int | None = None,
    kinds: Collection[str] = ("Person", "Company"),
    examples: int = 3,
) -> list[dict[str, Any]]:
    """The people and companies that connect a country's government to foreign AI companies.

    Definition. Let *S* be :func:`government_side` of ``country`` and *F* the foreign
    companies (:func:`broker_sides`). Take the undirected projection of ``G`` restricted to
    :data:`TIE_KINDS` (places and products are not ties between actors). For every pair
    *(s, f)* in *S* x *F* joined by a path, a node *v* of a kind in ``kinds`` that is on
    neither side (not the government, not a foreign company itself: the go-between, such as
    an executive, an investor or a domestic company) *brokers* the pair when it lies on at
    least one shortest *s*-*f* path, i.e. ``d(s, v) + d(v, f) == d(s, f)``. Brokers are ranked
    by ``pairs``, the number of pairs
    they broker, then by ``betweenness``: the share of each pair's shortest paths that pass
    through them, summed over the pairs (NetworkX's
    :func:`~networkx.betweenness_centrality_subset` from *S* to *F*, times two: NetworkX
    halves it on undirected graphs, and *S* and *F* are disjoint, so each pair counts once).

    Returns:
        One dict per broker: ``id``, ``name``, ``kind``, ``country``, ``pairs``, ``share``
        (``pairs`` over the connected pairs), ``betweenness`` and ``examples`` (up to
        ``examples`` brokered ``[s, f]`` pairs).

    Example:
        >>> [(b["id"], b["pairs"]) for b in brokers(example_graph(), "XL")]
        [('ada-chen', 8), ('hana-mori', 4), ('mori-holdings', 4)]
    """
    side, foreign = broker_sides(G, country)
    H = project(G.subgraph(n for n, k in G.nodes(data="kind") if k in TIE_KINDS))
    side = {s for s in side if s in H}
    foreign = {f for f in foreign if f in H}
    candidates = {n for n, k in H.nodes(data="kind") if k in kinds and n not in side | foreign}
    from_foreign = {f: nx.single_source_shortest_path_length(H, f) for f in foreign}
    pairs: dict[str, int] = defaultdict(int)
    shown: dict[str, list[list[str]]] = defaultdict(list)
    connected = 0
    for s in sorted(side):
        ds = nx.single_source_shortest_path_length(H, s)
        for f in sorted(foreign):
            if f not in ds:
                continue
            connected += 1
            d, df = ds[f], from_foreign[f]
            for v in candidates:
                if v != f and ds.get(v, d) < d and ds[v] + df.get(v, d) == d:
                    pairs[v] += 1
                    if len(shown[v]) < examples:
                        shown[v].append([s, f])
    between = nx.betweenness_centrality_subset(H, sources=side, targets=foreign) if pairs else {}
    rows = [
        {"id": v, "name": _name(G, v), "kind": _kind(G, v), "country": _country(G, v),
         "pairs": n, "share": round(n / connected, 4), "betweenness": round(2 * between.get(v, 0.0), 4),
         "examples": shown[v]}
        for v, n in pairs.items()
    ]
    rows.sort(key=lambda r: (-r["pairs"], -r["betweenness"], r["id"]))
    return rows[:top] if top is not None else rows


def executives(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """People who lead or work for a company in ``G``, with those companies (sorted).

    Example:
        >>> executives(example_graph())["ada-chen"]
        ['sora-labs']
    """
    out: dict[str, set[str]] = defaultdict(set)
    for u, v, t in G.edges(data="type"):
        if t in ("LEADS", "WORKS_FOR") and _kind(G, u) == "Person" and _kind(G, v) == "Company":
            out[u].add(v)
    return {p: sorted(cs) for p, cs in sorted(out.items())}


def _fact(G: nx.MultiDiGraph, u: str, v: str, k: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    return {"fact": k, "date": attrs.get("date") or attrs.get("valid_from"),
            "source_urls": list(attrs.get("source_urls") or [])}


def _sum_by_currency(rows: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for r in rows:
        if isinstance(r.get("amount"), int | float):
            totals[r.get("currency") or "?"] += r["amount"]
    return dict(sorted(totals.items()))


def _by_date(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r.get("date") or dt.date.min, r["fact"]))


def country_rollup(G: nx.MultiDiGraph, country: str) -> dict[str, Any]:
    """What ``G`` says about one country (ISO 3166-1 alpha-2, any case).

    Returns a dict:

    * ``companies``: the companies based there (``country`` equal), ``[{id, name}]``;
    * ``government``: :func:`government_side` (sorted ids);
    * ``foreign_offices``: ``HAS_OFFICE_IN`` facts from companies based elsewhere to places
      in the country: ``{company, company_name, company_country, place, place_name, opened,
      closed, office_type, fact, date, source_urls}``;
    * ``government_meetings``: ``MET`` facts between someone on the government side and an
      executive (:func:`executives`) of any company: ``{official, official_name, executive,
      executive_name, companies, place, fact, date, source_urls}``;
    * ``investments_in`` / ``investments_out``: ``INVESTED_IN`` facts into the country's
      companies from investors based elsewhere (or unknown), and from investors based there
      into companies based elsewhere: ``{investor, investor_name, investor_country, company,
      company_name, company_country, amount, currency, round, fact, date, source_urls}``;
    * ``totals``: amounts summed per currency for both investment lists.

    Lists are in date order. Multi-party events (``:Event`` nodes) are not counted as meetings.

    Example:
        >>> r = country_rollup(example_graph(), "XL")
        >>> [c["id"] for c in r["companies"]], [o["company"] for o in r["foreign_offices"]]
        (['mori-holdings'], ['sora-labs'])
        >>> [(m["official"], m["executive"]) for m in r["government_meetings"]]
        [('kenji-mori', 'ada-chen'), ('rin-sato', 'hana-mori')]
        >>> r["totals"]
        {'investments_in': {}, 'investments_out': {'USD': 2000000000.0}}
    """
    c = country.upper()
    side = government_side(G, c)
    execs = executives(G)
    companies = sorted(({"id": n, "name": _name(G, n)} for n, a in G.nodes(data=True)
                        if a.get("kind") == "Company" and _country(G, n) == c),
                       key=lambda r: r["id"])
    offices, meetings, inv_in, inv_out = [], [], [], []
    for u, v, k, a in G.edges(keys=True, data=True):
        t = a.get("type")
        if t == "HAS_OFFICE_IN" and _country(G, v) == c and _kind(G, u) == "Company" \
                and _country(G, u) != c:
            offices.append({"company": u, "company_name": _name(G, u),
                            "company_country": _country(G, u), "place": v,
                            "place_name": _name(G, v), "opened": a.get("valid_from"),
                            "closed": a.get("valid_to"), "office_type": a.get("office_type"),
                            **_fact(G, u, v, k, a)})
        elif t == "MET":
            for official, exe in ((u, v), (v, u)):
                if official in side and exe in execs and exe not in side:
                    meetings.append({"official": official, "official_name": _name(G, official),
                                     "executive": exe, "executive_name": _name(G, exe),
                                     "companies": execs[exe], "place": a.get("place"),
                                     **_fact(G, u, v, k, a)})
        elif t == "INVESTED_IN":
            row = {"investor": u, "investor_name": _name(G, u), "investor_country": _country(G, u),
                   "company": v, "company_name": _name(G, v), "company_country": _country(G, v),
                   "amount": a.get("amount"), "currency": a.get("currency"),
                   "round": a.get("round"), **_fact(G, u, v, k, a)}
            if row["company_country"] == c and row["investor_country"] != c:
                inv_in.append(row)
            elif row["investor_country"] == c and row["company_country"] not in (None, c):
                inv_out.append(row)
    return {
        "country": c,
        "companies": companies,
        "government": sorted(side),
        "foreign_offices": _by_date(offices),
        "government_meetings": _by_date(meetings),
        "investments_in": _by_date(inv_in),
        "investments_out": _by_date(inv_out),
        "totals": {"investments_in": _sum_by_currency(inv_in),
                   "investments_out": _sum_by_currency(inv_out)},
    }


def country_rollups(G: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """:func:`country_rollup` for every country a company, government or place in ``G`` has.

    Example:
        >>> sorted(country_rollups(example_graph()))
        ['US', 'XL']
    """
    countries = {_country(G, n) for n, k in G.nodes(data="kind")
                 if k in ("Company", "Government", "Place")}
    return {c: country_rollup(G, c) for c in sorted(x for x in countries if x)}


# -- the example -------------------------------------------------------------------------


def example_graph() -> nx.MultiDiGraph:
    """A small invented graph for the examples: Xland (``XL``) and a US AI lab.

    Invented names and figures, shaped like the real data: a government with a prime
    minister and a ministry, a foreign lab with an office in Xland's capital, its CEO meeting
    the prime minister, a local conglomerate investing abroad.

    Example:
        >>> G = example_graph()
        >>> G.number_of_nodes(), G.number_of_edges()
        (12, 14)
    """
    G = nx.MultiDiGraph()
    nodes = [
        ("gov-xland", "Government", "Government of Xland", "XL"),
        ("ministry-digital", "Agency", "Ministry of Digital Affairs", "XL"),
        ("kenji-mori", "Person", "Kenji Mori", "XL"),
        ("rin-sato", "Person", "Rin Sato", "XL"),
        ("xl-city", "Place", "Xl City", "XL"),
        ("mori-holdings", "Company", "Mori Holdings", "XL"),
        ("hana-mori", "Person", "Hana Mori", "XL"),
        ("sora-labs", "Company", "Sora Labs", "US"),
        ("ada-chen", "Person", "Ada Chen", "US"),
        ("vector-capital", "Company", "Vector Capital", "US"),
        ("sam-ortiz", "Person", "Sam Ortiz", "US"),
        ("sora-1", "Product", "Sora-1", None),
    ]
    for n, kind, name, country in nodes:
        G.add_node(n, kind=kind, name=name, aliases=[], **({"country": country} if country else {}))
    d = dt.date
    facts = [
        ("kenji-mori", "gov-xland", "HEAD_OF_GOVERNMENT",
         {"valid_from": d(2021, 10, 4), "role": "Prime Minister"}),
        ("ministry-digital", "gov-xland", "PART_OF", {}),
        ("rin-sato", "ministry-digital", "LEADS", {"valid_from": d(2023, 9, 1), "role": "Minister"}),
        ("gov-xland", "xl-city", "GOVERNS", {}),
        ("ada-chen", "sora-labs", "LEADS", {"valid_from": d(2019, 3, 1), "role": "CEO"}),
        ("ada-chen", "kenji-mori", "MET", {"date": d(2023, 4, 10), "place": "xl-city"}),
        ("sora-labs", "xl-city", "HAS_OFFICE_IN", {"valid_from": d(2024, 4, 15)}),
        ("sora-labs", "sora-1", "RELEASED", {"date": d(2024, 4, 15)}),
        ("hana-mori", "mori-holdings", "LEADS", {"valid_from": d(2010, 1, 1), "role": "CEO"}),
        ("hana-mori", "ada-chen", "MET", {"date": d(2024, 2, 1)}),
        ("rin-sato", "hana-mori", "MET", {"date": d(2024, 5, 20)}),
        ("mori-holdings", "sora-labs", "INVESTED_IN",
         {"date": d(2024, 3, 1), "amount": 2_000_000_000, "currency": "USD"}),
        ("sam-ortiz", "vector-capital", "LEADS", {"valid_from": d(2015, 1, 1), "role": "Partner"}),
        ("vector-capital", "sora-labs", "INVESTED_IN",
         {"date": d(2022, 6, 1), "amount": 300_000_000, "currency": "USD"}),
    ]
    for i, (u, v, t, props) in enumerate(facts, 1):
        G.add_edge(u, v, f"f{i:02d}", type=t, fact_id=f"f{i:02d}", confidence=1.0,
                   status="curated", source_ids=["example"], source_urls=["https://example.org/"],
                   **props)
    return G
