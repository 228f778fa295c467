"""The OWL release variants, in the ODK sense, and the query view kept out of them.

- base: NAPO's own axioms and annotations (no imports, no inferences);
- full: base + imported terms + the reasoner's direct inferred subclass and equivalence axioms;
- simple: the named-class hierarchy only (transitively reduced), with annotations;
- edges: the materialised closure and existential edges, for SPARQL only. In OWL, a triple
  `napo:Rhizotomy napo:hasDirectSite napo:NerveRoot` is a property assertion between two
  individuals that share the classes' names (punning): HermiT then infers classes to be
  instances of themselves and owlready2 fails to load the file. Ubergraph keeps such edges in
  their own graph; so does NAPO.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from napo.core.namespaces import NAPO, ONTOLOGY_IRI, new_graph
from napo.ontology.reasoner import Classification


@dataclass
class Variants:
    base: Graph
    full: Graph
    simple: Graph
    edges: Graph


def variant_iri(name: str) -> URIRef:
    """https://w3id.org/napo/napo-base.owl for "base"; the main (full) ontology is napo.owl."""
    return ONTOLOGY_IRI if name == "full" else NAPO[f"napo-{name}.owl"]


def _with_header(parts: list[Graph], name: str, title_suffix: str) -> Graph:
    """The union of parts (copied once: each rdflib add costs ~10 µs) whose owl:Ontology is the
    variant's IRI, with a version IRI of the same release."""
    result = new_graph()
    iri = variant_iri(name)
    # Imported modules' own headers would be second owl:Ontology nodes in one document.
    other_headers = {s for part in parts
                     for s in part.subjects(RDF.type, OWL.Ontology)} - {ONTOLOGY_IRI}
    for s, p, o in (triple for part in parts for triple in part):
        if s in other_headers:
            continue
        if s == ONTOLOGY_IRI:
            if p == OWL.imports:
                continue  # the variants are self-contained; catalog-v001.xml maps the imports
            if p == OWL.versionIRI:
                o = URIRef(str(o).rsplit("/", 1)[0] + "/" + str(iri).rsplit("/", 1)[1])
            if p == RDFS.comment:
                continue
            s = iri
        result.add((s, p, o))
    if title_suffix:
        result.add((iri, RDFS.comment, Literal(title_suffix, lang="en")))
    return result


def direct_inferred_axioms(classification: Classification, classes: set[URIRef]) -> Graph:
    """The reasoner's direct named superclasses and equivalences between named classes."""
    axioms = new_graph()
    for cls in sorted(classes):
        for parent in classification.parents.get(cls, ()):
            if parent in classes and parent != OWL.Thing:
                axioms.add((cls, RDFS.subClassOf, parent))
        for equivalent in classification.equivalents.get(cls, ()):
            if equivalent in classes:
                axioms.add((cls, OWL.equivalentClass, equivalent))
    return axioms


def reduced_hierarchy(classification: Classification, classes: set[URIRef]) -> dict[URIRef, set]:
    """Named superclasses minus those implied through another (the transitive reduction)."""
    ancestors = {c: classification.ancestors(c) & classes for c in classes}
    return {c: {a for a in up if not any(a in ancestors.get(b, ()) for b in up if b != a)}
            for c, up in ancestors.items()}


def _simple(own: list[Graph], classification: Classification, classes: set[URIRef]) -> Graph:
    """Classes with their annotations and reduced hierarchy; nothing else needs declaring."""
    simple = new_graph()
    annotation_properties = {s for part in own
                             for s in part.subjects(RDF.type, OWL.AnnotationProperty)}
    kept = classes | annotation_properties | {ONTOLOGY_IRI}
    for s, p, o in (triple for part in own for triple in part):
        if s not in kept or isinstance(o, BNode):
            continue
        if (s == ONTOLOGY_IRI or p == RDF.type or p in annotation_properties
                or p in (RDFS.label, RDFS.comment)):
            simple.add((s, p, o))
    for cls, parents in reduced_hierarchy(classification, classes).items():
        for parent in parents:
            simple.add((cls, RDFS.subClassOf, parent))
    return simple


def build_variants(edit: Graph, imports: Graph, derived: Graph,
                   classification: Classification, inferred: Graph) -> Variants:
    """base, full and simple OWL graphs, and the edges query view, from one reasoner run."""
    own = [edit, derived]
    classes = {c for part in (edit, derived, imports)
               for c in part.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    base = _with_header(own, "base", "NAPO base: NAPO's own axioms and annotations, without "
                        "imports or inferred axioms.")
    full = _with_header([*own, imports, direct_inferred_axioms(classification, classes)],
                        "full", "")
    simple = _with_header([_simple(own, classification, classes)], "simple",
                          "NAPO simple: the named-class hierarchy (inferred, transitively "
                          "reduced) with labels, definitions, synonyms and cross-references; "
                          "no logical definitions or restrictions.")
    return Variants(base=base, full=full, simple=simple, edges=inferred)
