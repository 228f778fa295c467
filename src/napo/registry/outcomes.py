"""Outcome questions (queries/registry/*.rq) over registry records plus the knowledge graph.

They live in their own folder rather than queries/cq/ because they need records: the
competency-question tests run every cq/ question on the knowledge graph alone and expect its
answer there. Records come from ingested files (N-Triples or Turtle) or from a store's registry
graph; both engines get the same dataset (the five layers plus the registry graph as the
default graph) and the same query text with parameters bound by inline VALUES.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from napo.core.errors import InputError, Location
from napo.core.resources import project_root
from napo.queries.query import (
    CompetencyQuestion,
    QueryError,
    Results,
    bindings,
    from_oxigraph,
    load_question,
    run_rdflib,
    with_values,
)
from napo.registry.model import REGISTRY_GRAPH
from napo.stores.store import DEFAULT_DATASET

if TYPE_CHECKING:
    from napo.stores.remote import Client
    from napo.stores.server_kinds import Endpoint

DATASET = [*DEFAULT_DATASET, ox.NamedNode(REGISTRY_GRAPH)]
_FORMATS = {".nt": ox.RdfFormat.N_TRIPLES, ".ttl": ox.RdfFormat.TURTLE}


def questions_dir() -> Path:
    return project_root() / "queries" / "registry"


def list_questions() -> list[CompetencyQuestion]:
    return [load_question(p) for p in sorted(questions_dir().glob("*.rq"))]


def find(name: str) -> CompetencyQuestion:
    from napo.core.names import did_you_mean

    path = questions_dir() / f"{name}.rq"
    if path.is_file():
        return load_question(path)
    names = [q.name for q in list_questions()]
    raise QueryError(f"no outcome question named {name!r}",
                     did_you_mean(name, names, "questions: " + ", ".join(names)))


def load_records(store: ox.Store, files: list[Path]) -> None:
    """Add record files to store's registry graph (bulk: they were validated by ingest)."""
    for path in files:
        if path.suffix not in _FORMATS:
            raise InputError(Location(path), "is not .nt or .ttl",
                             "give the file napo ingest --out wrote")
        try:
            store.bulk_load(path=str(path), format=_FORMATS[path.suffix],
                            to_graph=ox.NamedNode(REGISTRY_GRAPH))
        except (OSError, SyntaxError) as error:
            raise InputError(Location(path), f"cannot be loaded: {error}") from error


def dataset(files: list[Path], store_dir: Path | None = None) -> ox.Store:
    """A store holding exactly DATASET's graphs: store_dir itself, opened read-only on disk
    (memory stays bounded at 10^6 records; napo ingest --store wrote the layers and the
    registry graph into it), or an in-memory copy of the built knowledge layers plus record
    files (faster; about 350 bytes of memory per triple)."""
    from napo.stores.cache import built
    from napo.stores.store import read_store

    if store_dir is not None and not files:
        return read_store(store_dir)
    store = ox.Store()
    store.bulk_extend(built().store)
    if store_dir is not None:
        disk = read_store(store_dir)
        store.bulk_extend(disk.quads_for_pattern(None, None, None, ox.NamedNode(REGISTRY_GRAPH)))
    load_records(store, files)
    return store


def run(store: ox.Store, question: CompetencyQuestion, params: dict[str, str],
        engine: str = "oxigraph", graph=None) -> Results:
    """graph: the rdflib copy of store, when the caller already has one."""
    values = bindings(question, params)
    if engine == "rdflib":
        results = run_rdflib(graph if graph is not None else rdflib_graph(store), question,
                             values)
    else:
        results = _oxigraph(store, question, values)
    return _derived(question, results)


def run_remote(client: Client, endpoint: Endpoint, question: CompetencyQuestion,
               params: dict[str, str]) -> Results:
    """The question on a SPARQL server that `napo load` (layers) and `napo load --records`
    filled, with DATASET's graphs as the default graph (napo.stores.remote.select)."""
    from napo.stores.remote import select

    text = with_values(question.text, bindings(question, params))
    return _derived(question, select(client, endpoint, text, [g.value for g in DATASET]))


def _derived(question: CompetencyQuestion, results: Results) -> Results:
    if "derive: kaplan-meier" in question.text.split("PREFIX", 1)[0]:
        from napo.registry.survival import kaplan_meier

        return kaplan_meier(results)
    return results


def _oxigraph(store: ox.Store, question: CompetencyQuestion, values) -> Results:
    # The store is ours and holds exactly DATASET's graphs (disjoint layers plus the records),
    # so its union is the same dataset; naming six default graphs made every question about
    # 3x slower at 10^5 records (docs/benchmarks.md).
    return from_oxigraph(store.query(with_values(question.text, values),
                                     use_default_graph_as_union=True))


def rdflib_graph(store: ox.Store):
    """The dataset's union as one rdflib graph (the reference engine; small registries)."""
    from rdflib import Graph

    from napo.core.rdfio import to_rdflib

    graph = Graph()
    for graph_name in DATASET:
        for q in store.quads_for_pattern(None, None, None, graph_name):
            graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return graph
