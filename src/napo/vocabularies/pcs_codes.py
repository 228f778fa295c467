"""ICD-10-PCS codes as their official tables explain them: no RDF needed, so `napo pcs CODE`
explains a code without loading rdflib (napo.vocabularies.pcs derives codes from the ontology)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from napo.vocabularies.icd10pcs import Icd10PcsRelease
from napo.vocabularies.pcs_options import PcsError

_POSITIONS = ("section", "body system", "root operation", "body part", "approach", "device",
              "qualifier")


@dataclass(frozen=True)
class Character:
    position: int
    value: str
    meaning: str
    reason: str


@dataclass(frozen=True)
class PcsCode:
    code: str
    title: str
    characters: tuple[Character, ...]


def not_in_table(release: Icd10PcsRelease, code: str) -> PcsError:
    valid = release.codes_in_table(code[:4])
    hint = ("valid codes with the same first four characters: " + ", ".join(valid)
            if valid else f"the table {code[:3]} has no row for body part {code[3]}")
    return PcsError(f"{code} is not a valid code in the ICD-10-PCS table {code[:3]}", hint)


_PCS_CODE = re.compile(r"[0-9A-HJ-NP-Z]{7}")


def looks_like_code(text: str) -> bool:
    """Seven PCS characters (digits and letters except I and O)."""
    return bool(_PCS_CODE.fullmatch(text.strip().upper()))


def explain_code(release: Icd10PcsRelease, code: str) -> PcsCode:
    """Each character of an existing code, as its official table defines it."""
    code = code.strip().upper()
    row = release.table_row(code)
    if row is None:
        raise not_in_table(release, code)
    term = release.term(code)
    characters = tuple(Character(i + 1, code[i], row.meanings[i], "official table")
                       for i in range(7))
    return PcsCode(code, term.label if term else "", characters)


def describe(pcs: PcsCode) -> list[tuple[str, str, str, str]]:
    """Rows (position name, value, official meaning, why) for display."""
    return [(_POSITIONS[c.position - 1], c.value, c.meaning, c.reason) for c in pcs.characters]
