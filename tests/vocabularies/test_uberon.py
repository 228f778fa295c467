"""UBERON links: the extract script, the offline release behind every uberon row, and the traps.

Each trap is a checker run on the real rows (it must find nothing) and on a crafted bad row
list (it must find the bad row), so every test here can fail.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Namespace

from napo.core.errors import Location
from napo.vocabularies import release_for
from napo.vocabularies.mappings import Mapping, read_mapping_set
from napo.vocabularies.vendored import VendoredRelease, has_extract

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "data" / "mappings" / "uberon.sssom.tsv"
NAPO = Namespace("https://w3id.org/napo/")

_spec = importlib.util.spec_from_file_location("extract_uberon",
                                               ROOT / "scripts" / "extract_uberon.py")
extract_uberon = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("extract_uberon", extract_uberon)  # dataclasses look it up
_spec.loader.exec_module(extract_uberon)

# Obsolete UBERON terms whose old labels look right for a NAPO class (issue 14's traps).
OBSOLETE_TRAPS = {"0002003": "obsolete peripheral nerve",   # was "peripheral nerve"
                  "3011045": "obsolete gasserian ganglion"}
MESENCEPHALIC_TRIGEMINAL_TRACT = "uberon:0002666"  # proprioceptive trigeminal tract

# A crafted official release: the header and stanza shapes of uberon.obo, a few real terms.
RELEASE_OBO = """format-version: 1.2
data-version: uberon/releases/2026-04-01/uberon.owl
ontology: uberon
property_value: dcterms-license http://creativecommons.org/licenses/by/3.0/

[Term]
id: UBERON:0001021
name: nerve
xref: FMA:65132
xref: ZFA:0000299
is_a: UBERON:0000061 ! anatomical structure

[Term]
id: UBERON:0000061
name: anatomical structure

[Term]
id: UBERON:0001780
name: spinal nerve
def: "A nerve formed by the union of dorsal and ventral roots." []
xref: FMA:5858
xref: MESH:D013127
xref: UMLS:C0037941 {source="ncithesaurus:Spinal_Nerve"}
is_a: UBERON:0001021 {source="FMA"} ! nerve
relationship: part_of UBERON:0000010 ! peripheral nervous system

[Term]
id: UBERON:0002003
name: obsolete peripheral nerve
is_obsolete: true
replaced_by: UBERON:0001021

[Term]
id: UBERON:3011045
name: obsolete gasserian ganglion
is_obsolete: true
replaced_by: UBERON:0001675

[Term]
id: UBERON:0002666
name: mesencephalic tract of trigeminal nerve
xref: FMA:72489
is_a: UBERON:0001018 ! axon tract

[Term]
id: UBERON:0001018
name: axon tract

[Term]
id: CL:0000540
name: neuron

[Typedef]
id: part_of
name: part of
"""
COMMIT = "aa843be732f8e59e298e3f9acbc9e4cd63a9358c"


def _row(subject: str, obj: str, label: str, predicate: str = "skos:exactMatch",
         comment: str = "", line: int = 11) -> Mapping:
    return Mapping(subject, "", predicate, obj, label, "semapv:ManualMappingCuration", comment,
                   Location(TABLE, line))


@pytest.fixture(scope="module")
def rows() -> list[Mapping]:
    return read_mapping_set(TABLE).mappings


@pytest.fixture
def crafted_extract(tmp_path: Path) -> VendoredRelease:
    """The extract script run on the crafted release, read back by NAPO's reader."""
    full = tmp_path / "uberon.obo"
    full.write_text(RELEASE_OBO, encoding="utf-8")
    out = tmp_path / "terms.tsv"
    code = extract_uberon.main([str(full), "--repo", "obophenotype/uberon", "--path",
                                "uberon.obo", "--commit", COMMIT, "--out", str(out)])
    assert code == 1  # the real tables need codes this small release lacks ...
    release, licence, terms = extract_uberon.extract(
        RELEASE_OBO.splitlines(keepends=True), {"0001780", "0002003", "3011045", "0002666"})
    extract_uberon.write(out, terms, source=f"obophenotype/uberon/uberon.obo@{COMMIT}",
                         release=release, licence=licence, command="test")
    return VendoredRelease("uberon", out)  # ... so the test picks the terms itself


# -- the checkers -------------------------------------------------------------------------

