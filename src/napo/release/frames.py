"""What OBO formats can say about each term, read once from the full OWL graph.

OBO 1.4 and OBO Graphs express a subset of OWL: named superclasses, existential relationships,
genus-differentia definitions (an intersection of named classes and `P some C`), equivalence
between named classes, and annotations. Anything else (universal restrictions, unions, data
properties, individuals) stays in the OWL artefacts only; `Frames.dropped` counts it so the
loss is reported, not silent.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from napo.ontology.annotations import DEFINITION, XREF, synonyms

Relationship = tuple[URIRef, URIRef]  # (property, filler)


@dataclass
class TermRecord:
    iri: URIRef
    label: str = ""
    definition: str = ""
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (scope, text)
    xrefs: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    parents: list[URIRef] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    genus: list[URIRef] = field(default_factory=list)
    differentia: list[Relationship] = field(default_factory=list)
    equivalents: list[URIRef] = field(default_factory=list)
    deprecated: bool = False
    # Object properties only:
    transitive: bool = False
    functional: bool = False
    domain: URIRef | None = None
    range: URIRef | None = None


@dataclass
class Frames:
    ontology: URIRef
    version_iri: URIRef | None
    header: list[tuple[URIRef, Literal | URIRef]]
    terms: list[TermRecord]
    properties: list[TermRecord]
    dropped: Counter[str] = field(default_factory=Counter)


def _text(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal))
    return values[0] if values else ""


def _existential(graph: Graph, node) -> Relationship | None:
    if (node, RDF.type, OWL.Restriction) not in graph:
        return None
    prop, filler = graph.value(node, OWL.onProperty), graph.value(node, OWL.someValuesFrom)
    if isinstance(prop, URIRef) and isinstance(filler, URIRef):
        return prop, filler
    return None


def _annotate(graph: Graph, record: TermRecord) -> None:
    iri = record.iri
    record.label = _text(graph, iri, RDFS.label)
    record.definition = _text(graph, iri, DEFINITION) or _text(graph, iri, SKOS.definition)
    record.synonyms = [(scope, str(text)) for scope, text in synonyms(graph, iri)]
    record.xrefs = sorted(str(x) for x in graph.objects(iri, XREF))
    record.comments = sorted(str(c) for p in (SKOS.scopeNote, RDFS.comment)
                             for c in graph.objects(iri, p))
    record.deprecated = any(str(v).lower() == "true" for v in graph.objects(iri, OWL.deprecated))


def _class_record(graph: Graph, iri: URIRef, dropped: Counter[str]) -> TermRecord:
    record = TermRecord(iri)
    _annotate(graph, record)
    for parent in graph.objects(iri, RDFS.subClassOf):
        if isinstance(parent, URIRef):
            record.parents.append(parent)
        elif edge := _existential(graph, parent):
            record.relationships.append(edge)
        else:
            dropped["superclass expressions other than P some C"] += 1
    for equivalent in graph.objects(iri, OWL.equivalentClass):
        if isinstance(equivalent, URIRef):
            record.equivalents.append(equivalent)
            continue
        members = graph.value(equivalent, OWL.intersectionOf)
        parts = list(Collection(graph, members)) if members else []
        genus = [m for m in parts if isinstance(m, URIRef)]
        differentia = [e for m in parts if (e := _existential(graph, m))]
        if parts and len(genus) + len(differentia) == len(parts) and not record.genus:
            record.genus, record.differentia = genus, differentia
        else:
            dropped["logical definitions with a universal or union"] += 1
    record.parents.sort()
    record.relationships.sort()
    record.differentia.sort()
    record.equivalents.sort()
    return record


def _property_record(graph: Graph, iri: URIRef) -> TermRecord:
    record = TermRecord(iri)
    _annotate(graph, record)
    record.parents = sorted(p for p in graph.objects(iri, RDFS.subPropertyOf)
                            if isinstance(p, URIRef))
    record.transitive = (iri, RDF.type, OWL.TransitiveProperty) in graph
    record.functional = (iri, RDF.type, OWL.FunctionalProperty) in graph
    domain, range_ = graph.value(iri, RDFS.domain), graph.value(iri, RDFS.range)
    record.domain = domain if isinstance(domain, URIRef) else None
    record.range = range_ if isinstance(range_, URIRef) else None
    return record


def read_frames(full: Graph, ontology: URIRef) -> Frames:
    """Every named class and object property of the full graph, as OBO can carry them."""
    dropped: Counter[str] = Counter()
    classes = sorted(c for c in full.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    properties = sorted(p for p in full.subjects(RDF.type, OWL.ObjectProperty)
                        if isinstance(p, URIRef))
    dropped["data properties"] = sum(1 for _ in full.subjects(RDF.type, OWL.DatatypeProperty))
    dropped["named individuals"] = sum(1 for _ in full.subjects(RDF.type, OWL.NamedIndividual))
    dropped["different-individuals axioms"] = sum(1 for _ in full.subjects(RDF.type,
                                                                          OWL.AllDifferent))
    header = sorted((p, o) for p, o in full.predicate_objects(ontology)
                    if p not in (RDF.type, OWL.versionIRI, OWL.imports))
    version = full.value(ontology, OWL.versionIRI)
    return Frames(
        ontology=ontology,
        version_iri=version if isinstance(version, URIRef) else None,
        header=header,
        terms=[_class_record(full, c, dropped) for c in classes],
        properties=[_property_record(full, p) for p in properties],
        dropped=+dropped,
    )

