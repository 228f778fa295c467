"""Materialised edges: plain triples that let SPARQL skip OWL."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from napo.core.namespaces import NAPO
from napo.ontology.materialise import materialise
from napo.ontology.reasoner import Classification


@pytest.fixture(scope="module")
def inferred(ontology: Graph, classification: Classification) -> Graph:
    return materialise(ontology, classification)


@pytest.mark.parametrize("triple", [
    (NAPO.PercutaneousCervicalCordotomy, NAPO.hasDirectSite, NAPO.CervicalSpinothalamicTract),
    (NAPO.PercutaneousCervicalCordotomy, NAPO.hasDirectSite, NAPO.SpinalSpinothalamicTract),
    (NAPO.PercutaneousCervicalCordotomy, NAPO.hasEnergyOrAgent, NAPO.RadiofrequencyEnergy),
    (NAPO.PercutaneousCervicalCordotomy, NAPO.hasMethod, NAPO.AblativeMethod),
    # imaging guidance (inherited through ImageGuidedProcedure): fluoroscopy is usual, not required
    (NAPO.PercutaneousGlycerolRhizotomy, NAPO.hasGuidance, NAPO.ImagingGuidance),
    (NAPO.CervicalSpinothalamicTract, NAPO.atNeuraxisLevel, NAPO.SpinalCordLevel),
    (NAPO.TrigeminalSensoryRoot, NAPO.atNeuraxisLevel, NAPO.RootLevel),
    (NAPO.MedialBranchOfDorsalRamus, NAPO.partOf, NAPO.SpinalNerve),  # transitive part-of
    (NAPO.SpinalTrigeminalTract, NAPO.partOf, NAPO.Brainstem),
    (NAPO.PercutaneousCervicalCordotomy, RDFS.subClassOf, NAPO.NeuroablativeProcedure),
    # a union filler (alcohol or phenol) widens to what its members share
    (NAPO.CoeliacPlexusNeurolysis, NAPO.hasEnergyOrAgent, NAPO.ChemicalAgent),
])
def test_expected_edge_is_materialised(inferred: Graph, triple) -> None:
    assert triple in inferred


@pytest.mark.parametrize("triple", [
    (NAPO.PulsedRadiofrequencyTreatment, NAPO.hasMethod, NAPO.AblativeMethod),
    (NAPO.MedialBranchOfDorsalRamus, NAPO.atNeuraxisLevel, NAPO.RootLevel),
    (NAPO.Rhizotomy, NAPO.hasAccess, NAPO.PercutaneousAccess),  # only some rhizotomies are
    # CT, neuronavigation or ultrasound may guide it instead (clinical review)
    (NAPO.PercutaneousGlycerolRhizotomy, NAPO.hasGuidance, NAPO.FluoroscopicGuidance),
    (NAPO.PercutaneousCervicalCordotomy, NAPO.hasGuidance, NAPO.ComputedTomographyGuidance),
    (NAPO.CoeliacPlexusNeurolysis, NAPO.hasEnergyOrAgent, NAPO.Alcohol),  # alcohol or phenol
    (NAPO.CoeliacPlexusNeurolysis, NAPO.hasEnergyOrAgent, NAPO.Phenol),
])
def test_wrong_edge_is_not_materialised(inferred: Graph, triple) -> None:
    assert triple not in inferred


def test_every_nervous_structure_with_a_level_has_exactly_one(ontology, inferred) -> None:
    levels: dict = {}
    for structure, level in inferred.subject_objects(NAPO.atNeuraxisLevel):
        levels.setdefault(structure, set()).add(level)
    assert levels
    assert all(len(found) == 1 for found in levels.values()), levels
