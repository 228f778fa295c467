"""Pins for the fixes of the clinical review: each test fails on the modelling it replaced.

Probes are written in the test namespace and classified together with the ontology:
- a *requirement probe* (`test:RequiresX` = Procedure and hasGuidance some X, ...) tells whether a
  named procedure still *requires* X (the old axioms did);
- a *variant* (a subclass of a named procedure restricted to one alternative with `only`) must be
  satisfiable now and was unsatisfiable before;
- a *technique by parts* must be classified under the procedure its parts define.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDFS, SKOS

from napo.core import rdfio
from napo.core.namespaces import NAPO
from napo.ontology.materialise import materialise
from napo.ontology.reasoner import Classification, classify

from ..conftest import FIXTURES

TEST = Namespace("https://w3id.org/napo/test/")
OBO = Namespace("http://www.geneontology.org/formats/oboInOwl#")
SYNONYMS = (SKOS.altLabel, OBO.hasExactSynonym, OBO.hasRelatedSynonym, OBO.hasNarrowSynonym,
            OBO.hasBroadSynonym)



@pytest.fixture(scope="module")
def probed(ontology: Graph) -> Classification:
    """One HermiT run over the ontology and every probe (it raises if one is unsatisfiable)."""
    probes = rdfio.read_graph(FIXTURES / "ontology/valid/clinical_fixes_probes.ttl")
    return classify(ontology + probes)


@pytest.fixture(scope="module")
def inferred(ontology: Graph, classification: Classification) -> Graph:
    return materialise(ontology, classification)


def synonyms(graph: Graph, cls: URIRef) -> dict[str, set[URIRef]]:
    """Each synonym of cls (lower case) with the properties that carry it."""
    found: dict[str, set[URIRef]] = {}
    for prop in SYNONYMS:
        for value in graph.objects(cls, prop):
            found.setdefault(str(value).lower(), set()).add(prop)
    return found


def text(graph: Graph, cls: URIRef, prop: URIRef) -> str:
    return " ".join(str(v) for v in graph.objects(cls, prop))


# --- guidance, intent and agent: alternatives, not requirements ----------------------------------

def test_ct_guided_cordotomy_by_parts_is_a_percutaneous_cervical_cordotomy(probed) -> None:
    assert NAPO.PercutaneousCervicalCordotomy in probed.ancestors(TEST.CtGuidedCordotomy)
    assert NAPO.PercutaneousCervicalCordotomy in probed.ancestors(TEST.FluoroscopyGuidedCordotomy)


def test_cordotomy_needs_ct_or_fluoroscopy_not_ct(probed: Classification) -> None:
    ancestors = probed.ancestors(NAPO.PercutaneousCervicalCordotomy)
    assert TEST.RequiresCT not in ancestors
    assert {TEST.RequiresCtOrFluoroscopy, NAPO.ImageGuidedProcedure} <= ancestors


@pytest.mark.parametrize("procedure", [
    NAPO.MedialBranchRadiofrequencyNeurotomy, NAPO.PercutaneousTrigeminalRhizotomy,
    NAPO.PercutaneousRadiofrequencyTrigeminalRhizotomy, NAPO.PercutaneousGlycerolRhizotomy,
    NAPO.PercutaneousBalloonCompression,
])
def test_fluoroscopy_is_usual_not_required(probed: Classification, procedure) -> None:
    ancestors = probed.ancestors(procedure)
    assert TEST.RequiresFluoroscopy not in ancestors
    assert NAPO.ImageGuidedProcedure in ancestors


def test_medial_branch_block_may_be_therapeutic(probed: Classification) -> None:
    assert TEST.RequiresDiagnosticIntent not in probed.ancestors(NAPO.MedialBranchBlock)
    ancestors = probed.ancestors(TEST.TherapeuticMedialBranchBlock)  # satisfiable
    assert NAPO.NeuroablativeProcedure not in ancestors


def test_coeliac_plexus_neurolysis_with_phenol(probed: Classification) -> None:
    assert TEST.RequiresAlcohol not in probed.ancestors(NAPO.CoeliacPlexusNeurolysis)
    assert NAPO.ChemicalNeuroablation in probed.ancestors(NAPO.CoeliacPlexusNeurolysis)
    assert NAPO.CoeliacPlexusNeurolysis in probed.ancestors(TEST.PhenolOnCoeliacPlexus)
    assert NAPO.CoeliacPlexusNeurolysis in probed.ancestors(TEST.PhenolCoeliacPlexusNeurolysis)


def test_alcohol_stays_in_the_curated_layer() -> None:
    from napo.knowledge.graph import knowledge_graph

    graph = knowledge_graph()
    curated = URIRef("https://w3id.org/napo/curated/CoeliacPlexusNeurolysis-modality-Alcohol")
    assert (curated, NAPO.hasObject, NAPO.Alcohol) in graph
    assert "alcohol or phenol" in str(graph.value(curated, NAPO.rationale))


# --- DREZ ----------------------------------------------------------------------------------------

def test_nucleus_caudalis_drez_lesion_is_drez_lesioning_in_the_brainstem(probed) -> None:
    assert {NAPO.DorsalRootEntryZoneLesioning, NAPO.CentralNeuroablativeProcedure} <= \
        probed.ancestors(TEST.NucleusCaudalisDrezLesion)
    assert {NAPO.DorsalRootEntryZone, NAPO.BrainstemStructure} <= \
        probed.ancestors(NAPO.NucleusCaudalisEntryZone)
    assert NAPO.SpinalCordStructure not in probed.ancestors(NAPO.DorsalRootEntryZone)


def test_drez_levels_and_parts(inferred: Graph) -> None:
    assert (NAPO.NucleusCaudalisEntryZone, NAPO.atNeuraxisLevel, NAPO.BrainstemLevel) in inferred
    assert (NAPO.NucleusCaudalisEntryZone, NAPO.partOf, NAPO.MedullaOblongata) in inferred
    assert (NAPO.SpinalDorsalRootEntryZone, NAPO.atNeuraxisLevel, NAPO.SpinalCordLevel) in inferred


def test_spinal_drez_reaches_laminae_one_to_five(ontology: Graph) -> None:
    for cls in (NAPO.DorsalRootEntryZone, NAPO.SpinalDorsalRootEntryZone):
        definition = text(ontology, cls, SKOS.definition)
        assert "laminae I-V" in definition and "superficial dorsal horn" not in definition


# --- microvascular decompression -----------------------------------------------------------------

def test_microvascular_decompression_is_not_fixed_to_the_trigeminal_root(probed) -> None:
    assert TEST.RequiresTrigeminalRoot not in probed.ancestors(NAPO.MicrovascularDecompression)
    assert NAPO.NonAblativeProcedure in probed.ancestors(TEST.FacialNerveMicrovascularDecompression)
    trigeminal = probed.ancestors(NAPO.TrigeminalMicrovascularDecompression)
    assert {NAPO.MicrovascularDecompression, TEST.RequiresTrigeminalRoot,
            NAPO.NonAblativeProcedure} <= trigeminal
    assert NAPO.NeuroablativeProcedure not in trigeminal


# --- complications -------------------------------------------------------------------------------

@pytest.mark.parametrize(("child", "parent"), [
    (NAPO.MasticatoryWeakness, NAPO.MuscleWeakness),
    (NAPO.AnaesthesiaDolorosa, NAPO.DeafferentationPain),
    (NAPO.BladderDysfunction, NAPO.AutonomicComplication),
    (NAPO.AsepticMeningitis, NAPO.Meningitis),
    (NAPO.BacterialMeningitis, NAPO.InfectiousComplication),
    (NAPO.PostLesionNeuritis, NAPO.SensoryComplication),
    (NAPO.AbducensNervePalsy, NAPO.CranialNerveDeficit),
    (NAPO.CranialNerveDeficit, NAPO.NeurologicalInjuryComplication),
    (NAPO.SpasticCerebralPalsy, NAPO.CerebralPalsy),
    (NAPO.Sciatica, NAPO.RadicularPain),
])
def test_moved_under(classification: Classification, child, parent) -> None:
    assert parent in classification.ancestors(child)


@pytest.mark.parametrize(("child", "not_parent"), [
    (NAPO.BladderDysfunction, NAPO.CentralNeurologicalComplication),
    (NAPO.Meningitis, NAPO.InfectiousComplication),
    (NAPO.AsepticMeningitis, NAPO.InfectiousComplication),
    (NAPO.PostLesionNeuritis, NAPO.ProceduralPain),
    (NAPO.SpasticCerebralPalsy, NAPO.Spasticity),
    (NAPO.CranialNerveDeficit, NAPO.BrainDysfunction),
    (NAPO.CranialNerveDeficit, NAPO.CentralNeurologicalComplication),
    (NAPO.Sciatica, NAPO.Radiculopathy),
    (NAPO.Radiculopathy, NAPO.RadicularPain),
    (NAPO.RadicularPain, NAPO.Radiculopathy),
    (NAPO.Radiculopathy, NAPO.PainCondition),
])
def test_not_under(classification: Classification, child, not_parent) -> None:
    assert not_parent not in classification.ancestors(child)


def test_spastic_cerebral_palsy_has_spasticity_as_a_feature(inferred: Graph) -> None:
    assert (NAPO.SpasticCerebralPalsy, NAPO.hasFeature, NAPO.Spasticity) in inferred


def test_neuritis_is_not_a_pain_flare(ontology: Graph) -> None:
    assert "neuritis" not in synonyms(ontology, NAPO.ProceduralPain)
    assert "neuritis" not in text(ontology, NAPO.ProceduralPain, SKOS.definition)
    assert "neuritis" in synonyms(ontology, NAPO.PostLesionNeuritis)


def test_cranial_nerve_deficit_is_not_brain_dysfunction(ontology: Graph) -> None:
    assert "cranial nerve" not in text(ontology, NAPO.BrainDysfunction, SKOS.definition)


def test_diplopia_names_abducens_palsy_too_and_exactly_neither(ontology: Graph) -> None:
    for cls in (NAPO.OculomotorDysfunction, NAPO.AbducensNervePalsy):
        props = synonyms(ontology, cls).get("diplopia", set())
        assert props and OBO.hasExactSynonym not in props, cls


# --- conditions: labels and synonyms -------------------------------------------------------------

def test_radicular_pain_and_radiculopathy_are_two_classes(ontology: Graph) -> None:
    assert ontology.value(NAPO.RadicularPain, RDFS.label) == Literal("radicular pain", lang="en")
    assert ontology.value(NAPO.Radiculopathy, RDFS.label) == Literal("radiculopathy", lang="en")
    assert "radiculopathy" not in synonyms(ontology, NAPO.RadicularPain)
    assert "radicular pain" not in synonyms(ontology, NAPO.Radiculopathy)


@pytest.mark.parametrize(("cls", "wrong"), [
    (NAPO.ChronicPain, "intractable pain"),
    (NAPO.Spasticity, "spastic paralysis"),
    (NAPO.TrigeminalTractotomy, "medullary tractotomy"),
])
def test_wrong_synonym_is_gone(ontology: Graph, cls, wrong) -> None:
    assert wrong not in synonyms(ontology, cls)


@pytest.mark.parametrize(("cls", "name"), [
    (NAPO.CentralPostStrokePain, "thalamic pain syndrome"),
    (NAPO.DeafferentationPain, "post-cordotomy dysaesthesia"),
])
def test_narrower_name_is_a_narrow_synonym(ontology: Graph, cls, name) -> None:
    assert synonyms(ontology, cls).get(name) == {OBO.hasNarrowSynonym}


# --- tractotomy, myelotomy, radiosurgery, ganglia, cranial nerve ---------------------------------

def test_myelotomy_is_documented_as_not_a_tractotomy(probed, ontology: Graph) -> None:
    ancestors = probed.ancestors(TEST.MidlineCordDivision)
    assert {NAPO.Myelotomy, NAPO.CentralNeuroablativeProcedure} <= ancestors
    assert NAPO.Tractotomy not in ancestors
    assert NAPO.CentralFibreTract not in probed.ancestors(NAPO.SpinalCordMidline)
    assert "not a tractotomy" in text(ontology, NAPO.Myelotomy, SKOS.scopeNote)
    assert "Myelotomy" in text(ontology, NAPO.Tractotomy, SKOS.scopeNote)


def test_radiosurgery_targets_the_cisternal_root(ontology: Graph) -> None:
    definition = text(ontology, NAPO.RadiosurgicalTrigeminalRhizotomy, SKOS.definition)
    assert "cisternal" in definition and "millimetres anterior" in definition


@pytest.mark.parametrize("technique", [TEST.RfDorsalRootGanglionLesion,
                                       TEST.GasserianGanglionInjection])
def test_ganglion_lesion_is_sensory_ganglion_lesioning_not_rhizotomy(probed, technique) -> None:
    ancestors = probed.ancestors(technique)
    assert {NAPO.SensoryGanglionLesioning, NAPO.PeripheralNeuroablativeProcedure} <= ancestors
    assert not {NAPO.Rhizotomy, NAPO.TrigeminalRhizotomy, NAPO.Neurotomy} & ancestors


def test_ganglion_decision_is_documented(ontology: Graph) -> None:
    assert "not a rhizotomy" in text(ontology, NAPO.SensoryGanglionLesioning, SKOS.scopeNote)
    assert "ganglion" in text(ontology, NAPO.Rhizotomy, SKOS.scopeNote)


def test_cranial_nerve_has_a_neuraxis_level(inferred: Graph) -> None:
    assert (NAPO.CranialNerve, NAPO.atNeuraxisLevel, NAPO.PeripheralNerveLevel) in inferred
    assert (NAPO.TrigeminalNerve, NAPO.atNeuraxisLevel, NAPO.PeripheralNerveLevel) in inferred
    assert (NAPO.TrigeminalSensoryRoot, NAPO.atNeuraxisLevel, NAPO.RootLevel) in inferred


# --- every new or changed class is annotated -----------------------------------------------------

@pytest.mark.parametrize("cls", [
    NAPO.SensoryGanglionLesioning, NAPO.TrigeminalMicrovascularDecompression,
    NAPO.SpinalDorsalRootEntryZone, NAPO.NucleusCaudalisEntryZone, NAPO.RadicularPain,
    NAPO.Radiculopathy, NAPO.CerebralPalsy, NAPO.AsepticMeningitis, NAPO.BacterialMeningitis,
    NAPO.AutonomicComplication, NAPO.CranialNerveDeficit, NAPO.AbducensNervePalsy,
    NAPO.PostLesionNeuritis,
])
def test_new_class_has_one_label_one_definition(ontology: Graph, cls) -> None:
    labels = [v for v in ontology.objects(cls, RDFS.label) if v.language == "en"]
    definitions = [v for v in ontology.objects(cls, SKOS.definition) if v.language == "en"]
    assert len(labels) == 1 and len(definitions) == 1, cls

