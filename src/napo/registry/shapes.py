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

from napo.registry.codegen import Compiled, compile_target
from napo.registry.model import RDF_TYPE, RDFS_SUBCLASS, SH, Iri, Lit, Node, Term
from napo.registry.sparql_checks import Check, sparql_checks
from napo.registry.vocab import Vocabulary

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
    params: tuple  # the component's parameter(s), as napo.registry.codegen tests them
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

        def add(component: str, *params: object, text: str = message) -> None:
            found.append(Constraint(name, path, steps, SH + component, params, text))

        known = {sh(n) for n in ("path", "message", "description", "name")} | {
            URIRef(RDF_TYPE)}
        for predicate, obj in g.predicate_objects(shape):
            local = str(predicate)[len(SH):] if str(predicate).startswith(SH) else None
            if predicate in known:
                continue
            title = (local or "")[:1].upper() + (local or "")[1:]
            if local in ("minCount", "maxCount", "minLength", "maxLength"):
                add(title + "ConstraintComponent", int(obj))
            elif local in ("datatype", "hasValue", "class", "lessThan"):
                add(title + "ConstraintComponent", str(obj))
            elif local == "nodeKind" and str(obj) == SH + "IRI":
                add("NodeKindConstraintComponent")
            elif local in ("minInclusive", "maxInclusive"):
                add(title + "ConstraintComponent", Decimal(str(obj)))
            elif local == "pattern":
                add("PatternConstraintComponent", re.compile(str(obj)))
            elif local == "in":
                add("InConstraintComponent", frozenset(str(t) for t in Collection(g, obj)))
            elif local == "node":
                add("NodeConstraintComponent", self.class_shape(obj))
            elif local == "sparql":
                add("SPARQLConstraintComponent", self.sparql(obj),
                    text=str(g.value(obj, sh("message")) or message))
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
                    (compiler.sparql(sparql),), str(graph.value(sparql, sh("message")) or "")))
            for target in targets:
                self.rules.append((target, sorted(grouped.items())))
        # the same rules as one generated function per target (napo.registry.codegen)
        helpers = {"number": _number, "text_of": text_of, "values_at": values_at,
                   "is_a": vocab.is_a}
        self.constraints: list[Constraint] = []
        self.compiled: list[tuple[str, str, Compiled]] = []
        for target, groups in self.rules:
            function = compile_target(groups, len(self.constraints), helpers)
            self.compiled.append((target.kind, target.iri, function))
            self.constraints += [c for _, constraints in groups for c in constraints]

    def validate(self, nodes: list[Node], vocab: Vocabulary) -> list[Finding]:
        by_iri = {node.iri: node for node in nodes}
        found: list[tuple[int, Term | None]] = []
        findings: list[Finding] = []
        for kind, iri, check in self.compiled:
            for node in nodes:
                if iri in (node.types if kind == "class" else node.values):
                    check(node, by_iri, found, vocab)
                    for index, bad in found:
                        c = self.constraints[index]
                        findings.append(Finding(node.iri, c.path, c.component, text_of(bad),
                                                "Violation", c.shape, c.message))
                    found.clear()
        return findings
