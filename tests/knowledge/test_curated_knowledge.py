"""The knowledge of issue 13 in the curated layer: evidence levels, frequency bands with their
numbers, durations of relief, contraindications, the comparators and the knowledge list.

Expected values were written from the curated rationales and the studies they cite, not by
running the code."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from napo.core.namespaces import NAPO
from napo.knowledge.graph import knowledge_graph

# Every identifier cited in data/curated.ttl, with the page where the curators saw it.
REFERENCES_SEEN = {
    "https://doi.org/10.7326/ACPJC-1997-126-3-071": "ACP Journal Club summary of the cervical "
                                                    "RF neurotomy RCT (acpjc.acponline.org)",
    "https://pubmed.ncbi.nlm.nih.gov/28672319": "MINT randomized clinical trials (PubMed)",
    "https://doi.org/10.1002/14651858.CD007519.pub2": "Cochrane review, coeliac plexus block",
    "https://pubmed.ncbi.nlm.nih.gov/18981888": "PROCESS trial, 24-month results (PubMed)",
    "https://pubmed.ncbi.nlm.nih.gov/12351602": "RCT of intrathecal drug delivery, cancer pain",
    "https://pubmed.ncbi.nlm.nih.gov/36402970": "prospective MVD series of 115 patients (PMC)",
    "https://pmc.ncbi.nlm.nih.gov/articles/PMC4747977": "balloon compression vs glycerol cohort",
    "https://pubmed.ncbi.nlm.nih.gov/7751899": "safety of PCC in 80 patients (PubMed)",
    "https://doi.org/10.3389/fpain.2021.749801": "DREZ for brachial plexus avulsion, review",
}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return knowledge_graph()


def curated(graph: Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, NAPO.CuratedAssertion))


def local(node) -> str:
    return str(node).rsplit("/", 1)[-1]


def kind(graph: Graph, node: URIRef) -> str:
    return next(local(t) for t in graph.objects(node, RDF.type)
                if local(t).endswith("Association") and t != NAPO.Association)


def find(graph: Graph, procedure: str, kind_name: str, obj: str,
         polarity: URIRef = NAPO.Affirmed) -> URIRef:
    for node in graph.subjects(NAPO.aboutProcedure, NAPO[procedure]):
        if ((node, RDF.type, NAPO.CuratedAssertion) in graph
                and (node, NAPO.hasObject, NAPO[obj]) in graph
                and (node, NAPO.polarity, polarity) in graph and kind(graph, node) == kind_name):
            return node
    raise AssertionError(f"no curated {kind_name} {procedure} -> {obj} ({local(polarity)})")


def test_every_curated_assertion_has_one_evidence_level(graph: Graph) -> None:
    levels = Counter(local(graph.value(n, NAPO.evidenceLevel)) for n in curated(graph))
    assert sum(levels.values()) == len(curated(graph)) == 560
    assert levels == Counter({"ExpertConsensus": 523, "SystematicReviewOrRCT": 15,
                              "ObservationalEvidence": 12, "CaseSeriesEvidence": 10})


def test_counts_per_association_kind(graph: Graph) -> None:
    kinds = Counter(kind(graph, n) for n in curated(graph))
    assert kinds == Counter({
        "ComplicationAssociation": 119, "IndicationAssociation": 82, "ModalityAssociation": 50,
        "TargetAssociation": 50, "MethodAssociation": 46, "AccessAssociation": 43,
        "AnaesthesiaAssociation": 40, "OutcomeAssociation": 36,
        "ContraindicationAssociation": 36, "GuidanceAssociation": 28,
        "CarePathwayAssociation": 17, "CareSettingAssociation": 12,
        "CombinedProcedureAssociation": 1})


def test_references_are_only_identifiers_the_curators_saw(graph: Graph) -> None:
    cited = {str(o) for o in graph.objects(None, NAPO.reference)}
    assert cited == set(REFERENCES_SEEN)
    for node in graph.subjects(NAPO.reference, None):  # a cited study lifts the level
        assert graph.value(node, NAPO.evidenceLevel) != NAPO.ExpertConsensus, node
    for node in curated(graph):  # and a level above consensus says where it comes from
        level = graph.value(node, NAPO.evidenceLevel)
        if level != NAPO.ExpertConsensus:
            rationale = str(graph.value(node, NAPO.rationale))
            assert (node, NAPO.reference, None) in graph or "no identifier seen" in rationale, node


def test_evidence_levels_are_ranked(graph: Graph) -> None:
    ranks = {local(level): int(graph.value(level, NAPO.evidenceRank))
             for level in graph.subjects(RDF.type, NAPO.EvidenceLevel)}
    assert ranks == {"SystematicReviewOrRCT": 1, "ObservationalEvidence": 2,
                     "CaseSeriesEvidence": 3, "ExpertConsensus": 4}


def test_frequency_bands_have_their_numbers(graph: Graph) -> None:
    bands = {local(b): (graph.value(b, NAPO.bandLowerPercent).toPython(),
                        graph.value(b, NAPO.bandUpperPercent).toPython())
             for b in graph.subjects(RDF.type, NAPO.FrequencyCategory)}
    assert bands == {"Rare": (Decimal("0.0"), Decimal("1.0")),
                     "Uncommon": (Decimal("1.0"), Decimal("10.0")),
                     "Common": (Decimal("10.0"), Decimal("100.0"))}


def test_reported_numbers_fall_in_the_band_given_higher_when_straddling(graph: Graph) -> None:
    checked = 0
    for node in graph.subjects(NAPO.frequencyHighPercent, None):
        band = graph.value(node, NAPO.frequency)
        high = graph.value(node, NAPO.frequencyHighPercent).toPython()
        low = graph.value(node, NAPO.frequencyLowPercent).toPython()
        lower = graph.value(band, NAPO.bandLowerPercent).toPython()
        upper = graph.value(band, NAPO.bandUpperPercent).toPython()
        assert low <= high and lower <= high and (high < upper or upper == 100), node
        checked += 1
    assert checked == 12
    # the two items of the clinical review that straddled the 1 % bound
    ad = find(graph, "PercutaneousRadiofrequencyTrigeminalRhizotomy", "ComplicationAssociation",
              "AnaesthesiaDolorosa")
    meningitis = find(graph, "PercutaneousGlycerolRhizotomy", "ComplicationAssociation",
                      "Meningitis")
    assert graph.value(ad, NAPO.frequency) == graph.value(meningitis, NAPO.frequency) \
        == NAPO.Uncommon


# (procedure, object, months): typical relief in responders, from the rationales
DURATIONS = {
    ("MedialBranchRadiofrequencyNeurotomy", "LongLastingPainRelief"): (6, 12),
    ("RadiofrequencyNeurotomy", "LongLastingPainRelief"): (6, 12),
    ("PeripheralCryoneurotomy", "PainRelief"): (1, 6),
    ("ChemicalNeurotomy", "PainRelief"): (2, 6),
    ("CoeliacPlexusNeurolysis", "PainRelief"): (1, 3),
    ("PercutaneousRadiofrequencyTrigeminalRhizotomy", "LongLastingPainRelief"): (24, 60),
    ("PercutaneousGlycerolRhizotomy", "LongLastingPainRelief"): (12, 24),
    ("PercutaneousBalloonCompression", "LongLastingPainRelief"): (12, 36),
    ("RadiosurgicalTrigeminalRhizotomy", "LongLastingPainRelief"): (24, 60),
    ("MicrovascularDecompression", "LongLastingPainRelief"): (60, 120),
    ("Cordotomy", "PainRelief"): (3, 12),
    ("PercutaneousCervicalCordotomy", "PainRelief"): (3, 12),
    ("Myelotomy", "PainRelief"): (3, 12),
    ("MesencephalicTractotomy", "PainRelief"): (3, 12),
    ("Cingulotomy", "PainRelief"): (3, 12),
    ("DorsalRootEntryZoneLesioning", "LongLastingPainRelief"): (12, 60),
    ("PulsedRadiofrequencyTreatment", "PainRelief"): (3, 6),
    ("SpinalCordStimulation", "LongLastingPainRelief"): (24, 60),
}


def test_durations_of_relief_in_months(graph: Graph) -> None:
    found = {}
    for node in graph.subjects(NAPO.reliefMinMonths, None):
        assert (node, RDF.type, NAPO.OutcomeAssociation) in graph
        obj = graph.value(node, NAPO.hasObject)
        assert obj == NAPO.PainRelief or (obj, RDFS.subClassOf, NAPO.PainRelief) in graph
        found[(local(graph.value(node, NAPO.aboutProcedure)), local(obj))] = (
            graph.value(node, NAPO.reliefMinMonths).toPython(),
            graph.value(node, NAPO.reliefMaxMonths).toPython())
    assert found == {k: (Decimal(lo), Decimal(hi)) for k, (lo, hi) in DURATIONS.items()}


# The knowledge list of issue 13: (procedure, complication or outcome, band or None).
KNOWLEDGE_LIST = [
    # dysaesthesia after every trigeminal procedure
    ("PercutaneousRadiofrequencyTrigeminalRhizotomy", "Dysaesthesia", "Common"),
    ("PercutaneousGlycerolRhizotomy", "Dysaesthesia", "Common"),
    ("PercutaneousBalloonCompression", "Dysaesthesia", "Uncommon"),
    ("RadiosurgicalTrigeminalRhizotomy", "Dysaesthesia", "Uncommon"),
    ("TrigeminalMicrovascularDecompression", "Dysaesthesia", "Uncommon"),
    ("TrigeminalTractotomy", "Dysaesthesia", None),
    ("TrigeminalRhizotomy", "Dysaesthesia", None),
    # anaesthesia dolorosa after glycerol, balloon compression and radiosurgery
    ("PercutaneousGlycerolRhizotomy", "AnaesthesiaDolorosa", "Rare"),
    ("PercutaneousBalloonCompression", "AnaesthesiaDolorosa", "Rare"),
    ("RadiosurgicalTrigeminalRhizotomy", "AnaesthesiaDolorosa", "Rare"),
    # corneal anaesthesia or keratitis after glycerol and radiosurgery
    ("PercutaneousGlycerolRhizotomy", "CornealAnaesthesia", "Common"),
    ("RadiosurgicalTrigeminalRhizotomy", "CornealAnaesthesia", "Rare"),
    ("PercutaneousTrigeminalRhizotomy", "NeurotrophicKeratitis", "Rare"),
    # recurrence after glycerol, balloon compression and radiosurgery
    ("PercutaneousGlycerolRhizotomy", "PainRecurrence", "Common"),
    ("PercutaneousBalloonCompression", "PainRecurrence", "Common"),
    ("RadiosurgicalTrigeminalRhizotomy", "PainRecurrence", "Common"),
    # MVD mortality, stroke and cerebellar injury
    ("MicrovascularDecompression", "ProcedureRelatedDeath", "Rare"),
    ("MicrovascularDecompression", "Stroke", "Uncommon"),
    ("MicrovascularDecompression", "CerebellarInjury", "Rare"),
    # cordotomy: mirror pain, Horner syndrome, urinary retention, ataxia, respiratory dysfunction
    ("PercutaneousCervicalCordotomy", "MirrorPain", "Uncommon"),
    ("PercutaneousCervicalCordotomy", "HornerSyndrome", "Common"),
    ("PercutaneousCervicalCordotomy", "UrinaryRetention", "Uncommon"),
    ("Cordotomy", "Ataxia", None),
    ("PercutaneousCervicalCordotomy", "RespiratoryDysfunction", "Rare"),
    # coeliac plexus neurolysis
    ("CoeliacPlexusNeurolysis", "OrthostaticHypotension", "Common"),
    ("CoeliacPlexusNeurolysis", "Diarrhoea", "Common"),
    # sympathectomy
    ("Sympathectomy", "PostSympathectomyNeuralgia", "Common"),
    ("Sympathectomy", "CompensatoryHyperhidrosis", "Common"),
    # SDR, DREZ, myelotomy
    ("SelectiveDorsalRhizotomy", "CerebrospinalFluidLeak", "Uncommon"),
    ("SelectiveDorsalRhizotomy", "SpinalDeformity", "Uncommon"),
    ("DorsalRootEntryZoneLesioning", "CerebrospinalFluidLeak", "Uncommon"),
    ("Myelotomy", "CerebrospinalFluidLeak", "Uncommon"),
    ("Myelotomy", "BladderDysfunction", "Uncommon"),
    # neuritis after radiofrequency lesions
    ("RadiofrequencyNeurotomy", "PostLesionNeuritis", "Uncommon"),
    ("MedialBranchRadiofrequencyNeurotomy", "PostLesionNeuritis", "Uncommon"),
]


@pytest.mark.parametrize(("procedure", "obj", "band"), KNOWLEDGE_LIST,
                         ids=lambda v: v if isinstance(v, str) else "")
def test_the_knowledge_list_is_curated(graph: Graph, procedure: str, obj: str,
                                       band: str | None) -> None:
    kind_name = "OutcomeAssociation" if obj == "PainRecurrence" else "ComplicationAssociation"
    node = find(graph, procedure, kind_name, obj)
    assert graph.value(node, NAPO.frequency) == (NAPO[band] if band else None)
    assert len(str(graph.value(node, NAPO.rationale))) > 40


# At least the main contraindications of every procedure family, with their strength.
CONTRAINDICATIONS = {
    "Neurotomy": {"InfectionAtAccessSite": "Absolute", "Coagulopathy": "Relative"},
    "MedialBranchRadiofrequencyNeurotomy": {"InfectionAtAccessSite": "Absolute",
                                            "Coagulopathy": "Relative"},
    "Rhizotomy": {"Coagulopathy": "Relative"},
    "ChemicalRhizotomy": {"Coagulopathy": "Absolute"},
    "PercutaneousTrigeminalRhizotomy": {"InfectionAtAccessSite": "Absolute",
                                        "Coagulopathy": "Relative"},
    "PercutaneousRadiofrequencyTrigeminalRhizotomy": {"InabilityToCooperate": "Relative"},
    "SelectiveDorsalRhizotomy": {"Dystonia": "Absolute", "FixedContracture": "Relative",
                                 "Coagulopathy": "Absolute"},
    "Cordotomy": {"BilateralOrMidlinePain": "Relative", "RespiratoryInsufficiency": "Relative"},
    "PercutaneousCervicalCordotomy": {"RespiratoryInsufficiency": "Absolute",
                                      "InabilityToCooperate": "Absolute",
                                      "Coagulopathy": "Absolute"},
    "Tractotomy": {"Coagulopathy": "Absolute"},
    "Myelotomy": {"HighSurgicalRisk": "Relative", "Coagulopathy": "Absolute"},
    "DorsalRootEntryZoneLesioning": {"HighSurgicalRisk": "Relative", "Coagulopathy": "Absolute"},
    "Cingulotomy": {"Coagulopathy": "Absolute"},
    "MedialThalamotomy": {"Coagulopathy": "Absolute"},
    "CoeliacPlexusNeurolysis": {"Coagulopathy": "Relative", "InfectionAtAccessSite": "Absolute"},
    "Sympathectomy": {"Coagulopathy": "Relative"},
    "MicrovascularDecompression": {"HighSurgicalRisk": "Relative"},
    "PulsedRadiofrequencyTreatment": {"InfectionAtAccessSite": "Absolute"},
    "MedialBranchBlock": {"InfectionAtAccessSite": "Absolute"},
    "SpinalCordStimulation": {"SystemicInfection": "Absolute", "Coagulopathy": "Relative",
                              "UntreatedPsychiatricDisorder": "Relative"},
    "IntrathecalDrugDelivery": {"SystemicInfection": "Absolute",
                                "InfectionAtAccessSite": "Absolute", "Coagulopathy": "Relative"},
}


def test_contraindications_per_procedure_family(graph: Graph) -> None:
    found: dict[str, dict[str, str]] = {}
    for node in graph.subjects(RDF.type, NAPO.ContraindicationAssociation):
        strength = local(graph.value(node, NAPO.contraindicationStrength))
        found.setdefault(local(graph.value(node, NAPO.aboutProcedure)), {})[
            local(graph.value(node, NAPO.hasObject))] = strength.removesuffix("Contraindication")
        assert (graph.value(node, NAPO.hasObject), RDFS.subClassOf, NAPO.Condition) in graph
    assert found == CONTRAINDICATIONS


@pytest.mark.parametrize("comparator", ["SpinalCordStimulation", "IntrathecalDrugDelivery"])
def test_comparators_have_a_full_curated_profile(graph: Graph, comparator: str) -> None:
    kinds = {kind(graph, n) for n in graph.subjects(NAPO.aboutProcedure, NAPO[comparator])
             if (n, RDF.type, NAPO.CuratedAssertion) in graph}
    assert {"TargetAssociation", "MethodAssociation", "ModalityAssociation", "AccessAssociation",
            "AnaesthesiaAssociation", "GuidanceAssociation", "IndicationAssociation",
            "ComplicationAssociation", "OutcomeAssociation", "CarePathwayAssociation",
            "ContraindicationAssociation"} <= kinds
    method = find(graph, comparator, "MethodAssociation",
                  "Neuromodulation" if comparator == "SpinalCordStimulation" else "DrugInfusion")
    assert (graph.value(method, NAPO.hasObject), RDFS.subClassOf, NAPO.NonAblativeMethod) in graph


def test_what_cordotomy_and_drez_are_weighed_against(graph: Graph) -> None:
    """Intrathecal drug delivery shares cancer pain with cordotomy; spinal cord stimulation is
    the neuromodulation alternative for neuropathic pain (complex regional pain syndrome)."""
    find(graph, "IntrathecalDrugDelivery", "IndicationAssociation", "CancerPain")
    find(graph, "Cordotomy", "IndicationAssociation", "CancerPain")
    find(graph, "SpinalCordStimulation", "IndicationAssociation", "ComplexRegionalPainSyndrome")
    find(graph, "IntrathecalDrugDelivery", "IndicationAssociation", "Spasticity")  # vs SDR


def test_questionable_items_fixed(graph: Graph) -> None:
    """The eight questionable curated items of the clinical review, each fixed or justified."""
    cryo = find(graph, "PeripheralCryoneurotomy", "IndicationAssociation", "PostoperativePain")
    assert "established adjunct" not in str(graph.value(cryo, NAPO.rationale))
    assert "mixed" in str(graph.value(cryo, NAPO.qualifierNote))
    sympathectomy = find(graph, "Sympathectomy", "IndicationAssociation", "ChronicPain",
                         NAPO.Negated)
    assert graph.value(sympathectomy, NAPO.coversNarrowerObjects).toPython() is False
    find(graph, "Sympathectomy", "IndicationAssociation", "IschaemicRestPain")
    find(graph, "Sympathectomy", "IndicationAssociation", "ComplexRegionalPainSyndrome")
    for procedure in ("PercutaneousRhizotomy", "PercutaneousRadiofrequencyTrigeminalRhizotomy"):
        setting = find(graph, procedure, "CareSettingAssociation", "OutpatientSetting")
        assert "overnight" not in str(graph.value(setting, NAPO.qualifierNote))
    rf = find(graph, "PercutaneousRadiofrequencyTrigeminalRhizotomy", "ModalityAssociation",
              "ThermalRadiofrequency")
    assert "preferentially" not in str(graph.value(rf, NAPO.rationale))
    assert "disputed" in str(graph.value(rf, NAPO.rationale))
    find(graph, "RadiosurgicalTrigeminalRhizotomy", "GuidanceAssociation", "StereotacticPlanning")
    with pytest.raises(AssertionError):
        find(graph, "RadiosurgicalTrigeminalRhizotomy", "GuidanceAssociation", "Neuronavigation")


def test_invasiveness_ordinal_on_every_access_and_method(graph: Graph) -> None:
    def ranks(root: URIRef) -> dict[str, int]:
        members = {c for c in graph.subjects(RDFS.subClassOf, root) if isinstance(c, URIRef)}
        return {local(c): int(graph.value(c, NAPO.invasivenessRank)) for c in members}
    assert ranks(NAPO.Access) == {"ExternalAccess": 0, "PercutaneousAccess": 1,
                                  "PercutaneousEndoscopicAccess": 2, "BurrHoleAccess": 2,
                                  "OpenAccess": 3}
    methods = ranks(NAPO.Method)
    assert {m for m, r in methods.items() if r == 0} == {
        "NonAblativeMethod", "Neuromodulation", "NerveBlock", "Decompression", "Release",
        "DrugInfusion"}
    assert methods["Destruction"] == methods["ChemicalNeurolysis"] == 1
    assert methods["Division"] == methods["SelectiveDivision"] == 2


def test_serious_complications_are_marked(graph: Graph) -> None:
    serious = {local(c) for c in graph.subjects(NAPO.isSeriousComplication, None)
               if graph.value(c, NAPO.isSeriousComplication).toPython() is True}
    assert serious == {"Paralysis", "RespiratoryDysfunction", "ProcedureRelatedDeath", "Stroke",
                       "CerebellarInjury", "AnaesthesiaDolorosa", "BacterialMeningitis",
                       "NeurotrophicKeratitis", "DeafferentationPain"}
