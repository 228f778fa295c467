"""Run independent build steps side by side on a 2-core machine.

Two tools, for two kinds of wait:
- Background: a thread, for a step that mostly waits on another process (HermiT runs in Java),
  so Python can read mappings and data meanwhile;
- Forked: a forked child process, for CPU-bound Python (pyshacl validation) that the GIL
  would otherwise serialise with the parent's own work (writing the release).

Both re-raise the step's exception in the caller, unchanged (NapoError subclasses included,
whose constructors pickle cannot replay), so error messages and exit codes stay what they
were when the steps ran one after the other.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """fn(*args) in a thread; result() waits for it and returns its value or raises."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True,
                                        name=f"napo-{getattr(fn, '__name__', 'step')}")
        self._thread.start()

    def _run(self, fn: Callable[..., T], args: tuple) -> None:
        try:
            self._value = fn(*args)
        except BaseException as error:  # re-raised in the caller's thread
            self._error = error

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]


def _portable(error: BaseException) -> tuple[type, tuple, dict]:
    return type(error), error.args, dict(vars(error))


def _restore(kind: type, args: tuple, state: dict) -> BaseException:
    """The exception as raised in the child, without calling its __init__ again."""
    error = kind.__new__(kind)
    error.args = args
    vars(error).update(state)
    return error


def _child(connection: Connection, fn: Callable[..., Any], args: tuple) -> None:
    try:
        payload = ("value", fn(*args))
    except BaseException as error:
        payload = ("error", _portable(error))
    try:
        data = pickle.dumps(payload)
    except Exception as error:  # an unpicklable result: the parent runs the step itself
        data = pickle.dumps(("unportable", repr(error)))
    connection.send_bytes(data)
    connection.close()


class Forked(Generic[T]):
    """fn(*args) in a forked child process; result() returns its value or raises its error.

    Where fork is unavailable, or the child dies without answering, result() runs fn in this
    process instead: slower, never a different answer.
    """

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self._fn, self._args = fn, args
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        if "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(sender, fn, args), daemon=True)
            self._process.start()
            sender.close()
            self._connection = receiver

    def result(self) -> T:
        payload: tuple[str, Any] = ("unportable", "no child")
        if self._connection is not None:
            with contextlib.suppress(EOFError, OSError, pickle.UnpicklingError):
                payload = pickle.loads(self._connection.recv_bytes())
            self.close()
        kind, value = payload
        if kind == "value":
            return value
        if kind == "error":
            raise _restore(*value)
        return self._fn(*self._args)

    def close(self) -> None:
        """Stop the child if it still runs (the caller failed before it needed the answer)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._process is not None:
            if self._process.is_alive():
                self._process.terminate()
            self._process.join()
            self._process = None
