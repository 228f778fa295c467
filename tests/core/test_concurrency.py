"""Steps run side by side answer exactly as if they had run in line: same value, same error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from napo.core.concurrency import Background, Forked
from napo.core.errors import EXIT_UNREADABLE, InputError, Location

PARENT = os.getpid()


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value


def _unreadable(name: str) -> None:
    raise InputError(Location(Path(name), 3, 7), "not UTF-8 text", "convert it")


def _dies_in_child() -> str:
    if os.getpid() != PARENT:
        os._exit(3)  # killed without answering
    return "ran here"


def _unpicklable() -> object:
    return lambda: "a lambda cannot cross a pipe"


def test_background_returns_the_value_and_raises_the_error() -> None:
    assert Background(_pid_and, 5).result() == (PARENT, 5)
    with pytest.raises(InputError, match="not UTF-8"):
        Background(_unreadable, "a.ttl").result()


def test_forked_runs_in_another_process_and_returns_the_value() -> None:
    pid, value = Forked(_pid_and, 5).result()
    assert value == 5 and pid != PARENT


def test_forked_raises_the_childs_error_with_its_location_hint_and_exit_code() -> None:
    with pytest.raises(InputError) as caught:
        Forked(_unreadable, "data/claims/s001.ttl").result()
    error = caught.value
    assert error.location == Location(Path("data/claims/s001.ttl"), 3, 7)
    assert error.hint == "convert it" and error.exit_code == EXIT_UNREADABLE
    assert str(error) == "data/claims/s001.ttl:3:7: not UTF-8 text\n  hint: convert it"


def test_forked_runs_the_step_here_when_the_child_cannot_answer() -> None:
    assert Forked(_dies_in_child).result() == "ran here"
    assert Forked(_unpicklable).result()() == "a lambda cannot cross a pipe"


def test_a_forked_step_no_longer_needed_is_stopped() -> None:
    step = Forked(_pid_and, 1)
    step.close()
    step.close()  # twice is harmless
