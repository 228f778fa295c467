"""The built store that every read command opens: the five layers, cached by input fingerprint.

Data flows one way (DESIGN.md): `napo build` reasons and writes the release and this store;
`query`, `compare`, `conflicts`, `lookup`, `pcs`, `serve` … only read it. An entry is
`<cache>/<fingerprint>/`, the cache being `$NAPO_CACHE`, else `$XDG_CACHE_HOME/napo`, else
`~/.cache/napo`, and the fingerprint a SHA-256 of everything the layers are made from (the
edit file and its imports, data/, the SSSOM tables, NAPO's version and code). Why there:

* keyed by content, an entry never changes once written: no reader can see it half-replaced,
  two clones or branches keep their own entries (switching back is free), and a stale store is
  impossible, since changed inputs have another key. The first read command after an edit
  finds no entry and builds it once, under a lock, saying so on stderr;
* dist/ (the release) is where the user says (`--out`), absent outside a clone, kept at its
  old contents when a build fails, and published: no place for a private query cache.

An entry holds `napo.nq` (the layers as N-Quads), `napo-built.json` (fingerprint, version,
triples per layer) and, for `napo serve`, `store/` (a RocksDB store, napo.stores.store). Read
commands load napo.nq in memory (15 ms) rather than open the RocksDB copy: the competency
questions run 5-10x faster there (0.03 s vs 0.2-0.45 s). The KEEP newest entries are kept;
older ones are removed unless a reader or server holds them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from napo import __version__
from napo.core.atomic import directory_lock, replace_directory
from napo.core.resources import sources
from napo.knowledge.graph_names import LAYER_IRIS, LAYER_NAMES
from napo.stores.fingerprint import fingerprint

if TYPE_CHECKING:  # a read command that only runs SPARQL never imports rdflib
    from rdflib import Graph

    from napo.knowledge.layers import Layers
    from napo.queries.query import Dataset
    from napo.stores.lexicon import StoreLexicon

CACHE_ENV = "NAPO_CACHE"
QUADS = "napo.nq"
MARKER = "napo-built.json"
SERVER_STORE = "store"  # the RocksDB store `napo serve` hands to the Oxigraph server
KEEP = 8
_ENTRY = re.compile(r"[0-9a-f]{64}")
Progress = Callable[[str], None]


def cache_root() -> Path:
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "napo"


def _marker(entry: Path) -> dict | None:
    try:
        marker = json.loads((entry / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return marker if isinstance(marker, dict) else None


def is_current(entry: Path, stamp: str) -> bool:
    marker = _marker(entry)
    return (marker is not None and marker.get("fingerprint") == stamp
            and (entry / QUADS).is_file())


def triple_counts(entry: Path) -> dict[str, int]:
    return dict((_marker(entry) or {}).get("triples", {}))


def fill_entry(staging: Path, stamp: str, layers: Layers) -> None:
    """Write an entry's files into staging (a fresh directory, swapped in afterwards)."""
    (staging / QUADS).write_bytes(ox.serialize(layers.quads(stable=False),
                                               format=ox.RdfFormat.N_QUADS))
    counts = {name: len(layer) for name, layer in layers.items()}
    (staging / MARKER).write_text(json.dumps({"fingerprint": stamp, "napo": __version__,
                                              "triples": counts}, indent=2), encoding="utf-8")


def write_entry(stamp: str, layers: Layers) -> Path:
    """Store layers as the entry for stamp (what `napo build` calls); a current entry is kept."""
    entry = cache_root() / stamp
    entry.parent.mkdir(parents=True, exist_ok=True)
    with directory_lock(entry):
        if not is_current(entry, stamp):
            replace_directory(entry, lambda staging: fill_entry(staging, stamp, layers),
                              locked=True)
    prune(entry)
    return entry


def prune(keep: Path, limit: int = KEEP) -> list[Path]:
    """Remove all but the `limit` newest entries; one that is in use (locked) is skipped."""
    entries = [p for p in keep.parent.iterdir()
               if _ENTRY.fullmatch(p.name) and p.is_dir() and not p.is_symlink() and p != keep]
    entries.sort(key=lambda p: (p / MARKER).stat().st_mtime if (p / MARKER).is_file() else 0,
                 reverse=True)
    removed = []
    for old in entries[limit - 1:]:
        try:
            with directory_lock(old, wait=False):
                shutil.rmtree(old, ignore_errors=True)
                removed.append(old)
        except BlockingIOError:  # a reader or `napo serve` holds it
            continue
    return removed


def _say(text: str) -> None:
    """A notice on stderr (looked up at call time, so test runners capture it)."""
    print(text, file=sys.stderr, flush=True)


def compute_layers(progress: Progress = _say) -> Layers:
    """The layers from the sources (HermiT runs), with progress lines. HermiT classifies in
    Java while this thread reads the mappings and data/, as `napo build` does."""
    from napo.core.concurrency import Background
    from napo.knowledge import graph as knowledge

    for memo in (knowledge.ontology_and_inferences, knowledge.reasoned_ontology,
                 knowledge.mapping_graph, knowledge.knowledge_layers):
        memo.cache_clear()  # the inputs changed: what this process remembers is stale
    progress("  [1/3] reasoning (HermiT) and materialising; reading the mappings and data/ "
             "meanwhile ...")
    reasoning = Background(knowledge.ontology_and_inferences)
    try:
        mappings = knowledge.mapping_graph()
        curated = knowledge.read_files(knowledge.curated_files())
        claims = knowledge.read_files(knowledge.claims_files())
    finally:
        base, inferred = reasoning.result()  # an error in the ontology is reported first
    progress("  [2/3] splitting the layers ...")
    return knowledge.assemble_layers(base, inferred, mappings, curated, claims)


