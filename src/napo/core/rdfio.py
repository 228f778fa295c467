"""Reading RDF with precise error locations, and writing it byte-for-byte reproducibly."""

from __future__ import annotations

import codecs
import errno
import re
import stat
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from napo.core.errors import InputError, Location
from napo.core.namespaces import new_graph

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}
_POSITION = re.compile(r"at line (\d+) between columns (\d+)")
_UNDECLARED_PREFIX = re.compile(r"prefix (\S+?):? has not been declared", re.IGNORECASE)


def _hint_for(message: str) -> str:
    if match := _UNDECLARED_PREFIX.search(message):
        return (
            f"add '@prefix {match.group(1)}: <...> .' at the top of the file, "
            "or use one of the prefixes it already declares"
        )
    if "expected" in message.lower() or "unexpected" in message.lower():
        return "check the statement ends with ' .', lists with ' ;' or ' ,', and quotes are closed"
    return "fix the Turtle syntax at that position; `napo build` changes nothing until it parses"


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # "x" and "x"^^xsd:string are one term in RDF 1.1
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def _encoding_guess(raw: bytes) -> tuple[str, str]:
    """What a file that is not UTF-8 most likely is, and the command that converts it.

    "Invalid UTF-8" alone does not tell a user that the editor saved UTF-16 or Latin-1.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return (f"it is {name} (byte-order mark)",
                    f"convert it: iconv -f {name} -t UTF-8 FILE > FILE.utf8")
    head = raw[:4096]
    nuls = head.count(0)
    if nuls and nuls >= len(head) // 4 and (head[1::2].count(0) > nuls * 0.9
                                             or head[0::2].count(0) > nuls * 0.9):
        return ("it looks like UTF-16 without a byte-order mark",
                "convert it: iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8 (or UTF-16BE)")
    if nuls or sum(head.count(c) for c in _CONTROL) > len(head) // 100:
        return ("it is a binary file, not text", "give a plain-text (UTF-8) file")
    return ("it looks like Latin-1 (ISO-8859-1 or Windows-1252)",
            "convert it: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8")


def decode_utf8(raw: bytes, path: Path) -> str:
    """raw as UTF-8 text; otherwise an InputError that names the encoding and the first bad
    byte's line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        what, hint = _encoding_guess(raw)
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputError(Location(path, line, column),
                         f"not UTF-8 text (byte 0x{raw[error.start]:02x}): {what}",
                         hint.replace("FILE", str(path))) from error


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what Path.exists ignores


def path_kind(path: Path) -> str:
    """'dir', 'file', 'other' or 'missing'. Path.is_file() raises on a name the system refuses
    (300 characters, a NUL byte); here that is an InputError naming the problem."""
    try:
        mode = Path(path).stat().st_mode
    except ValueError as error:
        raise InputError(Location(path), f"not a usable path: {error}",
                         "check the argument") from error
    except OSError as error:
        if error.errno in _MISSING:
            return "missing"
        raise InputError(Location(Path(str(path)[:80] + "…" if len(str(path)) > 80 else path)),
                         f"not a usable path: {error.strerror or error}",
                         "check the argument (a file name has at most 255 bytes)") from error
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a directory, a missing file or a refused read is an InputError."""
    path = Path(path)
    try:
        return path.read_bytes()
    except IsADirectoryError as error:
        raise InputError(Location(path), "is a directory, not a file",
                         "give a file inside it") from error
    except FileNotFoundError as error:
        raise InputError(Location(path), "file not found", "check the path") from error
    except PermissionError as error:
        raise InputError(Location(path), "permission denied: cannot read the file",
                         "check its permissions (ls -l), or copy it somewhere readable"
                         ) from error
    except OSError as error:
        raise InputError(Location(path), f"cannot read the file: {error.strerror or error}",
                         "check the path and that the file is readable") from error


def read_text(path: Path) -> str:
    """A UTF-8 text file's content, with a specific message when it cannot be read."""
    return decode_utf8(read_bytes(path), Path(path))


def read_graph(path: Path) -> Graph:
    """Parse a Turtle or N-Triples file; raise InputError with file, line and column on failure.

    pyoxigraph parses (it is fast and reports exact positions, unlike rdflib's BadSyntax);
    the triples are then handed to rdflib, which the rest of the pipeline works on.
    """
    path = Path(path)
    kind = path_kind(path)
    if kind == "dir":
        raise InputError(Location(path), "is a directory, not a Turtle file",
                         "give the .ttl files in it (`napo validate` also takes the directory)")
    if kind == "missing":  # before the suffix: "data/claim" is a typo, not a file type
        raise InputError(Location(path), "file not found", "check the path")
    rdf_format = _FORMATS.get(path.suffix)
    if rdf_format is None:
        raise InputError(Location(path), f"unsupported file type {path.suffix!r}",
                         "give a .ttl (Turtle) or .nt (N-Triples) file")
    raw = read_bytes(path)
    decode_utf8(raw, path)  # pyoxigraph would only say "Invalid UTF-8"
    graph = new_graph()
    try:
        for triple in ox.parse(input=raw, format=rdf_format):
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
    except SyntaxError as error:
        message = str(error.msg if hasattr(error, "msg") else error)
        line, column = error.lineno or 0, error.offset or 0
        if match := _POSITION.search(message):
            line, column = int(match.group(1)), int(match.group(2))
        message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", message)
        message = re.sub(r" \([^()]*, line \d+\)$", "", message)
        raise InputError(Location(path, line, column), message, _hint_for(message)) from error
    except (OSError, ValueError) as error:
        raise InputError(Location(path), str(error), "check the file is readable UTF-8") from error
    return graph


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the equal pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_store(graph: Graph) -> ox.Store:
    """Load graph into an in-memory pyoxigraph store (its SPARQL is 10-80x faster than rdflib's)."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
                      for s, p, o in graph)
    return store
