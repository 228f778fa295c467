"""Write data/vocabularies/mondo/terms.tsv: the MONDO terms NAPO maps to, from one MONDO release.

Usage (from the checkout root):

    python scripts/extract_mondo.py PATH/TO/mondo.obo --source "owner/repo path@commit"
    python scripts/extract_mondo.py PATH/TO/mondo --source "monarch-initiative/mondo@<commit> (...)"

SOURCE is either

* the release's OBO file (mondo.obo, mondo-base.obo or mondo-simple.obo): `data-version:` names
  the release, each `[Term]` stanza gives id, name, is_obsolete, replaced_by, is_a and xref; or
* a checkout of monarch-initiative/mondo at a release commit (the commit the release workflow
  makes, e.g. "August 2026 release"), read through the release products that workflow commits:
  reports/class-stats.tsv (every class and its label), reports/obsoletes.tsv (obsolete classes
  and their replacements), src/ontology/mappings/mondo_hasdbxref_*.sssom.tsv (the release's
  database cross-references, whose `mapping_set_version` names the release) and
  subsets/mondo-rare_edges.tsv (the subClassOf edges of the rare-disease subset, which carries
  its terms' ancestors). These files stay under 4 MiB, while mondo.obo/.owl/.json (50-250 MB) are
  release assets that public repositories keep only as Git LFS pointers; parents are therefore
  filled only for terms that subset carries (a blank parents cell means "not in that file").

The extract keeps the terms named in data/mappings/mondo.sssom.tsv, the MONDO terms other tables
cite as the carrier of a licensed code ("xref of mondo:0005965"), the trap terms the negative
tests name (TRAPS) and the direct parents of all of those. A small line parser reads the OBO
file: pronto and fastobo are not dependencies of NAPO (neither is installed here), and the five
tags the extract needs are line-oriented in OBO 1.4. Columns are those that
napo.vocabularies.vendored reads: id, label, obsolete, replaced_by, parents, xrefs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from pathlib import Path

from napo.vocabularies.vendored import write_extract

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "data" / "mappings"
OUTPUT = ROOT / "data" / "vocabularies" / "mondo" / "terms.tsv"
LICENSE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), Mondo Disease Ontology"
# Terms tests name although no row maps to them: offered wrongly, they must be rejected.
TRAPS = {
    "0001543": "lesion of sciatic nerve (ICD10CM:G57.0): a nerve-trunk lesion, not sciatica",
    "0006960": "sciatic neuropathy: not sciatica as lumbosacral radicular pain",
    "0021677": "post-infectious neuralgia: broader than postherpetic neuralgia",
    "0005064": "obsolete infectious meningitis: an obsolete id that looks right",
}
# Cross-reference prefixes kept (as MONDO's OBO file spells them).
XREF_PREFIXES = {"DOID": "DOID", "ICD10CM": "ICD10CM", "MESH": "MESH", "NCIT": "NCIT",
                 "SCTID": "SCTID", "UMLS": "UMLS"}
_RELEASE = re.compile(r"mondo/releases/(\d{4}-\d{2}-\d{2})")
_LOCAL = re.compile(r"^MONDO[:_](\d{7})$")
_CITED = re.compile(r"xref of mondo:(\d{7})")


class Term:
    def __init__(self, local_id: str) -> None:
        self.id = local_id
        self.label = ""
        self.obsolete = False
        self.replaced_by = ""
        self.parents: list[str] = []
        self.xrefs: list[str] = []

    def row(self) -> list[str]:
        return [self.id, self.label, "true" if self.obsolete else "false", self.replaced_by,
                "|".join(sorted(set(self.parents))), "|".join(sorted(set(self.xrefs)))]


def _local(curie: str) -> str:
    match = _LOCAL.match(curie.strip())
    return match.group(1) if match else ""


def _xref(curie: str) -> str:
    prefix, _, local = curie.strip().partition(":")
    canonical = XREF_PREFIXES.get(prefix.upper())
    return f"{canonical}:{local}" if canonical and local else ""


def _release(text: str, where: str) -> str:
    match = _RELEASE.search(text)
    if not match:
        sys.exit(f"error: {where} does not name a release (mondo/releases/YYYY-MM-DD)")
    return f"mondo/releases/{match.group(1)}"


def read_obo(path: Path) -> tuple[str, dict[str, Term]]:
    """The release and every MONDO term of an OBO 1.4 file."""
    release, terms, term = "", {}, None
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if line.startswith("["):
                term = None
                continue
            tag, _, value = line.partition(": ")
            if tag != "name":
                value = re.sub(r"\s+!.*$", "", value)  # the "! label" comment
            value = re.sub(r"\s*\{[^}]*\}\s*$", "", value)  # trailing qualifiers
            if tag == "data-version" and not terms:
                release = _release(value, f"{path}: data-version")
            elif tag == "id":
                local = _local(value)
                term = terms.setdefault(local, Term(local)) if local else None
            elif term is None:
                continue
            elif tag == "name":
                term.label = value
            elif tag == "is_obsolete":
                term.obsolete = value.strip() == "true"
            elif tag == "replaced_by":
                term.replaced_by = _local(value)
            elif tag == "is_a" and _local(value):
                term.parents.append(_local(value))
            elif tag == "xref" and _xref(value.split(" ")[0]):
                term.xrefs.append(_xref(value.split(" ")[0]))
    if not release:
        sys.exit(f"error: {path} has no data-version header naming the release")
    return release, terms


def _tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader((line for line in handle if not line.startswith("#")),
                                          delimiter="\t")]


def read_release_checkout(root: Path) -> tuple[str, dict[str, Term], list[Path]]:
    """The release and the MONDO terms as a release commit's committed products state them."""
    stats = root / "reports" / "class-stats.tsv"
    obsoletes = root / "reports" / "obsoletes.tsv"
    edges = root / "subsets" / "mondo-rare_edges.tsv"
    xref_files = [root / "src" / "ontology" / "mappings" / f"mondo_hasdbxref_{name}.sssom.tsv"
                  for name in sorted(p.lower() for p in XREF_PREFIXES)]
    for needed in (stats, obsoletes, edges, *xref_files):
        if not needed.is_file():
            sys.exit(f"error: {needed} is missing: is {root} a monarch-initiative/mondo checkout "
                     "at a release commit?")
    terms: dict[str, Term] = {}
    for row in _tsv(stats)[1:]:
        local = _local(row[0]) if row else ""
        if local:
            term = terms.setdefault(local, Term(local))
            term.label = row[1].strip().removeprefix('"').removesuffix('"')
            term.obsolete = term.label.startswith("obsolete ")
    for row in _tsv(obsoletes)[1:]:
        local = _local(row[0]) if row else ""
        if local in terms:
            terms[local].obsolete = True
            terms[local].replaced_by = _local(row[1]) if len(row) > 1 else ""
    releases = set()
    for path in xref_files:
        header = "".join(line for line in path.open(encoding="utf-8")
                         if line.startswith("#") and "mapping_set_version" in line)
        releases.add(_release(header, f"{path}: mapping_set_version"))
        rows = _tsv(path)
        columns = rows[0]
        subject, obj = columns.index("subject_id"), columns.index("object_id")
        for row in rows[1:]:
            local, xref = _local(row[subject]), _xref(row[obj])
            if local in terms and xref:
                terms[local].xrefs.append(xref)
    if len(releases) != 1:
        sys.exit(f"error: the cross-reference files name {sorted(releases) or 'no'} release(s)")
    for row in _tsv(edges)[1:]:
        if len(row) > 5 and row[2] == "biolink:subclass_of" and row[4] == "rdfs:subClassOf":
            child, parent = _local(row[1]), _local(row[3])
            if child in terms and parent:
                terms[child].parents.append(parent)
    return releases.pop(), terms, [stats, obsoletes, edges, *xref_files]


