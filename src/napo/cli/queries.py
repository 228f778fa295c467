"""`napo queries` and `napo query`: competency questions on any engine."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from napo.cli.app import app, fail, out
from napo.cli.options import (
    EndpointOption,
    PasswordOption,
    RemoteOptions,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.core.deadline import run_with_timeout
from napo.core.errors import NapoError
from napo.core.namespaces import compact
from napo.knowledge.graph import knowledge_graph
from napo.knowledge.names import resolve
from napo.queries.query import (
    CompetencyQuestion,
    QueryError,
    Results,
    bindings,
    find_question,
    list_questions,
    run_oxigraph,
    run_rdflib,
    with_values,
)
from napo.queries.results import to_delimited, to_json, to_table
from napo.stores.layers import LAYER_GRAPHS
from napo.stores.remote import Client, select
from napo.stores.remote import resolve as resolve_endpoint
from napo.stores.store import DEFAULT_DATASET, ensure_store, memory_store, read_store

FORMATS = ("table", "csv", "tsv", "json")


ENGINES = ("oxigraph", "rdflib")


def run_question(question: CompetencyQuestion, params: dict[str, str], engine: str,
         store: Path | None, remote: RemoteOptions | None,
         timeout: float | None = None) -> Results:
    """timeout: the embedded engines run in a worker process that is killed at the limit."""
    values = bindings(question, params)
    if remote is not None:
        client = Client.create(timeout=remote.timeout, retries=remote.retries)
        endpoint = resolve_endpoint(client, remote.url, remote.server, remote.user,
                                    remote.password)
        graphs = remote.graphs or [str(g) for g in LAYER_GRAPHS.values()]
        return select(client, endpoint, with_values(question.text, values), graphs)
    if engine == "rdflib":
        graph = knowledge_graph()
        work = lambda: run_rdflib(graph, question, values)  # noqa: E731
    elif store is not None:
        ensure_store(store)  # built here, opened in the worker (RocksDB and fork do not mix)
        work = lambda: run_oxigraph(read_store(store), question, values,  # noqa: E731
                                    DEFAULT_DATASET)
    else:
        oxigraph = memory_store()
        work = lambda: run_oxigraph(oxigraph, question, values, DEFAULT_DATASET)  # noqa: E731
    return work() if timeout is None else run_with_timeout(work, timeout, question.name)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r} is not NAME=VALUE",
                             "e.g. --param condition=napo:Neuralgia")
        if not value.strip():  # an empty label would "resolve" to a guess
            raise QueryError(f"--param {pair!r} has no value",
                             "e.g. --param condition=napo:Neuralgia")
        params[name.strip()] = value.strip()
    return params


@app.command()
def queries() -> None:
    """List the competency questions with their titles and parameters."""
    table = Table(title="competency questions (napo query NAME)", title_justify="left")
    for column in ("name", "title", "parameters (defaults)"):
        table.add_column(column, overflow="fold")
    try:
        for q in list_questions():
            table.add_row(q.name, q.title, ", ".join(f"{k}={v}" for k, v in q.params.items()))
    except NapoError as error:
        fail(error)
    out.print(table)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A competency question name or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="NAME=VALUE: a CURIE, <IRI>, \"literal\" or class label.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
    engine: Annotated[str, typer.Option(help="oxigraph (default) or rdflib.")] = "oxigraph",
    store: Annotated[Path | None, typer.Option(
        help="Keep the embedded store in this directory (built once, rebuilt when the "
             "ontology or data/ change) instead of in memory.")] = None,
    endpoint: EndpointOption = None,
    graph: Annotated[list[str] | None, typer.Option(
        "--graph", help="With --endpoint: the graph(s) to query as the default graph "
                        "(default: the five NAPO layer graphs that `napo load` writes).")] = None,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a competency question on pyoxigraph (default), rdflib or a remote SPARQL endpoint."""
    try:
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}", "use " + ", ".join(FORMATS))
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}", "use " + ", ".join(ENGINES))
        if endpoint and (store or engine != "oxigraph"):
            raise QueryError("--endpoint cannot be combined with --store or --engine",
                             "the remote server is the engine")
        question = find_question(name)
        params = _parse_params(param or [])
        for key, value in params.items():  # a plain name (a label) is looked up as a class
            if not value.startswith(("<", '"')) and ":" not in value:
                params[key] = compact(str(resolve(knowledge_graph(), value, None)))
        remote = RemoteOptions(endpoint, server, user, password, timeout,
                               graphs=graph or []) if endpoint else None
        results = run_question(question, params, engine, store, remote, timeout)
    except NapoError as error:
        fail(error)
    if fmt == "json":
        sys.stdout.write(to_json(results) + "\n")
    elif fmt in ("csv", "tsv"):
        sys.stdout.write(to_delimited(results, "," if fmt == "csv" else "\t"))
    else:
        out.print(to_table(results, f"{question.title} ({len(results.rows)} rows)"))
