"""The built store as a napo.core.names.Lexicon: labels, synonyms and parents by pyoxigraph
pattern lookups, so resolving a name on a read command imports no rdflib."""

from __future__ import annotations

import pyoxigraph as ox

from napo.core.prefixes import PREFIXES

_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")
_SUBCLASS_OF = ox.NamedNode(PREFIXES["rdfs"] + "subClassOf")


class StoreLexicon:
    """A Lexicon over every graph of a pyoxigraph store (the five layers are disjoint)."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store

    def _subjects(self, predicate: ox.NamedNode, obj: ox.NamedNode | None) -> set[str]:
        return {q.subject.value for q in self._store.quads_for_pattern(None, predicate, obj)
                if isinstance(q.subject, ox.NamedNode)}

    def labelled(self) -> set[str]:
        return self._subjects(_LABEL, None)

    def subclasses(self, iri: str) -> set[str]:
        return self._subjects(_SUBCLASS_OF, ox.NamedNode(iri))

    def parents(self, iri: str) -> set[str]:
        return {q.object.value for q in self._store.quads_for_pattern(
            ox.NamedNode(iri), _SUBCLASS_OF, None) if isinstance(q.object, ox.NamedNode)}

    def values(self, iri: str, predicate: str) -> list[str]:
        return sorted(q.object.value for q in self._store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(predicate), None))

    def mentions(self, iri: str) -> bool:
        term = ox.NamedNode(iri)
        return any(True for _ in self._store.quads_for_pattern(term, None, None)) or any(
            True for _ in self._store.quads_for_pattern(None, None, term))

    def objects_in(self, namespace: str) -> set[str]:
        return {q.object.value for q in self._store.quads_for_pattern(None, None, None)
                if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(namespace)}
