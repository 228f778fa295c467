"""OWL class expressions in readable words, for the term pages.

A logical definition such as `NeuroablativeProcedure and (hasMethod some Destruction) and
(hasDirectSite some TrigeminalSensoryRoot) and (hasEnergyOrAgent some ThermalRadiofrequency)`
reads "a neuroablative procedure: destruction of trigeminal sensory root by thermal
radiofrequency"; the procedure-model properties (method, site, agent, access, guidance, intent)
get clinical phrasing, any other property its label with OWL's "some", "only" or "value".
Each named class in a rendering is a link (a `Words` part with its IRI).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from napo.core.namespaces import NAPO

OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ONTOLOGY_GRAPH = ox.NamedNode(f"{NAPO}graph/ontology")

# procedure-model property -> the words before its filler (method is the head noun)
PHRASES = {f"{NAPO}hasDirectSite": "of the", f"{NAPO}hasEnergyOrAgent": "by",
           f"{NAPO}hasAccess": "through", f"{NAPO}hasGuidance": "under",
           f"{NAPO}hasIntent": "with intent:"}
METHOD = f"{NAPO}hasMethod"
_CARDINALITIES = {"minCardinality": "at least", "maxCardinality": "at most",
                  "cardinality": "exactly", "minQualifiedCardinality": "at least",
                  "maxQualifiedCardinality": "at most", "qualifiedCardinality": "exactly"}


@dataclass(frozen=True)
class Part:
    """Text, or a named term (iri set) shown as a link with its label."""

    text: str
    iri: str = ""


Words = list[Part]


class Verbaliser:
    """Reads class expressions (blank nodes) of the ontology layer and writes them in words."""

    def __init__(self, store: ox.Store, label: Callable[[str], str]) -> None:
        self.store = store
        self.label = label

    def _objects(self, node: object, predicate: str) -> list[object]:
        return [q.object for q in self.store.quads_for_pattern(
            node, ox.NamedNode(predicate), None, ONTOLOGY_GRAPH)]

    def _one(self, node: object, predicate: str) -> object | None:
        found = self._objects(node, predicate)
        return found[0] if found else None

    def _list(self, head: object) -> list[object]:
        items = []
        while head is not None and not (isinstance(head, ox.NamedNode)
                                        and head.value == f"{RDF}nil"):
            first = self._one(head, f"{RDF}first")
            if first is not None:
                items.append(first)
            head = self._one(head, f"{RDF}rest")
        return items

    def definitions(self, iri: str) -> list[Words]:
        """The class's logical definitions (owl:equivalentClass), each in words."""
        found = self._objects(ox.NamedNode(iri), f"{OWL}equivalentClass")
        return [self.words(node, top=True) for node in self._sorted(found)]

    def conditions(self, iri: str) -> list[Words]:
        """Its anonymous superclasses (necessary conditions), each in words."""
        found = self._objects(ox.NamedNode(iri), f"{RDFS}subClassOf")
        return [self.words(node) for node in self._sorted(found)
                if isinstance(node, ox.BlankNode)]

    def _sorted(self, nodes: list[object]) -> list[object]:
        """Deterministic order: by the words they read as (blank-node ids vary per load)."""
        return sorted(nodes, key=lambda n: "".join(p.text for p in self.words(n)))

    def words(self, node: object, top: bool = False) -> Words:
        if isinstance(node, ox.NamedNode):
            return [Part(self.label(node.value), node.value)]
        if isinstance(node, ox.Literal):
            return [Part(node.value)]
        members = self._one(node, f"{OWL}intersectionOf")
        if members is not None:
            return self._intersection(self._list(members), top)
        members = self._one(node, f"{OWL}unionOf")
        if members is not None:
            return self._joined([self.words(m) for m in self._list(members)], " or ")
        complement = self._one(node, f"{OWL}complementOf")
        if complement is not None:
            return [Part("not "), *self._bracketed(complement)]
        one_of = self._one(node, f"{OWL}oneOf")
        if one_of is not None:
            return [Part("one of "), *self._joined([self.words(m) for m in self._list(one_of)],
                                                  ", ")]
        return self._restriction(node)

    def _bracketed(self, node: object) -> Words:
        inner = self.words(node)
        return inner if isinstance(node, ox.NamedNode) else [Part("("), *inner, Part(")")]

    def _restriction(self, node: object) -> Words:
        prop = self._one(node, f"{OWL}onProperty")
        prop_words = self.words(prop) if prop is not None else [Part("?")]
        for predicate, quantifier in (("someValuesFrom", "some"), ("allValuesFrom", "only"),
                                      ("hasValue", "value")):
            filler = self._one(node, OWL + predicate)
            if filler is not None:
                return [*prop_words, Part(f" {quantifier} "), *self._bracketed(filler)]
        for predicate, words in _CARDINALITIES.items():
            number = self._one(node, OWL + predicate)
            if number is not None:
                filler = self._one(node, f"{OWL}onClass")
                tail = [Part(" "), *self._bracketed(filler)] if filler is not None else []
                return [*prop_words, Part(f" {words} {number.value}"), *tail]
        return [Part("an anonymous class")]

    def _intersection(self, members: list[object], top: bool) -> Words:
        """Named classes first ("a neuroablative procedure"), then the procedure model in
        clinical phrasing, then any other restriction."""
        named = [m for m in members if isinstance(m, ox.NamedNode)]
        method: Words = []
        phrased: list[tuple[int, Words]] = []
        others: list[Words] = []
        order = list(PHRASES)
        for member in members:
            if isinstance(member, ox.NamedNode):
                continue
            prop = self._one(member, f"{OWL}onProperty")
            filler = self._one(member, f"{OWL}someValuesFrom")
            prop_iri = prop.value if isinstance(prop, ox.NamedNode) else ""
            if filler is not None and prop_iri == METHOD and not method:
                method = self._bracketed(filler)
            elif filler is not None and prop_iri in PHRASES:
                phrased.append((order.index(prop_iri),
                                [Part(f"{PHRASES[prop_iri]} "), *self._bracketed(filler)]))
            else:
                others.append(self.words(member))
        phrased.sort(key=lambda p: (p[0], "".join(x.text for x in p[1])))
        if not method and phrased and phrased[0][0] == 0:  # no method: "a procedure on the X"
            phrased[0] = (0, [Part("on the "), *phrased[0][1][1:]])
        head: Words = self._joined([[Part(self.label(n.value), n.value)] for n in named], " and ")
        if head and top:
            head = [Part("a "), *head]
        body: Words = list(method)
        for _, words in phrased:
            body += [Part(" ") if body else Part(""), *words]
        result = head
        if body:
            result = [*head, Part(": " if head and method else " " if head else ""), *body]
        if others:
            tail = self._joined(others, " and ")
            result = [*result, Part(" that " if result else ""), *tail] if result else tail
        return result

    @staticmethod
    def _joined(parts: list[Words], separator: str) -> Words:
        result: Words = []
        for index, words in enumerate(parts):
            if index:
                result.append(Part(separator))
            result.extend(words)
        return result