def ensure_built(progress: Progress = _say) -> Path:
    """The current entry, built first (once, under its lock) when the inputs changed."""
    while True:
        stamp = fingerprint()
        entry = cache_root() / stamp
        if is_current(entry, stamp):
            return entry
        entry.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(entry, progress):
            if is_current(entry, stamp):  # another process built it while we waited
                return entry
            known = any(_ENTRY.fullmatch(p.name) for p in entry.parent.iterdir())
            progress(("inputs changed: rebuilding the store" if known else
                      "no store built for these inputs yet: building it")
                     + " once (HermiT, mappings, data; `napo build` does it too)")
            progress(f"  {sources().describe()}; store {entry}")
            started = time.perf_counter()
            layers = compute_layers(progress)
            if fingerprint() != stamp:  # edited meanwhile: the layers may mix old and new
                progress("  the sources changed meanwhile: starting again")
                continue
            progress("  [3/3] writing the store ...")
            replace_directory(entry, partial(fill_entry, stamp=stamp, layers=layers),
                              locked=True)
            progress(f"  store built in {time.perf_counter() - started:.1f} s")
        prune(entry)
        return entry


@contextmanager
def _exclusive(entry: Path, progress: Progress) -> Iterator[None]:
    """entry's lock, saying why we wait when another command is building it."""
    with ExitStack() as held:
        try:
            held.enter_context(directory_lock(entry, wait=False))
        except BlockingIOError:
            progress("another napo command is building the store: waiting for it ...")
            held.enter_context(directory_lock(entry))
        yield


@dataclass
class Built:
    """The built store in memory: `store` for SPARQL, `lexicon` for names, `graph` for
    rdflib-style walking (PCS coding, span checks)."""

    entry: Path | None  # None when the cache could not be written (built in memory)
    store: ox.Store

    @cached_property
    def dataset(self) -> Dataset:
        """The default graph for the competency questions: the five layers. When the store
        holds nothing else (as built), their union, which pyoxigraph answers faster."""
        from napo.queries.query import ALL_GRAPHS
        from napo.stores.store import DEFAULT_DATASET

        layers = set(DEFAULT_DATASET)
        only_layers = set(self.store.named_graphs()) <= layers and not any(
            True for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return ALL_GRAPHS if only_layers else DEFAULT_DATASET

    @cached_property
    def lexicon(self) -> StoreLexicon:
        """Labels, synonyms and parents for resolving names, without rdflib."""
        from napo.stores.lexicon import StoreLexicon

        return StoreLexicon(self.store)

    @cached_property
    def graph(self) -> Graph:
        from napo.stores.view import view

        return view(self.store)

    def layers(self) -> Layers:
        """The layers as rdflib graphs (a copy: for `napo load`, not for hot paths)."""
        from napo.core.namespaces import new_graph
        from napo.core.rdfio import to_rdflib
        from napo.knowledge.layers import Layers

        graphs = []
        for name in LAYER_NAMES:
            graph = new_graph()
            for quad in self.store.quads_for_pattern(None, None, None,
                                                     ox.NamedNode(LAYER_IRIS[name])):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate),
                           to_rdflib(quad.object)))
            graphs.append(graph)
        return Layers(*graphs)


_MEMO: dict[str, Built] = {}


@contextmanager
def holding(entry: Path) -> Iterator[None]:
    """Keep entry from being pruned while it is in use (a shared lock)."""
    with directory_lock(entry, shared=True):
        yield


def load(entry: Path, stamp: str) -> ox.Store | None:
    """entry's layers in an in-memory store, or None if it was pruned meanwhile.

    lenient: the file is ours and was checked when written; skipping IRI validation halves
    the load time."""
    with holding(entry):
        if not is_current(entry, stamp):
            return None
        store = ox.Store()
        store.load(path=str(entry / QUADS), format=ox.RdfFormat.N_QUADS, lenient=True)
    return store


def built(progress: Progress = _say) -> Built:
    """The built store for the current inputs, rebuilt once first if they changed.

    When the cache folder cannot be written, the layers are built in memory (every command
    then reasons again) and the notice says how to fix it.
    """
    stamp = fingerprint()
    if stamp in _MEMO:
        return _MEMO[stamp]
    try:
        store = None
        while store is None:  # pruned between the build and the load: build it again
            entry = ensure_built(progress)
            store = load(entry, entry.name)
        result = Built(entry, store)
        stamp = entry.name
    except OSError as error:
        progress(f"cannot write the store cache {cache_root()} ({error.strerror or error}): "
                 f"building in memory; set {CACHE_ENV} to a folder you can write")
        store = ox.Store()
        store.bulk_extend(compute_layers(progress).quads(stable=False))
        result = Built(None, store)
    _MEMO[stamp] = result
    return result
