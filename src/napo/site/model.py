"""The terms of the built store as plain Python records, read once for every page.

One pass over each predicate the pages show (pyoxigraph pattern lookups, no SPARQL per term):
labels, definitions, synonyms with their scope, the told hierarchy (ontology layer) and the
reasoned one (the inferred layer's closure, reduced to direct parents here), materialised
existential edges and the SKOS mappings. The pages only format these records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from napo.core.namespaces import NAPO, compact
from napo.knowledge.layers import LAYER_GRAPHS

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
NS = str(NAPO)
KINDS = {f"{OWL}Class": "class", f"{OWL}ObjectProperty": "object property",
         f"{OWL}DatatypeProperty": "data property",
         f"{OWL}AnnotationProperty": "annotation property", f"{OWL}NamedIndividual": "individual"}
SYNONYM_SCOPES = {"hasExactSynonym": "exact", "hasRelatedSynonym": "related",
                  "hasNarrowSynonym": "narrow", "hasBroadSynonym": "broad"}
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")
BRANCHES = ("Procedure", "AnatomicalStructure", "Method", "EnergyOrAgent", "Access", "Guidance",
            "Intent", "Anaesthesia", "CareSetting", "Condition", "Complication", "NeuraxisLevel")


@dataclass(frozen=True)
class Code:
    """One mapping of a term to an external vocabulary, with where the row is kept."""

    predicate: str  # skos:exactMatch ...
    code: str  # a CURIE, e.g. icd10cm:G50.0
    iri: str
    label: str = ""  # the official label (empty for licensed vocabularies)
    justification: str = ""
    comment: str = ""
    where: str = ""  # file:line of the SSSOM row


@dataclass
class Term:
    iri: str
    kind: str
    label: str = ""
    definition: str = ""
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (scope, text)
    scope_notes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    told_parents: list[str] = field(default_factory=list)
    inferred_parents: list[str] = field(default_factory=list)  # direct, reasoned
    ancestors: set[str] = field(default_factory=set)
    children: list[tuple[str, bool]] = field(default_factory=list)  # (iri, told)
    edges: list[tuple[str, str]] = field(default_factory=list)  # materialised (property, filler)
    codes: list[Code] = field(default_factory=list)
    domain: list[str] = field(default_factory=list)
    range: list[str] = field(default_factory=list)
    super_properties: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)  # classes of an individual
    values: list[tuple[str, str]] = field(default_factory=list)  # (property, literal text)

    @property
    def local(self) -> str:
        return self.iri.removeprefix(NS)

    @property
    def curie(self) -> str:
        return compact(self.iri)

    @property
    def page(self) -> str:
        """Its page, relative to the site root: the IRI's local name, so that
        https://w3id.org/napo/X can redirect to .../X.html."""
        return f"{self.local}.html"

    def is_under(self, root: str) -> bool:
        return self.iri == NS + root or NS + root in self.ancestors


def _graph(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(LAYER_GRAPHS[name]))


