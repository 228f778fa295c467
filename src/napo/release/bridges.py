"""Bridge files: NAPO's exact mappings to an OBO ontology as OWL equivalence axioms.

A user who merges NAPO with UBERON, HPO or MONDO (as Uberon ships its bridges to other
ontologies) loads napo-bridge-<prefix>.owl beside both and gets one hierarchy. Only
skos:exactMatch rows become owl:equivalentClass: a close, broad or narrow match is not an
equivalence, and asserting it as one would merge classes that differ. Each bridge is its own
ontology with its own IRI and version IRI, importing nothing (owlready2 and other tools would
try to download imports).
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from napo.core.namespaces import NAPO, new_graph
from napo.vocabularies.mappings import MappingSet

BRIDGED = ("uberon", "hp", "mondo")  # OBO ontologies with OWL releases to merge with


def bridge_name(prefix: str) -> str:
    return f"napo-bridge-{prefix}.owl"


def bridge(mapping_set: MappingSet, version: str) -> Graph:
    """The equivalence axioms of one vocabulary's exact mappings, as an ontology."""
    graph = new_graph()
    name = bridge_name(mapping_set.vocabulary)
    iri = NAPO[name]
    graph.add((iri, RDF.type, OWL.Ontology))
    graph.add((iri, OWL.versionIRI, NAPO[f"releases/{version}/{name}"]))
    graph.add((iri, DCTERMS.title, Literal(f"NAPO to {mapping_set.vocabulary.upper()} bridge",
                                           lang="en")))
    graph.add((iri, DCTERMS.source, URIRef(mapping_set.metadata.get("mapping_set_id", ""))))
    graph.add((iri, RDFS.comment, Literal(
        f"owl:equivalentClass axioms for the skos:exactMatch rows of {mapping_set.path.name}; "
        "load with NAPO and the target ontology to merge their hierarchies.", lang="en")))
    for row in mapping_set.mappings:
        if row.predicate_id == "skos:exactMatch":
            napo_class, target = mapping_set.expand(row.subject_id), mapping_set.expand(
                row.object_id)
            graph.add((napo_class, RDF.type, OWL.Class))
            graph.add((target, RDF.type, OWL.Class))
            graph.add((napo_class, OWL.equivalentClass, target))
    return graph


def bridges(mapping_sets: list[MappingSet], version: str) -> dict[str, Graph]:
    """File name -> bridge graph, for every bridged vocabulary that has mappings."""
    return {bridge_name(s.vocabulary): bridge(s, version) for s in mapping_sets
            if s.vocabulary in BRIDGED}
