"""`napo mappings --coverage`: mapped, recorded absent (data/mappings/absent/), not yet checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from napo.cli import app
from napo.core.errors import NapoError
from napo.core.namespaces import NAPO
from napo.stores.cache import built
from napo.vocabularies import release_for
from napo.vocabularies.coverage import (
    ABSENT_COLUMNS,
    absence_problems,
    absent_path,
    coverage,
    read_absences,
)
from napo.vocabularies.icd10pcs import Icd10PcsRelease
from napo.vocabularies.mappings import read_all
from napo.vocabularies.pcs import PcsCoder


@pytest.fixture(scope="module")
def graph():
    return built().graph


def _absent_file(tmp_path: Path, *rows: tuple[str, ...]) -> Path:
    folder = tmp_path / "absent"
    folder.mkdir()
    lines = ["\t".join(ABSENT_COLUMNS), *("\t".join(row) for row in rows)]
    (folder / "icd10cm.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_a_recorded_absence_must_be_a_napo_class_with_release_and_reason(tmp_path, graph):
    directory = _absent_file(
        tmp_path,
        ("napo:NoSuchClass", "x", "CMS ICD-10-CM", "none"),
        ("napo:Ataxia", "ataxia", "", ""),
        ("napo:Stroke", "apoplexy", "CMS ICD-10-CM", "none"),
        ("napo:TrigeminalNeuralgia", "trigeminal neuralgia", "CMS ICD-10-CM", "none"))
    problems = [(where.line, what) for where, what in
                absence_problems("icd10cm", read_all(), graph, directory)]
    assert any(line == 2 and "not a NAPO class" in what for line, what in problems)
    assert any(line == 3 and "which release was searched" in what for line, what in problems)
    assert any(line == 4 and "is not the NAPO label" in what for line, what in problems)
    # G50.0 is mapped: recording trigeminal neuralgia as absent contradicts the table.
    assert any(line == 5 and "icd10cm.sssom.tsv maps it" in what for line, what in problems)


def test_a_class_is_mapped_absent_or_unchecked_never_two(tmp_path, graph):
    def entry(directory: Path):
        (found,) = [e for e in coverage(read_all(), graph, directory)
                    if (e.branch, e.vocabulary) == ("Complication", "icd10cm")]
        return found

    unrecorded = entry(tmp_path)  # no absent/ folder: every unmapped class is unchecked
    assert "napo:Paralysis" in unrecorded.mapped and unrecorded.absent == []  # G83.9
    chosen = unrecorded.unchecked[0]
    label = str(graph.value(NAPO[chosen.removeprefix("napo:")], RDFS.label))
    recorded = entry(_absent_file(tmp_path, (chosen, label, "CMS ICD-10-CM", "none")))
    assert recorded.absent == [chosen] and chosen not in recorded.unchecked
    groups = [set(recorded.mapped), set(recorded.absent), set(recorded.unchecked)]
    assert not (groups[0] & groups[1] or groups[0] & groups[2] or groups[1] & groups[2])


def test_every_procedure_without_a_pcs_row_is_one_the_coder_cannot_code_alone(graph):
    """The recorded PCS absences are the coder's own answer: no single code without options."""
    coder = PcsCoder(graph, Icd10PcsRelease())
    absences = read_absences("icd10pcs")
    assert absences
    for absence in absences:
        with pytest.raises(NapoError) as raised:
            coder.code(NAPO[absence.subject_id.removeprefix("napo:")])
        assert " ".join(raised.value.message.split()) in absence.reason, absence.subject_id
    (entry,) = [e for e in coverage(read_all(), graph)
                if (e.branch, e.vocabulary) == ("Procedure", "icd10pcs")]
    assert entry.unchecked == []


def test_cli_coverage_table() -> None:
    result = CliRunner().invoke(app, ["mappings", "--coverage", "--no-verify", "--format",
                                      "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["branch"], r["vocabulary"]): r for r in json.loads(result.stdout)}
    assert rows["Procedure", "icd10pcs"]["not yet checked"] == "0"
    assert int(rows["Procedure", "icd10pcs"]["mapped"]) >= 6


# (branch, vocabulary) pairs whose every class was checked: mapped or recorded absent.
COMPLETE = [("Procedure", "icd10pcs"),
            *((branch, "mesh") for branch in ("Procedure", "AnatomicalStructure",
                                              "EnergyOrAgent", "Condition", "Complication")),
            *((branch, prefix) for branch in ("Condition", "Complication")
              for prefix in ("hp", "mondo", "icd10cm"))]
ABSENT_FILES = sorted(path.stem for path in absent_path("hp").parent.glob("*.tsv"))


@pytest.mark.parametrize("prefix", ABSENT_FILES)
def test_recorded_absences_are_sound_and_name_the_pinned_release(prefix: str, graph) -> None:
    absences = read_absences(prefix)
    assert absences
    assert absence_problems(prefix, read_all(), graph) == []
    # checked in the release the codes are verified against: a new release means a new search
    assert {a.checked_in for a in absences} == {release_for(prefix).version}


@pytest.mark.parametrize(("branch", "vocabulary"), COMPLETE)
def test_no_class_is_left_unchecked(branch: str, vocabulary: str, graph) -> None:
    (entry,) = [e for e in coverage(read_all(), graph)
                if (e.branch, e.vocabulary) == (branch, vocabulary)]
    assert entry.mapped and entry.unchecked == []


def test_an_absence_listed_twice_is_refused(tmp_path, graph) -> None:
    row = ("napo:MirrorPain", "mirror pain", "CMS ICD-10-CM", "No code.")
    directory = _absent_file(tmp_path, row, row)
    problems = [what for _, what in absence_problems("icd10cm", read_all(), graph, directory)]
    assert problems == ["napo:MirrorPain is listed twice"]
