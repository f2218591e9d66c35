"""Precision and recall of the rule extractor over the fixture articles (against the real Neo4j).

Each article in ``tests/fixtures/articles/`` has its expected facts beside it
(``<name>.expected.yaml``). The gazetteer is the graph itself, loaded from
``tests/fixtures/articles/entities.yaml`` first. A proposal counts when it is written at the
default threshold (confidence >= 0.6); it matches an expected fact when the relation and ends
agree (either order for MET and PARTNERS_WITH) and every key the expectation gives (date with
its precision, role, action, amount, currency, conflict) is equal.

Articles whose expectations say ``heldout: true`` were written after the rules, and scored
before any rule was changed for them (see the README); the summary shows them apart.

The summary prints with capture disabled, so it shows in any pytest run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from graph.store import Store
from ingest.articles import ExtractedFact, Gazetteer, extract_article, load_gazetteer, read_article
from ingest.pipeline import ingest_paths

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
MIN_CONFIDENCE = 0.6
SYMMETRIC = {"MET", "PARTNERS_WITH"}


def _articles() -> list[Path]:
    return sorted(p for p in ARTICLES.iterdir() if p.suffix in (".txt", ".md", ".html"))


def _expected(article: Path) -> dict[str, Any]:
    return yaml.safe_load((ARTICLES / f"{article.stem}.expected.yaml").read_text())


def _matches(pred: ExtractedFact, exp: dict[str, Any]) -> bool:
    if pred.relation != exp["relation"]:
        return False
    ends = (pred.subject, pred.object)
    wanted = (exp["subject"], exp["object"])
    if ends != wanted and not (pred.relation in SYMMETRIC and ends == wanted[::-1]):
        return False
    for key, value in exp.items():
        if key in ("subject", "relation", "object"):
            continue
        if key == "date":
            got: Any = pred.date.iso if pred.date else None
        elif key == "conflict":
            got = pred.conflict
        else:
            got = pred.properties.get(key)
        if key == "amount":
            if got is None or float(got) != float(value):
                return False
        elif got != value:
            return False
    return True


@dataclass
class Score:
    name: str
    heldout: bool
    predicted: int
    expected: int
    correct: int
    misses: list[dict[str, Any]]
    extra: list[ExtractedFact]


def _score(name: str, heldout: bool, predicted: list[ExtractedFact], expected: list[dict[str, Any]]) -> Score:
    left = list(expected)
    correct = 0
    extra = []
    for pred in predicted:
        hit = next((e for e in left if _matches(pred, e)), None)
        if hit is None:
            extra.append(pred)
        else:
            left.remove(hit)
            correct += 1
    return Score(name, heldout, len(predicted), len(expected), correct, left, extra)


@pytest.fixture(scope="module")
def gazetteer(session_store: Store) -> Gazetteer:
    """The graph holding the fixture entities only, and the gazetteer read back from it."""
    session_store.clear()
    ingest_paths(session_store, [ARTICLES / "entities.yaml"], progress=False)
    return load_gazetteer(session_store)


@pytest.fixture(scope="module")
def scores(gazetteer: Gazetteer) -> list[Score]:
    out = []
    for path in _articles():
        extraction = extract_article(read_article(path), gazetteer)
        exp = _expected(path)
        out.append(_score(path.name, bool(exp.get("heldout")), extraction.above(MIN_CONFIDENCE), exp["facts"]))
    return out


def test_there_are_at_least_nine_articles_with_expectations() -> None:
    paths = _articles()
    assert len(paths) >= 9
    assert any(p.suffix == ".html" for p in paths)
    assert all((ARTICLES / f"{p.stem}.expected.yaml").exists() for p in paths)


def _pr(scores: list[Score]) -> tuple[float, float, int, int, int]:
    predicted = sum(s.predicted for s in scores)
    expected = sum(s.expected for s in scores)
    correct = sum(s.correct for s in scores)
    return (correct / predicted if predicted else 0.0, correct / expected if expected else 0.0,
            correct, predicted, expected)


def test_precision_and_recall_over_the_fixture_articles(
        scores: list[Score], capsys: pytest.CaptureFixture[str]) -> None:
    precision, recall, correct, predicted, expected = _pr(scores)
    with capsys.disabled():
        print()
        for s in scores:
            tag = " (held out)" if s.heldout else ""
            print(f"  {s.name + tag:<40} predicted {s.predicted:>2}  expected {s.expected:>2}  correct {s.correct:>2}")
            for miss in s.misses:
                print(f"      missed: {miss}")
            for fact in s.extra:
                print(f"      extra:  {fact.subject} {fact.relation} {fact.object} "
                      f"{fact.date.iso if fact.date else ''} {dict(fact.properties)} [{fact.rule}]")
        for label, subset in (("written with the rules", [s for s in scores if not s.heldout]),
                              ("held out, after the fixes their first run prompted "
                               "(first run: precision 0.909 (10/11), recall 0.476 (10/21))",
                               [s for s in scores if s.heldout])):
            if subset:
                p, r, c, n, e = _pr(subset)
                print(f"  {label}: precision {p:.3f} ({c}/{n}), recall {r:.3f} ({c}/{e}), {len(subset)} articles")
        print(f"article extraction: precision {precision:.3f} ({correct}/{predicted}), "
              f"recall {recall:.3f} ({correct}/{expected}) over {len(scores)} articles "
              f"at confidence >= {MIN_CONFIDENCE}")
    assert precision >= 0.9
    assert recall >= 0.8


def test_unknown_names_are_reported_and_known_ones_are_not(gazetteer: Gazetteer) -> None:
    known = {e.name for e in gazetteer.entries} | {a for e in gazetteer.entries for a in e.aliases}
    for path in _articles():
        extraction = extract_article(read_article(path), gazetteer)
        names = {u.name for u in extraction.unknown}
        assert set(_expected(path).get("unknown") or []) <= names, path.name
        assert not names & known, path.name


def test_no_fact_names_an_entity_outside_the_gazetteer(gazetteer: Gazetteer) -> None:
    ids = {e.id for e in gazetteer.entries}
    for path in _articles():
        for fact in extract_article(read_article(path), gazetteer).facts:
            assert {fact.subject, fact.object} <= ids
