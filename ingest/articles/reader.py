"""Read an article: plain text, Markdown or HTML, with its metadata.

Metadata (``url``, ``title``, ``publisher``, ``published``) comes from explicit arguments (the
CLI flags), then from a small front-matter block at the top of the file::

    ---
    url: https://example.com/news/openai-tokyo
    title: OpenAI opens Tokyo office
    publisher: Example Wire
    published: 2024-04-15
    ---

then, for HTML, from the page's own metadata. HTML is reduced to its main text by trafilatura
(navigation, footers and related links dropped). Wire datelines ("TOKYO, April 15 (Reuters) -")
are removed from paragraph starts so they are neither quoted nor mistaken for entities.

Example:
    >>> raw = "---\\npublished: 2024-04-15\\nurl: https://x.example/a\\n---\\nTOKYO, April 15 (Wire) - Hi."
    >>> a = article_from_text(raw)
    >>> a.text, a.published.isoformat()
    ('Hi.', '2024-04-15')
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal
from urllib.parse import urlsplit, urlunsplit

import yaml

from graph.errors import InvalidArgumentError, ValidationError, ValidationIssue

__all__ = ["Article", "Format", "article_from_text", "read_article", "source_id_for"]

logger = logging.getLogger(__name__)

Format = Literal["txt", "md", "html"]

_FRONT_MATTER: Final = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_DATELINE: Final = re.compile(
    r"^(?:[A-Z][A-Z.'\- ]+(?:,\s+[A-Z][A-Za-z.\- ]+){0,2},\s+)?"  # TOKYO, / REDMOND, Washington,
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?"  # April 15
    r"\((?:[A-Z][\w&.\- ]{1,40})\)\s+[-–—]+\s+",  # (Reuters) -
    re.M,
)
_MD_RULES: Final[list[tuple[re.Pattern[str], str]]] = [
    (re.compile(r"^```.*?^```[ \t]*$", re.M | re.S), ""),  # code blocks
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links -> their text
    (re.compile(r"^#{1,6}[ \t]*(.*?)[ \t]*#*[ \t]*$", re.M), r"\1\n"),  # headings -> own paragraph
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", re.M), ""),  # list markers
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),  # italics
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
    (re.compile(r"^[ \t]*(?:-{3,}|\*{3,})[ \t]*$", re.M), ""),  # rules
]


@dataclass(frozen=True, slots=True)
class Article:
    """An article ready for extraction: main text and the metadata of its source.

    Attributes:
        text: the main text, paragraphs separated by blank lines.
        url: where it was published (its source's identity).
        title: its headline.
        publisher: who published it.
        published: its publication date, the anchor of relative dates.
        path: the file it was read from, if any.
    """

    text: str
    url: str
    title: str | None
    publisher: str | None
    published: date
    path: str | None = None

    @property
    def source_id(self) -> str:
        """The deterministic id of this article's Source (derived from its URL)."""
        return source_id_for(self.url)


def source_id_for(url: str) -> str:
    """A stable Source id for an article URL: ``article-`` + 16 hex digits of its hash.

    The URL is normalised first (scheme and host lowercased, fragment and trailing slash
    dropped), so trivially different spellings of one address give one source.

    Example:
        >>> source_id_for("HTTPS://Wire.Example/a/#top") == source_id_for("https://wire.example/a")
        True
    """
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or ""
    normal = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
    return "article-" + hashlib.sha256(normal.encode()).hexdigest()[:16]


def _split_front_matter(raw: str) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}, raw
    try:
        meta = yaml.safe_load(m.group("body")) or {}
    except yaml.YAMLError as e:
        raise ValidationError([ValidationIssue("front matter", "yaml", str(e))]) from e
    if not isinstance(meta, dict):
        raise ValidationError([ValidationIssue("front matter", "yaml", "expected key: value lines")])
    return {str(k).lower(): v for k, v in meta.items()}, raw[m.end() :]


def _html_text(raw: str) -> tuple[str, dict[str, Any]]:
    import trafilatura  # heavy import: only when HTML is read

    text = trafilatura.extract(raw, include_comments=False, include_tables=False, favor_precision=True) or ""
    meta: dict[str, Any] = {}
    doc = trafilatura.extract_metadata(raw)
    if doc is not None:
        meta = {"title": doc.title, "url": doc.url, "publisher": doc.sitename, "published": doc.date}
    # trafilatura separates paragraphs with one newline; we use blank lines.
    return re.sub(r"\n+", "\n\n", text), {k: v for k, v in meta.items() if v}


def _markdown_text(raw: str) -> str:
    text = raw
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\u00a0", " ")
    text = _DATELINE.sub("", text)
    paragraphs = [re.sub(r"[ \t]+", " ", p).strip() for p in re.split(r"\n[ \t]*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _to_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValidationError([ValidationIssue("article", field, f"expected a date YYYY-MM-DD, got {value!r}")])


def detect_format(name: str | None, text: str) -> Format:
    """Guess the format from a file name, else from the content."""
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    if suffix:
        return "txt"
    return "html" if re.search(r"<(?:html|body|p|article)\b", text[:2000], re.I) else "txt"


def article_from_text(
    raw: str,
    *,
    fmt: Format | None = None,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: date | str | None = None,
    path: str | None = None,
) -> Article:
    """Build an :class:`Article` from raw text (txt, Markdown or HTML).

    Arguments override the front matter, which overrides the HTML page's own metadata.

    Raises:
        ValidationError: if the URL or the publication date is missing or malformed, or the
            front matter is not valid YAML.
        InvalidArgumentError: if the article has no text.
    """
    meta, body = _split_front_matter(raw)
    kind = fmt or detect_format(path, body)
    page_meta: dict[str, Any] = {}
    if kind == "html":
        body, page_meta = _html_text(body)
    elif kind == "md":
        body = _markdown_text(body)
    given = {"url": url, "title": title, "publisher": publisher, "published": published}
    merged = {k: given[k] if given[k] is not None else meta.get(k, page_meta.get(k)) for k in given}
    issues = []
    if not merged["url"]:
        issues.append(ValidationIssue(path or "article", "url", "required (flag or front matter)"))
    if not merged["published"]:
        issues.append(ValidationIssue(path or "article", "published", "required (flag or front matter)"))
    if issues:
        raise ValidationError(issues)
    text = _clean(body)
    if not text:
        raise InvalidArgumentError(f"{path or 'article'}: no text found")
    article = Article(
        text=text,
        url=str(merged["url"]).strip(),
        title=str(merged["title"]).strip() if merged["title"] else None,
        publisher=str(merged["publisher"]).strip() if merged["publisher"] else None,
        published=_to_date(merged["published"], "published"),
        path=path,
    )
    logger.debug("read article %s (%s, %d chars)", article.url, kind, len(text))
    return article


def read_article(
    path: Path | str,
    *,
    url: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    published: date | str | None = None,
) -> Article:
    """Read an article file (``.txt``, ``.md``, ``.html``); see :func:`article_from_text`.

    Raises:
        InvalidArgumentError: if the file cannot be read.
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as e:
        raise InvalidArgumentError(f"cannot read {p}: {e}") from e
    return article_from_text(raw, url=url, title=title, publisher=publisher, published=published, path=str(p))
