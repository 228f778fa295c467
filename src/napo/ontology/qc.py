"""Quality control in the style of ROBOT report: one SPARQL file per check, rows are violations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rdflib import Graph

from napo.core.errors import InputError, Location, NapoError
from napo.core.rdfio import to_store
from napo.core.resources import qc_queries_dir

_HEADER = re.compile(r"^#\s*(\w+)\s*:\s*(.+?)\s*$")


class Severity(StrEnum):
    ERROR = "ERROR"
    WARN = "WARN"
    INFO = "INFO"


@dataclass(frozen=True)
class Check:
    """A QC check: its SPARQL SELECT returns one row (?entity ?property ?value) per violation."""

    name: str
    title: str
    severity: Severity
    description: str
    fix: str
    query: str


@dataclass(frozen=True, order=True)
class Violation:
    severity: str
    check: str
    entity: str
    property: str
    value: str


class QCFailed(NapoError):
    """QC found ERROR-level violations."""

    def __init__(self, violations: list[Violation]) -> None:
        errors = [v for v in violations if v.severity == Severity.ERROR]
        lines = [f"  {v.check}: {v.entity} {v.property} {v.value}".rstrip() for v in errors]
        super().__init__(f"QC found {len(errors)} error(s):\n" + "\n".join(lines),
                         "each check's fix is in its file under queries/qc/")
        self.violations = violations


def load_check(path: Path) -> Check:
    """Read a check file; its header comments give title, severity, description and fix."""
    text = path.read_text(encoding="utf-8")
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            header[match.group(1).lower()] = match.group(2)
    try:
        severity = Severity(header.get("severity", ""))
    except ValueError:
        raise InputError(Location(path, 1), "QC check has no valid '# severity:' header line",
                         "start the file with '# severity: ERROR' (or WARN, INFO)") from None
    return Check(path.stem, header.get("title", path.stem), severity,
                 header.get("description", ""), header.get("fix", ""), text)


def load_checks(directory: Path | None = None) -> list[Check]:
    return [load_check(p) for p in sorted((directory or qc_queries_dir()).glob("*.rq"))]


def _text(term: object | None) -> str:
    return "" if term is None else str(getattr(term, "value", term))


def run_checks(graph: Graph, checks: list[Check] | None = None) -> list[Violation]:
    """Run every check on graph; return the violations sorted by severity, check and entity."""
    store = to_store(graph)
    found: set[Violation] = set()
    for check in checks if checks is not None else load_checks():
        for row in store.query(check.query):
            found.add(Violation(check.severity.value, check.name, _text(row["entity"]),
                                _text(row["property"]), _text(row["value"])))
    rank = {s.value: i for i, s in enumerate(Severity)}
    return sorted(found, key=lambda v: (rank[v.severity], v.check, v.entity, v.property, v.value))


def errors_in(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == Severity.ERROR]
