"""Regenerate ontology/imports/ro_import.ttl, NAPO's MIREOT module of RO/BFO relations.

MIREOT (minimum information to reference an external ontology term) keeps only what NAPO needs
from the Relation Ontology: for every http://purl.obolibrary.org/obo/ IRI that
ontology/napo.ttl mentions, its declaration, its official rdfs:label and its official
definition (IAO:0000115), copied verbatim from an official RO release file. No logical axioms
(domains, ranges, characteristics, chains, super-properties) are copied, so importing the module
cannot change how HermiT classifies NAPO.

    python scripts/extract_ro_import.py /tmp/ro.owl --commit <40-hex commit of the release>

The full RO file is an input only; never commit it. See ontology/imports/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

OBO = "http://purl.obolibrary.org/obo/"
DEFINITION = URIRef(OBO + "IAO_0000115")
MODULE_IRI = "https://w3id.org/napo/imports/ro_import.owl"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ONTOLOGY = ROOT / "ontology" / "napo.ttl"
DEFAULT_OUT = ROOT / "ontology" / "imports" / "ro_import.ttl"
# The only entity types a relation import may hold; anything else is a mistake in napo.ttl.
ALLOWED_TYPES = (OWL.ObjectProperty, OWL.AnnotationProperty)
# Licences by the IRI an official release states; BFO_ terms are BFO's, redistributed in RO.
LICENCE_NAMES = {
    "https://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
    "http://creativecommons.org/publicdomain/zero/1.0/": "CC0 1.0",
}


class ExtractionError(Exception):
    """The source file cannot honestly provide a term NAPO uses (absent, obsolete, ambiguous)."""


@dataclass(frozen=True)
class Origin:
    """Where the module comes from: what the file says about itself plus where it was found."""

    ontology_iri: str
    version_iri: str
    version_info: str
    licence: str
    repository: str
    path: str
    commit: str
    sha256: str


@dataclass(frozen=True)
class Term:
    iri: URIRef
    type: URIRef
    label: Literal
    definition: Literal | None


def _format_for(path: Path) -> str:
    """rdflib parser name by suffix (RO ships RDF/XML as .owl; fixtures may be Turtle)."""
    return {".ttl": "turtle", ".nt": "nt"}.get(path.suffix, "xml")


def used_terms(ontology: Path) -> list[URIRef]:
    """Every OBO PURL that the NAPO edit file mentions in any triple position."""
    graph = Graph().parse(ontology, format="turtle")
    found = {term for triple in graph for term in triple
             if isinstance(term, URIRef) and str(term).startswith(OBO)}
    return sorted(found)


def _one_english(graph: Graph, subject: URIRef, predicate: URIRef, *, required: bool,
                 ) -> Literal | None:
    """The single English value (falling back to untagged): two different ones are ambiguous."""
    values = [v for v in graph.objects(subject, predicate) if isinstance(v, Literal)]
    english = {v for v in values if v.language == "en"} or {v for v in values if not v.language}
    if len(english) > 1:
        raise ExtractionError(f"{subject} has {len(english)} different English "
                              f"{predicate.n3()} values: {sorted(map(str, english))}")
    if not english:
        if required:
            raise ExtractionError(f"{subject} has no English {predicate.n3()} in the source")
        return None
    return english.pop()


def extract_term(source: Graph, iri: URIRef) -> Term:
    """Declaration, label and definition of iri, refusing obsolete or undeclared terms."""
    types = [t for t in ALLOWED_TYPES if (iri, RDF.type, t) in source]
    if len(types) != 1:
        raise ExtractionError(f"{iri} is not declared as exactly one of "
                              f"{[t.n3() for t in ALLOWED_TYPES]} in the source file")
    if (iri, OWL.deprecated, Literal(True)) in source:
        raise ExtractionError(f"{iri} is obsolete (owl:deprecated) in the source file")
    return Term(iri, types[0], _one_english(source, iri, RDFS.label, required=True),
                _one_english(source, iri, DEFINITION, required=False))


def read_origin(source: Graph, source_path: Path, repository: str, path: str,
                commit: str) -> Origin:
    """The release's own header (ontology IRI, version IRI, version, licence)."""
    ontologies = sorted(s for s in source.subjects(RDF.type, OWL.Ontology)
                        if isinstance(s, URIRef))
    if len(ontologies) != 1:
        raise ExtractionError(f"expected one owl:Ontology header, found {len(ontologies)}")
    header = ontologies[0]
    version_iri = source.value(header, OWL.versionIRI)
    version_info = source.value(header, OWL.versionInfo)
    licence = source.value(header, DCTERMS.license)
    if version_iri is None or version_info is None or licence is None:
        raise ExtractionError("the source header lacks owl:versionIRI, owl:versionInfo or "
                              "dcterms:license: is it an official release file?")
    return Origin(str(header), str(version_iri), str(version_info), str(licence), repository,
                  path, commit, hashlib.sha256(source_path.read_bytes()).hexdigest())


