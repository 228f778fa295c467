"""Run an embedded query with a time limit: pyoxigraph and rdflib cannot cancel a query.

The work runs in a forked child process (the store or graph already built in memory is
shared copy-on-write, so nothing is rebuilt or copied), which sends its result back through a
pipe; at the limit the child is killed, which is the only way to stop the evaluation and free
its CPU. Forking costs a few milliseconds, measured in tests/test_store.py.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from napo.core.errors import NapoError

T = TypeVar("T")
EXIT_TIMEOUT = 3  # as when a remote endpoint does not answer in time


class QueryTimeout(NapoError):
    """A query that ran longer than --timeout."""

    exit_code = EXIT_TIMEOUT


def _work(work: Callable[[], object], send: Connection) -> None:
    try:
        reply: tuple[str, object] = ("ok", work())
    except NapoError as error:
        reply = ("napo", (error.message, error.hint, error.exit_code))
    except BaseException:  # reported in the parent, with the traceback
        reply = ("crash", traceback.format_exc())
    send.send(reply)
    send.close()


def run_with_timeout(work: Callable[[], T], seconds: float, what: str = "the query") -> T:
    """work() in a child process; QueryTimeout (and the child killed) after `seconds`."""
    if not seconds > 0:
        raise QueryTimeout(f"--timeout {seconds} is not a number of seconds > 0",
                           "e.g. --timeout 60")
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(work, send), daemon=True)
    worker.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise QueryTimeout(f"{what} did not finish within {seconds:g} s and was stopped",
                               "raise --timeout, or narrow the query down (LIMIT, a more "
                               "specific pattern)")
        try:
            kind, payload = receive.recv()
        except EOFError as error:
            worker.join(5)
            raise NapoError(f"the process running {what} died (exit code "
                            f"{worker.exitcode})", "try again; if it persists, report it"
                            ) from error
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receive.close()
    if kind == "ok":
        return payload  # type: ignore[return-value]
    if kind == "napo":
        message, hint, code = payload  # type: ignore[misc]
        error = NapoError(message, hint)
        error.exit_code = code
        raise error
    raise RuntimeError(f"{what} failed in its worker process:\n{payload}")
