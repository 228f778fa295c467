"""`napo build --docs` writes the web pages into dist/docs/ in its one atomic replacement, and
they are byte for byte the pages `napo docs` makes from the built store (another path to the
same store: the release's rdflib layers rather than the cached N-Quads)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from napo.core.resources import ontology_file
from napo.release.build import build
from napo.site.generate import mapping_rows, site_files
from napo.stores.cache import built


@pytest.fixture(scope="module")
def with_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("release-docs") / "dist"
    report = build(ontology_file(), out, docs=True)
    assert report.seconds["docs"] < 5
    return out


def test_build_writes_the_same_pages_as_napo_docs(with_docs: Path) -> None:
    written = {str(p.relative_to(with_docs / "docs")): p.read_bytes()
               for p in (with_docs / "docs").rglob("*") if p.is_file()}
    expected = site_files(built().store, (with_docs / "napo-void.ttl").read_bytes(),
                          mapping_rows())
    assert written.keys() == expected.keys()
    assert [name for name in expected if written[name] != expected[name]] == []
    overview = written["index.html"].decode()
    assert re.search(r"<code>napo\.owl</code></td><td>.*?</td><td>application/rdf\+xml</td>"
                     r'<td class="num">\d+</td><td><code class="hash">[0-9a-f]{64}</code>',
                     overview)


def test_napo_docs_writes_the_site_and_never_replaces_a_foreign_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from napo.cli import app

    out = tmp_path / "site"
    done = CliRunner().invoke(app, ["docs", "--out", str(out), "--release", str(tmp_path)])
    assert done.exit_code == 0, done.output
    assert re.search(r"napo docs: \d{3} pages", done.stdout)
    assert (out / "Rhizotomy.html").is_file() and (out / "source" / "s001.html").is_file()
    again = CliRunner().invoke(app, ["docs", "--out", str(out), "--release", str(tmp_path)])
    assert again.exit_code == 0, again.output  # its own folder is replaced
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "todo.txt").write_text("keep me", encoding="utf-8")
    refused = CliRunner().invoke(app, ["docs", "--out", str(mine)])
    assert refused.exit_code == 2 and "is not a NAPO site" in refused.output
    assert (mine / "todo.txt").read_text(encoding="utf-8") == "keep me"
