"""Turn what the reasoner entails into plain triples, as Ubergraph does.

Two kinds of edge are written so that ordinary SPARQL needs no OWL:
- the subclass closure (C rdfs:subClassOf every named ancestor) and inferred equivalences;
- existential edges: if C is a subclass of (P some D) or (P value i), the triple C P D (or C P i),
  inherited from every ancestor of C, widened to every named ancestor of D, and chained through
  transitive properties such as part-of; for P some (A or B), the named classes above both.

This is sound but not complete for OWL (it reads told restrictions only, not ones entailed by
other axioms); for NAPO's restrictions, which are all simple someValuesFrom/hasValue on named
fillers, it gives what relation-graph would.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from napo.core.namespaces import new_graph
from napo.ontology.reasoner import Classification

Filler = URIRef | frozenset[URIRef]  # a named class, or the members of a union of them
Edge = tuple[URIRef, Filler]  # (property, filler)


def _restriction_edge(graph: Graph, node: Node) -> Edge | None:
    if not isinstance(node, BNode) or (node, RDF.type, OWL.Restriction) not in graph:
        return None
    prop = graph.value(node, OWL.onProperty)
    filler = graph.value(node, OWL.someValuesFrom) or graph.value(node, OWL.hasValue)
    if not isinstance(prop, URIRef):
        return None
    if isinstance(filler, URIRef):
        return prop, filler
    members = graph.value(filler, OWL.unionOf) if isinstance(filler, BNode) else None
    union = list(Collection(graph, members)) if members else []
    if union and all(isinstance(m, URIRef) for m in union):
        return prop, frozenset(union)  # P some (A or B): widened to what A and B share
    return None


def told_edges(graph: Graph) -> dict[URIRef, set[Edge]]:
    """Existential restrictions each named class states directly (subClassOf or definition)."""
    edges: dict[URIRef, set[Edge]] = defaultdict(set)
    for cls in set(graph.subjects(RDF.type, OWL.Class)):
        if not isinstance(cls, URIRef):
            continue
        expressions = list(graph.objects(cls, RDFS.subClassOf))
        for definition in graph.objects(cls, OWL.equivalentClass):
            members = graph.value(definition, OWL.intersectionOf)
            expressions.extend(Collection(graph, members) if members else [definition])
        for expression in expressions:
            if edge := _restriction_edge(graph, expression):
                edges[cls].add(edge)
    return edges


def materialise(graph: Graph, classification: Classification) -> Graph:
    """Return only the inferred triples (closure, equivalences, existential edges)."""
    inferred = new_graph()
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    ancestors = {c: classification.ancestors(c) for c in classes}
    for cls in sorted(classes):
        for ancestor in ancestors[cls]:
            inferred.add((cls, RDFS.subClassOf, ancestor))
        for equivalent in classification.equivalents.get(cls, ()):
            if equivalent in classes:
                inferred.add((cls, OWL.equivalentClass, equivalent))

    transitive = set(graph.subjects(RDF.type, OWL.TransitiveProperty))
    told = told_edges(graph)

    def up(filler: URIRef) -> set[URIRef]:
        return {filler, *ancestors.get(filler, ())}

    def widened(edges: set[Edge]) -> set[tuple[URIRef, URIRef]]:
        """Every named ancestor of a filler; for a union, the ancestors all members share
        (C ⊑ P some (A ⊔ B) entails C ⊑ P some X exactly for the X above both A and B)."""
        result = set()
        for p, f in edges:
            fillers = up(f) if isinstance(f, URIRef) else set.intersection(*(up(m) for m in f))
            result |= {(p, a) for a in fillers}
        return result

    closed: dict[URIRef, set[tuple[URIRef, URIRef]]] = {
        c: widened(set().union(told.get(c, set()), *(told.get(a, set()) for a in ancestors[c])))
        for c in classes
    }
    changed = True
    while changed:  # chain transitive properties: C partOf D, D partOf E => C partOf E
        changed = False
        for edges in closed.values():
            extra = {(p, f2) for p, f in edges if p in transitive
                     for p2, f2 in closed.get(f, ()) if p2 == p} - edges
            if extra:
                edges |= extra
                changed = True
    for cls in sorted(closed):
        for prop, filler in closed[cls]:
            inferred.add((cls, prop, filler))
    return inferred
