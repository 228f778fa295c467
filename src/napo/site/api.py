"""The live parts of the site, as JSON/CSV answers that `napo serve` mounts under /api/.

Only NAPO's own questions run: the request names a competency question (or asks for the
comparison) and gives parameter values, each parsed into one RDF term (a CURIE, an <IRI>, a
"literal", or a label or synonym looked up in the store) and bound by the inline VALUES block
of napo.queries.query.with_values, written as an escaped N-Triples term. No text a user sends
becomes query text, so the answers are `napo query NAME --param ...` and `napo compare`'s, run
on the same built store with the same engine (pyoxigraph in memory). `format=sparql` answers
the query text with those values bound instead of running it: what the question page shows
and opens in the SPARQL editor.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus

from napo.core.errors import NapoError
from napo.core.prefixes import compact
from napo.queries.binding import Node
from napo.queries.compare import LAYERS, compare
from napo.queries.query import (
    CompetencyQuestion,
    QueryError,
    bindings,
    find_question,
    list_questions,
    run_oxigraph,
    with_values,
)
from napo.queries.results import Listing, results_listing, to_delimited, to_json
from napo.stores.cache import Built
from napo.stores.pages import Answer, Route

MAX_VALUES = 12  # values of one many-valued parameter (and procedures to compare)
FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8",
           "tsv": "text/tab-separated-values; charset=utf-8",
           "sparql": "application/sparql-query; charset=utf-8"}  # the bound query, not run


Form = Mapping[str, list[str]]


def _error(error: NapoError, status: int = HTTPStatus.BAD_REQUEST) -> Answer:
    body = json.dumps({"error": error.message, "hint": error.hint}, ensure_ascii=False)
    return Answer(status, "application/json", body.encode("utf-8"))


def _format(form: Form) -> str:
    fmt = (form.get("format") or ["json"])[-1]
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}", "use format=" + "|".join(FORMATS))
    return fmt


def _term_text(value: str, graph: object) -> str:
    """A CURIE, <IRI> or "literal" as given; any other text is a label or synonym, resolved."""
    from napo.core.names import resolve

    value = value.strip()
    if value.startswith(("<", '"')) or (":" in value and " " not in value):
        return value
    return compact(str(resolve(graph, value, None)))


class Api:
    """The /api/ routes over one built store (napo.stores.cache.Built)."""

    def __init__(self, built: Callable[[], Built]) -> None:
        self.built = built
        self.questions = {q.name: q for q in list_questions()}

    def routes(self) -> dict[str, Route]:
        return {"/api/question": self.question, "/api/compare": self.compare}

    def question(self, form: Form) -> Answer:
        """?name=NAME&param.P=VALUE (repeated for a many-valued P)&format=json|csv|tsv|sparql."""
        try:
            fmt = _format(form)
            built = self.built()
            question, values = self._bound(form, built.lexicon)
            if fmt == "sparql":
                text = with_values(question.text, values)
                return Answer(HTTPStatus.OK, FORMATS[fmt], text.encode("utf-8"),
                              f"{question.name}.rq")
            results = run_oxigraph(built.store, question, values, built.dataset)
            if not results.rows:
                _explain_empty(values, built)
        except NapoError as error:
            return _error(error)
        if fmt == "json":
            return Answer(HTTPStatus.OK, FORMATS[fmt], to_json(results).encode("utf-8"))
        listing = results_listing(results, question.title, full_iris=True)
        return Answer(HTTPStatus.OK, FORMATS[fmt],
                      to_delimited(listing, "," if fmt == "csv" else "\t").encode("utf-8"),
                      f"{question.name}.{fmt}")

    def _bound(self, form: Form, lexicon: object
               ) -> tuple[CompetencyQuestion, dict[str, Node | list[Node]]]:
        """The named question and its parameters from the form, each parsed into RDF terms
        (a label or synonym looked up in lexicon first)."""
        name = (form.get("name") or [""])[-1]
        if name not in self.questions:
            raise QueryError(f"no competency question named {name!r}",
                             "the question page lists them")
        question = find_question(name)
        given: dict[str, str] = {}
        for key, values in form.items():
            if not key.startswith("param."):
                continue
            chosen = [v for v in values if v.strip()]
            if len(chosen) > MAX_VALUES:
                raise QueryError(f"{key[6:]}: at most {MAX_VALUES} values", "")
            if chosen:
                given[key[6:]] = ",".join(_term_text(v, lexicon) for v in chosen)
        return question, bindings(question, given)  # each value parsed into one RDF term

    def compare(self, form: Form) -> Answer:
        """?procedure=NAME (two or more)&layer=curated|claims|all&format=json|csv|tsv."""
        from napo.core.errors import UsageError
        from napo.core.names import resolve

        try:
            fmt = _format(form)
            layer = (form.get("layer") or ["curated"])[-1]
            if layer not in LAYERS:
                raise UsageError(f"unknown layer {layer!r}", "use " + "|".join(LAYERS))
            names = [v.strip() for v in form.get("procedure", []) if v.strip()]
            if len(names) > MAX_VALUES:
                raise UsageError(f"at most {MAX_VALUES} procedures", "")
            built = self.built()
            chosen = list(dict.fromkeys(resolve(built.lexicon, n) for n in names))
            if len(chosen) < 2:
                raise UsageError("compare needs two or more different procedures",
                                 "pick at least two")
            labels = {str(iri): _label(built, iri) for iri in chosen}
            rows = compare(built.store, chosen, layer, built.dataset, labels)
        except NapoError as error:
            return _error(error)
        columns = ["kind", "object", "shared", *(labels[str(iri)] for iri in chosen)]
        table = [[row.kind.removesuffix(" association"), row.label, row.sharing, *row.cells]
                 for row in rows]
        if fmt == "json":
            body = json.dumps({"layer": layer, "columns": columns,
                               "procedures": [compact(str(i)) for i in chosen],
                               "objects": [compact(row.object) for row in rows],
                               "rows": table}, ensure_ascii=False, indent=1)
            return Answer(HTTPStatus.OK, FORMATS[fmt], body.encode("utf-8"))
        listing = Listing("comparison", columns, table)
        return Answer(HTTPStatus.OK, FORMATS[fmt],
                      to_delimited(listing, "," if fmt == "csv" else "\t").encode("utf-8"),
                      f"compare.{fmt}")


def _explain_empty(values: Mapping[str, object], built: Built) -> None:
    """An empty answer because a value names no term is an error, as in `napo query`."""
    import pyoxigraph as ox

    from napo.core.names import term_hint

    for name, value in values.items():
        for given in value if isinstance(value, list) else [value]:
            if not isinstance(given, ox.NamedNode):  # parsed terms are pyoxigraph's
                continue
            if not built.lexicon.mentions(given.value):
                raise QueryError(f"{name}={compact(given.value)} names no term in the knowledge "
                                 "graph, so the answer is empty",
                                 term_hint(built.lexicon, given.value))


def _label(built: Built, iri: str) -> str:
    """A procedure's label, else its CURIE."""
    from napo.core.names import label

    return label(built.lexicon, iri) or compact(iri)
