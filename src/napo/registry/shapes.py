"""The fast validator: shapes/registry.ttl compiled into checks on one record at a time.

pyshacl is the reference, but over a million records (tens of millions of triples) it needs
minutes per 10^5 records and gigabytes. Every registry constraint is record-local (see the
shapes file), so each record's few nodes can be checked on their own while the CSV streams.
This module reads the shapes file and turns each constraint it finds into a Python check with
the same meaning; a constraint it does not know (a new SHACL component, an unknown SPARQL
constraint) makes compiling fail, so the shapes and this validator cannot drift apart
silently. tests/registry/test_agreement.py checks that both report the same results (focus,
path, constraint component, severity, value) on records with every injected error.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from napo.registry.model import RDF_TYPE, RDFS_SUBCLASS, Iri, Lit, Node, Term
from napo.registry.sparql_checks import Check, date_of, sparql_checks
from napo.registry.vocab import Vocabulary

SH = "http://www.w3.org/ns/shacl#"
SHAPE = "https://w3id.org/napo/shape/"


@dataclass(frozen=True, order=True)
class Finding:
    """One validation result, in the terms pyshacl reports it."""

    focus: str
    path: str  # napo.registry.shapes.path_text form
    component: str  # e.g. http://www.w3.org/ns/shacl#MinCountConstraintComponent
    value: str | None
    severity: str
    shape: str
    message: str


@dataclass(frozen=True)
class Constraint:
    shape: str  # the property shape's IRI, or its node shape's for a blank one
    path: str
    steps: tuple[tuple[str, bool], ...]  # (predicate, zero-or-more) steps
    component: str
    check: Check
    message: str


@dataclass(frozen=True)
class Target:
    kind: str  # "class" or "subjectsOf"
    iri: str


def path_text(graph, node) -> str:
    """A SHACL path as text: <p>, <p>* for zero-or-more, (a b) for a sequence."""
    from rdflib import BNode, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, BNode):
        if (node, RDF.first, None) in graph:
            return "(" + " ".join(path_text(graph, n) for n in Collection(graph, node)) + ")"
        inner = graph.value(node, URIRef(SH + "zeroOrMorePath"))
        if inner is not None:
            return path_text(graph, inner) + "*"
    raise ValueError(f"unsupported SHACL path {node!r} in shapes/registry.ttl")


def _steps(text: str) -> tuple[tuple[str, bool], ...]:
    return tuple((p, star == "*") for p, star in re.findall(r"<([^>]+)>(\*?)", text))


def values_at(node: Node, steps: tuple[tuple[str, bool], ...], vocab: Vocabulary) -> list[Term]:
    """The value nodes of a path from a record node (rdfs:subClassOf* through the hierarchy)."""
    current: list[Term] = [node.iri]
    for predicate, star in steps:
        following: list[Term] = []
        for term in current:
            if star and predicate == RDFS_SUBCLASS:
                following.append(term)
                if isinstance(term, Iri):
                    following += [Iri(p) for p in sorted(vocab.parents.get(term, ()))]
            elif term == node.iri:
                following += node.values.get(predicate, [])
        current = list(dict.fromkeys(following))
    return current


def _number(term: Term) -> Decimal | None:
    if isinstance(term, Lit) and isinstance(term.value, (int, Decimal)) \
            and not isinstance(term.value, bool):
        return Decimal(term.value)
    return None


def text_of(term: Term | None) -> str | None:
    return None if term is None else term.lexical if isinstance(term, Lit) else str(term)


class Compiler:
    """Builds the constraint list from the shapes graph, for one vocabulary."""

    def __init__(self, graph, vocab: Vocabulary, today: dt.date) -> None:
        self.graph, self.vocab, self.today = graph, vocab, today

    def value(self, node, name: str):
        from rdflib import URIRef

        return self.graph.value(node, URIRef(SH + name))

    def constraints(self, shape, owner: str) -> list[Constraint]:
        """Every constraint of one property shape."""
        from rdflib import URIRef
        from rdflib.collection import Collection

        g, sh = self.graph, lambda n: URIRef(SH + n)
        path = path_text(g, self.value(shape, "path"))
        steps = _steps(path)
        message = str(self.value(shape, "message") or "")
        name = str(shape) if isinstance(shape, URIRef) else owner
        found: list[Constraint] = []

        def add(component: str, check: Check, text: str = message) -> None:
            found.append(Constraint(name, path, steps, SH + component, check, text))

        known = {sh(n) for n in ("path", "message", "description", "name")} | {
            URIRef(RDF_TYPE)}
        for predicate, obj in g.predicate_objects(shape):
            local = str(predicate)[len(SH):] if str(predicate).startswith(SH) else None
            if predicate in known:
                continue
            if local == "minCount":
                n = int(obj)
                add("MinCountConstraintComponent",
                    lambda _n, vs, _r, n=n: [None] if len(vs) < n else [])
            elif local == "maxCount":
                n = int(obj)
                add("MaxCountConstraintComponent",
                    lambda _n, vs, _r, n=n: [None] if len(vs) > n else [])
            elif local == "datatype":
                want = str(obj)
                add("DatatypeConstraintComponent", lambda _n, vs, _r, w=want: [
                    v for v in vs if not (isinstance(v, Lit) and v.datatype == w
                                          and v.value is not None)])  # None: ill-typed
            elif local == "nodeKind" and str(obj) == SH + "IRI":
                add("NodeKindConstraintComponent",
                    lambda _n, vs, _r: [v for v in vs if not isinstance(v, Iri)])
            elif local in ("minInclusive", "maxInclusive"):
                bound = Decimal(str(obj))
                low = local == "minInclusive"
                add(local[0].upper() + local[1:] + "ConstraintComponent",
                    lambda _n, vs, _r, b=bound, low=low: [
                        v for v in vs if (x := _number(v)) is None or (x < b if low else x > b)])
            elif local == "pattern":
                regex = re.compile(str(obj))
                add("PatternConstraintComponent", lambda _n, vs, _r, rx=regex: [
                    v for v in vs if not rx.search(text_of(v) or "")])
            elif local in ("minLength", "maxLength"):
                n, low = int(obj), local == "minLength"
                add(local[0].upper() + local[1:] + "ConstraintComponent",
                    lambda _n, vs, _r, n=n, low=low: [
                        v for v in vs if (len(text_of(v) or "") < n if low
                                          else len(text_of(v) or "") > n)])
            elif local == "in":
                allowed = {str(t) for t in Collection(g, obj)}
                add("InConstraintComponent", lambda _n, vs, _r, a=allowed: [
                    v for v in vs if not (isinstance(v, Iri) and v in a)])
            elif local == "hasValue":
                want = str(obj)
                add("HasValueConstraintComponent",
                    lambda _n, vs, _r, w=want: [] if w in vs else [None])
            elif local == "class":
                want = str(obj)
                add("ClassConstraintComponent", lambda _n, vs, r, w=want: [
                    v for v in vs if not (isinstance(v, Iri) and v in r and any(
                        self.vocab.is_a(t, w) for t in r[v].types))])
            elif local == "lessThan":
                other = str(obj)
                add("LessThanConstraintComponent", lambda n, vs, _r, o=other: [
                    v for v in vs for w in n.values.get(o, [])
                    if (a := date_of(v)) is None or (b := date_of(w)) is None or not a < b])
            elif local == "node":
                branch = self.class_shape(obj)
                add("NodeConstraintComponent", lambda _n, vs, _r, b=branch: [
                    v for v in vs if not (isinstance(v, Iri) and self.vocab.is_a(v, b))])
            elif local == "sparql":
                add("SPARQLConstraintComponent", self.sparql(obj),
                    str(g.value(obj, sh("message")) or message))
            else:
                raise ValueError(f"shapes/registry.ttl: {name} uses {predicate}, which the "
                                 "fast validator does not implement (napo/registry/shapes.py)")
        return found

    def class_shape(self, shape) -> str:
        """The class C of a value shape that says 'the value is C or below C'."""
        from rdflib import URIRef

        inner = self.value(shape, "property")
        if inner is None or path_text(self.graph, self.value(inner, "path")) != \
                f"<{RDFS_SUBCLASS}>*" or self.value(inner, "hasValue") is None:
            raise ValueError(f"shapes/registry.ttl: sh:node {shape} is not a class-value shape")
        return str(self.graph.value(inner, URIRef(SH + "hasValue")))

    def sparql(self, constraint) -> Check:
        name = str(constraint)[len(SHAPE):]
        rules = sparql_checks(self.vocab, self.today)
        if name not in rules:
            raise ValueError(f"shapes/registry.ttl: SPARQL constraint {constraint} has no "
                             "implementation in napo/registry/sparql_checks.py")
        return rules[name]


class Validator:
    """The compiled shapes: validate(nodes) gives the findings of one record."""

    def __init__(self, vocab: Vocabulary, shapes: Path, today: dt.date | None = None) -> None:
        from rdflib import Graph, URIRef
        from rdflib.namespace import RDF

        graph = Graph().parse(shapes, format="turtle")
        compiler = Compiler(graph, vocab, today or dt.datetime.now(dt.UTC).date())
        # per target, the constraints grouped by path: each path is walked once per node
        self.rules: list[tuple[Target, list[tuple[tuple[tuple[str, bool], ...],
                                                  list[Constraint]]]]] = []
        sh = lambda n: URIRef(SH + n)  # noqa: E731
        for node_shape in sorted(set(graph.subjects(RDF.type, sh("NodeShape"))), key=str):
            targets = [Target("class", str(c)) for c in graph.objects(node_shape,
                                                                       sh("targetClass"))]
            targets += [Target("subjectsOf", str(p))
                        for p in graph.objects(node_shape, sh("targetSubjectsOf"))]
            grouped: dict[tuple[tuple[str, bool], ...], list[Constraint]] = {}
            for prop in graph.objects(node_shape, sh("property")):
                for constraint in compiler.constraints(prop, str(node_shape)):
                    grouped.setdefault(constraint.steps, []).append(constraint)
            for sparql in graph.objects(node_shape, sh("sparql")):  # no path: the node itself
                grouped.setdefault((), []).append(Constraint(
                    str(node_shape), "", (), SH + "SPARQLConstraintComponent",
                    compiler.sparql(sparql), str(graph.value(sparql, sh("message")) or "")))
            for target in targets:
                self.rules.append((target, sorted(grouped.items())))

    def validate(self, nodes: list[Node], vocab: Vocabulary) -> list[Finding]:
        by_iri = {node.iri: node for node in nodes}
        findings: list[Finding] = []
        for target, groups in self.rules:
            for node in nodes:
                if not (target.iri in node.types if target.kind == "class"
                        else target.iri in node.values):
                    continue
                for steps, constraints in groups:
                    values = [] if not steps else node.values.get(steps[0][0], []) \
                        if len(steps) == 1 and not steps[0][1] else values_at(node, steps, vocab)
                    for constraint in constraints:
                        for bad in constraint.check(node, values, by_iri):
                            findings.append(Finding(node.iri, constraint.path,
                                                    constraint.component, text_of(bad),
                                                    "Violation", constraint.shape,
                                                    constraint.message))
        return findings
