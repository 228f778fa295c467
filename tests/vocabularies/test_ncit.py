"""NCIt links checked against the vendored extract of an official NCIt release file, and the traps.

The extract (data/vocabularies/ncit/terms.tsv) is cut from the newest official-release-derived
NCIt file found in a public repository: MONDO's ODK import module of the NCIt OBO Edition
(mondo/releases/2023-08-31). It holds NCIt's procedure roots, not its neurosurgical, energy or
drug concepts, so only two rows can be verified and no absence can be recorded as a fact
(data/vocabularies/ncit/README.md says what was searched). The traps are therefore guarded as
rules over rows and the labels their release gives, each run on the real table (nothing to
find) and on crafted rows against a crafted release (each must be found): NCIt's
*Radiofrequency Ablation* is tissue ablation in general, never the same as radiofrequency
neurotomy; *Pulsed Radiofrequency* destroys nothing; a nerve block is no neuroablation.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from napo.core.errors import Location
from napo.knowledge.graph import reasoned_ontology
from napo.vocabularies import release_for
from napo.vocabularies.coverage import EXPECTED
from napo.vocabularies.mappings import Mapping, read_mapping_set
from napo.vocabularies.vendored import VendoredRelease, extract_path
from napo.vocabularies.verification import row_problems

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "data" / "mappings" / "ncit.sssom.tsv"
NAPO = "https://w3id.org/napo/"
SAME_MEANING = ("skos:exactMatch", "skos:closeMatch")
NOT_BROADER = (*SAME_MEANING, "skos:narrowMatch")
COLUMNS = "id\tlabel\tobsolete\treplaced_by\tparents\txrefs\n"
# A crafted release for the trap tests: made-up codes (C9000001 …) with the labels a careless
# curator might follow. They are not NCIt's codes and never reach a mapping table.
CRAFTED = {"C9000001": "Radiofrequency Ablation", "C9000002": "Pulsed Radiofrequency",
           "C9000003": "Nerve Block", "C9000004": "Neurolytic Block",
           "C9000005": "Cryoablation"}


@pytest.fixture(scope="module")
def rows() -> list[Mapping]:
    return read_mapping_set(TABLE).mappings


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return reasoned_ontology()


@pytest.fixture(scope="module")
def extract() -> VendoredRelease:
    return VendoredRelease("ncit")


def _header() -> str:
    return "".join(line for line in extract_path("ncit").read_text(encoding="utf-8")
                   .splitlines(keepends=True) if line.startswith("#"))


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> VendoredRelease:
    path = tmp_path_factory.mktemp("ncit") / "terms.tsv"
    body = "".join(f"{code}\t{label}\tfalse\t\t\t\n" for code, label in CRAFTED.items())
    path.write_text(_header() + COLUMNS + body, encoding="utf-8")
    return VendoredRelease("ncit", path)


def _row(subject: str, code: str, label: str, predicate: str = "skos:exactMatch") -> Mapping:
    return Mapping(f"napo:{subject}", subject, predicate, f"ncit:{code}", label,
                   "semapv:ManualMappingCuration", "crafted", Location(TABLE, 0))


def _closure(ontology: Graph, local: str) -> set[str]:
    """The class and every class the reasoner put below it (the closure is materialised)."""
    top = URIRef(NAPO + local)
    return {local} | {str(s).removeprefix(NAPO) for s in ontology.subjects(RDFS.subClassOf, top)
                      if str(s).startswith(NAPO)}


def _label(row: Mapping, *releases: VendoredRelease) -> str:
    for release in releases:
        term = release.term(row.object_local_id)
        if term is not None:
            return term.label.casefold()
    return ""


# --- the checks -----------------------------------------------------------------------------

def rf_ablation_problems(rows: list[Mapping], ontology: Graph,
                         *releases: VendoredRelease) -> list[str]:
    """A radiofrequency neuroablation class given as the same thing as NCIt's generic
    Radiofrequency Ablation (tissue ablation, mostly of tumours): at most broadMatch."""
    rf = _closure(ontology, "RadiofrequencyNeuroablation")
    return [f"{r.subject_id} -> {r.object_id}" for r in rows
            if r.subject_id.removeprefix("napo:") in rf and r.predicate_id in NOT_BROADER
            and "radiofrequency ablation" in _label(r, *releases)]


def pulsed_rf_problems(rows: list[Mapping], ontology: Graph,
                       *releases: VendoredRelease) -> list[str]:
    """Pulsed radiofrequency destroys nothing: no ablative class maps to it, and it maps to
    no ablation."""
    ablative = _closure(ontology, "NeuroablativeProcedure")
    pulsed = {"PulsedRadiofrequencyTreatment", "PulsedRadiofrequency"}
    problems = []
    for r in rows:
        subject, label = r.subject_id.removeprefix("napo:"), _label(r, *releases)
        if subject in ablative and "pulsed radiofrequency" in label:
            problems.append(f"{r.subject_id} -> {r.object_id}: pulsed RF is not ablative")
        if subject in pulsed and ("ablation" in label or label.endswith("otomy")):
            problems.append(f"{r.subject_id} -> {r.object_id}: {label} is ablative")
    return problems


def nerve_block_problems(rows: list[Mapping], ontology: Graph,
                         *releases: VendoredRelease) -> list[str]:
    """A nerve block (local anaesthetic, reversible) is no neuroablation, and the reverse;
    only a neurolytic block destroys."""
    ablative = _closure(ontology, "NeuroablativeProcedure")
    blocks = _closure(ontology, "MedialBranchBlock")
    problems = []
    for r in rows:
        subject, label = r.subject_id.removeprefix("napo:"), _label(r, *releases)
        if subject in ablative and re.search(r"\bblock\b", label) and "neurolytic" not in label:
            problems.append(f"{r.subject_id} -> {r.object_id}: a nerve block is not ablative")
        if subject in blocks and re.search(r"ablation|otomy\b|neurolysis|neurolytic", label):
            problems.append(f"{r.subject_id} -> {r.object_id}: a block destroys nothing")
    return problems


def extract_problems(rows: list[Mapping], release: VendoredRelease) -> list[str]:
    """Codes missing from the extract, labelled otherwise than NCIt's preferred name (compared
    case-folded here; `napo mappings` compares exactly), or retired."""
    problems = []
    for row in rows:
        term = release.term(row.object_local_id)
        if term is None:
            problems.append(f"{row.object_id} is not in {release.version}")
        elif term.obsolete:
            problems.append(f"{row.object_id} is retired in {release.version}")
        elif term.label.casefold() != row.object_label.casefold():
            problems.append(f"{row.object_id}: '{row.object_label}' is not '{term.label}'")
    return problems


# --- the real table against the real extract --------------------------------------------------

def test_ncit_is_checked_against_the_vendored_extract(extract) -> None:
    assert release_for("ncit").version == extract.version  # the extract wins over excerpts
    assert not (ROOT / "data" / "mappings" / "evidence" / "ncit.tsv").exists()


def test_every_code_is_in_the_extract_current_and_labelled_with_the_preferred_name(
        rows, extract) -> None:
    assert {r.object_id for r in rows} == {"ncit:C25218", "ncit:C15329"}
    assert extract_problems(rows, extract) == []
    assert all(row_problems(r) == [] for r in rows)  # what `napo mappings` checks


def test_the_extract_holds_the_mapped_codes_and_their_ancestors_only(rows, extract) -> None:
    wanted = {r.object_local_id for r in rows}
    ancestors: set[str] = set()
    stack = list(wanted)
    while stack:
        for parent in extract.parents(stack.pop()):
            if parent not in ancestors:
                ancestors.add(parent)
                stack.append(parent)
    assert extract.terms.keys() == wanted | ancestors
    assert extract.parents("C15329") == ("C25218",)  # Surgical Procedure
    assert extract.parents("C25218") == ("C16203",)  # Intervention or Procedure


def test_the_extract_names_its_source_commit_release_and_licence(extract) -> None:
    header = extract.header
    assert re.search(r"\S+/\S+ \S+@[0-9a-f]{40}\b", header["source"]), header["source"]
    assert header["release"] == "mondo/releases/2023-08-31/imports/ncit_import.owl"
    assert "CC BY 4.0" in header["license"]
    assert header["script"].startswith("scripts/extract_ncit.py")
    assert re.match(r"[0-9a-f]{64} ", header["sha256"])


def test_no_trap_is_mapped(rows, ontology, extract) -> None:
    assert rf_ablation_problems(rows, ontology, extract) == []
    assert pulsed_rf_problems(rows, ontology, extract) == []
    assert nerve_block_problems(rows, ontology, extract) == []


def test_the_procedure_root_is_only_close_and_open_procedure_only_narrower(rows) -> None:
    """Intervention or Procedure also covers social and behavioural acts; Surgical Procedure
    also covers percutaneous and endoscopic surgery."""
    predicates = {(r.subject_id, r.object_id): r.predicate_id for r in rows}
    assert predicates[("napo:Procedure", "ncit:C25218")] == "skos:closeMatch"
    assert predicates[("napo:OpenProcedure", "ncit:C15329")] == "skos:broadMatch"
    assert ("napo:PercutaneousProcedure", "ncit:C15329") not in predicates


def test_procedures_and_agents_are_checked_against_ncit() -> None:
    assert "ncit" in EXPECTED["Procedure"] and "ncit" in EXPECTED["EnergyOrAgent"]


# --- the traps, offered on crafted rows --------------------------------------------------------

def test_radiofrequency_ablation_is_not_radiofrequency_neurotomy(rows, ontology, crafted) -> None:
    bad = [_row("RadiofrequencyNeurotomy", "C9000001", "Radiofrequency Ablation"),
           _row("MedialBranchRadiofrequencyNeurotomy", "C9000001", "Radiofrequency Ablation",
                "skos:closeMatch")]
    assert len(rf_ablation_problems(rows + bad, ontology, crafted)) == 2
    # broader is right: radiofrequency neurotomy is one kind of radiofrequency ablation
    ok = [_row("RadiofrequencyNeurotomy", "C9000001", "Radiofrequency Ablation",
               "skos:broadMatch")]
    assert rf_ablation_problems(ok, ontology, crafted) == []


def test_pulsed_radiofrequency_is_not_ablative(ontology, crafted) -> None:
    bad = [_row("RadiofrequencyNeurotomy", "C9000002", "Pulsed Radiofrequency",
                "skos:broadMatch"),
           _row("PulsedRadiofrequencyTreatment", "C9000001", "Radiofrequency Ablation",
                "skos:broadMatch")]
    assert len(pulsed_rf_problems(bad, ontology, crafted)) == 2
    ok = [_row("PulsedRadiofrequencyTreatment", "C9000002", "Pulsed Radiofrequency")]
    assert pulsed_rf_problems(ok, ontology, crafted) == []


def test_a_nerve_block_is_not_neuroablation(ontology, crafted) -> None:
    bad = [_row("ChemicalNeuroablation", "C9000003", "Nerve Block", "skos:broadMatch"),
           _row("Rhizotomy", "C9000003", "Nerve Block", "skos:broadMatch"),
           _row("MedialBranchBlock", "C9000005", "Cryoablation", "skos:broadMatch")]
    assert len(nerve_block_problems(bad, ontology, crafted)) == 3
    ok = [_row("ChemicalNeuroablation", "C9000004", "Neurolytic Block"),
          _row("MedialBranchBlock", "C9000003", "Nerve Block", "skos:broadMatch")]
    assert nerve_block_problems(ok, ontology, crafted) == []


def test_a_made_up_code_a_wrong_label_and_a_retired_concept_are_refused(
        extract, tmp_path: Path) -> None:
    bad = [_row("Procedure", "C99999999", "Intervention or Procedure", "skos:closeMatch"),
           _row("OpenProcedure", "C15329", "Open Surgery", "skos:broadMatch")]
    assert extract_problems(bad, extract) == [
        "ncit:C99999999 is not in mondo/releases/2023-08-31/imports/ncit_import.owl",
        "ncit:C15329: 'Open Surgery' is not 'Surgical Procedure'"]
    path = tmp_path / "terms.tsv"
    path.write_text(_header() + COLUMNS + "C15329\tSurgical Procedure\ttrue\t\tC28428\t\n",
                    encoding="utf-8")
    retired = extract_problems([_row("OpenProcedure", "C15329", "Surgical Procedure",
                                     "skos:broadMatch")], VendoredRelease("ncit", path))
    assert retired == ["ncit:C15329 is retired in "
                       "mondo/releases/2023-08-31/imports/ncit_import.owl"]


def test_the_verifier_refuses_a_made_up_code_and_a_wrong_label() -> None:
    assert row_problems(_row("Procedure", "C99999999", "Intervention or Procedure")) == [
        "ncit:C99999999 does not exist in mondo/releases/2023-08-31/imports/ncit_import.owl"]
    (problem,) = row_problems(_row("OpenProcedure", "C15329", "surgical procedure",
                                   "skos:broadMatch"))
    assert "is not the official label 'Surgical Procedure'" in problem


# --- the script ---------------------------------------------------------------------------------

def _script():
    spec = importlib.util.spec_from_file_location("extract_ncit",
                                                  ROOT / "scripts" / "extract_ncit.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# Shaped like the files the script reads; the codes and labels of C15329, C25218, C16203 and
# C43431 are those of the vendored extract, C9000001 and C9000002 are made up.
OBO_FILE = """format-version: 1.2
data-version: ncit/releases/2099-01-01/ncit.obo
ontology: ncit

