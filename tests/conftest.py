"""Shared fixtures: the ontology graph, one reasoner run and one release build per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph

from napo.core import rdfio
from napo.core.resources import ontology_file
from napo.ontology.reasoner import Classification, classify
from napo.release.build import BuildReport, build

FIXTURES = Path(__file__).parent / "fixtures"


def require(reason: str | None) -> None:
    """Skip with reason when a real component is missing, but fail in CI, where
    NAPO_REQUIRE_SERVERS=1 says every server and client must really run."""
    if reason is None:
        return
    if os.environ.get("NAPO_REQUIRE_SERVERS") == "1":
        pytest.fail(f"NAPO_REQUIRE_SERVERS=1 but {reason}")
    pytest.skip(reason)


def make_clone(folder: Path) -> Path:
    """A copy of this checkout's sources (what a fresh `git clone` holds, minus the code)."""
    import shutil

    from napo.core.resources import project_root

    root = project_root()
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("ontology", "data", "queries", "shapes"):
        shutil.copytree(root / name, folder / name)
    shutil.copy(root / "pyproject.toml", folder / "pyproject.toml")
    return folder


@pytest.fixture(scope="session", autouse=True)
def store_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built store of every read command goes to a session folder, never ~/.cache; it is
    built first, so that no test's output carries the one-time "building the store" notice."""
    from napo.stores import cache

    path = tmp_path_factory.mktemp("napo-cache")
    os.environ["NAPO_CACHE"] = str(path)
    cache.ensure_built(progress=lambda line: None)
    return path


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return rdfio.read_graph(ontology_file())


@pytest.fixture(scope="session")
def classification(ontology: Graph) -> Classification:
    return classify(ontology)


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("release") / "dist"
    return out, build(ontology_file(), out)
