"""Resolve what a person types (a label, a synonym, a CURIE or an IRI) to one NAPO class, and
suggest the nearest names when it resolves to nothing.

rdflib is imported inside the functions: the command modules import `nearest` for question and
vocabulary names, and `napo --help` must not pay for an RDF library.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from napo.core.errors import NapoError

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

_NAPO = "https://w3id.org/napo/"
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


def _candidates(graph: Graph, within: str | None) -> dict[URIRef, list[str]]:
    from rdflib import URIRef
    from rdflib.namespace import RDFS, SKOS

    if within is None:  # any NAPO term with a label
        members = {c for c in graph.subjects(RDFS.label, None) if isinstance(c, URIRef)}
    else:
        members = {c for c in graph.subjects(RDFS.subClassOf, URIRef(within))
                   if isinstance(c, URIRef)}
        members.add(URIRef(within))
    return {c: [str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(c, p)]
            for c in members if str(c).startswith(_NAPO)}


def suggestions(graph: Graph, name: str, within: str | None = None, limit: int = 5) -> list[str]:
    """'label (CURIE)' for the terms whose labels, synonyms or local names are nearest to name."""
    return [f"{label} ({curie})" for label, curie in nearest_terms(graph, name, within, limit)]


def nearest_terms(graph: Graph, name: str, within: str | None = None,
                  limit: int = 5) -> list[tuple[str, str]]:
    """(label or synonym, CURIE) of the terms nearest to name, best first, one per term."""
    from napo.core.prefixes import compact

    by_name: dict[str, URIRef] = {}
    labels: set[str] = set()
    for term, names in _candidates(graph, within).items():
        labels.update(names)
        for text in (*names, compact(term), str(term).removeprefix(_NAPO)):
            by_name.setdefault(text, term)
    shown: dict[URIRef, tuple[str, str]] = {}
    for hit in nearest(name, by_name, limit=limit * 4, cutoff=0.6):
        term = by_name[hit]  # the label or synonym that matched, else the term's label
        shown.setdefault(term, (hit if hit in labels else _label(graph, term) or hit,
                                compact(term)))
    return list(shown.values())[:limit]


def _label(graph: Graph, term: URIRef) -> str:
    from rdflib.namespace import RDFS

    return str(graph.value(term, RDFS.label) or "")


def resolve(graph: Graph, name: str, within: str | None = PROCEDURE) -> URIRef:
    """The one class under `within` that `name` denotes; a clear error with suggestions if not."""
    from rdflib import URIRef

    from napo.core.namespaces import PREFIXES, compact

    candidates = _candidates(graph, within)
    kind = (_label(graph, URIRef(within)) or "term") if within is not None else "NAPO term"
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        iri = URIRef(str(PREFIXES[prefix]) + local)
    elif name.startswith(("http://", "https://", "<")):
        iri = URIRef(name.strip("<>"))
    else:
        wanted = name.strip().casefold()
        hits = sorted({c for c, names in candidates.items()
                       if any(n.casefold() == wanted for n in names)})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            listed = ", ".join(f"{compact(h)} ({_label(graph, h)})" for h in hits)
            raise UnknownNameError(f"{name!r} matches several classes: {listed}",
                                   "name one of them by its CURIE or full label")
        raise UnknownNameError(f"no {kind} is called {name!r}",
                               _hint(graph, name, within, kind))
    if iri not in candidates:
        raise UnknownNameError(f"{compact(iri)} is not a {kind} in NAPO",
                               _hint(graph, local if local else name, within, kind))
    return iri


def _hint(graph: Graph, name: str, within: str | None, kind: str) -> str:
    close = suggestions(graph, name, within)
    if close:
        return "did you mean: " + "; ".join(close)
    return f"no {kind} has a similar name; `napo query procedure_matrix` lists the procedures"


def kind_of(graph: Graph, term: URIRef) -> dict[str, str]:
    """The NAPO branches a class belongs to (Procedure, Condition ...) with their labels; empty
    for anything that is not a NAPO class (an external code, a literal)."""
    from rdflib.namespace import RDFS

    def napo_parents(node: object) -> set[str]:
        return {str(p) for p in graph.objects(node, RDFS.subClassOf)
                if str(p).startswith(_NAPO) and p != node}
    ancestors = napo_parents(term) or ({str(term)} if str(term).startswith(_NAPO) else set())
    tops = {a for a in ancestors if not napo_parents(_uri(a))}
    return {t: _label(graph, _uri(t)) or t.removeprefix(_NAPO) for t in sorted(tops)}


def _uri(text: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(text)


def term_hint(graph: Graph, term: URIRef) -> str:
    """Nearest names for a term the graph lacks: labels for a NAPO term, codes of the same
    vocabulary for an external one."""
    from napo.core.prefixes import compact

    curie = compact(str(term))
    prefix, _, local = curie.partition(":")
    if str(term).startswith(_NAPO):
        close = suggestions(graph, local)
    else:
        codes = {compact(str(o)) for o in graph.objects() if str(o).startswith(
            str(term)[:len(str(term)) - len(local)]) and local}
        close = nearest(curie, codes) if prefix != curie else []
    if close:
        return "did you mean: " + "; ".join(close)
    return "check the spelling; `napo queries` lists each question's parameters and defaults"

