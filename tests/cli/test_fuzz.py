"""Bounded fuzzing of every parser that takes user text: no traceback, a clear error on bad
input, and a parameter value can never change a query's text outside its own bound term.

Each property runs a fixed number of examples with a derandomised seed, so the suite stays
fast and repeatable; hypothesis shrinks any failure to a minimal input.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from napo.cli import app
from napo.core import rdfio
from napo.core.errors import NapoError
from napo.queries.query import find_question, parse_term, with_values
from napo.stores.terms import absolute_iri, iri_term
from napo.vocabularies.mappings import read_mapping_set

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])
runner = CliRunner()

QUERY = "PREFIX napo: <https://w3id.org/napo/>\nSELECT ?x WHERE {\n  ?x ?p ?o .\n}\n"

# Text a user might type: printable characters, SPARQL/Turtle punctuation, escapes, controls.
tricky = st.text(alphabet=st.sampled_from(
    [*"abcXYZ019 _-:/.#?<>\"'{}()[];,@^\\\n\t\r\x00\x07", "é", "\u202e", "\ufeff"]),
    max_size=40)
values = st.one_of(tricky, st.builds(lambda s: f'"{s}"', tricky),
                   st.builds(lambda s: f"<{s}>", tricky),
                   st.builds(lambda s: f"napo:{s}", tricky),
                   st.builds(lambda s: f"<http://example.org/{s}>", tricky))


@BOUNDED
@given(values)
def test_a_parameter_value_is_one_term_or_a_clear_error(value: str) -> None:
    try:
        term = parse_term(value)
    except NapoError as error:
        assert str(error)
        return
    bound = with_values(QUERY, {"x": term})
    # The query text around the inserted VALUES block is unchanged ...
    block = f"\n  VALUES (?x) {{ ({term}) }}"  # pyoxigraph writes the term escaped
    assert block in bound and bound.replace(block, "", 1) == QUERY
    # ... and the block binds exactly the one parsed term, whatever the value held.
    rows = list(ox.Store().query(bound.replace("?x ?p ?o .", "")))
    assert len(rows) == 1
    assert rows[0]["x"] == term


@BOUNDED
@given(st.one_of(tricky, st.builds(lambda s: f"http://ex/g{s}", tricky)))
def test_a_graph_iri_is_written_escaped_or_refused(value: str) -> None:
    try:
        node = absolute_iri(value, "--graph")
    except NapoError as error:
        assert str(error)
        return
    term = iri_term(node)
    assert term.startswith("<") and term.endswith(">") and ">" not in term[1:-1]
    # Written into an update it is exactly one graph name: the text parses back to it.
    parsed = ox.Store().query(f"SELECT ?g WHERE {{ VALUES ?g {{ {term} }} }}")
    assert [row["g"] for row in parsed] == [node]


@BOUNDED
@given(tricky)
def test_an_unknown_question_name_is_a_clear_error(name: str) -> None:
    try:
        find_question(name)
    except NapoError as error:
        assert str(error)


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200) | tricky.map(lambda s: ("@prefix napo: <https://w3id.org/napo/> .\n"
                                                       f"napo:a napo:b {s} .\n").encode()))
def test_malformed_turtle_is_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "input.ttl"
    path.write_bytes(data)
    try:
        rdfio.read_graph(path)
    except NapoError as error:
        assert str(error)


SSSOM_HEADER = ("#curie_map:\n#  napo: https://w3id.org/napo/\n#  hp: http://purl.obolibrary.org"
                "/obo/HP_\n#  skos: http://www.w3.org/2004/02/skos/core#\n#  semapv: https://w3id"
                ".org/semapv/vocab/\n#mapping_set_id: https://w3id.org/napo/mappings/fuzz\n"
                "#license: https://creativecommons.org/licenses/by/4.0/\n"
                "subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\t"
                "mapping_justification\n")


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(tricky, min_size=1, max_size=7), min_size=1, max_size=3))
def test_malformed_sssom_rows_are_a_clear_error_never_a_silent_drop(tmp_path: Path,
                                                                    rows: list) -> None:
    path = tmp_path / "fuzz.sssom.tsv"
    body = "".join("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) + "\n"
                   for row in rows)
    path.write_text(SSSOM_HEADER + body, encoding="utf-8")
    try:
        mapping_set = read_mapping_set(path)
    except NapoError as error:
        assert str(error)
        return
    # Every row with content is read (a line of nothing but separators holds no data).
    assert len(mapping_set.mappings) == sum(1 for row in rows if "".join(row).strip())


@pytest.mark.parametrize("value", ["<rel>", "<http://ex/a\x01>", '"unterminated', "a b",
                                   "napo:x } ; DROP ALL #", "<>", ""])
def test_the_cli_answers_bad_parameters_without_a_traceback(value: str) -> None:
    result = runner.invoke(app, ["query", "procedures_for_condition", "--param",
                                 f"condition={value}"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert result.output.strip()
