"""`napo serve`'s front server on loopback: no outbound request ever, a time limit that really
stops a query, SPARQL 1.1 datasets, CORS off by default, and a store rebuilt under it.

Every server here is a real process or socket on 127.0.0.1, stopped by the fixtures; every
wait is bounded.
"""

from __future__ import annotations

import dataclasses
import json
import os
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from rdflib import Graph
from typer.testing import CliRunner

from napo.cli import app
from napo.knowledge.graph import knowledge_layers
from napo.knowledge.layers import LAYER_GRAPHS
from napo.queries import sparql_guard
from napo.queries.agreement import comparable
from napo.queries.query import bindings, from_oxigraph, list_questions, with_values
from napo.queries.sparql_guard import Unanalysable, has_dataset_clause, tokens, uses_service
from napo.stores import cache
from napo.stores import store as store_module
from napo.stores.endpoint import Endpoint
from napo.stores.query_request import LAYERS, SERVICE_REFUSED
from napo.stores.sandbox import unavailable as sandbox_unavailable
from napo.stores.servers import LOOPBACK, RunningServer, oxigraph_available, start_oxigraph
from napo.stores.store import DEFAULT_DATASET, MARKER, ensure_store, memory_store

from ..conftest import require

runner = CliRunner()
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A real HTTP listener on loopback that records every connection it gets."""

    def __init__(self) -> None:
        self.requests: list[bytes] = []
        listener = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(2)
                try:
                    data = self.request.recv(65536)
                except OSError:
                    data = b""
                listener.requests.append(data)
                body = b'{"head":{"vars":["s"]},"results":{"bindings":[{}]}}'
                self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-"
                                     b"results+json\r\nContent-Length: %d\r\n\r\n%s"
                                     % (len(body), body))

        self.server = socketserver.ThreadingTCPServer((LOOPBACK, 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{LOOPBACK}:{self.server.server_address[1]}/internal/admin"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    yield running
    running.stop()


def probes(url: str) -> dict[str, str]:
    """Queries that may federate to url on a bare Oxigraph, keyed by the trick they use."""
    base = url.rsplit("/", 1)[0] + "/"
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "lower case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ BIND(1 AS ?x) SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
        "no space": f"SELECT * WHERE {{ BIND(1 AS ?x) SERVICE<{url}>{{?a ?b ?c}} }}",
        "glued SILENT": f"SELECT * WHERE {{ BIND(1 AS ?x) SERVICEsilent <{url}> {{ ?a ?b ?c }} }}",
        "glued prefixed name": f"PREFIX ex: <{base}> SELECT * WHERE {{ BIND(1 AS ?x) "
                               "SERVICEex:admin { ?a ?b ?c } }",
        "after a number": f"SELECT * WHERE {{ ?s ?p 1.SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "after true": f"SELECT * WHERE {{ BIND(1 AS ?x) ?s ?p trueSERVICE <{url}> {{ ?a }} }}",
        "less-than and a quote": f"SELECT * WHERE {{ ?x ?y ?z FILTER(?z<'>') SERVICE <{url}> "
                                 "{ ?s ?p ?o } } #'",
        "less-than and a comment": f"PREFIX ex: <{base}> SELECT * WHERE {{ ?x ?y ?z "
                                   "FILTER(?z<?y)SERVICE ex:admin#>\n{ ?s ?p ?o } }",
        "less-than and a long string": f"SELECT * WHERE {{ ?x ?y ?z FILTER(?z<#>'''\n'~') "
                                       f"SERVICE <{url}> {{ ?s ?p ?o }} #'''\n}}",
        "in OPTIONAL": f"SELECT * WHERE {{ BIND(1 AS ?x) OPTIONAL {{ SERVICE <{url}> "
                       "{ ?a ?b ?c } } }",
        "in a sub-select": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> "
                           "{ ?a ?b ?c } } } }",
        "in EXISTS": f"ASK {{ BIND(1 AS ?x) FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        "unicode escape": f"SELECT * WHERE {{ SERV\\u0049CE <{url}> {{ ?s ?p ?o }} }}",
    }


def lookalikes(url: str) -> dict[str, str]:
    """Texts where `SERVICE` is not the keyword for Oxigraph either (one token, longest match):
    the detector lets them through, and a bare Oxigraph must not federate them."""
    return {
        "path then ?SERVICE": f"SELECT * WHERE {{ BIND(1 AS ?x) ?s <http://x>?SERVICE <{url}> "
                              "{ ?a ?b ?c } }",
        "dotted local name": f"PREFIX ex: <http://e/> SELECT * WHERE {{ BIND(1 AS ?x) ?s ?p "
                             f"ex:o.SERVICE <{url}> {{ ?a ?b ?c }} }}",
        "long string with a quote": f"SELECT * WHERE {{ BIND('''a' SERVICE <{url}> {{ ?a ?b ?c "
                                    "} '''AS ?x) }",
        "long string, quotes inside": f'SELECT * WHERE {{ BIND("""a"" SERVICE <{url}> {{ ?a }} '
                                      '"""AS ?x) }',
    }


