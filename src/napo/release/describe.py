"""A VoID and DCAT description of the release, so catalogues and triple stores can find its parts.

The dataset, one subset per layer (named by its graph IRI, so a store that loaded napo.nq can
look a subset up by the graph it is in), one VoID linkset per external vocabulary and SKOS
predicate, and one DCAT distribution per file with its media type, size and SHA-256.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Collection

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD
from rdflib.term import Node

from napo.core.namespaces import NAPO, ONTOLOGY_IRI, PREFIXES, VOCABULARY_PREFIXES, new_graph
from napo.knowledge.layers import LAYER_GRAPHS, Layers

SPDX = Namespace("http://spdx.org/rdf/terms#")
DATASET = NAPO["dataset"]
DCAT_VERSION = URIRef(f"{DCAT}version")  # DCAT 3; rdflib's DCAT namespace is DCAT 2
LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")

LAYER_DESCRIPTIONS = {
    "ontology": "The OWL ontology as edited (TBox), with its documented imports.",
    "inferred": "What HermiT and NAPO's materialiser add to the ontology: inferred subclass "
                "axioms and existential edges as plain triples.",
    "curated": "Clinically established associations written by NAPO's curators, each with a "
               "rationale; negated nodes record errors found in the sources.",
    "claims": "The five source texts and what each says, with the quoted span of every claim, "
              "sound or not; claims are evidence, never established fact.",
    "mappings": "SKOS match triples to external vocabularies, from the verified SSSOM tables.",
}

MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".owl": "application/rdf+xml",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".jsonld": "application/ld+json",
    ".tsv": "text/tab-separated-values",
    ".json": "application/json",
    ".xml": "application/xml",
    ".obo": "text/plain",  # OBO 1.4 has no registered media type; dcterms:conformsTo says which
}

# The specification each file follows, where its media type alone does not say.
CONFORMS_TO = {
    ".owl": "http://www.w3.org/TR/owl2-mapping-to-rdf/",
    ".obo": "http://owlcollab.github.io/oboformat/doc/obo-syntax.html",
    ".json": "https://github.com/geneontology/obographs",
    ".tsv": "https://w3id.org/sssom/spec",
    ".xml": "urn:oasis:names:tc:entity:xmlns:xml:catalog",
}

ARTEFACT_DESCRIPTIONS = {
    "napo.owl": "The main release (full): NAPO's axioms, imported RO/BFO terms and the "
                "reasoner's inferred subclass and equivalence axioms; OWL 2 DL, RDF/XML.",
    "napo-full.ttl": "The full release in Turtle (same axioms as napo.owl).",
    "napo.nt": "The full release in N-Triples, sorted.",
    "napo.jsonld": "The full release in JSON-LD (expanded form).",
    "napo-base.owl": "NAPO's own axioms and annotations only: no imports, no inferences "
                     "(the ODK base variant), RDF/XML.",
    "napo.ttl": "The base variant in Turtle (same axioms as napo-base.owl).",
    "napo-simple.owl": "The named-class hierarchy only, inferred and transitively reduced, with "
                       "annotations (the ODK simple variant).",
    "napo-edges.ttl": "Query view, not OWL: the materialised subclass closure and "
                      "class-to-class existential edges (Ubergraph style), for SPARQL.",
    "napo.obo": "OBO 1.4 flat file of the full release (what OBO can express).",
    "napo.json": "OBO Graphs JSON of the full release.",
    "catalog-v001.xml": "XML catalog mapping the ontology and version IRIs to these files.",
    "napo-data.ttl": "Sources, per-source claims and the curated layer.",
    "napo-mappings.ttl": "The SSSOM mappings as plain SKOS match triples.",
    "napo.sssom.tsv": "Every mapping table merged (SSSOM/TSV).",
    "napo.nq": "Everything, one named graph per layer (N-Quads).",
    **{f"napo-bridge-{prefix}.owl": f"owl:equivalentClass axioms for NAPO's exact mappings to "
                                    f"{prefix.upper()}: load with both ontologies to merge "
                                    "their hierarchies." for prefix in ("uberon", "hp", "mondo")},
}


def _version(layers: Layers) -> str:
    return str(layers.ontology.value(ONTOLOGY_IRI, OWL.versionInfo) or "unversioned")


def _statistics(graph: Graph, node: URIRef, triples: Collection[tuple[Node, Node, Node]]) -> None:
    graph.add((node, VOID.triples, Literal(len(triples))))
    graph.add((node, VOID.distinctSubjects, Literal(len({s for s, _, _ in triples}))))
    graph.add((node, VOID.properties, Literal(len({p for _, p, _ in triples}))))
    graph.add((node, VOID.distinctObjects, Literal(len({o for _, _, o in triples}))))


def _vocabularies(merged: Collection[tuple[Node, Node, Node]]) -> set[str]:
    """Namespaces (among NAPO's prefixes) of the properties and classes the data uses."""
    terms = {p for _, p, _ in merged} | {o for _, p, o in merged if p == RDF.type}
    namespaces = [str(ns) for p, ns in PREFIXES.items() if p not in VOCABULARY_PREFIXES]
    return {ns for ns in namespaces for t in terms if str(t).startswith(ns) and ns != str(NAPO)}


def _linksets(graph: Graph, mappings: Graph) -> None:
    counts: Counter[tuple[str, URIRef]] = Counter()
    for _, predicate, obj in mappings:
        prefix = next(p for p, ns in VOCABULARY_PREFIXES.items() if str(obj).startswith(ns))
        counts[(prefix, predicate)] += 1
    for (prefix, predicate), triples in sorted(counts.items()):
        local = str(predicate).removeprefix(str(SKOS))
        linkset = NAPO[f"linkset/{prefix}-{local}"]
        target = URIRef(f"https://bioregistry.io/registry/{prefix}")
        graph.add((DATASET, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, DATASET))
        graph.add((linkset, VOID.objectsTarget, target))
        graph.add((linkset, VOID.linkPredicate, predicate))
        graph.add((linkset, VOID.triples, Literal(triples)))
        graph.add((linkset, VOID.inDataset, LAYER_GRAPHS["mappings"]))
        graph.add((target, RDF.type, VOID.Dataset))
        graph.add((target, VOID.uriSpace, Literal(str(VOCABULARY_PREFIXES[prefix]))))


def _distribution(graph: Graph, version: str, name: str, data: bytes) -> None:
    url = NAPO[f"releases/{version}/{name}"]
    suffix = "." + name.rsplit(".", 1)[-1]
    graph.add((DATASET, DCAT.distribution, url))
    graph.add((url, RDF.type, DCAT.Distribution))
    graph.add((url, DCTERMS.title, Literal(name)))
    graph.add((url, DCAT.downloadURL, url))
    graph.add((url, DCAT.mediaType,
               URIRef(f"https://www.iana.org/assignments/media-types/{MEDIA_TYPES[suffix]}")))
    graph.add((url, DCAT.byteSize, Literal(len(data), datatype=XSD.nonNegativeInteger)))
    graph.add((url, DCTERMS.license, LICENCE))
    if suffix in CONFORMS_TO:
        graph.add((url, DCTERMS.conformsTo, URIRef(CONFORMS_TO[suffix])))
    if name in ARTEFACT_DESCRIPTIONS:
        graph.add((url, DCTERMS.description, Literal(ARTEFACT_DESCRIPTIONS[name], lang="en")))
    checksum = BNode()
    graph.add((url, SPDX.checksum, checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue,
               Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)))
    if suffix in (".nt", ".nq"):
        graph.add((DATASET, VOID.dataDump, url))


