"""What every vocabulary reader returns: one term as its official release states it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from napo.core.errors import NapoError


@dataclass(frozen=True)
class OfficialTerm:
    """A code as the official release has it."""

    local_id: str
    label: str
    obsolete: bool = False
    replaced_by: str = ""
    xrefs: tuple[str, ...] = ()
    # False for a code no record may carry: an ICD-10-CM category that has subcodes (a coder
    # who follows an exactMatch to it gets a rejected claim); subcodes names them.
    codable: bool = True
    subcodes: tuple[str, ...] = ()


class Release(Protocol):
    """An official release of one vocabulary."""

    prefix: str
    version: str  # the release checked against, e.g. "hp/releases/2025-01-16"

    def term(self, local_id: str) -> OfficialTerm | None:
        """The term with this local id, or None when the release has no such code."""
        ...


INSTALL_VERIFY_HINT = ('install the verification extra: pip install "napo[verify]" '
                       '(from a checkout: pip install -e ".[verify]")')


class ReleaseUnavailable(NapoError):
    """The package that carries a vocabulary's official release is not installed."""
