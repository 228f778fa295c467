"""Classify the ontology with HermiT (through owlready2) and report inferred superclasses."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError
from rdflib import Graph, URIRef
from rdflib.namespace import OWL

from napo.core.errors import ReasonerError
from napo.ontology.java import find_java


@dataclass
class Classification:
    """The reasoner's answer: for every named class, its direct named superclasses."""

    parents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    equivalents: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    java: str = ""
    seconds: float = 0.0

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """All named superclasses of cls (not cls itself, not owl:Thing)."""
        seen: set[URIRef] = set()
        stack = [*self.parents.get(cls, ()), *self.equivalents.get(cls, ())]
        while stack:
            current = stack.pop()
            if current in seen or current == cls:
                continue
            seen.add(current)
            stack.extend(self.parents.get(current, ()))
            stack.extend(self.equivalents.get(current, ()))
        seen.discard(OWL.Thing)
        return seen


# HermiT runs for about a second: a JVM that short spends most of its CPU in the C2 compiler's
# and the parallel collector's threads. C1 only, one compiler thread and the serial collector
# halve its CPU time on NAPO (1.9 -> 0.9 s) and its wall time on a busy 2-core machine, with the
# same answer. A user's own JDK_JAVA_OPTIONS come after these, so they win.
JVM_OPTIONS = ("-XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 "
               "-XX:+UseSerialGC")


@contextmanager
def _jvm_options(options: str) -> Iterator[None]:
    """JDK_JAVA_OPTIONS for the java launcher owlready2 starts (it takes no JVM flags itself)."""
    previous = os.environ.get("JDK_JAVA_OPTIONS")
    os.environ["JDK_JAVA_OPTIONS"] = f"{options} {previous}" if previous else options
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("JDK_JAVA_OPTIONS", None)
        else:
            os.environ["JDK_JAVA_OPTIONS"] = previous


def _named(entities: list) -> set[URIRef]:
    return {URIRef(e.iri) for e in entities if isinstance(e, owlready2.ThingClass)}


def classify(graph: Graph) -> Classification:
    """Run HermiT on graph; raise ReasonerError if it is inconsistent or has unsatisfiable classes.

    owlready2 cannot read Turtle, so the graph goes to it as N-Triples in a fresh World
    (a private quadstore, so repeated runs in one process do not see each other's axioms).
    """
    owlready2.JAVA_EXE = find_java()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="napo-reason-") as tmp:
        source = Path(tmp) / "input.nt"
        graph.serialize(source, format="nt", encoding="utf-8")
        world = owlready2.World()
        ontology = world.get_ontology(source.as_uri()).load()
        try:
            with ontology, _jvm_options(JVM_OPTIONS):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except OwlReadyInconsistentOntologyError as error:
            raise ReasonerError(
                "the ontology is inconsistent: no model satisfies all of its axioms",
                "look for an individual or class assertion that breaks a disjointness or "
                "functional-property axiom (Protégé's HermiT explanations show which)",
            ) from error
        except OwlReadyJavaError as error:
            raise ReasonerError(f"HermiT failed: {error}",
                                "run with a Java 11+ runtime (see NAPO_JAVA)") from error
        unsatisfiable = tuple(sorted(c.iri for c in world.inconsistent_classes()
                                     if c.iri != str(OWL.Nothing)))
        if unsatisfiable:
            raise ReasonerError(
                f"{len(unsatisfiable)} unsatisfiable class(es): " + ", ".join(unsatisfiable),
                "each listed class combines axioms that contradict each other, e.g. an ablative "
                "method on a technique restricted to non-ablative methods, or two disjoint "
                "parents",
                unsatisfiable,
            )
        result = Classification(java=owlready2.JAVA_EXE)
        for cls in world.classes():
            iri = URIRef(cls.iri)
            result.parents[iri] = _named(cls.is_a) - {iri}
            result.equivalents[iri] = _named(cls.equivalent_to) - {iri}
    result.seconds = time.perf_counter() - started
    return result
