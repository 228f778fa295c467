"""The non-ablative comparators of issue 13 (spinal cord stimulation, intrathecal drug delivery):
classified by HermiT as non-ablative, never as neuroablative, and contradictory if destructive."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace

from napo.core.errors import ReasonerError
from napo.core.namespaces import NAPO
from napo.ontology.reasoner import Classification, classify

TEST = Namespace("https://w3id.org/napo/test/")
COMPARATORS = [NAPO.SpinalCordStimulation, NAPO.IntrathecalDrugDelivery]

PROBES = """
@prefix napo: <https://w3id.org/napo/> .
@prefix test: <https://w3id.org/napo/test/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

# A technique described only by its parts: stimulation current on the dorsal columns.
test:DorsalColumnStimulationTechnique a owl:Class ;
    rdfs:label "dorsal column stimulation technique (test)" ;
    owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( napo:Procedure
        [ a owl:Restriction ; owl:onProperty napo:hasMethod ;
          owl:someValuesFrom napo:Neuromodulation ]
        [ a owl:Restriction ; owl:onProperty napo:hasMethod ;
          owl:allValuesFrom napo:NonAblativeMethod ]
        [ a owl:Restriction ; owl:onProperty napo:hasDirectSite ;
          owl:someValuesFrom napo:DorsalColumn ] ) ] .
"""

DESTRUCTIVE = """
@prefix napo: <https://w3id.org/napo/> .
@prefix test: <https://w3id.org/napo/test/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

test:{name} a owl:Class ;
    rdfs:subClassOf napo:{comparator} ,
        [ a owl:Restriction ; owl:onProperty napo:hasMethod ;
          owl:someValuesFrom napo:Destruction ] .
"""


@pytest.fixture(scope="module")
def probed(ontology: Graph) -> Classification:
    probes = Graph().parse(data=PROBES, format="turtle")
    return classify(ontology + probes)


@pytest.mark.parametrize("comparator", COMPARATORS, ids=lambda c: c.rsplit("/", 1)[1])
def test_comparators_are_non_ablative_not_neuroablative(classification: Classification,
                                                        comparator) -> None:
    ancestors = classification.ancestors(comparator)
    assert NAPO.NonAblativeProcedure in ancestors
    assert not {NAPO.NeuroablativeProcedure, NAPO.CentralNeuroablativeProcedure,
                NAPO.PeripheralNeuroablativeProcedure, NAPO.Tractotomy, NAPO.Rhizotomy,
                NAPO.ChemicalNeuroablation} & ancestors


def test_a_technique_by_its_parts_is_not_neuroablative(probed: Classification) -> None:
    ancestors = probed.ancestors(TEST.DorsalColumnStimulationTechnique)
    assert NAPO.NonAblativeProcedure in ancestors
    assert NAPO.NeuroablativeProcedure not in ancestors
    # the dorsal column is a central fibre tract, yet stimulating it is no tractotomy
    assert NAPO.CentralFibreTract in probed.ancestors(NAPO.DorsalColumn)
    assert NAPO.Tractotomy not in ancestors


@pytest.mark.parametrize("comparator", ["SpinalCordStimulation", "IntrathecalDrugDelivery"])
def test_a_destructive_comparator_is_unsatisfiable(ontology: Graph, comparator: str) -> None:
    name = f"Destructive{comparator}"
    fixture = Graph().parse(data=DESTRUCTIVE.replace("{name}", name)
                            .replace("{comparator}", comparator), format="turtle")
    with pytest.raises(ReasonerError) as caught:
        classify(ontology + fixture)
    assert caught.value.unsatisfiable == (str(TEST[name]),)


def test_intrathecal_drugs_are_not_neurolytics(classification: Classification) -> None:
    """Intrathecal phenol is chemical rhizotomy; an intrathecal drug is not a neurolytic agent."""
    assert NAPO.ChemicalAgent not in classification.ancestors(NAPO.IntrathecalDrug)
    assert NAPO.NonAblativeMethod in classification.ancestors(NAPO.DrugInfusion)
