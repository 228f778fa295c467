"""Write data/vocabularies/uberon/terms.tsv from one official UBERON release file (OBO format).

Usage:
    python scripts/extract_uberon.py FULL_FILE --repo OWNER/NAME --path PATH --commit SHA40 \
        [--out data/vocabularies/uberon/terms.tsv] [--also LOCAL_ID ...]

FULL_FILE is an official release in OBO format (uberon.obo, uberon-basic.obo or basic.obo) whose
header says `data-version: uberon/releases/YYYY-MM-DD/...`; anything else (the edit file
src/ontology/uberon-edit.obo, a subset, an import module) is refused, because only a release is
what users of UBERON actually see. --repo/--path/--commit name where that file was read (a
public GitHub repository, the path inside it and the 40-hex commit) and go into the header.

Which terms are kept: every uberon code that a NAPO mapping table uses (object_id in
data/mappings/uberon.sssom.tsv, and "xref of uberon:NNNNNNN" in any table's comment, since
SNOMED CT and UMLS rows are verified as cross-references of UBERON terms), their direct is_a
parents, and the trap terms that the negative tests need (TRAPS below, plus --also). A mapped
code missing from the file is an error: the extract must answer for every row.

Why a small line parser rather than pronto or fastobo (both are installed): we need six tags
(id, name, is_obsolete, replaced_by, is_a, xref) from [Term] stanzas, read as the file states
them. Streaming the lines keeps memory flat for a 40-90 MB release, does not build the whole
ontology graph only to throw it away, and does not make the extract depend on how strictly a
parser treats constructs it dislikes elsewhere in the file (a strict parser rejects the whole
file for one stanza). The parsing rules are tested on a crafted release in
tests/vocabularies/test_uberon.py.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "vocabularies" / "uberon" / "terms.tsv"
MAPPINGS = ROOT / "data" / "mappings"
LICENSE = "CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/)"
XREF_PREFIXES = ("FMA", "MESH", "NCIT", "UMLS", "SCTID")
COLUMNS = ("id", "label", "obsolete", "replaced_by", "parents", "xrefs")
# Terms the negative tests in tests/vocabularies/test_uberon.py look up although no row may
# use them: UBERON:0002003 was "peripheral nerve" and is now "obsolete peripheral nerve"
# (replaced by UBERON:0001021 nerve); UBERON:3011045 "obsolete gasserian ganglion" (replaced
# by UBERON:0001675 trigeminal ganglion); UBERON:0002666 "mesencephalic tract of trigeminal
# nerve" is a trigeminal proprioceptive tract, not the spinothalamic target of mesencephalic
# tractotomy.
TRAPS = ("0002003", "3011045", "0002666")

_RELEASE = re.compile(r"^data-version:\s*(uberon/releases/\d{4}-\d{2}-\d{2})(?:/\S*)?\s*$")
_LICENSE = re.compile(r"^property_value:\s*(?:dcterms-license|http://purl.org/dc/terms/license)"
                      r"\s+(\S+)")
_UBERON = re.compile(r"^UBERON:(\d{7})$")
_XREF_OF = re.compile(r"xref of uberon:(\d{7})")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")


class ExtractError(Exception):
    """The input is not an official UBERON release, or lacks a term NAPO needs."""


@dataclass
class Term:
    local_id: str
    label: str = ""
    obsolete: bool = False
    replaced_by: str = ""
    parents: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)


def _value(line: str) -> str:
    """A tag's value without its trailing `! comment` and `{qualifiers}`."""
    value = line.split(":", 1)[1].strip()
    value = re.sub(r"\s+!\s.*$", "", value)
    value = re.sub(r"\s*\{[^}]*\}\s*$", "", value)
    return value.strip()


def _local(curie: str) -> str:
    match = _UBERON.match(curie.split()[0] if curie else "")
    return match.group(1) if match else ""


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def read_header(lines: Iterable[str]) -> tuple[str, str]:
    """(release, licence) from the header stanza; ExtractError when it is not a release."""
    release, licence = "", ""
    for line in lines:
        if line.startswith("["):
            break
        if match := _RELEASE.match(line.strip()):
            release = match.group(1)
        if match := _LICENSE.match(line.strip()):
            licence = match.group(1)
    if not release:
        raise ExtractError("no 'data-version: uberon/releases/YYYY-MM-DD' header: not an "
                           "official UBERON release file (the edit file, a subset or an import "
                           "module are refused)")
    return release, licence


