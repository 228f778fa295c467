"""The code base stays ruff-clean (a failing lint is a failing test, so CI catches it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from napo.core.resources import project_root


def test_ruff_is_clean() -> None:
    beside_python = Path(sys.executable).parent / "ruff"
    ruff = str(beside_python) if beside_python.exists() else shutil.which("ruff")
    if ruff is None:
        pytest.skip("ruff is not installed (pip install -e '.[test]' installs it)")
    root = project_root()
    result = subprocess.run([ruff, "check", "src", "tests"], cwd=root, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
