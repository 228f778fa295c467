"""The embedded store: pyoxigraph by default, kept on disk with --store, rebuilt only on change."""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from napo.cli import app
from napo.core.atomic import replace_directory
from napo.core.deadline import run_with_timeout
from napo.knowledge.layers import LAYER_GRAPHS
from napo.stores import store as store_module
from napo.stores.store import (
    DEFAULT_DATASET,
    MARKER,
    StoreError,
    check_replaceable,
    ensure_store,
    open_store,
)

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
    monkeypatch.setattr(store_module, "fingerprint", lambda: "c" * 64)
    assert ensure_store(location) is True  # new inputs: rebuilt into a fresh directory
    assert json.loads((location / MARKER).read_text())["fingerprint"] == "c" * 64


def test_a_directory_that_is_not_a_napo_store_is_never_touched(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    with pytest.raises(StoreError, match="not a NAPO store"):
        ensure_store(precious)
    assert (precious / "thesis.txt").read_text() == "keep me"
    result = runner.invoke(app, ["query", "claims_per_source", "--store", str(precious)])
    assert result.exit_code == 2 and "not a NAPO store" in result.output


def test_query_on_a_store_equals_query_in_memory(tmp_path: Path) -> None:
    location = tmp_path / "store"
    in_memory = runner.invoke(app, ["query", "procedures_for_condition", "--format", "csv"])
    on_disk = runner.invoke(app, ["query", "procedures_for_condition", "--format", "csv",
                                  "--store", str(location)])
    assert in_memory.exit_code == on_disk.exit_code == 0, on_disk.output
    assert in_memory.output == on_disk.output and "trigeminal neuralgia" in on_disk.output


# -- store directories: locks, atomic swaps, never touching what is not NAPO's ---------------
def _fake_store(path: Path, stamp: str = "a" * 64) -> None:
    """What _write_store leaves, without running the reasoner: RocksDB-named files + marker."""
    path.mkdir(parents=True, exist_ok=True)
    for name in ("000009.sst", "CURRENT", "IDENTITY", "LOCK", "LOG", "MANIFEST-000005",
                 "OPTIONS-000007"):
        (path / name).write_text(name)
    (path / MARKER).write_text(json.dumps({"fingerprint": stamp, "napo": "0.1.0", "triples": {
        name: 1 for name in LAYER_GRAPHS}}))


def test_concurrent_swaps_never_fail_leave_debris_or_show_no_directory(tmp_path: Path) -> None:
    target, swaps_per_writer, writers = tmp_path / "out", 30, 30
    errors: list[BaseException] = []
    missing, reads = [0], [0]
    stop = threading.Event()

    def writer(number: int) -> None:
        for swap in range(swaps_per_writer):
            try:
                replace_directory(target, lambda staging, text=f"{number}-{swap}": (
                    staging / "id").write_text(text))
            except BaseException as error:
                errors.append(error)

    def reader() -> None:
        while not stop.is_set():
            reads[0] += 1
            if not (target / "id").exists():
                missing[0] += 1

    replace_directory(target, lambda staging: (staging / "id").write_text("first"))
    readers = [threading.Thread(target=reader) for _ in range(2)]
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in readers + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    stop.set()
    for thread in readers:
        thread.join(timeout=10)
    assert errors == [] and reads[0] > 0
    assert missing == [0], f"readers saw no directory {missing[0]} times in {reads[0]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]  # no debris
    assert (target / "id").read_text().count("-") == 1


def _swap_in_a_process(target: Path) -> None:
    for swap in range(40):
        replace_directory(target, lambda staging, text=str(swap): (
            staging / "id").write_text(text))


def test_swaps_from_several_processes_wait_for_each_other(tmp_path: Path) -> None:
    target = tmp_path / "out"
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_swap_in_a_process, args=(target,)) for _ in range(6)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
    assert [p.exitcode for p in processes] == [0] * 6
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_debris_of_a_killed_writer_is_cleaned_and_a_failed_fill_changes_nothing(
        tmp_path: Path) -> None:
    target = tmp_path / "out"
    (tmp_path / ".out-new-abcd1234").mkdir()  # as a writer killed mid-fill leaves it
    replace_directory(target, lambda staging: (staging / "id").write_text("1"))
    with pytest.raises(RuntimeError):
        replace_directory(target, lambda staging: (_ for _ in ()).throw(RuntimeError("no")))
    assert (target / "id").read_text() == "1"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.lock", "out"]


