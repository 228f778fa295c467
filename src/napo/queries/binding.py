"""Parameters as RDF terms, and the one way they reach a query: an inline VALUES block.

A value a person types (a CURIE, an <IRI> or a "literal") is parsed into one pyoxigraph term
and written back escaped, never pasted into the query text, so it cannot change the query's
meaning; anything else is refused with an explanation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox

from napo.core.errors import NapoError
from napo.core.prefixes import PREFIXES

if TYPE_CHECKING:
    from napo.queries.query import CompetencyQuestion

_CURIE = re.compile(r"^([A-Za-z][\w-]*):([\w\-.]+)$")
Node = ox.NamedNode | ox.Literal  # a bound parameter; str() writes it as escaped N-Triples


class QueryError(NapoError):
    """A query or parameter that cannot be run."""

    exit_code = 2


def parse_term(value: str) -> Node:
    """A parameter value as an RDF term: a CURIE, an <IRI>, or a quoted literal.

    Values are bound as terms, never pasted into the query, so they cannot change its meaning;
    anything that is not one clean term is refused with an explanation.
    """
    if match := _CURIE.match(value):
        prefix, local = match.groups()
        if prefix not in PREFIXES:
            raise QueryError(f"unknown prefix {prefix!r} in parameter value {value!r}",
                             "use one of: " + ", ".join(PREFIXES))
        return ox.NamedNode(PREFIXES[prefix] + local)
    if len(value) >= 2 and value[0] == "<" and value[-1] == ">":
        return _iri(value)
    if len(value) >= 2 and value[0] == value[-1] == '"' and '"' not in value[1:-1]:
        return ox.Literal(value[1:-1])
    raise QueryError(f"parameter value {value!r} is not a single RDF term",
                     "give a CURIE such as napo:Neuralgia, an IRI in <...>, or a \"literal\"")


def _iri(value: str) -> ox.NamedNode:
    """<...> as an absolute IRI, or a QueryError saying which character or part is wrong."""
    iri = value[1:-1]
    bad = next((c for c in iri if c.isspace() or ord(c) < 32 or ord(c) == 127
                or c in '<>"{}|\\^`'), "")
    if not iri or bad:
        raise QueryError(f"parameter value {value!r} is not an IRI: " + (
                         f"it contains {bad!r} (U+{ord(bad):04X})" if bad else "it is empty"),
                         "IRIs may not contain spaces, control characters or <>\"{}|\\^`; "
                         "percent-encode them (%20)")
    try:  # pyoxigraph checks the rest of RFC 3987, the scheme first
        return ox.NamedNode(iri)
    except ValueError as error:
        raise QueryError(f"parameter value {value!r} is not an absolute IRI: {error}",
                         "write the whole IRI with its scheme, e.g. "
                         "<https://w3id.org/napo/Neuralgia>, or a CURIE such as "
                         "napo:Neuralgia") from error


def bindings(question: CompetencyQuestion,
             given: dict[str, str]) -> dict[str, Node | list[Node]]:
    """Each parameter as one term; a parameter whose default lists several comma-separated
    values (`# param: procedures = napo:A,napo:B`) takes any number, as a list of terms."""
    unknown = set(given) - set(question.params)
    if unknown:
        raise QueryError(f"{question.name} has no parameter(s) {', '.join(sorted(unknown))}",
                         "its parameters: " + (", ".join(question.params) or "none"))
    return {name: [parse_term(v) for v in split_values(given.get(name, default))]
            if len(split_values(default)) > 1 else parse_term(given.get(name, default))
            for name, default in question.params.items()}


def split_values(value: str) -> list[str]:
    """Comma-separated values, keeping commas inside <IRI>s and "literals"; empty parts are
    refused (parse_term says why)."""
    parts, current, closing = [], "", ""
    for char in value:
        if closing:
            closing = "" if char == closing else closing
        elif char in '<"':
            closing = ">" if char == "<" else '"'
        elif char == ",":
            parts.append(current.strip())
            current = ""
            continue
        current += char
    return [*parts, current.strip()]


# What may stand between the start of a query and its WHERE group's "{": comments, strings and
# IRIs are skipped as whole tokens so that a "{" or "#" inside them is not mistaken for syntax.
_SKIP = re.compile(r"""#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|<[^<>"{}|^`\\\s]*>""")


def with_values(text: str, values: dict[str, Node | list[Node]]) -> str:
    """The query with an inline VALUES block opening its outermost group.

    One binding mechanism for every engine, because engine-specific ones disagree (pyoxigraph's
    substitutions leave `BIND(?param AS ?x)` unbound when nothing else mentions ?x; a remote
    endpoint has none). Values are parsed terms written as escaped N-Triples terms, never raw
    user text. Inline data joins the whole WHERE group, so a parameter must not be needed
    inside a UNION branch or sub-select before that join: the engine-agreement tests run every
    competency question on every engine.
    """
    if not values:
        return text
    position = 0
    while True:
        skipped = _SKIP.match(text, position)
        if skipped and skipped.end() > position:
            position = skipped.end()
            continue
        if position >= len(text):
            raise QueryError("cannot find the query's WHERE group to bind its parameters",
                             "parameters work with SELECT and ASK queries")
        if text[position] == "{":
            break
        position += 1
    single = {name: _written(v) for name, v in values.items() if not isinstance(v, list)}
    blocks = [f"VALUES ({' '.join(f'?{name}' for name in single)}) "
              f"{{ ({' '.join(single.values())}) }}"] if single else []
    blocks += [f"VALUES ?{name} {{ {' '.join(_written(term) for term in v)} }}"  # a row each
               for name, v in values.items() if isinstance(v, list)]
    return text[:position + 1] + "".join(f"\n  {b}" for b in blocks) + text[position + 1:]


def _written(term: Node) -> str:
    """A bound value as an escaped N-Triples term: only pyoxigraph terms, which write
    themselves escaped (rdflib's str() of a URIRef is the bare IRI, not a term)."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise TypeError(f"bind a pyoxigraph NamedNode or Literal, not {type(term).__name__}")
    return str(term)
