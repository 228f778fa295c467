"""The RO/BFO import module: every OBO term NAPO uses is declared there, verbatim and traceable,
with no logical axioms, and the extraction script reproduces it from the official file.

Offline: the full RO release is not in the repository; (e) runs the script on a verbatim excerpt
in tests/fixtures/imports/.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from napo.core import rdfio
from napo.core.namespaces import NAPO, ONTOLOGY_IRI
from napo.core.resources import ontology_file, project_root
from napo.knowledge.graph import read_files
from napo.ontology.reasoner import Classification
from napo.release.build import BuildReport

from ..conftest import FIXTURES

OBO = "http://purl.obolibrary.org/obo/"
DEFINITION = URIRef(OBO + "IAO_0000115")
IMPORTS = project_root() / "ontology" / "imports"
RO_MODULE = IMPORTS / "ro_import.ttl"
MODULE_IRI = URIRef("https://w3id.org/napo/imports/ro_import.owl")
CC0 = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
RELEASE = re.compile(r"^http://purl\.obolibrary\.org/obo/ro/releases/(\d{4}-\d{2}-\d{2})/ro\.owl$")
EXCERPT = FIXTURES / "imports" / "ro_excerpt.owl"
EXCERPT_COMMIT = "13620e1d75465c6504c755d2fdfa706922e9b7e7"

# The reviewed alignments (README "Modelling notes", napo.ttl section 3). Every other NAPO
# property has no honest RO/BFO counterpart; adding one must update this table.
ALIGNMENTS = {
    (NAPO.hasDirectSite, RDFS.subPropertyOf, URIRef(OBO + "RO_0000057")),
    (NAPO.partOf, RDFS.subPropertyOf, URIRef(OBO + "BFO_0000050")),
}
ALIGNING = (RDFS.subPropertyOf, OWL.equivalentProperty)

# What an import module may say: declarations, header and annotations (no logical axioms).
# Transitivity of part of is deliberately not imported (napo:partOf is transitive itself).
DECLARED_TYPES = {OWL.Ontology, OWL.ObjectProperty, OWL.AnnotationProperty}
ANNOTATIONS = {RDFS.label, RDFS.comment, DEFINITION, OWL.versionIRI, OWL.versionInfo,
               DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.source}


def _load_script() -> ModuleType:
    path = project_root() / "scripts" / "extract_ro_import.py"
    spec = importlib.util.spec_from_file_location("extract_ro_import", path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def modules() -> Graph:
    """Every import module merged, as the build merges them."""
    paths = sorted(IMPORTS.glob("*.ttl"))
    assert paths, f"no import modules in {IMPORTS}"
    return read_files(paths)


@pytest.fixture(scope="module")
def ro_module() -> Graph:
    return rdfio.read_graph(RO_MODULE)


def obo_terms(graph: Graph) -> set[URIRef]:
    return {t for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(OBO)}


# (a) -----------------------------------------------------------------------------------------

def test_every_obo_term_napo_uses_is_declared_with_one_label(ontology: Graph,
                                                             modules: Graph) -> None:
    used = obo_terms(ontology)
    assert used, "napo.ttl mentions no OBO term: the alignment axioms are missing"
    for term in sorted(used):
        types = set(modules.objects(term, RDF.type))
        assert types & {OWL.ObjectProperty, OWL.AnnotationProperty}, f"{term} is not declared"
        labels = list(modules.objects(term, RDFS.label))
        assert len(labels) == 1, f"{term} has {len(labels)} labels: {labels}"
        assert isinstance(labels[0], Literal) and labels[0].language in ("en", None)


def test_module_holds_only_terms_napo_uses(ontology: Graph, ro_module: Graph) -> None:
    """MIREOT: nothing beyond what napo.ttl mentions (plus IAO:0000115, which the module uses
    to carry the definitions)."""
    declared = {s for t in (OWL.ObjectProperty, OWL.AnnotationProperty)
                for s in ro_module.subjects(RDF.type, t) if str(s).startswith(OBO)}
    assert declared == obo_terms(ontology) | {DEFINITION}


# (b) -----------------------------------------------------------------------------------------

def test_module_header_names_origin_and_licence(ro_module: Graph) -> None:
    assert set(ro_module.subjects(RDF.type, OWL.Ontology)) == {MODULE_IRI}
    assert ro_module.value(MODULE_IRI, DCTERMS.license) == CC0
    source = str(ro_module.value(MODULE_IRI, DCTERMS.source))
    release = RELEASE.match(source)
    assert release, f"dcterms:source {source!r} is not an RO release version IRI"
    comment = str(ro_module.value(MODULE_IRI, RDFS.comment))
    assert "https://github.com/oborel/obo-relations" in comment
    commit = re.search(r"\bcommit ([0-9a-f]{40})\b", comment)
    assert commit, "rdfs:comment names no 40-hex commit"
    assert f"release {release.group(1)}" in comment and "CC0 1.0" in comment

    text = RO_MODULE.read_text(encoding="utf-8")
    block = dict(re.findall(r"^# (Repository|Path|Commit|Release|Version|Licence):\s+(.*)$",
                            text, re.MULTILINE))
    assert block["Repository"] == "https://github.com/oborel/obo-relations"
    assert block["Path"] == "ro.owl"
    assert block["Commit"] == commit.group(1)
    assert block["Release"] == release.group(1)
    assert block["Version"] == source
    assert block["Licence"].startswith("CC0 1.0") and "CC BY 4.0" in text  # BFO's terms


# (c) -----------------------------------------------------------------------------------------

def test_import_modules_have_no_logical_axioms(modules: Graph) -> None:
    for s, p, o in modules:
        assert not isinstance(s, BNode) and not isinstance(o, BNode), (s, p, o)
        if p == RDF.type:
            assert o in DECLARED_TYPES, f"{s} a {o}: only declarations may be imported"
        else:
            assert p in ANNOTATIONS, f"{s} {p} {o}: not an annotation"
    assert not list(modules.triples((None, OWL.imports, None)))


def test_napo_does_not_owl_import_the_module(ontology: Graph) -> None:
    """owlready2 follows owl:imports by downloading the IRI, so HermiT would fail offline;
    the build merges ontology/imports/*.ttl instead."""
    assert not list(ontology.triples((None, OWL.imports, None)))


# (d) -----------------------------------------------------------------------------------------

def test_alignments_are_exactly_the_reviewed_ones(ontology: Graph) -> None:
    found = {(s, p, o) for p in ALIGNING for s, o in ontology.subject_objects(p)
             if str(s).startswith(str(NAPO)) and str(o).startswith(OBO)}
    assert found == ALIGNMENTS


def test_alignment_comments_give_the_official_label(ro_module: Graph) -> None:
    """Each `rdfs:subPropertyOf obo:X ;  # label` in napo.ttl names X by its label in RO, and so
    does each line that declares an obo: term."""
    text = ontology_file().read_text(encoding="utf-8")
    written = re.findall(r"rdfs:subPropertyOf obo:(\w+) ;\s+# (.+?)\s*$", text, re.MULTILINE)
    assert {URIRef(OBO + local) for local, _ in written} == {o for _, _, o in ALIGNMENTS}
    written += re.findall(r"^obo:(\w+) a [^#\n]+#\s*(.+?)\s*$", text, re.MULTILINE)
    for local, label in written:
        assert str(ro_module.value(URIRef(OBO + local), RDFS.label)) == label, local


def test_napo_declares_the_relations_it_aligns_with(ontology: Graph) -> None:
    """napo.ttl alone (and the base release, which leaves imports out) stays OWL 2 DL."""
    for _, _, relation in ALIGNMENTS:
        assert (relation, RDF.type, OWL.ObjectProperty) in ontology, relation


def test_alignments_do_not_change_the_classification(classification: Classification) -> None:
    """The reasoner still sees NAPO's own properties only: spot-check defining inferences."""
    assert NAPO.Tractotomy in classification.ancestors(NAPO.Cordotomy)
    assert NAPO.NeuroablativeProcedure in classification.ancestors(NAPO.Rhizotomy)


# (e) -----------------------------------------------------------------------------------------

def test_regenerating_from_the_excerpt_gives_the_expected_module(script: ModuleType) -> None:
    text = script.extract(EXCERPT, FIXTURES / "imports" / "napo_min.ttl",
                          "oborel/obo-relations", "ro.owl", EXCERPT_COMMIT)
    expected = (FIXTURES / "imports" / "expected_ro_import.ttl").read_text(encoding="utf-8")
    assert text == expected


def test_fixture_module_matches_the_shipped_one_but_for_the_checksum() -> None:
    """The excerpt is verbatim, so the module made from it equals the one made from ro.owl."""
    def body(path: Path) -> str:
        return re.sub(r"^# SHA-256: .*$", "", path.read_text(encoding="utf-8"), flags=re.M)

    assert body(FIXTURES / "imports" / "expected_ro_import.ttl") == body(RO_MODULE)


def _ontology_using(tmp_path: Path, local: str) -> Path:
    path = tmp_path / "napo.ttl"
    path.write_text(
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/napo/napo.owl> a owl:Ontology ; owl:versionInfo "2026-12-01" .\n'
        f"<https://w3id.org/napo/p> rdfs:subPropertyOf <{OBO}{local}> .\n",
        encoding="utf-8")
    return path


@pytest.mark.parametrize(("local", "problem"), [
    ("RO_0002218", "obsolete"),        # in the excerpt, owl:deprecated
    ("BFO_0000051", "not declared"),   # has part: not in the excerpt
])
def test_extraction_refuses_terms_it_cannot_honestly_copy(
        script: ModuleType, tmp_path: Path, local: str, problem: str) -> None:
    with pytest.raises(script.ExtractionError, match=problem):
        script.extract(EXCERPT, _ontology_using(tmp_path, local), "oborel/obo-relations",
                       "ro.owl", EXCERPT_COMMIT)


def test_extraction_refuses_two_english_labels(script: ModuleType, tmp_path: Path) -> None:
    source = tmp_path / "ro.owl"
    text = EXCERPT.read_text(encoding="utf-8")
    source.write_text(text.replace('<rdfs:label xml:lang="en">part of</rdfs:label>',
                                   '<rdfs:label xml:lang="en">part of</rdfs:label>'
                                   '<rdfs:label xml:lang="en">part_of</rdfs:label>'),
                      encoding="utf-8")
    with pytest.raises(script.ExtractionError, match="2 different English"):
        script.extract(source, _ontology_using(tmp_path, "BFO_0000050"),
                       "oborel/obo-relations", "ro.owl", EXCERPT_COMMIT)


# The release -------------------------------------------------------------------------------------

def test_release_carries_napos_header_only(release: tuple[Path, BuildReport]) -> None:
    """The build merges ontology/imports/*.ttl with their own owl:Ontology nodes; a second
    header in a release file makes the OWL API report the module's IRI as the ontology's."""
    out, _ = release
    for name in ("napo.owl", "napo-full.ttl"):
        graph = Graph().parse(out / name, format="xml" if name.endswith(".owl") else "turtle")
        assert set(graph.subjects(RDF.type, OWL.Ontology)) == {ONTOLOGY_IRI}, name
        assert (URIRef(OBO + "BFO_0000050"), RDFS.label, Literal("part of", lang="en")) in graph
