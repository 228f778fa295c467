"""Which NAPO classes have a counterpart in each vocabulary, which were checked to have none,
and which nobody has checked yet (`napo mappings --coverage`).

An absence is a fact only when it is recorded: data/mappings/absent/<prefix>.tsv lists, with
the release searched and a one-sentence reason, the classes that have no counterpart in that
vocabulary. A class that is neither mapped nor recorded absent is "not yet checked".
Which vocabularies a branch is checked against is a curation decision, kept here beside its
reasons (procedures are not diseases, so MONDO is not searched for them).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from napo.core.errors import Location
from napo.core.namespaces import NAPO, compact
from napo.vocabularies.mappings import MappingSet, mappings_dir

# branch root -> the vocabularies its classes are checked against, and why those.
EXPECTED: dict[str, tuple[str, ...]] = {
    "Procedure": ("mesh", "icd10pcs", "ncit"),  # indexing; procedure coding; NCI/EVS terms
    "AnatomicalStructure": ("uberon", "mesh"),  # the anatomy reference ontology; indexing
    # Radiofrequency Ablation, Glycerol, Phenol …; NCIt's procedure, drug and energy branches
    "EnergyOrAgent": ("mesh", "ncit"),
    "Condition": ("hp", "mondo", "icd10cm", "mesh"),  # phenotype, disease, diagnosis coding
    "Complication": ("hp", "mondo", "icd10cm", "mesh"),  # phenotypes, diseases, diagnoses
}
ABSENT_COLUMNS = ("subject_id", "subject_label", "checked_in", "reason")


@dataclass(frozen=True)
class Absence:
    subject_id: str
    subject_label: str
    checked_in: str  # the release searched, e.g. hp/releases/2025-01-16
    reason: str
    location: Location


@dataclass(frozen=True)
class Coverage:
    branch: str
    vocabulary: str
    mapped: list[str]
    absent: list[str]
    unchecked: list[str]


def absent_path(prefix: str, directory: Path | None = None) -> Path:
    return (directory or mappings_dir()) / "absent" / f"{prefix}.tsv"


def read_absences(prefix: str, directory: Path | None = None) -> list[Absence]:
    path = absent_path(prefix, directory)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    if not rows or tuple(rows[0]) != ABSENT_COLUMNS:
        return [Absence("", "", "", f"the header must be {' '.join(ABSENT_COLUMNS)}",
                        Location(path, 1))]
    return [Absence(*(row + [""] * 4)[:4], Location(path, line))
            for line, row in enumerate(rows[1:], start=2) if any(row)]


def absence_problems(prefix: str, mapping_sets: list[MappingSet], ontology: Graph,
                     directory: Path | None = None) -> list[tuple[Location, str]]:
    """A recorded absence must name a NAPO class, its release and a reason, and must not
    contradict a row of the same vocabulary's table."""
    mapped = _mapped(prefix, mapping_sets)
    problems = []
    seen: set[str] = set()
    for absence in read_absences(prefix, directory):
        where = absence.location
        if not absence.subject_id:
            problems.append((where, absence.reason))
            continue
        if absence.subject_id in seen:
            problems.append((where, f"{absence.subject_id} is listed twice"))
        seen.add(absence.subject_id)
        subject = _expand(absence.subject_id)
        labels = {str(label) for label in ontology.objects(subject, RDFS.label)} if subject else (
            set())
        if not labels:
            problems.append((where, f"{absence.subject_id} is not a NAPO class"))
        elif absence.subject_label not in labels:
            problems.append((where, f"subject_label '{absence.subject_label}' is not the NAPO "
                                    f"label of {absence.subject_id} ('{sorted(labels)[0]}')"))
        if not absence.checked_in or not absence.reason:
            problems.append((where, f"{absence.subject_id}: say which release was searched "
                                    "(checked_in) and why there is no counterpart (reason)"))
        if absence.subject_id in mapped:
            problems.append((where, f"{absence.subject_id} is recorded as having no {prefix} "
                                    f"counterpart but {prefix}.sssom.tsv maps it"))
    return problems


def coverage(mapping_sets: list[MappingSet], ontology: Graph,
             directory: Path | None = None) -> list[Coverage]:
    """One entry per (branch, vocabulary) the branch is checked against."""
    result = []
    for branch, prefixes in EXPECTED.items():
        members = sorted(compact(str(c)) for c in ontology.subjects(RDFS.subClassOf,
                                                                     NAPO[branch])
                         if isinstance(c, URIRef) and c != NAPO[branch]
                         and str(c).startswith(str(NAPO)))
        for prefix in prefixes:
            mapped = _mapped(prefix, mapping_sets)
            absent = {a.subject_id for a in read_absences(prefix, directory)}
            result.append(Coverage(
                branch, prefix, [m for m in members if m in mapped],
                [m for m in members if m in absent and m not in mapped],
                [m for m in members if m not in mapped and m not in absent]))
    return result


def _mapped(prefix: str, mapping_sets: list[MappingSet]) -> set[str]:
    return {m.subject_id for s in mapping_sets if s.vocabulary == prefix for m in s.mappings}


def _expand(curie: str) -> URIRef | None:
    prefix, _, local = curie.partition(":")
    return NAPO[local] if prefix == "napo" and local else None
