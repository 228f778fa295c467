"""Where the hand-edited sources live: the clone you are in, else the copy in the package.

Run inside a clone (the working directory or a folder above it holds `ontology/napo.ttl` and a
`pyproject.toml` naming the `napo` project), every command reads that clone's `ontology/`,
`data/`, `queries/` and `shapes/`, however NAPO was installed: after `pip install .` an edit
in the clone must not be silently ignored in favour of the copy the wheel embedded. Outside a
clone the embedded copy (`napo/_resources`, see pyproject's force-include) is used; an editable
install has none and falls back to the clone it was installed from.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/napo/core -> src/napo
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent  # src/napo -> repository root (editable install)
_EMBEDDED_ROOT = _PACKAGE_DIR / "_resources"
# `name = "napo"` in pyproject's [project] table, read line by line: tomllib would cost 15 ms
# of import for one key.
_TABLE = re.compile(r"\s*\[([^\]]*)\]\s*(?:#.*)?")
_NAME = re.compile(r"""\s*name\s*=\s*["']napo["']\s*(?:#.*)?""")


@dataclass(frozen=True)
class Sources:
    """Where the sources come from: kind is "checkout" or "embedded"."""

    root: Path
    kind: str

    def describe(self) -> str:
        if self.kind == "checkout":
            return f"using the checkout at {self.root}"
        return f"using the copy embedded in the package ({self.root})"


def is_checkout(folder: Path) -> bool:
    """A NAPO clone: ontology/napo.ttl beside a pyproject.toml whose project is napo."""
    try:
        if not (folder / "ontology" / "napo.ttl").is_file():
            return False
        text = (folder / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    table = ""
    for line in text.splitlines():
        if header := _TABLE.fullmatch(line):
            table = header.group(1).strip()
        elif table == "project" and _NAME.fullmatch(line):
            return True
    return False


@lru_cache(maxsize=16)
def _enclosing_checkout(cwd: str) -> Path | None:
    """The nearest clone at or above cwd (cached per directory: commands ask often)."""
    folder = Path(cwd)
    for candidate in (folder, *folder.parents):
        if is_checkout(candidate):
            return candidate
    return None


def sources() -> Sources:
    """The clone around the working directory, else the embedded copy, else (an editable
    install run elsewhere) the clone the package lives in."""
    try:
        cwd = os.getcwd()
    except OSError:  # the working directory was deleted
        cwd = ""
    if cwd and (found := _enclosing_checkout(cwd)) is not None:
        return Sources(found, "checkout")
    if (_EMBEDDED_ROOT / "ontology" / "napo.ttl").is_file():
        return Sources(_EMBEDDED_ROOT, "embedded")
    return Sources(_CHECKOUT_ROOT, "checkout")


def project_root() -> Path:
    """The folder that holds ontology/, data/, queries/ and shapes/."""
    return sources().root


def ontology_file() -> Path:
    return project_root() / "ontology" / "napo.ttl"


def qc_queries_dir() -> Path:
    return project_root() / "queries" / "qc"
