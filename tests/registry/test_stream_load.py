"""napo ingest --store streams the records into the bulk loader while it checks them: the store
gets what --out writes, and a row that fails or a loader that stops leaves the old store (and
its records) exactly as it was, with no staging directory left behind."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from napo.registry.ingest import RowsRejected, ingest
from napo.registry.model import REGISTRY_GRAPH
from napo.registry.publish import stream_into_store
from napo.stores.store import StoreError
from tests.registry.conftest import write_csv

GRAPH = ox.NamedNode(REGISTRY_GRAPH)


def registry(store_dir) -> set[ox.Quad]:
    store = ox.Store.read_only(str(store_dir))
    return set(store.quads_for_pattern(None, None, None, GRAPH))


def test_the_store_holds_what_out_writes(tmp_path, vocab, broken_rows) -> None:
    source = write_csv(tmp_path / "r.csv", [row for row, kind in broken_rows if kind is None])
    outcome = ingest(str(source), out=tmp_path / "r.nt", store=tmp_path / "store", vocab=vocab)
    reference = ox.Store()  # a store writes literals in canonical form: compare store to store
    reference.bulk_load(path=str(tmp_path / "r.nt"), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=GRAPH)
    written = set(reference)
    assert registry(tmp_path / "store") == written
    assert outcome.triples + 6 == len(written)  # the records and the dataset description


def test_a_failing_row_leaves_the_old_store(tmp_path, vocab, broken_rows) -> None:
    good = [row for row, kind in broken_rows if kind is None]
    store_dir = tmp_path / "store"
    ingest(str(write_csv(tmp_path / "old.csv", good[:3])), store=store_dir, vocab=vocab)
    before = registry(store_dir)
    rows = [*good[3:], broken_rows[12][0]]  # the bad row comes last, after all good ones
    with pytest.raises(RowsRejected):
        ingest(str(write_csv(tmp_path / "new.csv", rows)), store=store_dir, vocab=vocab)
    assert registry(store_dir) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".store-")] == []


def test_a_loader_error_stops_the_writer_and_keeps_the_store(tmp_path, vocab, broken_rows
                                                             ) -> None:
    store_dir = tmp_path / "store"
    ingest(str(write_csv(tmp_path / "old.csv", [broken_rows[0][0]])), store=store_dir,
           vocab=vocab)
    before = registry(store_dir)
    written = []

    def produce(stream) -> None:  # a bad line, then far more than a pipe holds
        stream.write("<https://w3id.org/napo/x> not N-Triples\n")
        for n in range(400_000):
            stream.write(f"<https://w3id.org/napo/s{n}> <https://w3id.org/napo/p> \"{n}\" .\n")
            written.append(n)

    with pytest.raises(StoreError, match="could not be loaded"):
        stream_into_store(store_dir, produce)
    assert len(written) < 400_000  # the writer was stopped, not left blocked or run to the end
    assert registry(store_dir) == before
