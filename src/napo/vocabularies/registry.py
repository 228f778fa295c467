"""Which official release answers for which vocabulary prefix."""

from __future__ import annotations

from functools import cache

from napo.vocabularies.base import Release

PACKAGED = ("hp", "icd10cm", "icd10pcs")  # official releases shipped in Python packages
EVIDENCED = ("mesh", "uberon", "mondo", "ncit", "fma", "pain")  # recorded excerpts
CROSS_REFERENCED = ("snomedct", "umls")  # licensed: verified as xrefs of verified terms


@cache
def release_for(prefix: str) -> Release | None:
    """The release to check prefix's codes against; None for cross-referenced vocabularies."""
    if prefix == "hp":
        from napo.vocabularies.hpo import HpoRelease
        return HpoRelease()
    if prefix == "icd10cm":
        from napo.vocabularies.icd10cm import Icd10CmRelease
        return Icd10CmRelease()
    if prefix == "icd10pcs":
        from napo.vocabularies.icd10pcs import Icd10PcsRelease
        return Icd10PcsRelease()
    if prefix in EVIDENCED:
        from napo.vocabularies.vendored import VendoredRelease, has_extract
        if has_extract(prefix):  # a vendored extract of the release wins over excerpts
            return VendoredRelease(prefix)
        from napo.vocabularies.evidence import EvidenceRelease
        return EvidenceRelease(prefix)
    return None
