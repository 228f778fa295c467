"""HPO coverage of NAPO's conditions and complications, and the HPO traps as negative tests.

That every Condition and Complication class is mapped to HPO or recorded absent, and that the
absences are sound, is tested for every vocabulary in test_coverage. Here: the HPO traps, no
obsolete term, and the HPO terms an absence's reason cites. Each check is a small function that
returns the problems it finds; the real tables must give none, and a crafted table shows that
each check does find what it is there to find.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from napo.core.namespaces import NAPO
from napo.knowledge.graph import reasoned_ontology
from napo.vocabularies.coverage import ABSENT_COLUMNS, Absence, read_absences
from napo.vocabularies.hpo import HpoRelease
from napo.vocabularies.mappings import Mapping, mappings_dir, read_mapping_set

HP_TABLE = mappings_dir() / "hp.sssom.tsv"
BRANCHES = ("Condition", "Complication")
CLOSE = {"skos:exactMatch", "skos:closeMatch"}
# A bleeding diathesis (a susceptibility to bleed) and its "prolonged bleeding" signs: none of
# them is the bleeding from a vessel injured during a procedure.
DIATHESIS = {"hp:0001892": "Abnormal bleeding",
             "hp:0011890": "Prolonged bleeding following procedure",
             "hp:0004846": "Prolonged bleeding after surgery"}
PROCEDURAL_BLEEDING = "napo:Bleeding"
_CITED = re.compile(r"HP:(\d{7})")  # a cited term; a capitalised text after it is its label


# ---------------------------------------------------------------- what the checks read

@pytest.fixture(scope="module")
def ontology() -> Graph:
    return reasoned_ontology()


@pytest.fixture(scope="module")
def release() -> HpoRelease:
    return HpoRelease()


@pytest.fixture(scope="module")
def branch(ontology: Graph) -> dict[str, str]:
    return branch_classes(ontology, *BRANCHES)


@pytest.fixture(scope="module")
def complications(ontology: Graph) -> set[str]:
    return set(branch_classes(ontology, "Complication"))


def branch_classes(ontology: Graph, *roots: str) -> dict[str, str]:
    """Every class under the given roots (roots included), from the reasoned subclass closure:
    CURIE -> label."""
    classes = {}
    for root in roots:
        for cls in ontology.transitive_subjects(RDFS.subClassOf, NAPO[root]):
            if str(cls).startswith(str(NAPO)):
                classes["napo:" + str(cls).removeprefix(str(NAPO))] = str(
                    ontology.value(cls, RDFS.label))
    return classes


def hp_rows(path: Path = HP_TABLE) -> list[Mapping]:
    return read_mapping_set(path).mappings


# ---------------------------------------------------------------- the checks

def diathesis_problems(rows: list[Mapping], complications: set[str]) -> list[str]:
    """A bleeding diathesis offered as exact or close for procedural bleeding or any other
    complication: a susceptibility to bleed is not a harm a procedure causes. (It may map a
    Condition such as napo:Coagulopathy, a bleeding disorder.)"""
    return [f"{m.location}: {m.subject_id} {m.predicate_id} {m.object_id} "
            f"({DIATHESIS[m.object_id]}) is a bleeding diathesis, not procedural bleeding"
            for m in rows
            if m.object_id in DIATHESIS and m.predicate_id in CLOSE
            and (m.subject_id == PROCEDURAL_BLEEDING or m.subject_id in complications)]


def obsolete_problems(rows: list[Mapping], release: HpoRelease) -> list[str]:
    problems = []
    for m in rows:
        term = release.term(m.object_local_id)
        if term is None:
            problems.append(f"{m.location}: {m.object_id} is not in {release.version}")
        elif term.obsolete:
            problems.append(f"{m.location}: {m.object_id} is obsolete in {release.version}"
                            + (f" (replaced by {term.replaced_by})" if term.replaced_by else ""))
    return problems


def cited_term_problems(absences: list[Absence], release: HpoRelease) -> list[str]:
    """An absence's reason that cites an HPO term (the nearest look-alike) must cite a current
    term by its official label. (napo.vocabularies.coverage checks the rest of each row.)"""
    problems = []
    for absence in absences:
        where, reason = absence.location, absence.reason
        for cited in _CITED.finditer(reason):
            term, after = release.term(cited.group(1)), reason[cited.end() + 1:]
            if term is None or term.obsolete:
                problems.append(f"{where}: cites HP:{cited.group(1)}, which is "
                                + ("missing" if term is None else "obsolete"))
            elif after[:1].isupper() and not after.startswith(term.label):
                problems.append(f"{where}: cites HP:{cited.group(1)} as {after[:40]!r}..., but "
                                f"its label is {term.label!r}")
    return problems


# ---------------------------------------------------------------- the real tables

def test_the_procedural_bleeding_class_is_the_one_guarded(branch: dict[str, str],
                                                           ontology: Graph) -> None:
    """The trap names NAPO's bleeding complication; if it is renamed, the trap must follow."""
    assert branch[PROCEDURAL_BLEEDING] == "bleeding"
    assert (NAPO.Bleeding, RDFS.subClassOf, NAPO.HaemorrhagicComplication) in ontology


