"""Real servers on loopback: Oxigraph and Virtuoso loaded by `napo load`, every competency
question compared with the embedded engines, and the failures a user can meet.

The servers are started here (napo.stores.servers). Where one is not installed the tests skip
with the reason, except under NAPO_REQUIRE_SERVERS=1 (set by .ci/run, which installs both), where a
missing server fails the run instead of silently skipping it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
from typer.testing import CliRunner

from napo.cli import app
from napo.knowledge.graph import knowledge_graph, knowledge_layers
from napo.knowledge.layers import LAYER_GRAPHS
from napo.queries.agreement import comparable
from napo.queries.query import (
    bindings,
    list_questions,
    run_oxigraph,
    run_rdflib,
    with_values,
)
from napo.stores.load import count, load, targets
from napo.stores.remote import Client, EndpointError, select, update
from napo.stores.server_kinds import resolve
from napo.stores.servers import (
    LOOPBACK,
    RunningServer,
    free_port,
    oxigraph_available,
    start_oxigraph,
)
from napo.stores.store import DEFAULT_DATASET, memory_store
from napo.stores.virtuoso import start_virtuoso, virtuoso_available

from ..conftest import require as _require

runner = CliRunner()
QUESTIONS = list_questions()




@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    _require(oxigraph_available())
    with start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    _require(virtuoso_available())
    with start_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def _credentials(server: RunningServer) -> list[str]:
    return ["--user", server.user, "--password", server.password] if server.user else []


def _endpoint(server: RunningServer):
    return resolve(Client.create(retries=1), server.base_url, "auto", server.user,
                   server.password)


@pytest.fixture(scope="module")
def expected() -> dict[str, list]:
    """Every competency question's rows on embedded pyoxigraph, checked against rdflib."""
    store, graph = memory_store(), knowledge_graph()
    results = {}
    for question in QUESTIONS:
        values = bindings(question, {})
        embedded = run_oxigraph(store, question, values, DEFAULT_DATASET)
        assert comparable(embedded) == comparable(run_rdflib(graph, question, values))
        results[question.name] = embedded
    return results


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def loaded(request: pytest.FixtureRequest) -> RunningServer:
    """A server that `napo load --replace` filled with the five layers (twice: idempotent)."""
    server = request.getfixturevalue(request.param)
    for _ in range(2):
        result = runner.invoke(app, ["load", "--endpoint", server.base_url, "--replace",
                                     *_credentials(server)])
        assert result.exit_code == 0, result.output
    return server


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.name)
def test_every_question_agrees_with_the_embedded_engines(loaded: RunningServer, question,
                                                         expected) -> None:
    endpoint = _endpoint(loaded)
    text = with_values(question.text, bindings(question, {}))
    graphs = [str(g) for g in LAYER_GRAPHS.values()]
    remote = select(Client.create(retries=1), endpoint, text, graphs)
    assert remote.variables == expected[question.name].variables
    assert comparable(remote) == comparable(expected[question.name])


def test_load_writes_every_layer_and_no_staging_graph(loaded: RunningServer) -> None:
    client, endpoint = Client.create(retries=1), _endpoint(loaded)
    layers = targets(knowledge_layers(), None)
    for target in layers:
        assert count(client, endpoint, target.graph) == len(target.triples)
    staging = select(client, endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                     "FILTER(CONTAINS(STR(?g), '-staging-')) }", []).rows
    assert staging == []


def test_cli_query_against_each_server(loaded: RunningServer) -> None:
    result = runner.invoke(app, ["query", "procedures_for_condition", "--format", "csv",
                                 "--endpoint", loaded.query_url])
    assert result.exit_code == 0, result.output
    assert "percutaneous balloon compression" in result.output


def test_load_into_one_named_graph(oxigraph: RunningServer) -> None:
    graph = "https://example.org/napo-test"
    result = runner.invoke(app, ["load", "--endpoint", oxigraph.base_url, "--graph", graph,
                                 "--replace"])
    assert result.exit_code == 0, result.output
    asked = runner.invoke(app, ["query", "claims_per_source", "--format", "csv",
                                "--endpoint", oxigraph.base_url, "--graph", graph])
    assert asked.exit_code == 0 and asked.output.count("\n") == 6, asked.output


def test_wrong_credentials_are_refused(virtuoso: RunningServer) -> None:
    result = runner.invoke(app, ["load", "--endpoint", virtuoso.base_url, "--user", "dba",
                                 "--password", "wrong", "--retries", "0"])
    assert result.exit_code == 3
    assert "refused" in result.output and "401" in result.output
    assert "--password" in result.output


def test_updates_without_credentials_get_the_servers_message(virtuoso: RunningServer) -> None:
    client = Client.create(retries=0)
    endpoint = resolve(client, virtuoso.query_url, "virtuoso")
    with pytest.raises(EndpointError, match=r"refused the request \(HTTP 401\)"):
        update(client, endpoint, "DROP SILENT GRAPH <https://example.org/nothing>")


