"""The web pages of the built store, rendered once and kept beside it.

Rendering the ~420 pages takes about a second, which `napo serve` paid on every start before
its first answer. The pages are kept in the built store's cache entry (napo.stores.cache) as
one uncompressed zip (~3 MB, read in ~20 ms), under a key over what they are made from beyond
the store the entry holds: the VoID description of the release, the source texts, the
competency questions and NAPO's own code and templates. Any change renders them again; an
entry that is pruned takes its pages with it.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

import napo
from napo.core.resources import project_root
from napo.knowledge.inputs import sources_dir

SITE_ZIP = "site.zip"
KEY_MEMBER = ".napo-site-key"  # not a page: a zip member name no page can have


def _files(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        yield from (p for p in sorted(folder.rglob("*"))
                    if p.is_file() and "__pycache__" not in p.parts)


def site_key(stamp: str, void: bytes | None) -> str:
    """SHA-256 over the built store's key, the VoID bytes, and every file of NAPO's package,
    the competency questions and the source texts (~20 ms)."""
    digest = hashlib.sha256(f"{stamp}\0".encode() + (void or b"") + b"\0")
    for root in (Path(napo.__file__).parent, project_root() / "queries", sources_dir()):
        for path in _files(root):
            data = path.read_bytes()
            digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def read_pages(path: Path, key: str) -> dict[str, bytes] | None:
    """The pages kept at path under this key, or None (missing, another key, unreadable)."""
    try:
        with zipfile.ZipFile(path) as kept:
            if kept.read(KEY_MEMBER).decode() != key:
                return None
            return {name: kept.read(name) for name in kept.namelist() if name != KEY_MEMBER}
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return None


def keep_pages(path: Path, key: str, pages: dict[str, bytes]) -> None:
    """Write the pages beside path and rename them into place: readers see old or new."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as kept:
        kept.writestr(KEY_MEMBER, key)
        for name in sorted(pages):
            kept.writestr(name, pages[name])
    handle, staging = tempfile.mkstemp(prefix=".site-", suffix=".zip", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(buffer.getvalue())
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def cached_site(release: Path | None) -> dict[str, bytes]:
    """napo.site.generate.current_site, rendered only when its inputs changed. A cache entry
    that cannot be written (read-only cache folder) only costs the rendering."""
    from napo.site.generate import current_site, void_bytes
    from napo.stores.cache import built, holding

    store = built()
    if store.entry is None:  # built in memory: no entry to keep the pages in
        return current_site(release)
    key = site_key(store.entry.name, void_bytes(release))
    with holding(store.entry):  # the entry is not pruned while its pages are read or written
        path = store.entry / SITE_ZIP
        pages = read_pages(path, key)
        if pages is None:
            pages = current_site(release)
            with suppress(OSError):  # the next start renders them again; none half-written
                keep_pages(path, key, pages)
    return pages
