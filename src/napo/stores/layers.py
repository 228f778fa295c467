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

from napo.core.namespaces import NAPO, new_graph
from napo.core.rdfio import canonical, to_oxigraph

LAYER_NAMES = ("ontology", "inferred", "curated", "claims", "mappings")
LAYER_GRAPHS: dict[str, URIRef] = {name: NAPO[f"graph/{name}"] for name in LAYER_NAMES}


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
        """Each triple kept only in the first layer (in LAYER_NAMES order) that states it."""
        seen = new_graph()
        kept: list[Graph] = []
        for graph in (ontology, inferred, curated, claims, mappings):
            own = new_graph()
            for triple in graph:
                if triple not in seen:
                    own.add(triple)
                    seen.add(triple)
            kept.append(own)
        _check_no_shared_blank_nodes(kept)
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

        stable: canonical blank-node labels and sorted order, for files that must be byte-for-
        byte reproducible; a store does not need them (and they cost seconds).
        """
        result = []
        for name, layer in self.items():
            graph_name = ox.NamedNode(str(LAYER_GRAPHS[name]))
            triples = iter(layer)
            if stable:
                if any(isinstance(node, BNode) for triple in layer for node in triple):
                    layer = canonical(layer)
                triples = iter(sorted(layer, key=lambda t: tuple(x.n3() for x in t)))
            result.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name)
                          for s, p, o in triples)
        return result


def _check_no_shared_blank_nodes(layers: list[Graph]) -> None:
    """Blank nodes get content-hash labels per layer, which is only sound if none is shared."""
    owners: dict[BNode, int] = {}
    for index, layer in enumerate(layers):
        for triple in layer:
            for node in triple:
                if isinstance(node, BNode) and owners.setdefault(node, index) != index:
                    raise ValueError(f"blank node {node} is used in layers "
                                     f"{LAYER_NAMES[owners[node]]} and {LAYER_NAMES[index]}")
