"""An rdflib Graph that reads a pyoxigraph store in place, without copying it.

The code that resolves names, explains PCS codes or quotes a claim's span walks a graph with
rdflib's API (`value`, `objects`, `in`). Copying the built store into an rdflib Graph costs
~0.3 s per command (rdflib adds ~30k triples to its indexes); this read-only rdflib Store plugin
answers each pattern with one pyoxigraph lookup instead, so the same code runs unchanged on the
built store in microseconds per call. The view is the union of the store's named graphs: the
five layers are disjoint (napo.knowledge.layers), so no triple comes back twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.store import Store
from rdflib.term import Node

from napo.core.rdfio import to_oxigraph, to_rdflib


class OxigraphView(Store):
    """A read-only rdflib Store over a pyoxigraph Store (all its graphs as one)."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: ox.Store) -> None:
        super().__init__()
        self._store = store
        self._prefixes: dict[str, URIRef] = {}

    def triples(self, triple_pattern: tuple[Any, Any, Any], context: Any = None
                ) -> Iterator[tuple[tuple[Node, Node, Node], Iterator[Any]]]:
        pattern = [None if term is None else _term(term) for term in triple_pattern]
        if any(term is _UNMATCHABLE for term in pattern):
            return
        try:
            quads = self._store.quads_for_pattern(*pattern)
        except TypeError:  # e.g. a literal as subject: matches nothing
            return
        for quad in quads:
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate),
                   to_rdflib(quad.object)), iter(())

    def __len__(self, context: Any = None) -> int:
        return len(self._store)

    def add(self, triple: Any, context: Any = None, quoted: bool = False) -> None:
        raise TypeError("the built store is read-only: change the sources and rebuild")

    def remove(self, triple: Any, context: Any = None) -> None:
        raise TypeError("the built store is read-only: change the sources and rebuild")

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        if override or prefix not in self._prefixes:
            self._prefixes[prefix] = namespace

    def namespace(self, prefix: str) -> URIRef | None:
        return self._prefixes.get(prefix)

    def prefix(self, namespace: URIRef) -> str | None:
        return next((p for p, n in self._prefixes.items() if n == namespace), None)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._prefixes.items()


_UNMATCHABLE = object()  # a pattern term no RDF store can hold (a variable, a literal subject)


def _term(term: Node) -> Any:
    try:
        return to_oxigraph(term)
    except (TypeError, ValueError):
        return _UNMATCHABLE


def view(store: ox.Store) -> Graph:
    """store as a read-only rdflib Graph (SPARQL on it is rdflib's: use the store for that)."""
    return Graph(store=OxigraphView(store))
