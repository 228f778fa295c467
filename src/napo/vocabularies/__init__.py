"""Official releases of the external vocabularies NAPO links to, read offline.

Each module answers one question for one vocabulary: what does the official release say about
this code (label, obsolete, replacement, cross-references)? `release_for(prefix)` picks the
right reader; vocabularies with no offline release are read from the verification excerpts in
data/mappings/evidence/, which record where each code was seen.
"""

from __future__ import annotations

from napo.vocabularies.base import OfficialTerm, Release, ReleaseUnavailable
from napo.vocabularies.registry import release_for

__all__ = ["OfficialTerm", "Release", "ReleaseUnavailable", "release_for"]
