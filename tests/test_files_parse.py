"""Every hand-edited RDF and SPARQL file in the repository parses."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from napo.core import rdfio
from napo.core.resources import project_root

ROOT = project_root()
SOURCE_DIRS = ("ontology", "data", "shapes", "queries", "tests/fixtures")
TURTLE = sorted(p for d in SOURCE_DIRS for p in (ROOT / d).glob("**/*.ttl")
                if "invalid" not in p.parts)
SPARQL = sorted((ROOT / "queries").glob("**/*.rq"))


def test_there_is_something_to_check() -> None:
    assert TURTLE and SPARQL


@pytest.mark.parametrize("path", TURTLE, ids=lambda p: str(p.relative_to(ROOT)))
def test_turtle_parses(path: Path) -> None:
    assert len(rdfio.read_graph(path)) > 0


@pytest.mark.parametrize("path", SPARQL, ids=lambda p: str(p.relative_to(ROOT)))
def test_sparql_parses(path: Path) -> None:
    ox.Store().query(path.read_text(encoding="utf-8"))  # raises SyntaxError when malformed
