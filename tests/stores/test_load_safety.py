"""`napo load` and `napo query --endpoint` under attack and misuse (issue 11), on loopback only.

An IRI that could break out of its <...> is refused before any request; a second load without
--replace cannot duplicate blank nodes; staging graphs of failed loads are swept (and nothing
else is); every bad input ends with a message and exit 2 (argument) or 3 (server), never a
traceback. Fake servers here are small threads that stop with their test.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
from rdflib import BNode, Graph, Literal, URIRef
from typer.testing import CliRunner

from napo.cli import app
from napo.core.errors import UsageError
from napo.knowledge.graph import knowledge_layers
from napo.stores.load import Target, count, load, targets
from napo.stores.remote import Client, EndpointError, select
from napo.stores.server_kinds import resolve
from napo.stores.servers import (
    LOOPBACK,
    RunningServer,
    free_port,
    oxigraph_available,
    start_oxigraph,
)
from napo.stores.staging import STAGING, find_staging, staging_age
from napo.stores.terms import absolute_iri, iri_term

from ..conftest import require

runner = CliRunner()
INJECTION = "http://ex/g> ; DROP ALL ; INSERT DATA { <urn:pwn> <urn:pwn> <urn:pwn> } #"
ONTOLOGY = "https://w3id.org/napo/graph/ontology"
UNRELATED = "https://example.org/someone-elses-graph"


def _insert(server: RunningServer, graph: str) -> None:
    response = requests.post(server.update_url, timeout=10, data={
        "update": f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:a> <urn:b> <urn:c> }} }}"})
    assert response.status_code == 204, response.text


def _graphs(server: RunningServer) -> dict[str, int]:
    response = requests.post(server.query_url, timeout=10, headers={"Accept": "text/csv"},
                             data={"query": "SELECT ?g (COUNT(*) AS ?n) "
                                            "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"})
    lines = response.text.strip().splitlines()[1:]
    return {g: int(n) for g, n in (line.rsplit(",", 1) for line in lines)}


def _no_traceback(result) -> None:  # click's Result
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}\n{result.output}")


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[RunningServer]:
    require(oxigraph_available())
    with start_oxigraph(None) as server:
        yield server


# --- fake servers --------------------------------------------------------------------------

class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


Answer = tuple[str, list[tuple[str, str]], bytes]


def _json(status: str, body: str) -> Answer:
    return status, [("Content-Type", "application/sparql-results+json")], body.encode()


@pytest.fixture
def fake_server() -> Iterator[Callable[[Callable[[str, str, str], Answer]], tuple[str, list]]]:
    """Start a WSGI server answering with answer(method, path, body); it records every
    request as (method, path, body) and stops with the test."""
    running = []

    def start(answer: Callable[[str, str, str], Answer]) -> tuple[str, list]:
        seen: list[tuple[str, str, str]] = []

        def app_(environ, start_response):  # WSGI
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(size).decode("utf-8", "replace")
            path = environ["PATH_INFO"] + ("?" + environ["QUERY_STRING"]
                                           if environ.get("QUERY_STRING") else "")
            seen.append((environ["REQUEST_METHOD"], path, body))
            status, headers, content = answer(environ["REQUEST_METHOD"], path, body)
            start_response(status, [*headers, ("Server", "Oxigraph/0.5 (fake)")])
            return [content]

        server = make_server(LOOPBACK, 0, app_, handler_class=_Quiet)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        return f"http://{LOOPBACK}:{server.server_port}", seen

    yield start
    for server in running:
        server.shutdown()
        server.server_close()


@pytest.fixture
def raw_listener() -> Iterator[Callable[[bytes | None], str]]:
    """A TCP listener that answers every connection with the given bytes (None: says nothing
    and holds the connection, like a hung server) and then closes it."""
    sockets: list[socket.socket] = []
    stop = threading.Event()

    def start(reply: bytes | None) -> str:
        listener = socket.create_server((LOOPBACK, 0))
        listener.settimeout(0.2)
        sockets.append(listener)

        def serve() -> None:
            held = []
            while not stop.is_set():
                try:
                    connection, _ = listener.accept()
                except OSError:
                    continue
                if reply is None:
                    held.append(connection)
                    continue
                connection.recv(65536)
                connection.sendall(reply)
                connection.close()
            for connection in held:
                connection.close()

        threading.Thread(target=serve, daemon=True).start()
        return f"http://{LOOPBACK}:{listener.getsockname()[1]}"

    yield start
    stop.set()
    for listener in sockets:
        listener.close()


# --- IRIs ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "fragment"), [
    (INJECTION, "contains '>' at position 12"),
    ("mygraph", "is not an absolute IRI"),
    ("", "is not an absolute IRI"),
    ("http://ex/a b", "contains a space at position 12"),
    ("http://ex/a\nb", "U+000A at position 12"),
    ("http://ex/a\x00", "U+0000"),
    ("http://ex/\u202egnp.exe", "U+202E"),  # a right-to-left override: invisible spoofing
    ('http://ex/"x', "contains '\"'"),
    ("http://ex/%zz", "is not a valid IRI"),
    ("http:///nohost", "has no host"),
])
def test_bad_iris_are_refused_with_the_reason(value: str, fragment: str) -> None:
    with pytest.raises(UsageError) as caught:
        absolute_iri(value, "--graph")
    assert fragment in caught.value.message
    assert "--graph" in caught.value.message and caught.value.hint


@pytest.mark.parametrize("value", ["https://example.org/graphs/napo", "urn:uuid:1234",
                                   "http://ex/é#frag", "https://ex/a%20b?x=1"])
def test_good_iris_are_written_as_one_term(value: str) -> None:
    assert iri_term(value) == f"<{value}>"


# --- 1. injection ----------------------------------------------------------------------------

def test_injection_is_refused_before_any_request(fake_server) -> None:
    base, seen = fake_server(lambda method, path, body: ("500 Oops", [], b""))
    for command in (["load", "--endpoint", base, "--graph", INJECTION],
                    ["query", "claims_per_source", "--endpoint", base, "--graph", INJECTION,
                     "--server", "oxigraph"]):
        result = runner.invoke(app, command)
        _no_traceback(result)
        assert result.exit_code == 2, result.output
        assert "contains '>' at position 12, which an IRI may not contain" in result.output
    assert seen == []


def test_injection_leaves_every_graph_of_a_real_server(oxigraph: RunningServer) -> None:
    _insert(oxigraph, UNRELATED)
    before = _graphs(oxigraph)
    result = runner.invoke(app, ["load", "--endpoint", oxigraph.base_url, "--graph", INJECTION])
    assert result.exit_code == 2 and "may not contain" in result.output
    assert _graphs(oxigraph) == before and before[UNRELATED] == 1
    assert not any("pwn" in g for g in before)


def test_a_relative_graph_is_refused_and_the_message_says_what_to_give(
        oxigraph: RunningServer) -> None:
    for command in (["load", "--endpoint", oxigraph.base_url, "--graph", "mygraph"],
                    ["query", "claims_per_source", "--endpoint", oxigraph.base_url,
                     "--graph", "mygraph"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "'mygraph' is not an absolute IRI" in result.output
        assert "https://example.org/graphs/napo" in result.output
    assert not any(g.endswith("mygraph") for g in _graphs(oxigraph))


# --- 2. blank nodes and add mode ---------------------------------------------------------

def test_loading_twice_without_replace_is_refused_and_counts_stay_right(
        oxigraph: RunningServer) -> None:
    graph = "https://example.org/graphs/twice"
    merged = targets(knowledge_layers(), graph)[0].triples
    first = runner.invoke(app, ["load", "--endpoint", oxigraph.base_url, "--graph", graph])
    assert first.exit_code == 0, first.output
    assert f"{len(merged)} triples sent, the graph now holds {len(merged)} (was 0)" in " ".join(
        first.output.split())
    second = runner.invoke(app, ["load", "--endpoint", oxigraph.base_url, "--graph", graph])
    _no_traceback(second)
    assert second.exit_code == 2, second.output
    text = " ".join(second.output.split())
    assert f"<{graph}> already holds {len(merged)} triples" in text
    assert "blank nodes" in text and "--replace" in text and "nothing was changed" in text
    assert _graphs(oxigraph)[graph] == len(merged)
    third = runner.invoke(app, ["load", "--endpoint", oxigraph.base_url, "--graph", graph,
                                "--replace"])
    assert third.exit_code == 0, third.output
    assert f"replaced <{graph}>: {len(merged)} triples" in " ".join(third.output.split())
    assert _graphs(oxigraph)[graph] == len(merged)


def test_add_mode_without_blank_nodes_reports_what_the_graph_holds(
        oxigraph: RunningServer) -> None:
    client = Client.create(retries=1)
    endpoint = resolve(client, oxigraph.base_url, "oxigraph")
    graph = "https://example.org/graphs/adding"
    triples = Graph()
    triples.add((URIRef("urn:x"), URIRef("urn:p"), Literal("1")))
    _insert(oxigraph, graph)  # someone else's triple already there
    for _ in range(2):  # a set of triples without blank nodes: adding twice changes nothing
        report = load(client, endpoint, [Target(graph, triples)], replace=False)
        assert report.sent == {graph: 1} and report.graphs == {graph: 2}
    assert report.before == {graph: 2}
    triples.add((BNode(), URIRef("urn:p"), Literal("2")))
    with pytest.raises(Exception, match="1 of the 2 to add have blank nodes"):
        load(client, endpoint, [Target(graph, triples)], replace=False)
    assert count(client, endpoint, graph) == 2


# --- 3. staging graphs ---------------------------------------------------------------------

def test_staging_names_carry_their_age_and_nothing_else_matches() -> None:
    now = 1_900_000_000.0
    made = f"{ONTOLOGY}{STAGING}{int(now - 90):08x}0123456789ab"
    assert staging_age(ONTOLOGY, made, now) == 90
    assert staging_age(ONTOLOGY, f"{ONTOLOGY}{STAGING}0123456789ab", now) == float("inf")
    for other in (f"{ONTOLOGY}{STAGING}keep-me", f"{ONTOLOGY}{STAGING}0123456789abc",
                  f"{ONTOLOGY}{STAGING}0123456789AB", f"{ONTOLOGY}-x{STAGING}0123456789ab",
                  f"https://example.org/other{STAGING}0123456789ab", ONTOLOGY):
        assert staging_age(ONTOLOGY, other, now) is None, other


def test_a_load_sweeps_old_staging_graphs_first(oxigraph: RunningServer) -> None:
    client = Client.create(retries=1)
    endpoint = resolve(client, oxigraph.base_url, "oxigraph")
    graph = "https://example.org/graphs/swept"
    old = f"{graph}{STAGING}{int(time.time() - 7200):08x}00000000beef"
    young = f"{graph}{STAGING}{int(time.time() - 60):08x}00000000cafe"
    for name in (old, young):
        _insert(oxigraph, name)
    triples = Graph()
    triples.add((URIRef("urn:x"), URIRef("urn:p"), Literal("1")))
    steps: list[str] = []
    report = load(client, endpoint, [Target(graph, triples)], replace=True,
                  progress=steps.append)
    assert report.removed == [old] and any(old in step for step in steps)
    assert set(find_staging(client, endpoint, [graph])) == {young}


def test_a_server_killed_mid_load_then_clean_staging(tmp_path: Path) -> None:
    """Kill the server after the first stage; restart it; --clean-staging removes the debris
    (after the age check, or at once with --older-than 0) and only that."""
    require(oxigraph_available())
    location = tmp_path / "store"
    layers = targets(knowledge_layers(), None)
    legacy = f"{ONTOLOGY}{STAGING}0123456789ab"  # from a NAPO before staging names had times
    decoys = [f"{ONTOLOGY}{STAGING}keep-me", f"{ONTOLOGY}{STAGING}0123456789abcdef",
              f"https://example.org/other{STAGING}0123456789ab", UNRELATED]
    with start_oxigraph(location) as server:
        client = Client.create(retries=1)
        endpoint = resolve(client, server.base_url, "oxigraph")
        load(client, endpoint, layers[:2], replace=True)
        for name in decoys:
            _insert(server, name)
        before = {t.graph: count(client, endpoint, t.graph) for t in layers}

        def die_after_first_stage(step: str) -> None:
            if step.startswith("staged"):
                server.process.kill()
                server.process.wait()

        with pytest.raises(EndpointError) as caught:
            load(client, endpoint, layers, replace=True, progress=die_after_first_stage)
        assert "not changed" in caught.value.message
        assert "--clean-staging" in caught.value.hint
    with start_oxigraph(location) as restarted:
        _insert(restarted, legacy)
        left = [g for g in _graphs(restarted)
                if staging_age(ONTOLOGY, g, time.time()) is not None]
        assert len(left) == 2  # the legacy one and the one the killed load staged
        swept = runner.invoke(app, ["load", "--clean-staging", "--endpoint",
                                    restarted.base_url])
        assert swept.exit_code == 0, swept.output
        assert f"removed <{legacy}>" in swept.output and "kept <" in swept.output
        now = runner.invoke(app, ["load", "--clean-staging", "--older-than", "0",
                                  "--endpoint", restarted.base_url])
        assert now.exit_code == 0 and "1 staging graph(s) removed" in now.output, now.output
        graphs = _graphs(restarted)
        assert not [g for g in graphs if any(staging_age(t.graph, g, time.time()) is not None
                                             for t in layers)]
        assert all(graphs.get(d) == 1 for d in decoys)
        client = Client.create(retries=1)
        endpoint = resolve(client, restarted.base_url, "oxigraph")
        assert {t.graph: count(client, endpoint, t.graph) for t in layers} == before


def test_cleanup_is_retried_but_the_publishing_update_is_not(fake_server) -> None:
    """The swap fails with 503: it is not sent again (an ADD twice would duplicate); the DROP
    of the staging graph is idempotent, so it is retried until the server takes it."""
    updates: list[str] = []

    def answer(method: str, path: str, body: str) -> Answer:
        if method == "PUT":
            return "204 No Content", [], b""
        if path == "/query":
            query = parse_qs(body)["query"][0]
            if "COUNT" in query:
                return _json("200 OK", '{"head":{"vars":["n"]},"results":{"bindings":'
                                       '[{"n":{"type":"literal","value":"1"}}]}}')
            return _json("200 OK", '{"head":{"vars":["g"]},"results":{"bindings":[]}}')
        updates.append(parse_qs(body)["update"][0])
        if len(updates) <= 2:  # the swap, then the first DROP
            return "503 Service Unavailable", [("Content-Type", "text/plain")], b"busy"
        return "204 No Content", [], b""

    base, _ = fake_server(answer)
    client = Client.create(retries=2, backoff=0.01)
    endpoint = resolve(client, base, "oxigraph")
    triples = Graph()
    triples.add((URIRef("urn:x"), URIRef("urn:p"), Literal("1")))
    with pytest.raises(EndpointError, match=r"HTTP 503.*not changed"):
        load(client, endpoint, [Target("https://example.org/g", triples)], replace=True)
    assert updates[0].startswith("MOVE <https://example.org/g-staging-")
    assert [u.split(" <")[0] for u in updates] == ["MOVE", "DROP SILENT GRAPH",
                                                   "DROP SILENT GRAPH"]


def test_a_publishing_update_that_times_out_is_reported_as_unknown(fake_server) -> None:
    """No answer to the swap: it may still commit, so the message says old-or-new (not "not
    changed"), the swap is not sent twice, and its sources are not dropped under it."""
    updates: list[str] = []

    def answer(method: str, path: str, body: str) -> Answer:
        if path == "/update":
            updates.append(parse_qs(body)["update"][0])
            time.sleep(1.0)
            return "204 No Content", [], b""
        return _count_answer("1")(method, path, body)

    base, _ = fake_server(answer)
    client = Client.create(timeout=0.3, retries=2, backoff=0.01)
    endpoint = resolve(client, base, "oxigraph")
    triples = Graph()
    triples.add((URIRef("urn:x"), URIRef("urn:p"), Literal("1")))
    with pytest.raises(EndpointError) as caught:
        load(client, endpoint, [Target("https://example.org/g", triples)], replace=True)
    assert "did not answer within 0.3 s" in caught.value.message
    assert "either its previous or its new data" in caught.value.message
    assert "not changed" not in caught.value.message and "--clean-staging" in caught.value.hint
    assert len(updates) == 1 and updates[0].startswith("MOVE ")


# --- 4. no tracebacks ------------------------------------------------------------------------

def _count_answer(value: str) -> Callable[[str, str, str], Answer]:
    def answer(method: str, path: str, body: str) -> Answer:
        if method == "PUT" or path == "/update":
            return "204 No Content", [], b""
        return _json("200 OK", '{"head":{"vars":["n","g"]},"results":{"bindings":'
                               f'[{{"n":{{"type":"literal","value":"{value}"}}}}]}}}}')
    return answer


def _garbage(method: str, path: str, body: str) -> Answer:
    return "200 OK", [("Content-Type", "application/sparql-results+json")], b"\x00{nope"


def _html(method: str, path: str, body: str) -> Answer:
    return "200 OK", [("Content-Type", "text/html")], b"<!DOCTYPE html><p>portal</p>"


LOAD = ["load", "--retries", "0", "--timeout", "2"]
QUERY = ["query", "claims_per_source", "--timeout", "2"]
# (case, arguments after --endpoint URL, where URL comes from, exit code, message fragment)
PROBES = [
    ("no scheme", LOAD, "127.0.0.1:7878", [], 2, "is not an http:// or https:// URL"),
    ("not a URL", LOAD, "not a url", [], 2, "contains a space at position 4"),
    ("bad port", LOAD, "http://127.0.0.1:99999", [], 2, "Port out of range"),
    ("broken IPv6", LOAD, "http://[::1", [], 2, "Invalid IPv6 URL"),
    ("no host", LOAD, "http://", [], 2, "has no host name"),
    ("password in URL", LOAD, "http://dba:secret@127.0.0.1:9", [], 2,
     "give them as --user and --password"),
    ("query string", QUERY, "http://127.0.0.1:9/sparql?x=1", [], 2, "?query or #fragment"),
    ("control char in URL", LOAD, "http://127.0.0.1:9/\x07", [], 2, "U+0007"),
    ("relative --graph", LOAD, "closed", ["--graph", "mygraph"], 2, "is not an absolute IRI"),
    ("tab in --graph", LOAD, "closed", ["--graph", "http://ex/a\tb"], 2, "U+0009"),
    ("injection in --graph", LOAD, "closed", ["--graph", INJECTION], 2, "may not contain"),
    ("staging-like --graph", LOAD, "closed",
     ["--graph", f"https://example.org/g{STAGING}0123456789ab"], 2,
     "named like a NAPO staging graph"),
    ("relative query --graph", QUERY, "closed", ["--graph", "g", "--server", "oxigraph"], 2,
     "is not an absolute IRI"),
    ("unknown --server", LOAD, "closed", ["--server", "blazegraph"], 2,
     "unknown server kind 'blazegraph'"),
    ("zero --timeout", ["load"], "closed", ["--timeout", "0"], 2, "not a positive number"),
    ("negative --retries", ["load"], "closed", ["--retries", "-1"], 2, "--retries -1 is negative"),
    ("negative --older-than", LOAD, "closed", ["--older-than", "-5"], 2, "--older-than -5"),
    ("--clean-staging with --replace", LOAD, "closed", ["--clean-staging", "--replace"], 2,
     "--clean-staging loads nothing"),
    ("closed port", LOAD, "closed", [], 3, "connection refused"),
    ("closed port, query", QUERY, "closed", [], 3, "connection refused"),
    ("not HTTP", LOAD, "garbage-bytes", [], 3, "answered something that is not HTTP"),
    ("hung server", LOAD, "silent", [], 3, "did not answer within 2 s"),
    ("garbage JSON", LOAD, "garbage-json", ["--clean-staging"], 3,
     "did not answer SPARQL JSON results"),
    ("count not a number", LOAD, "count-abc", ["--graph", "https://example.org/g"], 3,
     "answered a triple count that is not a number: 'abc'"),
    ("HTML page", QUERY, "html", ["--server", "oxigraph"], 3, "answered an HTML page"),
    ("non-Latin-1 user", LOAD, "count-abc", ["--server", "oxigraph", "--user", "d€v",
                                             "--password", "x"], 2, "Latin-1"),
]


@pytest.mark.parametrize(("case", "command", "where", "extra", "code", "fragment"), PROBES,
                         ids=[p[0] for p in PROBES])
def test_probe_gives_a_message_and_an_exit_code(case: str, command: list[str], where: str,
                                                extra: list[str], code: int, fragment: str,
                                                fake_server, raw_listener) -> None:
    servers = {
        "closed": lambda: f"http://{LOOPBACK}:{free_port()}",
        "garbage-bytes": lambda: raw_listener(b"SPARQL? never heard of it\r\n\r\n"),
        "silent": lambda: raw_listener(None),
        "garbage-json": lambda: fake_server(_garbage)[0],
        "count-abc": lambda: fake_server(_count_answer("abc"))[0],
        "html": lambda: fake_server(_html)[0],
    }
    url = servers[where]() if where in servers else where
    started = time.monotonic()
    result = runner.invoke(app, [*command, "--endpoint", url, *extra])
    _no_traceback(result)
    text = " ".join(result.output.split())
    assert result.exit_code == code, text
    assert fragment in text, text
    assert "hint:" in text, text
    assert time.monotonic() - started < 15


def test_select_refuses_a_bad_default_graph_before_sending(fake_server) -> None:
    base, seen = fake_server(_garbage)
    client = Client.create(retries=0)
    endpoint = resolve(client, base, "oxigraph")
    with pytest.raises(UsageError, match="not an absolute IRI"):
        select(client, endpoint, "ASK {}", ["relative"])
    assert seen == []
