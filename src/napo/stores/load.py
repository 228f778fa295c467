"""`napo load`: push the knowledge graph into a SPARQL 1.1 server so readers never see half of it.

Every target graph is first uploaded whole into a fresh staging graph (Graph Store Protocol PUT)
and its triple count checked; only then does one SPARQL Update request move (--replace) or add
every staging graph into its target. Until that request, readers see the previous data; if any
step fails, the staging graphs are dropped (retried while the server does not answer) and the
targets are as they were. Staging graphs that a dead server kept are removed by the next load
once they are old, or by `napo load --clean-staging`.

Add mode (no --replace) is refused for a target that already holds triples when what is added
has blank nodes: the server gives every load fresh blank nodes, so each load would add another
copy of every OWL restriction and list. NAPO keeps those blank nodes (OWL tools need them as
blank nodes; see the README) instead of skolemising them.

Staging graphs are named, aged and swept by napo.stores.staging. Registry record files
(`napo load --records`) are staged the same way, but streamed: the first body is PUT into the
staging graph and the rest POSTed to it (napo.stores.load_files cuts the file), so a 5.5 GB
file is never in memory. They have no blank nodes, so a POST that is sent
twice adds nothing twice and may be retried.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph

from napo.core.errors import EXIT_BAD_INPUT, InputError, Location, NapoError
from napo.core.rdfio import to_oxigraph
from napo.knowledge.layers import LAYER_GRAPHS, Layers
from napo.stores.load_files import bodies
from napo.stores.remote import Client, EndpointError, put_graph, select, update
from napo.stores.server_kinds import Endpoint
from napo.stores.staging import STALE_AFTER, clean_staging, drop_graphs, staging_iri, target_iri
from napo.stores.terms import iri_term


class LoadRefused(NapoError):
    """A load that would make the target wrong (duplicate blank nodes); nothing was sent."""

    exit_code = EXIT_BAD_INPUT


@dataclass(frozen=True)
class Target:
    """A graph to fill: from an rdflib graph (a knowledge layer), or from record files
    streamed in parts (files; triples is then None)."""

    graph: str
    triples: Graph | None = None
    files: tuple[Path, ...] = ()


@dataclass
class LoadReport:
    graphs: dict[str, int] = field(default_factory=dict)  # target -> triples it holds now
    replaced: bool = False
    sent: dict[str, int] = field(default_factory=dict)  # target -> triples uploaded
    before: dict[str, int] = field(default_factory=dict)  # add mode: target -> triples before
    removed: list[str] = field(default_factory=list)  # old staging graphs swept first


def targets(layers: Layers, graph: str | None) -> list[Target]:
    """One target per layer (the layer graph IRIs), or everything merged into graph."""
    if graph is not None:
        return [Target(target_iri(graph), layers.merged())]
    return [Target(str(LAYER_GRAPHS[name]), layer) for name, layer in layers.items()]


def _n_triples(graph: Graph) -> bytes:
    return ox.serialize((ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                         for s, p, o in graph), format=ox.RdfFormat.N_TRIPLES)


def blank_node_triples(graph: Graph) -> int:
    return sum(1 for triple in graph if any(isinstance(node, BNode) for node in triple))


def count(client: Client, endpoint: Endpoint, graph: str) -> int:
    results = select(client, endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH "
                     f"{iri_term(graph)} {{ ?s ?p ?o }} }}", [])
    cell = results.rows[0][0] if results.rows and results.rows[0] else None
    if cell is None:
        return 0
    try:
        return int(cell[1])
    except ValueError as error:
        raise EndpointError(f"{endpoint.query_url} answered a triple count that is not a "
                            f"number: {cell[1][:80]!r}",
                            "check that the URL is a SPARQL endpoint") from error


def _swap(staged: dict[str, str], replace: bool) -> str:
    """One update request (one transaction on the server) that publishes every staging graph."""
    pairs = [(iri_term(s), iri_term(t)) for t, s in staged.items()]
    if replace:
        return " ;\n".join(f"MOVE {s} TO {t}" for s, t in pairs)
    return " ;\n".join(f"ADD {s} TO {t} ;\nDROP GRAPH {s}" for s, t in pairs)


def _refuse_duplicates(client: Client, endpoint: Endpoint, chosen: list[Target]) -> dict[str, int]:
    """Count the targets; refuse to add blank-node triples to a target that holds any triple
    (record files refuse blank nodes themselves, napo.stores.load_files)."""
    before = {t.graph: count(client, endpoint, t.graph) for t in chosen}
    clashes = [(t, blank_node_triples(t.triples)) for t in chosen
               if before[t.graph] and t.triples is not None]
    clashes = [(t, n) for t, n in clashes if n]
    if clashes:
        named = "; ".join(f"<{t.graph}> already holds {before[t.graph]} triples and {n} of the "
                          f"{len(t.triples)} to add have blank nodes" for t, n in clashes)
        raise LoadRefused(
            f"refusing to add: {named} (OWL restrictions and lists); the server would give "
            "them new blank nodes, so every load would add another copy; nothing was changed",
            "add --replace to replace the graph (readers see the old or the new graph, never a "
            "mix), or load into an empty graph with --graph IRI")
    return before


def load(client: Client, endpoint: Endpoint, chosen: list[Target], *, replace: bool,
         progress: Callable[[str], None] = lambda step: None,
         stale_after: float = STALE_AFTER) -> LoadReport:
    """Stage, check, then publish every target in one update; see the module docstring."""
    staged = {target_iri(t.graph): staging_iri(t.graph) for t in chosen}
    report = LoadReport(replaced=replace)
    sent: list[str] = []  # staging graphs a PUT was sent for (it may have landed, even if failed)
    try:
        if not replace:
            report.before = _refuse_duplicates(client, endpoint, chosen)
        report.removed, _ = clean_staging(client, endpoint, list(staged), stale_after)
        if report.removed:
            progress(f"removed {len(report.removed)} staging graph(s) left by earlier failed "
                     "loads: " + ", ".join(report.removed))
        for target in chosen:
            staging = staged[target.graph]
            sent.append(staging)
            report.sent[target.graph] = sent_now = _upload(client, endpoint, staging, target,
                                                           progress)
            stored = count(client, endpoint, staging)
            if stored != sent_now:
                raise EndpointError(f"{endpoint.store_url} stored {stored} of "
                                    f"{sent_now} triples in {staging}",
                                    "the server changed the data on load (or a record file "
                                    "repeats triples: the server keeps one of each); nothing "
                                    "was published")
            progress(f"staged {target.graph} ({stored} triples)")
    except EndpointError as error:
        raise _failed(client, endpoint, sent, error,
                      "the target graph(s) were not changed") from error
    except InputError:  # a record file broke off mid-way: its staging graph goes too
        with contextlib.suppress(EndpointError):  # else the next load sweeps it in an hour
            drop_graphs(client, endpoint, sent)
        raise
    try:
        update(client, endpoint, _swap(staged, replace))
    except EndpointError as error:
        if error.delivered is not None:  # refused, or never sent: nothing was published
            raise _failed(client, endpoint, sent, _too_big(error),
                          "the target graph(s) were not changed") from error
        # The update may still be running: dropping its sources now could make a MOVE empty
        # its target (Virtuoso moves a missing graph as an empty one), so they stay for the
        # sweep.
        raise _failed(client, endpoint, [], error,
                      "the server applies that one update whole or not at all, so every target "
                      "holds either its previous or its new data: rerun napo load to be sure",
                      left=sent) from error
    progress("published " + ", ".join(staged))
    try:
        report.graphs = {t.graph: count(client, endpoint, t.graph) for t in chosen}
    except EndpointError as error:
        raise EndpointError(error.message + "; this happened after publishing, so the targets "
                            "hold the new data but could not be counted", error.hint) from error
    return report


def _upload(client: Client, endpoint: Endpoint, staging: str, target: Target,
            progress: Callable[[str], None]) -> int:
    """Fill the staging graph with target's triples; return how many were sent."""
    if target.triples is not None:
        put_graph(client, endpoint, staging, _n_triples(target.triples))
        return len(target.triples)
    sent = 0
    for path in target.files:
        for body in bodies(path):
            if not body.triples:
                continue
            try:
                if sent:  # idempotent: no blank nodes, so a repeated POST adds nothing
                    client.request("POST", endpoint.store_url, auth=endpoint.auth,
                                   params={"graph": staging}, data=body.data, idempotent=True,
                                   headers={"Content-Type": "text/turtle; charset=utf-8"})
                else:
                    put_graph(client, endpoint, staging, body.data)
            except EndpointError as error:
                where = body.where()
                raise EndpointError(f"{where}: {error.message}", error.hint,
                                    status=error.status, delivered=error.delivered) from error
            sent += body.triples
        progress(f"sent {path} ({sent} triples so far)")
    if not sent:
        names = ", ".join(str(p) for p in target.files)
        raise InputError(Location(Path(names)), "holds no triples",
                         "give the file napo ingest --out wrote")
    return sent


