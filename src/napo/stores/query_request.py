"""The rules a SPARQL query request must pass before `napo serve` hands it to Oxigraph: one
query, no update, no SERVICE (NAPO makes no outbound requests), and the five layers as its
dataset unless the request names one. Plain functions, so the rules read apart from HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode

from napo.knowledge.graph_names import LAYER_IRIS
from napo.queries.sparql_guard import Unanalysable, has_dataset_clause, uses_service

LAYERS = list(LAYER_IRIS.values())
READ_ONLY = "The server is read-only: updates and Graph Store writes are refused.\n"
SERVICE_REFUSED = ("SERVICE is refused: this endpoint makes no outbound requests, so federated "
                   "queries are switched off (a SERVICE clause would make the server fetch any "
                   "URL a query names). Run the part inside SERVICE on that endpoint "
                   "yourself.\n")


@dataclass(frozen=True)
class Refusal:
    """Why a request is not passed on: the HTTP status and the message for the client."""

    status: int
    message: str


def checked_query(form: str, direct: str | None) -> bytes | Refusal:
    """The form body to send to Oxigraph (the query and its dataset), or why not.

    form: the URL query string or form body; direct: an application/sparql-query body."""
    try:
        params = parse_qs(form, keep_blank_values=True, strict_parsing=False, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return Refusal(HTTPStatus.BAD_REQUEST, "the request parameters are not UTF-8\n")
    if "update" in params:
        return Refusal(HTTPStatus.FORBIDDEN, READ_ONLY)
    queries = params.get("query", []) + ([direct] if direct is not None else [])
    if len(queries) != 1:
        return Refusal(HTTPStatus.BAD_REQUEST, "give exactly one query (the query parameter, "
                       "or an application/sparql-query body)\n")
    query = queries[0]
    try:
        if uses_service(query):
            return Refusal(HTTPStatus.BAD_REQUEST, SERVICE_REFUSED)
        names_dataset = has_dataset_clause(query)
    except Unanalysable as error:
        return Refusal(HTTPStatus.BAD_REQUEST, f"the query is refused: it cannot be analysed "
                       f"({error}), so it cannot be shown to be free of SERVICE\n")
    defaults = params.get("default-graph-uri", [])
    named = params.get("named-graph-uri", [])
    if not defaults and not named and not names_dataset:
        defaults = named = LAYERS  # the knowledge graph, as `napo query` sees it
    return urlencode([("query", query), *(("default-graph-uri", g) for g in defaults),
                      *(("named-graph-uri", g) for g in named)]).encode()
