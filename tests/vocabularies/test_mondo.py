"""MONDO links checked against the vendored extract of an official MONDO release, and the traps.

Each check is a function over rows, run on the real table and on crafted bad rows, so a test
fails when the behaviour it guards breaks: MONDO *lesion of sciatic nerve* is no sciatica; a
bleeding diathesis is no procedural bleeding; every code exists in the extract with its exact
label and is current; the extract names its source commit and release; every recorded absence
is a NAPO class without a MONDO row.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from napo.core.errors import Location
from napo.vocabularies import release_for
from napo.vocabularies.mappings import Mapping, read_mapping_set
from napo.vocabularies.vendored import VendoredRelease, extract_path

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "data" / "mappings" / "mondo.sssom.tsv"
ABSENT = ROOT / "data" / "mappings" / "absent" / "mondo.tsv"
NAPO = "https://w3id.org/napo/"
LESION_OF_SCIATIC_NERVE = "mondo:0001543"
SCIATIC_NEUROPATHY = "mondo:0006960"
HEMORRHAGIC_DISEASE = "mondo:0002243"  # a bleeding diathesis (DOID:2213)
OBSOLETE_INFECTIOUS_MENINGITIS = "0005064"  # replaced by 0004796
# NAPO classes that a trap must never be linked to, with the trap codes.
TRAPS = {
    "napo:Sciatica": (LESION_OF_SCIATIC_NERVE, SCIATIC_NEUROPATHY),
    "napo:RadicularPain": (LESION_OF_SCIATIC_NERVE, SCIATIC_NEUROPATHY),
    "napo:Bleeding": (HEMORRHAGIC_DISEASE,),
    "napo:HaemorrhagicComplication": (HEMORRHAGIC_DISEASE,),
    "napo:Haematoma": (HEMORRHAGIC_DISEASE,),
}


@pytest.fixture(scope="module")
def rows() -> list[Mapping]:
    return read_mapping_set(TABLE).mappings


@pytest.fixture(scope="module")
def extract() -> VendoredRelease:
    return VendoredRelease("mondo")


def _row(subject: str, predicate: str, code: str, label: str) -> Mapping:
    return Mapping(subject, "", predicate, code, label, "semapv:ManualMappingCuration", "",
                   Location(TABLE, 0))


# --- the checks -----------------------------------------------------------------------------

def trap_problems(rows: list[Mapping]) -> list[str]:
    """Rows that link a NAPO class to a MONDO term that looks right but means something else."""
    return [f"{r.subject_id} must not be linked to {r.object_id} ({r.object_label})"
            for r in rows if r.object_id in TRAPS.get(r.subject_id, ())]


def extract_problems(rows: list[Mapping], extract: VendoredRelease) -> list[str]:
    """The code exists in the extract, the label is the official one, the term is current."""
    problems = []
    for row in rows:
        term = extract.term(row.object_local_id)
        if term is None:
            problems.append(f"{row.object_id} is not in {extract.version}")
            continue
        if term.obsolete:
            problems.append(f"{row.object_id} is obsolete in {extract.version}"
                            + (f" (replaced by MONDO:{term.replaced_by})"
                               if term.replaced_by else ""))
        if row.object_label != term.label:
            problems.append(f"{row.object_id}: '{row.object_label}' is not the label "
                            f"'{term.label}'")
    return problems


def header_problems(header: dict[str, str], object_source_version: str) -> list[str]:
    """The extract says which commit of which repository, which release, licence and script."""
    problems = []
    if not re.search(r"\S+/\S+@[0-9a-f]{40}\b", header.get("source", "")):
        problems.append("#source does not name owner/repo@<40-hex commit>")
    release = header.get("release", "")
    if not re.fullmatch(r"mondo/releases/\d{4}-\d{2}-\d{2}", release):
        problems.append(f"#release '{release}' is not mondo/releases/YYYY-MM-DD")
    if "CC BY 4.0" not in header.get("license", ""):
        problems.append("#license does not name CC BY 4.0")
    if not header.get("script", "").startswith("scripts/extract_mondo.py"):
        problems.append("#script does not name scripts/extract_mondo.py")
    if object_source_version.strip('"') != release:
        problems.append(f"object_source_version {object_source_version} is not {release}")
    return problems


# --- the real table -------------------------------------------------------------------------

def test_mondo_is_checked_against_the_vendored_extract(extract) -> None:
    assert isinstance(release_for("mondo"), VendoredRelease)
    assert release_for("mondo").version == extract.version == "mondo/releases/2026-08-04"


def test_no_trap_is_mapped(rows) -> None:
    assert trap_problems(rows) == []


def test_sciatica_is_sciatica_not_a_lesion_of_the_sciatic_nerve(rows, extract) -> None:
    assert extract.term("0001543").label == "lesion of sciatic nerve"
    assert extract.term("0024333").label == "sciatica"
    sciatica = [r.object_id for r in rows if r.subject_id == "napo:Sciatica"]
    assert sciatica == ["mondo:0024333"]


def test_every_code_is_in_the_extract_current_and_exactly_labelled(rows, extract) -> None:
    assert rows
    assert extract_problems(rows, extract) == []


def test_the_extract_names_its_source_commit_and_release(extract) -> None:
    metadata = read_mapping_set(TABLE).metadata
    assert header_problems(extract.header, metadata["object_source_version"]) == []


def test_the_extract_holds_every_cited_code_and_its_xrefs(extract) -> None:
    """Licensed rows cite 'xref of mondo:…': the cited term must carry the code."""
    script = _script()
    assert script.wanted_ids() <= extract.terms.keys()
    assert "SCTID:76107001" in extract.term("0005965").xrefs
    assert "UMLS:C1861329" in extract.term("0005965").xrefs


# --- each check fails on crafted bad rows ---------------------------------------------------

def test_the_sciatic_nerve_lesion_offered_as_sciatica_is_refused() -> None:
    bad = [_row("napo:Sciatica", "skos:exactMatch", LESION_OF_SCIATIC_NERVE,
                "lesion of sciatic nerve")]
    assert trap_problems(bad) == ["napo:Sciatica must not be linked to mondo:0001543 "
                                  "(lesion of sciatic nerve)"]


def test_a_bleeding_diathesis_offered_as_procedural_bleeding_is_refused() -> None:
    bad = [_row("napo:Bleeding", "skos:closeMatch", HEMORRHAGIC_DISEASE, "hemorrhagic disease")]
    assert trap_problems(bad) == ["napo:Bleeding must not be linked to mondo:0002243 "
                                  "(hemorrhagic disease)"]


def test_a_made_up_code_a_wrong_label_and_an_obsolete_term_are_refused(extract) -> None:
    bad = [_row("napo:Sciatica", "skos:exactMatch", "mondo:9999999", "sciatica"),
           _row("napo:Sciatica", "skos:exactMatch", "mondo:0024333", "Sciatica"),
           _row("napo:Meningitis", "skos:broadMatch", f"mondo:{OBSOLETE_INFECTIOUS_MENINGITIS}",
                "obsolete infectious meningitis")]
    assert extract_problems(bad, extract) == [
        "mondo:9999999 is not in mondo/releases/2026-08-04",
        "mondo:0024333: 'Sciatica' is not the label 'sciatica'",
        "mondo:0005064 is obsolete in mondo/releases/2026-08-04 (replaced by MONDO:0004796)"]


def test_a_header_without_commit_or_release_is_refused(extract) -> None:
    header = dict(extract.header, source="monarch-initiative/mondo (latest)",
                  release="unknown")
    assert header_problems(header, '"unknown"') == [
        "#source does not name owner/repo@<40-hex commit>",
        "#release 'unknown' is not mondo/releases/YYYY-MM-DD"]
    assert header_problems(extract.header, '"mondo/releases/2023-12-01; unknown"') == [
        'object_source_version "mondo/releases/2023-12-01; unknown" is not '
        "mondo/releases/2026-08-04"]


def test_the_verifier_refuses_the_same_bad_rows() -> None:
    """napo mappings itself (not only these tests) rejects an obsolete or mislabelled code."""
    from napo.vocabularies.verification import row_problems
    assert row_problems(_row("napo:Meningitis", "skos:broadMatch",
                             f"mondo:{OBSOLETE_INFECTIOUS_MENINGITIS}",
                             "obsolete infectious meningitis")) == [
        "mondo:0005064 is obsolete in mondo/releases/2026-08-04 (replaced by 0004796)"]
    assert row_problems(_row("napo:Sciatica", "skos:exactMatch", "mondo:0024333",
                             "lesion of sciatic nerve")) == [
        "mondo:0024333: object_label 'lesion of sciatic nerve' is not the official label "
        "'sciatica' (mondo/releases/2026-08-04)"]


# --- the script -----------------------------------------------------------------------------

def _script():
    spec = importlib.util.spec_from_file_location("extract_mondo",
                                                  ROOT / "scripts" / "extract_mondo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OBO_FILE = """format-version: 1.2
