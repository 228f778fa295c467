"""`napo load`: push the knowledge graph into a SPARQL 1.1 server so readers never see half of it.

Every target graph is first uploaded whole into a fresh staging graph (Graph Store Protocol PUT)
and its triple count checked; only then does one SPARQL Update request move (--replace) or add
every staging graph into its target. Until that request, readers see the previous data; if any
step fails, the staging graphs are dropped (when the server still answers) and the targets are
as they were.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from napo.layers import LAYER_GRAPHS, Layers
from napo.rdfio import to_oxigraph
from napo.remote import Client, Endpoint, EndpointError, put_graph, select, update


@dataclass(frozen=True)
class Target:
    graph: str
    triples: Graph


@dataclass
class LoadReport:
    graphs: dict[str, int] = field(default_factory=dict)  # target graph -> triples
    replaced: bool = False


def targets(layers: Layers, graph: str | None) -> list[Target]:
    """One target per layer (the layer graph IRIs), or everything merged into graph."""
    if graph is not None:
        return [Target(graph, layers.merged())]
    return [Target(str(LAYER_GRAPHS[name]), layer) for name, layer in layers.items()]


def _n_triples(graph: Graph) -> bytes:
    return ox.serialize((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                         for s, p, o in graph), format=ox.RdfFormat.N_TRIPLES)


def count(client: Client, endpoint: Endpoint, graph: str) -> int:
    results = select(client, endpoint,
                     f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", [])
    cell = results.rows[0][0] if results.rows else None
    return int(cell[1]) if cell else 0


def _swap(staged: dict[str, str], replace: bool) -> str:
    """One update request (one transaction on the server) that publishes every staging graph."""
    if replace:
        return " ;\n".join(f"MOVE <{s}> TO <{t}>" for t, s in staged.items())
    return " ;\n".join(f"ADD <{s}> TO <{t}> ;\nDROP GRAPH <{s}>" for t, s in staged.items())


def load(client: Client, endpoint: Endpoint, chosen: list[Target], *, replace: bool,
         progress: Callable[[str], None] = lambda step: None) -> LoadReport:
    """Stage, check, then publish every target in one update; see the module docstring."""
    token = uuid.uuid4().hex[:12]
    staged = {t.graph: f"{t.graph}-staging-{token}" for t in chosen}
    try:
        for target in chosen:
            staging = staged[target.graph]
            put_graph(client, endpoint, staging, _n_triples(target.triples))
            stored = count(client, endpoint, staging)
            if stored != len(target.triples):
                raise EndpointError(f"{endpoint.store_url} stored {stored} of "
                                    f"{len(target.triples)} triples in {staging}",
                                    "the server changed the data on load; nothing was published")
            progress(f"staged {target.graph} ({stored} triples)")
        update(client, endpoint, _swap(staged, replace))
        progress("published " + ", ".join(staged))
    except EndpointError as error:
        _drop_quietly(client, endpoint, list(staged.values()))
        raise EndpointError(error.message + "; the target graph(s) were not changed",
                            error.hint) from error
    return LoadReport({t.graph: len(t.triples) for t in chosen}, replace)


def _drop_quietly(client: Client, endpoint: Endpoint, graphs: list[str]) -> None:
    """Best effort: a server that died cannot drop anything, and a staging graph is harmless."""
    with contextlib.suppress(EndpointError):
        update(client, endpoint, " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
