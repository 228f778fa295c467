"""The embedded store: pyoxigraph by default, kept on disk with --store, rebuilt only on change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from napo import store as store_module
from napo.cli import app
from napo.layers import LAYER_GRAPHS
from napo.store import MARKER, StoreError, ensure_store, open_store

runner = CliRunner()


def _count(store, graph) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    return int(next(iter(store.query(query)))["n"].value)


def test_store_is_built_once_and_reused(tmp_path: Path, monkeypatch) -> None:
    location = tmp_path / "store"
    assert ensure_store(location) is True
    marker = json.loads((location / MARKER).read_text())
    store = open_store(location)
    for name, graph in LAYER_GRAPHS.items():
        assert _count(store, graph) == marker["triples"][name] > 0
    del store
    assert ensure_store(location) is False  # same inputs: nothing rebuilt
    monkeypatch.setattr(store_module, "fingerprint", lambda: "changed inputs")
    assert ensure_store(location) is True  # new inputs: rebuilt into a fresh directory
    assert json.loads((location / MARKER).read_text())["fingerprint"] == "changed inputs"


def test_a_directory_that_is_not_a_napo_store_is_never_touched(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(StoreError, match="not a NAPO store"):
        ensure_store(precious)
    assert (precious / "thesis.txt").read_text() == "keep me"
    result = runner.invoke(app, ["query", "claims_per_source", "--store", str(precious)])
    assert result.exit_code == 1 and "not a NAPO store" in result.output


def test_query_on_a_store_equals_query_in_memory(tmp_path: Path) -> None:
    location = tmp_path / "store"
    in_memory = runner.invoke(app, ["query", "procedures_for_condition", "--format", "csv"])
    on_disk = runner.invoke(app, ["query", "procedures_for_condition", "--format", "csv",
                                  "--store", str(location)])
    assert in_memory.exit_code == on_disk.exit_code == 0, on_disk.output
    assert in_memory.output == on_disk.output and "trigeminal neuralgia" in on_disk.output
