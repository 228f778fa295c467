"""HTTP handling of `napo serve`'s front server: what is refused (writes; queries as
napo.stores.query_request rules), what is passed to the Oxigraph child (checked queries with
their dataset, the editor), and how a query over time is cut off. The server object itself is
napo.stores.endpoint.Endpoint.
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from napo.stores.pages import SECURITY_HEADERS, Answer, route_answer, static_answer
from napo.stores.query_request import (
    READ_ONLY,
    Refusal,
    checked_query,
)
from napo.stores.servers import ServerError

if TYPE_CHECKING:
    from napo.stores.endpoint import Endpoint

BUFFERED = 8 * 2**20  # answers up to this size get a Content-Length; larger ones are chunked
MAX_BODY = 2**20  # largest request body accepted (a query or a form)
QUERY_PATHS = ("/query", "/sparql")  # /sparql: the endpoint Oxigraph's own YASGUI page uses
EDITOR_FILES = ("/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg")
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server",
               "access-control-allow-origin", "access-control-allow-credentials", "date"}


class _TimedOut(Exception):
    pass


def handler_for(endpoint: Endpoint) -> type[BaseHTTPRequestHandler]:
    """A handler class bound to one endpoint (http.server makes one handler per request)."""
    class Handler(_Handler):
        pass

    Handler.endpoint = endpoint
    return Handler


class _Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint
    protocol_version = "HTTP/1.1"  # for chunked answers; every answer closes the connection
    timeout = 60  # seconds a client may take to send its request
    server_version = "napo-serve (Oxigraph)"  # clients tell the protocol by "Oxigraph"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet, like `oxigraph serve`

    # -- answers ---------------------------------------------------------------------------
    def _cors_headers(self) -> list[tuple[str, str]]:
        origin = self.headers.get("Origin")
        if origin and origin in self.endpoint.cors:
            return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        return []

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8",
              headers: Sequence[tuple[str, str]] = ()) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in [*headers, *self._cors_headers()]:
            self.send_header(name, value)
        self.end_headers()
        self.close_connection = True
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str, headers: Sequence[tuple[str, str]] = ()) -> None:
        self._send(status, message.encode(), headers=headers)

    def _read_only(self) -> None:
        self._text(HTTPStatus.FORBIDDEN, READ_ONLY)

    def _not_allowed(self, allowed: str) -> None:
        self._text(HTTPStatus.METHOD_NOT_ALLOWED, f"{self.command} is not allowed here; use "
                   f"{allowed}.\n", [("Allow", allowed)])

    # -- routing ---------------------------------------------------------------------------
    @property
    def _path(self) -> str:
        return urlsplit(self.path).path

    def do_GET(self) -> None:
        path = self._path
        if path in QUERY_PATHS:
            self._query(urlsplit(self.path).query, None)
        elif path == "/questions" and self.endpoint.files is not None:
            self._moved("/docs/questions.html")  # the old question page's address
        elif path in EDITOR_FILES or path == "/store":
            query = urlsplit(self.path).query  # path and query only: never an absolute URL
            self._proxy("GET", path + (f"?{query}" if query else ""), None, {})
        elif path == "/update":
            self._read_only()
        elif self.endpoint.files is not None and path == "/docs":
            self._moved("/docs/")
        elif self.endpoint.files is not None and path.startswith("/docs/"):
            self._answer(static_answer(self.endpoint.files, path.removeprefix("/docs/")))
        elif path in self.endpoint.routes:
            self._answer(route_answer(self.endpoint.routes[path], urlsplit(self.path).query))
        else:
            self._text(HTTPStatus.NOT_FOUND, f"nothing at {path}: the endpoint is /query, the "
                       "editor /" + (", the site /docs/ (its questions /docs/questions.html)"
                                     if self.endpoint.files is not None else "") + "\n")

    def _moved(self, location: str) -> None:
        """A permanent redirect within this origin that keeps the request's parameters
        (/questions?run=…); browsers keep the #fragment themselves, and the old and new question
        pages name their sections alike (/questions#NAME lands on that question)."""
        query = urlsplit(self.path).query
        self._send(HTTPStatus.MOVED_PERMANENTLY, b"",
                   headers=[("Location", location + (f"?{query}" if query else ""))])

    def _answer(self, answer: Answer) -> None:
        headers = list(SECURITY_HEADERS)
        if answer.filename:
            headers.append(("Content-Disposition", f'attachment; filename="{answer.filename}"'))
        self._send(answer.status, answer.body, answer.content_type, headers)

    def do_HEAD(self) -> None:
        self._not_allowed("GET, POST")

    def do_POST(self) -> None:
        path = self._path
        if path in ("/update", "/store"):
            self._read_only()
            return
        if path not in QUERY_PATHS:
            self._not_allowed("GET")
            return
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self._text(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length\n")
            return
        if int(length) > MAX_BODY:
            self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       f"the request body is larger than {MAX_BODY} bytes\n")
            return
        body = self.rfile.read(int(length))
        media = self.headers.get_content_type()
        charset = (self.headers.get_content_charset() or "utf-8").lower()
        if media == "application/sparql-update":
            self._read_only()
        elif charset not in ("utf-8", "utf8"):
            self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"charset {charset} is not "
                       "supported: send UTF-8\n")
        elif media == "application/x-www-form-urlencoded":
            try:
                self._query(body.decode("utf-8"), None)
            except UnicodeDecodeError:
                self._text(HTTPStatus.BAD_REQUEST, "the form is not UTF-8\n")
        elif media == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                self._text(HTTPStatus.BAD_REQUEST, "the query is not UTF-8\n")
                return
            self._query(urlsplit(self.path).query, text)
        else:
            self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"{media} is not a query: send "
                       "application/sparql-query or a form (application/x-www-form-urlencoded)\n")

    def _write(self) -> None:
        if self._path in ("/update", "/store") or self._path in QUERY_PATHS:
            self._read_only()
        else:
            self._not_allowed("GET")

    do_PUT = do_DELETE = do_PATCH = _write

    def do_OPTIONS(self) -> None:
        """CORS preflight: answered for the --cors origins only."""
        headers = [("Allow", "GET, POST, OPTIONS")]
        if self._cors_headers():
            headers += [("Access-Control-Allow-Methods", "GET, POST"),
                        ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                        ("Access-Control-Max-Age", "600")]
        elif self.headers.get("Origin"):
            self._text(HTTPStatus.FORBIDDEN, "cross-origin requests are not allowed from this "
                       "origin (napo serve --cors ORIGIN allows one)\n", headers)
            return
        self._send(HTTPStatus.NO_CONTENT, b"", headers=headers)

    # -- queries ---------------------------------------------------------------------------
    def _query(self, form: str, direct: str | None) -> None:
        """Check one query request (napo.stores.query_request) and send the rebuilt, checked
        copy of it to Oxigraph."""
        checked = checked_query(form, direct)
        if isinstance(checked, Refusal):
            self._text(checked.status, checked.message)
            return
        body = checked
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept := self.headers.get("Accept"):
            headers["Accept"] = accept
        self._proxy("POST", "/query", body, headers)

    def _proxy(self, method: str, path: str, body: bytes | None,
               headers: dict[str, str]) -> None:
        """Send the request to the current child and relay its answer within the deadline."""
        backend = self.endpoint.backend
        deadline = time.monotonic() + self.endpoint.timeout
        self._started = False
        for attempt in (1, 2):
            try:
                generation = backend.current()
            except (ServerError, OSError) as error:
                self._text(HTTPStatus.SERVICE_UNAVAILABLE, f"the query engine cannot start: "
                           f"{error}\n")
                return
            connection = http.client.HTTPConnection(*generation.address,
                                                    timeout=max(0.01, deadline - time.monotonic()))
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                self._relay(response, connection, deadline)
                return
            except (TimeoutError, _TimedOut):
                backend.recycle(generation.number)
                self._over_time()
                return
            except (OSError, http.client.HTTPException) as error:
                if self._started:
                    self.close_connection = True
                    return
                if attempt == 1 and backend.generation != generation.number:
                    continue  # the child was replaced under this request: ask the new one
                self._text(HTTPStatus.BAD_GATEWAY, f"the query engine failed: {error}\n")
                return
            finally:
                connection.close()

    def _over_time(self) -> None:
        if self._started:  # results were flowing: cut the chunked answer short, visibly
            self.close_connection = True
            return
        self._text(HTTPStatus.INTERNAL_SERVER_ERROR,
                   f"Query timed out: it ran longer than this server's limit of "
                   f"{self.endpoint.timeout:g} s (napo serve --timeout), so its evaluation was "
                   "stopped. Narrow it down (LIMIT, more specific patterns) and try again.\n")

    def _relay(self, response: http.client.HTTPResponse,
               connection: http.client.HTTPConnection, deadline: float) -> None:
        headers = [(name, value) for name, value in response.getheaders()
                   if name.lower() not in _HOP_BY_HOP]
        buffered: list[bytes] = []
        size = 0

        def read() -> bytes:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _TimedOut
            if connection.sock is not None:
                connection.sock.settimeout(remaining)
            return response.read1(65536)

        while size <= BUFFERED:
            chunk = read()
            if not chunk:
                self._send(response.status, b"".join(buffered), headers=[
                    (n, v) for n, v in headers if n.lower() != "content-type"],
                    content_type=response.getheader("Content-Type", "application/octet-stream"))
                return
            buffered.append(chunk)
            size += len(chunk)
        # A large answer: stream it as chunks, so that a cut (over time) shows as incomplete.
        self.send_response(response.status)
        for name, value in [*headers, *self._cors_headers(), ("Transfer-Encoding", "chunked"),
                            ("Connection", "close")]:
            self.send_header(name, value)
        self.end_headers()
        self._started = True
        self.close_connection = True
        chunk = b"".join(buffered)
        while chunk:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            chunk = read()
        self.wfile.write(b"0\r\n\r\n")
