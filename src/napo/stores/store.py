"""The embedded store: the knowledge layers in pyoxigraph, in memory or kept on disk.

A store on disk (`--store PATH`, and the one `napo serve` hands to the Oxigraph server) is
filled from the built layers (napo.stores.cache), never by reasoning itself: it records the
fingerprint of the inputs and is refilled, into a fresh directory that then replaces the old
one (napo.core.atomic), only when that fingerprint changes. A refill rebuilds only the
knowledge layers: every other graph of the old store (the registry graph `napo ingest --store`
wrote) is streamed into the new one before the swap. Concurrent fills of one store wait
for each other on a lock file beside it and then use the result.

A directory is replaced only when it is provably NAPO's: its marker file has exactly the fields
NAPO writes (a SHA-256 fingerprint, a version, a triple count per layer) and every other entry
is a file that a RocksDB store has. A forged or copied marker beside anything else (a user's
notes, a sub-folder) is refused and the directory left untouched.
"""

from __future__ import annotations

import errno
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from napo import __version__
from napo.core.atomic import directory_lock, replace_directory
from napo.core.errors import EXIT_BAD_INPUT, NapoError
from napo.core.resources import ontology_file
from napo.knowledge.graph_names import LAYER_IRIS, LAYER_NAMES
from napo.stores import cache
from napo.stores.fingerprint import fingerprint
from napo.stores.stream_load import LoadFailed, bulk_load_stream

if TYPE_CHECKING:  # the rdflib layers are built elsewhere; reading the store needs none
    from napo.knowledge.layers import Layers

MARKER = "napo-store.json"
DEFAULT_DATASET = [ox.NamedNode(iri) for iri in LAYER_IRIS.values()]
# The files RocksDB (as pyoxigraph configures it) writes into a store directory.
_ROCKSDB_FILE = re.compile(r"[0-9]{6,}\.(?:sst|log|blob)|CURRENT|IDENTITY|LOCK"
                           r"|LOG(?:\.old\.[0-9]+)?|MANIFEST-[0-9]+|OPTIONS-[0-9]+"
                           r"|[0-9A-Z_-]+\.dbtmp")
_FINGERPRINT = re.compile(r"[0-9a-f]{64}")
_HINT_FOREIGN = ("give a new or empty directory, or one that napo built; NAPO never deletes "
                 "files it did not write")


class StoreError(NapoError):
    """A --store directory that cannot be used (a file, a folder NAPO did not build, one that
    cannot be written or opened), or a store cache folder that cannot be written: bad input,
    exit 2, like any other option value that cannot be used."""

    exit_code = EXIT_BAD_INPUT


__all__ = ["fingerprint"]  # re-exported: the inputs' fingerprint lives in napo.stores.cache


def fill(store: ox.Store, layers: Layers) -> None:
    store.bulk_extend(layers.quads(stable=False))


def memory_store(layers: Layers | None = None) -> ox.Store:
    """The five layers as named graphs in an in-memory store: the given ones, else a fresh
    copy of the built store (rebuilt first if the inputs changed)."""
    store = ox.Store()
    if layers is None:
        store.bulk_extend(cache.built().store)  # a copy: callers may change theirs
    else:
        fill(store, layers)
    return store


def _marker_problem(marker: object) -> str | None:
    """Why a parsed marker is not one NAPO wrote, or None."""
    if not isinstance(marker, dict) or set(marker) != {"fingerprint", "napo", "triples"}:
        return "its fields are not fingerprint, napo, triples"
    if not isinstance(marker["fingerprint"], str) or not _FINGERPRINT.fullmatch(
            marker["fingerprint"]):
        return "its fingerprint is not a SHA-256 digest"
    if not isinstance(marker["napo"], str):
        return "its napo version is not a string"
    counts = marker["triples"]
    if (not isinstance(counts, dict) or set(counts) != set(LAYER_NAMES)
            or not all(type(n) is int and n >= 0 for n in counts.values())):
        return "its triple counts are not one number per layer (" + ", ".join(LAYER_NAMES) + ")"
    return None