def describe(layers: Layers, files: dict[str, bytes]) -> Graph:
    """The description of a release made of these layers and files (name -> content)."""
    version = _version(layers)
    graph = new_graph()
    for prefix, namespace in (("void", VOID), ("dcat", DCAT), ("spdx", SPDX)):
        graph.bind(prefix, namespace)
    # The union as a set of triples: copying ~10k triples into an rdflib graph costs 0.1 s.
    merged = {triple for _, layer in layers.items() for triple in layer}
    graph.add((DATASET, RDF.type, VOID.Dataset))
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    for predicate in (DCTERMS.title, DCTERMS.description):
        for value in layers.ontology.objects(ONTOLOGY_IRI, predicate):
            graph.add((DATASET, predicate, value))
    graph.add((DATASET, DCTERMS.license, LICENCE))
    graph.add((DATASET, DCTERMS.creator, Literal("NAPO developers")))
    graph.add((DATASET, DCAT_VERSION, Literal(version)))
    graph.add((DATASET, OWL.versionInfo, Literal(version)))
    graph.add((DATASET, VOID.uriSpace, Literal(str(NAPO))))
    graph.add((DATASET, VOID.rootResource, ONTOLOGY_IRI))
    graph.add((DATASET, VOID.exampleResource, NAPO["Cordotomy"]))
    for namespace in sorted(_vocabularies(merged)):
        graph.add((DATASET, VOID.vocabulary, URIRef(namespace)))
    _statistics(graph, DATASET, merged)
    for name, layer in layers.items():
        subset = LAYER_GRAPHS[name]
        graph.add((DATASET, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, RDFS.label, Literal(f"NAPO {name} layer", lang="en")))
        graph.add((subset, DCTERMS.description, Literal(LAYER_DESCRIPTIONS[name], lang="en")))
        _statistics(graph, subset, list(layer))
    _linksets(graph, layers.mappings)
    for name, data in sorted(files.items()):
        _distribution(graph, version, name, data)
    return graph
