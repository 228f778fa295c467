"""dist/napo.nq (one named graph per layer) and dist/napo-void.ttl (VoID + DCAT)."""

from __future__ import annotations

import hashlib

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, SKOS, VOID

from napo.core.namespaces import NAPO, new_graph
from napo.knowledge.graph import knowledge_graph, knowledge_layers
from napo.knowledge.layers import LAYER_GRAPHS, LAYER_NAMES, Layers
from napo.release.build import DESCRIPTION, QUADS
from napo.release.describe import DATASET, SPDX


def test_layers_are_disjoint_and_together_are_the_knowledge_graph() -> None:
    layers = knowledge_layers()
    graphs = [set(layer) for _, layer in layers.items()]
    for i, first in enumerate(graphs):
        assert first, LAYER_NAMES[i]
        for j, second in enumerate(graphs[i + 1:], start=i + 1):
            assert not first & second, (LAYER_NAMES[i], LAYER_NAMES[j])
    assert len(layers.merged()) == len(knowledge_graph())


def test_a_triple_stays_in_the_first_layer_that_states_it() -> None:
    triple = (NAPO.A, SKOS.exactMatch, NAPO.B)
    other = (NAPO.C, SKOS.exactMatch, NAPO.D)
    graphs = [new_graph() for _ in LAYER_NAMES]
    graphs[2].add(triple)
    graphs[4].add(triple)
    graphs[4].add(other)
    layers = Layers.disjoint(*graphs)
    assert triple in layers.curated and triple not in layers.mappings
    assert other in layers.mappings


def test_nquads_hold_each_layer_in_its_named_graph(release) -> None:
    out, _ = release
    dataset = Dataset()
    dataset.parse(out / QUADS, format="nquads")
    layers = knowledge_layers()
    for name, layer in layers.items():
        assert isomorphic(dataset.graph(URIRef(str(LAYER_GRAPHS[name]))), layer), name
    default = list(ox.parse(path=str(out / QUADS), format=ox.RdfFormat.N_QUADS))
    assert all(q.graph_name != ox.DefaultGraph() for q in default)


def test_void_counts_and_distributions_match_the_files(release) -> None:
    out, _ = release
    void = Graph().parse(out / DESCRIPTION)
    assert (DATASET, RDF.type, DCAT.Dataset) in void
    assert (DATASET, RDF.type, VOID.Dataset) in void
    layers = knowledge_layers()
    for name, layer in layers.items():
        subset = LAYER_GRAPHS[name]
        assert (DATASET, VOID.subset, subset) in void
        assert void.value(subset, VOID.triples) == Literal(len(layer)), name
    assert void.value(DATASET, VOID.triples) == Literal(len(layers.merged()))
    linked = sum(int(void.value(ls, VOID.triples))
                 for ls in void.subjects(RDF.type, VOID.Linkset))
    assert linked == len(layers.mappings)
    files = {path.name: path for path in out.iterdir() if path.name != DESCRIPTION}
    distributions = list(void.objects(DATASET, DCAT.distribution))
    assert len(distributions) == len(files)
    for distribution in distributions:
        name = str(void.value(distribution, URIRef("http://purl.org/dc/terms/title")))
        data = files[name].read_bytes()
        assert int(void.value(distribution, DCAT.byteSize)) == len(data), name
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
    version = void.value(DATASET, URIRef(f"{DCAT}version"))
    assert (DATASET, VOID.dataDump, NAPO[f"releases/{version}/napo.nq"]) in void
