"""Remember which mapping tables passed verification, so `napo build` checks codes once.

Verifying every code loads the official releases (HPO's hp.obo, the ICD-10-CM tabular list,
bioregistry: 3-4 s) although the answer only depends on the tables, the evidence excerpts, the
vendored extracts (data/vocabularies/), the pinned release packages and NAPO's own checking
code. The SHA-256 of all of them names a marker
file in NAPO's cache ($NAPO_CACHE, else $XDG_CACHE_HOME/napo, else ~/.cache/napo: the folder
napo.stores.cache keeps built stores in, here under verified/); when it exists those exact
inputs passed, and the build says the codes were checked (from the cache).
Only a clean result is remembered: a table with problems is verified (and reported) every time.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from importlib import metadata
from pathlib import Path

from napo.vocabularies.evidence import evidence_dir
from napo.vocabularies.mappings import MappingSet
from napo.vocabularies.vendored import extracts_dir
from napo.vocabularies.verification import VERIFY_PACKAGES, Problem, verify

_CODE = Path(__file__).resolve().parent  # napo/vocabularies: the checks themselves


def cache_dir() -> Path:
    """Where NAPO keeps results it can recompute (the same folder as napo.stores.cache)."""
    if explicit := os.environ.get("NAPO_CACHE"):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "napo"


def fingerprint(mapping_sets: list[MappingSet]) -> str:
    """SHA-256 over everything a verification result depends on."""
    digest = hashlib.sha256(b"napo verification 1\n")
    versions = []
    for dist in sorted(set(VERIFY_PACKAGES.values())):
        try:
            versions.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist} missing")
    inputs = [(f"table {s.path.name}", s.path) for s in mapping_sets]
    inputs += [(f"evidence {p.name}", p) for p in sorted(evidence_dir().glob("*"))
               if p.is_file()]
    inputs += [(f"extract {p.parent.name}/{p.name}", p)
               for p in sorted(extracts_dir().glob("*/terms.tsv"))]
    inputs += [(f"code {p.name}", p) for p in sorted(_CODE.glob("*.py"))]
    digest.update("\n".join(versions).encode())
    for name, path in inputs:
        content = path.read_bytes()
        digest.update(f"\n{name} {len(content)}\n".encode())
        digest.update(content)
    return digest.hexdigest()


def verify_cached(mapping_sets: list[MappingSet]) -> tuple[list[Problem], bool]:
    """verify(mapping_sets), or [] at once when these exact inputs passed before.

    Returns the problems and whether the answer came from the cache.
    """
    key = fingerprint(mapping_sets)
    marker = cache_dir() / "verified" / key
    if marker.is_file():
        return [], True
    problems = verify(mapping_sets)
    if not problems:
        _remember(marker, mapping_sets)
    return problems, False


def _remember(marker: Path, mapping_sets: list[MappingSet]) -> None:
    """Write the marker atomically; a cache that cannot be written is simply not used."""
    rows = sum(len(s.mappings) for s in mapping_sets)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=marker.parent, prefix=".marker-")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"{rows} mappings in {len(mapping_sets)} tables passed verification\n")
        os.replace(temporary, marker)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
