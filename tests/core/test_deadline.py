"""The forked worker that bounds an embedded query's time: answers, errors, limits, deaths."""

from __future__ import annotations

import os
import signal
import time

import pytest

from napo.core.deadline import QueryTimeout, run_with_timeout
from napo.core.errors import NapoError, UsageError


def test_a_large_answer_comes_back_whole() -> None:
    rows = [(n, f"row {n}" * 10) for n in range(100_000)]  # megabytes: many pipe buffers
    assert run_with_timeout(lambda: rows, 30) == rows


def test_a_napo_error_keeps_its_message_hint_and_exit_code() -> None:
    def refuse() -> None:
        raise UsageError("no such parameter", "see napo queries")

    with pytest.raises(NapoError) as raised:
        run_with_timeout(refuse, 30)
    assert (raised.value.message, raised.value.hint) == ("no such parameter", "see napo queries")
    assert raised.value.exit_code == UsageError.exit_code


def test_the_limit_stops_the_child() -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"did not finish within 0\.5 s"):
        run_with_timeout(lambda: time.sleep(60), 0.5)
    assert time.monotonic() - started < 5
    children = [p for p in os.listdir("/proc") if p.isdigit() and _parent(p) == os.getpid()]
    assert children == [], "the stopped worker is still running (or was not reaped)"


def _parent(pid: str) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_a_worker_that_dies_is_reported_with_its_exit_code() -> None:
    with pytest.raises(NapoError, match=r"died \(exit code -9\)"):
        run_with_timeout(lambda: os.kill(os.getpid(), signal.SIGKILL), 30)


def test_a_crash_carries_the_worker_traceback() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_with_timeout(lambda: 1 / 0, 30)


def test_a_limit_that_is_not_positive_is_refused() -> None:
    with pytest.raises(QueryTimeout, match="not a number of seconds > 0"):
        run_with_timeout(lambda: 1, 0)
