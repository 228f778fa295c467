"""Record files (`napo ingest --out`) cut into request bodies for `napo load --records`.

A 10^6-record registry is a 5.5 GB N-Triples file: it is never read whole. N-Triples is cut
at line ends into bodies of about CHUNK_BYTES (the lines are sent as they are; the server
checks their syntax and a refused body is named by its file lines); Turtle is parsed as a
stream and re-serialised as N-Triples in batches. Blank nodes are refused: the server names
them afresh in every request, so one blank node split across two bodies would become two.
Registry records have none (every record, score and complication has an IRI).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from napo.core.errors import InputError, Location

CHUNK_BYTES = 32 << 20
TURTLE_BATCH = 200_000  # triples per body when re-serialising Turtle (~30 MB)
FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}
_HINT = "give the .nt or .ttl file napo ingest --out wrote"


@dataclass(frozen=True)
class Body:
    """One request body: N-Triples bytes, its triple count, and the file lines it holds
    (0, 0 for re-serialised Turtle, where lines do not map)."""

    data: bytes
    triples: int
    path: Path
    first_line: int = 0
    last_line: int = 0

    def where(self) -> str:
        if self.first_line:
            return f"{self.path}:{self.first_line}-{self.last_line}"
        return str(self.path)


def check_file(path: Path) -> Path:
    """Raise InputError unless path is a readable .nt or .ttl file (before any request)."""
    path = Path(path)
    if path.suffix not in FORMATS:
        raise InputError(Location(path), "is not .nt or .ttl", _HINT)
    if not path.is_file():
        raise InputError(Location(path), "does not exist or is not a file", _HINT)
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        raise InputError(Location(path), f"cannot be read: {error.strerror or error}",
                         _HINT) from error
    return path


def _blank_node(path: Path, lines: list[bytes], first_line: int) -> None:
    """Raise InputError at the first line that holds a blank node (only lines with `_:` are
    parsed; a literal may contain it too)."""
    for offset, text in enumerate(lines):
        if b"_:" not in text:
            continue
        try:
            triples = list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError:
            continue  # the server names the syntax error, with the lines of this body
        if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in triples):
            raise InputError(Location(path, first_line + offset),
                             "holds a blank node; records loaded in parts must name every "
                             "node with an IRI", _HINT)


def _ntriples(path: Path, chunk_bytes: int) -> Iterator[Body]:
    line = 1
    with path.open("rb") as handle:
        while lines := handle.readlines(chunk_bytes):
            data = b"".join(lines)
            _blank_node(path, lines, line)
            triples = sum(1 for text in lines if text.strip() and not text.lstrip()
                          .startswith(b"#"))
            yield Body(data, triples, path, line, line + len(lines) - 1)
            line += len(lines)


def _turtle(path: Path, batch: int) -> Iterator[Body]:
    triples: list[ox.Triple] = []

    def body() -> Body:
        return Body(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), len(triples), path)

    try:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object,
                                                                      ox.BlankNode):
                raise InputError(Location(path), "holds a blank node; records loaded in "
                                 "parts must name every node with an IRI", _HINT)
            triples.append(ox.Triple(triple.subject, triple.predicate, triple.object))
            if len(triples) >= batch:
                yield body()
                triples = []
    except SyntaxError as error:
        raise InputError(Location(path, error.lineno or 0, error.offset or 0),
                         f"is not valid Turtle: {error.msg}", _HINT) from error
    except OSError as error:
        raise InputError(Location(path), f"cannot be read: {error.strerror or error}",
                         _HINT) from error
    if triples:
        yield body()


def bodies(path: Path, chunk_bytes: int | None = None,
           batch: int | None = None) -> Iterator[Body]:
    """The file's triples as N-Triples request bodies, streamed (sizes: CHUNK_BYTES and
    TURTLE_BATCH unless given)."""
    chunk_bytes, batch = chunk_bytes or CHUNK_BYTES, batch or TURTLE_BATCH
    if path.suffix == ".nt":
        try:
            yield from _ntriples(path, chunk_bytes)
        except OSError as error:
            raise InputError(Location(path), f"cannot be read: {error.strerror or error}",
                             _HINT) from error
    else:
        yield from _turtle(path, batch)
