"""Where the hand-edited sources live: the source checkout, or the copy embedded in the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/napo/core -> src/napo
_CHECKOUT_ROOT = _PACKAGE_DIR.parent.parent  # src/napo -> repository root
_EMBEDDED_ROOT = _PACKAGE_DIR / "_resources"


def project_root() -> Path:
    """The source checkout when running from one (editable install), else the embedded copy."""
    if (_CHECKOUT_ROOT / "ontology" / "napo.ttl").is_file():
        return _CHECKOUT_ROOT
    return _EMBEDDED_ROOT


def ontology_file() -> Path:
    return project_root() / "ontology" / "napo.ttl"


def qc_queries_dir() -> Path:
    return project_root() / "queries" / "qc"
