"""The README's exit-code table holds for the commands: spot checks of rows 1 and 2 that no
other test covers (rows 0 and 3 and the rest of 1 and 2 are checked where the commands are:
tests/queries, tests/stores, tests/vocabularies, tests/cli/test_bad_input.py).

An unusable `--store DIR` is bad input like any other option value: exit 2, with the message
saying what is wrong with it and a hint, and nothing in it touched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from napo.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # messages on one line


def _plain(result: Result) -> str:
    return re.sub(r"\s+", " ", result.output)


def _bad_input(result: Result, *fragments: str) -> None:
    text = _plain(result)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "error:" in result.output, result.output
    for fragment in fragments:
        assert fragment in text, result.output


def _file(tmp_path: Path) -> Path:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me", encoding="utf-8")
    return a_file


def _foreign(tmp_path: Path) -> Path:
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.txt").write_text("keep me", encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [["query", "claims_per_source"], ["serve"]],
                         ids=["query", "serve"])
@pytest.mark.parametrize(("prepare", "fragment"), [
    (_file, "exists and is not a directory"),
    (_foreign, "exists and is not a NAPO store (no napo-store.json)"),
    (lambda tmp: _file(tmp) / "store", "(or a folder above it) is not a directory"),
], ids=["a file", "a folder NAPO did not build", "below a file"])
def test_an_unusable_store_directory_is_bad_input(tmp_path: Path, command: list[str],
                                                  prepare, fragment: str) -> None:
    store = prepare(tmp_path)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = runner.invoke(app, [*command, "--store", str(store)])
    _bad_input(result, fragment, "hint:")
    assert str(store) in _plain(result)
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_a_query_file_with_service_is_refused_as_bad_input(tmp_path: Path) -> None:
    federated = tmp_path / "federated.rq"
    federated.write_text("# title: federated\n"
                         "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }\n",
                         encoding="utf-8")
    _bad_input(runner.invoke(app, ["query", str(federated)]), "SERVICE")


@pytest.mark.parametrize("arguments", [
    ["query", "claims_per_source", "--no-such-option"],  # typer's own usage errors
    ["query", "claims_per_source", "--timeout", "soon"],
    ["query", "claims_per_source", "--engine", "jena"],
    ["queries", "--format", "yaml"],
], ids=["unknown option", "not a number", "unknown engine", "unknown format"])
def test_an_unknown_option_or_option_value_is_bad_input(arguments: list[str]) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output


def test_qc_errors_exit_1(tmp_path: Path) -> None:
    """Row 1: the input was read but checks failed (two classes with one label)."""
    ontology = tmp_path / "twice.ttl"
    ontology.write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/napo/A> a owl:Class ; rdfs:label \"same\"@en .\n"
        "<https://w3id.org/napo/B> a owl:Class ; rdfs:label \"same\"@en .\n", encoding="utf-8")
    result = runner.invoke(app, ["qc", str(ontology)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output


def test_the_table_names_the_store_directory_among_bad_input() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in table.splitlines() if line.startswith("| 2 |"))
    assert "--store" in row
