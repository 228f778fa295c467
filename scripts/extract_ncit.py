"""Write data/vocabularies/ncit/terms.tsv: the NCIt concepts NAPO maps to, from one release file.

Usage (from the checkout root):

    python scripts/extract_ncit.py PATH/TO/ncit_import.obo \
        --source "monarch-initiative/mondo src/ontology/imports/ncit_import.obo@7dcf828..." \
        --release "mondo/releases/2023-08-31/imports/ncit_import.owl"

The release file is one of
  * the NCIt OBO Edition (`ncit.obo`, from a release of the OBO edition, whose `data-version:`
    names the release; no --release needed then), or an OBO import module that an ODK release
    pipeline cut from it (such as MONDO's `imports/ncit_import.obo`: it names the importing
    ontology's release, so pass --release with exactly that);
  * NCI EVS's `Thesaurus.FLAT` text (`Thesaurus.txt`, tab-delimited: code, concept IRI,
    parents, synonyms, definition, display name, concept status, semantic type; pass --release,
    e.g. "NCIt 26.02d").

Which label: NCIt's Preferred Name (property P108). The OBO edition writes it as `name:`
(rdfs:label); where a stanza also carries `property_value: NCIT:P108 "..."`, the two must agree
or the script stops. FLAT files carry it as the first name of the synonyms column (the display
name, P107, is not used). A concept is obsolete when the file marks it so: `is_obsolete: true`,
concept status (P310) `Retired_Concept`, or a place under Retired Concept (C28428).

The extract keeps the concepts named in data/mappings/ncit.sssom.tsv, the codes passed with
--also (trap concepts a negative test names) and all their ancestors in the file, so it stays
small. It stops, naming them, when a wanted code is not in the file. Columns are those that
napo.vocabularies.vendored reads: id (C-code), label, obsolete, replaced_by, parents, xrefs.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from napo.vocabularies.vendored import write_extract

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "data" / "mappings" / "ncit.sssom.tsv"
OUTPUT = ROOT / "data" / "vocabularies" / "ncit" / "terms.tsv"
LICENSE = ("CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), NCI Thesaurus, National "
           "Cancer Institute")
RETIRED_BRANCH = "C28428"  # Retired Concept
_CODE = re.compile(r"^C\d+$")
_OBO_CODE = re.compile(r"^NCIT:(C\d+)\b")
_P108 = re.compile(r'^property_value: NCIT:P108 "((?:[^"\\]|\\.)*)"')
_P310 = re.compile(r'^property_value: NCIT:P310 "((?:[^"\\]|\\.)*)"')
_DATA_VERSION = re.compile(r"^data-version:\s*(\S+)", re.MULTILINE)


@dataclass
class Concept:
    code: str
    label: str = ""
    parents: list[str] = field(default_factory=list)
    obsolete: bool = False
    replaced_by: str = ""
    xrefs: list[str] = field(default_factory=list)


def read_release(path: Path) -> tuple[dict[str, Concept], str]:
    """C-code -> concept, and the release the file names ("" when it names none)."""
    text = path.read_text(encoding="utf-8-sig")
    if text.lstrip().startswith("format-version:") or "\n[Term]\n" in text:
        return _read_obo(text), _obo_release(text)
    return _read_flat(text), ""


def _obo_release(text: str) -> str:
    match = _DATA_VERSION.search(text.split("\n[", 1)[0])
    return match.group(1) if match else ""


def _unquote(value: str) -> str:
    return value.replace('\\"', '"').replace("\\\\", "\\")


def _read_obo(text: str) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    for stanza in text.split("\n[")[1:]:
        kind, _, body = stanza.partition("]\n")
        if kind != "Term":
            continue
        lines = body.splitlines()
        fields = [line.partition(": ") for line in lines]
        ids = [value for key, _, value in fields if key == "id"]
        match = _OBO_CODE.match(ids[0]) if ids else None
        if not match:
            continue  # a term of another ontology, or an NCIt property
        concept = Concept(match.group(1))
        preferred = ""
        for line, (key, _, value) in zip(lines, fields, strict=True):
            value = value.split(" ! ")[0].strip()
            if key == "name":
                concept.label = value
            elif key == "is_a":
                parent = _OBO_CODE.match(value)
                if parent:
                    concept.parents.append(parent.group(1))
            elif key == "is_obsolete" and value == "true":
                concept.obsolete = True
            elif key == "replaced_by":
                concept.replaced_by = value.removeprefix("NCIT:")
            elif key == "xref":
                concept.xrefs.append(value.split(" ", 1)[0])
            elif (found := _P108.match(line)):
                preferred = _unquote(found.group(1))
            elif (found := _P310.match(line)) and found.group(1) == "Retired_Concept":
                concept.obsolete = True
        if preferred and preferred != concept.label:
            raise SystemExit(f"NCIT:{concept.code}: name '{concept.label}' is not its "
                             f"Preferred Name (P108) '{preferred}'")
        concepts[concept.code] = concept
    return _mark_retired(concepts)


def _read_flat(text: str) -> dict[str, Concept]:
    concepts: dict[str, Concept] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) < 7 or not _CODE.match(columns[0]):
            raise SystemExit(f"line {number}: not a Thesaurus.FLAT row (code, concept IRI, "
                             f"parents, synonyms, definition, display name, concept status, "
                             f"semantic type): {line[:80]!r}")
        code, _iri, parents, synonyms, _definition, _display, status = columns[:7]
        concepts[code] = Concept(code, synonyms.split("|")[0],
                                 [p for p in parents.split("|") if _CODE.match(p)],
                                 "Retired_Concept" in status.split("|"))
    return _mark_retired(concepts)


def _mark_retired(concepts: dict[str, Concept]) -> dict[str, Concept]:
    for concept in concepts.values():
        if RETIRED_BRANCH in concept.parents or concept.label.lower().startswith("obsolete "):
            concept.obsolete = True
    return concepts


def mapped_codes(path: Path = MAPPINGS) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["object_id"].removeprefix("ncit:") for row in rows}


def extract(concepts: dict[str, Concept], wanted: set[str]) -> list[list[str]]:
    missing = sorted(wanted - concepts.keys())
    if missing:
        raise SystemExit("not in the release file: " + ", ".join(missing))
    keep: set[str] = set()
    stack = sorted(wanted)
    while stack:
        code = stack.pop()
        if code in keep or code not in concepts:
            continue  # an import module may stop below the root: keep what it has
        keep.add(code)
        stack.extend(concepts[code].parents)
    return [[c.code, c.label, "true" if c.obsolete else "false", c.replaced_by,
             "|".join(p for p in c.parents if p in keep), "|".join(c.xrefs)]
            for c in sorted((concepts[code] for code in keep), key=lambda c: int(c.code[1:]))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("release_file", type=Path,
                        help="ncit.obo, an OBO import module cut from it, or Thesaurus.FLAT")
    parser.add_argument("--source", required=True,
                        help="where the file comes from: owner/repo path@commit")
    parser.add_argument("--release", default="",
                        help="the release, when the file names none (or names the importer's)")
    parser.add_argument("--also", nargs="*", default=[],
                        help="further C-codes to keep (trap concepts of the negative tests)")
    parser.add_argument("--mappings", type=Path, default=MAPPINGS)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    concepts, named = read_release(args.release_file)
    release = args.release or named
    if not release:
        raise SystemExit(f"{args.release_file.name} names no release: pass --release")
    rows = extract(concepts, mapped_codes(args.mappings) | set(args.also))
    digest = hashlib.sha256(args.release_file.read_bytes()).hexdigest()
    command = (f"scripts/extract_ncit.py {args.release_file.name} --source '{args.source}'"
               + (f" --release '{args.release}'" if args.release else "")
               + (f" --also {' '.join(args.also)}" if args.also else ""))
    write_extract(args.output, rows, source=args.source, release=release, license=LICENSE,
                  script=command, sha256=f"{digest} ({args.release_file.name}, "
                                         f"{len(concepts)} NCIt concepts)")
    print(f"{args.output}: {len(rows)} of {len(concepts)} concepts", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
