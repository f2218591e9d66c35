"""Synthetic, deterministic records for benchmarks and fault tests (not real-world facts).

Example:
    >>> entities, sources, facts = synthetic_records(10, seed=1)
    >>> len(facts), facts[0].relation in {"MET", "WORKS_FOR", "INVESTED_IN"}
    (10, True)
"""

from __future__ import annotations

import json
import logging
import random
from pathlib import Path

from ingest.records import EntityRecord, FactRecord, SourceRecord

__all__ = ["synthetic_records", "write_jsonl"]

logger = logging.getLogger(__name__)


def synthetic_records(
    n_facts: int, *, n_entities: int | None = None, seed: int = 0
) -> tuple[list[EntityRecord], list[SourceRecord], list[FactRecord]]:
    """Make ``n_facts`` distinct facts (MET, WORKS_FOR, INVESTED_IN) between synthetic entities.

    Args:
        n_facts: how many facts.
        n_entities: how many entities (default: a fifth of the facts, at least 20), half
            people, half companies.
        seed: the random seed (the same seed gives the same records).

    Returns:
        (entities, sources, facts).
    """
    rnd = random.Random(seed)
    n = max(20, n_entities or n_facts // 5)
    people = [f"person-{i}" for i in range(n // 2)]
    companies = [f"company-{i}" for i in range(n - n // 2)]
    entities = [EntityRecord(id=p, kind="Person", name=f"Person {i}", aliases=[f"P{i}"], country="US")
                for i, p in enumerate(people)]
    entities += [EntityRecord(id=c, kind="Company", name=f"Company {i}", country="JP")
                 for i, c in enumerate(companies)]
    sources = [SourceRecord(id=f"source-{i}", url=f"https://example.org/news/{i}", title=f"News {i}",
                            publisher="Example", published=f"2024-01-{1 + i % 28:02d}")
               for i in range(max(1, n_facts // 100))]
    facts: list[FactRecord] = []
    seen: set[tuple[str, ...]] = set()
    while len(facts) < n_facts:
        kind = rnd.random()
        year, month, day = rnd.randint(2015, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        source = sources[rnd.randrange(len(sources))].id
        if kind < 0.4:
            a, b = rnd.sample(people, 2)
            key = ("MET", a, b, f"{year}-{month:02d}-{day:02d}")
            fact = FactRecord(subject=a, relation="MET", object=b, date=key[3], place="Tokyo", source=source,
                              statement=f"{a} met {b}.")
        elif kind < 0.7:
            a, b = rnd.choice(people), rnd.choice(companies)
            key = ("WORKS_FOR", a, b, f"{year}-{month:02d}")
            fact = FactRecord(subject=a, relation="WORKS_FOR", object=b, role="engineer", valid_from=key[3],
                              source=source, statement=f"{a} works for {b}.")
        else:
            a, b = rnd.sample(companies, 2)
            key = ("INVESTED_IN", a, b, f"{year}-{month:02d}-{day:02d}")
            fact = FactRecord(subject=a, relation="INVESTED_IN", object=b, date=key[3],
                              amount=rnd.randint(1, 1000) * 1_000_000, currency="USD", source=source,
                              statement=f"{a} invested in {b}.")
        # One fact per key and year, so synthetic data has no conflicts.
        year_key = (*key[:3], key[3][:4])
        if year_key in seen:
            continue
        seen.add(year_key)
        facts.append(fact)
    return entities, sources, facts


def write_jsonl(
    path: Path, entities: list[EntityRecord], sources: list[SourceRecord], facts: list[FactRecord]
) -> Path:
    """Write records as a JSON Lines file that :mod:`ingest.readers.jsonl_reader` reads."""
    with path.open("w", encoding="utf-8") as fh:
        for type_, records in (("entity", entities), ("source", sources), ("fact", facts)):
            for rec in records:
                data = rec.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
                fh.write(json.dumps({"type": type_, **data}) + "\n")
    return path
