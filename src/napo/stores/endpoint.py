"""`napo serve`: a read-only SPARQL endpoint that makes no outbound request and bounds every query.

The Oxigraph server cannot switch SERVICE off (it fetches any URL a query names), its
`--timeout-s` does not stop evaluation (measured: a 3 s limit ended a COUNT after 12-19 s with a
200 whose CSV body said "cancelled"; a streaming SELECT was not stopped at all), and
`--union-default-graph` makes FROM meaningless. So a small front server (the standard
library's ThreadingHTTPServer: no new dependency, and the protocol subset needed is small)
stands between clients and an Oxigraph child bound to a private loopback port:

* It rebuilds every query request itself (exactly one `query`, the dataset parameters, the
  Accept header) after refusing, with HTTP 400, any query in which SERVICE can be read
  (napo.queries.sparql_guard), so Oxigraph only ever sees text that was checked. Updates and Graph
  Store writes are refused with 403; nothing but queries, Graph Store reads and the YASGUI
  editor's files reaches the child. Where libseccomp is present, the child also runs under a
  seccomp filter that denies connect(2) (napo.stores.sandbox): no outbound connection even if a
  SERVICE slipped through.
* Every request has a deadline. Oxigraph has no way to cancel a query, so when one runs over,
  the child is killed (releasing its CPU at once), a fresh one is started on the same files
  (~0.1 s), and other requests in flight that had not yet received anything are sent again.
  The client whose query ran over gets HTTP 500 with a clear message, or a cut-off chunked
  response (which every HTTP client reports as incomplete) when results were already flowing.
* A request that names no dataset (no FROM / FROM NAMED, no default-graph-uri /
  named-graph-uri) gets the five layer graphs as its default and named graphs; one that names
  a dataset gets exactly that dataset, as SPARQL 1.1 says.
* The store directory is watched: when `napo query --store DIR` rebuilds it, the next request
  starts a child on the new files and retires the old one.
* CORS is off unless `--cors ORIGIN` allows an origin.
* A web site can be served from the same origin, so its pages need no CORS: static files (held
  in memory, mounted at `/docs/`) and JSON/CSV routes, both handed in by the caller
  (napo.stores.pages). `/questions`, the old question page's address, redirects to
  `/docs/questions.html`.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Mapping, Sequence
from http.server import ThreadingHTTPServer
from pathlib import Path

from napo.core.errors import UsageError
from napo.stores.backend import Backend
from napo.stores.handler import handler_for
from napo.stores.pages import Route
from napo.stores.servers import LOOPBACK, ServerError, start_oxigraph


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung client never keeps `napo serve` from stopping
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer is normal; anything else is one line, no trace."""
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            sys.stderr.write(f"napo serve: error answering {client_address}: {error!r}\n")


class Endpoint:
    """The front server; `serve_forever()` in the foreground or `start()` in a thread."""

    def __init__(self, store: Path, *, host: str = LOOPBACK, port: int = 7878,
                 timeout: float = 30, cors: Sequence[str] = (), sandbox: bool = True,
                 files: Mapping[str, bytes] | None = None,
                 routes: Mapping[str, Route] | None = None) -> None:
        """files: a static site served under /docs/ (path -> bytes); routes: GET paths (such
        as /api/question) answered by the caller's functions with the request's parameters."""
        if not timeout > 0:
            raise UsageError(f"--timeout {timeout} is not a number of seconds > 0",
                             "e.g. --timeout 30")  # bad input: exit 2, not a server failure
        self.timeout = timeout
        self.cors = frozenset(cors)
        self.files = files
        self.routes = dict(routes or {})
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("_Bound", (_Server,), {"address_family": family})
        try:
            self.httpd = server_class((host, port), handler_for(self))
        except OSError as error:
            raise ServerError(f"cannot listen on {host}:{port}: {error.strerror}",
                              "choose another --port or stop the server using it") from error
        try:
            self.backend = Backend(store, lambda location: start_oxigraph(
                location, read_only=True, sandbox=sandbox))
        except BaseException:
            self.httpd.server_close()
            raise
        bound = self.httpd.server_address[1]
        self.base_url = f"http://{f'[{host}]' if ':' in host else host}:{bound}"
        self.query_url = f"{self.base_url}/query"
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=10)
        self.httpd.server_close()
        self.backend.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