HARMLESS = {  # SERVICE only inside names, strings, IRIs and comments: answered as usual
    "variable": "SELECT ?service WHERE { ?service ?p 'SERVICE' } LIMIT 1",
    "prefixed names": "PREFIX ex: <http://ex/> SELECT * WHERE { ?s ex:service ?o . "
                      "?s ex:a.service ?x } LIMIT 1",
    "IRI with a fragment": "SELECT * WHERE { ?s <http://www.w3.org/ns/sparql-service-description"
                           "#endpoint> ?o } LIMIT 1",
    "prefix declaration": "PREFIX sd: <http://www.w3.org/ns/sparql-service-description#> "
                          "SELECT * WHERE { ?s sd:endpoint ?o } LIMIT 1",
    "comment": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 # SERVICE <http://127.0.0.1:9/>",
    "strings": "SELECT * WHERE { ?s ?p \"\"\"a \"service\" b\"\"\", 'SERVICE <http://x/> {}' } "
               "LIMIT 1",
    "less-than": "SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) } LIMIT 1",
    "blank node and tag": "SELECT * WHERE { _:service ?p \"service\"@en } LIMIT 1",
}


# -- the detector, without a server ---------------------------------------------------------
@pytest.mark.parametrize("name", list(probes("http://127.0.0.1:9/x")))
def test_every_service_trick_is_detected(name: str) -> None:
    assert uses_service(probes("http://127.0.0.1:9/x")[name]) is True


@pytest.mark.parametrize("name", [*HARMLESS, *lookalikes("http://127.0.0.1:9/x")])
def test_service_in_names_strings_iris_and_comments_is_not_a_keyword(name: str) -> None:
    assert uses_service({**HARMLESS, **lookalikes("http://127.0.0.1:9/x")}[name]) is False


def test_unclear_text_is_refused_and_from_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    assert uses_service("SELECT * WHERE { ?s ?p 'unterminated service }")  # read as code
    monkeypatch.setattr(sparql_guard, "MAX_STATES", 10)
    with pytest.raises(Unanalysable):
        tokens("SELECT * WHERE { ?s ?p ?o . ?s ?p ?o }")
    monkeypatch.undo()
    assert has_dataset_clause("SELECT * FROM <x> WHERE { ?s ?p ?o }") is True
    assert has_dataset_clause("SELECT * WHERE { ?s ?p 'FROM' } # FROM <x>") is False


# -- real servers -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def location(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(oxigraph_available())
    path = tmp_path_factory.mktemp("served") / "store"
    ensure_store(path)
    return path


@pytest.fixture(scope="module")
def endpoint(location: Path) -> Iterator[Endpoint]:
    with Endpoint(location, port=0, timeout=30,
                  cors=["https://allowed.example"]).start() as running:
        yield running


@pytest.fixture(scope="module")
def strict(location: Path) -> Iterator[Endpoint]:
    """An endpoint with a 2 s limit."""
    with Endpoint(location, port=0, timeout=2).start() as running:
        yield running


def _ask(endpoint: Endpoint, query: str, how: str = "form", **params: str) -> requests.Response:
    headers = {"Accept": "text/csv"}
    if how == "get":
        return requests.get(endpoint.query_url, params={"query": query, **params},
                            headers=headers, timeout=30)
    if how == "direct":
        return requests.post(endpoint.query_url, params=params, data=query.encode(),
                             headers={**headers, "Content-Type": "application/sparql-query"},
                             timeout=30)
    return requests.post(endpoint.query_url, data={"query": query, **params}, headers=headers,
                         timeout=30)


def _count(response: requests.Response) -> int:
    assert response.status_code == 200, response.text
    return int(response.text.split()[1])


