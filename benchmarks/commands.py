"""Every command of the README tour, timed as a user runs it, beside the limit it is held to.

Each command runs as a whole process (start-up, imports and all) in a throw-away copy of the
checkout, so the store it builds and the edits it makes never touch the working tree. Times
are medians of --repeat runs after one warm-up; a read command and its limit run alternately.
The limit for a read command is a bare pyoxigraph script that loads the built release
(dist/napo.nq) and runs the same query text: what any program reading the release would pay
at least. Results are printed as a Markdown table with ratios; docs/benchmarks.md keeps the
latest run.

    python benchmarks/commands.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("ontology", "data", "queries", "shapes", "pyproject.toml", "README.md")

BARE = """
import sys, pyoxigraph as ox
store = ox.Store()
store.load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
for query in sys.argv[2:]:
    rows = list(store.query(open(query).read(), use_default_graph_as_union=True))
    print(len(rows))
"""

# (label, napo arguments, the query whose bare-pyoxigraph time is the limit, or None;
# "compare" is the two questions `napo compare` runs)
TOUR: list[tuple[str, list[str], str | None]] = [
    ("napo --help", ["--help"], None),
    ("napo version", ["version"], None),
    ("napo queries", ["queries"], None),
    ("napo query procedure_matrix", ["query", "procedure_matrix"], "procedure_matrix"),
    ("napo query condition_risks", ["query", "condition_risks", "--param",
                                    "condition=napo:TrigeminalNeuralgia"], "condition_risks"),
    ("napo query conflicts", ["query", "conflicts"], "conflicts"),
    ("napo compare (2 procedures)", ["compare", "percutaneous balloon compression",
                                     "percutaneous radiofrequency trigeminal rhizotomy"],
     "compare"),
    ("napo conflicts", ["conflicts"], "conflicts"),
    ("napo lookup icd10cm:G50.0", ["lookup", "icd10cm:G50.0"], None),
    ("napo lookup --in mesh", ["lookup", "spinal nerve root", "--in", "mesh"], None),
    ("napo pcs 008W3ZZ", ["pcs", "008W3ZZ"], None),
    ("napo pcs cordotomy --level C2", ["pcs", "percutaneous cervical cordotomy", "--level",
                                       "C2"], None),
    ("napo locate s002 …", ["locate", "s002", "cordotomy"], None),
    ("napo mappings --no-verify", ["mappings", "--no-verify"], None),
    ("napo qc ontology/napo.ttl", ["qc", "ontology/napo.ttl"], None),
    ("napo validate", ["validate"], None),
    ("napo docs", ["docs", "--out", "site"], None),
    ("napo synth --records 1000", ["synth", "--records", "1000", "--seed", "7", "--out",
                                   "registry.csv"], None),
    ("napo ingest (1000 records)", ["ingest", "registry.csv", "--out", "records.nt"], None),
    ("napo outcomes nrs_reduction", ["outcomes", "nrs_reduction", "--records", "records.nt"],
     None),
]


def run(command: list[str], cwd: Path) -> float:
    """Wall-clock seconds of one run; a failed command stops the benchmark (a fast failure
    must never be reported as a fast command)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def timed(command: list[str], cwd: Path, repeat: int, warm: bool = True) -> float:
    """Median wall-clock seconds of the whole process."""
    if warm:
        run(command, cwd)
    return statistics.median(run(command, cwd) for _ in range(repeat))


def timed_pair(command: list[str], limit: list[str], cwd: Path, repeat: int
               ) -> tuple[float, float]:
    """Medians of a command and its limit, run alternately: on a shared machine both see the
    same load, so their ratio is steadier than either time."""
    run(command, cwd)
    run(limit, cwd)
    pairs = [(run(command, cwd), run(limit, cwd)) for _ in range(repeat)]
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs))