data-version: http://purl.obolibrary.org/obo/mondo/releases/2026-08-04/mondo.owl
ontology: mondo

[Term]
id: MONDO:0021667
name: neuralgia
xref: MESH:D009437 {source="MONDO:equivalentTo"}
xref: UMLS:C0027796

[Term]
id: MONDO:0024333
name: sciatica
is_a: MONDO:0021667 {source="DOID:10300"} ! neuralgia
xref: ICD10CM:M54.3
xref: Orphanet:1234

[Term]
id: MONDO:0005064
name: obsolete infectious meningitis
is_obsolete: true
replaced_by: MONDO:0004796

[Typedef]
id: RO:0004003
name: has material basis in germline mutation in
"""


def test_the_script_reads_an_obo_release_file(tmp_path: Path) -> None:
    path = tmp_path / "mondo.obo"
    path.write_text(OBO_FILE, encoding="utf-8")
    release, terms = _script().read_obo(path)
    assert release == "mondo/releases/2026-08-04"
    assert terms["0024333"].row() == ["0024333", "sciatica", "false", "", "0021667",
                                      "ICD10CM:M54.3"]
    assert terms["0021667"].row()[5] == "MESH:D009437|UMLS:C0027796"
    assert terms["0005064"].row()[2:4] == ["true", "0004796"]
    assert extract_path("mondo").is_file()