def test_a_bare_oxigraph_federates_and_the_detector_catches_every_such_query(
        location: Path, listener: Listener) -> None:
    """The differential check: each probe is sent to an unguarded Oxigraph; every one that
    reached the listener must be one the detector refuses (and the tricks really work)."""
    reached = set()
    with start_oxigraph(location, read_only=True) as bare:
        for name, query in probes(listener.url).items():
            before = len(listener.requests)
            requests.post(bare.query_url, data={"query": query, "default-graph-uri": LAYERS},
                          timeout=30)
            if len(listener.requests) > before:
                reached.add(name)
                assert uses_service(query), name
        for name, query in HARMLESS.items():
            assert requests.post(bare.query_url, data={"query": query}, timeout=30).ok, name
        for query in lookalikes(listener.url).values():
            requests.post(bare.query_url, data={"query": query, "default-graph-uri": LAYERS},
                          timeout=30)
        assert len(listener.requests) == len(reached)  # not one lookalike federated
    assert {"plain", "glued SILENT", "glued prefixed name", "after a number",
            "less-than and a quote", "less-than and a long string"} <= reached


def test_service_is_refused_through_every_protocol_form(endpoint: Endpoint,
                                                        listener: Listener) -> None:
    cases = 0
    for name, query in probes(listener.url).items():
        for how in ("get", "form", "direct"):
            response = _ask(endpoint, query, how)
            assert response.status_code == 400, (name, how, response.text)
            assert response.text == SERVICE_REFUSED
            cases += 1
    assert cases == 3 * len(probes(listener.url)) and listener.requests == []
    for name, query in HARMLESS.items():
        assert _ask(endpoint, query).status_code == 200, name
    for query in lookalikes(listener.url).values():  # forwarded: Oxigraph does not federate
        assert _ask(endpoint, query).text != SERVICE_REFUSED
    assert listener.requests == []


def test_the_child_cannot_connect_out_even_if_asked_directly(endpoint: Endpoint,
                                                             listener: Listener) -> None:
    require(sandbox_unavailable())
    child: RunningServer = endpoint.backend.current().server
    assert child.sandboxed
    query = probes(listener.url)["plain"]
    response = requests.post(child.query_url, data={"query": query}, timeout=30)
    assert listener.requests == []
    assert response.status_code != 200 or "Permission denied" in response.text, response.text


