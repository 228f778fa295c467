"""NAPO's prefixes as plain strings, and CURIE compaction: no RDF library imported.

Read commands (`napo query`, `compare`, `lookup` …) need only these; napo.core.namespaces builds
rdflib Namespaces from the same table for the commands that write RDF. Importing rdflib costs
about 0.1 s, a third of a read command (docs/benchmarks.md)."""

from __future__ import annotations

PREFIXES: dict[str, str] = {
    "napo": "https://w3id.org/napo/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "shape": "https://w3id.org/napo/shape/",
    "source": "https://w3id.org/napo/source/",
    "claim": "https://w3id.org/napo/claim/",
    "reviewed": "https://w3id.org/napo/reviewed/",
    "curated": "https://w3id.org/napo/curated/",
    "agent": "https://w3id.org/napo/agent/",
    "obo": "http://purl.obolibrary.org/obo/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
}

# External vocabularies, with bioregistry's RDF URI prefixes (tests/test_mappings.py checks them
# against bioregistry and against every SSSOM file's curie_map).
VOCABULARY_PREFIXES: dict[str, str] = {
    "hp": "http://purl.obolibrary.org/obo/HP_",
    "icd10cm": "https://www.icd10data.com/search?s=",
    "icd10pcs": "https://www.findacode.com/code.php?set=ICD10PCS&c=",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "mondo": "http://purl.obolibrary.org/obo/MONDO_",
    "ncit": "http://purl.obolibrary.org/obo/NCIT_",
    "pain": "http://purl.obolibrary.org/obo/PAIN_",
    "snomedct": "http://snomed.info/id/",
    "uberon": "http://purl.obolibrary.org/obo/UBERON_",
    "umls": "https://uts.nlm.nih.gov/uts/umls/concept/",
}
PREFIXES.update(VOCABULARY_PREFIXES)


def sparql_prologue() -> str:
    """PREFIX lines for every NAPO prefix, for queries that do not declare their own."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def compact(iri: str) -> str:
    """napo:Rhizotomy for https://w3id.org/napo/Rhizotomy; other text is returned unchanged."""
    matches = [(len(ns), prefix) for prefix, ns in PREFIXES.items()
               if iri.startswith(ns) and len(iri) > len(ns)]
    if not matches:
        return iri
    length, prefix = max(matches)  # the longest namespace wins: claim: before napo:
    return f"{prefix}:{iri[length:]}"
