"""The overview page's parts: the ontology header, the release's artefacts with checksums (from
its VoID/DCAT description, dist/napo-void.ttl) and the class tree of each branch."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from napo.core.namespaces import ONTOLOGY_IRI
from napo.site.model import Catalog

DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
HEADER_FIELDS = {  # local name -> predicate, in the order shown
    "title": f"{DCTERMS}title", "description": f"{DCTERMS}description",
    "versionInfo": "http://www.w3.org/2002/07/owl#versionInfo",
    "versionIRI": "http://www.w3.org/2002/07/owl#versionIRI",
    "priorVersion": "http://www.w3.org/2002/07/owl#priorVersion",
    "license": f"{DCTERMS}license", "bibliographicCitation": f"{DCTERMS}bibliographicCitation",
    "creator": f"{DCTERMS}creator", "created": f"{DCTERMS}created",
    "modified": f"{DCTERMS}modified",
    "preferredNamespaceUri": "http://purl.org/vocab/vann/preferredNamespaceUri",
    "preferredNamespacePrefix": "http://purl.org/vocab/vann/preferredNamespacePrefix",
}


@dataclass(frozen=True)
class Artefact:
    name: str
    description: str
    media_type: str
    size: int
    sha256: str
    url: str


@dataclass
class Node:
    """A class in a branch's tree, with its children (a class with two parents shows twice)."""

    iri: str
    label: str
    page: str
    told: bool
    children: list[Node] = field(default_factory=list)


def header(store: ox.Store) -> dict[str, str]:
    """The ontology header's values (the first of each, by value, for a stable page)."""
    values: dict[str, str] = {}
    for name, predicate in HEADER_FIELDS.items():
        found = sorted(q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(str(ONTOLOGY_IRI)), ox.NamedNode(predicate), None, None))
        if found:
            values[name] = found[0]
    return values


def read_artefacts(void: bytes) -> list[Artefact]:
    """Every DCAT distribution the description lists, by file name."""
    store = ox.Store()
    store.load(void, format=ox.RdfFormat.TURTLE)

    def one(subject: object, predicate: str) -> str:
        found = sorted(q.object.value for q in store.quads_for_pattern(
            subject, ox.NamedNode(predicate), None, None))
        return found[0] if found else ""

    artefacts = []
    for quad in store.quads_for_pattern(None, ox.NamedNode(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(f"{DCAT}Distribution"),
            None):
        url = quad.subject
        checksum = next((q.object for q in store.quads_for_pattern(
            url, ox.NamedNode(f"{SPDX}checksum"), None, None)), None)
        size = one(url, f"{DCAT}byteSize")
        artefacts.append(Artefact(
            one(url, f"{DCTERMS}title"), one(url, f"{DCTERMS}description"),
            one(url, f"{DCAT}mediaType").rsplit("media-types/", 1)[-1],
            int(size) if size.isdigit() else 0,
            one(checksum, f"{SPDX}checksumValue") if checksum is not None else "", url.value))
    return sorted(artefacts, key=lambda a: a.name)


def class_tree(catalog: Catalog, root: str) -> Node | None:
    """The reasoned hierarchy under root (direct parents), children by label."""
    term = catalog.terms.get(root)
    if term is None:
        return None

    def build(iri: str, told: bool, path: frozenset[str]) -> Node:
        member = catalog.terms[iri]
        node = Node(iri, catalog.label(iri), member.page, told)
        for child, child_told in member.children:
            if child not in path and catalog.terms[child].kind == "class":
                node.children.append(build(child, child_told, path | {child}))
        return node

    return build(root, True, frozenset({root}))
