"""Checking `napo pcs` options, and saying at once every option a procedure still needs.

A missing option is bad input (exit 2), reported together with every other one that is missing;
a procedure that cannot be coded at all (an injection, radiation therapy) is a PcsError (exit 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from napo.core.errors import NapoError

DIVISION, DESTRUCTION, RELEASE = "8", "5", "N"
METHOD_OPTIONS = {"division": DIVISION, "destruction": DESTRUCTION, "release": RELEASE}
APPROACH_OPTIONS = {"open": "0", "percutaneous": "3", "percutaneous-endoscopic": "4"}
T = TypeVar("T")


class PcsError(NapoError):
    """The procedure cannot be coded as asked, or the code is not in the official table."""


class OptionError(PcsError):
    """An option value that means nothing (--level L9, --method coagulation): bad input."""

    exit_code = 2


class MissingOption(OptionError):
    """The procedure leaves one axis open: the user must say it with an option."""

    def __init__(self, option: str, message: str, hint: str, example: str) -> None:
        super().__init__(message, hint)
        self.option = option
        self.example = example  # a value that would do, for the combined hint


def plain(text: str) -> str:
    """The official index marks codes as Markdown bold (**008**): terminal text has none."""
    return text.replace("**", "")


def all_missing(label: str, missing: list[MissingOption]) -> PcsError:
    """One error naming every option the procedure still needs, not one per run."""
    if len(missing) == 1:
        return missing[0]
    lines = "".join(f"\n  --{m.option}: {m.message}; {m.hint}" for m in missing)
    return OptionError(f"{label} needs {len(missing)} more options:{lines}",
                       "pass them all, e.g. " + " ".join(f"--{m.option} {m.example}"
                                                          for m in missing))


def level_group(level: str) -> str:
    """'L4' -> 'L'; accepts C1-C8, T1-T12, L1-L5, S1-S5."""
    text = level.strip().upper()
    limits = {"C": 8, "T": 12, "L": 5, "S": 5}
    if len(text) >= 2 and text[0] in limits and text[1:].isdigit() \
            and 1 <= int(text[1:]) <= limits[text[0]]:
        return text[0]
    raise OptionError(f"'{level}' is not a spinal level",
                      "give a level such as C2, T4, L4 or S1 (C1-C8, T1-T12, L1-L5, S1-S5)")


def chosen(option: str, value: str, choices: dict[str, str]) -> tuple[str, str]:
    """The PCS value of a --method/--approach option, or an error listing the choices."""
    if value not in choices:
        raise OptionError(f"unknown --{option} '{value}'", "use one of: " + ", ".join(choices))
    return choices[value], f"--{option} {value} given"


def collecting(missing: list[MissingOption], step: Callable[[], T]) -> T | None:
    """step(), or None with its MissingOption kept, so that code() can name them all."""
    try:
        return step()
    except MissingOption as error:
        missing.append(error)
        return None