def _too_big(error: EndpointError) -> EndpointError:
    """Virtuoso refuses a transaction whose log grows past TransactionAfterImageLimit (50 MB
    by default: ~10^5 registry records); say which setting to raise."""
    if "SR325" not in error.message:
        return error
    return EndpointError(error.message, "the one update that publishes the graph(s) is one "
                         "transaction: raise TransactionAfterImageLimit (bytes) in the "
                         "[Parameters] section of virtuoso.ini (at most 2000000000: a larger "
                         "value wrapped to a tiny limit here) and restart Virtuoso",
                         status=error.status, delivered=error.delivered)


def _failed(client: Client, endpoint: Endpoint, drop: list[str], error: EndpointError,
            outcome: str, left: list[str] | None = None) -> EndpointError:
    """The error to raise after a failed load, once the staging graphs in drop are dropped
    (retried while the server does not answer); left: staging graphs kept on purpose."""
    kept = list(left or [])
    try:
        drop_graphs(client, endpoint, drop)
    except EndpointError:
        kept += drop
    hint = error.hint
    if kept:
        hint = (f"{hint}; the staging graph(s) " + ", ".join(f"<{g}>" for g in kept) +
                " may be left on the server: once it answers, `napo load --clean-staging "
                "--older-than 0` removes them (or any load does, after an hour)").lstrip("; ")
    return EndpointError(f"{error.message}; {outcome}", hint, status=error.status,
                         delivered=error.delivered)
