"""Bridges to UBERON, HPO and MONDO: exact mappings as OWL equivalences that merge cleanly.

Each bridge is merged with NAPO and with the official terms it names (and their parents, from
the vendored extract where there is one) and classified by HermiT: the merge must be
consistent, with every class satisfiable, and no two NAPO classes may become one.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from napo.core.errors import ReasonerError
from napo.core.namespaces import NAPO
from napo.ontology.reasoner import Classification, classify
from napo.release.bridges import BRIDGED, bridge_name, bridges
from napo.vocabularies.mappings import read_all
from napo.vocabularies.vendored import VendoredRelease, has_extract

OBO = "http://purl.obolibrary.org/obo/"


@pytest.fixture(scope="module")
def made() -> dict[str, Graph]:
    return bridges(read_all(), "test")


def _with_official_terms(bridge: Graph, prefix: str) -> Graph:
    """The bridge plus each target term and, from a vendored extract, its ancestors."""
    merged = Graph()
    for triple in bridge:
        merged.add(triple)
    if not has_extract(prefix):
        return merged
    release = VendoredRelease(prefix)
    stem = f"{OBO}{prefix.upper()}_"
    todo = [str(t).removeprefix(stem) for t in bridge.subjects(RDF.type, OWL.Class)
            if str(t).startswith(stem)]
    seen: set[str] = set()
    while todo:
        local = todo.pop()
        if local in seen:
            continue
        seen.add(local)
        for parent in release.parents(local):
            merged.add((URIRef(stem + local), RDFS.subClassOf, URIRef(stem + parent)))
            todo.append(parent)
    return merged


def _napo_equivalences(result: Classification) -> set[frozenset[URIRef]]:
    return {frozenset({cls, other}) for cls, others in result.equivalents.items()
            for other in others if str(cls).startswith(str(NAPO))
            and str(other).startswith(str(NAPO))}


def test_only_exact_matches_become_equivalences(made) -> None:
    for mapping_set in read_all():
        if mapping_set.vocabulary not in BRIDGED:
            continue
        bridge = made[bridge_name(mapping_set.vocabulary)]
        exact = {(mapping_set.expand(m.subject_id), mapping_set.expand(m.object_id))
                 for m in mapping_set.mappings if m.predicate_id == "skos:exactMatch"}
        assert set(bridge.subject_objects(OWL.equivalentClass)) == exact
        assert (NAPO[bridge_name(mapping_set.vocabulary)], RDF.type, OWL.Ontology) in bridge


@pytest.mark.parametrize("prefix", BRIDGED)
def test_merging_a_bridge_is_consistent_and_collapses_no_napo_classes(
        prefix: str, made, ontology: Graph, classification: Classification) -> None:
    merged = ontology + _with_official_terms(made[bridge_name(prefix)], prefix)
    result = classify(merged)  # raises on inconsistency or an unsatisfiable class
    assert _napo_equivalences(result) == _napo_equivalences(classification)


def test_a_bridge_that_collapses_two_napo_classes_is_caught(made, ontology: Graph,
                                                            classification) -> None:
    """Two NAPO classes exact-matched to one term would become one: the check sees it."""
    bad = Graph()
    target = URIRef(f"{OBO}UBERON_9999999")
    for napo_class in (NAPO.SpinalCord, NAPO.Brainstem):
        bad.add((napo_class, OWL.equivalentClass, target))
    try:
        result = classify(ontology + bad)
    except ReasonerError:  # disjoint classes made equal: unsatisfiable is caught too
        return
    assert _napo_equivalences(result) != _napo_equivalences(classification)
