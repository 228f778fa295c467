"""`napo docs`: the web pages of the release (a page per term and per source text, the
question and comparison pages), written as a static site."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from napo.cli.root import app, escape, fail, out
from napo.core.errors import NapoError


@app.command()
def docs(
    out_dir: Annotated[Path, typer.Option(
        "--out", metavar="DIR", help="Folder for the site (replaced whole; refused if it holds "
                                     "anything but a NAPO site).")] = Path("dist/docs"),
    release: Annotated[Path, typer.Option(
        metavar="DIR", help="Release folder whose napo-void.ttl lists the artefacts and their "
                            "checksums on the overview page.")] = Path("dist"),
) -> None:
    """Write the web pages: an overview, a page per class, property and source text, and the
    question and comparison pages that `napo serve` runs live."""
    from napo.site.cache import cached_site
    from napo.site.generate import write_site

    started = time.perf_counter()
    try:
        files = cached_site(release)
        write_site(files, out_dir)
    except NapoError as error:
        fail(error)
    pages = sum(1 for name in files if name.endswith(".html"))
    out.print(escape(f"napo docs: {pages} pages -> {out_dir}/ "
                     f"({time.perf_counter() - started:.2f} s); open {out_dir}/index.html, or "
                     "run `napo serve` for the live questions and comparisons"),
              highlight=False, soft_wrap=True)