[Term]
id: NCIT:C43431
name: Activity

[Term]
id: NCIT:C16203
name: Clinical or Research Activity
is_a: NCIT:C43431 ! Activity

[Term]
id: NCIT:C25218
name: Intervention or Procedure
is_a: NCIT:C16203 ! Clinical or Research Activity
property_value: NCIT:P108 "Intervention or Procedure" xsd:string

[Term]
id: NCIT:C15329
name: Surgical Procedure
xref: IMDRF:F19
is_a: NCIT:C25218 ! Intervention or Procedure

[Term]
id: NCIT:C9000001
name: obsolete Made-up Procedure
is_obsolete: true
replaced_by: NCIT:C15329

[Term]
id: NCIT:C9000002
name: Made-up Retired Procedure
property_value: NCIT:P310 "Retired_Concept" xsd:string

[Typedef]
id: NCIT:R163
name: Procedure_Has_Target_Anatomy
"""
IRI = "<http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#{}>"
FLAT_FILE = "".join("\t".join(fields) + "\n" for fields in [
    ["C43431", IRI.format("C43431"), "", "Activity", "", "Activity", "", "Activity"],
    ["C25218", IRI.format("C25218"), "C43431", "Intervention or Procedure|Intervention", "",
     "Intervention or Procedure", "", "Therapeutic or Preventive Procedure"],
    ["C15329", IRI.format("C15329"), "C25218", "Surgical Procedure|Surgery", "", "Surgery", "",
     "Therapeutic or Preventive Procedure"],
    ["C9000002", IRI.format("C9000002"), "C28428", "Made-up Retired Procedure", "", "",
     "Retired_Concept", "Therapeutic or Preventive Procedure"]])


def test_the_script_reads_the_obo_edition_and_keeps_codes_with_their_ancestors(
        tmp_path: Path) -> None:
    script = _script()
    path = tmp_path / "ncit.obo"
    path.write_text(OBO_FILE, encoding="utf-8")
    concepts, release = script.read_release(path)
    assert release == "ncit/releases/2099-01-01/ncit.obo"
    assert "R163" not in concepts  # relations are no concepts
    assert concepts["C9000001"].obsolete and concepts["C9000001"].replaced_by == "C15329"
    assert concepts["C9000002"].obsolete  # P310 Retired_Concept
    rows = script.extract(concepts, {"C15329"})
    assert rows == [["C15329", "Surgical Procedure", "false", "", "C25218", "IMDRF:F19"],
                    ["C16203", "Clinical or Research Activity", "false", "", "C43431", ""],
                    ["C25218", "Intervention or Procedure", "false", "", "C16203", ""],
                    ["C43431", "Activity", "false", "", "", ""]]
    with pytest.raises(SystemExit, match="C9999999"):
        script.extract(concepts, {"C9999999"})


def test_the_script_refuses_a_name_that_is_not_the_preferred_name(tmp_path: Path) -> None:
    path = tmp_path / "ncit.obo"
    path.write_text(OBO_FILE.replace('P108 "Intervention or Procedure"', 'P108 "Intervention"'),
                    encoding="utf-8")
    with pytest.raises(SystemExit, match="Preferred Name"):
        _script().read_release(path)


def test_the_script_reads_thesaurus_flat_by_preferred_name(tmp_path: Path) -> None:
    script = _script()
    path = tmp_path / "Thesaurus.txt"
    path.write_text(FLAT_FILE, encoding="utf-8")
    concepts, release = script.read_release(path)
    assert release == ""  # FLAT names no release: --release is required
    assert concepts["C15329"].label == "Surgical Procedure"  # not the display name "Surgery"
    assert concepts["C15329"].parents == ["C25218"]
    assert concepts["C9000002"].obsolete
    path.write_text("not a thesaurus\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"not a Thesaurus\.FLAT row"):
        script.read_release(path)


def test_the_script_writes_the_header_the_reader_needs(tmp_path: Path) -> None:
    script = _script()
    source, out = tmp_path / "ncit.obo", tmp_path / "terms.tsv"
    source.write_text(OBO_FILE, encoding="utf-8")
    table = tmp_path / "ncit.sssom.tsv"
    table.write_text("subject_id\tobject_id\nnapo:OpenProcedure\tncit:C15329\n",
                     encoding="utf-8")
    assert script.main([str(source), "--source", "owner/repo ncit.obo@" + "0" * 40,
                        "--mappings", str(table), "--output", str(out)]) == 0
    release = VendoredRelease("ncit", out)
    assert release.version == "ncit/releases/2099-01-01/ncit.obo"
    assert release.term("C15329").label == "Surgical Procedure"
    assert release.header["script"].startswith("scripts/extract_ncit.py ncit.obo")
    flat = tmp_path / "Thesaurus.txt"
    flat.write_text(FLAT_FILE, encoding="utf-8")
    with pytest.raises(SystemExit, match="names no release"):
        script.main([str(flat), "--source", "x", "--mappings", str(table),
                     "--output", str(out)])
