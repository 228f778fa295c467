"""How commands get answers: a question run on the chosen engine within its time limit, and
names resolved against the built store. Shared by several command groups, so it registers no
command (napo.cli imports only the invoked command's group)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from napo.cli.options import RemoteOptions

# pyoxigraph, rdflib and the store are imported inside the functions, when a command runs.
if TYPE_CHECKING:
    from napo.core.names import Lexicon
    from napo.queries.query import CompetencyQuestion, Results

ENGINES = ("oxigraph", "rdflib")


def run_question(question: CompetencyQuestion, params: dict[str, str], engine: str,
         store: Path | None, remote: RemoteOptions | None,
         timeout: float | None = None) -> Results:
    """timeout: the embedded engines run in a worker process that is killed at the limit."""
    from napo.core.deadline import run_with_timeout
    from napo.queries.query import bindings, run_oxigraph, run_rdflib, with_values
    from napo.stores.cache import built
    from napo.stores.store import DEFAULT_DATASET, ensure_store, read_store

    values = bindings(question, params)
    if remote is not None:
        from napo.knowledge.graph_names import LAYER_IRIS
        from napo.stores.remote import Client, select
        from napo.stores.server_kinds import resolve as resolve_endpoint

        client = Client.create(timeout=remote.timeout, retries=remote.retries)
        endpoint = resolve_endpoint(client, remote.url, remote.server, remote.user,
                                    remote.password)
        graphs = remote.graphs or list(LAYER_IRIS.values())
        return select(client, endpoint, with_values(question.text, values), graphs)
    if engine == "rdflib":
        graph = built().layers().merged()  # rdflib's engine runs on its own in-memory graph
        work = lambda: run_rdflib(graph, question, values)  # noqa: E731
    elif store is not None:
        ensure_store(store)  # built here, opened in the worker (RocksDB and fork do not mix)
        work = lambda: run_oxigraph(read_store(store), question, values,  # noqa: E731
                                    DEFAULT_DATASET)
    else:
        release = built()  # the built release: no reasoning on a read command
        oxigraph, dataset = release.store, release.dataset
        work = lambda: run_oxigraph(oxigraph, question, values, dataset)  # noqa: E731
    return work() if timeout is None else run_with_timeout(work, timeout, question.name)


def names() -> Lexicon:
    """Where labels are resolved and suggestions come from: the built store (rebuilt first only
    if the inputs changed), read by pattern lookups (napo.stores.lexicon)."""
    from napo.stores.cache import built

    return built().lexicon
