"""Resolve what a person types (a label, a synonym, a CURIE or an IRI) to one NAPO class, and
suggest the nearest names when it resolves to nothing.

Names are looked up in a `Lexicon`: the labels, synonyms and parents of the terms. Read
commands pass the built store's (napo.stores.lexicon, plain pyoxigraph lookups), so resolving
a name costs no RDF library import; an rdflib Graph is accepted too and read through
`GraphLexicon`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from napo.core.errors import NapoError
from napo.core.prefixes import PREFIXES, compact

if TYPE_CHECKING:
    from rdflib import Graph

_NAPO = PREFIXES["napo"]
_LABEL = PREFIXES["rdfs"] + "label"
_ALT_LABEL = PREFIXES["skos"] + "altLabel"
_SUBCLASS_OF = PREFIXES["rdfs"] + "subClassOf"
PROCEDURE = _NAPO + "Procedure"  # the default kind: commands that take procedures


class UnknownNameError(NapoError):
    """A name that matches no class, or several."""

    exit_code = 2


def similarity(word: str, candidate: str) -> float:
    """0..1, case-insensitive: a typo and a whole word inside a longer name both score high."""
    a, b = word.casefold().strip(), candidate.casefold().strip()
    score = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    if a and a in b:  # "tractotomy" in "trigeminal tractotomy": a partial name, not a typo
        score = max(score, 0.6 + 0.3 * len(a) / len(b))
    return score


def nearest(word: str, choices: Iterable[str], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """The choices most like word, best first; ties keep the shorter name first."""
    scored = sorted(((similarity(word, c), c) for c in set(choices)),
                    key=lambda pair: (-pair[0], len(pair[1]), pair[1]))
    return [c for score, c in scored if score >= cutoff][:limit]


def did_you_mean(word: str, choices: Iterable[str], fallback: str, limit: int = 5) -> str:
    """A hint naming the nearest choices, or fallback when none is near."""
    close = nearest(word, choices, limit)
    return "did you mean: " + ", ".join(close) if close else fallback


class Lexicon(Protocol):
    """What resolving a name needs to know about the terms, by IRI (plain strings)."""

    def labelled(self) -> set[str]:
        """Every IRI with an rdfs:label."""

    def subclasses(self, iri: str) -> set[str]:
        """The IRIs stated or inferred rdfs:subClassOf iri (the built store holds the closure)."""

    def parents(self, iri: str) -> set[str]:
        """The IRIs iri is stated or inferred rdfs:subClassOf."""

    def values(self, iri: str, predicate: str) -> list[str]:
        """The literal values of iri's predicate, sorted."""

    def mentions(self, iri: str) -> bool:
        """Whether iri is a subject or an object anywhere."""

    def objects_in(self, namespace: str) -> set[str]:
        """Every IRI object that starts with namespace (for codes of one vocabulary)."""


class GraphLexicon:
    """A Lexicon over an rdflib Graph (for callers that hold one)."""

    def __init__(self, graph: Graph) -> None:
        from rdflib import URIRef

        self._graph, self._uri = graph, URIRef

    def labelled(self) -> set[str]:
        return {str(s) for s in self._graph.subjects(self._uri(_LABEL), None)
                if isinstance(s, self._uri)}

    def subclasses(self, iri: str) -> set[str]:
        return {str(s) for s in self._graph.subjects(self._uri(_SUBCLASS_OF), self._uri(iri))
                if isinstance(s, self._uri)}

    def parents(self, iri: str) -> set[str]:
        return {str(o) for o in self._graph.objects(self._uri(iri), self._uri(_SUBCLASS_OF))
                if isinstance(o, self._uri)}

    def values(self, iri: str, predicate: str) -> list[str]:
        return sorted(str(o) for o in self._graph.objects(self._uri(iri), self._uri(predicate)))

    def mentions(self, iri: str) -> bool:
        term = self._uri(iri)
        return (term, None, None) in self._graph or (None, None, term) in self._graph

    def objects_in(self, namespace: str) -> set[str]:
        return {str(o) for o in self._graph.objects() if isinstance(o, self._uri)
                and str(o).startswith(namespace)}


def _lexicon(terms: Lexicon | Graph) -> Lexicon:
    return terms if hasattr(terms, "labelled") else GraphLexicon(terms)  # type: ignore[return-value]


def _candidates(lexicon: Lexicon, within: str | None) -> dict[str, list[str]]:
    """NAPO terms (any labelled one, or within and its subclasses) with labels and synonyms."""
    members = lexicon.labelled() if within is None else {*lexicon.subclasses(within), within}
    return {c: [*lexicon.values(c, _LABEL), *lexicon.values(c, _ALT_LABEL)]
            for c in members if c.startswith(_NAPO)}


