"""napo outcomes and synth at the command line; the shapes file's own rules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH

from napo.registry.ingest import ingest, shapes_file
from napo.registry.outcomes import dataset, find, run
from napo.registry.shapes import Validator
from tests.registry.conftest import write_csv

NAPO_BIN = str(Path(sys.executable).parent / "napo")


def napo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NAPO_BIN, *args], capture_output=True, text=True, timeout=120)


def test_outcomes_from_records_and_from_a_store(tmp_path, vocab, broken_rows) -> None:
    source = write_csv(tmp_path / "r.csv", [row for row, kind in broken_rows if kind is None])
    ingest(str(source), out=tmp_path / "r.nt", store=tmp_path / "store", vocab=vocab)
    from_file = napo("outcomes", "repeat_rate", "--records", str(tmp_path / "r.nt"),
                     "--param", "techniques=napo:Procedure", "--format", "tsv")
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout.splitlines()[1].split("\t")[:2] == [
        "https://w3id.org/napo/Procedure", "10"]
    on_disk = run(dataset([], tmp_path / "store"), find("repeat_rate"),
                  {"techniques": "napo:Procedure"})
    assert on_disk.rows[0][1][1] == "10"


@pytest.mark.parametrize(("args", "needle"), [
    (("outcomes", "nrs_reduction"), "no records given"),
    (("outcomes", "nrs_reductoin", "--records", "x.nt"), "did you mean: nrs_reduction"),
    (("outcomes", "nrs_reduction", "--records", "missing.nt"), "missing.nt"),
    (("synth", "--records", "0"), "--records must be at least 1"),
    (("ingest", "x.csv", "--out", "x.json"), ".nt (N-Triples) or .ttl"),
])
def test_bad_arguments_exit_2(tmp_path, args: tuple[str, ...], needle: str) -> None:
    done = subprocess.run([NAPO_BIN, *args], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr and "Traceback" not in done.stderr


def test_outcome_listing_names_every_question() -> None:
    done = napo("outcomes")
    assert done.returncode == 0
    assert {"nrs_reduction", "relief_at_followup", "repeat_rate", "complication_rates"} <= {
        line.split(":")[0] for line in done.stdout.splitlines()}


def test_every_constraint_has_a_message() -> None:
    graph = Graph().parse(shapes_file())
    shapes = set(graph.objects(None, SH.property)) | set(graph.subjects(RDF.type,
                                                                         SH.PropertyShape))
    for shape in shapes:
        sparql = graph.value(shape, SH.sparql)
        owner = sparql if sparql is not None else shape
        assert graph.value(owner, SH.message) is not None, f"{shape} has no sh:message"


def test_an_unknown_constraint_stops_the_fast_validator(tmp_path, vocab) -> None:
    graph = Graph().parse(shapes_file())
    anchor = next(iter(graph.subjects(RDF.type, SH.PropertyShape)))
    graph.add((anchor, SH.uniqueLang, BNode()))
    changed = tmp_path / "registry.ttl"
    graph.serialize(changed, format="turtle")
    with pytest.raises(ValueError, match="does not implement"):
        Validator(vocab, changed)


def test_shape_parameters_never_become_code(tmp_path, vocab) -> None:
    """The validator is generated Python (napo.registry.codegen): a parameter that looks like
    code stays a value, and it still means what SHACL says (here a pattern nothing matches)."""
    from rdflib import Literal, URIRef

    from napo.registry.model import NAPO, XSD_STRING, Iri, Lit, Node

    graph = Graph().parse(shapes_file())
    shape = URIRef("https://w3id.org/napo/shape/pseudonym")
    graph.set((shape, SH.pattern, Literal("^x$|'; import os; os._exit(3) #")))
    changed = tmp_path / "registry.ttl"
    graph.serialize(changed, format="turtle")
    validator = Validator(vocab, changed)
    assert not any("import os" in check.__source__ for _, _, check in validator.compiled)
    record = Node(Iri(NAPO + "registry/record/R1"), [NAPO + "PerformedProcedure"])
    record.add(NAPO + "patientPseudonym", Lit("P-000123", XSD_STRING, "P-000123"))
    found = {f.component.rsplit("#", 1)[1] for f in validator.validate([record], vocab)
             if f.path == f"<{NAPO}patientPseudonym>"}
    assert found == {"PatternConstraintComponent"}
