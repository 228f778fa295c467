"""MeSH links checked against the vendored extract of an official NLM release, and the traps.

Each check is a function over rows, run on the real table and on crafted bad rows, so a test
fails when the behaviour it guards breaks: Catheter Ablation is no radiofrequency
neuroablation; Pulsed Radiofrequency Treatment is no neuroablative procedure; every code exists
in the extract with its exact heading and is current.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from napo.cli import app
from napo.core.errors import Location
from napo.knowledge.graph import reasoned_ontology
from napo.vocabularies import release_for
from napo.vocabularies.mappings import Mapping, read_mapping_set
from napo.vocabularies.vendored import VendoredRelease, extract_path

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "data" / "mappings" / "mesh.sssom.tsv"
NAPO = "https://w3id.org/napo/"
CATHETER_ABLATION = "mesh:D017115"
PULSED_RF_TREATMENT = "mesh:D061208"
RADIOFREQUENCY_ABLATION_CLASSES = ("RadiofrequencyNeuroablation", "RadiofrequencyEnergy")
runner = CliRunner()


@pytest.fixture(scope="module")
def rows() -> list[Mapping]:
    return read_mapping_set(TABLE).mappings


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return reasoned_ontology()


@pytest.fixture(scope="module")
def extract() -> VendoredRelease:
    return VendoredRelease("mesh")


def _row(subject: str, obj: str, label: str, predicate: str = "skos:exactMatch") -> Mapping:
    return Mapping(f"napo:{subject}", subject, predicate, obj, label,
                   "semapv:ManualMappingCuration", "crafted", Location(TABLE, 0))


def _closure(ontology: Graph, local: str) -> set[str]:
    """The class and every class the reasoner put below it (the closure is materialised)."""
    top = URIRef(NAPO + local)
    return {local} | {str(s).removeprefix(NAPO) for s in ontology.subjects(RDFS.subClassOf, top)
                      if str(s).startswith(NAPO)}


def catheter_ablation_problems(rows: list[Mapping], ontology: Graph) -> list[str]:
    """Rows offering MeSH Catheter Ablation (a cardiac procedure) as radiofrequency ablation."""
    rf = set().union(*(_closure(ontology, c) for c in RADIOFREQUENCY_ABLATION_CLASSES))
    return [f"{r.subject_id} -> {r.object_id}" for r in rows
            if r.object_id == CATHETER_ABLATION and r.subject_id.removeprefix("napo:") in rf]


def pulsed_rf_problems(rows: list[Mapping], ontology: Graph) -> list[str]:
    """Rows offering MeSH Pulsed Radiofrequency Treatment for an ablative NAPO class."""
    ablative = _closure(ontology, "NeuroablativeProcedure")
    return [f"{r.subject_id} -> {r.object_id}" for r in rows
            if r.object_id == PULSED_RF_TREATMENT
            and r.subject_id.removeprefix("napo:") in ablative]


def extract_problems(rows: list[Mapping], release: VendoredRelease) -> list[str]:
    """Codes missing from the extract, labelled otherwise than its heading, or obsolete."""
    problems = []
    for row in rows:
        term = release.term(row.object_local_id)
        if term is None:
            problems.append(f"{row.object_id} is not in {release.version}")
        elif term.obsolete:
            problems.append(f"{row.object_id} is obsolete in {release.version}")
        elif term.label != row.object_label:
            problems.append(f"{row.object_id}: '{row.object_label}' is not '{term.label}'")
    return problems


def test_catheter_ablation_is_never_radiofrequency_neuroablation(rows, ontology, extract) -> None:
    assert extract.term("D017115").label == "Catheter Ablation"  # the trap is in the extract
    assert catheter_ablation_problems(rows, ontology) == []
    bad = [_row("RadiofrequencyNeuroablation", CATHETER_ABLATION, "Catheter Ablation"),
           _row("PercutaneousRadiofrequencyRhizotomy", CATHETER_ABLATION, "Catheter Ablation",
                "skos:broadMatch")]
    assert len(catheter_ablation_problems(rows + bad, ontology)) == 2


def test_pulsed_radiofrequency_treatment_is_not_ablative(rows, ontology, extract) -> None:
    assert extract.term("D061208").label == "Pulsed Radiofrequency Treatment"
    subjects = {r.subject_id for r in rows if r.object_id == PULSED_RF_TREATMENT}
    assert subjects == {"napo:PulsedRadiofrequencyTreatment"}
    assert pulsed_rf_problems(rows, ontology) == []
    bad = [_row("RadiofrequencyNeurotomy", PULSED_RF_TREATMENT,
                "Pulsed Radiofrequency Treatment", "skos:broadMatch")]
    assert pulsed_rf_problems(rows + bad, ontology) == ["napo:RadiofrequencyNeurotomy -> "
                                                        "mesh:D061208"]


def test_every_mesh_code_is_a_current_descriptor_with_its_heading(rows, extract) -> None:
    assert rows and release_for("mesh").version == extract.version  # the extract answers
    assert extract_problems(rows, extract) == []
    bad = [_row("Rhizotomy", "mesh:D019051", "rhizotomy"),        # not the exact heading
           _row("Rhizotomy", "mesh:D999999", "Rhizotomy")]        # no such descriptor
    assert len(extract_problems(bad, extract)) == 2


def test_an_obsolete_descriptor_is_refused(tmp_path: Path) -> None:
    header = "".join(line for line in extract_path("mesh").read_text(encoding="utf-8")
                     .splitlines(keepends=True) if line.startswith("#"))
    path = tmp_path / "terms.tsv"
    path.write_text(header + "id\tlabel\tobsolete\treplaced_by\tparents\txrefs\n"
                    "D019051\tRhizotomy\ttrue\tD000001\t\t\n", encoding="utf-8")
    problems = extract_problems([_row("Rhizotomy", "mesh:D019051", "Rhizotomy")],
                                VendoredRelease("mesh", path))
    assert problems == ["mesh:D019051 is obsolete in MeSH 2017"]


def test_the_extract_names_its_source_commit_and_release(extract) -> None:
    header = extract.header
    assert re.search(r"\S+/\S+ \S+@[0-9a-f]{40}\b", header["source"]), header["source"]
    assert re.fullmatch(r"MeSH \d{4}", header["release"])
    assert "National Library of Medicine" in header["license"]
    assert header["script"].startswith("scripts/extract_mesh.py")


def test_the_extract_holds_the_mapped_codes_their_parents_and_the_traps(rows, extract) -> None:
    wanted = {r.object_local_id for r in rows} | {"D017115"}
    assert wanted <= extract.terms.keys()
    parents = {p for ui in wanted for p in extract.parents(ui)}
    assert parents <= extract.terms.keys()
    assert extract.parents("D019051") == ("D003714",)  # Rhizotomy under Denervation
    assert extract.terms.keys() == wanted | parents  # nothing else: the extract stays small


def test_lookup_finds_rhizotomy_by_its_mesh_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # identifiers are never cut, but cells wrap
    result = runner.invoke(app, ["lookup", "mesh:D019051"])
    assert result.exit_code == 0, result.output
    assert "napo:Rhizotomy" in result.output and "skos:exactMatch" in result.output
    assert "Rhizotomy" in result.output and "mesh:D019051" in result.output


def _script():
    spec = importlib.util.spec_from_file_location("extract_mesh",
                                                  ROOT / "scripts" / "extract_mesh.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TREE_FILE = ("Tree Number\tDesc Ui\tTerm\nE04.525\tD019635\tNeurosurgical Procedures\n"
             "E04.525.210\tD003714\tDenervation\nE04.525.210.700\tD019051\tRhizotomy\n"
             "E04.014\tD055011\tAblation Techniques\nE04.014.085\tD017115\tCatheter Ablation\n")
ASCII_FILE = ("*NEWRECORD\nRECTYPE = D\nMH = Denervation\nMN = E04.525.210\nUI = D003714\n\n"
              "*NEWRECORD\nRECTYPE = D\nMH = Rhizotomy\nMN = E04.525.210.700\nUI = D019051\n")
XML_FILE = ("<DescriptorRecordSet><DescriptorRecord><DescriptorUI>D019051</DescriptorUI>"
            "<DescriptorName><String>Rhizotomy</String></DescriptorName><TreeNumberList>"
            "<TreeNumber>E04.525.210.700</TreeNumber></TreeNumberList></DescriptorRecord>"
            "</DescriptorRecordSet>")


@pytest.mark.parametrize(("name", "text", "encoding"), [
    ("2017MeshTree.txt", TREE_FILE, "utf-16"), ("2017MeshTree.txt", TREE_FILE, "utf-8-sig"),
    ("d2025.bin", ASCII_FILE, "utf-8"), ("desc2025.xml", XML_FILE, "utf-8")])
def test_the_script_reads_every_release_format(tmp_path: Path, name, text, encoding) -> None:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    terms = _script().read_release(path)
    assert terms["D019051"] == ("Rhizotomy", ["E04.525.210.700"])


def test_the_script_keeps_wanted_descriptors_and_their_parents(tmp_path: Path) -> None:
    script = _script()
    path = tmp_path / "2017MeshTree.txt"
    path.write_text(TREE_FILE, encoding="utf-8")
    rows = script.extract(script.read_release(path), {"D019051", "D017115"})
    assert [row[0] for row in rows] == ["D003714", "D017115", "D019051", "D055011"]
    assert rows[2] == ["D019051", "Rhizotomy", "false", "", "D003714", ""]
    with pytest.raises(SystemExit, match="D000001"):
        script.extract(script.read_release(path), {"D000001"})
