"""Run an embedded query with a time limit: pyoxigraph and rdflib cannot cancel a query.

The work runs in a forked child process (the store or graph already built in memory is
shared copy-on-write, so nothing is rebuilt or copied), which pickles its result into a pipe;
at the limit the child is killed, which is the only way to stop the evaluation and free its
CPU. A bare os.fork and pipe rather than multiprocessing: the same mechanism without
importing multiprocessing and starting its Process object, which cost ~15 ms of a read
command's ~0.1 s (docs/benchmarks.md). The cost is measured in tests/stores/test_store.py.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import traceback
from collections.abc import Callable
from typing import NoReturn, TypeVar

from napo.core.errors import NapoError

T = TypeVar("T")
EXIT_TIMEOUT = 3  # as when a remote endpoint does not answer in time


class QueryTimeout(NapoError):
    """A query that ran longer than --timeout."""

    exit_code = EXIT_TIMEOUT


def _child(work: Callable[[], object], send: int) -> NoReturn:
    """In the child: run work, send (kind, payload) and leave at once (os._exit: no atexit
    handlers, no flush of the parent's buffered output, which the child holds a copy of)."""
    try:
        try:
            reply: tuple[str, object] = ("ok", work())
        except NapoError as error:
            reply = ("napo", (error.message, error.hint, error.exit_code))
        except BaseException:  # reported in the parent, with the traceback
            reply = ("crash", traceback.format_exc())
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an answer that cannot be pickled is a bug, reported as a crash
            data = pickle.dumps(("crash", traceback.format_exc()))
        with os.fdopen(send, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _receive(receive: int, seconds: float, what: str) -> bytes:
    """Everything the child sends, until it closes the pipe; QueryTimeout at the limit."""
    deadline = time.monotonic() + seconds
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([receive], [], [], remaining)[0]:
            raise QueryTimeout(f"{what} did not finish within {seconds:g} s and was stopped",
                               "raise --timeout, or narrow the query down (LIMIT, a more "
                               "specific pattern)")
        chunk = os.read(receive, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def run_with_timeout(work: Callable[[], T], seconds: float, what: str = "the query") -> T:
    """work() in a child process; QueryTimeout (and the child killed) after `seconds`."""
    if not seconds > 0:
        raise QueryTimeout(f"--timeout {seconds} is not a number of seconds > 0",
                           "e.g. --timeout 60")
    receive, send = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(receive)
        _child(work, send)
    os.close(send)
    status = None
    try:
        data = _receive(receive, seconds, what)
        status = os.waitpid(child, 0)[1]
    finally:
        os.close(receive)
        if status is None:  # stopped at the limit, or interrupted: the child must not run on
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
    if not data:
        raise NapoError(f"the process running {what} died (exit code "
                        f"{os.waitstatus_to_exitcode(status)})",
                        "try again; if it persists, report it")
    kind, payload = pickle.loads(data)
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "napo":
        message, hint, code = payload
        error = NapoError(message, hint)
        error.exit_code = code
        raise error
    raise RuntimeError(f"{what} failed in its worker process:\n{payload}")
