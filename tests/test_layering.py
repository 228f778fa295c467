"""The subpackages of napo form one strict order of layers: no module imports a higher layer.

Every module under src/napo is parsed (not imported) and every import in it counts: at module
level, inside functions, under `if TYPE_CHECKING:`, relative ones (`from . import x`,
`from ..core import errors`) and `import_module("napo.…")` calls. A module may import its own
subpackage, a lower layer, or the root package `napo` (its version); importing a higher layer
fails the test naming the module, line and import, and so does any cycle between subpackages
or a subpackage that is not placed in LAYERS. The README's "Layout" section states the same
order.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import napo

# Lowest first. knowledge is above ontology and vocabularies because napo.knowledge.graph
# assembles the knowledge graph from the reasoned ontology, data/ and the mappings; queries is
# below stores because remote endpoints answer with napo.queries' results.
LAYERS = ("core", "ontology", "vocabularies", "knowledge", "queries", "stores", "registry", "site",
          "release", "cli")
PACKAGE = Path(napo.__file__).parent


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. napo.queries.query
    line: int
    target: str  # the imported module, e.g. napo.stores.sparql_guard

    def __str__(self) -> str:
        return f"{self.module} (line {self.line}) imports {self.target}"


def module_name(package: Path, path: Path) -> str:
    parts = [package.name, *path.relative_to(package).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(package: Path, dotted: str) -> bool:
    """Whether dotted (napo.x.y) names a module or subpackage in the package's source tree."""
    relative = Path(*dotted.split(".")[1:])
    return (package / relative).with_suffix(".py").is_file() or (package / relative).is_dir()


def _dynamic_target(call: ast.Call) -> str | None:
    """The module an import_module("napo.x") / __import__ call names, or the constant start of
    an f-string (import_module(f"napo.cli.{group}") is napo.cli)."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in ("import_module", "__import__") or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return first.value
    if (isinstance(first, ast.JoinedStr) and first.values
            and isinstance(first.values[0], ast.Constant)):
        return str(first.values[0].value).rstrip(".") or None
    return None


def imports(package: Path) -> Iterator[Import]:
    """Every import of a module of the package, by every module in it, wherever it stands."""
    root = package.name
    for path in sorted(package.rglob("*.py")):
        module = module_name(package, path)
        own_package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = own_package.split(".")
                    base = base[:len(base) - (node.level - 1)]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                # `from napo import stores` or `from . import layers` imports a module itself
                targets = [f"{source}.{alias.name}"
                           if alias.name != "*" and _is_module(package, f"{source}.{alias.name}")
                           else source for alias in node.names]
            elif isinstance(node, ast.Call) and (dynamic := _dynamic_target(node)):
                targets = [dynamic]
            for target in dict.fromkeys(targets):
                if target == root or target.startswith(root + "."):
                    yield Import(module, node.lineno, target)


def subpackage(dotted: str) -> str | None:
    """napo.stores.load -> stores; the root package napo itself -> None."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else None


def rank(dotted: str, layers: tuple[str, ...]) -> int:
    """The layer of a module: the root package (napo/__init__.py, the version) is below all."""
    name = subpackage(dotted)
    return -1 if name is None else layers.index(name)


def unplaced(found: list[Import], layers: tuple[str, ...]) -> list[str]:
    """Subpackages (and top-level modules) that LAYERS does not place."""
    names = {subpackage(name) for i in found for name in (i.module, i.target)}
    return sorted(name for name in names if name is not None and name not in layers)


def upward(found: list[Import], layers: tuple[str, ...]) -> list[str]:
    """Every import of a higher layer, as a readable line."""
    order = " < ".join(layers)
    return [f"{i}: {subpackage(i.module)} may not import {subpackage(i.target)}, a higher layer "
            f"({order})"
            for i in found if rank(i.target, layers) > rank(i.module, layers)]


def cycles(found: list[Import]) -> list[str]:
    """Every cycle between subpackages (strongly connected components, Tarjan), each shown
    with one import per edge."""
    witness: dict[tuple[str, str], Import] = {}
    for i in found:
        edge = (subpackage(i.module), subpackage(i.target))
        if None not in edge and edge[0] != edge[1]:
            witness.setdefault(edge, i)  # type: ignore[arg-type]
    graph: dict[str, set[str]] = {}
    for a, b in witness:
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    shown = []
    for component in components:
        path = _shortest_cycle(graph, component)
        edges = zip(path, [*path[1:], path[0]], strict=True)
        shown.append(f"cycle {' -> '.join([*path, path[0]])}: "
                     + "; ".join(str(witness[edge]) for edge in edges))
    return shown


