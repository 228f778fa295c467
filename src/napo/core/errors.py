"""Error types that the CLI turns into a clear message and a non-zero exit code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_FAILED = 1  # the input was read but is wrong (QC errors, unsatisfiable classes, ...)
EXIT_BAD_INPUT = 2  # an argument, name, file or directory that cannot be used as given
EXIT_UNREADABLE = EXIT_BAD_INPUT  # the input could not be read at all (bad input too)


class NapoError(Exception):
    """Base class: a message for the user, a hint on how to fix it, and an exit code."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\n  hint: {self.hint}" if self.hint else self.message


@dataclass(frozen=True)
class Location:
    """Where in a file a problem is; line and column are 1-based, 0 when unknown."""

    path: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line and self.column:
            return f"{self.path}:{self.line}:{self.column}"
        return f"{self.path}:{self.line}" if self.line else str(self.path)


class InputError(NapoError):
    """A file that cannot be read or parsed."""

    exit_code = EXIT_UNREADABLE

    def __init__(self, location: Location, message: str, hint: str = "") -> None:
        super().__init__(f"{location}: {message}", hint)
        self.location = location


class UsageError(NapoError):
    """An argument that cannot mean anything (an empty quote, --occurrence 0) or cannot be used
    as given (an IRI with a space, an --endpoint URL with a password in it, a negative
    --retries): refused rather than silently replaced by a default, and before any request is
    sent to a server. The one error type for bad arguments (exit 2)."""

    exit_code = EXIT_BAD_INPUT


class JavaNotFoundError(NapoError):
    """No Java runtime to run the HermiT reasoner."""


class ReasonerError(NapoError):
    """The ontology is inconsistent or has unsatisfiable classes."""

    def __init__(self, message: str, hint: str = "", unsatisfiable: tuple[str, ...] = ()) -> None:
        super().__init__(message, hint)
        self.unsatisfiable = unsatisfiable
