"""Competency questions: load .rq files with their header, bind parameters as RDF terms, run.

pyoxigraph (in memory) is the default engine; rdflib is the reference engine. Results come back
as plain (kind, value, datatype-or-language) tuples so that the two can be compared exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from napo.core.errors import InputError, Location, NapoError
from napo.core.files import path_kind, read_text
from napo.core.prefixes import compact
from napo.core.resources import project_root
from napo.queries.binding import (
    Node,
    QueryError,
    bindings,
    parse_term,
    split_values,
    with_values,
)
from napo.queries.sparql_guard import Unanalysable, uses_service

_HEADER = re.compile(r"^#\s*(title|question|param|layer|note)\s*:\s*(.+?)\s*$")
_PARAM = re.compile(r"^(\w+)\s*=\s*(\S+)\s*(?:\((.*)\))?$")

if TYPE_CHECKING:  # rdflib is the reference engine only: a read command never imports it
    from rdflib import Graph

Term = tuple[str, str, str]  # ("iri" | "literal" | "bnode", value, datatype or @lang)
Row = tuple[Term | None, ...]


@dataclass
class CompetencyQuestion:
    name: str
    path: Path
    title: str
    question: str
    text: str
    params: dict[str, str] = field(default_factory=dict)  # name -> default (CURIE or IRI)
    param_notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Results:
    variables: list[str]
    rows: list[Row]


def cq_dir() -> Path:
    return project_root() / "queries" / "cq"


def load_question(path: Path) -> CompetencyQuestion:
    text = read_text(path)  # a directory, a refused read or UTF-16 gets its own message
    fields: dict[str, str] = {}
    params: dict[str, str] = {}
    notes: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            key, value = match.groups()
            if key == "param":
                if not (param := _PARAM.match(value)):
                    raise InputError(Location(path), f"bad '# param:' line: {value!r}",
                                     "write '# param: name = napo:Default (what it means)'")
                params[param.group(1)] = param.group(2)
                notes[param.group(1)] = param.group(3) or ""
            else:
                fields[key] = value
    _refuse_federation(path, text)
    try:
        ox.Store().query(text)
    except SyntaxError as error:
        raise QueryError(f"{path}: SPARQL syntax error: {error}",
                         "fix the query; `napo queries` lists the working ones") from error
    return CompetencyQuestion(path.stem, path, fields.get("title", path.stem),
                              fields.get("question", ""), text, params, notes)


def _refuse_federation(path: Path, text: str) -> None:
    """pyoxigraph evaluates SERVICE by fetching the IRI (even on an empty store, while NAPO only
    checks the syntax), so a query file that names one is refused before any engine sees it:
    NAPO never makes an outbound request on a query's behalf."""
    try:
        federated = uses_service(text)
    except Unanalysable as error:
        raise QueryError(f"{path}: the query cannot be checked for SERVICE ({error})",
                         "simplify the query text around the position named") from error
    if federated:
        raise QueryError(f"{path}: SERVICE is refused: NAPO makes no outbound requests, so "
                         "federated queries are not evaluated",
                         "load the other dataset into a store of your own and query both "
                         "there, or remove the SERVICE clause")


def list_questions() -> list[CompetencyQuestion]:
    return [load_question(p) for p in sorted(cq_dir().glob("*.rq"))]


def find_question(name_or_file: str) -> CompetencyQuestion:
    path = Path(name_or_file)
    kind = path_kind(path)
    if path.suffix == ".rq" and kind in ("file", "other"):
        return load_question(path)
    candidate = cq_dir() / f"{name_or_file}.rq"
    if "/" not in name_or_file and path_kind(candidate) == "file":
        return load_question(candidate)
    if kind == "dir":
        raise InputError(Location(path), "is a directory, not a query file",
                         "give a .rq file in it, or a competency question's name "
                         "(`napo queries` lists them)")
    from napo.core.names import did_you_mean

    names = [p.stem for p in sorted(cq_dir().glob("*.rq"))]
    raise QueryError(f"no competency question or .rq file named {name_or_file!r}",
                     did_you_mean(Path(name_or_file).stem, names,
                                  "`napo queries` lists the competency questions"))


def _term(node: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return ("iri", node.value, "")
    if isinstance(node, ox.Literal):
        return ("literal", node.value, f"@{node.language}" if node.language
                else node.datatype.value)
    return ("bnode", "", "")


def _rdflib_term(node: object) -> Term | None:
    from rdflib import Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return ("iri", str(node), "")
    if isinstance(node, Literal):
        return ("literal", str(node), f"@{node.language}" if node.language
                else str(node.datatype or "http://www.w3.org/2001/XMLSchema#string"))
    return ("bnode", "", "")


# default_graph for a store that holds nothing but the graphs to query: their union, which
# pyoxigraph answers 2-2.5x faster than the same graphs listed (docs/benchmarks.md).
ALL_GRAPHS = "all named graphs"
Dataset = list[ox.NamedNode] | str | None


def run_oxigraph(store: ox.Store, question: CompetencyQuestion, values: dict[str, Node],
                 default_graph: Dataset = None) -> Results:
    """Run on pyoxigraph; default_graph (e.g. the five layers, or ALL_GRAPHS) replaces the
    store's own."""
    text = with_values(question.text, values)
    if default_graph == ALL_GRAPHS:
        return from_oxigraph(store.query(text, use_default_graph_as_union=True))
    return from_oxigraph(store.query(text, default_graph=default_graph))


def run_rdflib(graph: Graph, question: CompetencyQuestion, values: dict[str, Node]) -> Results:
    """Run on rdflib's engine, which accepts less than pyoxigraph (LATERAL, RDF-star) and fails
    on some type errors that SPARQL says leave a value unbound: both become a QueryError."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(question.text)
    except ParseException as error:
        raise QueryError(f"{question.path}:{error.lineno}:{error.col}: rdflib's SPARQL parser "
                         "rejects the query: "
                         + re.sub(r"\s*\(at char \d+\).*$", "", str(error), flags=re.S),
                         "run it on the default engine (--engine oxigraph), or write it in "
                         "plain SPARQL 1.1") from error
    try:
        return from_rdflib(graph.query(with_values(question.text, values)))
    except NapoError:
        raise
    except Exception as error:  # rdflib's evaluator raises many types; none is the user's bug
        raise QueryError(f"rdflib's SPARQL engine fails on {question.path}: "
                         f"{type(error).__name__}: {error}",
                         "run it on the default engine (--engine oxigraph); rdflib raises "
                         "where SPARQL leaves a value unbound (e.g. SUM over strings)") from error


def from_oxigraph(solutions: ox.QuerySolutions) -> Results:
    variables = [v.value for v in solutions.variables]
    return Results(variables, [tuple(_term(s[v]) for v in variables) for s in solutions])


def from_rdflib(result) -> Results:
    variables = [str(v) for v in result.vars]
    return Results(variables, [tuple(_rdflib_term(row[v]) for v in variables) for row in result])


def display(term: Term | None) -> str:
    return "" if term is None else compact(term[1]) if term[0] == "iri" else term[1]


# Binding lives in napo.queries.binding; these names are part of this module's interface too.
__all__ = ["Node", "QueryError", "bindings", "parse_term", "split_values", "with_values"]
