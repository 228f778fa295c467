"""Start real triple-store servers as child processes on loopback ports (Oxigraph here;
Virtuoso in napo.stores.virtuoso).

Used by tests, benchmarks and `napo serve`: each server listens on a free 127.0.0.1 port,
keeps its files in a directory the caller owns, and is stopped by `RunningServer.stop()`,
by leaving its `with` block, or at the latest when the Python process exits.

Observed with Virtuoso 7.2.5 (Debian) and Oxigraph 0.5.13 (PyPI); clients of both must
allow for the differences:

Virtuoso's behaviour is recorded in napo.stores.virtuoso.

Oxigraph 0.5.13
  * Answers after ~0.1 s (in memory or a new store), ~0.5 s read-only on an existing store;
    `serve-read-only` works while a read-write server has the same store open.
  * `/store` PUT (201 new, 204 replaced) needs a correct Content-Type:
    `application/n-triples`, `text/turtle`, `text/plain` (read as N-Triples), N-Quads, TriG;
    none is 400, an unknown one 415, a wrong one a parse error 400. ~0.7 s for 3.4 MB.
  * Updates return 204; a read-only server answers updates and store writes with 403
    "The server is read-only". Syntax errors: 400, text/plain "error at 1:25: expected ...".
  * RDF 1.1 terms: plain and xsd:string literals are the same and come back as "literal";
    (1/2) is 0.5 xsd:decimal. The default graph is only the default graph.
  * Several `default-graph-uri` are not merged either: a triple in two graphs (or one graph
    named twice) is returned once per graph.
  * SERVICE is evaluated (any URL, no switch to turn federation off); `--timeout-s` does not
    bound evaluation (a 3 s limit ended a 3-way cartesian COUNT after 12-19 s, as a 200 whose
    body says "cancelled"; a streaming SELECT ran on). `napo serve` therefore puts its own
    front server before it (napo.stores.endpoint).
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import requests

from napo.core.errors import NapoError
from napo.stores.sandbox import unavailable as sandbox_unavailable

LOOPBACK = "127.0.0.1"


class ServerError(NapoError):
    """A triple-store server could not be started: exit 3, like a server that fails."""

    exit_code = 3


def _bind(host: str, port: int) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do
        sock.bind((host, port))
        return int(sock.getsockname()[1])


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that is free on `host` right now (the OS picks it)."""
    return _bind(host, 0)


