"""GraphQL over HTTP: Strawberry's FastAPI router with the media types and status codes of the spec.

* ``Accept: application/graphql-response+json`` (preferred over ``application/json``) gets that
  media type, and a request error (the document does not parse or validate, variables do not
  coerce: execution never began) is answered with status 400;
* ``application/json``, ``*/*`` or no ``Accept`` gets ``application/json`` and status 200 for
  every well-formed GraphQL response (the legacy behaviour clients expect);
* a request error never carries ``data`` (the GraphQL spec: execution did not begin).

GraphiQL opens with :data:`EXAMPLE_QUERY`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLHTTPResponse, process_result
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

__all__ = ["EXAMPLE_QUERY", "GRAPHQL_RESPONSE_JSON", "KGGraphQLRouter", "encode_json", "negotiate"]

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
_JSON = "application/json"

EXAMPLE_QUERY = """\
# The AI-industry knowledge graph. Press Ctrl-Enter to run; the Docs pane lists every field.
#
# Who did Sam Altman meet, when, where, and who reported it?
{
  entity(name: "Sam Altman") {
    id
    name
    relationships(types: [MET], first: 10) {
      edges {
        node {
          type
          when
          place
          other { name kind }
          confidence
          status
          sources { publisher title url published quote }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
  # Who headed Japan's government on 4 December 2023?
  japan: entity(id: "government-of-japan") {
    relationships(types: [HEAD_OF_GOVERNMENT], asOf: "2023-12-04") {
      edges { node { role when other { name } } }
    }
  }
}
"""

_ACCEPT_ITEM = re.compile(r"^\s*([^;\s]+)\s*((?:;[^;]*)*)$")


def negotiate(accept: str | None) -> str:
    """The media type to answer with, from an ``Accept`` header.

    Example:
        >>> negotiate("application/graphql-response+json, application/json;q=0.9")
        'application/graphql-response+json'
        >>> negotiate("application/json"), negotiate(None), negotiate("*/*")
        ('application/json', 'application/json', 'application/json')
    """
    best, best_q = _JSON, -1.0
    for item in (accept or "").split(","):
        m = _ACCEPT_ITEM.match(item)
        if not m:
            continue
        media, params = m.group(1).lower(), m.group(2)
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        candidate = {GRAPHQL_RESPONSE_JSON: GRAPHQL_RESPONSE_JSON, _JSON: _JSON,
                     "application/*": _JSON, "*/*": _JSON}.get(media)
        # Among equal q-values the first listed wins; application/json wins ties with */*.
        if candidate is not None and q > best_q:
            best, best_q = candidate, q
    return best


def _is_request_error(errors: list[GraphQLError] | None, data: object) -> bool:
    """True when execution never began: errors without a path and no data."""
    return bool(errors) and data is None and all(e.path is None for e in errors or ())


def encode_json(data: object) -> bytes:
    """Compact UTF-8 JSON of a response (orjson; the standard library for what orjson refuses).

    orjson is several times faster on a large page; it refuses integers beyond 64 bits and
    non-string keys, which the standard library writes.

    Example:
        >>> encode_json({"name": "Société Générale", "n": 2**70})
        b'{"name":"Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale","n":1180591620717411303424}'
    """
    try:
        return orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


class KGGraphQLRouter(GraphQLRouter[Any, None]):
    """The GraphQL router with content negotiation, spec status codes and our GraphiQL default."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._ide_html: str | None = None

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        if self._ide_html is None:
            html = self.graphql_ide_html
            start = html.find("const EXAMPLE_QUERY = `")
            end = html.find("`;", start)
            if start >= 0 and end > start:
                body = EXAMPLE_QUERY.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${")
                html = html[:start] + "const EXAMPLE_QUERY = `" + body + html[end:]
            self._ide_html = html
        return HTMLResponse(self._ide_html)

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        response = process_result(result)
        if _is_request_error(result.errors, result.data):
            response.pop("data", None)
            if isinstance(request, Request):
                request.state.kg_request_error = True
        return response

    def encode_json(self, data: object) -> bytes:
        return encode_json(data)

    async def run(
        self,
        request: Request | WebSocket,
        context: Any = UNSET,
        root_value: Any = UNSET,
    ) -> Response | WebSocket:
        response = await super().run(request, context=context, root_value=root_value)
        if isinstance(request, Request) and isinstance(response, Response) and not isinstance(response, HTMLResponse):
            media = negotiate(request.headers.get("accept"))
            if response.headers.get("content-type", "").startswith(_JSON):
                response.headers["content-type"] = f"{media}; charset=utf-8"
                if media == GRAPHQL_RESPONSE_JSON and getattr(request.state, "kg_request_error", False):
                    response.status_code = 400
        return response
