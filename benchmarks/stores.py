"""Load time and per-question query time on four engines, in one run, as ratios to rdflib.

    python benchmarks/stores.py [--repeat 5] [--output docs/benchmarks.md]

Engines: rdflib (in memory, the reference), pyoxigraph (in memory, `napo query`'s default), an
Oxigraph server and a Virtuoso server (both started here on loopback by
napo.stores.servers and filled
by `napo load`'s code path: Graph Store PUT into staging graphs, count check, one MOVE update).
Every engine gets the same input, dist/napo.nq's five layer graphs, and the same query text (the
competency question with its default parameters as inline VALUES); remote engines get the five
layer graphs as default-graph-uri. Each result is checked against rdflib's before it is timed.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from napo import __version__
from napo.core.resources import ontology_file
from napo.knowledge.graph import knowledge_layers
from napo.knowledge.layers import LAYER_GRAPHS
from napo.queries.agreement import comparable
from napo.queries.query import (
    Results,
    bindings,
    from_oxigraph,
    from_rdflib,
    list_questions,
    with_values,
)
from napo.release.build import QUADS, build
from napo.stores.load import load, targets
from napo.stores.remote import Client, select
from napo.stores.server_kinds import resolve
from napo.stores.servers import start_oxigraph
from napo.stores.store import DEFAULT_DATASET
from napo.stores.virtuoso import start_virtuoso, virtuoso_available

Runner = Callable[[str], Results]
GRAPHS = [str(g) for g in LAYER_GRAPHS.values()]


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def rdflib_engine(quads: Path) -> tuple[float, Runner]:
    dataset = Dataset(default_union=True)
    seconds = timed(lambda: dataset.parse(quads, format="nquads"))

    return seconds, lambda text: from_rdflib(dataset.query(text))


def pyoxigraph_engine(quads: Path) -> tuple[float, Runner]:
    store = ox.Store()
    seconds = timed(lambda: store.load(path=str(quads), format=ox.RdfFormat.N_QUADS))

    return seconds, lambda text: from_oxigraph(store.query(text, default_graph=DEFAULT_DATASET))


def server_engine(server) -> tuple[float, Runner]:
    client = Client.create(timeout=300, retries=0)
    endpoint = resolve(client, server.base_url, server.name, server.user, server.password)
    chosen = targets(knowledge_layers(), None)
    seconds = timed(lambda: load(client, endpoint, chosen, replace=True))
    return seconds, lambda text: select(client, endpoint, text, GRAPHS)


def measure(name: str, load_seconds: float, run: Runner, texts: dict[str, str],
            reference: dict[str, Results] | None, repeat: int) -> dict[str, float]:
    times = {"load": load_seconds}
    for question, text in texts.items():
        result = run(text)  # warm-up, and the agreement check
        if reference is not None and comparable(result) != comparable(reference[question]):
            raise SystemExit(f"{name} disagrees with rdflib on {question}")
        times[question] = statistics.median(timed(lambda t=text: run(t)) for _ in range(repeat))
    return times


def table(columns: dict[str, dict[str, float]]) -> str:
    names = list(columns)
    header = "| step | " + " | ".join(f"{n} (ms)" for n in names) + " | " + \
        " | ".join(f"rdflib/{n}" for n in names[1:]) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(names) - 1)]
    for step in columns[names[0]]:
        values = [columns[n][step] for n in names]
        ratios = [values[0] / v if v else float("inf") for v in values[1:]]
        lines.append(f"| {step} | " + " | ".join(f"{v * 1000:.1f}" for v in values) + " | "
                     + " | ".join(f"{r:.1f}x" for r in ratios) + " |")
    totals = {n: sum(v for k, v in columns[n].items() if k != "load") for n in names}
    lines.append("| all questions | " + " | ".join(f"{totals[n] * 1000:.1f}" for n in names)
                 + " | " + " | ".join(f"{totals[names[0]] / totals[n]:.1f}x"
                                      for n in names[1:]) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per question")
    parser.add_argument("--output", type=Path, help="also write the markdown table here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="napo-bench-") as scratch:
        dist = Path(scratch) / "dist"
        build(ontology_file(), dist)
        quads = dist / QUADS
        texts = {q.name: with_values(q.text, bindings(q, {})) for q in list_questions()}
        columns: dict[str, dict[str, float]] = {}
        seconds, run = rdflib_engine(quads)
        reference = {name: run(text) for name, text in texts.items()}
        columns["rdflib"] = measure("rdflib", seconds, run, texts, None, args.repeat)
        seconds, run = pyoxigraph_engine(quads)
        columns["pyoxigraph"] = measure("pyoxigraph", seconds, run, texts, reference,
                                        args.repeat)
        with start_oxigraph(Path(scratch) / "oxigraph") as server:
            seconds, run = server_engine(server)
            columns["oxigraph-server"] = measure("oxigraph-server", seconds, run, texts,
                                                 reference, args.repeat)
        if (reason := virtuoso_available()) is not None:
            raise SystemExit(f"cannot benchmark Virtuoso: {reason}")
        with start_virtuoso(Path(scratch) / "virtuoso") as server:
            seconds, run = server_engine(server)
            columns["virtuoso"] = measure("virtuoso", seconds, run, texts, reference,
                                          args.repeat)
    triples = sum(len(layer) for _, layer in knowledge_layers().items())
    report = (f"NAPO {__version__}, {triples} triples in {len(GRAPHS)} layer graphs; "
              f"median of {args.repeat} runs per question after one warm-up; "
              f"{platform.python_implementation()} {platform.python_version()} on "
              f"{platform.machine()}, {platform.system()}.\n"
              "Ratios are rdflib's time divided by the engine's: above 1x is faster than "
              "rdflib.\n\n" + table(columns))
    print(report)
    if args.output:
        args.output.write_text(report + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
