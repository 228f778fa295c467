"""Records as RDF: N-Triples lines written straight from the nodes, and the reference check.

N-Triples because it streams (one line per triple, no state), pyoxigraph bulk-loads it at
full speed and any RDF tool reads it; Turtle output is converted from it by pyoxigraph.
`reference_findings` runs pyshacl, the reference SHACL engine, on the same records, with the
hierarchy and the curated associations supplied as the shapes file says (no inference).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path

from napo.registry.model import (
    DATASET,
    NAPO,
    RDF_TYPE,
    RDFS_SUBCLASS,
    XSD_BOOLEAN,
    XSD_INTEGER,
    XSD_STRING,
    Iri,
    Lit,
    Node,
    Term,
)
from napo.registry.shapes import SH, Finding, path_text
from napo.registry.vocab import Vocabulary

_ESCAPES = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r"}


def term_nt(term: Term) -> str:
    if isinstance(term, Iri):
        return f"<{term}>"
    text = term.lexical.translate(_ESCAPES)
    return f'"{text}"' if term.datatype == XSD_STRING else f'"{text}"^^<{term.datatype}>'


def node_lines(node: Node) -> Iterator[str]:
    subject = f"<{node.iri}>"
    for kind in node.types:
        yield f"{subject} <{RDF_TYPE}> <{kind}> .\n"
    for predicate, values in node.values.items():
        for value in values:
            yield f"{subject} <{predicate}> {term_nt(value)} .\n"


def nodes_nt(nodes: Iterable[Node]) -> str:
    return "".join(line for node in nodes for line in node_lines(node))


def dataset_nt(name: str, records: int, synthetic: bool, source: str) -> str:
    """The dataset description: what it is, how many records, and whether it is synthetic."""
    iri = f"<{DATASET}{name}>"
    dcterms = "http://purl.org/dc/terms/"
    what = ("Synthetic procedure registry made by napo synth: generated records, not "
            "observations of patients; never present its outcomes as real."
            if synthetic else "Procedure registry records ingested by napo ingest.")
    rows = [(f"<{RDF_TYPE}>", "<http://www.w3.org/ns/dcat#Dataset>"),
            (f"<{dcterms}title>", term_nt(Lit(f"NAPO registry {name}", XSD_STRING, None))),
            (f"<{dcterms}description>", term_nt(Lit(what, XSD_STRING, None))),
            (f"<{dcterms}source>", term_nt(Lit(source, XSD_STRING, None))),
            ("<http://rdfs.org/ns/void#entities>", term_nt(Lit(str(records), XSD_INTEGER,
                                                                None))),
            (f"<{NAPO}isSynthetic>", term_nt(Lit(str(synthetic).lower(), XSD_BOOLEAN, None)))]
    return "".join(f"{iri} {p} {o} .\n" for p, o in rows)


def context_graph(vocab: Vocabulary):
    """What the shapes read besides the records: the hierarchy, the observation summary's
    properties and the curated target and modality associations (rdflib triples, for pyshacl)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    graph = Graph()
    sub = URIRef(RDFS_SUBCLASS)
    for child, ups in vocab.parents.items():
        for parent in ups:
            graph.add((URIRef(child), sub, URIRef(parent)))
    for summary, (point, observed) in vocab.summary.items():
        graph.add((URIRef(summary), URIRef(NAPO + "summarisesPoint"), URIRef(point)))
        graph.add((URIRef(summary), URIRef(NAPO + "summarisesProperty"), URIRef(observed)))
    for kind in ("TargetAssociation", "ModalityAssociation"):
        for index, a in enumerate(vocab.curated.get(kind, ())):
            node = URIRef(f"{NAPO}registry-context/{kind}/{index}")
            graph.add((node, RDF.type, URIRef(NAPO + "CuratedAssertion")))
            graph.add((node, RDF.type, URIRef(NAPO + kind)))
            graph.add((node, URIRef(NAPO + "polarity"), URIRef(NAPO + "Affirmed")))
            graph.add((node, URIRef(NAPO + "aboutProcedure"), URIRef(a.procedure)))
            graph.add((node, URIRef(NAPO + "hasObject"), URIRef(a.target)))
    return graph


def reference_findings(nodes: Iterable[Node], vocab: Vocabulary, shapes: Path) -> set[Finding]:
    """pyshacl's results on the records (slow: the reference, for tests and benchmarks)."""
    from pyshacl import validate
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    data = context_graph(vocab)
    data.parse(data=nodes_nt(nodes), format="nt")
    shapes_graph = Graph().parse(shapes, format="turtle")
    _, report, _ = validate(data, shacl_graph=shapes_graph, inference="none",
                            allow_warnings=True)
    s = lambda n: URIRef(SH + n)  # noqa: E731
    found = set()
    top = report.value(predicate=RDF.type, object=s("ValidationReport"))
    for result in report.objects(top, s("result")):  # not the nested sh:detail results
        value = report.value(result, s("value"))
        path = report.value(result, s("resultPath"))
        found.add(Finding(str(report.value(result, s("focusNode"))),
                          path_text(report, path) if path is not None else "",
                          str(report.value(result, s("sourceConstraintComponent"))),
                          None if value is None else str(value),
                          str(report.value(result, s("resultSeverity")))[len(SH):],
                          "", ""))
    return found


def comparable(findings: Iterable[Finding]) -> set[Finding]:
    """Findings without shape and message (pyshacl names anonymous shapes by blank node)."""
    return {Finding(f.focus, f.path, f.component, f.value, f.severity, "", "")
            for f in findings}


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
