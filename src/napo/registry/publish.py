"""Publishing validated records: an output file renamed into place, or a store directory with
the new registry graph swapped in. Nothing is changed until the records are complete."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from pathlib import Path

import pyoxigraph as ox

from napo import __version__
from napo.core.atomic import replace_directory
from napo.registry.model import NAPO, REGISTRY_GRAPH
from napo.stores.store import StoreError
from napo.stores.stream_load import LoadFailed, Produce, bulk_load_stream

PREFIXES = {"napo": NAPO, "xsd": "http://www.w3.org/2001/XMLSchema#",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
            "dcterms": "http://purl.org/dc/terms/", "record": NAPO + "registry/record/"}


def _umask_mode(path: Path) -> None:
    """What open() would have given: temporary files are created 0600."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def atomic_text(path: Path, text: str) -> None:
    """Write text to path through a temporary sibling and one rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                     prefix=f".{path.name}-", delete=False) as handle:
        handle.write(text)
    _umask_mode(Path(handle.name))
    os.replace(handle.name, path)


def write_output(ntriples: Path, out: Path) -> None:
    """N-Triples renamed into place; Turtle converted by pyoxigraph first (streaming)."""
    if out.suffix == ".nt":
        _umask_mode(ntriples)
        os.replace(ntriples, out)
        return
    temp = out.with_name(f".{out.name}-{secrets.token_hex(4)}")
    try:
        with temp.open("wb") as handle:
            ox.serialize(ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES),
                         handle, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        os.replace(temp, out)
    finally:
        temp.unlink(missing_ok=True)


def stream_into_store(path: Path, produce: Produce) -> None:
    """Make path a NAPO store of the current knowledge layers plus, as its registry graph, the
    N-Triples produce writes while the bulk loader reads them (napo.stores.stream_load).
    What `napo ingest --store` does.

    The whole store directory is rebuilt beside the old one and swapped in atomically
    (napo.core.atomic.replace_directory, as `napo query --store` refreshes a store), so a reader
    sees the old records or the new, and a failed load leaves it as it was. Rebuilding costs
    two bulk loads (the knowledge layers are ~10^4 triples); replacing the graph inside the
    store would be one transaction holding every old and new triple (a SPARQL MOVE of 3.9
    million triples took over 10 GB here). The loaded graph is not counted: iterating it in
    Python took as long as loading it, and ingest knows what it wrote.
    """
    from napo.stores import cache
    from napo.stores.fingerprint import fingerprint
    from napo.stores.store import MARKER, check_replaceable

    graph = ox.NamedNode(REGISTRY_GRAPH)

    def fill(staging: Path) -> None:
        entry = cache.ensure_built()
        store = ox.Store(str(staging))
        with cache.holding(entry):
            store.bulk_load(path=str(entry / cache.QUADS), format=ox.RdfFormat.N_QUADS)
            counts = cache.triple_counts(entry)
        try:
            bulk_load_stream(store, graph, produce)
        except LoadFailed as error:
            raise StoreError(f"the records could not be loaded into the store {path}: "
                             f"{error}", "the store was left as it was; see the cause "
                             "above") from error
        store.flush()
        del store  # closes RocksDB before the directory is renamed
        (staging / MARKER).write_text(json.dumps({"fingerprint": fingerprint(),
                                                  "napo": __version__, "triples": counts},
                                                 indent=2), encoding="utf-8")

    try:
        check_replaceable(path)
        replace_directory(path, fill, check=check_replaceable)
    except OSError as error:
        raise StoreError(f"cannot load the records into the store {path}: {error}",
                         "give --store a folder you can write, not held open by another "
                         "process") from error