def first_answer(napo: str, cwd: Path, repeat: int) -> float:
    """`napo serve` from start to its first SPARQL answer (then stopped), median of runs."""
    sys.path.insert(0, str(ROOT / "src"))
    from napo.stores.servers import free_port

    samples = []
    for _ in range(repeat + 1):
        port = free_port()
        url = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
        started = time.perf_counter()
        server = subprocess.Popen([napo, "serve", "--port", str(port)], cwd=cwd,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                if server.poll() is not None:
                    sys.exit(f"napo serve exited with {server.returncode}")
                try:
                    with urllib.request.urlopen(url, timeout=5) as answer:
                        answer.read()
                    break
                except OSError:
                    time.sleep(0.01)
            samples.append(time.perf_counter() - started)
        finally:
            server.send_signal(signal.SIGTERM)  # SIGINT is ignored under nohup
            server.wait(30)
    return statistics.median(samples[1:])  # the first run warms the caches


def loaded(napo: str, cwd: Path, repeat: int) -> float:
    """`napo load --replace` into an Oxigraph server started here (in memory, loopback)."""
    from napo.stores.servers import start_oxigraph

    with start_oxigraph(None) as server:
        return timed([napo, "load", "--endpoint", server.base_url, "--replace"], cwd, repeat)


def bare_query(name: str, work: Path, params: list[str]) -> Path:
    """The exact text `napo query` sends (parameters bound), for the bare script to run."""
    sys.path.insert(0, str(ROOT / "src"))
    from napo.queries.query import bindings, find_question, with_values

    question = find_question(str(work / "queries" / "cq" / f"{name}.rq"))
    given = dict(value.split("=", 1) for value in params[1::2])  # after each --param
    path = work / f"bare-{name}.rq"
    path.write_text(with_values(question.text, bindings(question, given)), encoding="utf-8")
    return path


def bare_compare(work: Path, names: list[str]) -> list[Path]:
    """The two texts `napo compare` runs for these procedures (curated layer), bound."""
    import pyoxigraph as ox

    from napo.core.names import resolve
    from napo.queries.compare import LAYERS
    from napo.queries.query import find_question, load_question, with_values
    from napo.stores.lexicon import StoreLexicon

    store = ox.Store()
    store.load(path=str(work / "dist" / "napo.nq"), format=ox.RdfFormat.N_QUADS)
    lexicon = StoreLexicon(store)
    chosen = [ox.NamedNode(resolve(lexicon, name)) for name in names]
    statements = load_question(work / "queries" / "compare.rq")
    shared = find_question(str(work / "queries" / "cq" / "compare_procedures.rq"))
    texts = [with_values(statements.text, {"procedures": chosen, "layer": LAYERS["curated"]}),
             with_values(shared.text, {"procedures": chosen, "layer": LAYERS["curated"],
                                       "kind": ox.NamedNode("https://w3id.org/napo/Association")})]
    paths = [work / "bare-compare-1.rq", work / "bare-compare-2.rq"]
    for path, text in zip(paths, texts, strict=True):
        path.write_text(text, encoding="utf-8")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    napo = shutil.which("napo") or sys.exit("napo is not on PATH: pip install -e .")
    # `pip install .` compiles the package to bytecode; an editable install run under
    # PYTHONDONTWRITEBYTECODE=1 would compile every module on every run instead.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "napo")],
                   check=True)
    with tempfile.TemporaryDirectory(prefix="napo-bench-") as tmp:
        work = Path(tmp) / "napo"
        work.mkdir()
        for name in COPIED:
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy2)(source, work / name)
        env_sources = os.environ.get("NAPO_SOURCES") or str(ROOT.parent / "shared" / "sources")
        os.environ["NAPO_SOURCES"] = env_sources
        # A cache of its own: the built stores are keyed by content, so an entry left by an
        # earlier run (the same edit) would make "the first read after an edit" a cache hit.
        os.environ["NAPO_CACHE"] = str(Path(tmp) / "cache")
        rows = []
        build = timed([napo, "build"], work, args.repeat, warm=False)
        rows.append(("napo build", build, None))
        release = work / "dist" / "napo.nq"
        script = work / "bare.py"
        script.write_text(BARE, encoding="utf-8")
        for label, arguments, limit_query in TOUR:
            if not limit_query:
                rows.append((label, timed([napo, *arguments], work, args.repeat), None))
                continue
            params = arguments[2:] if arguments[0] == "query" else []
            queries = bare_compare(work, arguments[1:]) if limit_query == "compare" \
                else [bare_query(limit_query, work, params)]
            bare = [sys.executable, str(script), str(release), *map(str, queries)]
            rows.append((label, *timed_pair([napo, *arguments], bare, work, args.repeat)))
        rows.append(("napo serve: start to first answer", first_answer(napo, work, args.repeat),
                     None))
        rows.append(("napo load --replace (Oxigraph server)",
                     loaded(napo, work, args.repeat), None))
        # The first read command after an input change: it must rebuild, no slower than build.
        edit = work / "ontology" / "napo.ttl"
        samples = []
        for index in range(args.repeat):
            with edit.open("a", encoding="utf-8") as handle:
                handle.write(f"\n# benchmark edit {index} at {time.time_ns()}\n")
            samples.append(run([napo, "query", "procedure_matrix"], work))
        rows.append(("first napo query after an edit", statistics.median(samples), None))
    print(f"| command | seconds (median of {args.repeat}) | bare pyoxigraph | ratio |")
    print("|---|---|---|---|")
    for label, seconds, limit in rows:
        bare = f"{limit:.3f}" if limit else ""
        ratio = f"{seconds / limit:.1f}x" if limit else ""
        print(f"| {label} | {seconds:.3f} | {bare} | {ratio} |")
    print(f"\nnapo build: {build:.2f} s; first read after an edit must not exceed it.")


if __name__ == "__main__":
    main()
