"""napo ingest: every injected error reported at its row, column and rule; all or nothing;
--skip-invalid; bad files; the round trip from napo synth through a pipe; the store graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from napo.registry.errors import EXPECTED
from napo.registry.ingest import RowsRejected, ingest
from napo.registry.model import NAPO, REGISTRY_GRAPH
from tests.registry.conftest import write_csv

NAPO_BIN = str(Path(sys.executable).parent / "napo")
PERFORMED = ox.NamedNode(NAPO + "PerformedProcedure")
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def records_in(path: Path) -> int:
    return sum(1 for t in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
               if t.predicate == TYPE and t.object == PERFORMED)


def test_every_error_class_is_reported_at_its_row_column_and_rule(tmp_path, vocab,
                                                                   broken_rows) -> None:
    source = write_csv(tmp_path / "registry.csv", [row for row, _ in broken_rows])
    out = tmp_path / "records.nt"
    with pytest.raises(RowsRejected) as caught:
        ingest(str(source), out=out, vocab=vocab)
    problems = caught.value.problems
    for line, (_, kind) in enumerate(broken_rows, 2):
        here = [p for p in problems if p.row == line]
        if kind is None:
            assert not here, f"clean line {line} reported: {here}"
            continue
        columns, rule = EXPECTED[kind]
        component = rule.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        assert any(p.column in columns.split("|") and (rule == p.rule or f"({component})"
                                                         in p.rule) for p in here), \
            f"{kind} on line {line}: {here}"
    assert not out.exists()  # all or nothing


def test_existing_output_is_untouched_when_a_row_fails(tmp_path, vocab, broken_rows) -> None:
    out = tmp_path / "records.nt"
    out.write_text("previous\n", encoding="utf-8")
    source = write_csv(tmp_path / "bad.csv", [broken_rows[0][0], broken_rows[12][0]])
    with pytest.raises(RowsRejected):
        ingest(str(source), out=out, vocab=vocab)
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_skip_invalid_writes_good_rows_and_a_rejects_file(tmp_path, vocab, broken_rows) -> None:
    source = write_csv(tmp_path / "registry.csv", [row for row, _ in broken_rows])
    out = tmp_path / "records.nt"
    outcome = ingest(str(source), out=out, skip_invalid=True, vocab=vocab)
    clean = sum(1 for _, kind in broken_rows if kind is None)
    assert outcome.written == clean == records_in(out)
    assert outcome.rejected_rows == len(broken_rows) - clean
    rejects = (tmp_path / "records.rejects.csv").read_text(encoding="utf-8").splitlines()
    assert rejects[0].startswith("line,column,value,rule,message")
    assert {int(r.split(",")[0]) for r in rejects[1:]} == {
        line for line, (_, kind) in enumerate(broken_rows, 2) if kind is not None}


def test_synth_piped_into_ingest_round_trips(tmp_path) -> None:
    out = tmp_path / "records.ttl"
    synth = subprocess.Popen([NAPO_BIN, "synth", "--records", "150", "--seed", "7"],
                             stdout=subprocess.PIPE)
    done = subprocess.run([NAPO_BIN, "ingest", "-", "--out", str(out)], stdin=synth.stdout,
                          capture_output=True, text=True, timeout=120)
    synth.wait()
    assert done.returncode == 0, done.stderr
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    assert len(list(store.quads_for_pattern(None, TYPE, PERFORMED, None))) == 150
    synthetic = ox.NamedNode(NAPO + "isSynthetic")
    flags = {q.object.value for q in store.quads_for_pattern(None, synthetic, None, None)}
    assert flags == {"true"}  # every record, and the dataset description, say synthetic
    assert len(list(store.quads_for_pattern(None, synthetic, None, None))) == 151


def test_synth_is_deterministic_and_labelled(tmp_path) -> None:
    runs = [subprocess.run([NAPO_BIN, "synth", "--records", "40", "--seed", "3"],
                           capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1]
    other = subprocess.run([NAPO_BIN, "synth", "--records", "40", "--seed", "4"],
                           capture_output=True, text=True, check=True).stdout
    assert other != runs[0]
    assert all(line.endswith(",true") for line in runs[0].splitlines()[1:])


@pytest.mark.parametrize(("content", "needle"), [
    (b"\xef\xbb\xbfrecord_id\n", "byte-order mark"),
    ("record_id,performed_on\n1,2024-01-01\n".encode("utf-16"), "UTF-16"),
    (b"record_id,performd_on\n", "did you mean: performed_on"),
    (b"record_id,performed_on\n", "missing column"),
    (b"", "empty"),
])
def test_unusable_files_exit_2_with_the_reason(tmp_path, content: bytes, needle: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    done = subprocess.run([NAPO_BIN, "ingest", str(path), "--out", str(tmp_path / "r.nt")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert needle in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "r.nt").exists()


def test_latin1_and_truncated_files_name_the_line(tmp_path, broken_rows) -> None:
    good = write_csv(tmp_path / "good.csv", [broken_rows[0][0], broken_rows[1][0]])
    latin = tmp_path / "latin.csv"
    latin.write_bytes(good.read_bytes().replace(b"PSN-", b"PS\xe9-", 1))
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(good.read_bytes()[:-40] + b'"open')
    for path, needle in ((latin, "latin.csv:2: is not UTF-8"), (truncated, "truncated.csv:3")):
        done = subprocess.run([NAPO_BIN, "ingest", str(path)], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2, done.stderr
        assert needle in done.stderr, done.stderr


def test_bad_rows_exit_1_naming_file_line_and_column(tmp_path, broken_rows) -> None:
    source = write_csv(tmp_path / "r.csv", [broken_rows[0][0], broken_rows[10][0]])
    done = subprocess.run([NAPO_BIN, "ingest", str(source), "--out", str(tmp_path / "r.nt")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert f"{source}:3: nrs_baseline '11'" in done.stderr
    assert "nothing was written" in done.stderr and "Traceback" not in done.stderr


def test_ingest_loads_the_registry_graph_of_a_store(tmp_path, vocab, broken_rows) -> None:
    source = write_csv(tmp_path / "r.csv", [row for row, kind in broken_rows if kind is None])
    store_dir = tmp_path / "store"
    ingest(str(source), store=store_dir, vocab=vocab)
    ingest(str(source), store=store_dir, vocab=vocab)  # replaced, not added twice
    store = ox.Store.read_only(str(store_dir))
    graph = ox.NamedNode(REGISTRY_GRAPH)
    assert len(list(store.quads_for_pattern(None, TYPE, PERFORMED, graph))) == 10
    assert not [g for g in store.named_graphs() if "staging" in g.value]
