"""A store refilled because the knowledge inputs changed keeps its registry graph, and a refill
that fails leaves the old store (records included) as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from napo.registry.ingest import ingest
from napo.registry.model import REGISTRY_GRAPH
from napo.stores import store as store_module
from napo.stores.store import DEFAULT_DATASET, MARKER, ensure_store
from tests.registry.conftest import write_csv

GRAPH = ox.NamedNode(REGISTRY_GRAPH)
OTHER = ox.NamedNode("https://example.org/graphs/notes")


def _quads(path: Path, graph) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    return set(store.quads_for_pattern(None, None, None, graph))


def _layer_triples(path: Path) -> int:
    store = ox.Store.read_only(str(path))
    return sum(1 for g in DEFAULT_DATASET for _ in store.quads_for_pattern(None, None, None, g))


@pytest.fixture
def store_with_records(tmp_path: Path, vocab, broken_rows) -> Path:
    source = write_csv(tmp_path / "r.csv", [row for row, kind in broken_rows if kind is None])
    location = tmp_path / "store"
    ingest(str(source), store=location, vocab=vocab)
    return location


def test_a_refill_carries_the_registry_graph_over(store_with_records: Path, monkeypatch) -> None:
    location = store_with_records
    records = _quads(location, GRAPH)
    layers = _layer_triples(location)
    assert len(records) > 100
    extra = ox.Store(str(location))  # a graph someone else put there is kept as well
    extra.add(ox.Quad(OTHER, OTHER, ox.Literal("kept"), OTHER))
    extra.add(ox.Quad(OTHER, OTHER, ox.Literal("default"), ox.DefaultGraph()))
    extra.flush()
    del extra
    monkeypatch.setattr(store_module, "fingerprint", lambda: "d" * 64)
    assert ensure_store(location) is True  # new inputs: rebuilt into a fresh directory
    assert json.loads((location / MARKER).read_text())["fingerprint"] == "d" * 64
    assert _quads(location, GRAPH) == records
    assert len(_quads(location, OTHER)) == 1
    assert len(_quads(location, ox.DefaultGraph())) == 1
    assert not (location / "napo-carry-over.nt").exists()
    assert _layer_triples(location) == layers  # the layers were loaded once, not twice
    assert ensure_store(location) is False
    assert not [p for p in location.parent.iterdir() if p.name.startswith(".store-")]


def test_a_failed_refill_leaves_the_store_and_its_records(store_with_records: Path,
                                                          monkeypatch) -> None:
    location = store_with_records
    records = _quads(location, GRAPH)
    marker = (location / MARKER).read_text()

    def broken(old: ox.Store) -> list:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "_carried_graphs", broken)
    monkeypatch.setattr(store_module, "fingerprint", lambda: "e" * 64)
    with pytest.raises(store_module.StoreError, match="No space left"):
        ensure_store(location)
    assert (location / MARKER).read_text() == marker
    assert _quads(location, GRAPH) == records
    assert not [p for p in location.parent.iterdir() if p.name.startswith(".store-")]


def test_a_refill_whose_load_fails_leaves_the_store(store_with_records: Path,
                                                    monkeypatch) -> None:
    """The records stream from the old store into the new one's loader: a loader that stops
    (here on bad N-Triples) fails the refill, and the old store keeps its records."""
    location = store_with_records
    records = _quads(location, GRAPH)

    def garbled(_old, _graph, stream) -> None:
        stream.write("<https://w3id.org/napo/x> not N-Triples\n" * 100_000)

    monkeypatch.setattr(store_module, "_dump", garbled)
    monkeypatch.setattr(store_module, "fingerprint", lambda: "f" * 64)
    with pytest.raises(store_module.StoreError, match="could not be carried over"):
        ensure_store(location)
    assert _quads(location, GRAPH) == records
    assert not [p for p in location.parent.iterdir() if p.name.startswith(".store-")]
