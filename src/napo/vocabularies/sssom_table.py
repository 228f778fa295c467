"""SSSOM/TSV tables read and merged without pandas: the fast path of `napo build` and lookups.

The sssom package (pandas, linkml) takes ~2 s to import and ~0.3 s per table, for ten small
files. This reader is strict where the package is lenient (an unknown column, a comment line
inside the table, too many cells or a redefined built-in prefix is an error naming the line, not
a warning) and otherwise reads what the package reads: tests/vocabularies/test_sssom_table.py
checks both give the same rows for every table and the same merged napo.sssom.tsv, byte for
byte. The package stays the schema validator (`napo mappings`, the tests).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from napo.core.errors import InputError, Location
from napo.core.files import read_text

# What the sssom package adds to every curie_map (sssom.context._get_built_in_prefix_map).
BUILT_IN_PREFIXES = {
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
}
UNSPECIFIED = "semapv:UnspecifiedMatching"  # what sssom fills in for a missing justification
# Mapping slots in the SSSOM schema's order (sssom-schema 1.1), which the package's writer uses.
SLOTS = (
    "subject_id", "subject_label", "subject_category", "subject_type", "predicate_id",
    "predicate_modifier", "predicate_label", "predicate_type", "object_id", "object_label",
    "object_category", "mapping_justification", "object_type", "creator_id", "creator_label",
    "author_id", "author_label", "reviewer_id", "reviewer_label", "license", "subject_source",
    "subject_source_version", "object_source", "object_source_version", "mapping_provider",
    "mapping_source", "mapping_cardinality", "cardinality_scope", "mapping_tool",
    "mapping_tool_id", "mapping_tool_version", "mapping_date", "publication_date", "review_date",
    "confidence", "reviewer_agreement", "subject_match_field", "object_match_field",
    "match_string", "subject_preprocessing", "object_preprocessing", "curation_rule",
    "curation_rule_text", "similarity_score", "similarity_measure", "issue_tracker_item",
    "see_also", "other", "comment", "record_id",
)
PROPAGATABLE = (
    "subject_type", "subject_source", "subject_source_version", "object_type", "object_source",
    "object_source_version", "predicate_type", "mapping_provider", "cardinality_scope",
    "mapping_tool", "mapping_tool_id", "mapping_tool_version", "mapping_date",
    "subject_match_field", "object_match_field", "subject_preprocessing", "object_preprocessing",
    "similarity_measure", "curation_rule", "curation_rule_text",
)
# Plain single-valued text slots: the merged table is written here only when every column is
# one of these; a table using others (enums, numbers, dates, lists) is merged by the package.
PLAIN = frozenset((
    "subject_id", "subject_label", "predicate_id", "predicate_label", "object_id", "object_label",
    "mapping_justification", "subject_source", "subject_source_version", "object_source",
    "object_source_version", "mapping_provider", "issue_tracker_item", "comment",
))
_ORDER = {slot: index for index, slot in enumerate(SLOTS)}


@dataclass
class Table:
    """One SSSOM/TSV file: its metadata block, prefixes and rows with their line numbers."""

    path: Path
    metadata: dict[str, object]
    curie_map: dict[str, str]  # the built-in prefixes, then the file's own
    columns: list[str]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def _unreadable(path: Path, line: int, what: str) -> InputError:
    return InputError(Location(path, line), f"not a readable SSSOM table: {what}",
                      "see https://mapping-commons.github.io/sssom/ for the format")


def _metadata(path: Path, block: list[str]) -> tuple[dict[str, object], dict[str, str]]:
    text = "".join(line.lstrip("#").rstrip() + "\n" for line in block
                   if line.lstrip("#").rstrip())
    try:
        metadata = yaml.safe_load(text) if text else {}
    except yaml.YAMLError as error:
        raise _unreadable(path, 1, f"the # metadata block is not YAML: {error}") from error
    if not isinstance(metadata, dict):
        raise _unreadable(path, 1, "the # metadata block is not a set of key: value lines")
    own = metadata.pop("curie_map", None) or {}
    if not isinstance(own, dict) or not all(isinstance(v, str) for v in own.values()):
        raise _unreadable(path, 1, "curie_map must map each prefix to a URI prefix")
    for prefix, expansion in own.items():
        if BUILT_IN_PREFIXES.get(prefix, expansion) != expansion:
            raise _unreadable(path, 1, f"curie_map redefines the built-in prefix {prefix}: as "
                                       f"{expansion} (SSSOM fixes it as "
                                       f"{BUILT_IN_PREFIXES[prefix]})")
    return metadata, {**BUILT_IN_PREFIXES, **{str(k): v for k, v in own.items()}}


def read_table(path: Path) -> Table:
    """Read one SSSOM/TSV file: the # metadata block, the column header, then one row a line."""
    path = Path(path)
    # Lines end at \n (or \r\n) only, as in csv: str.splitlines would also break at \x0b,
    # \x1c or U+2028 inside a cell and invent rows.
    lines = [line.removesuffix("\r") for line in read_text(path).split("\n")]
    if lines[-1] == "":
        lines.pop()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    metadata, curie_map = _metadata(path, lines[:start])
    if start == len(lines):
        raise _unreadable(path, start, "no column header line after the # metadata block")
    columns = lines[start].strip().split("\t")
    for column in columns:
        if column not in _ORDER or columns.count(column) > 1:
            why = "is repeated" if column in _ORDER else "is not an SSSOM mapping slot"
            raise _unreadable(path, start + 1, f"column {column!r} {why}")
    table = Table(path, metadata, curie_map, columns)
    for number, line in enumerate(lines[start + 1:], start + 2):
        if not line.strip():
            continue  # a line of nothing but separators holds no mapping
        if line.startswith("#"):
            raise _unreadable(path, number, "a # line inside the table (metadata lines come "
                                            "before the column header)")
        try:
            cells = next(csv.reader([line], delimiter="\t", strict=True))
        except csv.Error as error:
            raise _unreadable(path, number, f"{error} (check the quotes)") from error
        if len(cells) > len(columns):
            raise _unreadable(path, number, f"{len(cells)} cells, but the header has "
                                            f"{len(columns)} columns")
        row = dict(zip(columns, cells + [""] * (len(columns) - len(cells)), strict=True))
        row["mapping_justification"] = row.get("mapping_justification") or UNSPECIFIED
        table.rows.append((number, row))
    return table


