"""`napo build`: artefacts, determinism, and bad input that must leave dist/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from napo.cli import app
from napo.core.namespaces import NAPO
from napo.core.resources import ontology_file
from napo.knowledge.graph import sources_dir
from napo.ontology.reasoner import classify
from napo.release.bridges import BRIDGED, bridge_name
from napo.release.build import ARTEFACTS, GENERATED, MERGED_SSSOM, build

from ..conftest import FIXTURES

runner = CliRunner()
INVALID = FIXTURES / "ontology/invalid"


def test_build_writes_every_artefact(release) -> None:
    out, report = release
    bridges = [bridge_name(prefix) for prefix in BRIDGED]
    assert sorted(p.name for p in out.iterdir()) == sorted([*ARTEFACTS, *GENERATED, *bridges])
    assert sorted(report.files) == sorted(p.name for p in out.iterdir())
    assert report.classes > 150 and report.axioms > 200
    assert report.inferred_subclass_axioms > 0 and report.existential_edges > 0
    assert report.sources_checked == sources_dir().is_dir()
    assert set(report.seconds) == {"parse", "merge", "reason", "materialise", "qc",
                                   "validate", "mappings", "write", "store"}
    assert report.mappings > 150


def test_build_emits_mappings_as_skos_and_merged_sssom(release) -> None:
    out, report = release
    skos = Graph().parse(out / "napo-mappings.ttl")
    assert len(skos) == report.mappings
    exact = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert (NAPO.TrigeminalNeuralgia, exact,
            URIRef("https://www.icd10data.com/search?s=G50.0")) in skos
    from napo.vocabularies.mappings import read_mapping_set
    merged = read_mapping_set(out / MERGED_SSSOM)
    assert len(merged.mappings) == report.mappings


def test_all_full_serialisations_hold_the_same_graph(release) -> None:
    out, _ = release
    full = Graph().parse(out / "napo-full.ttl")
    for name, fmt in (("napo.owl", "xml"), ("napo.nt", "nt"), ("napo.jsonld", "json-ld")):
        assert isomorphic(full, Graph().parse(out / name, format=fmt)), name
    assert isomorphic(Graph().parse(out / "napo.ttl"),
                      Graph().parse(out / "napo-base.owl", format="xml"))


def _class_to_class_edges(graph: Graph) -> set:
    """Object-property assertions whose subject is a class: punning, not OWL's meaning."""
    properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
    classes = set(graph.subjects(RDF.type, OWL.Class))
    return {(s, p, o) for p in properties for s, o in graph.subject_objects(p) if s in classes}


def test_owl_artefacts_hold_no_class_to_class_edges_and_the_query_view_does(release) -> None:
    out, _ = release
    for name in ("napo.ttl", "napo-full.ttl"):
        assert _class_to_class_edges(Graph().parse(out / name)) == set(), name
    simple = Graph().parse(out / "napo-simple.owl", format="xml")
    assert not set(simple.subjects(RDF.type, OWL.Restriction))
    for name in ("napo-base.owl", "napo-simple.owl", "napo.owl"):
        variant = Graph().parse(out / name, format="xml")
        iri = NAPO[name]
        version = variant.value(iri, OWL.versionInfo)
        assert variant.value(iri, OWL.versionIRI) == NAPO[f"releases/{version}/{name}"], name
    edges = Graph().parse(out / "napo-edges.ttl")
    assert (NAPO.Cordotomy, NAPO.hasDirectSite, NAPO.SpinalSpinothalamicTract) in edges
    assert (NAPO.Cordotomy, RDFS.subClassOf, NAPO.NeuroablativeProcedure) in edges


def test_base_holds_own_axioms_and_full_adds_inferences(release, ontology: Graph) -> None:
    out, _ = release
    base = Graph().parse(out / "napo.ttl")
    full = Graph().parse(out / "napo-full.ttl")
    base_iri, full_iri = NAPO["napo-base.owl"], NAPO["napo.owl"]
    assert (base_iri, RDF.type, OWL.Ontology) in base and (full_iri, RDF.type, OWL.Ontology) in full
    # Every told axiom of the edit file is in base (the header moves to the base IRI).
    told = {t for t in ontology if t[0] != full_iri and not any(isinstance(x, BNode) for x in t)}
    assert told <= set(base)
    assert len(full) > len(base)
    # An inferred direct superclass that nobody wrote: cordotomy is a spinothalamic tractotomy.
    assert (NAPO.Cordotomy, RDFS.subClassOf, NAPO.Cordotomy) not in full
    inferred_only = {(s, o) for s, o in full.subject_objects(RDFS.subClassOf)
                     if isinstance(o, URIRef)} - {(s, o) for s, o in
                                                  base.subject_objects(RDFS.subClassOf)}
    assert inferred_only, "full adds no inferred subclass axiom"


