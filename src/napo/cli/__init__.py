"""The `napo` command: one module per command group, each a thin shell over a library function.

Importing a group registers its commands on `app`; the order here is the order `napo --help`
lists them in (the pipeline's order: release, ontology, knowledge, questions, vocabularies,
stores, site).
"""

from importlib import import_module

from napo.cli.app import app

for _group in ("release", "ontology", "knowledge", "queries", "vocabularies", "stores", "registry",
               "site"):
    import_module(f"napo.cli.{_group}")

__all__ = ["app"]
