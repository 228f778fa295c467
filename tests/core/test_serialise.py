"""Canonical serialisation: every format parses back to the same graph, blank nodes and all, and
the bytes depend only on the graph, never on the order it was built in."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from napo.core import serialise
from napo.core.namespaces import NAPO, new_graph
from napo.core.turtle import serialize_turtle

FORMATS = {"napo.ttl": "turtle", "napo.nt": "nt", "napo.owl": "xml", "napo.jsonld": "json-ld"}


def _tricky_graph() -> Graph:
    """Nested restrictions, a list, a shared and an unreferenced blank node, a cycle of blank
    nodes used once each, and literals that need escaping or may be written bare."""
    graph = new_graph()
    restriction, shared, lone = BNode(), BNode(), BNode()
    graph.add((NAPO.Cordotomy, RDFS.subClassOf, restriction))
    graph.add((restriction, RDF.type, OWL.Restriction))
    graph.add((restriction, OWL.onProperty, NAPO.hasDirectSite))
    graph.add((restriction, OWL.someValuesFrom, NAPO.SpinalCord))
    members = BNode()
    Collection(graph, members, [NAPO.A, NAPO.B, Literal("c")])
    graph.add((lone, RDF.type, OWL.AllDisjointClasses))
    graph.add((lone, OWL.members, members))
    graph.add((NAPO.A, NAPO.p, shared))
    graph.add((NAPO.B, NAPO.p, shared))
    graph.add((shared, RDFS.label, Literal("shared")))
    first, second = BNode(), BNode()
    graph.add((first, NAPO.next, second))
    graph.add((second, NAPO.next, first))
    for value in (Literal("007", datatype=XSD.integer), Literal("1.50", datatype=XSD.decimal),
                  Literal("1e3", datatype=XSD.double), Literal("true", datatype=XSD.boolean),
                  Literal("12"), Literal("two\nlines \"quoted\" \\ end\""),
                  Literal("tab\there", lang="en"), Literal("x", datatype=NAPO.custom),
                  Literal("+5", datatype=XSD.integer), Literal("é\u202e")):
        graph.add((NAPO.Literals, NAPO.value, value))
    graph.add((NAPO.Odd, NAPO.iri, URIRef("https://w3id.org/napo/claim/s001-01.x")))
    graph.add((URIRef("https://w3id.org/napo/end."), NAPO.iri, NAPO["a/b"]))
    return graph


def _shuffled(graph: Graph, seed: int) -> Graph:
    triples = list(graph)
    random.Random(seed).shuffle(triples)
    copy = new_graph()
    for triple in triples:
        copy.add(triple)
    return copy


def _write_all(graph: Graph, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    serialise.write_graph(graph, {folder / name: fmt for name, fmt in FORMATS.items()})
    return {name: (folder / name).read_bytes() for name in FORMATS}


def test_every_format_parses_back_to_the_same_graph(tmp_path: Path) -> None:
    graph = _tricky_graph()
    _write_all(graph, tmp_path / "out")
    for name, rdf_format in FORMATS.items():
        assert isomorphic(graph, Graph().parse(tmp_path / "out" / name, format=rdf_format)), name


def test_bytes_do_not_depend_on_insertion_order(tmp_path: Path) -> None:
    graph = _tricky_graph()
    first = _write_all(_shuffled(graph, 1), tmp_path / "a")
    assert first == _write_all(_shuffled(graph, 2), tmp_path / "b")


def test_turtle_nests_blank_nodes_and_lists_and_declares_only_used_prefixes(
        tmp_path: Path) -> None:
    text = _write_all(_tricky_graph(), tmp_path / "out")["napo.ttl"].decode()
    assert "rdfs:subClassOf [ a owl:Restriction ;" in text
    assert "owl:members ( napo:A napo:B \"c\" )" in text
    assert "[] a owl:AllDisjointClasses" in text
    assert "        5,\n" in text and "        true .\n" in text and '"12"' in text
    assert '"""two\nlines \\"quoted\\" \\\\ end\\""""' in text
    assert "@prefix xsd:" in text and "@prefix skos:" not in text
    assert text.count("_:") == 5  # the shared node (3 uses) and one node of the cycle (2)


def test_quads_get_labels_unique_across_graphs() -> None:
    one, two = new_graph(), new_graph()
    one.add((NAPO.a, NAPO.p, BNode()))
    two.add((NAPO.b, NAPO.p, BNode()))
    quads = serialise.canonical_quads([(str(NAPO.g1), one), (str(NAPO.g2), two)])
    assert [str(q.graph_name) for q in quads] == [f"<{NAPO.g1}>", f"<{NAPO.g2}>"]
    assert quads[0].object != quads[1].object


IRIS = st.sampled_from([NAPO.a, NAPO.b, NAPO["c/d"], URIRef("urn:x:1"), RDF.first, RDF.rest,
                        RDF.nil, RDF.type])
LITERALS = st.builds(Literal, st.text(max_size=6)) | st.builds(
    lambda v: Literal(str(v), datatype=XSD.integer), st.integers(-5, 5))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 5), IRIS, st.integers(0, 5) | IRIS | LITERALS),
                max_size=25))
def test_any_graph_round_trips_through_turtle(edges: list) -> None:
    """Random graphs of blank nodes, lists (well-formed or not) and literals."""
    nodes = [BNode() for _ in range(6)]
    graph = new_graph()
    for subject, predicate, obj in edges:
        graph.add((nodes[subject], predicate, nodes[obj] if isinstance(obj, int) else obj))
    text = serialize_turtle(serialise.canonical_triples(graph), {"napo": str(NAPO)})
    parsed = Graph().parse(data=text, format="turtle")
    assert isomorphic(graph, parsed), text
    assert len(list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))) == len(graph)