def suggestions(terms: Lexicon | Graph, name: str, within: str | None = None,
                limit: int = 5) -> list[str]:
    """'label (CURIE)' for the terms whose labels, synonyms or local names are nearest to name."""
    return [f"{label} ({curie})" for label, curie in nearest_terms(terms, name, within, limit)]


def nearest_terms(terms: Lexicon | Graph, name: str, within: str | None = None,
                  limit: int = 5) -> list[tuple[str, str]]:
    """(label or synonym, CURIE) of the terms nearest to name, best first, one per term."""
    lexicon = _lexicon(terms)
    by_name: dict[str, str] = {}
    labels: set[str] = set()
    for term, names in sorted(_candidates(lexicon, within).items()):
        labels.update(names)
        for text in (*names, compact(term), term.removeprefix(_NAPO)):
            by_name.setdefault(text, term)
    shown: dict[str, tuple[str, str]] = {}
    for hit in nearest(name, by_name, limit=limit * 4, cutoff=0.6):
        term = by_name[hit]  # the label or synonym that matched, else the term's label
        shown.setdefault(term, (hit if hit in labels else label(lexicon, term) or hit,
                                compact(term)))
    return list(shown.values())[:limit]


def label(terms: Lexicon | Graph, iri: str) -> str:
    """The term's rdfs:label ('' if it has none; the first, if a QC error gave it two)."""
    values = _lexicon(terms).values(str(iri), _LABEL)
    return values[0] if values else ""


def resolve(terms: Lexicon | Graph, name: str, within: str | None = PROCEDURE) -> str:
    """The IRI of the one class under `within` that `name` denotes; a clear error with
    suggestions if there is none or several."""
    lexicon = _lexicon(terms)
    candidates = _candidates(lexicon, within)
    kind = (label(lexicon, within) or "term") if within is not None else "NAPO term"
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        iri = PREFIXES[prefix] + local
    elif name.startswith(("http://", "https://", "<")):
        iri = name.strip("<>")
    else:
        wanted = name.strip().casefold()
        hits = sorted({c for c, names in candidates.items()
                       if any(n.casefold() == wanted for n in names)})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            listed = ", ".join(f"{compact(h)} ({label(lexicon, h)})" for h in hits)
            raise UnknownNameError(f"{name!r} matches several classes: {listed}",
                                   "name one of them by its CURIE or full label")
        raise UnknownNameError(f"no {kind} is called {name!r}",
                               _hint(lexicon, name, within, kind))
    if iri not in candidates:
        raise UnknownNameError(f"{compact(iri)} is not a {kind} in NAPO",
                               _hint(lexicon, local if local else name, within, kind))
    return iri


def _hint(lexicon: Lexicon, name: str, within: str | None, kind: str) -> str:
    close = suggestions(lexicon, name, within)
    if close:
        return "did you mean: " + "; ".join(close)
    return f"no {kind} has a similar name; `napo query procedure_matrix` lists the procedures"


def kind_of(terms: Lexicon | Graph, term: str) -> dict[str, str]:
    """The NAPO branches a class belongs to (Procedure, Condition ...) with their labels; empty
    for anything that is not a NAPO class (an external code, a literal)."""
    lexicon = _lexicon(terms)

    def napo_parents(node: str) -> set[str]:
        return {p for p in lexicon.parents(node) if p.startswith(_NAPO) and p != node}
    term = str(term)
    ancestors = napo_parents(term) or ({term} if term.startswith(_NAPO) else set())
    tops = {a for a in ancestors if not napo_parents(a)}
    return {t: label(lexicon, t) or t.removeprefix(_NAPO) for t in sorted(tops)}


def term_hint(terms: Lexicon | Graph, term: str) -> str:
    """Nearest names for a term the graph lacks: labels for a NAPO term, codes of the same
    vocabulary for an external one."""
    lexicon = _lexicon(terms)
    term = str(term)
    curie = compact(term)
    prefix, _, local = curie.partition(":")
    if term.startswith(_NAPO):
        close = suggestions(lexicon, local)
    else:
        codes = {compact(o) for o in lexicon.objects_in(term[:len(term) - len(local)])} \
            if local else set()
        close = nearest(curie, codes) if prefix != curie else []
    if close:
        return "did you mean: " + "; ".join(close)
    return "check the spelling; `napo queries` lists each question's parameters and defaults"
