"""The fast SSSOM reader and merger agree with the sssom package, row for row and byte for byte,
and refuse what the package would only warn about."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from napo.core.errors import InputError
from napo.vocabularies import sssom_table
from napo.vocabularies.mappings import (
    MERGED_METADATA,
    mapping_files,
    read_all,
    read_mapping_set,
    write_merged,
)
from napo.vocabularies.sssom_table import merged_text, read_table

logging.getLogger("sssom").setLevel(logging.ERROR)

HEADER = ("#curie_map:\n#  napo: https://w3id.org/napo/\n#  hp: http://purl.obolibrary.org/obo/HP_\n"
          "#mapping_set_id: https://w3id.org/napo/mappings/{name}\n"
          "#license: https://creativecommons.org/licenses/by/4.0/\n")
ROW = "napo:Spasticity\tspasticity\tskos:exactMatch\thp:0001257\tSpasticity\t{rest}\n"


def _sssom_rows(path: Path, columns: list[str]) -> list[tuple[str, ...]]:
    from sssom.parsers import parse_sssom_table

    records = parse_sssom_table(path).df.fillna("").to_dict("records")
    return sorted(tuple(r.get(c, "") for c in columns) for r in records)


@pytest.mark.parametrize("path", mapping_files(), ids=lambda p: p.name)
def test_the_fast_reader_reads_the_rows_the_sssom_package_reads(path: Path) -> None:
    table = read_table(path)
    columns = list(dict.fromkeys([*table.columns, "mapping_justification"]))
    ours = sorted(tuple(row[c] for c in columns) for _, row in table.rows)
    assert ours == _sssom_rows(path, columns)
    assert len(read_mapping_set(path).mappings) == len(ours)


def test_every_table_keeps_the_sssom_schema() -> None:
    """The build reads without the package; the schema is checked here and in `napo mappings`."""
    assert sum(len(s.mappings) for s in read_all(schema=True)) > 150


def _sssom_merged(paths: list[Path], out: Path) -> str:
    from sssom.parsers import parse_sssom_table
    from sssom.util import merge_msdf
    from sssom.writers import write_table

    merged = merge_msdf(*[parse_sssom_table(p) for p in paths], reconcile=False)
    merged.metadata.update(MERGED_METADATA)
    with out.open("w", encoding="utf-8") as handle:
        write_table(merged, handle)
    return out.read_text(encoding="utf-8")


def test_the_merged_table_is_the_one_the_sssom_package_writes(tmp_path: Path) -> None:
    write_merged(read_all(), tmp_path / "fast.tsv")
    expected = _sssom_merged(mapping_files(), tmp_path / "sssom.tsv")
    assert (tmp_path / "fast.tsv").read_text(encoding="utf-8") == expected


def test_merging_uneven_tables_matches_the_package(tmp_path: Path) -> None:
    """Set-level slots that differ stay columns, equal ones are condensed, a column empty in
    one table, a quoted cell and a duplicate row are handled as the package handles them."""
    one = tmp_path / "a.sssom.tsv"
    one.write_text(HEADER.format(name="a") + "#object_source_version: v1\n"
                   "#subject_source: napo:napo.owl\n"
                   "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\t"
                   "mapping_justification\tcomment\n"
                   + ROW.format(rest="semapv:ManualMappingCuration\t\"quoted\tcell\"")
                   + ROW.format(rest="semapv:ManualMappingCuration\t\"quoted\tcell\"")
                   + ROW.replace("0001257", "0000001").format(rest="\t"), encoding="utf-8")
    two = tmp_path / "b.sssom.tsv"
    two.write_text(HEADER.format(name="b") + "#object_source_version: v2\n"
                   "#subject_source: napo:napo.owl\n"
                   "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\t"
                   "mapping_justification\n"
                   + ROW.format(rest="semapv:ManualMappingCuration"), encoding="utf-8")
    tables = [read_table(one), read_table(two)]
    assert sssom_table.mergeable(tables)
    assert merged_text(tables, MERGED_METADATA) == _sssom_merged([one, two], tmp_path / "x.tsv")


def test_the_constants_are_the_packages_own() -> None:
    from sssom.constants import SSSOMSchemaView
    from sssom.context import _get_built_in_prefix_map
    from sssom.util import _get_sssom_schema_object

    schema = _get_sssom_schema_object()
    order = [s for s in schema.dict["slots"] if s in set(schema.mapping_slots)]
    assert list(sssom_table.SLOTS) == order
    assert list(sssom_table.PROPAGATABLE) == list(SSSOMSchemaView().propagatable_slots)
    assert dict(_get_built_in_prefix_map().bimap) == sssom_table.BUILT_IN_PREFIXES


@pytest.mark.parametrize(("body", "problem", "line"), [
    ("subject_id\tfoo\n", "column 'foo' is not an SSSOM mapping slot", 6),
    ("subject_id\tsubject_id\n", "column 'subject_id' is repeated", 6),
    ("subject_id\tobject_id\nnapo:A\thp:1\textra\n", "3 cells, but the header has 2", 7),
    ("subject_id\tobject_id\n# a note\n", "a # line inside the table", 7),
    ('subject_id\tobject_id\n"napo:A\thp:1\n', "check the quotes", 7),
    ("", "no column header line", 5),
])
def test_the_fast_reader_refuses_what_the_package_would_only_warn_about(
        tmp_path: Path, body: str, problem: str, line: int) -> None:
    path = tmp_path / "hp.sssom.tsv"
    path.write_text(HEADER.format(name="hp") + body, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as caught:
        read_table(path)
    assert caught.value.location.line == line


def test_a_redefined_built_in_prefix_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hp.sssom.tsv"
    header = HEADER.format(name="x").replace("#  napo:", "#  skos: http://example.org/s#\n#  napo:")
    path.write_text(header + "subject_id\tobject_id\n", encoding="utf-8")
    with pytest.raises(InputError, match="redefines the built-in prefix skos"):
        read_table(path)
