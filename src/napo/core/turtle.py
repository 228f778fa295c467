"""Readable, deterministic Turtle from canonically labelled triples, without rdflib's writer.

rdflib's Turtle serializer needs an rdflib graph and takes about 0.15 s per 3,000 triples; this
writer takes a tenth of that and keeps what makes Turtle readable: prefixed names, one block per
subject with its predicates grouped (rdf:type first, then rdfs:label, then by IRI), blank nodes
used once nested as `[ ... ]`, and RDF lists written as `( ... )`. Given the same triples it
always writes the same bytes: subjects, predicates and objects are all written in sorted order.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_TYPE, _FIRST, _REST, _NIL = (ox.NamedNode(_RDF + n) for n in ("type", "first", "rest", "nil"))
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_PREFIX = re.compile(r"([A-Za-z]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
_LOCAL = re.compile(r"([A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")  # a safe PN_LOCAL subset
_BARE = {  # literals Turtle can write without quotes, when the lexical form is already that token
    _XSD + "integer": re.compile(r"[+-]?[0-9]+"),
    _XSD + "decimal": re.compile(r"[+-]?[0-9]*\.[0-9]+"),
    _XSD + "double": re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)[eE][+-]?[0-9]+"),
    _XSD + "boolean": re.compile(r"true|false"),
}
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_SHORT_UNSAFE = re.compile(r'[\\"\n\r]')
_LONG_UNSAFE = re.compile(r'[\\"\r]')

Subject = ox.NamedNode | ox.BlankNode
Term = ox.NamedNode | ox.BlankNode | ox.Literal


def serialize_turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> str:
    """Turtle text of the triples, declaring only the prefixes it uses."""
    return _Writer(triples, prefixes).document()


class _Writer:
    def __init__(self, triples: Iterable[ox.Triple], prefixes: dict[str, str]) -> None:
        self.edges: dict[Subject, list[tuple[ox.NamedNode, Term]]] = defaultdict(list)
        self.references: Counter[ox.BlankNode] = Counter()
        for triple in triples:
            self.edges[triple.subject].append((triple.predicate, triple.object))
            if isinstance(triple.object, ox.BlankNode):
                self.references[triple.object] += 1
        # The longest namespace wins (claim: before napo:); ties go to the shorter prefix name.
        self.namespaces = sorted(((p, ns) for p, ns in prefixes.items()
                                  if ns and _PREFIX.fullmatch(p)),
                                 key=lambda item: (-len(item[1]), item))
        self.names: dict[str, str] = {}
        self.used: set[str] = set()
        self.nested = self._nested_blank_nodes()

    def _nested_blank_nodes(self) -> set[ox.BlankNode]:
        """Blank nodes written inside their only referrer: used once and reachable from a
        subject written at the top (a cycle of such nodes gets one of them labelled)."""
        nested: set[ox.BlankNode] = set()
        roots = [s for s in self.edges if not self._nestable(s)]
        waiting = sorted((s for s in self.edges if self._nestable(s)), key=str, reverse=True)
        while True:
            stack = list(roots)
            while stack:
                for _, obj in self.edges.get(stack.pop(), ()):
                    if self._nestable(obj) and obj not in nested:
                        nested.add(obj)
                        stack.append(obj)
            waiting = [s for s in waiting if s not in nested]
            if not waiting:
                return nested
            roots = [waiting.pop()]  # part of a cycle: write it at the top, labelled
            self.references[roots[0]] += 2

    def _nestable(self, term: Term) -> bool:
        return isinstance(term, ox.BlankNode) and self.references[term] == 1

    def document(self) -> str:
        named = sorted((s for s in self.edges if isinstance(s, ox.NamedNode)), key=str)
        blocks = [self._block(self._iri(s.value), s) for s in named]
        anonymous = [self._block("_:" + s.value if self.references[s] else "[]", s)
                     for s in self.edges if isinstance(s, ox.BlankNode) and s not in self.nested]
        blocks += sorted(anonymous)
        header = "".join(f"@prefix {p}: <{self._escape_iri(ns)}> .\n"
                         for p, ns in sorted(self.namespaces) if p in self.used)
        return header + "\n" + "\n".join(blocks) if blocks else header

    def _block(self, head: str, subject: Subject) -> str:
        return f"{head} {self._predicates(subject, 1)} .\n"

    def _predicates(self, subject: Subject, depth: int) -> str:
        grouped: dict[ox.NamedNode, list[str]] = defaultdict(list)
        for predicate, obj in self.edges.get(subject, ()):
            grouped[predicate].append(self._object(obj, depth + 1))
        order = sorted(grouped, key=lambda p: (p != _TYPE, p != _LABEL, p.value))
        indent = "    " * depth
        parts = []
        for predicate in order:
            name = "a" if predicate == _TYPE else self._iri(predicate.value)
            parts.append(f"{name} " + f",\n{indent}    ".join(sorted(grouped[predicate])))
        return f" ;\n{indent}".join(parts)

    def _object(self, term: Term, depth: int) -> str:
        if isinstance(term, ox.NamedNode):
            return "()" if term == _NIL else self._iri(term.value)
        if isinstance(term, ox.Literal):
            return self._literal(term)
        if term not in self.nested:
            return "_:" + term.value
        items = self._list_items(term)
        if items is not None:
            return "( " + " ".join(self._object(item, depth) for item in items) + " )"
        if term not in self.edges:
            return "[]"
        return f"[ {self._predicates(term, depth)} ]"

    def _list_items(self, head: ox.BlankNode) -> list[Term] | None:
        """The members of a well-formed RDF list starting at head, else None."""
        items: list[Term] = []
        node: Term = head
        seen: set[ox.BlankNode] = set()
        while node != _NIL:
            edges = self.edges.get(node, []) if isinstance(node, ox.BlankNode) else []
            if (node in seen or node not in self.nested or len(edges) != 2
                    or {p for p, _ in edges} != {_FIRST, _REST}):
                return None
            seen.add(node)
            items.append(next(o for p, o in edges if p == _FIRST))
            node = next(o for p, o in edges if p == _REST)
        return items

    def _iri(self, iri: str) -> str:
        if iri not in self.names:
            self.names[iri] = f"<{self._escape_iri(iri)}>"
            for prefix, namespace in self.namespaces:
                if iri.startswith(namespace) and _LOCAL.fullmatch(iri[len(namespace):]):
                    self.names[iri] = f"{prefix}:{iri[len(namespace):]}"
                    self.used.add(prefix)
                    break
        return self.names[iri]

    @staticmethod
    def _escape_iri(iri: str) -> str:
        return _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri)

    def _literal(self, literal: ox.Literal) -> str:
        value = literal.value
        datatype = literal.datatype.value
        if datatype in _BARE and _BARE[datatype].fullmatch(value):
            return value
        if "\n" in value:
            text = '"""' + _LONG_UNSAFE.sub(lambda m: _SHORT_ESCAPES[m.group()], value) + '"""'
        else:
            text = '"' + _SHORT_UNSAFE.sub(lambda m: _SHORT_ESCAPES[m.group()], value) + '"'
        if literal.language:
            return f"{text}@{literal.language}"
        if datatype == _XSD + "string":
            return text
        return f"{text}^^{self._iri(datatype)}"
