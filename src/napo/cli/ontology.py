"""`napo qc`: the ontology's quality checks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from napo.cli.app import app, fail, out, violations_table
from napo.core.errors import NapoError
from napo.knowledge.graph import read_files
from napo.ontology.qc import errors_in, load_checks, run_checks


@app.command()
def qc(
    files: Annotated[list[Path], typer.Argument(help="Turtle files, checked together.")],
    fmt: Annotated[str, typer.Option("--format", help="text or tsv.")] = "text",
) -> None:
    """Run the QC checks in queries/qc/ on FILES (no reasoning); exit 1 on any ERROR."""
    try:
        violations = run_checks(read_files(files), load_checks())
    except NapoError as error:
        fail(error)
    if fmt == "tsv":
        sys.stdout.write("severity\tcheck\tentity\tproperty\tvalue\n")
        for v in violations:
            sys.stdout.write("\t".join((v.severity, v.check, v.entity, v.property, v.value))
                             + "\n")
    elif violations:
        out.print(violations_table(violations, f"QC: {len(violations)} violation(s)"))
    else:
        out.print("QC: no violations")
    raise typer.Exit(1 if errors_in(violations) else 0)
