"""`kg ingest article`: extract facts from a news article and write them through the pipeline.

    kg ingest article story.txt --url https://... --title "..." --publisher Reuters --published 2024-04-15
    kg ingest article story.html --dry-run --min-confidence 0.7

Prints the facts found (subject, relation, object, date, confidence, sentence), the names the
graph does not know (to confirm by hand; never created), and the pipeline's report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.config import get_settings
from kgcli.common import console, err_console, handle_errors, open_store

__all__ = ["print_article_result", "register"]


def _details(props: dict[str, Any]) -> str:
    parts = []
    for name in ("role", "action", "amount", "currency", "place", "office_type", "round"):
        value = props.get(name)
        if value is None:
            continue
        if name == "amount":
            value = f"{value:,.0f}"
        parts.append(f"{name}={value}")
    return "\n".join(parts)


def print_article_result(result: Any, out: Console | None = None) -> None:
    """Render an :class:`ingest.articles.service.ArticleIngestResult` as tables."""
    from ingest.report import print_report

    c = out or console
    article = result.extraction.article
    c.print(f"[bold]{article.title or article.url}[/] ({article.publisher or 'unknown publisher'}, "
            f"{article.published.isoformat()}): {result.extraction.sentences} sentences, "
            f"{result.extraction.mentions} entity mentions", highlight=False)
    table = Table(title=f"facts found (confidence >= {result.min_confidence:g})", title_justify="left",
                  show_lines=True, expand=True)
    table.add_column("subject", max_width=18)
    table.add_column("relation", no_wrap=True)
    table.add_column("object", max_width=18)
    table.add_column("date", no_wrap=True)
    table.add_column("conf.", justify="right", no_wrap=True)
    table.add_column("sentence (rule)", ratio=1)
    for f in result.facts:
        date = f"{f.date.iso} ({f.date.precision})" if f.date else ""
        if f.date_text:
            date += f"\n“{escape(f.date_text)}”"
        if f.joins:
            date += "\njoins a stored fact"
        relation = f.relation
        details = _details(dict(f.properties))
        if details:
            relation += f"\n{details}"
        if f.conflict:
            relation += "\n[red]conflict[/]"
        table.add_row(f.subject_name, relation, f.object_name, date, f"{f.confidence:.2f}",
                      f"{escape(f.sentence)} [dim]({f.rule})[/]")
    c.print(table)
    if result.below_threshold:
        c.print(f"{len(result.below_threshold)} more proposal(s) below {result.min_confidence:g} not written: "
                + "; ".join(f"{f.subject} {f.relation} {f.object} ({f.confidence:.2f})"
                            for f in result.below_threshold), highlight=False)
    if result.unknown:
        unknown = Table(title="unknown entities (not created: confirm and add them by hand)", title_justify="left")
        for col in ("name", "kind guess", "mentions", "context", "first sentence"):
            unknown.add_column(col)
        for u in result.unknown:
            unknown.add_row(u.name, u.kind_guess or "?", str(u.mentions), u.hint or "", u.sentence)
        c.print(unknown)
    else:
        c.print("unknown entities: none")
    print_report(result.report, console=c)


def register(ingest_app: typer.Typer) -> None:
    """Add the `article` command to the `kg ingest` group."""

    @ingest_app.command("article")
    @handle_errors
    def article(
        file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True,
                                    help="The article: .txt, .md or .html (front matter optional)."),
        url: str | None = typer.Option(None, "--url", help="Where it was published (else front matter / HTML)."),
        title: str | None = typer.Option(None, "--title", help="Its headline."),
        publisher: str | None = typer.Option(None, "--publisher", help="Who published it."),
        published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD",
                                             help="Publication date: the anchor of 'on Monday', 'last year'."),
        dry_run: bool = typer.Option(False, "--dry-run", help="Show what would be written; write nothing."),
        min_confidence: float = typer.Option(0.6, "--min-confidence", min=0.0, max=1.0,
                                             help="Write only facts at or above this confidence."),
    ) -> None:
        """Extract facts from a news article (rules, offline) and write them as extracted facts."""
        from ingest.articles.reader import read_article
        from ingest.articles.service import ingest_article

        doc = read_article(file, url=url, title=title, publisher=publisher, published=published)
        settings = get_settings()
        with open_store(settings) as store:
            result = ingest_article(store, doc, min_confidence=min_confidence, dry_run=dry_run,
                                    batch_size=settings.batch_size, progress=False)
        print_article_result(result)
        if dry_run:
            err_console.print("dry run: nothing was written")
