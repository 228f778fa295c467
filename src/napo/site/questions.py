"""How each competency question's parameters are asked for on the question page.

A parameter whose default is a term gets a picker offering the labels and synonyms of that
term's branch (any NAPO class for "(any NAPO class)" parameters); one whose default is an
individual (a knowledge layer) a choice among the individuals of its type; a parameter with
several default values (`procedures = napo:A,napo:B`) several pickers; a literal a text box.
The server binds what is sent as RDF terms (napo.site.api), never as query text. Each question
also shows its SPARQL with the defaults bound, as `napo query NAME` sends it: the page's script
replaces it with the form's current values when a server is there to bind them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from napo.core.namespaces import PREFIXES
from napo.queries.query import CompetencyQuestion, bindings, split_values, with_values
from napo.site.model import NS, Catalog

EXTRA_PICKERS = 2  # empty pickers after the defaults of a many-valued parameter


@dataclass
class Field:
    name: str
    note: str
    widget: str  # "picker", "choice" or "text"
    values: list[str]  # shown values: labels of the defaults (pickers), or the literal
    picker: str = "all"  # which list of names the picker offers
    choices: list[tuple[str, str]] = field(default_factory=list)  # (value sent, label)


@dataclass
class Form:
    name: str
    title: str
    question: str
    fields: list[Field]
    sparql: str  # the query with the defaults bound in its VALUES block


def _iri(value: str) -> str:
    prefix, _, local = value.partition(":")
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    return str(PREFIXES[prefix]) + local if prefix in PREFIXES else ""


def _field(question: CompetencyQuestion, name: str, catalog: Catalog) -> Field:
    default = question.params[name]
    note = question.param_notes.get(name, "")
    values = split_values(default)
    if default.startswith('"'):
        return Field(name, note, "text", [v.strip('"') for v in values])
    terms = [catalog.terms.get(_iri(v)) for v in values]
    first = terms[0]
    if first is not None and first.kind == "individual":
        kinds = set(first.types)
        choices = [(t.curie, t.label) for t in catalog.ordered("individual")
                   if kinds & set(t.types)]
        return Field(name, note, "choice", [first.curie], choices=choices)
    if first is None:  # an external code (icd10cm:G50.0): typed as a CURIE
        return Field(name, note, "text", values)
    association = f"{NS}Association"
    if first.kind == "class" and first.is_under("Association") and len(values) == 1:
        # an association kind: napo:Association (every kind) or one of its subclasses
        kinds = sorted(iri for iri, term in catalog.terms.items()
                       if term.kind == "class" and association in term.told_parents
                       and iri.endswith("Association"))  # not CuratedAssertion, SourceClaim
        choices = [(catalog.terms[i].curie, catalog.label(i)) for i in [association, *kinds]]
        return Field(name, note, "choice", [first.curie], choices=choices)
    picker = "all" if note.startswith("any") else (catalog.branch(first) or "all")
    shown = [t.label if t is not None else v for t, v in zip(terms, values, strict=True)]
    if len(values) > 1:
        shown += [""] * EXTRA_PICKERS
    return Field(name, note, "picker", shown, picker=picker)


def question_forms(questions: list[CompetencyQuestion], catalog: Catalog) -> list[Form]:
    return [Form(q.name, q.title, q.question, [_field(q, n, catalog) for n in q.params],
                 with_values(q.text, bindings(q, {}))) for q in questions]
