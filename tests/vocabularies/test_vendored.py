"""The reader of vendored vocabulary extracts (data/vocabularies/<prefix>/terms.tsv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from napo.core.errors import InputError
from napo.vocabularies.vendored import VendoredRelease

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "vocabularies" / "terms.tsv"


def test_reads_terms_status_parents_and_header() -> None:
    release = VendoredRelease("example", EXAMPLE)
    assert release.version == "Example 2025"
    assert release.term("D1").label == "Rhizotomy" and not release.term("D1").obsolete
    assert release.parents("D1") == ("D0",)
    assert release.term("D0").xrefs == ("UMLS:C0011311",)
    old = release.term("D9")
    assert old.obsolete and old.replaced_by == "D1"
    assert release.term("D2") is None


def test_a_header_without_its_origin_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "terms.tsv"
    bad.write_text("".join(line for line in EXAMPLE.read_text().splitlines(keepends=True)
                           if not line.startswith("#source")))
    with pytest.raises(InputError, match="lacks source"):
        VendoredRelease("example", bad)


def test_wrong_columns_are_refused(tmp_path: Path) -> None:
    bad = tmp_path / "terms.tsv"
    bad.write_text(EXAMPLE.read_text().replace("replaced_by\t", ""))
    with pytest.raises(InputError, match="columns"):
        VendoredRelease("example", bad).term("D1")
