"""SSSOM mapping sets: read and schema-check them with the sssom package, keep file lines.

One table per target vocabulary lives in data/mappings/<prefix>.sssom.tsv. Reading checks what
needs no external release (SSSOM schema, prefix map, one vocabulary per file, predicates,
justifications, NAPO subjects and labels); napo.vocabularies.verification checks the codes
themselves.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from napo.core.errors import EXIT_UNREADABLE, InputError, Location, NapoError
from napo.core.namespaces import NAPO, new_graph
from napo.core.rdfio import read_text
from napo.core.resources import project_root

PREDICATES = ("skos:exactMatch", "skos:closeMatch", "skos:broadMatch", "skos:narrowMatch")
JUSTIFICATIONS = ("semapv:ManualMappingCuration", "semapv:MappingChaining",
                  "semapv:LogicalReasoning")
LICENSED = ("snomedct", "umls")  # identifiers only: their descriptions may not be shipped
CHAINED = "semapv:MappingChaining"
CURIE_COLUMNS = ("subject_id", "predicate_id", "object_id")
_CURIE = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(\S+)")


@dataclass(frozen=True)
class Mapping:
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    justification: str
    comment: str
    location: Location

    @property
    def object_prefix(self) -> str:
        return self.object_id.split(":", 1)[0]

    @property
    def object_local_id(self) -> str:
        return self.object_id.split(":", 1)[1] if ":" in self.object_id else ""


@dataclass
class MappingSet:
    path: Path
    metadata: dict[str, str]
    curie_map: dict[str, str]
    mappings: list[Mapping] = field(default_factory=list)
    msdf: object = None  # the sssom MappingSetDataFrame, for writing the merged table

    @property
    def vocabulary(self) -> str:
        return self.path.name.removesuffix(".sssom.tsv")

    def expand(self, curie: str) -> URIRef:
        prefix, _, local = curie.partition(":")
        return URIRef(self.curie_map[prefix] + local)


class MappingError(NapoError):
    """Mapping rows that are wrong; every problem names its file and line."""

    def __init__(self, problems: list[tuple[Location, str]], hint: str = "") -> None:
        lines = [f"{where}: {what}" for where, what in problems]
        super().__init__(f"{len(problems)} mapping problem(s):\n  " + "\n  ".join(lines), hint)
        self.problems = problems


class MalformedRows(MappingError):
    """Rows that cannot be read as mappings: the sssom parser would drop them without a word."""

    exit_code = EXIT_UNREADABLE


def mappings_dir() -> Path:
    return project_root() / "data" / "mappings"


def mapping_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or mappings_dir()).glob("*.sssom.tsv"))


def _raw_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """(1-based line, cells by column) of every data row, since the sssom parser drops
    positions, and drops malformed rows altogether."""
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        cells = line.split("\t")
        if not header:
            header = cells
            continue
        rows.append((number, dict(zip(header, cells, strict=False))))
    return rows


def _curie_problems(path: Path, rows: list[tuple[int, dict[str, str]]],
                    prefixes: set[str]) -> list[tuple[Location, str]]:
    """Ids that are not prefix:local with a declared prefix (`icd10cm G50.0`)."""
    problems = []
    for line, row in rows:
        for column in CURIE_COLUMNS:
            value = row.get(column, "").strip()
            match = _CURIE.fullmatch(value)
            if not match:
                why = ("it is empty" if not value else "it has no ':' between prefix and id"
                       if ":" not in value else "it is not prefix:id without spaces")
                problems.append((Location(path, line), f"{column} {value!r} is not a CURIE: "
                                                       f"{why}"))
            elif match.group(1) not in prefixes:
                problems.append((Location(path, line), f"{column} {value!r} uses the prefix "
                                                       f"'{match.group(1)}', which the "
                                                       "#curie_map does not declare"))
    return problems


def read_mapping_set(path: Path) -> MappingSet:
    """Parse one SSSOM table with the sssom package and check it against the SSSOM schema.

    Every row of the file must become a mapping: one the parser would skip (a malformed
    CURIE) is an error naming its line, never a silently shorter table.
    """
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    raw_rows = _raw_rows(read_text(path))  # unreadable or not UTF-8: named as such
    logging.getLogger("sssom").setLevel(logging.ERROR)
    try:
        msdf = parse_sssom_table(path)
    except Exception as error:  # the sssom parser raises many types; all mean "unreadable"
        raise InputError(Location(path), f"not a readable SSSOM table: {error}",
                         "see https://mapping-commons.github.io/sssom/ for the format") from error
    records = msdf.df.fillna("").to_dict("records") if msdf.df is not None else []
    problems = _curie_problems(path, raw_rows, set(msdf.converter.bimap))
    if len(records) < len(raw_rows):
        kept = {tuple(r[c] for c in CURIE_COLUMNS) for r in records}
        flagged = {where.line for where, _ in problems}
        problems += [(Location(path, line), "the sssom parser dropped this row (check its ids "
                                            "and its number of cells)")
                     for line, row in raw_rows if line not in flagged
                     and tuple(row.get(c, "") for c in CURIE_COLUMNS) not in kept]
    if problems:
        raise MalformedRows(sorted(problems, key=lambda p: p[0].line),
                            "write each id as prefix:id (e.g. icd10cm:G50.0) with its prefix in "
                            "the #curie_map block; a row that cannot be read is never skipped")
    try:
        reports = validate(msdf, [SchemaValidationType.JsonSchema,
                                  SchemaValidationType.PrefixMapCompleteness],
                           fail_on_error=False)
        schema_problems = [str(result.get("message", result) if isinstance(result, dict)
                               else result) for report in reports.values()
                           for result in report.results]
    except Exception as error:  # some checks raise instead of reporting
        schema_problems = [getattr(error, "message", str(error))]
    if schema_problems:
        raise InputError(Location(path), "breaks the SSSOM schema: " + "; ".join(schema_problems),
                         "fix the metadata block and columns to the SSSOM specification")
    lines = {tuple(row.get(c, "") for c in CURIE_COLUMNS): line for line, row in raw_rows}
    mapping_set = MappingSet(path, {k: str(v) for k, v in msdf.metadata.items()},
                             dict(msdf.converter.bimap), msdf=msdf)
    for record in records:
        key = (record["subject_id"], record["predicate_id"], record["object_id"])
        mapping_set.mappings.append(Mapping(
            record["subject_id"], record.get("subject_label", ""), record["predicate_id"],
            record["object_id"], record.get("object_label", ""),
            record.get("mapping_justification", ""), record.get("comment", ""),
            Location(path, lines.get(key, 0))))
    mapping_set.mappings.sort(key=lambda m: m.location.line)
    return mapping_set


def read_all(directory: Path | None = None) -> list[MappingSet]:
    return [read_mapping_set(path) for path in mapping_files(directory)]


def structural_problems(mapping_set: MappingSet, ontology: Graph) -> list[tuple[Location, str]]:
    """Problems that need no external release: subjects, labels, predicates, one vocabulary."""
    problems: list[tuple[Location, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for m in mapping_set.mappings:
        where = m.location
        key = (m.subject_id, m.predicate_id, m.object_id)
        if key in seen:
            problems.append((where, f"duplicate row {m.subject_id} {m.predicate_id} "
                                    f"{m.object_id}"))
        seen.add(key)
        if m.object_prefix != mapping_set.vocabulary:
            problems.append((where, f"{m.object_id} is not a {mapping_set.vocabulary} code: "
                                    f"this file maps to {mapping_set.vocabulary} only"))
        if m.predicate_id not in PREDICATES:
            problems.append((where, f"predicate {m.predicate_id} is not one of "
                                    + ", ".join(PREDICATES)))
        if m.justification == CHAINED and m.predicate_id == "skos:exactMatch":
            problems.append((where, f"{m.object_id} is reached by {CHAINED}, so it cannot be "
                                    "skos:exactMatch: a chain of matches is at most "
                                    "skos:closeMatch"))
        if m.justification not in JUSTIFICATIONS:
            problems.append((where, f"mapping_justification {m.justification or '(empty)'} is "
                                    "not one of " + ", ".join(JUSTIFICATIONS)))
        if m.object_prefix in LICENSED and m.object_label:
            problems.append((where, f"{m.object_id} carries a label, but {m.object_prefix} "
                                    "descriptions are licensed and may not be redistributed"))
        if m.object_prefix not in LICENSED and not m.object_label:
            problems.append((where, f"{m.object_id} has no object_label"))
        subject = URIRef(NAPO + m.subject_id.removeprefix("napo:"))
        if not m.subject_id.startswith("napo:") or (subject, RDF.type, OWL.Class) not in ontology:
            problems.append((where, f"subject {m.subject_id} is not a NAPO class"))
        elif str(ontology.value(subject, RDFS.label)) != m.subject_label:
            problems.append((where, f"subject_label '{m.subject_label}' is not the NAPO label "
                                    f"'{ontology.value(subject, RDFS.label)}'"))
    return problems


def to_skos(mapping_sets: list[MappingSet]) -> Graph:
    """The mappings as plain SKOS match triples (subject predicate object), for SPARQL."""
    graph = new_graph()
    graph.bind("skos", SKOS)
    for mapping_set in mapping_sets:
        for m in mapping_set.mappings:
            graph.add((mapping_set.expand(m.subject_id), SKOS[m.predicate_id.split(":", 1)[1]],
                       mapping_set.expand(m.object_id)))
    return graph


def write_merged(mapping_sets: list[MappingSet], path: Path) -> None:
    """One SSSOM table with every mapping, merged by the sssom package."""
    from sssom.util import merge_msdf
    from sssom.writers import write_table

    merged = merge_msdf(*[s.msdf for s in mapping_sets], reconcile=False)
    merged.metadata["mapping_set_id"] = "https://w3id.org/napo/mappings/napo.sssom.tsv"
    merged.metadata["mapping_set_title"] = "NAPO mappings to external vocabularies (merged)"
    merged.metadata["license"] = "https://creativecommons.org/licenses/by/4.0/"
    with path.open("w", encoding="utf-8") as handle:
        write_table(merged, handle)
