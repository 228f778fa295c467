"""`napo validate`: SHACL plus span checks; data/ conforms, each invalid fixture fails exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH
from typer.testing import CliRunner

from napo.cli import app
from napo.core.namespaces import compact
from napo.knowledge.graph import sources_dir
from napo.knowledge.validate import validate_data

from ..conftest import FIXTURES

runner = CliRunner()
VALID = sorted((FIXTURES / "data/valid").glob("*.ttl"))
INVALID = sorted((FIXTURES / "data/invalid").glob("*.ttl"))

pytestmark = pytest.mark.skipif(not sources_dir().is_dir(),
                                reason=f"source texts not found at {sources_dir()} "
                                       "(put shared/ beside the checkout or set NAPO_SOURCES)")


def expected(path: Path) -> set[str]:
    return {line.split(":", 1)[1].strip() for line in path.read_text().splitlines()
            if line.startswith("# expect:")}


def violations(path: Path) -> set[str]:
    report = validate_data([path])
    return {f"{r.shape} {compact(r.focus)}" for r in report.results if r.severity == "Violation"}


def test_project_data_conforms() -> None:
    report = validate_data()
    assert [r for r in report.results if r.severity == "Violation"] == []


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path) -> None:
    assert validate_data([path]).results == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_on_exactly_its_constraint(path: Path) -> None:
    assert expected(path), f"{path.name} has no '# expect:' line"
    assert violations(path) == expected(path)


def test_every_result_says_what_is_wrong_and_how_to_fix_it() -> None:
    for path in INVALID:
        for result in validate_data([path]).results:
            assert result.message and result.fix, (path.name, result)


def test_cli_exit_codes() -> None:
    assert runner.invoke(app, ["validate", str(VALID[0])]).exit_code == 0
    failed = runner.invoke(app, ["validate", str(FIXTURES / "data/invalid/out_of_bounds.ttl")])
    assert failed.exit_code == 1
    assert "claim:s001-01" in failed.output and "fix:" in failed.output
    unreadable = runner.invoke(app, ["validate",
                                     str(FIXTURES / "ontology/invalid/malformed.ttl")])
    assert unreadable.exit_code == 2
    assert "malformed.ttl:8:1" in unreadable.output


def test_json_and_turtle_reports() -> None:
    path = str(FIXTURES / "data/invalid/wrong_object_kind.ttl")
    as_json = json.loads(runner.invoke(app, ["validate", path, "--format", "json"]).output)
    assert as_json["conforms"] is False
    assert as_json["results"][0]["shape"] == "shape:TargetAssociation"
    as_turtle = Graph().parse(data=runner.invoke(app, ["validate", path, "--format", "turtle"])
                              .output, format="turtle")
    assert len(list(as_turtle.subjects(RDF.type, SH.ValidationResult))) == 1