def _napo_version(ontology: Path) -> str:
    """NAPO's release date; the module's version IRI follows it, as ODK import modules do."""
    graph = Graph().parse(ontology, format="turtle")
    for header in graph.subjects(RDF.type, OWL.Ontology):
        info = graph.value(header, OWL.versionInfo)
        if info is not None:
            return str(info)
    raise ExtractionError(f"{ontology} has no owl:versionInfo in its header")


def render(origin: Origin, terms: list[Term], napo_version: str) -> str:
    """The module as Turtle, written by hand so that the comment block survives and output is
    byte-for-byte stable (terms sorted by IRI)."""
    licence = LICENCE_NAMES.get(origin.licence, origin.licence)
    source = f"{origin.path} in https://github.com/{origin.repository} at commit {origin.commit}"
    comment = (f"Extracted from {source} (release {origin.version_info}, "
               f"{origin.version_iri}, {licence}).")
    lines = [
        "# NAPO import module: the RO/BFO relations that NAPO's own properties specialise.",
        "# GENERATED by scripts/extract_ro_import.py: do not edit by hand (see README.md here).",
        "#",
        "# Source:     OBO Relations Ontology (RO), official release file",
        f"# Repository: https://github.com/{origin.repository}",
        f"# Path:       {origin.path}",
        f"# Commit:     {origin.commit}",
        f"# Release:    {origin.version_info}",
        f"# Version:    {origin.version_iri}",
        f"# SHA-256:    {origin.sha256}",
        f"# Licence:    {licence} <{origin.licence}> (the release's dcterms:license).",
        "#             BFO_ terms originate in BFO (CC BY 4.0); they are taken here as RO ships",
        "#             them, with attribution to BFO (https://github.com/BFO-ontology/BFO-2020).",
        "#",
        "# Each term: its declaration, rdfs:label and IAO:0000115 definition, copied verbatim.",
        "# No logical axioms (domains, ranges, characteristics, chains, super-properties).",
        "",
        f"@prefix dcterms: <{DCTERMS}> .",
        f"@prefix obo:     <{OBO}> .",
        f"@prefix owl:     <{OWL}> .",
        f"@prefix rdfs:    <{RDFS}> .",
        "",
        f"<{MODULE_IRI}> a owl:Ontology ;",
        '    dcterms:title "NAPO import module: RO/BFO relations"@en ;',
        '    dcterms:description "The Relation Ontology (RO) and BFO relations that NAPO\'s '
        'object properties are aligned with, each with its official label and definition and '
        'no logical axioms (MIREOT)."@en ;',
        f"    dcterms:license <{origin.licence}> ;",
        f"    dcterms:source <{origin.version_iri}> ;",
        f"    owl:versionIRI <https://w3id.org/napo/releases/{napo_version}/imports/"
        "ro_import.owl> ;",
        f"    owl:versionInfo {Literal(napo_version).n3()} ;",
        f"    rdfs:comment {Literal(comment, lang='en').n3()} .",
        "",
        *(f"dcterms:{name} a owl:AnnotationProperty ." for name in
          ("description", "license", "source", "title")),
        "",
    ]
    for term in sorted(terms, key=lambda t: str(t.iri)):
        kind = "owl:ObjectProperty" if term.type == OWL.ObjectProperty else "owl:AnnotationProperty"
        name = "obo:" + str(term.iri).removeprefix(OBO)
        body = [f"{name} a {kind}", f"    rdfs:label {term.label.n3()}"]
        if term.definition is not None:
            body.append(f"    obo:IAO_0000115 {term.definition.n3()}")
        lines.extend([" ;\n".join(body) + " .", ""])
    return "\n".join(lines)


def extract(source_path: Path, ontology: Path, repository: str, path: str,
            commit: str) -> str:
    """The module text for the terms ontology uses, taken from the official file source_path."""
    source = Graph().parse(source_path, format=_format_for(source_path))
    wanted = used_terms(ontology)
    if not wanted:
        raise ExtractionError(f"{ontology} mentions no {OBO} IRI: nothing to import")
    terms = [extract_term(source, iri) for iri in wanted]
    if any(t.definition is not None for t in terms) and DEFINITION not in wanted:
        terms.append(extract_term(source, DEFINITION))  # declared, since the module uses it
    origin = read_origin(source, source_path, repository, path, commit)
    text = render(origin, terms, _napo_version(ontology))
    Graph().parse(data=text, format="turtle")  # the output must be valid Turtle
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the full official RO release file (ro.owl)")
    parser.add_argument("--commit", required=True,
                        help="the repository commit the source file was taken from")
    parser.add_argument("--repository", default="oborel/obo-relations")
    parser.add_argument("--path", default="ro.owl", help="the source file's path in the repo")
    parser.add_argument("--ontology", type=Path, default=DEFAULT_ONTOLOGY)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        text = extract(args.source, args.ontology, args.repository, args.path, args.commit)
    except ExtractionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
