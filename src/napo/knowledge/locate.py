"""Anchor a quote in a source text: the offsets and checksum a claim's evidence needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from napo.core.errors import InputError, Location, NapoError, UsageError
from napo.core.files import path_kind
from napo.knowledge.inputs import sources_dir
from napo.knowledge.spans import read_source


@dataclass(frozen=True)
class Span:
    file: str
    sha256: str
    start: int
    end: int


def source_path(source: str) -> Path:
    """Accept a path, a file name in the sources folder, or a record id like s002."""
    candidates = [Path(source), sources_dir() / source]
    if source.startswith("s") and source[1:].isdigit():
        candidates += sorted(sources_dir().glob(f"{source[1:]}_*.txt"))
    for candidate in candidates:
        if path_kind(candidate) == "file":
            return candidate
    if path_kind(Path(source)) == "dir":
        raise InputError(Location(Path(source)), "is a directory, not a source text",
                         "give one file in it, or a record id like s002")
    raise InputError(Location(Path(source)), "no such source file",
                     f"give a path, a file name in {sources_dir()}, or a record id like s002")


def locate_quote(source: str, quote: str, occurrence: int = 1) -> Span:
    """The span of the occurrence-th exact match of quote (a non-blank text) in a source.

    An empty quote "matches" at 0-0 and occurrence 0 or -5 used to mean 1: both would anchor a
    claim on nothing, so they are refused.
    """
    if not quote.strip():
        raise UsageError("the quote is empty", "give the exact words the claim rests on, "
                         "e.g. napo locate s002 \"cutting the spinal roots\"")
    if occurrence < 1:
        raise UsageError(f"--occurrence must be 1 or more, not {occurrence}",
                         "1 is the first match, 2 the second, ...")
    path = source_path(source)
    text, digest = read_source(path)
    start = -1
    for _ in range(occurrence):
        start = text.find(quote, start + 1)
        if start < 0:
            raise NapoError(f"quote not found in {path.name} (occurrence {occurrence})",
                            "copy the text exactly, including punctuation and curly quotes")
    return Span(path.name, digest, start, start + len(quote))