def test_concurrent_builds_of_one_store_build_it_once(tmp_path: Path, monkeypatch) -> None:
    location, builds = tmp_path / "store", []
    stamp = store_module.fingerprint()

    def slow_build(path: Path, stamp: str) -> None:
        builds.append(path)
        time.sleep(0.3)
        _fake_store(path, stamp)

    monkeypatch.setattr(store_module, "_write_store", slow_build)
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(ensure_store(location)))
               for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(builds) == 1 and sorted(results) == [False] * 4 + [True]
    assert json.loads((location / MARKER).read_text())["fingerprint"] == stamp


@pytest.mark.parametrize("forgery", [
    {"fingerprint": "a" * 64, "napo": "0.1.0", "triples": {n: 1 for n in LAYER_GRAPHS}},
    {"fingerprint": "anything"},
    "not json",
])
def test_a_forged_marker_beside_the_users_files_is_refused(tmp_path: Path, forgery) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me")
    (precious / MARKER).write_text(forgery if isinstance(forgery, str) else json.dumps(forgery))
    before = sorted(p.name for p in precious.iterdir())
    with pytest.raises(StoreError, match="not a NAPO store"):
        ensure_store(precious)
    with pytest.raises(StoreError, match="not a NAPO store"):
        replace_directory(precious, lambda staging: None, check=check_replaceable)
    assert sorted(p.name for p in precious.iterdir()) == before
    assert (precious / "thesis.txt").read_text() == "keep me"


def test_a_real_store_with_a_users_file_added_is_refused(tmp_path: Path) -> None:
    location = tmp_path / "store"
    _fake_store(location)
    check_replaceable(location)  # NAPO's own files only: may be replaced
    (location / "notes").mkdir()
    with pytest.raises(StoreError, match="holds notes"):
        check_replaceable(location)


def test_a_store_that_cannot_be_written_gives_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("")
    result = runner.invoke(app, ["query", "claims_per_source", "--store", str(a_file / "store")])
    assert result.exit_code == 2 and "is not a directory" in result.output, result.output
    assert "Traceback" not in result.output and "--store" in result.output
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    if os.geteuid() == 0:  # root ignores permissions: fail the way a read-only folder does

        def denied(target: Path, *, shared: bool = False) -> None:
            raise PermissionError(13, "Permission denied", str(read_only / ".store.lock"))

        monkeypatch.setattr(store_module, "directory_lock", denied)
    result = runner.invoke(app, ["query", "claims_per_source", "--store",
                                 str(read_only / "store")])
    read_only.chmod(0o700)
    assert result.exit_code == 2 and "permission denied" in result.output, result.output
    assert "Traceback" not in result.output and not (read_only / "store").exists()


def test_the_worker_process_costs_little(tmp_path: Path) -> None:
    """`napo query --timeout` runs the embedded engine in a forked worker: measure the cost."""
    store = store_module.memory_store()
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    started = time.perf_counter()
    for _ in range(5):
        direct = list(store.query(query, default_graph=DEFAULT_DATASET))
    direct_seconds = (time.perf_counter() - started) / 5
    started = time.perf_counter()
    for _ in range(5):
        worked = run_with_timeout(lambda: [s["n"].value for s in store.query(
            query, default_graph=DEFAULT_DATASET)], 30)
    worker_seconds = (time.perf_counter() - started) / 5
    assert worked == [direct[0]["n"].value]
    assert worker_seconds - direct_seconds < 0.25, (direct_seconds, worker_seconds)
