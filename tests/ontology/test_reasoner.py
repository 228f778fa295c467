"""HermiT through owlready2: consistency, classification by parts, and what must not classify."""

from __future__ import annotations

import tempfile
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph, Namespace

from napo.core import rdfio
from napo.core.errors import ReasonerError
from napo.core.namespaces import NAPO
from napo.ontology.reasoner import Classification, classify

from ..conftest import FIXTURES

TEST = Namespace("https://w3id.org/napo/test/")


def test_owlready2_loads_the_ontology(ontology: Graph) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "napo.nt"
        ontology.serialize(path, format="nt", encoding="utf-8")
        loaded = owlready2.World().get_ontology(path.as_uri()).load()
        names = {c.name for c in loaded.classes()}
    assert {"Rhizotomy", "Cordotomy", "Tractotomy", "Neurotomy"} <= names


def test_hermit_finds_the_ontology_consistent(classification: Classification) -> None:
    assert classification.seconds > 0
    assert NAPO.Rhizotomy in classification.parents


@pytest.mark.parametrize(("child", "ancestor"), [
    (NAPO.PercutaneousRadiofrequencyTrigeminalRhizotomy, NAPO.PercutaneousRadiofrequencyRhizotomy),
    (NAPO.PercutaneousGlycerolRhizotomy, NAPO.ChemicalRhizotomy),
    (NAPO.PercutaneousBalloonCompression, NAPO.PercutaneousTrigeminalRhizotomy),
    (NAPO.SelectiveDorsalRhizotomy, NAPO.DorsalRhizotomy),
    (NAPO.SelectiveDorsalRhizotomy, NAPO.OpenSurgicalRhizotomy),
    (NAPO.Cordotomy, NAPO.SpinothalamicTractotomy),
    (NAPO.PercutaneousCervicalCordotomy, NAPO.PercutaneousProcedure),
    (NAPO.MesencephalicTractotomy, NAPO.CentralNeuroablativeProcedure),
    (NAPO.TrigeminalTractotomy, NAPO.Tractotomy),
    (NAPO.MedialBranchRadiofrequencyNeurotomy, NAPO.RadiofrequencyNeurotomy),
    (NAPO.MedialBranchRadiofrequencyNeurotomy, NAPO.ImageGuidedProcedure),
    (NAPO.CoeliacPlexusNeurolysis, NAPO.ChemicalNeuroablation),
    (NAPO.DorsalRootEntryZoneLesioning, NAPO.CentralNeuroablativeProcedure),
    (NAPO.PulsedRadiofrequencyTreatment, NAPO.NonAblativeProcedure),
    (NAPO.MicrovascularDecompression, NAPO.NonAblativeProcedure),
])
def test_named_procedures_are_classified(classification: Classification, child, ancestor) -> None:
    assert ancestor in classification.ancestors(child)


@pytest.mark.parametrize("cls", [
    NAPO.PulsedRadiofrequencyTreatment, NAPO.MicrovascularDecompression, NAPO.MedialBranchBlock,
])
def test_non_destructive_procedures_are_not_neuroablative(classification, cls) -> None:
    assert NAPO.NeuroablativeProcedure not in classification.ancestors(cls)


def test_medial_branch_neurotomy_is_not_a_rhizotomy(classification: Classification) -> None:
    ancestors = classification.ancestors(NAPO.MedialBranchRadiofrequencyNeurotomy)
    assert NAPO.Neurotomy in ancestors
    assert NAPO.Rhizotomy not in ancestors


@pytest.fixture(scope="module")
def by_parts(ontology: Graph) -> Classification:
    techniques = rdfio.read_graph(FIXTURES / "ontology/valid/techniques_by_parts.ttl")
    return classify(ontology + techniques)


def test_rf_destruction_of_trigeminal_root_is_a_percutaneous_rhizotomy(by_parts) -> None:
    ancestors = by_parts.ancestors(TEST.RfTrigeminalTechnique)
    assert {NAPO.Rhizotomy, NAPO.PercutaneousProcedure, NAPO.NeuroablativeProcedure,
            NAPO.PercutaneousRadiofrequencyTrigeminalRhizotomy} <= ancestors
    assert not {NAPO.Neurotomy, NAPO.Tractotomy, NAPO.OpenProcedure} & ancestors


def test_pulsed_rf_technique_is_not_neuroablative(by_parts: Classification) -> None:
    ancestors = by_parts.ancestors(TEST.PulsedMedialBranchTechnique)
    assert {NAPO.PulsedRadiofrequencyTreatment, NAPO.NonAblativeProcedure,
            NAPO.PercutaneousProcedure} <= ancestors
    assert NAPO.NeuroablativeProcedure not in ancestors
    assert NAPO.Neurotomy not in ancestors


def test_facet_rhizotomy_by_parts_is_a_medial_branch_neurotomy(by_parts) -> None:
    ancestors = by_parts.ancestors(TEST.FacetRhizotomyTechnique)
    assert NAPO.MedialBranchRadiofrequencyNeurotomy in ancestors
    assert NAPO.Rhizotomy not in ancestors


def test_open_tract_section_is_an_open_cordotomy(by_parts: Classification) -> None:
    ancestors = by_parts.ancestors(TEST.OpenTractSectionTechnique)
    assert {NAPO.OpenCordotomy, NAPO.Cordotomy, NAPO.Tractotomy,
            NAPO.CentralNeuroablativeProcedure} <= ancestors


def test_glycerol_on_trigeminal_root_is_glycerol_rhizotomy(by_parts: Classification) -> None:
    ancestors = by_parts.ancestors(TEST.GlycerolTrigeminalTechnique)
    assert {NAPO.PercutaneousGlycerolRhizotomy, NAPO.ChemicalNeuroablation} <= ancestors


def test_pulsed_rf_that_destroys_is_unsatisfiable(ontology: Graph) -> None:
    fixture = rdfio.read_graph(FIXTURES / "ontology/invalid/pulsed_rf_ablation.ttl")
    with pytest.raises(ReasonerError) as caught:
        classify(ontology + fixture)
    assert caught.value.unsatisfiable == (str(TEST.PulsedRfDestruction),)
    assert "unsatisfiable" in str(caught.value)


def test_structure_at_two_levels_is_inconsistent(ontology: Graph) -> None:
    fixture = rdfio.read_graph(FIXTURES / "ontology/invalid/two_levels.ttl")
    with pytest.raises(ReasonerError, match="inconsistent"):
        classify(ontology + fixture)
