"""The embedded store: the knowledge layers in pyoxigraph, in memory or kept on disk.

A store on disk (`--store PATH`) saves re-running HermiT and re-parsing data/ on every call: it
records a fingerprint of everything it was built from and is rebuilt, into a fresh directory
that then replaces the old one, only when that fingerprint changes. A directory that is not a
NAPO store is never touched.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from napo import __version__
from napo.atomic import replace_directory
from napo.errors import NapoError
from napo.knowledge import data_files, knowledge_layers, ontology_sources
from napo.layers import LAYER_GRAPHS, Layers
from napo.resources import ontology_file, project_root

MARKER = "napo-store.json"
DEFAULT_DATASET = [ox.NamedNode(str(iri)) for iri in LAYER_GRAPHS.values()]


class StoreError(NapoError):
    """A --store directory that cannot be used."""


def fingerprint() -> str:
    """SHA-256 over the NAPO version and every input file's name and bytes."""
    inputs = [*ontology_sources(ontology_file()), *data_files(),
              *sorted((project_root() / "data" / "mappings").rglob("*.tsv"))]
    digest = hashlib.sha256(__version__.encode())
    for path in inputs:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fill(store: ox.Store, layers: Layers) -> None:
    store.bulk_extend(layers.quads(stable=False))


def memory_store(layers: Layers | None = None) -> ox.Store:
    """The five layers as named graphs in an in-memory store."""
    store = ox.Store()
    fill(store, layers or knowledge_layers())
    return store


def _marker(path: Path) -> dict[str, object] | None:
    try:
        return json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_store(path: Path, stamp: str) -> None:
    layers = knowledge_layers()
    store = ox.Store(str(path))
    fill(store, layers)
    store.flush()
    del store  # closes RocksDB, so the directory can be renamed and reopened
    counts = {name: len(layer) for name, layer in layers.items()}
    (path / MARKER).write_text(json.dumps({"fingerprint": stamp, "napo": __version__,
                                           "triples": counts}, indent=2), encoding="utf-8")


def ensure_store(path: Path) -> bool:
    """Make path a current NAPO store; return True if it had to be (re)built."""
    path = Path(path)
    stamp = fingerprint()
    if path.exists():
        marker = _marker(path)
        if marker is None and (not path.is_dir() or any(path.iterdir())):
            raise StoreError(f"{path} exists and is not a NAPO store (no {MARKER})",
                             "give a new or empty directory; NAPO never overwrites other data")
        if marker is not None and marker.get("fingerprint") == stamp:
            return False
    if path.is_dir() and not any(path.iterdir()):
        path.rmdir()
    replace_directory(path, lambda staging: _write_store(staging, stamp))
    return True


def open_store(path: Path, *, read_only: bool = True) -> ox.Store:
    """Open an up-to-date store at path, building it first if needed."""
    ensure_store(path)
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store {path}: {error}",
                         "another process may hold it open for writing; stop it or use a "
                         "different --store") from error
