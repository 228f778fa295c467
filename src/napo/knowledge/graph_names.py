"""The names of the knowledge graph's five layers and of their named graphs, as plain strings.

The store code that only opens the built store and runs SPARQL needs the graph names but not
the rdflib graphs of napo.knowledge.layers; keeping them here spares a read command importing
rdflib (~0.1 s, docs/benchmarks.md)."""

from __future__ import annotations

from napo.core.prefixes import PREFIXES

LAYER_NAMES = ("ontology", "inferred", "curated", "claims", "mappings")
LAYER_IRIS: dict[str, str] = {name: f"{PREFIXES['napo']}graph/{name}" for name in LAYER_NAMES}