def wanted_ids() -> set[str]:
    """The MONDO terms NAPO's tables name (mapped or cited as an xref carrier) and the traps."""
    wanted = set(TRAPS)
    for path in sorted(MAPPINGS.glob("*.sssom.tsv")):
        text = path.read_text(encoding="utf-8")
        wanted |= set(_CITED.findall(text))
        if path.name == "mondo.sssom.tsv":
            wanted |= set(re.findall(r"\tmondo:(\d{7})\t", text))
    return wanted


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source_path", type=Path,
                        help="mondo.obo, or a monarch-initiative/mondo checkout at a release")
    parser.add_argument("--source", required=True,
                        help="where the file comes from, for the header: owner/repo path@commit")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.source_path.is_dir():
        release, terms, inputs = read_release_checkout(args.source_path)
        base = args.source_path
    else:
        release, terms = read_obo(args.source_path)
        inputs, base = [args.source_path], args.source_path.parent
    wanted = wanted_ids()
    missing = sorted(local for local in wanted if local not in terms)
    if missing:
        sys.exit(f"error: {release} has no term {', '.join('MONDO:' + m for m in missing)}")
    keep = wanted | {p for local in wanted for p in terms[local].parents if p in terms}
    shown = " ".join(f"{p.relative_to(base) if p.is_relative_to(base) else p.name}="
                     f"{_sha256(p)}" for p in inputs)
    write_extract(args.output, (terms[local].row() for local in sorted(keep)),
                  source=args.source, release=release, license=LICENSE,
                  script=f"scripts/extract_mondo.py {args.source_path.name} "
                         f"--source '{args.source}'",
                  sha256=f"{shown} ({len(terms)} MONDO classes read)")
    print(f"wrote {args.output} ({len(keep)} terms of {release})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