def read_marker(path: Path) -> dict[str, object] | None:
    """The marker of a valid NAPO store at path, or None."""
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return None if _marker_problem(marker) else marker


def check_replaceable(path: Path) -> None:
    """Raise StoreError unless path is missing, an empty directory or a NAPO store."""
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        raise StoreError(f"{path} exists and is not a directory", _HINT_FOREIGN)
    entries = sorted(os.listdir(path))
    if not entries:
        return
    if MARKER not in entries:
        raise StoreError(f"{path} exists and is not a NAPO store (no {MARKER})", _HINT_FOREIGN)
    try:
        marker = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"{path} is not a NAPO store: {MARKER} is not NAPO's JSON ({error})",
                         _HINT_FOREIGN) from error
    if problem := _marker_problem(marker):
        raise StoreError(f"{path} is not a NAPO store: {MARKER} was not written by NAPO "
                         f"({problem})", _HINT_FOREIGN)
    foreign = [name for name in entries if name != MARKER and not (
        _ROCKSDB_FILE.fullmatch(name) and (path / name).is_file()
        and not (path / name).is_symlink())]
    if foreign:
        shown = ", ".join(foreign[:5]) + (" ..." if len(foreign) > 5 else "")
        raise StoreError(f"{path} is not a NAPO store: it holds {shown}, which a NAPO store "
                         "never has", _HINT_FOREIGN)


