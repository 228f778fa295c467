"""Validate registry records that are already RDF (an .nt or .ttl file), with the fast path.

For `napo validate FILE` on a records file (the hook the CLI can call: is_registry_file tells
the records from knowledge data). The triples are grouped into records through
napo:observationOf and napo:complicationOf, each record checked on its own by the compiled
shapes, and the findings are the ones pyshacl would report (tests/registry/test_validate.py).

The file is read as a stream, one record at a time, when its records come one after another
(as `napo ingest` writes them, and pyoxigraph's Turtle keeps them): memory stays flat (holding
every record took 2 GB at 10^5). A file whose record is split (a subject or a record met again
after the next one began) is read again whole, which gives the same findings in more memory.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    """Every finding on the records of an RDF file, record by record."""
    vocab = vocab or vocabulary()
    validator = Validator(vocab, shapes_file())
    try:
        return sorted(_streamed(path, validator, vocab))
    except _NotGrouped:
        return sorted(f for group in _all_groups(path) for f in validator.validate(group, vocab))


class _NotGrouped(Exception):
    """A record's triples are not together in the file: stream reading cannot be exact."""


def _triples(path: Path) -> Iterator[ox.Triple]:
    try:
        yield from ox.parse(path=str(path), format=_FORMATS.get(path.suffix,
                                                                ox.RdfFormat.TURTLE))
    except SyntaxError as error:
        raise InputError(Location(path), f"is not RDF: {error}") from error
    except OSError as error:
        raise InputError(Location(path), f"cannot be read: {error.strerror or error}") from error


def _add(nodes: dict[str, Node], triple: ox.Triple) -> Node:
    subject = triple.subject.value
    node = nodes.get(subject) or nodes.setdefault(subject, Node(Iri(subject), []))
    if triple.predicate.value == RDF_TYPE:
        node.types.append(triple.object.value)
    else:
        node.add(triple.predicate.value, _term(triple.object))
    return node


def _owner(node: Node) -> str:
    """The record a node belongs to: the one it is an observation or complication of."""
    owners = [v for link in _LINKS for v in node.values.get(link, []) if isinstance(v, Iri)]
    return owners[0] if owners else node.iri


def _runs(path: Path) -> Iterator[Node]:
    """One node per run of consecutive triples about one subject."""
    current: dict[str, Node] = {}
    for triple in _triples(path):
        if triple.subject.value not in current:
            yield from current.values()
            current = {}
        _add(current, triple)
    yield from current.values()


def _streamed(path: Path, validator: Validator, vocab: Vocabulary) -> Iterator[Finding]:
    """Findings record by record; _NotGrouped when a record turns out to be split. Finished
    subjects are remembered by hash only (a collision just means reading the file whole)."""
    group: dict[str, Node] = {}
    owner, finished = None, set()
    for run in _runs(path):
        mine = _owner(run)
        if mine != owner:
            yield from validator.validate(list(group.values()), vocab)
            finished.update(hash(iri) for iri in group)
            group, owner = {}, mine
        if hash(run.iri) in finished or hash(mine) in finished:
            raise _NotGrouped
        node = group.setdefault(run.iri, Node(run.iri, []))
        node.types += run.types
        for predicate, values in run.values.items():
            node.values.setdefault(predicate, []).extend(values)
    yield from validator.validate(list(group.values()), vocab)


def _all_groups(path: Path) -> list[list[Node]]:
    """Every record's nodes, the whole file held in memory (about 20 KB per record)."""
    nodes: dict[str, Node] = {}
    for triple in _triples(path):
        _add(nodes, triple)
    groups: dict[str, list[Node]] = {}
    for node in nodes.values():
        groups.setdefault(_owner(node), []).append(node)
    return list(groups.values())