def test_writes_are_refused_through_the_front(endpoint: Endpoint) -> None:
    base = endpoint.base_url
    refused = [
        requests.post(f"{base}/update", data={"update": "CLEAR ALL"}, timeout=10),
        requests.post(endpoint.query_url, data={"update": "CLEAR ALL"}, timeout=10),
        requests.post(endpoint.query_url, data=b"CLEAR ALL", timeout=10,
                      headers={"Content-Type": "application/sparql-update"}),
        requests.put(f"{base}/store?default", data=b"<urn:a> <urn:b> <urn:c> .", timeout=10,
                     headers={"Content-Type": "application/n-triples"}),
        requests.post(f"{base}/store?default", data=b"<urn:a> <urn:b> <urn:c> .", timeout=10,
                      headers={"Content-Type": "application/n-triples"}),
        requests.delete(f"{base}/store?graph={quote(LAYERS[0])}", timeout=10),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    assert all("read-only" in r.text for r in refused)
    assert _count(_ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")) > 0


def test_datasets_follow_sparql(endpoint: Endpoint, location: Path) -> None:
    counts = json.loads((location / MARKER).read_text())["triples"]
    everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(_ask(endpoint, everything)) == sum(counts.values())
    for name, graph in LAYER_GRAPHS.items():
        assert _count(_ask(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> "
                                     "WHERE { ?s ?p ?o }")) == counts[name]
    claims = str(LAYER_GRAPHS["claims"])
    assert _count(_ask(endpoint, everything, "get",
                       **{"default-graph-uri": claims})) == counts["claims"]
    named = _ask(endpoint, f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{claims}> WHERE "
                           "{ GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert named.text.split() == ["g,n", f"{claims},{counts['claims']}"]
    nothing = _ask(endpoint, "SELECT (COUNT(*) AS ?n) FROM <https://example.org/none> "
                             "WHERE { ?s ?p ?o }")
    assert _count(nothing) == 0


def test_every_question_keeps_its_answers_without_a_dataset(endpoint: Endpoint) -> None:
    store = memory_store()
    for question in list_questions():
        text = with_values(question.text, bindings(question, {}))
        response = requests.post(endpoint.query_url, data={"query": text}, timeout=30,
                                 headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (question.name, response.text)
        served = from_oxigraph(store_module.ox.parse_query_results(
            response.content, format=store_module.ox.QueryResultsFormat.JSON))
        embedded = from_oxigraph(store.query(text, default_graph=DEFAULT_DATASET))
        assert comparable(served) == comparable(embedded), question.name


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_query_over_time_is_stopped_and_others_are_answered_meanwhile(
        strict: Endpoint) -> None:
    endpoint = strict
    child = endpoint.backend.current().server.process
    outcome: dict[str, object] = {}

    def expensive() -> None:
        started = time.monotonic()
        outcome["response"] = _ask(endpoint, CARTESIAN_COUNT)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=expensive)
    thread.start()
    time.sleep(1)
    assert _cpu_seconds(child.pid) > 0.3  # the expensive query is really running
    started = time.monotonic()
    assert _count(_ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")) > 0
    assert time.monotonic() - started < 1.5  # answered meanwhile
    thread.join(timeout=20)
    response = outcome["response"]
    assert isinstance(response, requests.Response) and response.status_code == 500
    assert "timed out" in response.text and "limit of 2 s" in response.text
    assert 1.9 < float(outcome["seconds"]) < 4  # type: ignore[arg-type]
    assert child.poll() is not None  # the child that burnt the CPU is gone ...
    fresh = endpoint.backend.current().server.process
    before = _cpu_seconds(fresh.pid)
    time.sleep(0.5)
    assert _cpu_seconds(fresh.pid) - before < 0.2  # ... and nothing burns it now
    assert _count(_ask(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")) > 0


def test_a_streaming_answer_over_time_is_cut_visibly(strict: Endpoint) -> None:
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.post(strict.query_url, data={"query": CARTESIAN}, timeout=30,
                      headers={"Accept": "text/csv"})
    assert time.monotonic() - started < 5


def test_cors_is_off_unless_an_origin_is_named(endpoint: Endpoint) -> None:
    query = "ASK { ?s ?p ?o }"
    stranger = requests.get(endpoint.query_url, params={"query": query}, timeout=10,
                            headers={"Origin": "https://evil.example"})
    assert stranger.ok and "Access-Control-Allow-Origin" not in stranger.headers
    allowed = requests.get(endpoint.query_url, params={"query": query}, timeout=10,
                           headers={"Origin": "https://allowed.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://allowed.example"
    preflight = requests.options(endpoint.query_url, timeout=10,
                                 headers={"Origin": "https://evil.example",
                                          "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403
    result = runner.invoke(app, ["serve", "--cors", "*"])
    assert result.exit_code == 2 and "is not an origin" in result.output


def test_the_editor_comes_from_the_endpoint(endpoint: Endpoint) -> None:
    # the questions are a page of the site (tests/site): without one, /questions is nothing
    missing = requests.get(f"{endpoint.base_url}/questions", timeout=10, allow_redirects=False)
    assert missing.status_code == 404 and "the editor /" in missing.text
    editor = requests.get(f"{endpoint.base_url}/", timeout=10)
    assert editor.ok and "yasgui" in editor.text.lower()
    assert requests.get(f"{endpoint.base_url}/yasgui.min.js", timeout=10).ok


def test_a_store_rebuilt_under_the_server_is_served(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    require(oxigraph_available())
    location = tmp_path / "store"
    ensure_store(location)
    with Endpoint(location, port=0, timeout=10).start() as running:
        everything = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        before = _count(_ask(running, everything))
        smaller = dataclasses.replace(knowledge_layers(), mappings=Graph(), claims=Graph())
        entry = tmp_path / "built"  # the built store after an edit that dropped two layers
        entry.mkdir()
        cache.fill_entry(entry, "f" * 64, smaller)
        monkeypatch.setattr(cache, "ensure_built", lambda *args, **kwargs: entry)
        monkeypatch.setattr(store_module, "fingerprint", lambda: "f" * 64)
        assert ensure_store(location) is True  # what `napo query --store` does
        after = _count(_ask(running, everything))
        assert after == before - len(knowledge_layers().mappings) - len(
            knowledge_layers().claims) and running.backend.restarts == 1


def test_napo_query_timeout_stops_the_embedded_engine(tmp_path: Path) -> None:
    slow = tmp_path / "slow.rq"
    slow.write_text(CARTESIAN_COUNT + "\n")
    started = time.monotonic()
    result = runner.invoke(app, ["query", str(slow), "--timeout", "1.5"])
    assert result.exit_code == 3, result.output
    assert "did not finish within 1.5 s and was stopped" in result.output
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 30  # includes building the store in memory


@pytest.mark.parametrize("name", sorted(probes("http://127.0.0.1:1/x")))
def test_napo_query_refuses_service_in_a_query_file(listener: Listener, tmp_path: Path,
                                                    name: str) -> None:
    """pyoxigraph fetches SERVICE IRIs itself (even when NAPO only checks the syntax), so the
    embedded path refuses such a file before any engine sees it."""
    query = tmp_path / "federated.rq"
    query.write_text(probes(listener.url)[name] + "\n")
    result = runner.invoke(app, ["query", str(query)])
    assert result.exit_code == 2, result.output
    assert "SERVICE is refused" in result.output
    assert listener.requests == []
