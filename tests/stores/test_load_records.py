"""`napo load --records`: registry record files streamed in parts into the registry graph of a
real Oxigraph server and Virtuoso, all or nothing; and the cutting itself, without a server.

The servers are started here (napo.stores.servers) and skip with the reason where one is not
installed, except under NAPO_REQUIRE_SERVERS=1 (CI), where a missing server fails the run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from napo.cli import app
from napo.queries.agreement import comparable
from napo.queries.query import from_oxigraph
from napo.registry import outcomes
from napo.registry.ingest import ingest
from napo.registry.model import REGISTRY_GRAPH
from napo.registry.synth import Generator
from napo.registry.vocab import vocabulary
from napo.stores import load_files
from napo.stores.load import _too_big, count
from napo.stores.load_files import bodies
from napo.stores.remote import Client, EndpointError, select
from napo.stores.server_kinds import resolve
from napo.stores.servers import RunningServer, oxigraph_available, start_oxigraph
from napo.stores.virtuoso import start_virtuoso, virtuoso_available
from tests.registry.conftest import write_csv

from ..conftest import require as _require

runner = CliRunner()


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """150 synthetic records as N-Triples and as Turtle, written by napo ingest (the registry
    tests' engine-agreement sample: every outcome question has rows on it)."""
    folder = tmp_path_factory.mktemp("records")
    vocab = vocabulary()
    source = write_csv(folder / "r.csv", list(Generator(vocab, seed=12).rows(150)))
    files = {"nt": folder / "records.nt", "ttl": folder / "records.ttl"}
    for path in files.values():
        ingest(str(source), out=path, vocab=vocab)
    return files


def _triples(path: Path) -> set[ox.Triple]:
    return set(ox.parse(path=str(path)))


def test_bodies_are_bounded_and_hold_every_triple_once(records, monkeypatch) -> None:
    text = records["nt"].read_bytes()
    parts = list(bodies(records["nt"], chunk_bytes=4096))
    assert len(parts) > 5
    assert b"".join(p.data for p in parts) == text
    assert sum(p.triples for p in parts) == len(_triples(records["nt"]))
    longest = max(len(line) for line in text.splitlines(keepends=True))
    assert all(len(p.data) <= 4096 + longest for p in parts)
    assert [p.first_line for p in parts] == [1] + [p.last_line + 1 for p in parts[:-1]]
    turtle = list(bodies(records["ttl"], batch=100))
    assert len(turtle) > 5
    assert set().union(*(set(ox.parse(p.data, format=ox.RdfFormat.N_TRIPLES))
                         for p in turtle)) == _triples(records["nt"])


def test_blank_nodes_and_bad_files_are_refused_before_loading(tmp_path: Path) -> None:
    blank = tmp_path / "blank.nt"
    blank.write_text('<https://e.org/a> <https://e.org/p> "_:x" .\n\n# a comment\n'
                     "<https://e.org/a> <https://e.org/p> _:b1 .\n", encoding="utf-8")
    with pytest.raises(load_files.InputError, match=r"blank.nt:4: holds a blank node"):
        list(bodies(blank))
    for name in ("records.csv", "missing.nt"):
        result = runner.invoke(app, ["load", "--records", str(tmp_path / name),
                                     "--endpoint", "http://127.0.0.1:9/store"])
        assert result.exit_code == 2, result.output
        assert name in result.output


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[RunningServer]:
    if request.param == "oxigraph":
        _require(oxigraph_available())
        with start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as running:
            yield running
    else:
        _require(virtuoso_available())
        with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as running:
            yield running


def _credentials(server: RunningServer) -> list[str]:
    return ["--user", server.user, "--password", server.password] if server.user else []


ALL = "SELECT ?s ?p ?o WHERE { GRAPH <" + REGISTRY_GRAPH + "> { ?s ?p ?o } }"


def _graph(server: RunningServer) -> list[tuple]:
    """The server's registry graph (engines may write 65.0 as 65: compared as values)."""
    client = Client.create(retries=1)
    endpoint = resolve(client, server.base_url, "auto", server.user, server.password)
    results = select(client, endpoint, ALL, [])
    staging = select(client, endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                     "FILTER(CONTAINS(STR(?g), '-staging-')) }", []).rows
    assert staging == []
    assert count(client, endpoint, REGISTRY_GRAPH) == len(results.rows)
    return comparable(results)


def _expected(path: Path) -> list[tuple]:
    store = ox.Store()
    store.bulk_load(path=str(path), to_graph=ox.NamedNode(REGISTRY_GRAPH))
    return comparable(from_oxigraph(store.query(ALL)))


def test_records_stream_into_the_registry_graph(server, records, monkeypatch) -> None:
    monkeypatch.setattr(load_files, "CHUNK_BYTES", 8192)  # many parts: PUT, then POSTs
    for name in ("nt", "ttl", "nt"):  # replaced each time, never added twice
        result = runner.invoke(app, ["load", "--records", str(records[name]), "--endpoint",
                                     server.base_url, "--replace", *_credentials(server)])
        assert result.exit_code == 0, result.output
        assert f"replaced <{REGISTRY_GRAPH}>: {len(_triples(records['nt']))} triples" in \
            result.output
    assert _graph(server) == _expected(records["nt"])


def test_a_bad_part_changes_nothing(server, records, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(load_files, "CHUNK_BYTES", 8192)
    result = runner.invoke(app, ["load", "--records", str(records["nt"]), "--endpoint",
                                 server.base_url, "--replace", *_credentials(server)])
    assert result.exit_code == 0, result.output
    lines = records["nt"].read_text(encoding="utf-8").splitlines(keepends=True)
    broken = tmp_path / "broken.nt"
    bad = len(lines) - 3  # far past the first part
    broken.write_text("".join(lines[:bad]) + "<https://e.org/a> <https://e.org/p> .\n"
                      + "".join(lines[bad:]), encoding="utf-8")
    result = runner.invoke(app, ["load", "--records", str(broken), "--endpoint",
                                 server.base_url, "--replace", *_credentials(server)])
    assert result.exit_code == 3, result.output
    assert "broken.nt:" in result.output and "not changed" in result.output
    assert _graph(server) == _expected(records["nt"])


def test_a_publish_too_big_for_virtuoso_names_the_setting() -> None:
    """The MOVE of 10^5 records exceeds Virtuoso's default 50 MB transaction log (measured
    in benchmarks/registry.py): the hint names the setting; other errors keep theirs."""
    refused = EndpointError("... answered HTTP 500 SPARQL Request Failed: Virtuoso 40005 Error "
                            "SR325: Transaction aborted because it's log after image size "
                            "went above the limit", "see the server's message above",
                            status=500)
    assert "TransactionAfterImageLimit" in _too_big(refused).hint
    assert _too_big(refused).status == 500
    other = EndpointError("answered HTTP 500", "see the server's message above", status=500)
    assert _too_big(other) is other


@pytest.fixture(scope="module")
def filled(server, records) -> RunningServer:
    """The server with the knowledge layers (napo load) and the records (--records)."""
    for extra in ([], ["--records", str(records["nt"])]):
        result = runner.invoke(app, ["load", *extra, "--endpoint", server.base_url,
                                     "--replace", *_credentials(server)])
        assert result.exit_code == 0, result.output
    return server


@pytest.fixture(scope="module")
def embedded(records):
    return outcomes.dataset([records["nt"]])


@pytest.mark.parametrize("question", outcomes.list_questions(), ids=lambda q: q.name)
def test_outcome_questions_agree_on_the_server(filled, embedded, question) -> None:
    """Every outcome question on the server (layers by napo load, records by --records) gives
    the embedded engine's answer."""
    client = Client.create(retries=1)
    endpoint = resolve(client, filled.base_url, "auto", filled.user, filled.password)
    expected = outcomes.run(embedded, question, {})
    assert expected.rows, f"{question.name} answers nothing on the fixture records"
    assert comparable(outcomes.run_remote(client, endpoint, question, {})) == \
        comparable(expected)


def test_napo_outcomes_on_the_server(filled, embedded) -> None:
    """`napo outcomes Q --endpoint URL` answers from the server what --records answers."""
    question = outcomes.find("nrs_reduction")
    given = "techniques=napo:MedialBranchRadiofrequencyNeurotomy"
    result = runner.invoke(app, ["outcomes", question.name, "--endpoint", filled.base_url,
                                 "--param", given, "--format", "csv", *_credentials(filled)])
    assert result.exit_code == 0, result.output
    expected = outcomes.run(embedded, question, {"techniques": given.split("=", 1)[1]})
    assert expected.rows
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 + len(expected.rows)  # the header, then one line per row
    assert all(f",{row[3][1]}," in line for row, line in zip(expected.rows, lines[1:],
                                                             strict=True))


def test_napo_outcomes_refuses_two_sources(records) -> None:
    result = runner.invoke(app, ["outcomes", "repeat_rate", "--endpoint",
                                 "http://127.0.0.1:9/query", "--records", str(records["nt"])])
    assert result.exit_code == 2
    assert "--endpoint" in result.output