@dataclass(eq=False)  # compared by identity: a server is a process, not a value
class RunningServer:
    """A server child process and its endpoints; stop it with `stop()` or a `with` block."""

    name: str
    base_url: str
    query_url: str
    update_url: str
    store_url: str  # SPARQL 1.1 Graph Store Protocol endpoint (`?graph=IRI`)
    process: subprocess.Popen[bytes]
    user: str | None = None
    password: str | None = None
    auth: str | None = None  # "basic", "digest" or None
    log: IO[bytes] | None = field(default=None, repr=False)
    sandboxed: bool = False  # runs under napo.stores.sandbox: no outbound connection possible

    def __post_init__(self) -> None:
        atexit.register(self.stop)  # no stray server if the caller forgets or crashes

    def log_tail(self, size: int = 4000) -> str:
        """The end of the server's stdout and stderr, for error messages."""
        if self.log is None or self.log.closed:
            return ""
        # pread leaves the file offset alone: the child writes through the same open file.
        fd = self.log.fileno()
        end = os.fstat(fd).st_size
        return os.pread(fd, size, max(0, end - size)).decode("utf-8", "replace")

    def stop(self, timeout: float = 30) -> None:
        """Terminate the server, kill it if it does not exit in time, close its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=timeout)
        if self.log is not None:
            self.log.close()
            self.log = None
        atexit.unregister(self.stop)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def spawn(command: list[str],
           env: dict[str, str] | None = None) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    # The log outlives this function: RunningServer.stop() closes (and so deletes) it.
    log = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, env=env)
    except OSError as error:
        log.close()
        raise ServerError(f"cannot run {command[0]}: {error}") from error
    return process, log


def _poll(server: RunningServer, timeout: float) -> str | None:
    """Poll an ASK query until it answers 200; None when it does, else what went wrong."""
    deadline = time.monotonic() + timeout
    with requests.Session() as session:
        session.trust_env = False  # never send loopback requests through a proxy
        while server.process.poll() is None:
            try:
                response = session.get(server.query_url, params={"query": "ASK {}"}, timeout=2)
                if response.status_code == 200:
                    return None
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                return f"did not answer {server.query_url} within {timeout:g} s"
            time.sleep(0.1)
    return f"exited with code {server.process.returncode} before answering queries"


def wait_until_up(server: RunningServer, timeout: float, hint: str) -> RunningServer:
    """Return the server once it answers; else stop it and raise with the end of its log."""
    try:
        problem = _poll(server, timeout)
    except BaseException:  # e.g. Ctrl-C while waiting: leave no server behind
        server.stop()
        raise
    if problem is None:
        return server
    tail = server.log_tail()
    server.stop()
    raise ServerError(f"{server.name} {problem}; its output ends with:\n{tail}", hint)


def _oxigraph_executable() -> str | None:
    # The PyPI `oxigraph` wheel installs its CLI next to the interpreter of the venv.
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("oxigraph")


def oxigraph_available() -> str | None:
    """None if an Oxigraph server can be started, else why not (a reason to skip a test)."""
    if _oxigraph_executable() is None:
        return "oxigraph not found: pip install oxigraph (the server CLI, not pyoxigraph)"
    return None


def start_oxigraph(location: Path | None, *, host: str = LOOPBACK, port: int | None = None,
                   read_only: bool = False, cors: bool = False,
                   union_default_graph: bool = False, timeout: float = 30,
                   sandbox: bool = False) -> RunningServer:
    """Start `oxigraph serve` (in memory if `location` is None) or `serve-read-only`.

    Oxigraph has no users: its update and store endpoints are open to anyone on `host`.
    union_default_graph: queries without default-graph-uri see every named graph.
    sandbox: deny the server outbound connections (napo.stores.sandbox) where seccomp is available.
    """
    executable = _oxigraph_executable()
    if executable is None:
        raise ServerError("the oxigraph server is not installed", "pip install oxigraph")
    if read_only and location is None:
        raise ServerError("a read-only Oxigraph server needs an existing store directory",
                          "pass the directory of a store written by `oxigraph load` or napo")
    if port is None:
        port = free_port(host)
    else:  # else the readiness probe could be answered by whatever holds the port
        try:
            _bind(host, port)
        except OSError as error:
            raise ServerError(f"cannot listen on {host}:{port}: {error.strerror}",
                              "choose another port or stop the server using it") from error
    command = [executable, "serve-read-only" if read_only else "serve"]
    if location is not None:
        command += ["--location", str(location)]
    command += ["--bind", f"{host}:{port}"]
    if cors:
        command.append("--cors")
    if union_default_graph:
        command.append("--union-default-graph")
    sandboxed = sandbox and sandbox_unavailable() is None
    if sandboxed:
        command = [sys.executable, "-m", "napo.stores.sandbox", *command]
    # A Rust backtrace would push the one-line reason out of the error message.
    process, log = spawn(command, {**os.environ, "RUST_BACKTRACE": "0",
                                    "RUST_LIB_BACKTRACE": "0"})
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    server = RunningServer(name="oxigraph", base_url=base, query_url=f"{base}/query",
                           update_url=f"{base}/update", store_url=f"{base}/store",
                           process=process, log=log, sandboxed=sandboxed)
    if location is None:
        hint = "see the output above"
    elif read_only:
        hint = f"is {location} an Oxigraph store directory?"
    else:
        hint = f"is {location} open in another read-write Oxigraph process?"
    return wait_until_up(server, timeout, hint)
