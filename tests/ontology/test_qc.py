"""QC: zero errors on NAPO, and exactly the expected violations on each invalid fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from napo.core import rdfio
from napo.core.namespaces import NAPO
from napo.ontology.qc import Severity, errors_in, load_check, load_checks, run_checks

from ..conftest import FIXTURES

INVALID = sorted((FIXTURES / "qc/invalid").glob("*.ttl"))
VALID = sorted((FIXTURES / "qc/valid").glob("*.ttl"))


def expected_rows(path: Path) -> set[tuple[str, str, str]]:
    """Read '# expect: SEVERITY check entity' lines ('-' for no entity, napo: CURIEs allowed)."""
    rows = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect:"):
            severity, check, entity = line.removeprefix("# expect:").split()
            entity = "" if entity == "-" else entity.replace("napo:", str(NAPO))
            rows.add((severity, check, entity))
    return rows


def found_rows(path: Path) -> set[tuple[str, str, str]]:
    return {(v.severity, v.check, v.entity) for v in run_checks(rdfio.read_graph(path))}


def test_every_check_has_a_severity_title_and_fix() -> None:
    checks = load_checks()
    assert len(checks) >= 15
    for check in checks:
        assert check.severity in Severity
        assert check.title and check.description and check.fix, check.name


def test_ontology_has_no_qc_errors(ontology: Graph) -> None:
    assert errors_in(run_checks(ontology)) == []


def test_reasoned_release_has_no_qc_violations(release) -> None:
    _, report = release
    assert report.warnings == []


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_has_no_violations(path: Path) -> None:
    assert found_rows(path) == set()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_fails_exactly_as_expected(path: Path) -> None:
    expected = expected_rows(path)
    assert expected, f"{path.name} has no '# expect:' line"
    assert found_rows(path) == expected


def test_every_check_is_exercised_by_a_fixture() -> None:
    exercised = {check for path in INVALID for _, check, _ in expected_rows(path)}
    assert exercised == {check.name for check in load_checks()}


def test_check_without_severity_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "no_severity.rq"
    bad.write_text("# title: x\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(Exception, match="severity"):
        load_check(bad)


def test_reserved_vocabulary_check_is_generated_from_the_w3c_vocabularies() -> None:
    """The check's allow-list is rdflib's closed OWL/RDF/RDFS/XSD namespaces, regenerated."""
    import importlib.util

    script = Path(__file__).parents[2] / "scripts/qc_reserved_vocabulary.py"
    spec = importlib.util.spec_from_file_location("qc_reserved_vocabulary", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    check = load_check(Path(__file__).parents[2] / "queries/qc/reserved_vocabulary.rq")
    assert check.query == module.query()
    assert "http://www.w3.org/2002/07/owl#AllDifferent" in module.defined_terms()
    assert "http://www.w3.org/2002/07/owl#AllDifferentIndividuals" not in module.defined_terms()
