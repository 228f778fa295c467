"""Resolve what a person types (a label, a synonym, a CURIE or an IRI) to one NAPO class."""

from __future__ import annotations

import difflib

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from napo.core.errors import NapoError
from napo.core.namespaces import NAPO, PREFIXES, compact


class UnknownNameError(NapoError):
    """A name that matches no class, or several."""

    exit_code = 2


def _candidates(graph: Graph, within: URIRef | None) -> dict[URIRef, list[str]]:
    if within is None:  # any NAPO term with a label
        members = {c for c in graph.subjects(RDFS.label, None) if isinstance(c, URIRef)}
    else:
        members = {c for c in graph.subjects(RDFS.subClassOf, within) if isinstance(c, URIRef)}
        members.add(within)
    return {c: [str(n) for p in (RDFS.label, SKOS.altLabel) for n in graph.objects(c, p)]
            for c in members if str(c).startswith(str(NAPO))}


def resolve(graph: Graph, name: str, within: URIRef | None = NAPO.Procedure) -> URIRef:
    """The one class under `within` that `name` denotes; a clear error with suggestions if not."""
    candidates = _candidates(graph, within)
    prefix, _, local = name.partition(":")
    if local and prefix in PREFIXES:
        iri = URIRef(str(PREFIXES[prefix]) + local)
    elif name.startswith(("http://", "https://")):
        iri = URIRef(name.strip("<>"))
    else:
        wanted = name.strip().lower()
        hits = sorted({c for c, names in candidates.items()
                       if any(n.lower() == wanted for n in names)})
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            listed = ", ".join(f"{compact(h)} ({graph.value(h, RDFS.label)})" for h in hits)
            raise UnknownNameError(f"{name!r} matches several classes: {listed}",
                                   "name one of them by its CURIE or full label")
        labels = {n: c for c, names in candidates.items() for n in names}
        close = difflib.get_close_matches(name, list(labels), n=5, cutoff=0.5)
        close += [n for n in labels if wanted in n.lower() and n not in close][:5 - len(close)]
        hint = ("did you mean: " + "; ".join(f"{n} ({compact(labels[n])})" for n in close)
                if close else "`napo query procedure_matrix` lists the procedures")
        kind = graph.value(within, RDFS.label) if within is not None else "NAPO term"
        raise UnknownNameError(f"no {kind} is called {name!r}", hint)
    if iri not in candidates:
        kind = graph.value(within, RDFS.label) or "term"
        raise UnknownNameError(f"{compact(iri)} is not a {kind} in NAPO",
                               "check the spelling; `napo query procedure_matrix` lists them")
    return iri
