"""Anchor a quote in a source text: the offsets and checksum a claim's evidence needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from napo.errors import InputError, Location, NapoError
from napo.knowledge import sources_dir
from napo.provenance import read_source


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
        if candidate.is_file():
            return candidate
    raise InputError(Location(Path(source)), "no such source file",
                     f"give a path, a file name in {sources_dir()}, or a record id like s002")


def locate_quote(source: str, quote: str, occurrence: int = 1) -> Span:
    path = source_path(source)
    text, digest = read_source(path)
    start = -1
    for _ in range(max(occurrence, 1)):
        start = text.find(quote, start + 1)
        if start < 0:
            raise NapoError(f"quote not found in {path.name} (occurrence {occurrence})",
                            "copy the text exactly, including punctuation and curly quotes")
    return Span(path.name, digest, start, start + len(quote))
