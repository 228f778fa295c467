"""ICD-10-CM mappings: codes a record can carry, and every Condition and Complication class
searched for in the release (mapped, or its absence recorded with a reason).

Each check is a function over rows or coverage entries, so it is shown failing once on a
crafted list as well as passing on the real tables."""

from __future__ import annotations

from pathlib import Path

import pytest
import simple_icd_10_cm as cm

from napo.core.errors import Location
from napo.stores.cache import built
from napo.vocabularies import release_for
from napo.vocabularies.coverage import (
    Coverage,
)
from napo.vocabularies.mappings import Mapping, read_all

BRANCHES = ("Condition", "Complication")
SAME_MEANING = ("skos:exactMatch", "skos:closeMatch")
RELEASE = "CMS ICD-10-CM (simple-icd-10-cm 1.5.0)"


@pytest.fixture(scope="module")
def mapping_sets():
    return read_all()


@pytest.fixture(scope="module")
def rows(mapping_sets) -> list[Mapping]:
    return [m for s in mapping_sets if s.vocabulary == "icd10cm" for m in s.mappings]


@pytest.fixture(scope="module")
def graph():
    return built().graph


def categories_as_same_meaning(rows: list[Mapping]) -> list[str]:
    """exactMatch/closeMatch rows whose code is a category with subcodes, not a billable leaf
    (asked of simple_icd_10_cm directly, not of NAPO's release wrapper)."""
    return [f"{m.subject_id} {m.predicate_id} {m.object_id}" for m in rows
            if m.predicate_id in SAME_MEANING and not cm.is_leaf(m.object_local_id)]


def broad_categories_without_codes(rows: list[Mapping]) -> list[str]:
    """broadMatch rows to a category whose comment does not name each of its codes."""
    return [f"{m.subject_id} {m.object_id} lacks {code}" for m in rows
            if m.predicate_id == "skos:broadMatch" and not cm.is_leaf(m.object_local_id)
            for code in cm.get_children(m.object_local_id) if code not in m.comment]


def unchecked(entries: list[Coverage]) -> dict[str, list[str]]:
    """Condition and Complication classes neither mapped to ICD-10-CM nor recorded absent."""
    return {e.branch: e.unchecked for e in entries
            if e.vocabulary == "icd10cm" and e.branch in BRANCHES and e.unchecked}


def _row(predicate: str, code: str, comment: str = "") -> Mapping:
    return Mapping("napo:LowBackPain", "low back pain", predicate, f"icd10cm:{code}",
                   cm.get_description(code), "semapv:ManualMappingCuration", comment,
                   Location(Path("crafted.sssom.tsv"), 1))


def test_the_pinned_release_is_the_one_the_tables_name(rows) -> None:
    assert release_for("icd10cm").version == RELEASE
    assert rows and all(RELEASE in m.comment for m in rows)


def test_no_exact_or_close_match_points_at_a_category(rows) -> None:
    assert categories_as_same_meaning(rows) == []


def test_the_category_check_can_fail() -> None:
    crafted = [_row("skos:exactMatch", "M54.5"), _row("skos:closeMatch", "M54.50"),
               _row("skos:broadMatch", "M54.5")]
    assert categories_as_same_meaning(crafted) == ["napo:LowBackPain skos:exactMatch "
                                                   "icd10cm:M54.5"]


def test_a_broad_match_to_a_category_names_its_codes(rows) -> None:
    assert broad_categories_without_codes(rows) == []


def test_the_named_codes_check_can_fail() -> None:
    crafted = [_row("skos:broadMatch", "M54.5", "M54.50 and M54.59"),
               _row("skos:broadMatch", "M54.50")]
    assert broad_categories_without_codes(crafted) == ["napo:LowBackPain icd10cm:M54.5 lacks "
                                                       "M54.51"]