def test_a_bleeding_diathesis_is_not_procedural_bleeding(complications: set[str]) -> None:
    assert PROCEDURAL_BLEEDING in complications
    assert diathesis_problems(hp_rows(), complications) == []


def test_no_hp_row_uses_an_obsolete_or_missing_term(release: HpoRelease) -> None:
    assert release.version == "hp/releases/2025-01-16"
    assert obsolete_problems(hp_rows(), release) == []


# ---------------------------------------------------------------- each check can fail

HP_HEADER = "".join(line for line in HP_TABLE.read_text(encoding="utf-8").splitlines(True)
                    if line.startswith("#") or line.startswith("subject_id\t"))


def _crafted_hp(tmp_path: Path, *rows: str) -> list[Mapping]:
    path = tmp_path / "hp.sssom.tsv"
    path.write_text(HP_HEADER + "".join(row + "\tsemapv:ManualMappingCuration\tcrafted\n"
                                        for row in rows), encoding="utf-8")
    return hp_rows(path)


@pytest.mark.parametrize("row", [
    "napo:Bleeding\tbleeding\tskos:closeMatch\thp:0001892\tAbnormal bleeding",
    "napo:Bleeding\tbleeding\tskos:exactMatch\thp:0001892\tAbnormal bleeding",
    "napo:Bleeding\tbleeding\tskos:closeMatch\thp:0011890\tProlonged bleeding following procedure",
    "napo:HaemorrhagicComplication\thaemorrhagic complication\tskos:closeMatch\thp:0001892\t"
    "Abnormal bleeding",
])
def test_the_diathesis_trap_catches_a_crafted_row(tmp_path: Path, complications: set[str],
                                                  row: str) -> None:
    problems = diathesis_problems(_crafted_hp(tmp_path, row), complications)
    assert len(problems) == 1 and "bleeding diathesis" in problems[0]


def test_the_diathesis_trap_lets_a_diathesis_map_a_bleeding_disorder(
        tmp_path: Path, complications: set[str]) -> None:
    rows = _crafted_hp(tmp_path, "napo:Coagulopathy\tbleeding disorder or anticoagulation\t"
                                 "skos:closeMatch\thp:0001892\tAbnormal bleeding")
    assert diathesis_problems(rows, complications) == []


def test_the_obsolete_check_catches_a_crafted_row(tmp_path: Path,
                                                  release: HpoRelease) -> None:
    rows = _crafted_hp(tmp_path,
                       "napo:Spasticity\tspasticity\tskos:broadMatch\thp:0006983\t"
                       "obsolete Slowly progressive spastic quadriparesis",
                       "napo:Spasticity\tspasticity\tskos:exactMatch\thp:9999999\tSpasticity")
    problems = obsolete_problems(rows, release)
    assert [p.split(": ", 1)[1] for p in problems] == [
        "hp:0006983 is obsolete in hp/releases/2025-01-16 (replaced by HP:0002510)",
        "hp:9999999 is not in hp/releases/2025-01-16"]


@pytest.mark.parametrize(("row", "problem"), [
    ("napo:Bleeding\tbleeding\thp/releases/2025-01-16\tHP:0001892 Bleeding diathesis is a "
     "susceptibility.", "its label is 'Abnormal bleeding'"),
    ("napo:Bleeding\tbleeding\thp/releases/2025-01-16\tHP:0006983 Slowly progressive spastic "
     "quadriparesis is not it.", "which is obsolete"),
])
def test_the_cited_term_check_catches_a_crafted_row(tmp_path: Path, release: HpoRelease,
                                                    row: str, problem: str) -> None:
    folder = tmp_path / "absent"
    folder.mkdir()
    (folder / "hp.tsv").write_text("\t".join(ABSENT_COLUMNS) + "\n" + row + "\n",
                                   encoding="utf-8")
    problems = cited_term_problems(read_absences("hp", tmp_path), release)
    assert any(problem in p for p in problems), problems


def test_cited_terms_in_the_real_absences_are_current(release: HpoRelease) -> None:
    assert cited_term_problems(read_absences("hp"), release) == []
