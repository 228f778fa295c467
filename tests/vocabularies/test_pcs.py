"""ICD-10-PCS derivation: the traps of the official index and guidelines, the body-part rules
checked against the Body Part Key, and the mapped codes equal to what the derivation gives."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from napo.cli import app
from napo.core.namespaces import NAPO
from napo.knowledge.graph import reasoned_ontology
from napo.vocabularies.icd10pcs import Icd10PcsRelease
from napo.vocabularies.mappings import read_mapping_set
from napo.vocabularies.pcs import PcsCoder, PcsError, body_part_rules
from napo.vocabularies.pcs_codes import explain_code

runner = CliRunner()


@pytest.fixture(scope="module")
def coder() -> PcsCoder:
    return PcsCoder(reasoned_ontology())


@pytest.fixture(scope="module")
def release() -> Icd10PcsRelease:
    return Icd10PcsRelease()


@pytest.mark.parametrize(("procedure", "options", "code"), [
    # Cordotomy is Division even when made with an RF lesion (index: Cordotomy see Division).
    ("PercutaneousCervicalCordotomy", {}, "008W3ZZ"),
    ("OpenCordotomy", {"level": "T2"}, "008X0ZZ"),
    # RF medial-branch "neurotomy" destroys the nerve: Destruction, not the index's Division;
    # the medial branch has no body part of its own, so the lumbar nerve is coded (B4.2).
    ("MedialBranchRadiofrequencyNeurotomy", {"level": "L4"}, "015B3ZZ"),
    ("MedialBranchRadiofrequencyNeurotomy", {"level": "C5"}, "01513ZZ"),
    # Chemical neurolysis is Destruction; the index's "neurolysis" (Release) frees a nerve.
    ("CoeliacPlexusNeurolysis", {"approach": "percutaneous"}, "015M3ZZ"),
    ("PercutaneousGlycerolRhizotomy", {}, "005K3ZZ"),
    # Freeing the trigeminal root from a vessel is Release (B3.14).
    ("TrigeminalMicrovascularDecompression", {}, "00NK0ZZ"),
    # Severing lumbar dorsal rootlets: Division; the cauda equina is coded to the lumbar cord.
    ("SelectiveDorsalRhizotomy", {"level": "L2"}, "008Y0ZZ"),
    # Table 008 has no Medulla Oblongata: the tract in the medulla goes to Brain (B4.1a).
    ("TrigeminalTractotomy", {"approach": "open"}, "00800ZZ"),
    # The index sends sympathectomy to Excision.
    ("Sympathectomy", {"level": "T2", "approach": "percutaneous-endoscopic"}, "01BL4ZZ"),
    # A generic rhizotomy needs the technique.
    ("Rhizotomy", {"level": "L5", "approach": "percutaneous", "method": "destruction"},
     "005Y3ZZ"),
])
def test_derived_codes_follow_index_and_guidelines(coder: PcsCoder, procedure: str,
                                                   options: dict, code: str) -> None:
    assert coder.code(NAPO[procedure], **options).code == code


def test_the_index_says_what_the_rules_rely_on(release: Icd10PcsRelease) -> None:
    assert "Division" in release.index_entry("Cordotomy")
    assert "Division" in release.index_entry("Neurotomy")  # RF neurotomy is still Destruction
    assert "Release" in release.index_entry("Neurolysis")  # chemical neurolysis is not
    assert "Excision" in release.index_entry("Sympathectomy")
    assert "Severing a nerve root" in release.guideline("B3.14")
    assert "D" not in release.body_parts("0", "8")  # no Division of the medulla


@pytest.mark.parametrize(("procedure", "options", "problem"), [
    ("MedialBranchBlock", {"level": "L4"}, "section 3 (Administration)"),
    ("RadiosurgicalTrigeminalRhizotomy", {}, "section D (Radiation Therapy"),
    ("Rhizotomy", {"level": "L4"}, "--method division|destruction"),
    ("MedialBranchRadiofrequencyNeurotomy", {}, "pass --level"),
    ("MedialBranchRadiofrequencyNeurotomy", {"level": "L9"}, "'L9' is not a spinal level"),
    ("ChemicalRhizotomy", {"level": "T6"}, "does not fix the approach"),
    ("PeripheralCryoneurotomy", {}, "no ICD-10-PCS body part is recorded"),
    # MVD may free any cranial nerve root: the body part depends on which one.
    ("MicrovascularDecompression", {}, "no ICD-10-PCS body part is recorded"),
    ("Rhizotomy", {"level": "L4", "approach": "open", "method": "coagulation"},
     "unknown --method"),
])
def test_what_cannot_be_coded_is_refused_with_the_reason(coder: PcsCoder, procedure: str,
                                                         options: dict, problem: str) -> None:
    with pytest.raises(PcsError) as caught:
        coder.code(NAPO[procedure], **options)
    assert problem in str(caught.value)


def test_every_body_part_rule_matches_the_official_release(release: Icd10PcsRelease) -> None:
    ontology = reasoned_ontology()
    for rule in body_part_rules():
        where = f"icd10pcs-body-parts.tsv:{rule.line}"
        site = NAPO[rule.site.removeprefix("napo:")]
        assert (site, None, None) in ontology, f"{where}: {rule.site} is not a NAPO class"
        names = release.body_part_names(rule.body_system)
        assert names.get(rule.body_part) == rule.body_part_name, where
        kind, _, reference = rule.basis.partition(" ")
        if kind == "key:":
            assert f"use {rule.body_part_name}" in release.index_entry(reference), where
        else:
            assert kind == "guideline" and release.guideline(reference), where


def test_mapped_pcs_codes_are_what_the_derivation_gives(coder: PcsCoder) -> None:
    from napo.vocabularies.mappings import mappings_dir

    levels = {"napo:SelectiveDorsalRhizotomy": "L2"}  # SDR is performed on L1-S1 rootlets
    mapping_set = read_mapping_set(mappings_dir() / "icd10pcs.sssom.tsv")
    for row in mapping_set.mappings:
        derived = coder.code(NAPO[row.subject_id.removeprefix("napo:")],
                             level=levels.get(row.subject_id))
        assert row.object_id == f"icd10pcs:{derived.code}", row.location
        assert row.object_label == derived.title, row.location


def test_explain_a_code_and_refuse_one_not_in_the_table(release: Icd10PcsRelease) -> None:
    explained = explain_code(release, "015b3zz")
    assert explained.title == "Destruction of Lumbar Nerve, Percutaneous Approach"
    assert [c.meaning for c in explained.characters][3:5] == ["Lumbar Nerve", "Percutaneous"]
    with pytest.raises(PcsError, match="008D0ZZ is not a valid code in the ICD-10-PCS table 008"):
        explain_code(release, "008D0ZZ")


def test_cli_pcs_prints_every_character(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    result = runner.invoke(app, ["pcs", "percutaneous cervical cordotomy"])
    assert result.exit_code == 0, result.output
    assert "008W3ZZ" in result.output and "Cervical Spinal Cord" in result.output
    for character in ("section", "body system", "root operation", "body part", "approach",
                      "device", "qualifier"):
        assert character in result.output
    refused = runner.invoke(app, ["pcs", "medial branch block", "--level", "L4"])
    assert refused.exit_code == 1 and "section 3" in refused.output
