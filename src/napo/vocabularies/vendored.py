"""Vocabularies without an offline package, checked against a vendored extract of their release.

data/vocabularies/<prefix>/terms.tsv holds the terms NAPO links to (and their parents where
useful), copied by a committed script from one official release file; its header lines name
that file: `#source:` (repository, path, commit), `#release:` (the release version),
`#license:` and `#script:` (what regenerates it). Columns: id (the local id), label, obsolete
(true/false), replaced_by, parents (local ids, `|`-separated), xrefs (CURIEs, `|`-separated).
One reader for every vocabulary, so MeSH, UBERON, MONDO or NCIt extracts differ only in their
scripts. Where no extract exists, napo.vocabularies.evidence (recorded excerpts) answers.

An extract may be older than the vocabulary's current release (UBERON's is: the newest official
file at hand is a 2022 release product). A term that a later official file shows obsolete must
not be linked although the extract still lists it as current, so an obsolescence recorded in
data/mappings/evidence/<prefix>.tsv (with that file's owner/repo/path@commit and release) wins
over the extract: term() then answers obsolete, with the recorded label. Only rows recorded
obsolete are read; current labels always come from the extract.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path

from napo.core.errors import InputError, Location
from napo.core.resources import project_root
from napo.vocabularies.base import OfficialTerm

COLUMNS = ("id", "label", "obsolete", "replaced_by", "parents", "xrefs")
HEADER_KEYS = ("source", "release", "license", "script")


def write_extract(path: Path, rows: Iterable[Sequence[str]], *, source: str, release: str,
                  license: str, script: str, sha256: str = "") -> None:
    """Write an extract in the layout this module reads (the header, then COLUMNS): the one
    writer every scripts/extract_<prefix>.py calls."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"#source: {source}\n#release: {release}\n#license: {license}\n"
                     f"#script: {script}\n" + (f"#sha256: {sha256}\n" if sha256 else ""))
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)


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
        later = self.obsoleted_later.get(local_id)
        if later is None:
            return self.terms.get(local_id)
        term = self.terms.get(local_id)
        return OfficialTerm(local_id, later.label, True, later.replaced_by,
                            term.xrefs if term else ())

    @cached_property
    def obsoleted_later(self) -> dict[str, OfficialTerm]:
        """Terms recorded obsolete in data/mappings/evidence/<prefix>.tsv, by local id."""
        from napo.vocabularies.evidence import evidence_dir, read_evidence
        path = evidence_dir() / f"{self.prefix}.tsv"
        if not path.is_file():
            return {}
        return {row.local_id: OfficialTerm(row.local_id, row.label, True,
                                           _replaced_by(row.comment))
                for row in read_evidence(path) if row.obsolete}

    def parents(self, local_id: str) -> tuple[str, ...]:
        return self._parents.get(local_id, ())

    @cached_property
    def _parents(self) -> dict[str, tuple[str, ...]]:
        return {row["id"]: tuple(p for p in row["parents"].split("|") if p)
                for row in _rows(self.path)}


def _replaced_by(comment: str) -> str:
    """The local id after "replaced by PREFIX:ID" in a recorded excerpt's comment, or ""."""
    match = re.search(r"replaced by [A-Za-z]+:([A-Za-z0-9.]+)", comment)
    return match.group(1) if match else ""


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
