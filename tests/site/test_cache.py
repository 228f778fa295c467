"""The rendered pages kept in the built store's cache entry (napo.site.cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from napo.site import cache as site_cache
from napo.site import generate
from napo.stores.cache import built

from .conftest import void_of_a_release


@pytest.fixture
def release(tmp_path: Path) -> Path:
    """A release folder of its own, so a test's VoID never matches another test's key."""
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "napo-void.ttl").write_bytes((void_of_a_release() or b"") + b"\n# " +
                                           str(tmp_path).encode() + b"\n")
    return folder


def test_kept_pages_are_the_rendered_pages_and_are_not_rendered_again(
        release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = site_cache.cached_site(release)
    assert first == generate.current_site(release)

    def render(_: Path | None) -> dict[str, bytes]:
        raise AssertionError("rendered again although nothing changed")

    monkeypatch.setattr(generate, "current_site", render)
    assert site_cache.cached_site(release) == first


def test_a_changed_input_renders_again(release: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    site_cache.cached_site(release)
    stamp = built().entry.name
    key = site_cache.site_key(stamp, (release / "napo-void.ttl").read_bytes())
    assert site_cache.site_key(stamp, b"another release") != key
    assert site_cache.site_key("0" * 64, (release / "napo-void.ttl").read_bytes()) != key
    sources = tmp_path / "sources"
    shutil.copytree(site_cache.sources_dir(), sources)
    edited = sorted(sources.iterdir())[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nedited\n", encoding="utf-8")
    monkeypatch.setenv("NAPO_SOURCES", str(sources))
    assert site_cache.site_key(stamp, (release / "napo-void.ttl").read_bytes()) != key
    rendered: list[bool] = []
    render = generate.current_site
    monkeypatch.setattr(generate, "current_site",
                        lambda where: rendered.append(True) or render(where))
    pages = site_cache.cached_site(release)
    assert rendered == [True]
    source_page = next(name for name in pages if name.startswith("source") and
                       name.endswith(".html") and b"edited" in pages[name])
    assert source_page


def test_a_damaged_zip_is_rendered_again(release: Path) -> None:
    pages = site_cache.cached_site(release)
    kept = built().entry / site_cache.SITE_ZIP
    kept.write_bytes(b"not a zip")
    assert site_cache.read_pages(kept, "any") is None
    assert site_cache.cached_site(release) == pages
    assert site_cache.read_pages(kept, site_cache.site_key(
        built().entry.name, (release / "napo-void.ttl").read_bytes())) == pages