def _carried_graphs(old: ox.Store) -> list[ox.NamedNode | ox.DefaultGraph]:
    """The graphs of old that a refill keeps: all but the knowledge layers it rebuilds (the
    registry graph `napo ingest --store` wrote, and anything else put there)."""
    layers = set(DEFAULT_DATASET)
    graphs: list[ox.NamedNode | ox.DefaultGraph] = [
        g for g in old.named_graphs() if isinstance(g, ox.NamedNode) and g not in layers]
    if next(iter(old.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        graphs.append(ox.DefaultGraph())
    return sorted(graphs, key=str)


def _carry_over(old_path: Path, staging: Path) -> None:
    """Copy every graph but the layers from the store at old_path (if any) into the store
    just written at staging.

    Each graph is dumped as N-Triples into the bulk loader while it loads
    (napo.stores.stream_load): memory is the loader's whatever the registry's size, no dump
    file is written, and dump and load overlap (10^5 records: 65-70 s, 1.25 GB; dumping to a
    file first took 82 s, 1.7 GB; passing the quads through Python 148 s)."""
    if not (old_path / MARKER).is_file():
        return
    try:
        old = ox.Store.read_only(str(old_path))  # we hold the exclusive lock: no writer
    except OSError as error:
        raise StoreError(f"cannot refill the store {old_path}: its registry graph could not "
                         f"be read to carry it over ({error})",
                         "move the directory away (napo ingest --store rebuilds it with the "
                         "records) or free it from the process holding it") from error
    graphs = _carried_graphs(old)
    if not graphs:
        return
    store = ox.Store(str(staging))
    try:
        for graph in graphs:
            bulk_load_stream(store, graph, partial(_dump, old, graph))
        store.flush()
    except LoadFailed as error:
        raise StoreError(f"cannot refill the store {old_path}: its records could not be "
                         f"carried over ({error})", "the store was left as it was") from error
    finally:
        del store, old  # closes RocksDB, so the directory can be renamed and reopened


def _dump(old: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, stream: TextIO) -> None:
    old.dump(stream.buffer, ox.RdfFormat.N_TRIPLES, from_graph=graph)


def _write_store(path: Path, stamp: str) -> None:
    """Fill path from the built layers (one bulk load of their N-Quads, ~0.1 s)."""
    entry = cache.ensure_built()
    store = ox.Store(str(path))
    with cache.holding(entry):
        store.bulk_load(path=str(entry / cache.QUADS), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store  # closes RocksDB, so the directory can be renamed and reopened
    counts = cache.triple_counts(entry)
    (path / MARKER).write_text(json.dumps({"fingerprint": stamp, "napo": __version__,
                                           "triples": counts}, indent=2), encoding="utf-8")


def _refill(staging: Path, stamp: str, old: Path) -> None:
    """The new layers, then the old store's other graphs (the records) carried over."""
    _write_store(staging, stamp)
    _carry_over(old, staging)


def _is_current(path: Path, stamp: str) -> bool:
    marker = read_marker(path)
    return marker is not None and marker["fingerprint"] == stamp


def _os_error(path: Path, error: OSError) -> StoreError:
    """A clear message for a store that cannot be written where it was asked for."""
    where = error.filename or path
    if isinstance(error, PermissionError):
        what = f"permission denied on {where}"
    elif isinstance(error, NotADirectoryError):
        what = f"{where} (or a folder above it) is not a directory"
    else:
        what = f"{error.strerror or error} ({where})"
    return StoreError(f"cannot build the store {path}: {what}",
                      "give --store a path in a folder you can write, e.g. "
                      "~/.cache/napo-store")


def ensure_store(path: Path) -> bool:
    """Make path a current NAPO store; return True if this call (re)built it.

    Builders hold the store's lock: a second builder waits, then finds the store current.
    """
    path = Path(path)
    stamp = fingerprint()
    try:
        check_replaceable(path)  # a valid marker beside foreign files is refused too
        if _is_current(path, stamp):
            return False
        if path.parent.exists() and not path.parent.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(path.parent))
        path.parent.mkdir(parents=True, exist_ok=True)
        with directory_lock(path):
            if _is_current(path, stamp):  # built by another process while we waited
                check_replaceable(path)
                return False
            replace_directory(path, lambda staging: _refill(staging, stamp, path),
                              check=check_replaceable, locked=True)
    except OSError as error:
        raise _os_error(path, error) from error
    return True


def read_store(path: Path) -> ox.Store:
    """Open an existing store read-only, between two swaps (shared lock while opening)."""
    try:
        with directory_lock(path, shared=True):
            return ox.Store.read_only(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store {path}: {error}",
                         "another process may hold it open for writing; stop it or use a "
                         "different --store") from error


def open_store(path: Path, *, read_only: bool = True) -> ox.Store:
    """Open an up-to-date store at path, building it first if needed."""
    ensure_store(path)
    if read_only:
        return read_store(path)
    try:
        return ox.Store(str(path))
    except OSError as error:
        raise StoreError(f"cannot open the store {path}: {error}",
                         "another process may hold it open for writing; stop it or use a "
                         "different --store") from error


def publish(ontology: Path, layers: Layers, stamp: str) -> str:
    """Write the built store for the layers `napo build` just made from the inputs whose
    fingerprint is stamp, so that the next read command does not reason; returns where it
    went, or why it did not."""
    if Path(ontology).resolve() != ontology_file().resolve():
        return "not written: built from another edit file (--ontology)"
    if fingerprint() != stamp:  # the layers may mix old and new inputs: never key them wrong
        return "not written: the sources changed during the build (a read command rebuilds it)"
    try:
        entry = cache.write_entry(stamp, layers)
        ensure_store(entry / cache.SERVER_STORE)  # what `napo serve` hands to Oxigraph
    except (OSError, StoreError) as error:
        return f"not written: {error}"
    return str(entry)


@contextmanager
def served_store(path: Path | None) -> Iterator[Path]:
    """The store `napo serve` hands to Oxigraph: path (filled or refreshed first), else the
    built store's own, held (a shared lock) so that no cache pruning removes it meanwhile."""
    if path is not None:
        ensure_store(path)
        yield Path(path)
        return
    try:
        entry = cache.ensure_built()
    except OSError as error:
        raise StoreError(f"cannot write the store cache {cache.cache_root()}: {error}",
                         f"set {cache.CACHE_ENV} to a folder you can write, or give --store DIR"
                         ) from error
    with cache.holding(entry):
        location = entry / cache.SERVER_STORE
        ensure_store(location)
        yield location
