"""The knowledge graph as queries and validation see it: reasoned ontology plus data/.

This module assembles everything: the ontology reasoned and materialised (napo.ontology, with
its generated OBO/SKOS annotations), data/ (sources, claims, curated layer) and the SSSOM
mappings (napo.vocabularies), split into the five layers (napo.knowledge.layers). That is why
the knowledge layer sits above ontology and vocabularies in the package's one import order
(core < ontology < vocabularies < knowledge < queries < stores < release < cli; README,
"Layout"; tests/test_layering.py checks it): it uses both, and neither uses it. The built store
(napo.stores.cache) and the release (napo.release.build) call it from above.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph

from napo.core import rdfio
from napo.core.namespaces import new_graph
from napo.core.resources import ontology_file
from napo.knowledge.inputs import data_files, ontology_sources, sources_dir
from napo.knowledge.layers import Layers

__all__ = ["data_files", "ontology_sources", "sources_dir"]  # where they lived before

# The reasoner (owlready2), the materialiser and the OBO/SKOS annotations are imported inside
# the functions that compute the layers from the sources: read commands take the built store
# (napo.stores.cache) and must not pay for HermiT's import.


def merge(graphs: list[Graph]) -> Graph:
    """The union, in a new graph of NAPO's kind (napo.core.namespaces.new_graph): rdflib's
    `a + b` makes a context-aware graph, three times slower to fill and to search."""
    merged = new_graph()
    for graph in graphs:
        merged += graph
    return merged


def without(graph: Graph, removed: Graph) -> Graph:
    """graph's triples that removed lacks, in a new graph of NAPO's kind (see merge)."""
    kept = new_graph()
    for triple in graph:
        if triple not in removed:
            kept.add(triple)
    return kept


def read_files(paths: list[Path]) -> Graph:
    """Parse and merge; a file that cannot be read raises InputError naming it."""
    return merge([rdfio.read_graph(path) for path in paths])


def annotated(told: Graph, mappings: Graph | None = None) -> Graph:
    """The told ontology plus the annotations the release generates from it (IAO definitions,
    skos:altLabel for every scoped synonym, and hasDbXref when the mappings are given)."""
    from napo.ontology.annotations import obo_annotations

    return merge([told, obo_annotations(told, mappings)])


@cache
def ontology_and_inferences(path: Path | None = None) -> tuple[Graph, Graph]:
    """The told ontology (with imports and generated annotations), and what HermiT plus
    materialisation add to it."""
    from napo.ontology.materialise import materialise
    from napo.ontology.reasoner import classify

    told = read_files(ontology_sources(path or ontology_file()))
    return annotated(told), materialise(told, classify(told)) - told


@cache
def reasoned_ontology(path: Path | None = None) -> Graph:
    """The ontology and its imports plus the materialised closure (HermiT runs once)."""
    base, inferred = ontology_and_inferences(path)
    return merge([base, inferred])


@cache
def mapping_graph() -> Graph:
    """data/mappings/*.sssom.tsv as SKOS match triples (parsed once per process)."""
    from napo.vocabularies.mappings import read_all, to_skos

    return to_skos(read_all())


def claims_files() -> list[Path]:
    """The claims layer: the source descriptions and what each source says."""
    return [p for p in data_files() if p.name != "curated.ttl" and p.is_file()]


def curated_files() -> list[Path]:
    return [p for p in data_files() if p.name == "curated.ttl" and p.is_file()]


@cache
def knowledge_layers() -> Layers:
    """The five layers that `napo build` publishes as named graphs, computed from the sources
    (HermiT runs): read commands use the built store instead (napo.stores.cache)."""
    base, inferred = ontology_and_inferences()
    return assemble_layers(base, inferred, mapping_graph(), read_files(curated_files()),
                           read_files(claims_files()))


def assemble_layers(base: Graph, inferred: Graph, mappings: Graph, curated: Graph,
                    claims: Graph) -> Layers:
    """The five layers from their parts (the ontology layer gains hasDbXref from mappings)."""
    from napo.ontology.annotations import obo_annotations

    return Layers.disjoint(merge([base, obo_annotations(base, mappings)]), inferred, curated,
                           claims, mappings)


def knowledge_graph() -> Graph:
    """Everything a competency question may ask about, external codes included."""
    return knowledge_layers().merged()
