"""ICD-10-CM, read from the CMS tabular release that simple-icd-10-cm ships."""

from __future__ import annotations

from importlib import metadata

from napo.vocabularies.base import INSTALL_VERIFY_HINT, OfficialTerm, ReleaseUnavailable


class Icd10CmRelease:
    prefix = "icd10cm"

    def __init__(self) -> None:
        try:
            import simple_icd_10_cm as cm
        except ModuleNotFoundError as error:
            raise ReleaseUnavailable(
                "the ICD-10-CM release is not installed (package simple-icd-10-cm)",
                INSTALL_VERIFY_HINT,
            ) from error
        self._cm = cm
        self.version = f"CMS ICD-10-CM (simple-icd-10-cm {metadata.version('simple-icd-10-cm')})"

    def term(self, local_id: str) -> OfficialTerm | None:
        dotless_subcategory = "." not in local_id and len(local_id) > 3
        if "-" in local_id or dotless_subcategory or not self._cm.is_valid_item(local_id):
            return None  # block ranges are not codes; the package also takes dotless codes
        leaf = self._cm.is_leaf(local_id)
        return OfficialTerm(local_id=local_id, label=self._cm.get_description(local_id),
                            codable=leaf, subcodes=() if leaf else
                            tuple(self._cm.get_children(local_id)))
