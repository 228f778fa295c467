"""Talking to a SPARQL 1.1 server over HTTP: queries, updates and Graph Store Protocol uploads.

Every request has a timeout and a bounded number of retries with exponential backoff (urllib3's
Retry, through requests), and every failure becomes an EndpointError that says what happened:
unreachable host, refused credentials, an HTML page where SPARQL results were expected, or the
server's own message for any other 4xx/5xx answer.

Every IRI, literal and URL that goes into a request is checked and escaped by napo.stores.terms
first. Which kind of server a URL is, and where its services are, is napo.stores.server_kinds.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import requests
from requests.adapters import HTTPAdapter
from requests.auth import AuthBase
from urllib3.util.retry import Retry

from napo.core.errors import NapoError, UsageError
from napo.queries.query import Results, Row, Term
from napo.stores.terms import absolute_iri

if TYPE_CHECKING:
    from napo.stores.server_kinds import Endpoint

EXIT_REMOTE = 3
RETRY_STATUSES = (429, 502, 503, 504)
SPARQL_JSON = "application/sparql-results+json"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class EndpointError(NapoError):
    """A SPARQL server that could not be reached or did not do what was asked.

    status: the HTTP status the server answered, None if it did not answer at all.
    delivered: False when the request surely never reached the server (connection refused),
    None when that is unknown (a reset or a timeout after sending), True when it answered;
    a caller that sent a write needs this to say honestly what became of it.
    """

    exit_code = EXIT_REMOTE

    def __init__(self, message: str, hint: str = "", *, status: int | None = None,
                 delivered: bool | None = None) -> None:
        super().__init__(message, hint)
        self.status = status
        self.delivered = True if status is not None else delivered


_SAFE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})


def _session(retries: int, backoff: float, methods: frozenset[str]) -> requests.Session:
    session = requests.Session()
    policy = Retry(total=retries, connect=retries, read=retries, status=retries,
                   backoff_factor=backoff, status_forcelist=RETRY_STATUSES,
                   allowed_methods=methods, respect_retry_after_header=True,
                   raise_on_status=False)
    adapter = HTTPAdapter(max_retries=policy)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@dataclass(frozen=True)
class Client:
    """An HTTP session with NAPO's timeout and retry policy.

    idempotent_session retries POST as well, for updates that may safely run twice (DROP
    SILENT of a staging graph); an ADD or INSERT must never be sent twice, so `session`
    retries a POST only when the connection was refused (the request never left).
    """

    session: requests.Session
    timeout: float
    idempotent_session: requests.Session = field(default_factory=requests.Session)

    @classmethod
    def create(cls, timeout: float = 60.0, retries: int = 3, backoff: float = 0.5) -> Client:
        if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
            raise UsageError(f"--timeout {timeout!r} is not a positive number of seconds",
                             "e.g. --timeout 300")
        if retries < 0:
            raise UsageError(f"--retries {retries} is negative", "e.g. --retries 3 "
                             "(0 sends every request once)")
        return cls(_session(retries, backoff, _SAFE_METHODS), timeout,
                   _session(retries, backoff, _SAFE_METHODS | {"POST"}))

    def request(self, method: str, url: str, *, auth: AuthBase | None = None,
                check: bool = True, idempotent: bool = False,
                **kwargs: object) -> requests.Response:
        """Send one request; raise EndpointError unless it was answered (with a 2xx, if check)."""
        session = self.idempotent_session if idempotent else self.session
        try:
            response = session.request(method, url, auth=auth, timeout=(10, self.timeout),
                                       **kwargs)
        except requests.exceptions.ConnectionError as error:
            reason = _reason(error)
            if "read timed out" in str(error).lower():  # urllib3 retries wrap read timeouts
                raise EndpointError(f"{url} did not answer within {self.timeout:g} s",
                                    "raise --timeout, or check the server's load") from error
            if reason.startswith("answered"):
                raise EndpointError(f"{url} {reason}",
                                    "check the port: is a SPARQL server listening there?",
                                    delivered=None) from error
            raise EndpointError(f"cannot reach {url}: {reason}",
                                "check the URL and that the server is running",
                                delivered=False if _never_sent(error) else None) from error
        except requests.exceptions.Timeout as error:
            raise EndpointError(f"{url} did not answer within {self.timeout:g} s",
                                "raise --timeout, or check the server's load") from error
        except requests.exceptions.RequestException as error:
            raise EndpointError(f"request to {url} failed: {error}",
                                "check the URL") from error
        except UnicodeError as error:  # basic auth sends the user and password as Latin-1
            raise UsageError(f"--user or --password holds a character HTTP authentication "
                             f"cannot carry ({error.reason})",
                             "use Latin-1 characters only") from error
        if not check:
            return response
        if response.status_code in (401, 403):
            raise EndpointError(
                f"{url} refused the request (HTTP {response.status_code}): "
                f"{_server_message(response)}",
                "check --user and --password (and that this user may write)"
                if response.status_code == 401 or auth else
                "the endpoint is read-only or needs --user and --password",
                status=response.status_code)
        if response.status_code >= 400:
            raise EndpointError(f"{url} answered HTTP {response.status_code} "
                                f"{response.reason}: {_server_message(response)}",
                                "see the server's message above", status=response.status_code)
        return response


def _never_sent(error: Exception) -> bool:
    """True when the connection itself failed, so no byte of the request reached a server."""
    text = str(error).lower()
    return isinstance(error, requests.exceptions.ConnectTimeout) or any(
        known in text for known in ("connection refused", "name or service not known",
                                    "no route to host", "failed to resolve",
                                    "newconnectionerror"))


def _reason(error: Exception) -> str:
    text = str(error)
    if "BadStatusLine" in text or "InvalidHeader" in text or "HeaderParsingError" in text:
        return "answered something that is not HTTP"
    for known in ("Connection refused", "Name or service not known", "No route to host",
                  "Connection reset", "Remote end closed connection", "timed out"):
        if known.lower() in text.lower():
            return known.lower()
    return text[:300]


def _server_message(response: requests.Response) -> str:
    text = " ".join(response.text.split())
    return (text[:500] + " ...") if len(text) > 500 else (text or "(no message)")


def _term(binding: dict[str, str] | None) -> Term | None:
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ("iri", value, "")
    if kind == "bnode":
        return ("bnode", "", "")
    if "xml:lang" in binding:
        return ("literal", value, "@" + binding["xml:lang"])
    return ("literal", value, binding.get("datatype", _XSD_STRING))


def parse_results(response: requests.Response) -> Results:
    """SPARQL 1.1 Query Results JSON to Results; anything else is a clear error."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    head = response.text.lstrip()[:1000].lower()
    if "html" in content_type or head.startswith(("<html", "<!doctype", "<head", "<body")):
        raise EndpointError(
            f"{response.url} answered an HTML page ({content_type or 'no content type'}), "
            "not SPARQL results",
            "give the SPARQL endpoint itself, e.g. http://HOST:7878/query (Oxigraph) or "
            "http://HOST:8890/sparql (Virtuoso)")
    try:
        document = json.loads(response.text)
        variables = document["head"]["vars"]
        bindings = document["results"]["bindings"]
        if not (isinstance(variables, list) and all(isinstance(v, str) for v in variables)
                and isinstance(bindings, list)):
            raise TypeError("head.vars or results.bindings is not a list")
        rows: list[Row] = [tuple(_term(b.get(v)) for v in variables) for b in bindings]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise EndpointError(f"{response.url} did not answer SPARQL JSON results "
                            f"({content_type or 'no content type'}): "
                            f"{_server_message(response)[:200]}",
                            "check that the URL is a SPARQL query endpoint") from error
    return Results(variables, rows)


