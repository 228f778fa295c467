"""`napo qc`: the ontology's quality checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from napo.cli.root import app, fail, out, violations_listing
from napo.core.errors import NapoError
from napo.queries.results import FORMATS, Listing, check_format, emit

QC_FORMATS = ("text", *FORMATS)  # text: the table, as before --format had more choices


@app.command()
def qc(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...",
                                                help="Turtle files, checked together.")],
    fmt: Annotated[str, typer.Option("--format", metavar="|".join(QC_FORMATS),
                                     help="text (a table) or one row per violation; csv and "
                                          "tsv give whole IRIs.")] = "text",
) -> None:
    """Run the QC checks in queries/qc/ on FILES (no reasoning); exit 1 on any ERROR."""
    # rdflib and pyoxigraph are imported here, not at the top: `napo --help` must stay fast.
    from napo.knowledge.graph import read_files
    from napo.ontology.qc import errors_in, load_checks, run_checks

    try:
        check_format(fmt, QC_FORMATS)
        violations = run_checks(read_files(files), load_checks())
    except NapoError as error:
        fail(error)
    listing = violations_listing(violations, f"QC: {len(violations)} violation(s)")
    if fmt in ("text", "table") and not violations:
        out.print("QC: no violations")
    else:
        whole = Listing(listing.title, listing.columns,
                        [(v.severity, v.check, v.entity, v.property, v.value) for v in violations])
        emit(listing, "table" if fmt == "text" else fmt, delimited=whole)
    raise typer.Exit(1 if errors_in(violations) else 0)
