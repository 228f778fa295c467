"""Write data/vocabularies/mesh/terms.tsv: the MeSH descriptors NAPO maps to, from one release file.

Usage (from the checkout root):

    python scripts/extract_mesh.py PATH/TO/2017MeshTree.txt \
        --source "jzsh2000/pubmed data/mesh/2017MeshTree.txt@aec8a24..." --release "MeSH 2017"

The release file is NLM's tree file (`Tree Number<TAB>Desc Ui<TAB>Term`, UTF-8 or UTF-16 with
a byte-order mark), the ASCII descriptor file (`d2025.bin`: MH/MN/UI records) or the XML
descriptor file (`desc2025.xml`). The extract keeps the descriptors named in
data/mappings/mesh.sssom.tsv, the trap descriptors the negative tests name (TRAPS) and every
direct parent of those (through their tree numbers), so it stays small. Columns are those that
napo.vocabularies.vendored reads: id, label, obsolete, replaced_by, parents, xrefs. A file of
the current year lists current descriptors only, so obsolete is false for every row.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import re
import sys
from pathlib import Path

from napo.vocabularies.vendored import write_extract

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "data" / "mappings" / "mesh.sssom.tsv"
OUTPUT = ROOT / "data" / "vocabularies" / "mesh" / "terms.tsv"
LICENSE = ("MeSH: courtesy of the U.S. National Library of Medicine; free of charge under NLM's "
           "terms and conditions (https://www.nlm.nih.gov/databases/download/"
           "terms_and_conditions_mesh.html)")
# Descriptors tests name although no row maps to them: offered wrongly, they must be rejected.
TRAPS = {"D017115": "Catheter Ablation (not radiofrequency neuroablation)"}
_UI = re.compile(r"^D\d{6}(\d{3})?$")


def _text(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


def read_release(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Descriptor UI -> (heading, tree numbers), from any of the three release formats."""
    name = path.name.lower()
    if name.endswith(".xml"):
        return _read_xml(path)
    text = _text(path)
    if text.lstrip().startswith("*NEWRECORD"):
        return _read_ascii(text)
    return _read_tree_file(text)


def _read_tree_file(text: str) -> dict[str, tuple[str, list[str]]]:
    terms: dict[str, tuple[str, list[str]]] = {}
    for number, line in enumerate(io.StringIO(text)):
        fields = line.rstrip("\r\n").split("\t")
        if number == 0 and not _UI.match(fields[1] if len(fields) > 1 else ""):
            continue  # the header line
        if len(fields) != 3 or not _UI.match(fields[1]):
            raise SystemExit(f"line {number + 1}: not 'tree number<TAB>UI<TAB>heading': {line!r}")
        tree, ui, heading = fields
        label, trees = terms.setdefault(ui, (heading, []))
        if label != heading:
            raise SystemExit(f"line {number + 1}: {ui} is both '{label}' and '{heading}'")
        trees.append(tree)
    return terms


def _read_ascii(text: str) -> dict[str, tuple[str, list[str]]]:
    terms: dict[str, tuple[str, list[str]]] = {}
    for record in text.split("*NEWRECORD")[1:]:
        fields: dict[str, list[str]] = {}
        for line in record.splitlines():
            key, sep, value = line.partition(" = ")
            if sep:
                fields.setdefault(key.strip(), []).append(value.strip())
        if fields.get("RECTYPE") == ["D"]:
            terms[fields["UI"][0]] = (fields["MH"][0], fields.get("MN", []))
    return terms


def _read_xml(path: Path) -> dict[str, tuple[str, list[str]]]:
    from xml.etree.ElementTree import iterparse

    terms: dict[str, tuple[str, list[str]]] = {}
    for _, element in iterparse(path):
        if element.tag == "DescriptorRecord":
            ui = element.findtext("DescriptorUI")
            heading = element.findtext("DescriptorName/String")
            trees = [t.text or "" for t in element.iterfind("TreeNumberList/TreeNumber")]
            terms[ui] = (heading, trees)
            element.clear()
    return terms


def mapped_ids(path: Path = MAPPINGS) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                              delimiter="\t")
        return {row["object_id"].removeprefix("mesh:") for row in rows}


def extract(terms: dict[str, tuple[str, list[str]]], wanted: set[str]) -> list[list[str]]:
    by_tree = {tree: ui for ui, (_, trees) in terms.items() for tree in trees}
    missing = sorted(wanted - terms.keys())
    if missing:
        raise SystemExit("not in the release file: " + ", ".join(missing))

    def parents(ui: str) -> list[str]:
        found = {by_tree.get(tree.rsplit(".", 1)[0]) for tree in terms[ui][1] if "." in tree}
        return sorted(found - {None})  # a tree number's parent is absent only in a broken file

    keep = set(wanted) | {p for ui in wanted for p in parents(ui)}
    return [[ui, terms[ui][0], "false", "", "|".join(parents(ui)), ""] for ui in sorted(keep)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("release_file", type=Path, help="the full MeSH release file")
    parser.add_argument("--source", required=True,
                        help="where the file comes from: owner/repo path@commit")
    parser.add_argument("--release", required=True, help='the release, e.g. "MeSH 2017"')
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    terms = read_release(args.release_file)
    rows = extract(terms, mapped_ids() | TRAPS.keys())
    digest = hashlib.sha256(args.release_file.read_bytes()).hexdigest()
    write_extract(args.output, rows, source=args.source, release=args.release, license=LICENSE,
                  script=f"scripts/extract_mesh.py {args.release_file.name} "
                         f"--source '{args.source}' --release '{args.release}'",
                  sha256=f"{digest} ({args.release_file.name}, {len(terms)} descriptors)")
    print(f"{args.output}: {len(rows)} of {len(terms)} descriptors", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
