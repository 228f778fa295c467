"""UBERON links: the extract script, the offline release behind every uberon row, and the traps.

Each trap is a checker run on the real rows (it must find nothing) and on a crafted bad row
list (it must find the bad row), so every test here can fail. The vendored extract comes from
release products of uberon/releases/2022-02-21 (data/vocabularies/uberon/README.md); the
obsolescence of the trap terms after that release is recorded evidence that the reader applies.
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
from napo.vocabularies.verification import row_problems

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


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


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
        [_lines(RELEASE_OBO)], {"0001780", "0002003", "3011045", "0002666"})
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
    and exact-match rows whose term carries neither an FMA nor a MeSH cross-reference, unless
    the row says so (a close match may lack both: UBERON's "regional part of nervous system"
    has neither; the 2022 release's spinothalamic tract has only a SNOMED CT one)."""
    problems = []
    for row in rows:
        term = release.term(row.object_local_id)
        carried = set(term.xrefs) if term else set()
        problems += [f"{row.object_id} lacks {x}" for x in _CITED.findall(row.comment)
                     if x not in carried]
        if row.predicate_id == "skos:exactMatch" and not any(
                x.startswith(("FMA:", "MESH:")) for x in carried) and (
                "no FMA or MeSH cross-reference in this release" not in row.comment):
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
        extract_uberon.extract([_lines(edit_file)], {"0001780"})
    with pytest.raises(extract_uberon.ExtractError, match="not an official UBERON release"):
        extract_uberon.extract([_lines(edit_file)], {"0001780"},
                               release="uberon/releases/2026-04-01")  # naming one is not enough
    import_module = RELEASE_OBO.replace(
        "data-version: uberon/releases/2026-04-01/uberon.owl\nontology: uberon\n",
        "data-version: mondo/releases/2021-08-03/imports/uberon_import.owl\n"
        "ontology: mondo/imports/uberon_import\n")
    with pytest.raises(extract_uberon.ExtractError, match="import module"):
        extract_uberon.extract([_lines(import_module)], {"0001780"})


def test_extract_refuses_a_release_without_a_mapped_code() -> None:
    with pytest.raises(extract_uberon.ExtractError, match="UBERON:0009623"):
        extract_uberon.extract([_lines(RELEASE_OBO)], {"0001780", "0009623"})


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
    """The script copies a release's obsolete flags (crafted.terms: the file alone); the real
    extract is a 2022 subset, so there the later obsolescence comes from the recorded evidence."""
    for local_id, label in OBSOLETE_TRAPS.items():
        term = crafted_extract.terms[local_id]
        assert term.obsolete and term.label == label
    assert crafted_extract.terms["0002003"].replaced_by == "0001021"
    assert crafted_extract.terms["3011045"].replaced_by == "0001675"
    real = release_for("uberon")
    for local_id, label in OBSOLETE_TRAPS.items():
        term = real.term(local_id)
        assert term is not None and term.obsolete and term.label == label, local_id
    assert real.term("0002003").replaced_by == "0001021"
    assert real.term("3011045").replaced_by == "0001675"


def test_the_verification_rejects_the_obsolete_traps(rows: list[Mapping]) -> None:
    """Through napo's own row check, as `napo mappings` runs it, with the labels the terms had
    before they were obsoleted (what a curator working from an old file would type)."""
    bad = [_row("napo:PeripheralNerve", "uberon:0002003", "peripheral nerve", "skos:closeMatch"),
           _row("napo:TrigeminalGanglion", "uberon:3011045", "gasserian ganglion")]
    for row in bad:
        assert any("is obsolete" in p for p in row_problems(row)), row.object_id
    assert row_problems(_row("napo:TrigeminalGanglion", "uberon:0001675",
                             "trigeminal ganglion")) == []


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


# -- release products without a data-version: the UBERON subsets ---------------------------

SUBSET_OBO = """format-version: 1.2
ontology: uberon/subsets/nervous-minimal

[Term]
id: BFO:0000001
name: entity

[Term]
id: UBERON:0001780
name: spinal nerve
xref: FMA:5858
xref: http://www.snomedbrowser.com/Codes/Details/361099009
xref: http://linkedlifedata.com/resource/umls/id/C0037941
xref: http://en.wikipedia.org/wiki/Spinal_nerve
xref: UMLS:C0037941 {source="ncithesaurus:Spinal_Nerve"}
is_a: UBERON:0001021 ! nerve

[Term]
id: UBERON:0001021
name: nerve

[Term]
id: UBERON:3011045
name: gasserian ganglion
is_a: UBERON:0000045 ! ganglion
"""
JOINTS_OBO = """format-version: 1.2
ontology: uberon/subsets/musculoskeletal-minimal

[Term]
id: UBERON:0001067
name: vertebral arch joint
xref: FMA:10447
xref: MESH:D021801

[Term]
id: UBERON:0001780
name: spinal nerve
xref: NCIT:C12792
"""
RELEASE = "uberon/releases/2022-02-21"


def test_a_subset_needs_its_release_named() -> None:
    with pytest.raises(extract_uberon.ExtractError, match="--release"):
        extract_uberon.extract([_lines(SUBSET_OBO)], {"0001780"})
    release, _, terms = extract_uberon.extract([_lines(SUBSET_OBO)], {"0001780"},
                                               release=RELEASE)
    assert release == RELEASE and [t.local_id for t in terms] == ["0001021", "0001780"]


def test_a_stated_data_version_must_agree_with_the_release_named() -> None:
    with pytest.raises(extract_uberon.ExtractError, match="not uberon/releases/2022-02-21"):
        extract_uberon.extract([_lines(RELEASE_OBO)], {"0001780"}, release=RELEASE)


