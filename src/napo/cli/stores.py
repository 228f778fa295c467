"""`napo load` and `napo serve`: the knowledge graph in someone else's server, or in our own."""

from __future__ import annotations

import signal
import webbrowser
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from napo.cli.options import (
    EndpointOption,
    PasswordOption,
    RetriesOption,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.cli.root import app, err, escape, fail, out
from napo.core.errors import NapoError, UsageError

# The stores, HTTP clients and RDF libraries are imported inside the commands, when one runs:
# importing them here would make every `napo --help` pay for them. The two defaults below
# are copies (help must show them without importing their modules); a test keeps them equal
# to napo.stores.servers.LOOPBACK and napo.stores.staging.STALE_AFTER.
LOOPBACK = "127.0.0.1"
STALE_AFTER_MINUTES = 60.0


@app.command()
def load(
    endpoint: EndpointOption = None,
    graph: Annotated[str | None, typer.Option(
        metavar="IRI", help="Put everything into this one named graph, an absolute IRI such as "
             "https://example.org/graphs/napo (default: one graph per layer, "
             "https://w3id.org/napo/graph/ontology ... /mappings, as in dist/napo.nq).")] = None,
    replace: Annotated[bool, typer.Option(
        help="Replace the target graph(s) instead of adding to them; readers see the old "
             "or the new graph, never a mix. Without it, a target that already holds "
             "triples gets no blank-node triples (they would be duplicated): the load is "
             "refused.")] = False,
    records: Annotated[list[Path] | None, typer.Option(
        "--records", metavar="FILE",
        help="Load these registry record files (.nt or .ttl, as napo ingest --out writes "
             "them; repeatable, streamed in parts) into the registry graph "
             "https://w3id.org/napo/graph/registry (or --graph) instead of the knowledge "
             "layers.")] = None,
    clean_staging_graphs: Annotated[bool, typer.Option(
        "--clean-staging", help="Load nothing: remove the staging graphs that failed loads "
                                "left for the target graph(s) (only <target>-staging-<NAPO "
                                "token> graphs older than --older-than).")] = False,
    older_than: Annotated[float, typer.Option(
        metavar="MINUTES",
        help="Minutes after which a staging graph is left-over debris, for --clean-staging "
             "and the sweep every load does first (a younger one may belong to a load that "
             "is still running).")] = STALE_AFTER_MINUTES,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 300.0,
    retries: RetriesOption = 3,
) -> None:
    """Load the knowledge graph (or registry records) into a SPARQL 1.1 server (Graph Store
    Protocol + Update)."""
    from napo.knowledge.layers import LAYER_GRAPHS
    from napo.queries.query import QueryError
    from napo.registry.model import REGISTRY_GRAPH
    from napo.stores.cache import built
    from napo.stores.load import Target, targets
    from napo.stores.load import load as run_load
    from napo.stores.load_files import check_file
    from napo.stores.remote import Client
    from napo.stores.server_kinds import resolve as resolve_endpoint
    from napo.stores.staging import clean_staging, target_iri
    from napo.stores.terms import endpoint_url

    try:
        if not endpoint:
            raise QueryError("napo load needs --endpoint URL",
                             "e.g. napo load --endpoint http://127.0.0.1:7878 --replace")
        # Every argument is checked before the first request is sent.
        endpoint_url(endpoint)
        if graph is not None:
            target_iri(graph)
        if not older_than >= 0:
            raise UsageError(f"--older-than {older_than} is not a number of minutes >= 0",
                             "e.g. --older-than 60 (0 removes every staging graph)")
        if clean_staging_graphs and replace:
            raise UsageError("--clean-staging loads nothing, so --replace means nothing "
                             "with it", "run napo load --replace separately")
        files = tuple(check_file(path) for path in records or [])
        client = Client.create(timeout=timeout, retries=retries)
        if clean_staging_graphs:
            chosen = ([graph] if graph is not None else [REGISTRY_GRAPH] if files
                      else [str(g) for g in LAYER_GRAPHS.values()])
            target = resolve_endpoint(client, endpoint, server, user, password)
            removed, kept = clean_staging(client, target, chosen, older_than * 60)
        else:
            chosen_targets = ([Target(graph or REGISTRY_GRAPH, files=files)] if files
                              else targets(built().layers(), graph))  # the built store
            target = resolve_endpoint(client, endpoint, server, user, password)
            report = run_load(client, target, chosen_targets, replace=replace,
                              progress=lambda step: err.print(f"  {escape(step)}", highlight=False),
                              stale_after=older_than * 60)
    except NapoError as error:
        fail(error)
    where = escape(f"{target.kind} at {target.store_url}")
    if clean_staging_graphs:
        for name in removed:
            out.print(escape(f"removed <{name}>"), highlight=False)
        for name, age in sorted(kept.items()):
            out.print(escape(f"kept <{name}>: {age / 60:.0f} min old, a load may still be "
                             "using it (--older-than 0 removes it)"), highlight=False)
        out.print(f"{len(removed)} staging graph(s) removed, {len(kept)} kept ({where}); "
                  "no other graph was touched", highlight=False)
        return
    for iri, held in report.graphs.items():
        sent = report.sent[iri]
        if report.replaced:
            line = f"replaced <{iri}>: {held} triples" + ("" if held == sent else
                                                          f" now ({sent} sent)")
        else:
            line = (f"added to <{iri}>: {sent} triples sent, the graph now holds {held} "
                    f"(was {report.before.get(iri, 0)})")
        out.print(f"{escape(line)} ({where})", highlight=False)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _origins(values: list[str]) -> list[str]:
    """--cors values: each one exact origin (scheme://host[:port]); never * or null."""
    for value in values:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("",):
            raise UsageError(f"--cors {value!r} is not an origin",
                              "give scheme://host[:port] exactly, e.g. --cors "
                              "https://example.org (a wildcard would let every web page query "
                              "through your browser)")
    return values


@app.command()
def serve(
    host: Annotated[str, typer.Option(metavar="ADDRESS",
                                      help="Address to listen on (loopback by default).")
                    ] = LOOPBACK,
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 7878,
    store: Annotated[Path | None, typer.Option(
        metavar="DIR",
        help="Serve this store directory (built or refreshed first, kept afterwards; a rebuild "
             "by `napo query --store` is picked up); default: the built store's own.")] = None,
    open_page: Annotated[bool, typer.Option(
        "--open", help="Open the web pages (terms, questions, comparisons) in a browser.")
    ] = False,
    timeout: Annotated[float, typer.Option(
        metavar="SECONDS",
        help="Seconds a query may run; a longer one is stopped (its CPU freed) and answered "
             "with HTTP 500.")] = 30.0,
    cors: Annotated[list[str] | None, typer.Option(
        "--cors", metavar="ORIGIN",
        help="Let web pages from this origin (e.g. https://example.org) query the "
             "endpoint; repeatable. Off by default.")] = None,
) -> None:
    """A read-only SPARQL 1.1 endpoint over the knowledge graph, until Ctrl-C.

    Oxigraph answers behind a front server that refuses SERVICE, updates and writes.

    Queries that run longer than --timeout are stopped; no request ever leaves the machine.
    """
    from napo.core.resources import project_root
    from napo.site.api import Api
    from napo.site.cache import cached_site
    from napo.stores.cache import built
    from napo.stores.endpoint import Endpoint
    from napo.stores.store import served_store

    with ExitStack() as held:  # the built store stays ours until the server stops
        try:
            origins = _origins(cors or [])
            location = held.enter_context(served_store(store))
            site = cached_site(project_root() / "dist")  # rendered once per input
            endpoint = Endpoint(location, host=host, port=port, timeout=timeout, cors=origins,
                                files=site, routes=Api(built).routes())
        except NapoError as error:
            fail(error)
        sandboxed = endpoint.backend.current().server.sandboxed
        out.print(f"SPARQL endpoint   {endpoint.query_url}  (read-only: updates get HTTP 403, "
                  "SERVICE gets HTTP 400)\n"
                  f"web pages         {endpoint.base_url}/docs/  (terms, sources, questions, "
                  "comparisons)\n"
                  f"questions         {endpoint.base_url}/docs/questions.html  (each with "
                  "its SPARQL, run in place or opened in the editor)\n"
                  f"query editor      {endpoint.base_url}/\n"
                  f"store             {location}\n"
                  f"limits            {timeout:g} s per query; no outbound requests (connect "
                  f"denied by seccomp: {'yes' if sandboxed else 'no'}); cross-origin: "
                  f"{', '.join(origins) or 'off'}\n"
                  "Ctrl-C stops the server.", highlight=False, soft_wrap=True)
        if open_page:
            webbrowser.open(f"{endpoint.base_url}/docs/")
        # SIGTERM (kill, systemd, CI) must stop the server too, not orphan its child.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            endpoint.stop()
