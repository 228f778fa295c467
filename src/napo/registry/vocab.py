"""What the registry needs from the knowledge graph, read once from the built store.

Names a CSV may use (local names, CURIEs, labels and synonyms), the class hierarchy, and the
curated layer's associations per procedure (targets, modalities, indications, complications
with their frequency band, typical relief): the validator checks against them and the synthetic
generator draws from them, so neither keeps its own copy of clinical knowledge.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox

from napo.core.names import nearest
from napo.registry.model import NAPO, RDFS_SUBCLASS, Iri

_PREFIX = f"PREFIX napo: <{NAPO}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
_CURATED = _PREFIX + """
SELECT ?kind ?procedure ?object ?frequency ?low ?high WHERE {
  ?a a napo:CuratedAssertion , ?kind ; napo:polarity napo:Affirmed ;
     napo:aboutProcedure ?procedure ; napo:hasObject ?object .
  FILTER (?kind != napo:CuratedAssertion)
  OPTIONAL { ?a napo:frequency ?frequency }
  OPTIONAL { ?a napo:reliefMinMonths ?low ; napo:reliefMaxMonths ?high }
}"""
# the per-point summary properties only: the follow-up aggregates (napo:lowestFollowUpScore,
# napo:lastFollowUpOn) have no napo:summarisesPoint (model.FOLLOW_UP_SUMMARY holds them)
_SUMMARY = _PREFIX + """
SELECT ?summary ?point ?observed WHERE {
  ?summary napo:summarisesPoint ?point ; napo:summarisesProperty ?observed .
}"""
_NAMES = _PREFIX + """
SELECT ?term ?name WHERE {
  { ?term rdfs:label ?name } UNION { ?term <http://www.w3.org/2004/02/skos/core#altLabel> ?name }
  FILTER (STRSTARTS(STR(?term), "https://w3id.org/napo/"))
}"""


@dataclass(frozen=True)
class Association:
    procedure: str
    target: str
    frequency: str | None = None
    relief: tuple[float, float] | None = None


@dataclass
class Vocabulary:
    """The knowledge the registry checks and draws from (every IRI a str)."""

    parents: dict[str, set[str]]  # class -> all its ancestors (the closure, not reflexive)
    names: dict[str, str]  # casefolded local name, CURIE or label -> IRI
    labels: dict[str, str]  # IRI -> label
    curated: dict[str, list[Association]] = field(default_factory=dict)  # kind local name ->
    # observation summary property -> (follow-up point, observation property it repeats)
    summary: dict[str, tuple[str, str]] = field(default_factory=dict)
    _allowed: dict[tuple[str, str, str], bool] = field(default_factory=dict, repr=False)

    def is_a(self, term: str, ancestor: str) -> bool:
        return term == ancestor or ancestor in self.parents.get(term, ())

    def members(self, branch: str) -> set[str]:
        return {c for c, ups in self.parents.items() if branch in ups} | {branch}

    def resolve(self, text: str) -> Iri | None:
        """The NAPO term a cell names (local name, napo: CURIE, label or synonym), or None."""
        found = self.names.get(text.strip().casefold())
        return Iri(found) if found else None

    def suggest(self, text: str, branch: str | None = None, limit: int = 3) -> list[str]:
        """The nearest local names (within a branch when given), best first."""
        pool = self.members(NAPO + branch) if branch else set(self.labels)
        return nearest(text, [iri[len(NAPO):] for iri in pool if iri.startswith(NAPO)], limit)

    def allowed(self, kind: str, technique: str, value: str) -> bool:
        """Whether the curated layer gives value (or a class above it) as an object of this
        kind for the technique (or a procedure class above it): the rule of shape:site-allowed
        and shape:modality-allowed-check, in Python."""
        key = (kind, technique, value)
        if key not in self._allowed:  # a few hundred distinct pairs per registry
            self._allowed[key] = any(self.is_a(technique, a.procedure)
                                     and self.is_a(value, a.target)
                                     for a in self.curated.get(kind, ()))
        return self._allowed[key]

    def of(self, kind: str, procedure: str) -> list[Association]:
        """The curated associations of one kind stated on exactly this procedure."""
        return [a for a in self.curated.get(kind, ()) if a.procedure == procedure]


def _number(term: ox.Literal | None) -> float | None:
    return None if term is None else float(term.value)


def from_store(store: ox.Store) -> Vocabulary:
    """Read the vocabulary from a store holding the knowledge layers (any graphs)."""
    parents: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, ox.NamedNode(RDFS_SUBCLASS), None, None):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode) \
                and quad.subject != quad.object:
            parents[quad.subject.value].add(quad.object.value)
    names: dict[str, str] = {}
    labels: dict[str, str] = {}
    for row in store.query(_NAMES, use_default_graph_as_union=True):
        iri, name = row["term"].value, row["name"].value
        local = iri[len(NAPO):]
        if "/" in local:
            continue
        names.setdefault(name.casefold(), iri)
        names[local.casefold()] = iri
        names["napo:" + local.casefold()] = iri
        if row["name"].language in ("en", None) and iri not in labels:
            labels[iri] = name
    curated: dict[str, list[Association]] = defaultdict(list)
    for row in store.query(_CURATED, use_default_graph_as_union=True):
        low, high = _number(row["low"]), _number(row["high"])
        curated[row["kind"].value[len(NAPO):]].append(Association(
            row["procedure"].value, row["object"].value,
            row["frequency"].value[len(NAPO):] if row["frequency"] else None,
            (low, high) if low is not None and high is not None else None))
    for kind in curated:
        curated[kind].sort(key=lambda a: (a.procedure, a.target))
    summary = {row["summary"].value: (row["point"].value, row["observed"].value)
               for row in store.query(_SUMMARY, use_default_graph_as_union=True)}
    return Vocabulary(dict(parents), names, labels, dict(curated), summary)


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary of the built store (built first if the sources changed)."""
    from napo.stores.cache import built

    return from_store(built().store)
