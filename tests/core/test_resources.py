"""Checkout-aware sources: inside a clone its files count, however NAPO was installed."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from napo.cli import app
from napo.core import resources
from napo.core.resources import is_checkout, ontology_file, sources

from ..conftest import make_clone

runner = CliRunner()


def _as_if_installed(monkeypatch, tmp_path: Path) -> Path:
    """What `pip install .` leaves: no checkout around the package, only its embedded copy."""
    embedded = make_clone(tmp_path / "site-packages" / "napo" / "_resources")
    monkeypatch.setattr(resources, "_CHECKOUT_ROOT", tmp_path / "nowhere")
    monkeypatch.setattr(resources, "_EMBEDDED_ROOT", embedded)
    return embedded


def test_an_edit_in_the_clone_is_seen_after_a_plain_install(tmp_path: Path, monkeypatch) -> None:
    embedded = _as_if_installed(monkeypatch, tmp_path)
    clone = make_clone(tmp_path / "clone")
    with (clone / "ontology" / "napo.ttl").open("a", encoding="utf-8") as edit_file:
        edit_file.write('\n<https://w3id.org/napo/Rhizotomy> '
                        '<http://www.w3.org/2000/01/rdf-schema#label> "cordotomy"@en .\n')
    monkeypatch.chdir(clone / "data" / "claims")  # anywhere inside the clone
    assert sources().root == clone and ontology_file() == clone / "ontology" / "napo.ttl"
    result = runner.invoke(app, ["build", "--out", str(tmp_path / "dist")])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[0] == f"using the checkout at {clone}"
    assert "duplicate_label" in result.output or "duplicate label" in result.output
    assert not (tmp_path / "dist").exists()
    monkeypatch.chdir(tmp_path)  # outside any clone: the embedded copy
    assert sources().root == embedded and sources().kind == "embedded"
    assert sources().describe().startswith("using the copy embedded in the package")


def test_a_folder_is_a_clone_only_with_napos_pyproject(tmp_path: Path) -> None:
    clone = make_clone(tmp_path / "clone")
    assert is_checkout(clone)
    (clone / "pyproject.toml").write_text('[project]\nname = "other"\n[tool.x]\nname = "napo"\n')
    assert not is_checkout(clone)
    (clone / "pyproject.toml").write_text('[build-system]\nrequires = ["x"]\n\n[project]\n'
                                          'version = "1"\nname = "napo"  # the ontology\n')
    assert is_checkout(clone)
    (clone / "ontology" / "napo.ttl").unlink()
    assert not is_checkout(clone)