def obsolete_trap_rows(rows: list[Mapping]) -> list[Mapping]:
    return [r for r in rows if r.object_prefix == "uberon" and r.object_local_id in OBSOLETE_TRAPS]


def mesencephalic_tractotomy_target(graph: Graph) -> set:
    """The direct sites in MesencephalicTractotomy's definition, read from the ontology."""
    sites = set()
    for equivalent in graph.objects(NAPO.MesencephalicTractotomy, OWL.equivalentClass):
        for member in graph.items(graph.value(equivalent, OWL.intersectionOf)):
            if (graph.value(member, RDF.type) == OWL.Restriction
                    and graph.value(member, OWL.onProperty) == NAPO.hasDirectSite):
                sites.add(graph.value(member, OWL.someValuesFrom))
    return sites


def mesencephalic_trap_rows(rows: list[Mapping], targets: set) -> list[Mapping]:
    names = {f"napo:{str(t).rsplit('/', 1)[1]}" for t in targets}
    return [r for r in rows if r.subject_id in names
            and r.object_id.lower() == MESENCEPHALIC_TRIGEMINAL_TRACT]


def release_problems(rows: list[Mapping], release) -> list[str]:
    problems = []
    for row in rows:
        term = release.term(row.object_local_id)
        if term is None:
            problems.append(f"{row.object_id} not in {release.version}")
        elif term.obsolete:
            problems.append(f"{row.object_id} obsolete in {release.version}")
        elif term.label != row.object_label:
            problems.append(f"{row.object_id} label {row.object_label!r} != {term.label!r}")
    return problems


_CITED = re.compile(r"\b(?:FMA|MESH):[A-Z0-9]+")


def missing_xrefs(rows: list[Mapping], release) -> list[str]:
    """FMA and MeSH codes a row cites for its UBERON term that the release does not carry;
    and exact-match rows whose term carries neither an FMA nor a MeSH cross-reference (a
    close match may lack both: UBERON's "regional part of nervous system" has neither)."""
    problems = []
    for row in rows:
        term = release.term(row.object_local_id)
        carried = set(term.xrefs) if term else set()
        problems += [f"{row.object_id} lacks {x}" for x in _CITED.findall(row.comment)
                     if x not in carried]
        if row.predicate_id == "skos:exactMatch" and not any(
                x.startswith(("FMA:", "MESH:")) for x in carried):
            problems.append(f"{row.object_id} has no FMA or MeSH cross-reference")
    return problems


# -- the extract script -------------------------------------------------------------------

def test_extract_keeps_terms_parents_status_and_xrefs(crafted_extract: VendoredRelease) -> None:
    spinal = crafted_extract.term("0001780")
    assert spinal.label == "spinal nerve" and not spinal.obsolete
    assert crafted_extract.parents("0001780") == ("0001021",)
    assert spinal.xrefs == ("FMA:5858", "MESH:D013127", "UMLS:C0037941")
    assert crafted_extract.term("0001021").xrefs == ("FMA:65132",)  # ZFA dropped
    assert crafted_extract.term("0000061") is None  # a grandparent is not kept
    assert crafted_extract.term("0001018").label == "axon tract"  # parent of a trap


def test_extract_header_names_source_commit_and_release(crafted_extract: VendoredRelease) -> None:
    """(d) the header says which file at which commit of which release."""
    header = crafted_extract.header
    assert re.search(r"\S+/\S+@[0-9a-f]{40}$", header["source"]), header
    assert re.fullmatch(r"uberon/releases/\d{4}-\d{2}-\d{2}", header["release"]), header
    assert crafted_extract.version == "uberon/releases/2026-04-01"
    assert "by/3.0" in header["license"]


def test_extract_refuses_a_file_that_is_not_a_release() -> None:
    edit_file = RELEASE_OBO.replace("data-version: uberon/releases/2026-04-01/uberon.owl\n", "")
    with pytest.raises(extract_uberon.ExtractError, match="not an official UBERON release"):
        extract_uberon.extract(edit_file.splitlines(keepends=True), {"0001780"})


def test_extract_refuses_a_release_without_a_mapped_code() -> None:
    with pytest.raises(extract_uberon.ExtractError, match="UBERON:0009623"):
        extract_uberon.extract(RELEASE_OBO.splitlines(keepends=True), {"0001780", "0009623"})


def test_extract_wants_every_code_the_tables_use(rows: list[Mapping]) -> None:
    wanted = extract_uberon.wanted_codes()
    assert {r.object_local_id for r in rows} <= wanted
    assert "0001896" in wanted  # cited only as "xref of uberon:0001896" by SNOMED CT rows too


