"""Which files the knowledge graph is made from: the edit file and its imports, data/, and the
source texts. No RDF library: the store's fingerprint (napo.stores.fingerprint) lists these
files on every read command."""

from __future__ import annotations

import os
from pathlib import Path

from napo.core.resources import project_root


def data_files() -> list[Path]:
    """data/sources.ttl first, then claims, then the curated layer (mappings come later)."""
    data = project_root() / "data"
    return [data / "sources.ttl", *sorted((data / "claims").glob("*.ttl")), data / "curated.ttl"]


def sources_dir() -> Path:
    """The source texts: $NAPO_SOURCES, else shared/sources beside the checkout (or beside the
    working directory, for an installed package run from a clone)."""
    explicit = os.environ.get("NAPO_SOURCES")
    if explicit:
        return Path(explicit)
    candidates = [project_root().parent / "shared" / "sources",
                  Path.cwd().parent / "shared" / "sources", Path.cwd() / "shared" / "sources"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def ontology_sources(ontology: Path) -> list[Path]:
    """The edit file first, then the documented import modules in ontology/imports/."""
    return [ontology, *sorted((ontology.parent / "imports").glob("*.ttl"))]
