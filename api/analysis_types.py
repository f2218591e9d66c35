"""Analysis fields of the GraphQL API: NetworkX analyses over a subgraph.

One root field, ``analysis(...)``, selects a subgraph (the same selection as
``KnowledgeGraph.subgraph``: around entities by depth, kinds, relation types, a day or a
window, a minimum confidence; the whole graph without ``around``) and loads it once, bounded by
``KG_API_MAX_SUBGRAPH_EDGES`` (a larger selection is refused with ``RESULT_TOO_LARGE``). Its
fields run :mod:`graph.analysis` on that graph::

    {
      analysis(around: ["Government of Japan"], depth: 3, asOf: "2024-04-30") {
        nodeCount edgeCount
        centrality(measure: PAGERANK, top: 5) { entity { id name } score }
        communities { size members { id } }
        brokers(country: "JP", top: 5) { entity { name kind } pairs share }
        countryRollup(country: "JP") { foreignOffices { company { name } place { name } opened } }
        shortestPath(source: "Sam Altman", target: "Government of Japan") {
          length steps { source { name } target { name } facts { type date sourceUrls } }
        }
      }
    }
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Annotated, Any, TypeVar

import networkx as nx
import strawberry

from api.enums import EntityKind, RelationType
from api.types import AsOf, DateFrom, DateTo, Info
from graph import analysis
from graph.errors import InvalidArgumentError
from graph.schema import KINDS
from graph.store import Store
from graph.subgraph import load_subgraph, make_selection, resolve_entities

__all__ = ["AnalysisQuery", "load_analysis_graph"]

T = TypeVar("T")

MAX_DEPTH = 4
MAX_TOP = 1000


@strawberry.enum(description="A centrality measure (graph.analysis).")
class CentralityMeasure(Enum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    EIGENVECTOR = "eigenvector"
    PAGERANK = "pagerank"


@strawberry.type(description="An entity of the analysed subgraph (its id leads to `entity(id:)`).")
class AnalysisEntity:
    id: strawberry.ID
    name: str
    kind: EntityKind | None  # type: ignore[valid-type]
    country: str | None

    @classmethod
    def of(cls, G: nx.MultiDiGraph, node: str) -> AnalysisEntity:
        attrs = G.nodes[node] if node in G else {}
        kind = attrs.get("kind")
        return cls(id=strawberry.ID(str(node)), name=str(attrs.get("name", node)),
                   kind=EntityKind(kind) if kind in KINDS else None, country=attrs.get("country"))


@strawberry.type(description="An entity with its score.")
class ScoredEntity:
    entity: AnalysisEntity
    score: float


@strawberry.type(description="A Louvain community, largest first.")
class Community:
    index: int
    size: int
    members: list[AnalysisEntity]


@strawberry.type(description="A broker between a country's government and foreign AI companies "
                             "(see graph.analysis.brokers for the definition).")
class Broker:
    entity: AnalysisEntity
    pairs: int = strawberry.field(description="(government-side, foreign company) pairs it lies on a "
                                              "shortest path between.")
    share: float = strawberry.field(description="pairs / connected pairs.")
    betweenness: float = strawberry.field(description="Share of each pair's shortest paths through it, summed.")
    examples: list[list[strawberry.ID]] = strawberry.field(description="Some brokered [government, company] pairs.")


@strawberry.type(description="A fact along an analysis path.")
class AnalysisFact:
    id: strawberry.ID
    type: str
    subject: strawberry.ID
    object: strawberry.ID
    date: dt.date | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    confidence: float | None
    status: str | None
    source_urls: list[str]

    @classmethod
    def of(cls, f: Mapping[str, Any]) -> AnalysisFact:
        return cls(id=strawberry.ID(str(f["key"])), type=str(f.get("type")),
                   subject=strawberry.ID(str(f["subject"])), object=strawberry.ID(str(f["object"])),
                   date=f.get("date"), valid_from=f.get("valid_from"), valid_to=f.get("valid_to"),
                   confidence=f.get("confidence"), status=f.get("status"),
                   source_urls=[u for u in f.get("source_urls") or [] if u])


@strawberry.type(description="One hop of a path, with every fact joining its two ends.")
class AnalysisStep:
    source: AnalysisEntity
    target: AnalysisEntity
    facts: list[AnalysisFact]


@strawberry.type(description="A shortest path in the analysed subgraph (direction ignored).")
class AnalysisPath:
    length: int
    nodes: list[AnalysisEntity]
    steps: list[AnalysisStep]


@strawberry.type(description="An office a foreign company opened in the country.")
class OfficeOpening:
    company: AnalysisEntity
    place: AnalysisEntity
    opened: dt.date | None
    closed: dt.date | None
    office_type: str | None
    fact_id: strawberry.ID
    source_urls: list[str]


@strawberry.type(description="A meeting (MET) between a government-side person and a company executive.")
class GovernmentMeeting:
    official: AnalysisEntity
    executive: AnalysisEntity
    companies: list[AnalysisEntity]
    date: dt.date | None
    place: str | None
    fact_id: strawberry.ID
    source_urls: list[str]


@strawberry.type(description="An investment (INVESTED_IN); amount in units of currency.")
class Investment:
    investor: AnalysisEntity
    company: AnalysisEntity
    amount: float | None
    currency: str | None
    round: str | None
    date: dt.date | None
    fact_id: strawberry.ID
    source_urls: list[str]


@strawberry.type(description="A sum of amounts in one currency.")
class CurrencyTotal:
    currency: str
    amount: float


@strawberry.type(description="What the subgraph says about one country (graph.analysis.country_rollup).")
class CountryRollup:
    country: str
    companies: list[AnalysisEntity]
    government: list[AnalysisEntity]
    foreign_offices: list[OfficeOpening]
    government_meetings: list[GovernmentMeeting]
    investments_in: list[Investment]
    investments_out: list[Investment]
    total_invested_in: list[CurrencyTotal]
    total_invested_out: list[CurrencyTotal]


def _urls(row: Mapping[str, Any]) -> list[str]:
    return [u for u in row.get("source_urls") or [] if u]


def _totals(totals: Mapping[str, float]) -> list[CurrencyTotal]:
    return [CurrencyTotal(currency=c, amount=a) for c, a in totals.items()]


def _top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise InvalidArgumentError(f"top must be within 1..{MAX_TOP}, not {top}")
    return top


async def _compute(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    # NetworkX is CPU-bound: keep the event loop free for other requests.
    return await asyncio.to_thread(fn, *args, **kwargs)


@strawberry.type(description="NetworkX analyses over one loaded subgraph.")
class Analysis:
    graph: strawberry.Private[nx.MultiDiGraph]

    @strawberry.field(description="Entities in the subgraph.")
    def node_count(self) -> int:
        return int(self.graph.number_of_nodes())

    @strawberry.field(description="Facts in the subgraph.")
    def edge_count(self) -> int:
        return int(self.graph.number_of_edges())

    @strawberry.field(description="The most central entities. DEGREE, BETWEENNESS and EIGENVECTOR on the "
                                  "undirected projection, PAGERANK along the facts; weighted by fact counts.")
    async def centrality(
        self,
        measure: CentralityMeasure = CentralityMeasure.PAGERANK,
        top: int = 10,
        weighted: Annotated[bool | None, strawberry.argument(
            description="Weight ties by fact counts (default: the measure's default).")] = None,
    ) -> list[ScoredEntity]:
        scores = await _compute(analysis.centrality, self.graph, measure.value, weighted=weighted)
        return [ScoredEntity(entity=AnalysisEntity.of(self.graph, n), score=s)
                for n, s in analysis.ranked(scores, top=_top(top), digits=6)]

    @strawberry.field(description="Louvain communities (seeded, so repeatable), largest first.")
    async def communities(self, seed: int = 42, resolution: float = 1.0, min_size: int = 1) -> list[Community]:
        groups = await _compute(analysis.communities, self.graph, seed=seed, resolution=resolution)
        return [Community(index=i, size=len(g), members=[AnalysisEntity.of(self.graph, n) for n in g])
                for i, g in enumerate(groups) if len(g) >= min_size]

    @strawberry.field(description="People and companies that connect a country's government (ISO code, e.g. "
                                  "JP) to foreign AI companies, most pairs first.")
    async def brokers(self, country: str, top: int = 10) -> list[Broker]:
        rows = await _compute(analysis.brokers, self.graph, country, top=_top(top))
        return [Broker(entity=AnalysisEntity.of(self.graph, r["id"]), pairs=r["pairs"], share=r["share"],
                       betweenness=r["betweenness"],
                       examples=[[strawberry.ID(s), strawberry.ID(f)] for s, f in r["examples"]])
                for r in rows]

    @strawberry.field(description="A country's companies, foreign offices, government meetings with "
                                  "executives and investments in and out.")
    async def country_rollup(self, country: str) -> CountryRollup:
        G = self.graph
        r = await _compute(analysis.country_rollup, G, country)

        def ent(n: str) -> AnalysisEntity:
            return AnalysisEntity.of(G, n)

        def inv(x: Mapping[str, Any]) -> Investment:
            return Investment(investor=ent(x["investor"]), company=ent(x["company"]),
                              amount=x["amount"], currency=x["currency"], round=x["round"], date=x["date"],
                              fact_id=strawberry.ID(x["fact"]), source_urls=_urls(x))

        return CountryRollup(
            country=r["country"],
            companies=[ent(c["id"]) for c in r["companies"]],
            government=[ent(n) for n in r["government"]],
            foreign_offices=[OfficeOpening(company=ent(o["company"]), place=ent(o["place"]), opened=o["opened"],
                                           closed=o["closed"], office_type=o["office_type"],
                                           fact_id=strawberry.ID(o["fact"]), source_urls=_urls(o))
                             for o in r["foreign_offices"]],
            government_meetings=[GovernmentMeeting(official=ent(m["official"]), executive=ent(m["executive"]),
                                                   companies=[ent(c) for c in m["companies"]], date=m["date"],
                                                   place=m["place"], fact_id=strawberry.ID(m["fact"]),
                                                   source_urls=_urls(m))
                                 for m in r["government_meetings"]],
            investments_in=[inv(x) for x in r["investments_in"]],
            investments_out=[inv(x) for x in r["investments_out"]],
            total_invested_in=_totals(r["totals"]["investments_in"]),
            total_invested_out=_totals(r["totals"]["investments_out"]),
        )

    @strawberry.field(description="A shortest path between two entities of the subgraph (ids, names or "
                                  "aliases), with the facts along it; null when none.")
    def shortest_path(self, source: str, target: str) -> AnalysisPath | None:
        G = self.graph
        p = analysis.shortest_path(G, source, target)
        if p is None:
            return None
        return AnalysisPath(
            length=p["length"],
            nodes=[AnalysisEntity.of(G, n) for n in p["nodes"]],
            steps=[AnalysisStep(source=AnalysisEntity.of(G, s["source"]), target=AnalysisEntity.of(G, s["target"]),
                                facts=[AnalysisFact.of(f) for f in s["facts"]]) for s in p["steps"]],
        )


def load_analysis_graph(
    store: Store,
    *,
    around: list[str] | None,
    depth: int,
    kinds: list[str] | None,
    types: list[str] | None,
    as_of: dt.date | None,
    start: dt.date | None,
    end: dt.date | None,
    min_confidence: float | None,
    limit: int,
    timeout: float | None = None,
) -> nx.MultiDiGraph:
    """Resolve ``around`` and load the selection (runs in a worker thread)."""
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidArgumentError(f"depth must be within 0..{MAX_DEPTH}, not {depth}")
    seeds = resolve_entities(store, around, timeout=timeout) if around else []
    sel = make_selection(around=seeds, depth=depth, kinds=kinds, types=types, as_of=as_of, start=start,
                         end=end, min_confidence=min_confidence)
    return load_subgraph(store, sel, limit=limit, timeout=timeout)


@strawberry.type
class AnalysisQuery:
    """The `analysis` root field (merged into Query by api.schema)."""

    @strawberry.field(description="Load a subgraph (at most KG_API_MAX_SUBGRAPH_EDGES facts) and analyse it. "
                                  "Without `around`: the whole graph.")
    async def analysis(
        self,
        info: Info,
        around: Annotated[list[str] | None, strawberry.argument(
            description="Entity ids, names or aliases to start from.")] = None,
        depth: Annotated[int, strawberry.argument(description=f"Hops from `around`, 0 to {MAX_DEPTH}.")] = 2,
        kinds: Annotated[list[EntityKind] | None, strawberry.argument(  # type: ignore[valid-type]
            description="Only entities of these kinds (seeds always stay).")] = None,
        types: Annotated[list[RelationType] | None, strawberry.argument(  # type: ignore[valid-type]
            description="Only facts of these types.")] = None,
        as_of: AsOf = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        min_confidence: Annotated[float | None, strawberry.argument(
            description="Only facts at least this confident (0..1).")] = None,
    ) -> Analysis:
        G = await info.context.read(
            load_analysis_graph, around=around, depth=depth,
            kinds=[k.value for k in kinds] if kinds else None,
            types=[t.value for t in types] if types else None,
            as_of=as_of, start=date_from, end=date_to, min_confidence=min_confidence,
            limit=info.context.settings.api_max_subgraph_edges,
        )
        return Analysis(graph=G)