def test_the_real_extract_has_a_release_header() -> None:
    """(d) once data/vocabularies/uberon/terms.tsv exists, it names its commit and release."""
    if not has_extract("uberon"):
        assert release_for("uberon").__class__.__name__ == "EvidenceRelease"
        return
    header = VendoredRelease("uberon").header
    assert re.search(r"@[0-9a-f]{40}$", header["source"])
    assert re.fullmatch(r"uberon/releases/\d{4}-\d{2}-\d{2}", header["release"])


# -- (a) obsolete terms that look right ---------------------------------------------------

def test_no_row_uses_an_obsolete_trap_term(rows: list[Mapping]) -> None:
    assert obsolete_trap_rows(rows) == []
    bad = [_row("napo:PeripheralNerve", "uberon:0002003", "obsolete peripheral nerve"),
           _row("napo:TrigeminalGanglion", "uberon:3011045", "obsolete gasserian ganglion")]
    assert obsolete_trap_rows(bad) == bad


def test_the_extract_marks_the_trap_terms_obsolete(crafted_extract: VendoredRelease) -> None:
    releases = [crafted_extract] + ([VendoredRelease("uberon")] if has_extract("uberon") else [])
    for release in releases:
        for local_id in OBSOLETE_TRAPS:
            term = release.term(local_id)
            assert term is not None and term.obsolete, (release.path, local_id)
    assert crafted_extract.term("0002003").replaced_by == "0001021"
    assert crafted_extract.term("3011045").replaced_by == "0001675"


# -- (b) the mesencephalic tract of the trigeminal nerve ----------------------------------

def test_mesencephalic_trigeminal_tract_is_not_the_tractotomy_target(rows: list[Mapping]) -> None:
    graph = Graph().parse(ROOT / "ontology" / "napo.ttl")
    targets = mesencephalic_tractotomy_target(graph)
    assert targets == {NAPO.MesencephalicSpinothalamicTract}
    assert mesencephalic_trap_rows(rows, targets) == []
    bad = [_row("napo:MesencephalicSpinothalamicTract", "uberon:0002666",
                "mesencephalic tract of trigeminal nerve", "skos:closeMatch")]
    assert mesencephalic_trap_rows(bad, targets) == bad


# -- (c) every code exists, with its exact label, and is current --------------------------

def test_every_row_is_in_the_release_with_its_label_and_current(rows: list[Mapping]) -> None:
    assert rows and release_problems(rows, release_for("uberon")) == []


def test_release_check_catches_missing_wrong_label_and_obsolete(
        crafted_extract: VendoredRelease) -> None:
    bad = [_row("napo:SpinalNerveRoot", "uberon:0009623", "spinal nerve root"),
           _row("napo:SpinalNerve", "uberon:0001780", "Spinal Nerve"),
           _row("napo:PeripheralNerve", "uberon:0002003", "obsolete peripheral nerve")]
    problems = release_problems(bad, crafted_extract)
    assert [p.split()[0] for p in problems] == ["uberon:0009623", "uberon:0001780",
                                                 "uberon:0002003"]


# -- (e) FMA and MeSH through UBERON's own cross-references -------------------------------

def test_fma_and_mesh_xrefs_of_mapped_terms_come_from_the_release(rows: list[Mapping]) -> None:
    release = release_for("uberon")
    assert missing_xrefs(rows, release) == []
    assert "MESH:D013127" in release.term("0001780").xrefs
    assert "FMA:5858" in release.term("0001780").xrefs


def test_xref_check_catches_a_code_the_release_does_not_carry(
        crafted_extract: VendoredRelease) -> None:
    bad = [_row("napo:SpinalNerve", "uberon:0001780", "spinal nerve",
                comment="verified in x@y (r): xrefs: FMA:5858 MESH:D999999"),
           _row("napo:CentralFibreTract", "uberon:0002666",
                "mesencephalic tract of trigeminal nerve", "skos:narrowMatch",
                comment="xrefs: FMA:72489"),
           _row("napo:PeripheralNerve", "uberon:0002003", "obsolete peripheral nerve")]
    assert missing_xrefs(bad, crafted_extract) == [
        "uberon:0001780 lacks MESH:D999999",
        "uberon:0002003 has no FMA or MeSH cross-reference"]
