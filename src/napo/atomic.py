"""Replace an output directory all at once, so a failed build never leaves it half-written."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def replace_directory(target: Path, fill: Callable[[Path], None]) -> None:
    """Call fill(staging_dir), then swap staging_dir into target's place.

    The staging directory is a sibling of target (same filesystem, so the renames are atomic).
    If fill raises, target keeps its previous contents and the staging directory is removed.
    """
    target = Path(target).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        fill(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(retired / target.name)
    staging.rename(target)
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