def test_browser_urls_become_sctid_and_umls_curies() -> None:
    _, _, terms = extract_uberon.extract([_lines(SUBSET_OBO)], {"0001780"}, release=RELEASE)
    spinal = next(t for t in terms if t.local_id == "0001780")
    assert sorted(set(spinal.xrefs)) == ["FMA:5858", "SCTID:361099009", "UMLS:C0037941"]


def test_products_of_one_release_are_merged() -> None:
    _, _, terms = extract_uberon.extract([_lines(SUBSET_OBO), _lines(JOINTS_OBO)],
                                         {"0001780", "0001067"}, release=RELEASE)
    by_id = {t.local_id: t for t in terms}
    assert set(by_id) == {"0001021", "0001067", "0001780"}
    assert "NCIT:C12792" in by_id["0001780"].xrefs and "FMA:5858" in by_id["0001780"].xrefs
    assert by_id["0001067"].label == "vertebral arch joint"


def test_products_that_disagree_or_differ_in_release_are_refused() -> None:
    renamed = JOINTS_OBO.replace("name: spinal nerve", "name: nervus spinalis")
    with pytest.raises(extract_uberon.ExtractError, match="same release"):
        extract_uberon.extract([_lines(SUBSET_OBO), _lines(renamed)], {"0001780"},
                               release=RELEASE)
    with pytest.raises(extract_uberon.ExtractError, match="different releases"):
        extract_uberon.extract([_lines(RELEASE_OBO),
                                _lines(RELEASE_OBO.replace("2026-04-01", "2025-12-04"))],
                               {"0001780"})


def test_a_trap_the_subset_lacks_is_optional_a_mapped_code_is_not() -> None:
    _, _, terms = extract_uberon.extract([_lines(SUBSET_OBO)], {"0001780"}, release=RELEASE,
                                         optional=extract_uberon.TRAPS)
    # the trap it holds is kept; its parent UBERON:0000045, not in the file, is not invented
    assert {t.local_id for t in terms} == {"0001021", "0001780", "3011045"}
    with pytest.raises(extract_uberon.ExtractError, match="UBERON:0002003"):
        extract_uberon.extract([_lines(SUBSET_OBO)], {"0001780", "0002003"}, release=RELEASE)


def test_the_script_writes_source_release_digests_and_command(tmp_path: Path,
                                                              monkeypatch) -> None:
    nervous, joints = tmp_path / "nervous-minimal.obo", tmp_path / "musculoskeletal-minimal.obo"
    nervous.write_text(SUBSET_OBO, encoding="utf-8")
    joints.write_text(JOINTS_OBO, encoding="utf-8")
    out = tmp_path / "terms.tsv"
    args = [str(nervous), str(joints), "--repo", "obophenotype/uberon", "--path",
            "subsets/nervous-minimal.obo", "subsets/musculoskeletal-minimal.obo",
            "--commit", COMMIT, "--out", str(out)]
    assert extract_uberon.main(args) == 1  # a subset without --release is refused
    with pytest.raises(SystemExit):
        extract_uberon.main([*args, "--release", "2022-02-21"])  # not a release name
    tables = tmp_path / "mappings"
    tables.mkdir()
    (tables / "uberon.sssom.tsv").write_text(
        "subject_id\tobject_id\tcomment\nnapo:SpinalNerve\tuberon:0001780\t\n"
        "napo:ZygapophysialJoint\tuberon:0001067\t\n", encoding="utf-8")
    in_tables = extract_uberon.wanted_codes
    monkeypatch.setattr(extract_uberon, "wanted_codes", lambda: in_tables(tables))
    assert extract_uberon.main([*args, "--release", RELEASE]) == 0
    release = VendoredRelease("uberon", out)
    assert release.version == RELEASE
    assert re.fullmatch(r"obophenotype/uberon/subsets/nervous-minimal\.obo,"
                        r"subsets/musculoskeletal-minimal\.obo@[0-9a-f]{40}",
                        release.header["source"])
    assert release.header["sha256"].startswith("subsets/nervous-minimal.obo=")
    assert "--release uberon/releases/2022-02-21" in release.header["script"]
    assert release.terms["0001067"].label == "vertebral arch joint"
    assert release.terms["3011045"].label == "gasserian ganglion"  # the file, as it was then


# -- the real extract ---------------------------------------------------------------------

def test_the_real_extract_answers_for_every_code_and_the_traps() -> None:
    release = VendoredRelease("uberon")
    assert release.version == "uberon/releases/2022-02-21"
    assert release.header["source"].endswith("@6072d071ee8aa6526623a5a4cc7c7605bb90bd29")
    missing = sorted(c for c in extract_uberon.wanted_codes() if c not in release.terms)
    assert missing == []
    assert release.term("0002666").label == "mesencephalic tract of trigeminal nerve"
    assert "SCTID:244449009" in release.term("0001675").xrefs  # from a snomedbrowser URL
    assert release.terms["3011045"].obsolete is False  # current in 2022-02-21 ...
    assert release.term("3011045").obsolete  # ... obsoleted 2022-05-26: the evidence wins


def test_absences_name_the_vendored_release() -> None:
    from napo.vocabularies.coverage import read_absences
    absences = read_absences("uberon")
    assert len(absences) == 8
    assert {a.checked_in for a in absences} == {"uberon/releases/2022-02-21"}


def test_no_anatomical_structure_is_left_unchecked_in_uberon() -> None:
    """Every anatomy class is mapped to UBERON or recorded absent in the vendored release."""
    from napo.stores.cache import built
    from napo.vocabularies.coverage import coverage
    from napo.vocabularies.mappings import read_all
    (entry,) = [e for e in coverage(read_all(), built().graph)
                if (e.branch, e.vocabulary) == ("AnatomicalStructure", "uberon")]
    assert entry.mapped and entry.absent and entry.unchecked == []
