"""Which kind of SPARQL server a URL points at, and where its query, update and store services are.

A user gives any one service URL (or the server's base); the kind comes from --server or from
the Server header, and the other services follow from the kind's layout (Oxigraph, Virtuoso,
Fuseki, GraphDB). Requests themselves go through napo.stores.remote.
"""

from __future__ import annotations

from dataclasses import dataclass

from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from napo.core.errors import UsageError
from napo.stores.remote import Client, EndpointError
from napo.stores.terms import endpoint_url


@dataclass(frozen=True)
class Server:
    """Where one kind of server puts its query, update and graph-store services."""

    kind: str
    suffixes: tuple[str, ...]  # paths a user may give that are stripped to find the base
    query: str
    update: str
    store: str
    auth: str  # "basic" or "digest"
    query_with_auth: str = ""  # a separate query path for authenticated users, if any


SERVERS = {
    "oxigraph": Server("oxigraph", ("/query", "/sparql", "/update", "/store"),
                       "/query", "/update", "/store", "basic"),
    "virtuoso": Server("virtuoso", ("/sparql-graph-crud-auth", "/sparql-graph-crud",
                                    "/sparql-auth", "/sparql"),
                       "/sparql", "/sparql-auth", "/sparql-graph-crud-auth", "digest",
                       "/sparql-auth"),
    "fuseki": Server("fuseki", ("/query", "/sparql", "/update", "/data", "/get"),
                     "/query", "/update", "/data", "basic"),
    "graphdb": Server("graphdb", ("/statements", "/rdf-graphs/service"),
                      "", "/statements", "/rdf-graphs/service", "basic"),
}


@dataclass(frozen=True)
class Endpoint:
    """The three services of one server, and how to authenticate to them."""

    kind: str
    query_url: str
    update_url: str
    store_url: str
    auth: AuthBase | None = None


def _base(url: str, server: Server) -> str:
    url = url.rstrip("/")
    for suffix in server.suffixes:
        if url.endswith(suffix):
            return url[: -len(suffix)]
    return url


def detect_kind(client: Client, url: str) -> str:
    """Tell the server's kind from its Server header (or GraphDB's /repositories/ path)."""
    url = endpoint_url(url)
    if "/repositories/" in url:
        return "graphdb"
    base = url.rstrip("/")
    for server in SERVERS.values():
        base = _base(base, server)
    header = client.request("GET", base + "/", check=False).headers.get("Server", "")
    for kind in ("oxigraph", "virtuoso", "fuseki"):
        if kind in header.lower():
            return kind
    raise EndpointError(f"cannot tell which kind of server {url} is "
                        f"(Server header: {header or 'none'!r})",
                        "pass --server oxigraph, virtuoso, fuseki or graphdb")


def resolve(client: Client, url: str, kind: str = "auto", user: str | None = None,
            password: str | None = None) -> Endpoint:
    """The query, update and store URLs of the server at url (any of its service URLs)."""
    url = endpoint_url(url)
    if kind != "auto" and kind not in SERVERS:
        raise UsageError(f"unknown server kind {kind!r}",
                         "use --server auto, " + ", ".join(SERVERS))
    if kind == "auto":
        kind = detect_kind(client, url)
    server = SERVERS[kind]
    base = _base(url, server)
    auth: AuthBase | None = None
    if user is not None:
        auth = (HTTPDigestAuth if server.auth == "digest" else HTTPBasicAuth)(user,
                                                                           password or "")
    query = server.query_with_auth if auth is not None and server.query_with_auth else server.query
    return Endpoint(kind, base + query, base + server.update, base + server.store, auth)
