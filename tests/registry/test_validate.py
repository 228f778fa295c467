"""Records that are already RDF: the fast path reads them back and reports what it reported
while ingesting (and so what pyshacl reports, tests/registry/test_agreement.py)."""

from __future__ import annotations

from napo.registry.rdf import comparable, nodes_nt
from napo.registry.records import Seen, convert
from napo.registry.validate import is_registry_file, validate_file


def test_an_rdf_file_of_records_gets_the_same_findings(tmp_path, vocab, broken_records
                                                       ) -> None:
    nodes, fast = broken_records
    path = tmp_path / "records.nt"
    path.write_text(nodes_nt(nodes), encoding="utf-8")
    assert is_registry_file(path)
    assert comparable(validate_file(path, vocab)) == comparable(fast)
    ill_typed = tmp_path / "ill.nt"
    ill_typed.write_text(nodes_nt(nodes[:1]).replace(
        '"2', '"x2', 1), encoding="utf-8")  # performedOn "x2024-…"^^xsd:date: ill-typed
    assert any(f.component.endswith("DatatypeConstraintComponent")
               for f in validate_file(ill_typed, vocab))


def test_an_edited_nadir_is_reported(tmp_path, vocab) -> None:
    """A record file whose napo:lowestFollowUpScore was edited by hand: the fast path names the
    edited value and the record's real lowest follow-up score, and nothing else."""
    import re

    from napo.registry.synth import Generator

    seen, nodes = Seen.empty(), []
    for line, row in enumerate(Generator(vocab, seed=31).rows(20), 2):
        nodes += convert(row, line, vocab, seen)[0]
    text = nodes_nt(nodes)
    assert not validate_file(_written(tmp_path / "good.nt", text), vocab)
    edited = re.search(r'(<[^>]+>) <https://w3id.org/napo/lowestFollowUpScore> "(\d+)"', text)
    assert edited, "no record with a follow-up"
    record, low = edited.groups()
    wrong = str((int(low) + 1) % 11)
    bad = _written(tmp_path / "bad.nt", text.replace(edited.group(0), edited.group(0).replace(
        f'"{low}"', f'"{wrong}"'), 1))
    found = validate_file(bad, vocab)
    assert {(f.focus, f.value) for f in found} == {(record[1:-1], low), (record[1:-1], wrong)}
    assert all(f.component.endswith("SPARQLConstraintComponent")
               and "lowest follow-up score" in f.message for f in found), found


def _written(path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


def test_knowledge_data_is_not_taken_for_records(tmp_path) -> None:
    assert not is_registry_file(tmp_path / "missing.ttl")
    data = tmp_path / "data.ttl"
    data.write_text("<https://w3id.org/napo/x> a <https://w3id.org/napo/CuratedAssertion> .\n",
                    encoding="utf-8")
    assert not is_registry_file(data)


def test_napo_validate_checks_record_files(tmp_path) -> None:
    """`napo validate FILE` on records: the compiled shapes, exit 1 with the finding named;
    record files and knowledge data in one call are refused (two kinds of report)."""
    import json
    import re

    from typer.testing import CliRunner

    from napo.cli import app
    from napo.knowledge.inputs import data_files

    runner = CliRunner()
    good = tmp_path / "good.nt"
    made = runner.invoke(app, ["synth", "--records", "5", "--seed", "11"])
    assert made.exit_code == 0, made.output
    source = tmp_path / "records.csv"
    source.write_text(made.stdout, encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(source), "--out", str(good)]).exit_code == 0
    clean = runner.invoke(app, ["validate", str(good)])
    assert clean.exit_code == 0 and "0 finding(s) in 1 record file(s)" in clean.stdout
    bad = tmp_path / "bad.nt"
    text = good.read_text(encoding="utf-8")
    bad.write_text(re.sub(r'(/nrs/baseline> <https://w3id.org/napo/nrsScore> )"\d+"',
                          r'\1"11"', text, count=1), encoding="utf-8")
    found = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert found.exit_code == 1, found.output
    rows = json.loads(found.stdout)
    assert any(r["value"] == "11" and r["focus"].endswith("/nrs/baseline") for r in rows), rows
    # the record's summary still says the old score: shape:summary-agrees names both values
    summary = [r for r in rows if "summary" in r["message"]]
    assert {r["value"] for r in summary} >= {"11"} and len(summary) == 2, rows
    assert all("/nrs/" not in r["focus"] for r in summary), rows
    mixed = runner.invoke(app, ["validate", str(good), str(data_files()[-1])])
    assert mixed.exit_code == 2 and "separately" in mixed.output