def test_obo_annotations_are_generated_from_the_edit_source(release) -> None:
    from napo.ontology.annotations import DEFINITION, OBO_IN_OWL, XREF
    out, _ = release
    base = Graph().parse(out / "napo.ttl")
    for cls in base.subjects(SKOS.definition, None):
        assert set(base.objects(cls, SKOS.definition)) == set(base.objects(cls, DEFINITION))
    scoped = {o for p in (OBO_IN_OWL.hasExactSynonym, OBO_IN_OWL.hasRelatedSynonym,
                          OBO_IN_OWL.hasNarrowSynonym, OBO_IN_OWL.hasBroadSynonym)
              for o in base.objects(None, p)}
    assert scoped <= set(base.objects(None, SKOS.altLabel))
    assert Literal("ICD10CM:G50.0") in set(base.objects(NAPO.TrigeminalNeuralgia, XREF))


def test_rdfxml_opens_with_the_ontology_header(release) -> None:
    out, _ = release
    for name in ("napo.owl", "napo-base.owl", "napo-simple.owl"):
        lines = (out / name).read_text(encoding="utf-8").splitlines()
        assert lines[2].strip().startswith("<owl:Ontology rdf:about="), name


def test_catalog_maps_every_owl_artefact(release) -> None:
    import xml.etree.ElementTree as ET
    out, _ = release
    root = ET.parse(out / "catalog-v001.xml").getroot()
    uris = {e.get("name"): e.get("uri") for e in root}
    assert uris[str(NAPO["napo.owl"])] == "napo.owl"
    assert uris[str(NAPO["napo-base.owl"])] == "napo-base.owl"
    assert all((out / target).is_file() for target in uris.values())


def test_reasoned_release_is_still_consistent(release) -> None:
    out, _ = release
    assert classify(Graph().parse(out / "napo-full.ttl")).parents


def test_two_builds_are_byte_identical(release, tmp_path: Path) -> None:
    first, _ = release
    second = tmp_path / "dist"
    build(ontology_file(), second)
    for name in [*ARTEFACTS, *GENERATED]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@pytest.fixture
def previous_release(release, tmp_path: Path) -> Path:
    out = tmp_path / "dist"
    shutil.copytree(release[0], out)
    return out


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize(("fixture", "where"), [
    ("malformed.ttl", "malformed.ttl:8:1"),
    ("unknown_prefix.ttl", "unknown_prefix.ttl:7:21"),
])
def test_unreadable_input_exits_2_with_position(previous_release: Path, fixture, where) -> None:
    before = _snapshot(previous_release)
    result = runner.invoke(app, ["build", "--ontology", str(INVALID / fixture),
                                 "--out", str(previous_release)])
    assert result.exit_code == 2
    assert where in result.output and "hint:" in result.output
    assert _snapshot(previous_release) == before
    assert not list(previous_release.parent.glob(".dist-*"))


def test_unknown_prefix_hint_names_the_prefix(previous_release: Path) -> None:
    result = runner.invoke(app, ["build", "--ontology", str(INVALID / "unknown_prefix.ttl"),
                                 "--out", str(previous_release)])
    assert "@prefix obo:" in result.output


def test_unsatisfiable_ontology_exits_1_and_names_the_class(previous_release, tmp_path) -> None:
    edit = tmp_path / "napo.ttl"
    # Turtle allows @prefix anywhere, so the fixture can simply be appended to the edit file.
    edit.write_text(ontology_file().read_text(encoding="utf-8")
                    + (INVALID / "pulsed_rf_ablation.ttl").read_text(encoding="utf-8"),
                    encoding="utf-8")
    before = _snapshot(previous_release)
    result = runner.invoke(app, ["build", "--ontology", str(edit), "--out", str(previous_release)])
    assert result.exit_code == 1
    assert "unsatisfiable" in result.output and "PulsedRfDestruction" in result.output
    assert _snapshot(previous_release) == before


def test_qc_error_exits_1_and_keeps_dist(previous_release: Path, tmp_path: Path) -> None:
    edit = tmp_path / "napo.ttl"
    edit.write_text(ontology_file().read_text(encoding="utf-8")
                    + '\nnapo:Rhizotomy rdfs:label "second label"@en .\n', encoding="utf-8")
    before = _snapshot(previous_release)
    result = runner.invoke(app, ["build", "--ontology", str(edit), "--out", str(previous_release)])
    assert result.exit_code == 1
    assert "multiple_labels" in result.output and "Rhizotomy" in result.output
    assert _snapshot(previous_release) == before
