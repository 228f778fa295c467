"""Registry scale: synth -> ingest (validate, write) -> load -> outcome questions, per size.

    python benchmarks/registry.py [--sizes 10000 100000] [--sample 2000] [--output FILE]
    python benchmarks/registry.py --questions STORE      # the questions on a store on disk
    python benchmarks/registry.py --server virtuoso --records records.nt [--compare STORE]
    python benchmarks/registry.py --bare-load records.nt   # the limit: the bulk loader alone

Each size runs in its own process (peak memory is that process's maximum resident set size).
The baseline is plain pyshacl with rdflib parsing on a sample of the same synthetic records
(all of them would take hours at 10^5): its records per second against the fast validator's on
the same sample give the ratio. Records are synthetic (napo synth), never real outcomes.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one(size: int, folder: Path) -> dict:
    from napo.registry import outcomes
    from napo.registry.ingest import ingest
    from napo.registry.model import COLUMNS, REGISTRY_GRAPH
    from napo.registry.synth import Generator
    from napo.registry.vocab import vocabulary

    vocab = vocabulary()
    source, out = folder / f"synth-{size}.csv", folder / f"records-{size}.nt"
    started = time.perf_counter()
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(Generator(vocab, seed=1).rows(size))
    synth = time.perf_counter() - started
    started = time.perf_counter()
    outcome = ingest(str(source), out=out, vocab=vocab)
    validate = time.perf_counter() - started
    validate_mb = _peak_mb()
    bare = bare_load(out, folder)["load_s"]  # the limit: pyoxigraph's bulk loader alone
    shutil.rmtree(folder / "bare")
    started = time.perf_counter()  # napo ingest --store: read, check, write into the loader
    ingest(str(source), store=folder / "store", vocab=vocab)
    disk_load = time.perf_counter() - started
    on_disk = outcomes.dataset([], folder / "store")
    disk = {}
    for question in outcomes.list_questions():
        started = time.perf_counter()
        outcomes.run(on_disk, question, {})
        disk[question.name] = time.perf_counter() - started
    del on_disk
    disk_mb = _peak_mb()
    store = outcomes.dataset([])
    started = time.perf_counter()
    store.bulk_load(path=str(out), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(REGISTRY_GRAPH))
    load = time.perf_counter() - started
    questions = {}
    for question in outcomes.list_questions():
        started = time.perf_counter()
        outcomes.run(store, question, {})
        questions[question.name] = time.perf_counter() - started
    rdflib = {}
    if size <= 300:  # rdflib's engine: the reference, on the smallest registry only
        graph = outcomes.rdflib_graph(store)
        for question in outcomes.list_questions():
            started = time.perf_counter()
            outcomes.run(store, question, {}, "rdflib", graph)
            rdflib[question.name] = time.perf_counter() - started
    return {"size": size, "triples": outcome.triples, "synth_s": synth,
            "ingest_s": validate, "validate_mb": validate_mb, "disk_load_s": disk_load,
            "bare_load_s": bare,
            "disk": disk, "disk_mb": disk_mb, "load_s": load, "questions": questions,
            "rdflib": rdflib, "peak_mb": _peak_mb()}


def baseline(sample: int, folder: Path) -> dict:
    """pyshacl (rdflib parse + validate) and the fast validator on the same sample."""
    from pyshacl import validate
    from rdflib import Graph

    from napo.registry.ingest import ingest, shapes_file
    from napo.registry.model import COLUMNS
    from napo.registry.rdf import context_graph
    from napo.registry.synth import Generator
    from napo.registry.vocab import vocabulary

    vocab = vocabulary()
    source, out = folder / "sample.csv", folder / "sample.nt"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(Generator(vocab, seed=2, error_rate=0.05).rows(sample))
    started = time.perf_counter()
    ingest(str(source), out=out, vocab=vocab, skip_invalid=True,
           rejects=folder / "sample.rejects.csv")
    fast = time.perf_counter() - started
    started = time.perf_counter()
    data = context_graph(vocab)
    data.parse(out, format="nt")
    validate(data, shacl_graph=Graph().parse(shapes_file()), inference="none",
             allow_warnings=True)
    reference = time.perf_counter() - started
    return {"sample": sample, "fast_s": fast, "pyshacl_s": reference, "peak_mb": _peak_mb()}


# Virtuoso's default (50 MB of log per transaction) aborts the MOVE that publishes 10^5
# records; the benchmark raises it (bytes), as a registry on Virtuoso must (docs/registry.md).
VIRTUOSO_AFTER_IMAGE = 2_000_000_000  # an int32: larger values wrap


def server(kind: str, records: Path, folder: Path, compare: Path | None = None,
           bulk: bool = False) -> dict:
    """Start a throw-away server (napo.stores.servers), load the knowledge layers and the
    records with napo load's own code (`napo load --records`; bulk: Virtuoso's bulk loader
    instead), and time every outcome question there; compare: a store on disk whose answers
    must be the same."""
    from napo.knowledge.graph import knowledge_layers
    from napo.queries.agreement import comparable
    from napo.registry import outcomes
    from napo.registry.model import REGISTRY_GRAPH
    from napo.stores import virtuoso
    from napo.stores.load import Target, load, targets
    from napo.stores.load import count as triples_in
    from napo.stores.remote import Client
    from napo.stores.server_kinds import resolve
    from napo.stores.servers import start_oxigraph

    if kind == "virtuoso":  # one MOVE publishes every record: let one transaction hold it
        virtuoso._VIRTUOSO_INI = virtuoso._VIRTUOSO_INI.replace(
            "MaxQueryMem          = 512M", "MaxQueryMem          = 2G\n"
            f"TransactionAfterImageLimit = {VIRTUOSO_AFTER_IMAGE}").replace(
            "NumberOfBuffers      = 170000", "NumberOfBuffers      = 680000").replace(
            "MaxDirtyBuffers      = 130000", "MaxDirtyBuffers      = 500000")  # 5.4 GB
    running = (virtuoso.start_virtuoso(folder / "virtuoso") if kind == "virtuoso"
               else start_oxigraph(folder / "oxigraph"))
    with running:
        client = Client.create(timeout=3600, retries=1)
        endpoint = resolve(client, running.base_url, "auto", running.user, running.password)
        load(client, endpoint, targets(knowledge_layers(), None), replace=True)
        started = time.perf_counter()
        if bulk:
            from virtuoso_bulk import bulk_load

            bulk_load(folder / "virtuoso", records, REGISTRY_GRAPH)
            count = triples_in(client, endpoint, REGISTRY_GRAPH)
        else:
            count = load(client, endpoint, [Target(REGISTRY_GRAPH, files=(records,))],
                         replace=True).graphs[REGISTRY_GRAPH]
        loaded = time.perf_counter() - started
        disk = outcomes.dataset([], compare) if compare else None
        questions, same = {}, {}
        for question in outcomes.list_questions():
            times = []
            for _ in range(2):  # the first run warms the server's caches
                started = time.perf_counter()
                answer = outcomes.run_remote(client, endpoint, question, {})
                times.append(time.perf_counter() - started)
            questions[question.name] = times
            if disk is not None:
                same[question.name] = comparable(answer) == comparable(
                    outcomes.run(disk, question, {}))
    return {"kind": kind, "triples": count, "load_s": loaded, "bulk": bulk,
            "questions": questions, "same": same, "peak_mb": _peak_mb()}


def bare_load(records: Path, folder: Path) -> dict:
    """pyoxigraph's bulk loader alone, on disk: the limit `napo ingest --store` is measured
    against (benchmarks/registry_million.sh runs both on the same records)."""
    from napo.registry.model import REGISTRY_GRAPH

    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    store = ox.Store(str(folder / "bare"))
    store.bulk_load(path=str(records), format=ox.RdfFormat.N_TRIPLES,
                    to_graph=ox.NamedNode(REGISTRY_GRAPH))
    store.flush()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    triples = len(store)
    return {"triples": triples, "load_s": wall, "triples_per_s": triples / wall,
            "cores": cpu / wall, "peak_mb": _peak_mb()}


def on_disk(store: Path) -> dict:
    """Every outcome question on a store `napo ingest --store` wrote (the 10^6 run, where the
    in-memory store would not fit): first as the page cache happens to be, then again after
    reading the store's files once in order (what makes the second pass warm)."""
    from napo.registry import outcomes

    dataset = outcomes.dataset([], store)
    passes: dict[str, dict[str, float]] = {"as found": {}, "warm": {}}
    for name, times in passes.items():
        if name == "warm":
            for part in sorted(store.iterdir()):
                with part.open("rb") as handle:
                    while handle.read(1 << 24):
                        pass
        for question in outcomes.list_questions():
            started = time.perf_counter()
            outcomes.run(dataset, question, {})
            times[question.name] = time.perf_counter() - started
    return {"store": str(store), "passes": passes, "peak_mb": _peak_mb()}