def mergeable(tables: list[Table]) -> bool:
    """Whether merged_text writes these tables exactly as the sssom package would."""
    return all(set(t.columns) | (set(t.metadata) & set(PROPAGATABLE)) <= PLAIN
               and isinstance(t.metadata.get("mapping_set_id"), str) for t in tables)


def _records(table: Table) -> tuple[list[str], list[dict[str, str]]]:
    """The table as the sssom package holds it: set-level slots propagated to every row,
    columns blank in every row dropped, columns in schema order, rows sorted."""
    rows = [dict(row) for _, row in table.rows]
    columns = [*table.columns, "mapping_justification"]
    for slot in PROPAGATABLE:
        if slot in table.metadata and slot not in columns:
            columns.append(slot)
            for row in rows:
                row[slot] = str(table.metadata[slot])
    for column in [c for c in columns if not any(row.get(c) for row in rows)]:
        for row in rows:
            row.pop(column, None)
    columns = sorted({c for row in rows for c in row}, key=_ORDER.__getitem__)
    rows.sort(key=lambda row: [row.get(c, "") for c in columns])
    return columns, rows


def merged_text(tables: list[Table], metadata: dict[str, str]) -> str:
    """Every table in one SSSOM/TSV document, as sssom's merge_msdf + write_table write it:
    rows tagged with their set's mapping_source, duplicates dropped, columns that hold one
    value everywhere condensed into the metadata block."""
    columns: list[str] = []
    rows: list[dict[str, str]] = []
    seen: set[tuple[tuple[str, str], ...]] = set()
    for table in tables:
        own_columns, own_rows = _records(table)
        # pandas' concat keeps the columns in order of first appearance
        columns += [c for c in [*own_columns, "mapping_source"] if c not in columns]
        for row in own_rows:
            key = tuple(sorted(row.items()))
            if key not in seen:
                seen.add(key)
                rows.append({**row, "mapping_source": str(table.metadata["mapping_set_id"])})
    header: dict[str, object] = dict(metadata)
    for slot in PROPAGATABLE:
        values = {row.get(slot, "") for row in rows}
        if slot in columns and len(values) == 1 and header.setdefault(slot, *values) in values:
            columns.remove(slot)
    curie_map: dict[str, str] = {}
    for table in tables:
        curie_map.update((p, ns) for p, ns in table.curie_map.items() if p not in curie_map)
    header["curie_map"] = curie_map
    lines = [f"# {line}" for line in yaml.safe_dump(header, allow_unicode=True).split("\n")
             if line]
    body = io.StringIO()
    writer = csv.writer(body, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return "\n".join([*lines, body.getvalue().rstrip("\n")]) + "\n"
