"""The `napo` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from napo import __version__, rdfio
from napo.build import build as run_build
from napo.errors import NapoError
from napo.locate import locate_quote
from napo.namespaces import compact
from napo.qc import Violation, errors_in, load_checks, run_checks
from napo.resources import ontology_file
from napo.validate import Report, report_json, report_turtle, validate_data

app = typer.Typer(help="NAPO: Neuroablative Pain-Procedure Ontology tooling.",
                  no_args_is_help=True, add_completion=False)
out = Console()
err = Console(stderr=True)


def _fail(error: NapoError) -> None:
    err.print(f"[bold red]error:[/] {error.message}", highlight=False, soft_wrap=True)
    if error.hint:
        err.print(f"  [yellow]hint:[/] {error.hint}", highlight=False, soft_wrap=True)
    raise typer.Exit(error.exit_code)


def _violations_table(violations: list[Violation], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("severity", "check", "entity", "property", "value"):
        table.add_column(column, overflow="fold")
    for v in violations:
        table.add_row(v.severity, v.check, compact(v.entity), compact(v.property),
                      compact(v.value))
    return table


@app.command()
def build(
    ontology: Annotated[Path | None, typer.Option(help="Ontology edit file (default: the "
                                                  "embedded ontology/napo.ttl).")] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Release directory.")] = Path("dist"),
) -> None:
    """Parse, reason (HermiT), materialise, QC and write the release artefacts to dist/."""
    source = ontology or ontology_file()
    try:
        report = run_build(source, out_dir)
    except NapoError as error:
        _fail(error)
    summary = Table(title=f"napo build: {source} -> {out_dir}/", title_justify="left")
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    summary.add_row("classes", str(report.classes))
    summary.add_row("logical axioms (told)", str(report.axioms))
    summary.add_row("inferred subclass axioms (closure)", str(report.inferred_subclass_axioms))
    summary.add_row("materialised existential edges", str(report.existential_edges))
    summary.add_row("QC warnings", str(len(report.warnings)))
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
        out.print(_violations_table(report.warnings, "QC warnings"))
    out.print(f"wrote {', '.join(report.files)}")


@app.command()
def qc(
    files: Annotated[list[Path], typer.Argument(help="Turtle files, checked together.")],
    fmt: Annotated[str, typer.Option("--format", help="text or tsv.")] = "text",
) -> None:
    """Run the QC checks in queries/qc/ on FILES (no reasoning); exit 1 on any ERROR."""
    try:
        graph = rdfio.new_graph()
        for path in files:
            graph += rdfio.read_graph(path)
        violations = run_checks(graph, load_checks())
    except NapoError as error:
        _fail(error)
    if fmt == "tsv":
        sys.stdout.write("severity\tcheck\tentity\tproperty\tvalue\n")
        for v in violations:
            sys.stdout.write("\t".join((v.severity, v.check, v.entity, v.property, v.value))
                             + "\n")
    elif violations:
        out.print(_violations_table(violations, f"QC: {len(violations)} violation(s)"))
    else:
        out.print("QC: no violations")
    raise typer.Exit(1 if errors_in(violations) else 0)


@app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(help="Turtle data files (default: data/).")]
    = None,
    fmt: Annotated[str, typer.Option("--format", help="text, turtle or json.")] = "text",
) -> None:
    """Validate knowledge data with SHACL (shapes/) and check every evidence span.

    Exit 0 when it conforms, 1 on violations, 2 when a file cannot be read.
    """
    if fmt not in ("text", "turtle", "json"):
        _fail(NapoError(f"unknown format {fmt!r}", "use --format text, turtle or json"))
    try:
        report = validate_data(files or None)
    except NapoError as error:
        _fail(error)
    if fmt == "json":
        sys.stdout.write(report_json(report) + "\n")
    elif fmt == "turtle":
        sys.stdout.write(report_turtle(report))
    else:
        _print_report(report)
    raise typer.Exit(0 if report.conforms else 1)


def _print_report(report: Report) -> None:
    if not report.results:
        out.print("[green]conforms[/]: no violations")
        return
    for focus, results in report.by_focus().items():
        out.print(f"[bold]{compact(focus)}[/]", highlight=False)
        for r in results:
            colour = "red" if r.severity == "Violation" else "yellow"
            where = f" {r.path}" if r.path else ""
            value = f" = {compact(r.value)}" if r.value else ""
            out.print(f"  [{colour}]{r.severity}[/]{where}{value}: {r.message}", highlight=False,
                      soft_wrap=True)
            if r.fix:
                out.print(f"    fix: {r.fix}  [dim]({r.shape})[/]", highlight=False,
                          soft_wrap=True)
    violations = sum(r.severity == "Violation" for r in report.results)
    out.print(f"{violations} violation(s), {len(report.results) - violations} other result(s) "
              f"on {len(report.by_focus())} node(s)")


@app.command()
def locate(
    source: Annotated[str, typer.Argument(help="Source file name, path or record (e.g. s002).")],
    quote: Annotated[str, typer.Argument(help="The exact text to find.")],
    occurrence: Annotated[int, typer.Option(help="Which occurrence, from 1.")] = 1,
) -> None:
    """Print the offsets and checksum to anchor a claim on QUOTE in SOURCE."""
    try:
        span = locate_quote(source, quote, occurrence)
    except NapoError as error:
        _fail(error)
    out.print(f"file {span.file}\nsha256 {span.sha256}\nstart {span.start}\nend {span.end}",
              highlight=False)


@app.command()
def version() -> None:
    """Print the NAPO tooling version."""
    out.print(__version__)
