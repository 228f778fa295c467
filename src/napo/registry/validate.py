"""Validate registry records that are already RDF (an .nt or .ttl file), with the fast path.

For `napo validate FILE` on a records file (the hook the CLI can call: is_registry_file tells
the records from knowledge data). The triples are grouped into records through
napo:observationOf and napo:complicationOf, each record checked on its own by the compiled
shapes, and the findings are the ones pyshacl would report (tests/registry/test_validate.py).
Grouping holds the file's records in memory (about 1 KB per record here): for CSV input,
`napo ingest` streams instead.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from napo.core.errors import InputError, Location
from napo.registry.ingest import shapes_file
from napo.registry.model import (
    NAPO,
    RDF_TYPE,
    XSD_DATE,
    XSD_DECIMAL,
    XSD_INTEGER,
    Iri,
    Lit,
    Node,
    Term,
    literal,
)
from napo.registry.shapes import Finding, Validator
from napo.registry.vocab import Vocabulary, vocabulary

_FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
_LINKS = (NAPO + "observationOf", NAPO + "complicationOf")
_RECORD_TYPES = {NAPO + t for t in ("PerformedProcedure", "BaselinePainScore",
                                    "FollowUpPainScore", "ObservedComplication")}


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Term:
    if isinstance(term, ox.NamedNode):
        return Iri(term.value)
    if isinstance(term, ox.BlankNode):
        return Lit("_:" + term.value, "blank", None)  # no registry constraint accepts one
    datatype = term.datatype.value
    if datatype in (XSD_DATE, XSD_INTEGER, XSD_DECIMAL):
        parsed = literal(term.value, datatype)
        return parsed if parsed.datatype == datatype else Lit(term.value, datatype, None)
    return Lit(term.value, datatype, term.value if datatype.endswith("#string") else (
        term.value == "true" if datatype.endswith("#boolean") else term.value))


def is_registry_file(path: Path) -> bool:
    """Whether the file holds registry records (a napo:PerformedProcedure or a score)."""
    try:
        for triple in ox.parse(path=str(path), format=_FORMATS.get(path.suffix,
                                                                     ox.RdfFormat.TURTLE)):
            if triple.predicate.value == RDF_TYPE and triple.object.value in _RECORD_TYPES:
                return True
    except (OSError, SyntaxError):
        return False
    return False


def validate_file(path: Path, vocab: Vocabulary | None = None) -> list[Finding]:
    """Every finding on the records of an RDF file, grouped per record."""
    vocab = vocab or vocabulary()
    nodes: dict[str, Node] = {}
    try:
        for triple in ox.parse(path=str(path), format=_FORMATS.get(path.suffix,
                                                                     ox.RdfFormat.TURTLE)):
            subject = triple.subject.value
            node = nodes.get(subject) or nodes.setdefault(subject, Node(Iri(subject), []))
            if triple.predicate.value == RDF_TYPE:
                node.types.append(triple.object.value)
            else:
                node.add(triple.predicate.value, _term(triple.object))
    except SyntaxError as error:
        raise InputError(Location(path), f"is not RDF: {error}") from error
    except OSError as error:
        raise InputError(Location(path), f"cannot be read: {error.strerror or error}") from error
    groups: dict[str, list[Node]] = {}
    for node in nodes.values():
        owners = [v for link in _LINKS for v in node.values.get(link, []) if isinstance(v, Iri)]
        groups.setdefault(owners[0] if owners else node.iri, []).append(node)
    validator = Validator(vocab, shapes_file())
    return sorted(f for group in groups.values() for f in validator.validate(group, vocab))
