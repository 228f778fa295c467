"""Write data/vocabularies/uberon/terms.tsv from official UBERON release files (OBO format).

Usage:
    python scripts/extract_uberon.py FILE [FILE ...] --repo OWNER/NAME --path PATH [PATH ...] \
        --commit SHA40 [--release uberon/releases/YYYY-MM-DD] \
        [--out data/vocabularies/uberon/terms.tsv] [--also LOCAL_ID ...]

Every FILE is a product of one UBERON release, in OBO format, read from the repository --repo
at --commit (its path there given, in the same order, by --path):

- the release itself (uberon.obo, uberon-basic.obo, basic.obo …), whose header says
  `data-version: uberon/releases/YYYY-MM-DD/...`; or
- a subset the UBERON release pipeline cut from that release and committed with it
  (`ontology: uberon/subsets/<name>`, e.g. subsets/nervous-minimal.obo: every class that is
  part of the nervous system, with its labels, synonyms, cross-references and is_a). Those
  headers carry no data-version, so --release must name the release, as the release commit
  does (obophenotype/uberon 6072d071… "2022-02-21 Release"); a data-version, when present,
  must agree with --release.

Anything else is refused: the edit file (`ontology: uberon`, no data-version) is not a release,
and another project's import module (`ontology: mondo/imports/...`) is a third party's cut.
All files must come from the same release.

Which terms are kept: every uberon code that a NAPO mapping table uses (object_id in
data/mappings/uberon.sssom.tsv, and "xref of uberon:NNNNNNN" in any table's comment, since
SNOMED CT and UMLS rows are verified as cross-references of UBERON terms), their direct is_a
parents, and the trap terms of the negative tests (TRAPS, plus --also) when the release has
them. A mapped code missing from the files is an error: the extract must answer for every row.

Cross-references: FMA, MESH, NCIT, UMLS and SCTID only. Releases before 2023 write SNOMED CT
cross-references as browser URLs (`xref: http://www.snomedbrowser.com/Codes/Details/<id>`) and
UMLS ones also as `http://linkedlifedata.com/resource/umls/id/<cui>`; those two forms, and only
those, are written as SCTID:<id> and UMLS:<cui>.

Why a small line parser rather than pronto or fastobo (both are installed): we need six tags
(id, name, is_obsolete, replaced_by, is_a, xref) from [Term] stanzas, read as the file states
them. Streaming the lines keeps memory flat for a 40-90 MB release, does not build the whole
ontology graph only to throw it away, and does not make the extract depend on how strictly a
parser treats constructs it dislikes elsewhere in the file (a strict parser rejects the whole
file for one stanza). The parsing rules are tested on crafted files in
tests/vocabularies/test_uberon.py.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from napo.vocabularies.vendored import write_extract

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "data" / "vocabularies" / "uberon" / "terms.tsv"
MAPPINGS = ROOT / "data" / "mappings"
LICENSE = "CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/)"
XREF_PREFIXES = ("FMA", "MESH", "NCIT", "UMLS", "SCTID")
# Terms the negative tests in tests/vocabularies/test_uberon.py look up although no row may
# use them: UBERON:0002003 was "peripheral nerve" and is now "obsolete peripheral nerve"
# (replaced by UBERON:0001021 nerve); UBERON:3011045 "obsolete gasserian ganglion" (replaced
# by UBERON:0001675 trigeminal ganglion); UBERON:0002666 "mesencephalic tract of trigeminal
# nerve" is a trigeminal proprioceptive tract, not the spinothalamic target of mesencephalic
# tractotomy. A subset has no obsolete term, so a trap may be missing from it; the later
# obsolescence is then recorded in data/mappings/evidence/uberon.tsv.
TRAPS = ("0002003", "3011045", "0002666")

_RELEASE = re.compile(r"^data-version:\s*(uberon/releases/\d{4}-\d{2}-\d{2})(?:/\S*)?\s*$")
_RELEASE_ARG = re.compile(r"^uberon/releases/\d{4}-\d{2}-\d{2}$")
_ONTOLOGY = re.compile(r"^ontology:\s*(\S+)\s*$")
_SUBSET = re.compile(r"^uberon/subsets/[A-Za-z0-9_-]+$")
_LICENSE = re.compile(r"^property_value:\s*(?:dcterms-license|http://purl.org/dc/terms/license)"
                      r"\s+(\S+)")
_UBERON = re.compile(r"^UBERON:(\d{7})$")
_XREF_OF = re.compile(r"xref of uberon:(\d{7})")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_URL_XREFS = ((re.compile(r"^https?://www\.snomedbrowser\.com/Codes/Details/(\d+)$"), "SCTID"),
              (re.compile(r"^https?://linkedlifedata\.com/resource/umls/id/(C\d+)$"), "UMLS"))


class ExtractError(Exception):
    """The input is not an official UBERON release product, or lacks a term NAPO needs."""


@dataclass
class Term:
    local_id: str
    label: str = ""
    obsolete: bool = False
    replaced_by: str = ""
    parents: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Header:
    release: str  # uberon/releases/YYYY-MM-DD
    licence: str  # as the file states it, or ""
    ontology: str  # the `ontology:` tag: uberon, uberon/subsets/nervous-minimal …


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


def _xref(value: str) -> str:
    """The cross-reference as a CURIE of a kept prefix, or "" to drop it."""
    xref = value.split()[0] if value else ""
    for pattern, prefix in _URL_XREFS:
        if match := pattern.match(xref):
            return f"{prefix}:{match.group(1)}"
    return xref if xref.split(":", 1)[0] in XREF_PREFIXES else ""


def read_header(lines: Iterable[str], release: str = "") -> Header:
    """The header stanza's release, licence and ontology; ExtractError when the file is not a
    product of an official release (or of the release named)."""
    stated, licence, ontology = "", "", ""
    for line in lines:
        if line.startswith("["):
            break
        if match := _RELEASE.match(line.strip()):
            stated = match.group(1)
        if match := _LICENSE.match(line.strip()):
            licence = match.group(1)
        if match := _ONTOLOGY.match(line.strip()):
            ontology = match.group(1)
    if stated:
        if release and release != stated:
            raise ExtractError(f"the file says data-version {stated}, not {release}")
        return Header(stated, licence, ontology or "uberon")
    if _SUBSET.match(ontology) and release:
        return Header(release, licence, ontology)
    if _SUBSET.match(ontology):
        raise ExtractError(f"{ontology} has no data-version: name its release with --release "
                           "uberon/releases/YYYY-MM-DD (as its release commit does)")
    raise ExtractError("no 'data-version: uberon/releases/YYYY-MM-DD' header and not a UBERON "
                       f"subset (ontology: {ontology or 'none'}): not an official UBERON "
                       "release file (the edit file or another project's import module are "
                       "refused)")


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
                in_term = False  # a term of another ontology (CL, GO, BFO ...) in the file
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
        elif tag == "xref" and (xref := _xref(_value(line))):
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


def _merge(terms: dict[str, Term], term: Term, where: str) -> None:
    """Two products of one release may both hold a term (a joint of the nervous system): they
    must agree on what the release says of it; parents and cross-references are united."""
    seen = terms.get(term.local_id)
    if seen is None:
        terms[term.local_id] = term
        return
    if (seen.label, seen.obsolete) != (term.label, term.obsolete):
        raise ExtractError(f"{where}: UBERON:{term.local_id} is {term.label!r} here but "
                           f"{seen.label!r} in an earlier file of the same release")
    seen.parents += [p for p in term.parents if p not in seen.parents]
    seen.xrefs += [x for x in term.xrefs if x not in seen.xrefs]


def extract(files: list[list[str]], wanted: set[str], *, release: str = "",
            optional: Iterable[str] = ()) -> tuple[str, str, list[Term]]:
    """(release, licence, kept terms): the wanted terms (which must all be there), the optional
    ones the files have, and their direct is_a parents."""
    headers = [read_header(lines, release) for lines in files]
    releases = sorted({h.release for h in headers})
    if len(releases) != 1:
        raise ExtractError(f"the files come from different releases: {', '.join(releases)}")
    terms: dict[str, Term] = {}
    for number, lines in enumerate(files, start=1):
        for term in read_terms(lines):
            _merge(terms, term, f"file {number}")
    missing = sorted(code for code in wanted if code not in terms)
    if missing:
        raise ExtractError(f"{releases[0]} has no term "
                           f"{', '.join('UBERON:' + m for m in missing)}")
    keep = set(wanted) | {code for code in optional if code in terms}
    for code in list(keep):
        keep.update(p for p in terms[code].parents if p in terms)
    licences = sorted({h.licence for h in headers if h.licence})
    return releases[0], "; ".join(licences), [terms[code] for code in sorted(keep)]


def write(out: Path, terms: list[Term], *, source: str, release: str, licence: str,
          command: str, digests: str = "") -> None:
    write_extract(out, ([term.local_id, term.label, "true" if term.obsolete else "false",
                         term.replaced_by, "|".join(term.parents),
                         "|".join(sorted(set(term.xrefs)))] for term in terms),
                  source=source, release=release, license=licence, script=command,
                  sha256=digests)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("files", type=Path, nargs="+", help="release products (OBO)")
    parser.add_argument("--repo", required=True, help="owner/name of the repository")
    parser.add_argument("--path", required=True, nargs="+",
                        help="each file's path in that repository, in the same order")
    parser.add_argument("--commit", required=True, help="the 40-hex commit they were read at")
    parser.add_argument("--release", default="",
                        help="uberon/releases/YYYY-MM-DD, for subsets without a data-version")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--also", nargs="*", default=[], help="more local ids to keep")
    args = parser.parse_args(argv)
    if not _COMMIT.match(args.commit):
        parser.error(f"--commit {args.commit!r} is not a 40-hex commit")
    if len(args.path) != len(args.files):
        parser.error("give one --path per file, in the same order")
    if args.release and not _RELEASE_ARG.match(args.release):
        parser.error(f"--release {args.release!r} is not uberon/releases/YYYY-MM-DD")
    contents = [path.read_bytes() for path in args.files]
    files = [data.decode("utf-8").splitlines(keepends=True) for data in contents]
    try:
        release, licence, terms = extract(files, wanted_codes(), release=args.release,
                                          optional=(*TRAPS, *args.also))
    except ExtractError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if licence and "by/3.0" not in licence:
        print(f"warning: the release states licence {licence}", file=sys.stderr)
    options = f" --release {args.release}" if args.release else ""
    options += f" --also {' '.join(args.also)}" if args.also else ""
    given = " ".join(p.name if p.is_absolute() else str(p) for p in args.files)
    command = (f"python scripts/extract_uberon.py {given} "
               f"--repo {args.repo} --path {' '.join(args.path)} --commit {args.commit}"
               f"{options}")
    stated = (f"; stated in the files: {licence}" if licence else
              "; the files state none: UBERON's LICENSE file is CC BY 3.0 Unported")
    digests = " ".join(f"{path}={hashlib.sha256(data).hexdigest()}"
                       for path, data in zip(args.path, contents, strict=True))
    write(args.out, terms, source=f"{args.repo}/{','.join(args.path)}@{args.commit}",
          release=release, licence=LICENSE + stated, command=command, digests=digests)
    absent = [t for t in TRAPS if t not in {term.local_id for term in terms}]
    print(f"{args.out}: {len(terms)} terms from {release}"
          + (f" (not in the files: {', '.join('UBERON:' + t for t in absent)})" if absent
             else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
