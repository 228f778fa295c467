"""Counts for the build summary: classes per branch, logical axioms."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from napo.core.namespaces import NAPO

BRANCH_ROOTS = (
    NAPO.Procedure, NAPO.AnatomicalStructure, NAPO.Method, NAPO.EnergyOrAgent, NAPO.Access,
    NAPO.Guidance, NAPO.Intent, NAPO.Anaesthesia, NAPO.CareSetting, NAPO.Condition,
    NAPO.Complication, NAPO.NeuraxisLevel,
)

_AXIOM_PREDICATES = (
    RDFS.subClassOf, OWL.equivalentClass, OWL.disjointWith, RDFS.domain, RDFS.range,
    RDFS.subPropertyOf, OWL.inverseOf, OWL.propertyChainAxiom,
)
_AXIOM_TYPES = (
    OWL.AllDisjointClasses, OWL.AllDifferent, OWL.TransitiveProperty, OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty,
    OWL.ReflexiveProperty, OWL.IrreflexiveProperty,
)


def napo_classes(graph: Graph) -> set[URIRef]:
    return {c for c in graph.subjects(RDF.type, OWL.Class)
            if isinstance(c, URIRef) and c.startswith(str(NAPO))}


def logical_axiom_count(graph: Graph) -> int:
    """Logical axioms as OWL counts them, read off the RDF mapping (annotations excluded)."""
    count = sum(1 for p in _AXIOM_PREDICATES for s, _ in graph.subject_objects(p)
                if isinstance(s, URIRef))
    count += sum(1 for t in _AXIOM_TYPES for _ in graph.subjects(RDF.type, t))
    individuals = set(graph.subjects(RDF.type, OWL.NamedIndividual))
    for individual in individuals:
        for predicate, obj in graph.predicate_objects(individual):
            is_class_assertion = predicate == RDF.type and obj != OWL.NamedIndividual
            is_property_assertion = (predicate != RDF.type and predicate.startswith(str(NAPO))
                                     and not isinstance(obj, BNode))
            count += is_class_assertion or is_property_assertion
    return count


def classes_per_branch(graph: Graph) -> dict[str, int]:
    """How many NAPO classes sit under each top-level branch (from the reasoned closure)."""
    result = {}
    for root in BRANCH_ROOTS:
        members = {c for c in graph.subjects(RDFS.subClassOf, root) if isinstance(c, URIRef)}
        result[root.removeprefix(str(NAPO))] = len(members | {root}) if (
            root, RDF.type, OWL.Class) in graph else 0
    return result
