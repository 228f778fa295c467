"""The key of a built store: a SHA-256 of everything its five layers are made from.

The edit file and its imports, data/, the SSSOM tables, NAPO's version and the code that
computes the layers; a changed input gives another key, so a stale store cannot be read
(napo.stores.cache).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import napo
from napo import __version__
from napo.core.resources import ontology_file, project_root

# The code the layers are computed by (the fingerprint covers it: a changed materialiser makes
# other layers from the same sources). Commands, names, queries and servers do not change the
# layers, and editing them must not cost a rebuild; a module that starts to shape the layers
# belongs here.
_LAYER_CODE = ("__init__.py", "core/rdfio.py", "core/namespaces.py", "ontology",
               "knowledge/graph.py", "knowledge/graph_names.py", "knowledge/inputs.py",
               "knowledge/layers.py", "vocabularies/mappings.py",
               "vocabularies/sssom_table.py", "stores/cache.py", "stores/fingerprint.py")


def input_files(ontology: Path | None = None) -> list[Path]:
    """What the layers are made from, in a fixed order."""
    from napo.knowledge.inputs import data_files, ontology_sources

    mappings = sorted((project_root() / "data" / "mappings").glob("*.sssom.tsv"))
    return [*ontology_sources(ontology or ontology_file()), *data_files(), *mappings]


def fingerprint(ontology: Path | None = None) -> str:
    """SHA-256 over NAPO's version, the code that makes the layers and every input file's
    name and bytes (~4 ms)."""
    digest = hashlib.sha256(__version__.encode() + b"\0")
    package = Path(napo.__file__).parent
    for part in _LAYER_CODE:
        path = package / part
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            if file.is_file():
                digest.update(_record(file.relative_to(package).as_posix(), file))
    root = project_root()
    for path in input_files(ontology):
        if path.is_file():
            name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
            digest.update(_record(name, path))
    return digest.hexdigest()


def _record(name: str, path: Path) -> bytes:
    data = path.read_bytes()
    return f"{name}\0{len(data)}\0".encode() + data
