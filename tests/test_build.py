"""`napo build`: artefacts, determinism, and bad input that must leave dist/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from napo.build import ARTEFACTS, DESCRIPTION, MERGED_SSSOM, QUADS, build
from napo.cli import app
from napo.knowledge import sources_dir
from napo.namespaces import NAPO
from napo.reasoner import classify
from napo.resources import ontology_file

from .conftest import FIXTURES

runner = CliRunner()
INVALID = FIXTURES / "ontology/invalid"


def test_build_writes_every_artefact(release) -> None:
    out, report = release
    assert sorted(p.name for p in out.iterdir()) == sorted([*ARTEFACTS, MERGED_SSSOM, QUADS,
                                                            DESCRIPTION])
    assert report.classes > 150 and report.axioms > 200
    assert report.inferred_subclass_axioms > 0 and report.existential_edges > 0
    assert report.sources_checked == sources_dir().is_dir()
    assert set(report.seconds) == {"parse", "merge", "reason", "materialise", "qc",
                                   "validate", "mappings", "write"}
    assert report.mappings > 150


def test_build_emits_mappings_as_skos_and_merged_sssom(release) -> None:
    out, report = release
    skos = Graph().parse(out / "napo-mappings.ttl")
    assert len(skos) == report.mappings
    exact = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert (NAPO.TrigeminalNeuralgia, exact,
            URIRef("https://www.icd10data.com/search?s=G50.0")) in skos
    from napo.mappings import read_mapping_set
    merged = read_mapping_set(out / MERGED_SSSOM)
    assert len(merged.mappings) == report.mappings


def test_all_full_serialisations_hold_the_same_graph(release) -> None:
    out, _ = release
    full = Graph().parse(out / "napo-full.ttl")
    for name, fmt in (("napo.owl", "xml"), ("napo.nt", "nt"), ("napo.jsonld", "json-ld")):
        assert isomorphic(full, Graph().parse(out / name, format=fmt)), name


def test_base_holds_own_axioms_and_full_adds_inferences(release, ontology: Graph) -> None:
    out, _ = release
    base = Graph().parse(out / "napo.ttl")
    full = Graph().parse(out / "napo-full.ttl")
    assert isomorphic(base, ontology)
    assert len(full) > len(base)
    assert (NAPO.Cordotomy, NAPO.hasDirectSite, NAPO.SpinalSpinothalamicTract) in full


def test_reasoned_release_is_still_consistent(release) -> None:
    """The punned existential edges in napo-full must not break OWL 2 DL consistency."""
    out, _ = release
    assert classify(Graph().parse(out / "napo-full.ttl")).parents


def test_two_builds_are_byte_identical(release, tmp_path: Path) -> None:
    first, _ = release
    second = tmp_path / "dist"
    build(ontology_file(), second)
    for name in [*ARTEFACTS, QUADS, DESCRIPTION]:
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
