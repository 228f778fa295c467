"""Source claims: every span is real, unchanged and about its object; coverage per source."""

from __future__ import annotations

from collections import defaultdict

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from napo.core.namespaces import NAPO, OA
from napo.knowledge.graph import knowledge_graph, sources_dir
from napo.knowledge.provenance import check_spans, mentions, names_of, span_text
from napo.ontology.stats import BRANCH_ROOTS

pytestmark = pytest.mark.skipif(not sources_dir().is_dir(),
                                reason=f"source texts not found at {sources_dir()}")

ROOTS = {*BRANCH_ROOTS, NAPO.Outcome, NAPO.CarePathwayPosition}
# Claims whose span paraphrases the object instead of naming it, reviewed by hand.
PARAPHRASED = {
    "s001-03": "'cannot be eliminated with medications or other treatment methods' = after "
               "conservative care fails",
    "s001-10": "'the electrode then heats up' = thermal radiofrequency",
    "s001-12": "'loss of sensation in the area where the rhizotomy was performed' = numbness "
               "of the treated area (not sensory loss beyond it)",
    "s001-25": "'inserts a special electrode into the space between the vertebrae' = "
               "percutaneous access",
    "s002-34": "'by inserting an electrode into the spinal cord' = percutaneous access",
}
# What each source states about its procedures, read from the texts (kind -> procedures).
COVERAGE = {
    "s000": {"target": {"Neurotomy"}, "modality": {"Neurotomy"}, "method": {"Neurotomy"},
             "indication": {"Neurotomy"}, "complication": {"Neurotomy"}},
    "s001": {"target": {"Rhizotomy"}, "modality": {"Rhizotomy"}, "access": {"Rhizotomy"},
             "anaesthesia": {"Rhizotomy"}, "indication": {"Rhizotomy"},
             "complication": {"Rhizotomy"}, "outcome": {"Rhizotomy"}, "pathway": {"Rhizotomy"}},
    "s002": {"target": {"Tractotomy", "Cordotomy"}, "access": {"Tractotomy", "Cordotomy"},
             "combination": {"Tractotomy"},
             "anaesthesia": {"Tractotomy"}, "guidance": {"Tractotomy"},
             "indication": {"Tractotomy", "Cordotomy"}, "complication": {"Tractotomy"},
             "pathway": {"Tractotomy"}, "method": {"Tractotomy", "Cordotomy"}},
    "s003": {"target": {"SelectiveDorsalRhizotomy"}, "modality": {"SelectiveDorsalRhizotomy"},
             "access": {"SelectiveDorsalRhizotomy"}, "anaesthesia": {"SelectiveDorsalRhizotomy"},
             "guidance": {"SelectiveDorsalRhizotomy"},
             "indication": {"SelectiveDorsalRhizotomy"},
             "complication": {"SelectiveDorsalRhizotomy"}, "outcome": {"SelectiveDorsalRhizotomy"},
             "pathway": {"SelectiveDorsalRhizotomy"}},
    "s004": {"target": {"PercutaneousRhizotomy"}, "modality": {"PercutaneousRhizotomy"},
             "access": {"PercutaneousRhizotomy"}, "guidance": {"PercutaneousRhizotomy"},
             "setting": {"PercutaneousRhizotomy"}, "indication": {"PercutaneousRhizotomy"},
             "complication": {"PercutaneousRhizotomy"}, "outcome": {"PercutaneousRhizotomy"},
             "pathway": {"PercutaneousRhizotomy"}},
}
KIND_NAMES = {"TargetAssociation": "target", "MethodAssociation": "method",
              "ModalityAssociation": "modality", "AccessAssociation": "access",
              "AnaesthesiaAssociation": "anaesthesia", "GuidanceAssociation": "guidance",
              "CareSettingAssociation": "setting", "IndicationAssociation": "indication",
              "ComplicationAssociation": "complication", "OutcomeAssociation": "outcome",
              "CarePathwayAssociation": "pathway", "CombinedProcedureAssociation": "combination"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return knowledge_graph()


def claims(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, NAPO.SourceClaim))


def test_every_source_has_claims_and_reviewed_passages(graph: Graph) -> None:
    for source in graph.subjects(RDF.type, NAPO.SourceDocument):
        claimed = set(graph.subjects(PROV.wasDerivedFrom, source))
        assert any((c, RDF.type, NAPO.SourceClaim) in graph for c in claimed), source
        assert any((c, RDF.type, NAPO.ReviewedPassage) in graph for c in claimed), source


def test_every_span_is_in_bounds_unchanged_and_quoted_exactly(graph: Graph) -> None:
    assert check_spans(graph, sources_dir()) == []
    evidence = set(graph.subjects(RDF.type, OA.SpecificResource))
    assert len(evidence) >= len(claims(graph))


def test_every_span_mentions_the_claims_object(graph: Graph) -> None:
    missing = []
    for claim in claims(graph):
        span = span_text(graph, graph.value(claim, NAPO.evidence), sources_dir())
        obj = graph.value(claim, NAPO.hasObject)
        if not mentions(span, names_of(graph, obj, ROOTS)):
            missing.append(claim.rsplit("/", 1)[1])
    assert sorted(missing) == sorted(PARAPHRASED)


def test_each_source_covers_what_it_states(graph: Graph) -> None:
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for claim in claims(graph):
        source = str(graph.value(claim, PROV.wasDerivedFrom))
        procedure = str(graph.value(claim, NAPO.aboutProcedure)).rsplit("/", 1)[1]
        for kind in graph.objects(claim, RDF.type):
            if (name := KIND_NAMES.get(str(kind).rsplit("/", 1)[1])):
                found[source.rsplit("/", 1)[1]][name].add(procedure)
    for source, kinds in COVERAGE.items():
        for kind, procedures in kinds.items():
            assert procedures <= found[source][kind], (source, kind)
