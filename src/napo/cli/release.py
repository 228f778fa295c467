"""`napo build` and `napo version`: the release."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from napo import __version__
from napo.cli.root import app, escape, fail, out, violations_listing
from napo.core.errors import NapoError
from napo.queries.results import Listing, terminal_width, to_text


@app.command()
def build(
    ontology: Annotated[Path | None, typer.Option(
        metavar="FILE", help="Ontology edit file (default: ontology/napo.ttl of the clone you "
                             "are in, else the copy embedded in the package).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", metavar="DIR",
                                          help="Release directory.")] = Path("dist"),
    docs: Annotated[bool, typer.Option(
        "--docs/--no-docs", help="Write the web pages into DIR/docs/ too, as `napo docs` does "
                                 "(rendered while pyshacl validates: ~0.4 s more).")
    ] = True,
) -> None:
    """Parse, reason (HermiT), materialise, QC and write the release artefacts to dist/."""
    # The build's libraries (rdflib, owlready2, pyshacl ...) load here, not at the top of the
    # module: `napo --help` must stay fast.
    from napo.core.resources import ontology_file, sources
    from napo.release.build import build as run_build

    out.print(escape(sources().describe()), highlight=False, soft_wrap=True)  # which sources
    source = ontology or ontology_file()
    try:
        report = run_build(source, out_dir, docs=docs)
    except NapoError as error:
        fail(error)
    rows = [("classes", str(report.classes)),
            ("logical axioms (told)", str(report.axioms)),
            ("inferred subclass axioms (closure)", str(report.inferred_subclass_axioms)),
            ("materialised existential edges (query view)", str(report.existential_edges)),
            ("QC warnings", str(len(report.warnings))),
            ("source spans re-read", "yes" if report.sources_checked
             else "no: sources not found (set NAPO_SOURCES)"),
            ("mapping codes checked (official releases)", "yes" if report.codes_verified
             else f"no: {report.verification_skipped}"),
            *((f"seconds: {step}", f"{seconds:.2f}") for step, seconds in report.seconds.items())]
    width = terminal_width()
    sys.stdout.write(to_text(Listing(f"napo build: {source} -> {out_dir}/", ("measure", "value"),
                                     rows, numbers=frozenset({"value"})), width))
    sys.stdout.write(to_text(Listing("classes per branch", ("branch", "classes"),
                                     [(b, str(n)) for b, n in report.branches.items()],
                                     numbers=frozenset({"classes"})), width))
    if report.warnings:
        sys.stdout.write(to_text(violations_listing(report.warnings, "QC warnings"), width))
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