def _run(args: list[str]) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: list[dict], base: dict) -> str:
    names = sorted(results[0]["questions"])
    lines = ["| records | triples | synth rec/s | ingest (validate + write) rec/s | triples/s | "
             "peak MB | `ingest --store` (ingest + load on disk) triples/s | bare loader "
             "on disk triples/s | ratio | in memory: bare loader triples/s | peak MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['size']:,} | {r['triples']:,} | {r['size'] / r['synth_s']:,.0f} | "
                     f"{r['size'] / r['ingest_s']:,.0f} | {r['triples'] / r['ingest_s']:,.0f} | "
                     f"{r['validate_mb']:,.0f} | {r['triples'] / r['disk_load_s']:,.0f} | "
                     f"{r['triples'] / r['bare_load_s']:,.0f} | "
                     f"{r['bare_load_s'] / r['disk_load_s']:.2f} | "
                     f"{r['triples'] / r['load_s']:,.0f} | {r['peak_mb']:,.0f} |")
    lines += ["", "Outcome questions, seconds (in memory / on disk):", "",
              "| question | " + " | ".join(f"{r['size']:,} records" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    lines += [f"| {n} | " + " | ".join(f"{r['questions'][n]:.3f} / {r['disk'][n]:.3f}"
                                       for r in results) + " |" for n in names]
    small = next((r for r in results if r["rdflib"]), None)
    if small:
        lines += ["", f"rdflib's engine on {small['size']:,} records (s, and its ratio to "
                  "pyoxigraph in memory): " + "; ".join(
                      f"{n} {small['rdflib'][n]:.2f} ({small['rdflib'][n] / max(small['questions'][n], 1e-4):.0f}x)"  # noqa: E501
                      for n in names) + "."]
    ratio = base["pyshacl_s"] / base["fast_s"]
    lines += ["", f"Validation against the reference on {base['sample']:,} synthetic records "
              f"(5 % with an injected error): plain pyshacl, rdflib parsing included, "
              f"{base['pyshacl_s']:.1f} s ({base['sample'] / base['pyshacl_s']:,.1f} "
              f"records/s); napo ingest (CSV read, convert, validate, write) "
              f"{base['fast_s']:.2f} s ({base['sample'] / base['fast_s']:,.0f} records/s): "
              f"**{ratio:.0f}x**."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--sample", type=int, default=2000)
    parser.add_argument("--one", type=int)
    parser.add_argument("--baseline", type=int)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--server", choices=["virtuoso", "oxigraph"],
                        help="time the questions on this server, filled from --records")
    parser.add_argument("--records", type=Path, help="an N-Triples file from napo ingest")
    parser.add_argument("--compare", type=Path, help="a store on disk with the same records")
    parser.add_argument("--bulk", action="store_true",
                        help="with --server virtuoso: load with Virtuoso's bulk loader")
    parser.add_argument("--bare-load", type=Path, metavar="RECORDS",
                        help="only time pyoxigraph's bulk loader on these records, on disk")
    parser.add_argument("--questions", type=Path, metavar="STORE",
                        help="only time the outcome questions on this store on disk")
    args = parser.parse_args()
    if args.bulk and args.server != "virtuoso":
        parser.error("--bulk is Virtuoso's bulk loader: give it with --server virtuoso")
    if args.questions:
        print(json.dumps(on_disk(args.questions)))
        return
    with tempfile.TemporaryDirectory(dir=args.bare_load.parent if args.bare_load else None
                                     ) as folder:
        if args.bare_load:
            print(json.dumps(bare_load(args.bare_load, Path(folder))))
            return
        if args.server:
            print(json.dumps(server(args.server, args.records, Path(folder), args.compare,
                                    args.bulk)))
            return
        if args.one:
            print(json.dumps(one(args.one, Path(folder))))
            return
        if args.baseline:
            print(json.dumps(baseline(args.baseline, Path(folder))))
            return
    results = [_run(["--one", str(size)]) for size in args.sizes]
    text = (f"Machine: {platform.machine()}, {platform.python_version()}, pyoxigraph "
            f"{ox.__version__}.\n\n" + table(results, _run(["--baseline", str(args.sample)])))
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
