"""The namespaces NAPO uses, bound once so that every serialisation has the same prefixes."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

NAPO = Namespace("https://w3id.org/napo/")
VANN = Namespace("http://purl.org/vocab/vann/")
OA = Namespace("http://www.w3.org/ns/oa#")

ONTOLOGY_IRI = NAPO["napo.owl"]

PREFIXES: dict[str, Namespace] = {
    "napo": NAPO,
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "vann": VANN,
    "prov": Namespace(str(PROV)),
    "oa": OA,
    "shape": Namespace("https://w3id.org/napo/shape/"),
    "source": Namespace("https://w3id.org/napo/source/"),
    "claim": Namespace("https://w3id.org/napo/claim/"),
    "reviewed": Namespace("https://w3id.org/napo/reviewed/"),
    "curated": Namespace("https://w3id.org/napo/curated/"),
    "agent": Namespace("https://w3id.org/napo/agent/"),
    "obo": Namespace("http://purl.obolibrary.org/obo/"),
    "oboInOwl": Namespace("http://www.geneontology.org/formats/oboInOwl#"),
}

# External vocabularies, with bioregistry's RDF URI prefixes (tests/test_mappings.py checks them
# against bioregistry and against every SSSOM file's curie_map).
VOCABULARY_PREFIXES: dict[str, Namespace] = {
    "hp": Namespace("http://purl.obolibrary.org/obo/HP_"),
    "icd10cm": Namespace("https://www.icd10data.com/search?s="),
    "icd10pcs": Namespace("https://www.findacode.com/code.php?set=ICD10PCS&c="),
    "mesh": Namespace("http://id.nlm.nih.gov/mesh/"),
    "mondo": Namespace("http://purl.obolibrary.org/obo/MONDO_"),
    "ncit": Namespace("http://purl.obolibrary.org/obo/NCIT_"),
    "pain": Namespace("http://purl.obolibrary.org/obo/PAIN_"),
    "snomedct": Namespace("http://snomed.info/id/"),
    "uberon": Namespace("http://purl.obolibrary.org/obo/UBERON_"),
    "umls": Namespace("https://uts.nlm.nih.gov/uts/umls/concept/"),
}
PREFIXES.update(VOCABULARY_PREFIXES)


def new_graph() -> Graph:
    """An empty graph with only NAPO's prefixes bound (not rdflib's long default list)."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for every NAPO prefix, for queries that do not declare their own."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(iri: str) -> str:
    """napo:Rhizotomy for https://w3id.org/napo/Rhizotomy; other text is returned unchanged."""
    matches = [(len(str(ns)), prefix) for prefix, ns in PREFIXES.items()
               if iri.startswith(str(ns)) and len(iri) > len(str(ns))]
    if not matches:
        return iri
    length, prefix = max(matches)  # the longest namespace wins: claim: before napo:
    return f"{prefix}:{iri[length:]}"
