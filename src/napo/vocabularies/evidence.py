"""Vocabularies with no offline release: the excerpts recorded when each code was verified.

data/mappings/evidence/<prefix>.tsv holds, for every code NAPO links to, the label and status
exactly as a primary file of the vocabulary shows them, and where that file is
(owner/repo/path@commit) and which release it belongs to. Verification then runs offline
against these excerpts; refreshing them means re-reading the primary files.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from napo.core.resources import project_root
from napo.vocabularies.base import OfficialTerm

_XREF = re.compile(r"\b(?:UMLS|SCTID|SNOMEDCT_US|MESH|MSH|NCIT|FMA)"
                   r":[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*")


@dataclass(frozen=True)
class EvidenceRow:
    local_id: str
    label: str
    obsolete: bool
    source: str
    version: str
    comment: str


def evidence_dir() -> Path:
    return project_root() / "data" / "mappings" / "evidence"


def read_evidence(path: Path) -> list[EvidenceRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader((line for line in handle if not line.startswith("#")),
                                delimiter="\t")
        return [EvidenceRow(row["object_id"].split(":", 1)[1], row["object_label"],
                            row["obsolete"].strip().lower() == "true", row["source"],
                            row["version"], row.get("comment") or "")
                for row in reader if row.get("object_id")]


class EvidenceRelease:
    """A vocabulary as seen in the recorded primary-file excerpts."""

    def __init__(self, prefix: str, path: Path | None = None) -> None:
        self.prefix = prefix
        self.path = path or evidence_dir() / f"{prefix}.tsv"
        self.rows = read_evidence(self.path) if self.path.is_file() else []
        versions = sorted({r.version for r in self.rows if r.version})
        self.version = "; ".join(versions) or "no excerpts recorded"

    def term(self, local_id: str) -> OfficialTerm | None:
        rows = [row for row in self.rows if row.local_id == local_id]
        if not rows:
            return None  # one code may be recorded on several rows (one per NAPO subject)
        xrefs = sorted({x for row in rows for x in _XREF.findall(row.comment)})
        return OfficialTerm(local_id, rows[0].label, any(r.obsolete for r in rows),
                            xrefs=tuple(xrefs))
