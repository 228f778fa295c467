"""The knowledge graph and its pyoxigraph store, built once for the question tests."""

from __future__ import annotations

import pytest
from rdflib import Graph

from napo.core import rdfio
from napo.knowledge.graph import knowledge_graph


@pytest.fixture(scope="session")
def graph() -> Graph:
    return knowledge_graph()


@pytest.fixture(scope="session")
def store(graph: Graph):
    return rdfio.to_store(graph)
