"""Reading files a person names: a specific error for a directory, a refused read or text that
is not UTF-8 (with its likely encoding and the command that converts it). No RDF library here:
read commands load query files through this module."""

from __future__ import annotations

import codecs
import errno
import stat
from pathlib import Path

from napo.core.errors import InputError, Location

_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def _encoding_guess(raw: bytes) -> tuple[str, str]:
    """What a file that is not UTF-8 most likely is, and the command that converts it.

    "Invalid UTF-8" alone does not tell a user that the editor saved UTF-16 or Latin-1.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return (f"it is {name} (byte-order mark)",
                    f"convert it: iconv -f {name} -t UTF-8 FILE > FILE.utf8")
    head = raw[:4096]
    nuls = head.count(0)
    if nuls and nuls >= len(head) // 4 and (head[1::2].count(0) > nuls * 0.9
                                             or head[0::2].count(0) > nuls * 0.9):
        return ("it looks like UTF-16 without a byte-order mark",
                "convert it: iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8 (or UTF-16BE)")
    if nuls or sum(head.count(c) for c in _CONTROL) > len(head) // 100:
        return ("it is a binary file, not text", "give a plain-text (UTF-8) file")
    return ("it looks like Latin-1 (ISO-8859-1 or Windows-1252)",
            "convert it: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8")


def decode_utf8(raw: bytes, path: Path) -> str:
    """raw as UTF-8 text; otherwise an InputError that names the encoding and the first bad
    byte's line and column."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        what, hint = _encoding_guess(raw)
        before = raw[:error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise InputError(Location(path, line, column),
                         f"not UTF-8 text (byte 0x{raw[error.start]:02x}): {what}",
                         hint.replace("FILE", str(path))) from error


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)  # what Path.exists ignores


def path_kind(path: Path) -> str:
    """'dir', 'file', 'other' or 'missing'. Path.is_file() raises on a name the system refuses
    (300 characters, a NUL byte); here that is an InputError naming the problem."""
    try:
        mode = Path(path).stat().st_mode
    except ValueError as error:
        raise InputError(Location(path), f"not a usable path: {error}",
                         "check the argument") from error
    except OSError as error:
        if error.errno in _MISSING:
            return "missing"
        raise InputError(Location(Path(str(path)[:80] + "…" if len(str(path)) > 80 else path)),
                         f"not a usable path: {error.strerror or error}",
                         "check the argument (a file name has at most 255 bytes)") from error
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a directory, a missing file or a refused read is an InputError."""
    path = Path(path)
    try:
        return path.read_bytes()
    except IsADirectoryError as error:
        raise InputError(Location(path), "is a directory, not a file",
                         "give a file inside it") from error
    except FileNotFoundError as error:
        raise InputError(Location(path), "file not found", "check the path") from error
    except PermissionError as error:
        raise InputError(Location(path), "permission denied: cannot read the file",
                         "check its permissions (ls -l), or copy it somewhere readable"
                         ) from error
    except OSError as error:
        raise InputError(Location(path), f"cannot read the file: {error.strerror or error}",
                         "check the path and that the file is readable") from error


def read_text(path: Path) -> str:
    """A UTF-8 text file's content, with a specific message when it cannot be read."""
    return decode_utf8(read_bytes(path), Path(path))
