"""`napo build` and `napo version`: the release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from napo import __version__
from napo.cli.app import app, fail, out, violations_listing
from napo.core.errors import NapoError
from napo.queries.results import to_rich


@app.command()
def build(
    ontology: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Ontology edit file (default: ontology/napo.ttl of the clone you "
                             "are in, else the copy embedded in the package).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR",
                                          help="Release directory.")] = Path("dist"),
) -> None:
    """Parse, reason (HermiT), materialise, QC and write the release artefacts to dist/."""
    # The build's libraries (rdflib, owlready2, pyshacl ...) load here, not at the top of the
    # module: `napo --help` must stay fast.
    from napo.core.resources import ontology_file, sources
    from napo.release.build import build as run_build

    out.print(escape(sources().describe()), highlight=False, soft_wrap=True)  # which sources
    source = ontology or ontology_file()
    try:
        report = run_build(source, out_dir)
    except NapoError as error:
        fail(error)
    summary = Table(title=f"napo build: {source} -> {out_dir}/", title_justify="left")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    summary.add_row("classes", str(report.classes))
    summary.add_row("logical axioms (told)", str(report.axioms))
    summary.add_row("inferred subclass axioms (closure)", str(report.inferred_subclass_axioms))
    summary.add_row("materialised existential edges (query view)", str(report.existential_edges))
    summary.add_row("QC warnings", str(len(report.warnings)))
    summary.add_row("source spans re-read", "yes" if report.sources_checked else
                    "no: sources not found (set NAPO_SOURCES)")
    summary.add_row("mapping codes checked (official releases)",
                    "yes" if report.codes_verified
                    else f"no: {escape(report.verification_skipped)}")
    for step, seconds in report.seconds.items():
        summary.add_row(f"seconds: {step}", f"{seconds:.2f}")
    out.print(summary)
    branches = Table(title="classes per branch", title_justify="left")
    branches.add_column("branch")
    branches.add_column("classes", justify="right")
    for branch, count in report.branches.items():
        branches.add_row(branch, str(count))
    out.print(branches)
    if report.warnings:
        out.print(to_rich(violations_listing(report.warnings, "QC warnings"), out.width))
    if report.obo_dropped:
        kept_out = "; ".join(f"{n} {kind}" for kind, n in sorted(report.obo_dropped.items()))
        out.print(f"OWL only (OBO formats cannot express them): {kept_out}")
    out.print(f"wrote {', '.join(report.files)}")
    out.print(escape(f"store for the read commands: {report.store}"), highlight=False,
              soft_wrap=True)


@app.command()
def version() -> None:
    """Print the NAPO tooling version."""
    out.print(__version__)