class Catalog:
    """Every NAPO class, property and individual of a built store, by IRI."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.terms: dict[str, Term] = {}
        self.other_labels: dict[str, str] = {}  # imported terms (RO, BFO) keep their labels
        self._read_kinds()
        self._read_annotations()
        self._read_hierarchy()
        self._read_properties()
        self._read_mappings()

    # -- reading ---------------------------------------------------------------------------
    def _pattern(self, predicate: str, graph: str | None = None, subject: object = None,
                 obj: object = None) -> Iterator[ox.Quad]:
        return self.store.quads_for_pattern(subject, ox.NamedNode(predicate), obj,
                                            _graph(graph) if graph else None)

    def _pairs(self, predicate: str, graph: str | None = None) -> Iterator[tuple[str, object]]:
        """(subject IRI, object) for NAPO subjects that are terms."""
        for quad in self._pattern(predicate, graph):
            subject = quad.subject
            if isinstance(subject, ox.NamedNode) and subject.value in self.terms:
                yield subject.value, quad.object

    def _read_kinds(self) -> None:
        for type_iri, kind in KINDS.items():
            for quad in self._pattern(f"{RDF}type", "ontology", obj=ox.NamedNode(type_iri)):
                iri = getattr(quad.subject, "value", "")
                local = iri.removeprefix(NS)
                if isinstance(quad.subject, ox.NamedNode) and iri.startswith(NS) \
                        and local and "/" not in local and "." not in local:
                    self.terms.setdefault(iri, Term(iri, kind))

    def _read_annotations(self) -> None:
        for quad in self._pattern(f"{RDFS}label", "ontology"):
            iri = getattr(quad.subject, "value", "")
            if iri in self.terms:
                self.terms[iri].label = min(self.terms[iri].label or quad.object.value,
                                            quad.object.value)
            elif isinstance(quad.subject, ox.NamedNode):
                self.other_labels[iri] = min(self.other_labels.get(iri, quad.object.value),
                                             quad.object.value)
        for iri, value in self._pairs(f"{SKOS}definition", "ontology"):
            self.terms[iri].definition = value.value
        for local, scope in SYNONYM_SCOPES.items():
            for iri, value in self._pairs(OBOINOWL + local, "ontology"):
                self.terms[iri].synonyms.append((scope, value.value))
        for iri, value in self._pairs(f"{SKOS}scopeNote", "ontology"):
            self.terms[iri].scope_notes.append(value.value)
        for iri, value in self._pairs(f"{RDFS}comment", "ontology"):
            self.terms[iri].comments.append(value.value)
        for term in self.terms.values():
            term.synonyms.sort(key=lambda s: (list(SYNONYM_SCOPES.values()).index(s[0]),
                                              s[1].lower()))
            term.scope_notes.sort()
            term.comments.sort()

    def _read_hierarchy(self) -> None:
        told: dict[str, set[str]] = defaultdict(set)
        for iri, parent in self._pairs(f"{RDFS}subClassOf", "ontology"):
            if isinstance(parent, ox.NamedNode):
                told[iri].add(parent.value)
        closure: dict[str, set[str]] = defaultdict(set)
        for iri, parent in self._pairs(f"{RDFS}subClassOf", "inferred"):
            if isinstance(parent, ox.NamedNode) and parent.value != iri:
                closure[iri].add(parent.value)
        for iri in told:
            closure[iri] |= told[iri]
        for iri, term in self.terms.items():
            ancestors = closure.get(iri, set())
            term.ancestors = set(ancestors)
            term.told_parents = sorted(told.get(iri, set()))
            # direct parents: no other ancestor lies between (transitive reduction)
            term.inferred_parents = sorted(
                p for p in ancestors if not any(p in closure.get(q, ()) for q in ancestors
                                                if q != p))
        for iri, term in self.terms.items():
            for parent in sorted(set(term.told_parents) | set(term.inferred_parents)):
                if parent in self.terms:
                    self.terms[parent].children.append((iri, parent in term.told_parents))
        for term in self.terms.values():
            term.children.sort(key=lambda c: (self.label(c[0]).lower(), c[0]))
        for quad in self.store.quads_for_pattern(None, None, None, _graph("inferred")):
            subject, predicate = quad.subject, quad.predicate.value
            if (isinstance(subject, ox.NamedNode) and subject.value in self.terms
                    and predicate != f"{RDFS}subClassOf" and isinstance(quad.object, ox.NamedNode)
                    and not predicate.startswith(OWL)):
                self.terms[subject.value].edges.append((predicate, quad.object.value))
        for term in self.terms.values():
            term.edges.sort(key=lambda e: (self.label(e[0]), self.label(e[1]).lower()))

    def _read_properties(self) -> None:
        for predicate, attribute in ((f"{RDFS}domain", "domain"), (f"{RDFS}range", "range"),
                                     (f"{RDFS}subPropertyOf", "super_properties")):
            for iri, value in self._pairs(predicate, "ontology"):
                if isinstance(value, ox.NamedNode):
                    getattr(self.terms[iri], attribute).append(value.value)
        for iri, value in self._pairs(f"{RDF}type", "ontology"):
            term = self.terms[iri]
            if term.kind == "individual" and value.value not in KINDS:
                term.types.append(value.value)
        shown = {f"{RDFS}label", f"{SKOS}definition", f"{SKOS}altLabel", f"{SKOS}scopeNote",
                 "http://purl.obolibrary.org/obo/IAO_0000115", f"{RDFS}comment"}
        for quad in self.store.quads_for_pattern(None, None, None, _graph("ontology")):
            subject, predicate = quad.subject, quad.predicate.value
            if (isinstance(subject, ox.NamedNode) and subject.value in self.terms
                    and isinstance(quad.object, ox.Literal) and predicate not in shown
                    and not predicate.startswith(OBOINOWL)):
                self.terms[subject.value].values.append((predicate, quad.object.value))
        for term in self.terms.values():
            for attribute in ("domain", "range", "super_properties", "types", "values"):
                getattr(term, attribute).sort()

    def _read_mappings(self) -> None:
        for match in MATCHES:
            for iri, value in self._pairs(SKOS + match, "mappings"):
                self.terms[iri].codes.append(Code(f"skos:{match}", compact(value.value),
                                                  value.value))
        for term in self.terms.values():
            term.codes.sort(key=lambda c: (MATCHES.index(c.predicate[5:]), c.code))

    def add_mapping_details(self, rows: Iterable[object]) -> None:
        """Add each SSSOM row's official label, justification, comment and file:line to the
        code it made (napo.vocabularies.mappings.Mapping rows, when the tables are at hand)."""
        details = {(row.subject_id, row.predicate_id, row.object_id): row for row in rows}
        for term in self.terms.values():
            term.codes = [
                Code(c.predicate, c.code, c.iri, row.object_label, row.justification,
                     row.comment, f"{row.location.path.name}:{row.location.line}")
                if (row := details.get((term.curie, c.predicate, c.code))) else c
                for c in term.codes]

    # -- asking ----------------------------------------------------------------------------
    def label(self, iri: str) -> str:
        term = self.terms.get(iri)
        if term is not None and term.label:
            return term.label
        return self.other_labels.get(iri) or compact(iri)

    def branch(self, term: Term) -> str:
        return next((root for root in BRANCHES if term.is_under(root)), "")

    def ordered(self, kind: str | None = None) -> list[Term]:
        return sorted((t for t in self.terms.values() if kind is None or t.kind == kind),
                      key=lambda t: ((t.label or t.local).lower(), t.iri))