def test_unreachable_endpoint(tmp_path: Path) -> None:
    port = free_port()
    result = runner.invoke(app, ["query", "claims_per_source", "--endpoint",
                                 f"http://{LOOPBACK}:{port}/query", "--server", "oxigraph",
                                 "--timeout", "5"])
    assert result.exit_code == 3
    assert f"cannot reach http://{LOOPBACK}:{port}/query: connection refused" in result.output


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def html_site() -> Iterator[str]:
    """A web server that answers every request with a 200 HTML page, like a login portal."""

    def page(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [b"<!DOCTYPE html><html><body>Welcome to the portal</body></html>"]

    server = make_server(LOOPBACK, 0, page, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{server.server_port}"
    server.shutdown()


def test_an_html_page_instead_of_results(html_site: str) -> None:
    result = runner.invoke(app, ["query", "claims_per_source", "--endpoint",
                                 f"{html_site}/query", "--server", "oxigraph"])
    assert result.exit_code == 3
    assert "answered an HTML page" in result.output and "not SPARQL results" in result.output


def test_unknown_server_kind_asks_for_server_option(html_site: str) -> None:
    result = runner.invoke(app, ["load", "--endpoint", html_site])
    assert result.exit_code == 3 and "--server" in result.output


def test_a_query_file_with_a_syntax_error_is_refused_before_sending(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?x WHERE { ?x ?y }\n")
    result = runner.invoke(app, ["query", str(bad), "--endpoint", f"http://{LOOPBACK}:9/x",
                                 "--server", "oxigraph"])
    assert result.exit_code == 2 and "syntax error" in result.output


def test_server_dying_mid_load_leaves_the_previous_graphs(tmp_path: Path) -> None:
    """Kill the server after the first layer is staged: the load fails with exit 3, and after
    a restart on the same disk store every target graph holds exactly the previous data."""
    _require(oxigraph_available())
    location = tmp_path / "store"
    layers = targets(knowledge_layers(), None)
    with start_oxigraph(location) as server:
        client, endpoint = Client.create(retries=1), _endpoint(server)
        load(client, endpoint, layers[:2], replace=True)  # the "previous" data: two layers
        before = {t.graph: count(client, endpoint, t.graph) for t in layers}

        def die_after_first_stage(step: str) -> None:
            if step.startswith("staged"):
                server.process.kill()
                server.process.wait()

        with pytest.raises(EndpointError, match="not changed"):
            load(client, endpoint, layers, replace=True, progress=die_after_first_stage)
    with start_oxigraph(location) as restarted:
        client, endpoint = Client.create(retries=1), _endpoint(restarted)
        assert {t.graph: count(client, endpoint, t.graph) for t in layers} == before


def test_serve_gives_a_read_only_endpoint_and_a_question_page(tmp_path: Path) -> None:
    _require(oxigraph_available())
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "napo"), "serve", "--port", str(port), "--store",
         str(tmp_path / "store")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "COLUMNS": "250"})
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if "Ctrl-C" in line:
                break
        output = "".join(lines)
        assert f"http://{LOOPBACK}:{port}/query" in output, output
        page = f"http://{LOOPBACK}:{port}/docs/questions.html"
        assert page in output and "file://" not in output
        moved = requests.get(f"http://{LOOPBACK}:{port}/questions", timeout=10)  # the old address
        assert moved.url == page and [r.status_code for r in moved.history] == [301]
        for question in QUESTIONS:
            assert f'id="{question.name}"' in moved.text
            assert f'id="{question.name}-sparql"' in moved.text
        asked = runner.invoke(app, ["query", "conflicts", "--format", "csv", "--endpoint",
                                    f"http://{LOOPBACK}:{port}"])
        assert asked.exit_code == 0 and asked.output.count("\n") > 10, asked.output
        base = f"http://{LOOPBACK}:{port}"
        union = requests.get(f"{base}/query", timeout=10,
                             params={"query": "ASK { <https://w3id.org/napo/Cordotomy> ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json",
                                      "Origin": "null"})
        assert union.json()["boolean"] is True  # the default graph is the union of the layers
        assert "Access-Control-Allow-Origin" not in union.headers  # CORS is off by default
        service = requests.get(f"{base}/query", timeout=10, params={
            "query": f"SELECT * WHERE {{ SERVICE <http://{LOOPBACK}:9/> {{ ?s ?p ?o }} }}"})
        assert service.status_code == 400 and "SERVICE is refused" in service.text
        refused = requests.post(f"{base}/update", timeout=10, data={"update": "CLEAR ALL"})
        assert refused.status_code == 403 and "read-only" in refused.text
        loading = runner.invoke(app, ["load", "--endpoint", base, "--retries", "0",
                                      "--replace"])  # add mode is refused before writing
        assert loading.exit_code == 3 and "read-only" in loading.output
        assert requests.get(f"{base}/", timeout=10).headers["Content-Type"].startswith("text/html")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        finally:
            process.kill()
    assert process.returncode == 0, process.returncode
