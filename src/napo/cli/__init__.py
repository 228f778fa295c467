"""The `napo` command: one module per command group, each a thin shell over a library function.

Importing a group registers its commands on the Typer app; GROUPS is the order `napo --help`
lists them in (the pipeline's order: release, ontology, knowledge, questions, vocabularies,
stores, registry, site). The `napo` entry point (`main`) imports only the group of the command
it runs: Typer builds the parameters of every registered command on each call, ~40 ms for all
of them, which a read command that answers in ~0.1 s cannot afford (docs/benchmarks.md).
`from napo.cli import app` still gives the app with every command, for tests and embedding.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

GROUPS = ("release", "ontology", "knowledge", "queries", "vocabularies", "stores", "registry",
          "site")

# Which group registers each command (tests/cli/test_entry.py checks it against the groups).
COMMANDS = {
    "build": "release", "version": "release",
    "qc": "ontology",
    "validate": "knowledge", "compare": "knowledge", "conflicts": "knowledge",
    "locate": "knowledge",
    "queries": "queries", "query": "queries",
    "lookup": "vocabularies", "mappings": "vocabularies", "pcs": "vocabularies",
    "load": "stores", "serve": "stores",
    "ingest": "registry", "synth": "registry", "outcomes": "registry",
    "docs": "site",
}


def _register(groups: tuple[str, ...]) -> typer.Typer:
    from napo.cli.root import app

    for group in groups:
        import_module(f"napo.cli.{group}")
    return app


def invoked_command(arguments: list[str]) -> str | None:
    """The command a command line runs: its first word that is not an option (the app's own
    options, --version, -h and --help, take no value)."""
    return next((word for word in arguments if not word.startswith("-")), None)


def main() -> None:
    """The `napo` entry point: the invoked command's group only; every group for help, no
    command or an unknown one (so that help lists them all and a typo gets suggestions)."""
    group = COMMANDS.get(invoked_command(sys.argv[1:]) or "")
    _register((group,) if group else GROUPS)()


def __getattr__(name: str) -> object:
    if name == "app":
        return _register(GROUPS)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMANDS", "GROUPS", "app", "main"]
