"""Find NAPO classes by external code, and external codes by NAPO term or official label."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from napo.core.errors import NapoError
from napo.core.names import UnknownNameError, did_you_mean, resolve
from napo.core.prefixes import VOCABULARY_PREFIXES, compact

if TYPE_CHECKING:  # the mapping tables are read without rdflib on a lookup
    from rdflib import Graph

    from napo.core.names import Lexicon
    from napo.vocabularies.mappings import Mapping, MappingSet


class CodeLookupError(NapoError):
    """A code or vocabulary that cannot be looked up."""

    exit_code = 2


_UPPERCASE_PREFIXES = {"msh": "mesh", "mesh": "mesh", "sctid": "snomedct",
                       "snomedct_us": "snomedct", "icd10": "icd10cm"}


def normalise_code(text: str) -> str:
    """'MESH:D019051', 'HP:0100661' or an IRI -> the CURIE NAPO's tables use ('mesh:D019051')."""
    value = text.strip().strip("<>")
    if value.startswith(("http://", "https://")):
        curie = compact(value)
        if curie == value:
            raise CodeLookupError(f"{value} is not an IRI of a vocabulary NAPO maps to",
                               "known prefixes: " + ", ".join(VOCABULARY_PREFIXES))
        return curie
    prefix, sep, local = value.partition(":")
    if not sep or not local:
        raise CodeLookupError(f"{text!r} is not a code with a prefix",
                           "write it as a CURIE, e.g. mesh:D013126 or icd10cm:G50.0")
    prefix = _UPPERCASE_PREFIXES.get(prefix.lower(), prefix.lower())
    if prefix not in VOCABULARY_PREFIXES:
        raise CodeLookupError(f"unknown vocabulary prefix {prefix!r} in {text!r}",
                              did_you_mean(prefix, VOCABULARY_PREFIXES, "known prefixes: "
                                           + ", ".join(VOCABULARY_PREFIXES)))
    if prefix == "hp" and re.fullmatch(r"\d{1,7}", local):
        local = local.zfill(7)
    return f"{prefix}:{local}"


def by_code(mapping_sets: list[MappingSet], code: str) -> list[Mapping]:
    wanted = normalise_code(code)
    return [m for s in mapping_sets for m in s.mappings if m.object_id == wanted]


def by_label(mapping_sets: list[MappingSet], terms: Lexicon | Graph, text: str,
             vocabulary: str) -> list[Mapping]:
    """Codes in one vocabulary for a NAPO term (label, synonym or CURIE), else rows whose
    official label contains text."""
    if vocabulary not in VOCABULARY_PREFIXES:
        raise CodeLookupError(f"unknown vocabulary {vocabulary!r}",
                              did_you_mean(vocabulary, VOCABULARY_PREFIXES, "use one of: "
                                           + ", ".join(VOCABULARY_PREFIXES)))
    if not text.strip():  # "" is in every label: it would list the whole vocabulary
        raise CodeLookupError("nothing to look up: the text is empty",
                              f"give a NAPO term or words of an official label, e.g. "
                              f"napo lookup \"spinal nerve root\" --in {vocabulary}")
    rows = [m for s in mapping_sets if s.vocabulary == vocabulary for m in s.mappings]
    try:
        subject = compact(resolve(terms, text, within=None))
    except UnknownNameError:
        needle = text.casefold()
        return [m for m in rows if needle in m.object_label.casefold()]
    return [m for m in rows if m.subject_id == subject]
