"""OBO and SKOS annotations generated from the one edit source, so both tool families see them.

The edit file writes definitions as skos:definition and synonyms as scoped oboInOwl synonyms.
OBO tools (OAK, pronto, OLS, ROBOT) read IAO:0000115 and oboInOwl:has*Synonym; SKOS tools read
skos:definition and skos:altLabel. The release carries both; this module adds the missing half,
plus oboInOwl:hasDbXref for every exact or close mapping of data/mappings/.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from napo.core.namespaces import NAPO, VOCABULARY_PREFIXES, new_graph

OBO = Namespace("http://purl.obolibrary.org/obo/")
OBO_IN_OWL = Namespace("http://www.geneontology.org/formats/oboInOwl#")
DEFINITION = OBO["IAO_0000115"]
SYNONYM_SCOPES: dict[URIRef, str] = {
    OBO_IN_OWL.hasExactSynonym: "EXACT",
    OBO_IN_OWL.hasRelatedSynonym: "RELATED",
    OBO_IN_OWL.hasNarrowSynonym: "NARROW",
    OBO_IN_OWL.hasBroadSynonym: "BROAD",
}
XREF = OBO_IN_OWL.hasDbXref
XREF_PREDICATES = (SKOS.exactMatch, SKOS.closeMatch)

# OBO-style prefixes for cross-references (OBO Foundry's upper-case convention; for the OBO
# vocabularies they are also bioregistry's preferred prefixes).
XREF_PREFIXES = {prefix: prefix.upper() for prefix in VOCABULARY_PREFIXES}


def synonyms(graph: Graph, subject: URIRef) -> list[tuple[str, Literal]]:
    """(scope, text) of every scoped synonym of subject, sorted for stable output."""
    return sorted((scope, text) for predicate, scope in SYNONYM_SCOPES.items()
                  for text in graph.objects(subject, predicate) if isinstance(text, Literal))


def xref_curie(iri: URIRef) -> str | None:
    """UBERON:0002240 for an UBERON IRI; None outside NAPO's mapped vocabularies."""
    matches = [(len(str(ns)), prefix) for prefix, ns in VOCABULARY_PREFIXES.items()
               if str(iri).startswith(str(ns))]
    if not matches:
        return None
    length, prefix = max(matches)
    return f"{XREF_PREFIXES[prefix]}:{str(iri)[length:]}"


def obo_annotations(ontology: Graph, mappings: Graph | None = None) -> Graph:
    """IAO definitions, SKOS alternative labels and database cross-references to add.

    Only NAPO's own terms are annotated: imported terms keep what their source gave them.
    Cross-references need the mapping tables; without them (a quick query path) none are added.
    """
    added = new_graph()
    own = {s for s in ontology.subjects(RDFS.label, None)
           if isinstance(s, URIRef) and str(s).startswith(str(NAPO))}
    for subject in own:
        for definition in ontology.objects(subject, SKOS.definition):
            added.add((subject, DEFINITION, definition))
        for _, text in synonyms(ontology, subject):
            added.add((subject, SKOS.altLabel, text))
    for predicate in XREF_PREDICATES if mappings is not None else ():
        for subject, target in mappings.subject_objects(predicate):
            if subject in own and (curie := xref_curie(target)):
                added.add((subject, XREF, Literal(curie)))
    # Declared here even when an import module declares them too: napo-base.owl carries no
    # imports and must still declare every annotation property it uses to be OWL 2 DL.
    for prop in (DEFINITION, *SYNONYM_SCOPES, XREF, SKOS.altLabel, SKOS.definition):
        added.add((prop, RDF.type, OWL.AnnotationProperty))
    return added
