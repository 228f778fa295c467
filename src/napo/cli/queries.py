"""`napo queries` and `napo query`: competency questions on any engine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from napo.cli.answers import ENGINES, names, run_question
from napo.cli.options import (
    EndpointOption,
    FormatOption,
    PasswordOption,
    RemoteOptions,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.cli.root import app, fail, warn
from napo.core.errors import NapoError, UsageError
from napo.queries.results import Listing, check_format, emit, emit_results

# rdflib, pyoxigraph and the store are imported inside the functions, when a command runs:
# importing them here would make every `napo --help` pay for them (seconds, not milliseconds).
if TYPE_CHECKING:
    from napo.queries.query import CompetencyQuestion

def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--param {pair!r} is not NAME=VALUE",
                             "e.g. --param condition=napo:Neuralgia")
        if not value.strip():  # an empty label would "resolve" to a guess
            raise UsageError(f"--param {pair!r} has no value",
                             "e.g. --param condition=napo:Neuralgia")
        params[name.strip()] = value.strip()
    return params


def _expects_term(question: CompetencyQuestion, name: str) -> bool:
    """A parameter whose `# param:` default is a CURIE or <IRI> expects a term, never text."""
    default = question.params.get(name, "")
    return bool(default) and not default.startswith('"')


def resolve_params(question: CompetencyQuestion, pairs: list[str]) -> dict[str, str]:
    """NAME=VALUE pairs as terms: a label is looked up, a literal where a term is expected is
    refused with the nearest labels (it could only ever give an empty answer)."""
    from napo.core.names import did_you_mean, nearest_terms, resolve
    from napo.core.prefixes import compact
    from napo.queries.query import QueryError

    params = _parse_params(pairs)
    for key in params:
        if key not in question.params:
            raise QueryError(f"{question.name} has no parameter {key!r}",
                             did_you_mean(key, question.params, "its parameters: "
                                          + (", ".join(question.params) or "none")))
    for key, value in params.items():
        if value.startswith('"') and _expects_term(question, key):
            near = nearest_terms(names(), value.strip('"'), limit=3)
            expecting = [n for n in question.params if _expects_term(question, n)]
            raise QueryError(
                f"--param {key}={value} is a literal, but {key} expects a term (a CURIE, "
                f"<IRI> or label, like its default {question.params[key]}); in "
                f"{question.name}, {', '.join(expecting)} expect(s) terms",
                (f"did you mean --param {key}={near[0][1]}? nearest: "
                 + "; ".join(f"{label} ({curie})" for label, curie in near) if near else
                 f"write a CURIE, e.g. --param {key}={question.params[key]}, or a label "
                 "without quotes"))
        if not value.startswith(("<", '"')) and ":" not in value:  # a label: look it up
            params[key] = compact(resolve(names(), value, None))
    return params


def explain_empty(question: CompetencyQuestion, params: dict[str, str]) -> None:
    """After an empty answer: a parameter naming no term is an error with the nearest names;
    one of another kind than its default (a procedure where a condition is expected) a
    warning. A genuinely empty answer stays silent."""
    import pyoxigraph as ox

    from napo.core.names import kind_of, term_hint
    from napo.queries.query import QueryError, parse_term

    lexicon = names()
    for key, value in params.items():
        parsed = parse_term(value)
        if not isinstance(parsed, ox.NamedNode):
            continue
        term = parsed.value
        if not lexicon.mentions(term):
            raise QueryError(f"--param {key}={value} names no term in the knowledge graph, so "
                             "the answer is empty", term_hint(lexicon, term))
        default = question.params.get(key, "")
        if not default or question.param_notes.get(key, "").startswith("any"):
            continue  # "# param: term = napo:X (any NAPO class)": every kind is right
        wanted, given = kind_of(lexicon, parse_term(default).value), kind_of(lexicon, term)
        if wanted and given and not wanted.keys() & given.keys():
            warn(f"--param {key}={value} is a {' and '.join(given.values())}, but {key} "
                 f"expects a {' and '.join(wanted.values())} (like its default {default}): "
                 "the answer is empty", "`napo queries` lists each question's parameters")


@app.command()
def queries(fmt: FormatOption = "table") -> None:
    """List the competency questions with their titles and parameters."""
    from napo.queries.query import list_questions

    try:
        check_format(fmt)
        listing = Listing("competency questions (napo query NAME)",
                          ("name", "title", "parameters (defaults)"),
                          [(q.name, q.title, ", ".join(f"{k}={v}" for k, v in q.params.items()))
                           for q in list_questions()], frozenset({"name"}))
    except NapoError as error:
        fail(error)
    emit(listing, fmt)


@app.command()
def query(
    name: Annotated[str, typer.Argument(metavar="NAME|FILE.rq",
                                        help="A competency question name or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", metavar="NAME=VALUE", help="A parameter, repeatable: VALUE is a CURIE, "
        "<IRI>, class label or (only where the question takes text) \"literal\".")] = None,
    fmt: FormatOption = "table",
    engine: Annotated[str, typer.Option(metavar="oxigraph|rdflib",
                                        help="The embedded engine.")] = "oxigraph",
    store: Annotated[Path | None, typer.Option(
        metavar="DIR", help="Keep the embedded store in this directory (built once, rebuilt "
                            "when the ontology or data/ change) instead of in memory.")] = None,
    endpoint: EndpointOption = None,
    graph: Annotated[list[str] | None, typer.Option(
        "--graph", metavar="IRI",
        help="With --endpoint: the graph(s) to query as the default graph "
             "(default: the five NAPO layer graphs that `napo load` writes).")] = None,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a competency question on pyoxigraph (default), rdflib or a remote SPARQL endpoint.

    A parameter that names no term is an error with the nearest names, never an empty answer.
    """
    from napo.queries.query import QueryError, find_question

    try:
        check_format(fmt)
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}", "use " + ", ".join(ENGINES))
        if endpoint and (store or engine != "oxigraph"):
            raise QueryError("--endpoint cannot be combined with --store or --engine",
                             "the remote server is the engine")
        question = find_question(name)
        params = resolve_params(question, param or [])
        remote = RemoteOptions(endpoint, server, user, password, timeout,
                               graphs=graph or []) if endpoint else None
        results = run_question(question, params, engine, store, remote, timeout)
        if not results.rows and params and remote is None:
            explain_empty(question, params)
    except NapoError as error:
        fail(error)
    emit_results(results, f"{question.title} ({len(results.rows)} rows)", fmt)
