"""The knowledge graph split into its five layers, one named graph each.

Layers are made pairwise disjoint (a triple lives in the first layer that has it, in the order
below), so the union of the named graphs is the knowledge graph with no duplicate triple: a
query whose default graph is "all five layers" gives the same solutions on every store, whether
or not the store removes duplicates when it merges several default graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from napo.core.namespaces import new_graph
from napo.core.rdfio import to_oxigraph
from napo.core.serialise import canonical_quads
from napo.knowledge.graph_names import LAYER_IRIS, LAYER_NAMES

LAYER_GRAPHS: dict[str, URIRef] = {name: URIRef(iri) for name, iri in LAYER_IRIS.items()}


@dataclass
class Layers:
    ontology: Graph
    inferred: Graph
    curated: Graph
    claims: Graph
    mappings: Graph

    @classmethod
    def disjoint(cls, ontology: Graph, inferred: Graph, curated: Graph, claims: Graph,
                 mappings: Graph) -> Layers:
        """Each triple kept only in the first layer (in LAYER_NAMES order) that states it.

        A layer that repeats nothing from an earlier one is kept as given (not copied: rdflib
        adds cost ~10 µs a triple); the caller must not change it afterwards.
        """
        seen: set[tuple[Node, Node, Node]] = set()
        kept: list[Graph] = []
        fresh_sets: list[set[tuple[Node, Node, Node]]] = []
        for graph in (ontology, inferred, curated, claims, mappings):
            triples = set(graph)
            fresh = triples - seen
            if len(fresh) == len(triples):
                kept.append(graph)
            else:
                own = new_graph()
                for triple in fresh:
                    own.add(triple)
                kept.append(own)
            fresh_sets.append(fresh)
            seen |= triples
        _check_no_shared_blank_nodes(fresh_sets)
        return cls(*kept)

    def items(self) -> list[tuple[str, Graph]]:
        return [(name, getattr(self, name)) for name in LAYER_NAMES]

    def merged(self) -> Graph:
        graph = new_graph()
        for _, layer in self.items():
            graph += layer
        return graph

    def quads(self, *, stable: bool = True) -> list[ox.Quad]:
        """Every triple as a quad in its layer's named graph.

        stable: canonical (RDFC-1.0) blank-node labels, unique across the layers, and sorted
        order within each layer, for files that must be byte-for-byte reproducible; a store
        does not need them.
        """
        if stable:
            return canonical_quads((str(LAYER_GRAPHS[name]), layer) for name, layer in self.items())
        result = []
        for name, layer in self.items():
            graph_name = ox.NamedNode(str(LAYER_GRAPHS[name]))
            result.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)
                          for s, p, o in layer)
        return result


def _check_no_shared_blank_nodes(layers: list[set[tuple[Node, Node, Node]]]) -> None:
    """A layer must be loadable and replaceable on its own (napo load), so no blank node may
    belong to two of them."""
    owners: dict[BNode, int] = {}
    for index, layer in enumerate(layers):
        for triple in layer:
            for node in triple:
                if isinstance(node, BNode) and owners.setdefault(node, index) != index:
                    raise ValueError(f"blank node {node} is used in layers "
                                     f"{LAYER_NAMES[owners[node]]} and {LAYER_NAMES[index]}")
