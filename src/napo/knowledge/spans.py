"""Source texts and the spans claims quote: reading a source once, refusing a napo:fileName
that is not a plain file in the sources folder, and cutting a span out. No RDF library: `napo
conflicts` quotes spans from its SPARQL answer's offsets."""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path, PureWindowsPath

from napo.core.errors import InputError
from napo.core.files import decode_utf8, read_bytes


@cache
def read_source(path: Path) -> tuple[str, str]:
    """A source's text and the SHA-256 of its bytes (read once per process).

    A file that cannot be read, or is not UTF-8 (offsets count code points of UTF-8 text), is
    an InputError naming the file and, for the encoding, what it looks like instead.
    """
    raw = read_bytes(path)
    return decode_utf8(raw, path), hashlib.sha256(raw).hexdigest()


_PLAIN_FILE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # the shape's sh:pattern too


def file_name_problem(file_name: str, sources_dir: Path) -> str:
    """Why napo:fileName is not a plain file name inside the sources folder ('' if it is).

    A fileName is data, not a path: "../../etc/hostname" must not make validation read (and
    quote) a file outside the sources folder.
    """
    if not file_name:
        return "it is empty"
    if len(file_name.encode("utf-8")) > 255:
        return "it is longer than a file name may be (255 bytes)"
    if any(ord(c) < 32 or ord(c) == 127 for c in file_name):
        return "it contains a control character"
    if "/" in file_name or "\\" in file_name:
        return "it contains a path separator"
    if file_name in (".", ".."):
        return f"{file_name!r} names a directory"
    if Path(file_name).is_absolute() or PureWindowsPath(file_name).drive:
        return "it is an absolute path"
    if not _PLAIN_FILE_NAME.fullmatch(file_name):
        return "only letters, digits, '_', '-' and '.' are allowed, and no leading '.'"
    folder = sources_dir.resolve()
    if (folder / file_name).resolve().parent != folder:
        return "it resolves outside the sources folder (a symbolic link?)"
    return ""


def quote(file_name: str, start: int, end: int, sources_dir: Path) -> str | None:
    """The characters [start, end) of a source text, or None if the file cannot be read."""
    if not file_name or file_name_problem(file_name, sources_dir):
        return None
    path = sources_dir / file_name
    if not path.is_file():
        return None
    try:
        text, _ = read_source(path)
    except InputError:  # unreadable or not UTF-8: `napo validate` says which
        return None
    return text[start:end]
