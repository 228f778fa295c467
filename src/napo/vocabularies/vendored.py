"""Vocabularies without an offline package, checked against a vendored extract of their release.

data/vocabularies/<prefix>/terms.tsv holds the terms NAPO links to (and their parents where
useful), copied by a committed script from one official release file; its header lines name
that file: `#source:` (repository, path, commit), `#release:` (the release version),
`#license:` and `#script:` (what regenerates it). Columns: id (the local id), label, obsolete
(true/false), replaced_by, parents (local ids, `|`-separated), xrefs (CURIEs, `|`-separated).
One reader for every vocabulary, so MeSH, UBERON, MONDO or NCIt extracts differ only in their
scripts. Where no extract exists, napo.vocabularies.evidence (recorded excerpts) answers.
"""

from __future__ import annotations

import csv
from functools import cached_property
from pathlib import Path

from napo.core.errors import InputError, Location
from napo.core.resources import project_root
from napo.vocabularies.base import OfficialTerm

COLUMNS = ("id", "label", "obsolete", "replaced_by", "parents", "xrefs")
HEADER_KEYS = ("source", "release", "license", "script")


def extracts_dir() -> Path:
    return project_root() / "data" / "vocabularies"


def extract_path(prefix: str) -> Path:
    return extracts_dir() / prefix / "terms.tsv"


def has_extract(prefix: str) -> bool:
    return extract_path(prefix).is_file()


class VendoredRelease:
    """The terms of one vendored extract, by local id."""

    def __init__(self, prefix: str, path: Path | None = None) -> None:
        self.prefix = prefix
        self.path = path or extract_path(prefix)
        self.header = _header(self.path)
        self.version = self.header["release"]

    @cached_property
    def terms(self) -> dict[str, OfficialTerm]:
        return _read(self.path)

    def term(self, local_id: str) -> OfficialTerm | None:
        return self.terms.get(local_id)

    def parents(self, local_id: str) -> tuple[str, ...]:
        return self._parents.get(local_id, ())

    @cached_property
    def _parents(self) -> dict[str, tuple[str, ...]]:
        return {row["id"]: tuple(p for p in row["parents"].split("|") if p)
                for row in _rows(self.path)}


def _header(path: Path) -> dict[str, str]:
    header: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            key, _, value = line[1:].partition(":")
            header[key.strip()] = value.strip()
    missing = [key for key in HEADER_KEYS if not header.get(key)]
    if missing:
        raise InputError(Location(path, 1), f"the extract header lacks {', '.join(missing)}",
                         "start the file with #source:, #release:, #license: and #script: "
                         "lines (its script writes them)")
    return header


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t")
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(Location(path, 1), f"the extract's columns are {reader.fieldnames}, "
                         f"expected {list(COLUMNS)}", "regenerate it with its script")
    return list(reader)


def _read(path: Path) -> dict[str, OfficialTerm]:
    return {row["id"]: OfficialTerm(row["id"], row["label"],
                                    row["obsolete"].strip().lower() == "true",
                                    row["replaced_by"],
                                    tuple(x for x in row["xrefs"].split("|") if x))
            for row in _rows(path)}