def _shortest_cycle(graph: dict[str, set[str]], component: list[str]) -> list[str]:
    """A shortest cycle through the component's first member (breadth-first, inside it)."""
    start = component[0]
    previous: dict[str, str] = {}
    queue = [start]
    for node in queue:
        for nxt in sorted(graph[node] & set(component)):
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1]
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"no cycle through {start}")  # a component always has one


def problems(package: Path, layers: tuple[str, ...] = LAYERS) -> list[str]:
    found = list(imports(package))
    missing = unplaced(found, layers)
    if missing:  # without a place the order cannot be checked
        return [f"subpackage {name} is not in LAYERS (tests/test_layering.py) nor in the "
                "README's Layout: give it its place in the order" for name in missing]
    return upward(found, layers) + cycles(found)


def test_no_module_imports_a_higher_layer_and_no_subpackages_form_a_cycle() -> None:
    found = problems(PACKAGE)
    assert not found, "\n".join(found)


def test_every_subpackage_has_a_place() -> None:
    on_disk = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert on_disk == set(LAYERS), f"on disk {sorted(on_disk)}, LAYERS {LAYERS}"


# -- the checker itself fails when it should -------------------------------------------------
def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    package = tmp_path / "napo"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in {p.parent for p in package.rglob("*.py")}:
        (folder / "__init__.py").touch()
    return package


@pytest.mark.parametrize("text", [
    "from napo.stores.load import load\n",
    "import napo.stores.load\n",
    "from napo import stores\n",
    "from ..stores import load\n",
    "def lazy():\n    from napo.stores import load\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from napo.stores import load\n",
    "from importlib import import_module\nimport_module('napo.stores.load')\n",
])
def test_an_import_of_a_higher_layer_is_named(tmp_path: Path, text: str) -> None:
    package = _package(tmp_path, {"core/errors.py": text, "stores/load.py": ""})
    found = problems(package, ("core", "stores"))
    assert found and found[0].startswith("napo.core.errors (line "), found
    assert "imports napo.stores" in found[0] and "core may not import stores" in found[0]


def test_relative_imports_of_the_own_subpackage_and_the_root_are_allowed(tmp_path: Path) -> None:
    package = _package(tmp_path, {"stores/load.py": "from . import view\nfrom .view import x\n"
                                                    "from ..core import errors\n"
                                                    "from napo import __version__\n",
                                  "stores/view.py": "x = 1\n", "core/errors.py": ""})
    assert problems(package, ("core", "stores")) == []
    targets = {i.target for i in imports(package)}
    assert targets == {"napo.stores.view", "napo.core.errors", "napo"}


def test_a_cycle_is_named_with_its_imports(tmp_path: Path) -> None:
    package = _package(tmp_path, {"a/x.py": "from napo.b import y\n",
                                  "b/y.py": "def f():\n    from napo.a import x\n"})
    assert cycles(list(imports(package))) == [
        "cycle a -> b -> a: napo.a.x (line 1) imports napo.b.y; "
        "napo.b.y (line 2) imports napo.a.x"]


def test_a_subpackage_without_a_place_is_refused(tmp_path: Path) -> None:
    package = _package(tmp_path, {"core/errors.py": "", "extra/m.py": "import napo.core.errors\n"})
    assert problems(package, ("core",)) == [
        "subpackage extra is not in LAYERS (tests/test_layering.py) nor in the README's "
        "Layout: give it its place in the order"]


def test_the_readme_states_the_same_order() -> None:
    """The README's Layout sentence drifted once (registry and site were missing)."""
    readme = (PACKAGE.parents[1] / "README.md").read_text(encoding="utf-8")
    _, found, rest = readme.partition("layers in one strict order:")
    assert found, "README.md has no 'layers in one strict order:' sentence in its Layout"
    sentence = " ".join(rest.split(".", 1)[0].split())
    assert tuple(part.strip(" `") for part in sentence.split("<")) == LAYERS
