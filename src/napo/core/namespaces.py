"""The namespaces NAPO uses as rdflib Namespaces, bound once so that every serialisation has the
same prefixes (the table itself is napo.core.prefixes, which imports no RDF library)."""

from __future__ import annotations

from rdflib import Graph, Namespace

from napo.core import prefixes
from napo.core.prefixes import compact, sparql_prologue

NAPO = Namespace(prefixes.PREFIXES["napo"])
VANN = Namespace(prefixes.PREFIXES["vann"])
OA = Namespace(prefixes.PREFIXES["oa"])

ONTOLOGY_IRI = NAPO["napo.owl"]

PREFIXES: dict[str, Namespace] = {p: Namespace(ns) for p, ns in prefixes.PREFIXES.items()}
VOCABULARY_PREFIXES: dict[str, Namespace] = {
    p: Namespace(ns) for p, ns in prefixes.VOCABULARY_PREFIXES.items()}


def new_graph() -> Graph:
    """An empty graph with only NAPO's prefixes bound (not rdflib's long default list).

    SimpleMemory, not rdflib's default Memory store: NAPO's graphs are plain triple sets (the
    layers are separate graphs, not contexts of one), and the context-free store fills and
    answers patterns about three times faster (docs/benchmarks.md, `napo build`)."""
    graph = Graph(store="SimpleMemory", bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


__all__ = ["NAPO", "OA", "ONTOLOGY_IRI", "PREFIXES", "VANN", "VOCABULARY_PREFIXES", "compact",
           "new_graph", "sparql_prologue"]