def read_terms(lines: Iterable[str]) -> Iterator[Term]:
    """Every UBERON [Term] stanza, streamed."""
    term: Term | None = None
    in_term = False
    for raw in lines:
        line = raw.rstrip("\n")
        if line.startswith("["):
            if term is not None:
                yield term
            term, in_term = None, line.strip() == "[Term]"
            continue
        if not in_term or ":" not in line:
            continue
        tag = line.split(":", 1)[0]
        if tag == "id":
            local = _local(_value(line))
            term = Term(local) if local else None
            if term is None:
                in_term = False  # a term of another ontology (CL, GO, ...) in a merged file
        elif term is None:
            continue
        elif tag == "name":
            term.label = _unescape(line.split(":", 1)[1].strip())
        elif tag == "is_obsolete":
            term.obsolete = _value(line).lower() == "true"
        elif tag == "replaced_by":
            term.replaced_by = _local(_value(line)) or _value(line)
        elif tag == "is_a":
            parent = _local(_value(line))
            if parent:
                term.parents.append(parent)
        elif tag == "xref":
            xref = _value(line).split()[0] if _value(line) else ""
            if xref.split(":", 1)[0] in XREF_PREFIXES:
                term.xrefs.append(xref)
    if term is not None:
        yield term


def wanted_codes(mappings: Path = MAPPINGS) -> set[str]:
    """The uberon local ids the mapping tables use (objects and cited cross-reference sources)."""
    codes: set[str] = set()
    for path in sorted(mappings.glob("*.sssom.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader((line for line in handle if not line.startswith("#")),
                                  delimiter="\t")
            for row in rows:
                obj = row.get("object_id") or ""
                if obj.lower().startswith("uberon:"):
                    codes.add(obj.split(":", 1)[1])
                codes.update(_XREF_OF.findall(row.get("comment") or ""))
    return codes


def extract(lines: list[str], wanted: set[str]) -> tuple[str, str, list[Term]]:
    """(release, licence, kept terms): the wanted terms and their direct is_a parents."""
    release, licence = read_header(lines)
    terms = {term.local_id: term for term in read_terms(lines)}
    missing = sorted(code for code in wanted if code not in terms)
    if missing:
        raise ExtractError(f"{release} has no term {', '.join('UBERON:' + m for m in missing)}")
    keep = set(wanted)
    for code in wanted:
        keep.update(p for p in terms[code].parents if p in terms)
    return release, licence, [terms[code] for code in sorted(keep)]


def write(out: Path, terms: list[Term], *, source: str, release: str, licence: str,
          command: str) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"#source: {source}\n#release: {release}\n#license: {licence}\n"
                     f"#script: {command}\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        for term in terms:
            writer.writerow([term.local_id, term.label, "true" if term.obsolete else "false",
                             term.replaced_by, "|".join(term.parents),
                             "|".join(sorted(set(term.xrefs)))])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("full_file", type=Path, help="the official release file (OBO)")
    parser.add_argument("--repo", required=True, help="owner/name of the repository it came from")
    parser.add_argument("--path", required=True, help="its path in that repository")
    parser.add_argument("--commit", required=True, help="the 40-hex commit it was read at")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--also", nargs="*", default=[], help="more local ids to keep")
    args = parser.parse_args(argv)
    if not _COMMIT.match(args.commit):
        parser.error(f"--commit {args.commit!r} is not a 40-hex commit")
    with args.full_file.open(encoding="utf-8") as handle:
        lines = handle.readlines()
    wanted = wanted_codes() | set(TRAPS) | set(args.also)
    try:
        release, licence, terms = extract(lines, wanted)
    except ExtractError as error:
        print(f"error: {args.full_file}: {error}", file=sys.stderr)
        return 1
    if licence and "by/3.0" not in licence:
        print(f"warning: the release states licence {licence}", file=sys.stderr)
    also = f" --also {' '.join(args.also)}" if args.also else ""
    command = (f"python scripts/extract_uberon.py {args.full_file.name} --repo {args.repo} "
               f"--path {args.path} --commit {args.commit}{also}")
    write(args.out, terms, source=f"{args.repo}/{args.path}@{args.commit}", release=release,
          licence=f"{LICENSE}; stated in the file: {licence}" if licence else LICENSE,
          command=command)
    print(f"{args.out}: {len(terms)} terms from {release}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
