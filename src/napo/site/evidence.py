"""The knowledge behind each procedure and each source text, for the pages.

Association nodes (curated assertions and source claims) are read as records; which claims a
curated assertion judges, and which claims conflict, come from the competency questions
`claim_verdicts` and `conflicts` run on the same store, so a page shows exactly what
`napo query` answers (no second implementation of those rules).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from napo.core.namespaces import NAPO
from napo.queries.query import find_question, run_oxigraph
from napo.stores.store import DEFAULT_DATASET

NS = str(NAPO)
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
# kinds in the order a clinician reads a procedure (the curated layer's order)
KIND_ORDER = ("Target", "Method", "Modality", "Access", "Anaesthesia", "Guidance", "CareSetting",
              "Indication", "Contraindication", "Complication", "Outcome", "CarePathway",
              "CombinedProcedure")
KINDS = tuple(f"{NS}{k}Association" for k in KIND_ORDER)


@dataclass
class Span:
    start: int
    end: int
    quote: str


@dataclass
class Node:
    """A curated assertion, a source claim or a reviewed passage, with its properties."""

    iri: str
    types: set[str] = field(default_factory=set)
    values: dict[str, list[object]] = field(default_factory=lambda: defaultdict(list))
    span: Span | None = None
    judged_by: list[tuple[str, str]] = field(default_factory=list)  # (verdict, curated iri)
    claims: list[tuple[str, str]] = field(default_factory=list)  # (verdict, claim iri)
    conflicts: list[dict[str, str]] = field(default_factory=list)

    def one(self, local: str, namespace: str = NS) -> str:
        found = self.values.get(namespace + local)
        return found[0] if found else ""

    def all(self, local: str, namespace: str = NS) -> list[str]:
        return sorted(self.values.get(namespace + local, []))

    def verdicts(self) -> list[tuple[str, list[str]]]:
        """A claim's verdicts, each with the curated assertions that give it."""
        grouped: dict[str, list[str]] = {}
        for verdict, curated in sorted(self.judged_by):
            grouped.setdefault(verdict, [])
            if curated:
                grouped[verdict].append(curated)
        return list(grouped.items())

    @property
    def kind(self) -> str:
        return next((k for k in KINDS if k in self.types), "")

    @property
    def is_claim(self) -> bool:
        return f"{NS}SourceClaim" in self.types

    @property
    def source(self) -> str:
        return self.one("wasDerivedFrom", PROV)

    @property
    def anchor(self) -> str:
        """Its id on a page: the IRI's last segment (curated/X -> X, claim/s001-01 -> s001-01)."""
        return self.iri.rsplit("/", 1)[-1]


@dataclass
class Source:
    iri: str
    title: str
    file_name: str
    description: str
    reliability: str
    reliability_note: str
    sha256: str
    claims: list[Node] = field(default_factory=list)
    passages: list[Node] = field(default_factory=list)

    @property
    def local(self) -> str:
        return self.iri.rsplit("/", 1)[-1]

    @property
    def page(self) -> str:
        return f"source/{self.local}.html"


def _value(term: object) -> object:
    return term.value if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode)) else term


class Evidence:
    """Every association, claim and reviewed passage of a store, indexed for the pages."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.nodes: dict[str, Node] = {}
        self.by_procedure: dict[str, list[Node]] = defaultdict(list)
        self.sources: dict[str, Source] = {}
        self._read_nodes()
        self._read_sources()
        self._read_verdicts()
        self._read_conflicts()

    def _node(self, subject: ox.NamedNode) -> Node:
        node = Node(subject.value)
        for quad in self.store.quads_for_pattern(subject, None, None, None):
            predicate = quad.predicate.value
            if predicate == RDF_TYPE:
                node.types.add(quad.object.value)
            else:
                node.values[predicate].append(_value(quad.object))
        evidence = node.one("evidence")
        if evidence:
            start = end = None
            quote = ""
            for selector in self.store.quads_for_pattern(
                    ox.NamedNode(evidence), ox.NamedNode(f"{OA}hasSelector"), None, None):
                for quad in self.store.quads_for_pattern(selector.object, None, None, None):
                    name = quad.predicate.value.removeprefix(OA)
                    if name == "start":
                        start = int(quad.object.value)
                    elif name == "end":
                        end = int(quad.object.value)
                    elif name == "exact":
                        quote = quad.object.value
            if start is not None and end is not None:
                node.span = Span(start, end, quote)
        return node

    def _read_nodes(self) -> None:
        subjects = {q.subject for q in self.store.quads_for_pattern(
            None, ox.NamedNode(f"{NS}aboutProcedure"), None, None)}
        subjects |= {q.subject for q in self.store.quads_for_pattern(
            None, ox.NamedNode(RDF_TYPE), ox.NamedNode(f"{NS}ReviewedPassage"), None)}
        for subject in sorted(subjects, key=lambda s: s.value):
            if isinstance(subject, ox.NamedNode):
                node = self.nodes[subject.value] = self._node(subject)
                if procedure := node.one("aboutProcedure"):
                    self.by_procedure[procedure].append(node)

    def _read_sources(self) -> None:
        for quad in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE),
                                                 ox.NamedNode(f"{NS}SourceDocument"), None):
            node = self._node(quad.subject)
            self.sources[node.iri] = Source(
                node.iri, node.one("title", DCTERMS), node.one("fileName"),
                node.one("description", DCTERMS), node.one("reliability"),
                node.one("reliabilityNote"), node.one("sha256"))
        for node in self.nodes.values():
            source = self.sources.get(node.source)
            if source is not None:
                (source.claims if node.is_claim else source.passages).append(node)
        for source in self.sources.values():
            source.claims.sort(key=lambda n: (n.span.start if n.span else 0, n.iri))
            source.passages.sort(key=lambda n: (n.span.start if n.span else 0, n.iri))

    def _read_verdicts(self) -> None:
        answer = run_oxigraph(self.store, find_question("claim_verdicts"), {}, DEFAULT_DATASET)
        column = {name: i for i, name in enumerate(answer.variables)}
        for row in answer.rows:
            claim = self.nodes.get(row[column["claim"]][1])
            verdict = row[column["verdict"]][1]
            curated_term = row[column["curated"]]
            if claim is None:
                continue
            curated = curated_term[1] if curated_term else ""
            claim.judged_by.append((verdict, curated))
            if curated in self.nodes:
                self.nodes[curated].claims.append((verdict, claim.iri))

    def _read_conflicts(self) -> None:
        answer = run_oxigraph(self.store, find_question("conflicts"), {}, DEFAULT_DATASET)
        for row in answer.rows:
            record = {name: (term[1] if term else "")
                      for name, term in zip(answer.variables, row, strict=True)}
            claim = self.nodes.get(record["claim"])
            if claim is not None and record not in claim.conflicts:
                claim.conflicts.append(record)
        for node in self.nodes.values():  # one order whatever order the engine answers in
            node.conflicts.sort(key=lambda record: sorted(record.items()))

    def for_procedure(self, iri: str) -> dict[str, list[Node]]:
        """The procedure's curated assertions and claims by kind, in KIND_ORDER."""
        grouped: dict[str, list[Node]] = {kind: [] for kind in KINDS}
        for node in self.by_procedure.get(iri, []):
            if node.kind:
                grouped[node.kind].append(node)
        return {kind: nodes for kind, nodes in grouped.items() if nodes}

    def conflicts_of(self, iri: str) -> list[tuple[Node, dict[str, str]]]:
        return [(node, record) for node in self.by_procedure.get(iri, [])
                for record in node.conflicts]
