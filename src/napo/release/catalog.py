"""catalog-v001.xml: the XML catalog Protégé and the OWL API use to resolve ontology IRIs to the
files shipped beside it, so a user who opens one artefact offline gets the others locally."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from rdflib import URIRef


def catalog(entries: dict[URIRef, str]) -> str:
    """An OASIS XML catalog mapping each IRI to a relative file name, in a stable order."""
    lines = ['<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
             '<catalog prefer="public" xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">']
    lines += [f"    <uri name={quoteattr(str(iri))} uri={quoteattr(name)}/>"
              for iri, name in sorted(entries.items())]
    lines.append("</catalog>")
    return "\n".join(lines) + "\n"
