"""The built store: read commands open it, never reason, and rebuild it once after an edit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from napo.cli import app
from napo.core.atomic import directory_lock
from napo.core.namespaces import NAPO
from napo.core.resources import project_root
from napo.knowledge.layers import LAYER_GRAPHS
from napo.stores import cache
from napo.stores.store import read_marker, served_store

from ..conftest import make_clone

runner = CliRunner()
HEAVY = ("owlready2", "pyshacl", "pandas", "sssom")
# Runs one command in a fresh interpreter and reports which heavy libraries it imported.
_PROBE = """
import json, sys
watched = json.loads(sys.argv[2])
sys.argv = ["napo", *json.loads(sys.argv[1])]
from napo.cli import app
code = 0
try:
    app()
except SystemExit as exit:
    code = exit.code or 0
heavy = sorted(name for name in watched if name in sys.modules)
sys.stderr.write("\\nNAPO-PROBE " + json.dumps({"code": code, "heavy": heavy}) + "\\n")
"""


def _probe(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args), json.dumps(HEAVY)],
                          cwd=project_root(), capture_output=True, text=True, timeout=120,
                          env={**os.environ, "COLUMNS": "200"})
    line = done.stderr.rsplit("NAPO-PROBE ", 1)
    assert len(line) == 2, done.stderr
    return json.loads(line[1])


def test_read_commands_import_no_reasoner_validator_or_pandas(tmp_path: Path) -> None:
    cache.ensure_built()  # warm: the probes read the built store
    text = tmp_path / "source.txt"
    text.write_text("Cordotomy divides the spinothalamic tract.", encoding="utf-8")
    commands = [
        ["--help"], ["queries"], ["query", "procedure_matrix"],
        ["query", "procedures_for_condition", "--param", "condition=trigeminal neuralgia"],
        ["compare", "cordotomy", "mesencephalic tractotomy"], ["conflicts"],
        ["conflicts", "--format", "tsv"], ["lookup", "icd10cm:G50.0"],
        ["lookup", "spinal", "--in", "uberon"], ["pcs", "008W3ZZ"],
        ["pcs", "percutaneous cervical cordotomy"], ["locate", str(text), "spinothalamic"],
    ]
    for args in commands:
        probe = _probe(args)
        assert probe == {"code": 0, "heavy": []}, (args, probe)


def _edit_and_query(clone: Path, *args: str) -> tuple[int, str, str]:
    cache._MEMO.clear()  # as a new process would start
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_an_input_change_rebuilds_the_store_once(tmp_path: Path, monkeypatch) -> None:
    clone = make_clone(tmp_path / "clone")
    monkeypatch.chdir(clone)
    monkeypatch.setenv("NAPO_CACHE", str(tmp_path / "cache"))
    query = ("compare", "zz test synonym", "rhizotomy")
    code, _, stderr = _edit_and_query(clone, "queries")
    assert code == 0 and "store" not in stderr  # listing questions needs no store
    code, _, stderr = _edit_and_query(clone, "query", "claims_per_source", "--format", "csv")
    assert code == 0 and stderr.count("building it once") == 1, stderr
    assert f"using the checkout at {clone}" in stderr and "[1/3]" in stderr
    code, _, stderr = _edit_and_query(clone, *query)
    assert code == 2 and "rebuilding" not in stderr and "no procedure" in stderr, stderr
    with (clone / "data" / "curated.ttl").open("a", encoding="utf-8") as curated:
        curated.write(f'\n<{NAPO.Cordotomy}> <http://www.w3.org/2004/02/skos/core#altLabel> '
                      '"zz test synonym"@en .\n')
    code, stdout, stderr = _edit_and_query(clone, *query)
    assert code == 0 and stderr.count("inputs changed: rebuilding the store") == 1, stderr
    assert "cordotomy" in stdout  # the edit is what the command read
    code, stdout, stderr = _edit_and_query(clone, *query)
    assert code == 0 and "rebuilding" not in stderr and "cordotomy" in stdout, stderr


def test_build_publishes_the_store_the_read_commands_open(release) -> None:
    out, report = release
    entry = Path(report.store)  # keyed by the inputs the build read (they may change later)
    assert entry.parent == cache.cache_root() and cache.is_current(entry, entry.name), entry
    assert (entry / cache.SERVER_STORE / "napo-store.json").is_file()  # for `napo serve`
    counts = cache.triple_counts(entry)
    store = cache.load(entry, entry.name)
    for name, graph in LAYER_GRAPHS.items():
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        assert int(next(iter(store.query(query)))["n"].value) == counts[name] > 0
    published = sum(1 for line in (out / "napo.nq").read_text().splitlines() if line.strip())
    assert published == sum(counts.values())


def test_the_view_reads_the_store_like_an_rdflib_graph() -> None:
    built = cache.built()
    graph, merged = built.graph, built.layers().merged()
    assert len(graph) == len(merged)
    for subject in (NAPO.Cordotomy, NAPO.Rhizotomy, NAPO.TrigeminalNeuralgia):
        assert set(graph.predicate_objects(subject)) == set(merged.predicate_objects(subject))
        assert graph.value(subject, RDFS.label) == merged.value(subject, RDFS.label)
    assert set(graph.subjects(RDFS.subClassOf, NAPO.Rhizotomy)) == set(
        merged.subjects(RDFS.subClassOf, NAPO.Rhizotomy))
    with pytest.raises(TypeError, match="read-only"):
        graph.add((NAPO.A, RDFS.label, NAPO.B))


def test_pruning_keeps_the_newest_entries_and_any_in_use(tmp_path: Path) -> None:
    entries = []
    for number in range(cache.KEEP + 3):
        entry = tmp_path / f"{number:064x}"
        entry.mkdir()
        (entry / cache.MARKER).write_text("{}")
        os.utime(entry / cache.MARKER, (number, number))
        entries.append(entry)
    (tmp_path / "notes").mkdir()  # not an entry: never touched
    with directory_lock(entries[0], shared=True):  # a reader holds the oldest
        removed = cache.prune(entries[-1])
    assert sorted(removed) == entries[1:3]
    assert entries[0].is_dir() and all(e.is_dir() for e in entries[3:])
    assert (tmp_path / "notes").is_dir()


def test_an_unwritable_cache_builds_in_memory_and_says_so(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("NAPO_CACHE", str(blocker / "cache"))
    cache._MEMO.clear()
    try:
        result = runner.invoke(app, ["query", "claims_per_source", "--format", "csv"])
    finally:
        cache._MEMO.clear()
    assert result.exit_code == 0 and "building in memory" in result.stderr, result.output
    assert "NAPO_CACHE" in result.stderr and "source" in result.stdout


def test_serve_without_a_store_serves_the_built_stores_copy_and_holds_it() -> None:
    with served_store(None) as location:
        entry = location.parent
        assert entry.parent == cache.cache_root() and location.name == cache.SERVER_STORE
        assert read_marker(location)["fingerprint"] == entry.name  # filled from the entry
        with pytest.raises(BlockingIOError), directory_lock(entry, wait=False):
            pass  # a pruner cannot take it while the server runs
    with directory_lock(entry, wait=False):
        pass  # released when the server stops


def test_concurrent_first_reads_build_the_store_once(tmp_path: Path, monkeypatch) -> None:
    layers, calls, lines = cache.built().layers(), [], []

    def slow_layers(progress):
        calls.append(1)
        time.sleep(0.5)
        return layers

    monkeypatch.setenv("NAPO_CACHE", str(tmp_path))
    monkeypatch.setattr(cache, "compute_layers", slow_layers)
    threads = [threading.Thread(target=cache.ensure_built, args=(lines.append,))
               for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(calls) == 1 and sum("building it once" in line for line in lines) == 1, lines
    assert cache.is_current(tmp_path / cache.fingerprint(), cache.fingerprint())
