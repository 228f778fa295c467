"""`napo validate`, `compare`, `conflicts` and `locate`: the knowledge graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rich.markup import escape
from rich.table import Table

from napo.cli.app import app, fail, out
from napo.cli.queries import run_question
from napo.core.errors import NapoError
from napo.core.namespaces import NAPO, compact
from napo.core.resources import project_root
from napo.knowledge.graph import knowledge_graph, sources_dir
from napo.knowledge.locate import locate_quote
from napo.knowledge.names import resolve
from napo.knowledge.provenance import span_text
from napo.knowledge.validate import Report, report_json, report_turtle, validate_data
from napo.queries.query import (
    QueryError,
    display,
    find_question,
    load_question,
    run_oxigraph,
)
from napo.queries.results import to_delimited, to_json
from napo.stores.store import DEFAULT_DATASET, memory_store


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
        fail(NapoError(f"unknown format {fmt!r}", "use --format text, turtle or json"))
    try:
        report = validate_data(files or None)
    except NapoError as error:
        fail(error)
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
            out.print(f"  [{colour}]{r.severity}[/]{escape(where + value)}: {escape(r.message)}",
                      highlight=False, soft_wrap=True)
            if r.fix:
                out.print(f"    fix: {escape(r.fix)}  [dim]({r.shape})[/]", highlight=False,
                          soft_wrap=True)
    violations = sum(r.severity == "Violation" for r in report.results)
    out.print(f"{violations} violation(s), {len(report.results) - violations} other result(s) "
              f"on {len(report.by_focus())} node(s)")


@app.command()
def compare(
    procedures: Annotated[list[str], typer.Argument(help="Two or more procedures: label, "
                                                          "synonym, CURIE or IRI.")],
) -> None:
    """Side-by-side table of what the curated layer says about each procedure."""
    try:
        if len(procedures) < 2:
            raise QueryError("compare needs at least two procedures", "e.g. napo compare "
                             "cordotomy \"mesencephalic tractotomy\"")
        graph = knowledge_graph()
        chosen = [resolve(graph, name) for name in procedures]
        question = load_question(project_root() / "queries" / "compare.rq")
        store = memory_store()
        cells: dict[str, dict[URIRef, list[str]]] = {}
        for iri in chosen:
            for row in run_oxigraph(store, question, {"procedure": iri}, DEFAULT_DATASET).rows:
                kind, obj, polarity, frequency = (display(t) for t in row[1:])
                text = obj if polarity == "napo:Affirmed" else f"NOT {obj}"
                text += f" ({frequency})" if frequency else ""
                cells.setdefault(kind, {}).setdefault(iri, []).append(text)
    except NapoError as error:
        fail(error)
    table = Table(title="napo compare (curated layer)", title_justify="left", show_lines=True)
    table.add_column("")
    for iri in chosen:
        table.add_column(str(graph.value(iri, RDFS.label)), overflow="fold")
    for kind in sorted(cells):
        table.add_row(kind.removesuffix(" association"),
                      *("\n".join(cells[kind].get(iri, ["-"])) for iri in chosen))
    out.print(table)


@app.command()
def conflicts(
    fmt: Annotated[str, typer.Option("--format", help="text, csv, tsv or json.")] = "text",
) -> None:
    """List every conflict: the claim and what it contradicts, with both spans quoted."""
    try:
        question = find_question("conflicts")
        results = run_question(question, {}, "oxigraph", None, None)
    except NapoError as error:
        fail(error)
    if fmt == "json":
        sys.stdout.write(to_json(results) + "\n")
        return
    if fmt in ("csv", "tsv"):
        sys.stdout.write(to_delimited(results, "," if fmt == "csv" else "\t"))
        return
    graph = knowledge_graph()
    for row in results.rows:
        record = dict(zip(results.variables, row, strict=True))
        claim = URIRef(record["claim"][1])
        other = URIRef(record["other"][1])
        out.print(f"[bold]{compact(str(claim))}[/] {display(record['procedure'])} "
                  f"{display(record['claimObject'])} — {display(record['conflict'])}",
                  highlight=False)
        out.print(f"  claim ({display(record['claimSource'])} "
                  f"{display(record['claimStart'])}-{display(record['claimEnd'])}): "
                  f"\"{_quote(graph, claim)}\"", highlight=False, soft_wrap=True)
        if record["note"]:
            out.print(f"  curated {compact(str(other))}: NOT {display(record['otherObject'])}. "
                      f"{display(record['note'])}", highlight=False, soft_wrap=True)
        else:
            out.print(f"  other claim {compact(str(other))} ({display(record['otherSource'])} "
                      f"{display(record['otherStart'])}-{display(record['otherEnd'])}): "
                      f"\"{_quote(graph, other)}\"", highlight=False, soft_wrap=True)
    out.print(f"{len(results.rows)} conflict(s)")


def _quote(graph: Graph, node: URIRef) -> str:
    span = span_text(graph, graph.value(node, NAPO.evidence), sources_dir())
    return span if span is not None else "(source text not available)"


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
        fail(error)
    out.print(f"file {span.file}\nsha256 {span.sha256}\nstart {span.start}\nend {span.end}",
              highlight=False)
