"""Reading competency-question answers in tests: run a question on a store, pick a column."""

from __future__ import annotations

from napo.queries.query import Results, bindings, find_question, run_oxigraph


def ask(store, name: str, **params: str) -> Results:
    question = find_question(name)
    return run_oxigraph(store, question, bindings(question, params))


def column(results: Results, name: str) -> list[str]:
    index = results.variables.index(name)
    return [row[index][1] if row[index] else "" for row in results.rows]


def local(values) -> set[str]:
    return set(names(values))


def names(values) -> list[str]:
    """Local names, in row order."""
    return [v.rsplit("/", 1)[-1] for v in values]
