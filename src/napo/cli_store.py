"""`napo load` and `napo serve`: the knowledge graph in someone else's server, or in our own."""

from __future__ import annotations

import signal
import tempfile
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from napo.cli import _fail, app, err, out
from napo.cli_options import (
    EndpointOption,
    PasswordOption,
    RetriesOption,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.errors import NapoError
from napo.knowledge import knowledge_layers
from napo.load import load as run_load
from napo.load import targets
from napo.query import QueryError, list_questions
from napo.querypage import render
from napo.remote import Client
from napo.remote import resolve as resolve_endpoint
from napo.servers import LOOPBACK, start_oxigraph
from napo.store import ensure_store


@app.command()
def load(
    endpoint: EndpointOption = None,
    graph: Annotated[str | None, typer.Option(
        help="Put everything into this one named graph (default: one graph per layer, "
             "https://w3id.org/napo/graph/ontology ... /mappings, as in dist/napo.nq).")] = None,
    replace: Annotated[bool, typer.Option(
        help="Replace the target graph(s) instead of adding to them; readers see the old "
             "or the new graph, never a mix.")] = False,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 300.0,
    retries: RetriesOption = 3,
) -> None:
    """Load the knowledge graph into a SPARQL 1.1 server (Graph Store Protocol + Update)."""
    try:
        if not endpoint:
            raise QueryError("napo load needs --endpoint URL",
                             "e.g. napo load --endpoint http://127.0.0.1:7878 --replace")
        client = Client.create(timeout=timeout, retries=retries)
        target = resolve_endpoint(client, endpoint, server, user, password)
        chosen = targets(knowledge_layers(), graph)
        report = run_load(client, target, chosen, replace=replace,
                          progress=lambda step: err.print(f"  {step}", highlight=False))
    except NapoError as error:
        _fail(error)
    verb = "replaced" if report.replaced else "added to"
    for iri, count in report.graphs.items():
        out.print(f"{verb} <{iri}>: {count} triples ({target.kind} at {target.store_url})",
                  highlight=False)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")]
    = LOOPBACK,
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    store: Annotated[Path | None, typer.Option(
        help="Serve this store directory (built or refreshed first, kept afterwards); "
             "default: a temporary one.")] = None,
    open_page: Annotated[bool, typer.Option(
        "--open", help="Open the competency-question page in a browser.")] = False,
) -> None:
    """A read-only SPARQL 1.1 endpoint (Oxigraph server) over the knowledge graph, until Ctrl-C."""
    with tempfile.TemporaryDirectory(prefix="napo-serve-") as scratch:
        location = Path(store) if store is not None else Path(scratch) / "store"
        try:
            ensure_store(location)
            running = start_oxigraph(location, host=host, port=port, read_only=True, cors=True,
                                     union_default_graph=True)
        except NapoError as error:
            _fail(error)
        page = Path(scratch) / "napo-queries.html"
        page.write_text(render(list_questions(), running.query_url), encoding="utf-8")
        out.print(f"SPARQL endpoint   {running.query_url}  (read-only; updates get HTTP 403)\n"
                  f"query editor      {running.base_url}/\n"
                  f"questions page    {page.as_uri()}\n"
                  f"store             {location}\n"
                  "Ctrl-C stops the server.", highlight=False)
        if open_page:
            webbrowser.open(page.as_uri())
        # SIGTERM (kill, systemd, CI) must stop the server too, not orphan it.
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            running.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            running.stop()
        if running.process.returncode not in (0, -2, -15, None):
            err.print(f"[bold red]error:[/] the server stopped with code "
                      f"{running.process.returncode}", highlight=False)
            raise typer.Exit(1)
