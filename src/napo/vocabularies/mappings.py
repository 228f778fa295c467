"""SSSOM mapping sets: read them (fast, without pandas), check them, keep file lines.

One table per target vocabulary lives in data/mappings/<prefix>.sssom.tsv. Reading checks what
needs no external release (prefix map, one vocabulary per file, predicates, justifications,
NAPO subjects and labels; with schema=True also the SSSOM schema, through the sssom package);
napo.vocabularies.verification checks the codes themselves.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from napo.core.errors import EXIT_UNREADABLE, InputError, Location, NapoError
from napo.core.prefixes import PREFIXES
from napo.core.resources import project_root
from napo.vocabularies.sssom_table import Table, mergeable, merged_text, read_table

if TYPE_CHECKING:  # reading the tables (`napo lookup`) needs no RDF library; checks do
    from rdflib import Graph, URIRef

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
    table: Table | None = None  # every column of every row, for writing the merged table

    @property
    def vocabulary(self) -> str:
        return self.path.name.removesuffix(".sssom.tsv")

    def expand(self, curie: str) -> URIRef:
        from rdflib import URIRef

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


def read_mapping_set(path: Path, *, schema: bool = False) -> MappingSet:
    """Read one SSSOM table (napo.vocabularies.sssom_table: no pandas), every row or an error.

    A row that cannot be read as a mapping (a malformed CURIE) is an error naming its line,
    never a silently shorter table. schema: also parse it with the sssom package and check it
    against the SSSOM schema (`napo mappings` and the tests do; the build need not, it takes
    seconds and the tests guard the tables).
    """
    table = read_table(path)
    problems = _curie_problems(table.path, table.rows, set(table.curie_map))
    if problems:
        raise MalformedRows(problems, "write each id as prefix:id (e.g. icd10cm:G50.0) with its "
                                      "prefix in the #curie_map block; a row that cannot be read "
                                      "is never skipped")
    if schema:
        check_schema(table)
    mapping_set = MappingSet(table.path, {k: str(v) for k, v in table.metadata.items()},
                             table.curie_map, table=table)
    mapping_set.mappings = [
        Mapping(row["subject_id"], row.get("subject_label", ""), row["predicate_id"],
                row["object_id"], row.get("object_label", ""), row["mapping_justification"],
                row.get("comment", ""), Location(table.path, line))
        for line, row in table.rows]
    return mapping_set


def check_schema(table: Table) -> None:
    """The sssom package's view of the table: readable, no row dropped, SSSOM schema kept."""
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    logging.getLogger("sssom").setLevel(logging.ERROR)
    path = table.path
    try:
        msdf = parse_sssom_table(path)
    except Exception as error:  # the sssom parser raises many types; all mean "unreadable"
        raise InputError(Location(path), f"not a readable SSSOM table: {error}",
                         "see https://mapping-commons.github.io/sssom/ for the format") from error
    records = msdf.df.fillna("").to_dict("records") if msdf.df is not None else []
    kept = {tuple(r[c] for c in CURIE_COLUMNS) for r in records}
    dropped = [(Location(path, line), "the sssom parser dropped this row (check its ids and its "
                                      "number of cells)")
               for line, row in table.rows if tuple(row[c] for c in CURIE_COLUMNS) not in kept]
    if dropped:
        raise MalformedRows(dropped, "a row that cannot be read is never skipped")
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


def read_all(directory: Path | None = None, *, schema: bool = False) -> list[MappingSet]:
    return [read_mapping_set(path, schema=schema) for path in mapping_files(directory)]


def structural_problems(mapping_set: MappingSet, ontology: Graph) -> list[tuple[Location, str]]:
    """Problems that need no external release: subjects, labels, predicates, one vocabulary."""
    from rdflib import URIRef
    from rdflib.namespace import OWL, RDF, RDFS

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
        subject = URIRef(PREFIXES["napo"] + m.subject_id.removeprefix("napo:"))
        # any of its labels: a class with two labels is QC's finding (multiple_labels), and
        # reporting every row that names it would hide that cause
        labels = {str(label) for label in ontology.objects(subject, RDFS.label)}
        if not m.subject_id.startswith("napo:") or (subject, RDF.type, OWL.Class) not in ontology:
            problems.append((where, f"subject {m.subject_id} is not a NAPO class"))
        elif m.subject_label not in labels:
            problems.append((where, f"subject_label '{m.subject_label}' is not the NAPO label "
                                    f"'{ontology.value(subject, RDFS.label)}'"))
    return problems


def to_skos(mapping_sets: list[MappingSet]) -> Graph:
    """The mappings as plain SKOS match triples (subject predicate object), for SPARQL."""
    from rdflib.namespace import SKOS

    from napo.core.namespaces import new_graph

    graph = new_graph()
    graph.bind("skos", SKOS)
    for mapping_set in mapping_sets:
        for m in mapping_set.mappings:
            graph.add((mapping_set.expand(m.subject_id), SKOS[m.predicate_id.split(":", 1)[1]],
                       mapping_set.expand(m.object_id)))
    return graph


MERGED_METADATA = {
    "mapping_set_id": "https://w3id.org/napo/mappings/napo.sssom.tsv",
    "mapping_set_title": "NAPO mappings to external vocabularies (merged)",
    "license": "https://creativecommons.org/licenses/by/4.0/",
}


def merged_sssom(mapping_sets: list[MappingSet]) -> str:
    """One SSSOM table with every mapping, as the sssom package's merge writes it.

    Made here without pandas when every column is plain text (NAPO's tables); tables with
    other columns (numbers, enums, lists) are merged by the sssom package itself.
    """
    tables = [s.table for s in mapping_sets if s.table is not None]
    if len(tables) == len(mapping_sets) and mergeable(tables):
        return merged_text(tables, MERGED_METADATA)
    from sssom.parsers import parse_sssom_table
    from sssom.util import merge_msdf
    from sssom.writers import write_table

    merged = merge_msdf(*[parse_sssom_table(s.path) for s in mapping_sets], reconcile=False)
    merged.metadata.update(MERGED_METADATA)
    text = io.StringIO()
    write_table(merged, text)
    return text.getvalue()


def write_merged(mapping_sets: list[MappingSet], path: Path) -> None:
    path.write_text(merged_sssom(mapping_sets), encoding="utf-8")