def select(client: Client, endpoint: Endpoint, text: str, default_graphs: list[str]) -> Results:
    """Run a SELECT over HTTP POST (no URL-length limit), scoped to default_graphs."""
    graphs = [absolute_iri(g, "--graph").value for g in default_graphs]
    form = [("query", text), *(("default-graph-uri", g) for g in graphs)]
    response = client.request("POST", endpoint.query_url, data=form, auth=endpoint.auth,
                              headers={"Accept": SPARQL_JSON})
    return parse_results(response)


def update(client: Client, endpoint: Endpoint, text: str, *, idempotent: bool = False) -> None:
    """Send one SPARQL Update; idempotent ones (DROP SILENT ...) are retried like a GET.

    text must be built with iri_term()/literal_term() only, never from raw user input.
    """
    client.request("POST", endpoint.update_url, data=[("update", text)], auth=endpoint.auth,
                   idempotent=idempotent)


def put_graph(client: Client, endpoint: Endpoint, graph: str, turtle: bytes) -> None:
    """Graph Store Protocol PUT: replace graph with the Turtle (or N-Triples) body."""
    client.request("PUT", endpoint.store_url, params={"graph": absolute_iri(graph).value},
                   data=turtle,
                   auth=endpoint.auth,
                   headers={"Content-Type": "text/turtle; charset=utf-8"})
