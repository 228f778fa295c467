"""`napo validate`, `compare`, `conflicts` and `locate`: the knowledge graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from napo.cli.answers import names, run_question
from napo.cli.options import FormatOption
from napo.cli.root import app, escape, fail, out
from napo.core.errors import NapoError, UsageError
from napo.queries.results import FORMATS, Listing, check_format, emit, emit_results

# rdflib, pyshacl and the stores are imported inside the commands, when one runs: importing
# them here would make every `napo --help` pay for them (seconds, not milliseconds).
if TYPE_CHECKING:
    from napo.core.names import Lexicon
    from napo.knowledge.validate import Report
    from napo.queries.query import Results, Term

VALIDATE_FORMATS = ("text", "turtle", "json", "table", "csv", "tsv", "markdown")
CONFLICT_FORMATS = ("text", *FORMATS)


@app.command()
def validate(
    files: Annotated[list[Path] | None, typer.Argument(
        metavar="[FILE|DIR]...", help="Turtle data files, or folders of them (default: data/).",
        show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="|".join(VALIDATE_FORMATS),
                                     help="text (grouped by node), turtle or json (the SHACL "
                                          "report), or one row per result.")] = "text",
) -> None:
    """Validate knowledge data with SHACL (shapes/) and check every evidence span; registry
    record files (.nt/.ttl written by `napo ingest`) against shapes/registry.ttl.

    Exit 0 when it conforms, 1 on violations, 2 when a file cannot be read.
    """
    from napo.knowledge.validate import report_json, report_turtle, validate_data

    try:
        check_format(fmt, VALIDATE_FORMATS)
        if records := _registry_files(files or []):
            _validate_records(records, fmt)
        report = validate_data(files or None)
    except NapoError as error:
        fail(error)
    if fmt == "json":
        sys.stdout.write(report_json(report) + "\n")
    elif fmt == "turtle":
        sys.stdout.write(report_turtle(report))
    elif fmt == "text":
        _print_report(report)
    else:
        emit(Listing(f"SHACL: {len(report.results)} result(s)",
                     ("focus", "severity", "path", "value", "message", "fix", "shape"),
                     [(r.focus, r.severity, r.path, r.value, r.message, r.fix, r.shape)
                      for r in sorted(report.results)],
                     frozenset({"focus", "path", "shape"})), fmt)
    raise typer.Exit(0 if report.conforms else 1)


def _print_report(report: Report) -> None:
    from napo.core.prefixes import compact

    if not report.results:
        out.print("[green]conforms[/]: no violations")
        return
    for focus, results in report.by_focus().items():
        out.print(f"[bold]{escape(compact(focus))}[/]", highlight=False)
        for r in results:
            colour = "red" if r.severity == "Violation" else "yellow"
            where = f" {r.path}" if r.path else ""
            value = f" = {compact(r.value)}" if r.value else ""
            out.print(f"  [{colour}]{r.severity}[/]{escape(where + value)}: {escape(r.message)}",
                      highlight=False, soft_wrap=True)
            if r.fix:
                out.print(f"    fix: {escape(r.fix)}  [dim]({escape(r.shape)})[/]",
                          highlight=False, soft_wrap=True)
    violations = sum(r.severity == "Violation" for r in report.results)
    out.print(f"{violations} violation(s), {len(report.results) - violations} other result(s) "
              f"on {len(report.by_focus())} node(s)")


def _registry_files(files: list[Path]) -> list[Path]:
    """The given files that hold registry records; all of them or none (one report kind)."""
    from napo.registry.validate import is_registry_file

    records = [f for f in files if f.is_file() and is_registry_file(f)]
    if records and len(records) != len(files):
        raise UsageError("registry record files and knowledge data are validated separately",
                         "run `napo validate` once on the record files, once on the others")
    return records


def _validate_records(files: list[Path], fmt: str) -> None:
    """The registry's compiled shapes on each record file (the findings pyshacl would give)."""
    from napo.registry.validate import validate_file

    if fmt == "turtle":
        raise UsageError("--format turtle is for knowledge data", "use text, json or a table "
                         "format for registry records")
    rows = [(str(path), f.focus, f.severity.rsplit("#", 1)[-1], f.path, f.value or "",
             f.message, f.shape) for path in files for f in validate_file(path)]
    if fmt == "text":
        sys.stdout.write("".join(f"{r[0]}: {r[1]} {r[3]}: {r[5]} [{r[6]}]\n" for r in rows)
                         + f"{len(rows)} finding(s) in {len(files)} record file(s)\n")
    else:
        emit(Listing(f"registry records: {len(rows)} finding(s)", ("file", "focus", "severity",
                     "path", "value", "message", "shape"), rows,
                     frozenset({"file", "focus", "path", "shape"})), fmt)
    raise typer.Exit(1 if rows else 0)


@app.command()
def compare(
    procedures: Annotated[list[str], typer.Argument(
        metavar="PROCEDURE...", help="Two or more procedures: label, synonym, CURIE or IRI.")],
    layer: Annotated[str, typer.Option(
        metavar="claims|curated|all",
        help="What the sources claim, what the curators established, or both.")] = "curated",
    fmt: FormatOption = "table",
) -> None:
    """Compare procedures side by side: every association kind, with frequency, relief,
    evidence level and sources in each cell, and whether all, some or one of them hold it."""
    from napo.core.names import label, resolve
    from napo.queries.compare import LAYERS, compare
    from napo.stores.cache import built

    try:
        check_format(fmt)
        if layer not in LAYERS:
            raise UsageError(f"unknown layer {layer!r}", "use --layer " + "|".join(LAYERS))
        if len(procedures) < 2:
            raise UsageError("compare needs at least two procedures", "e.g. napo compare "
                             "cordotomy \"mesencephalic tractotomy\"")
        lexicon = names()
        chosen = list(dict.fromkeys(resolve(lexicon, name) for name in procedures))
        if len(chosen) < 2:
            raise UsageError("the procedures name the same class twice",
                             "name two or more different procedures")
        labels = {iri: label(lexicon, iri) for iri in chosen}
        rows = compare(built().store, chosen, layer, built().dataset, labels)
    except NapoError as error:
        fail(error)
    columns = ("kind", "object", "shared", *(labels[iri] for iri in chosen))
    listing = Listing(f"napo compare ({layer} layer{'s' if layer == 'all' else ''}; "
                      f"{len(rows)} rows)", columns,
                      [(row.kind.removesuffix(" association"), row.label, row.sharing,
                        *row.cells) for row in rows])
    emit(listing, fmt, row_rules=True)


@app.command()
def conflicts(
    fmt: Annotated[str, typer.Option("--format", metavar="|".join(CONFLICT_FORMATS),
                                     help="text (both sides quoted) or one row per "
                                          "conflict.")] = "text",
) -> None:
    """List every conflict: the claim and what it contradicts, with both spans quoted."""
    from napo.queries.query import find_question

    try:
        check_format(fmt, CONFLICT_FORMATS)
        results = run_question(find_question("conflicts"), {}, "oxigraph", None, None)
    except NapoError as error:
        fail(error)
    if fmt != "text":
        emit_results(results, f"conflicts ({len(results.rows)})", fmt)
        return
    _print_conflicts(results, names())


def _print_conflicts(results: Results, lexicon: Lexicon) -> None:
    from napo.core.prefixes import compact
    from napo.queries.query import display

    def quoted(record: dict, side: str) -> str:
        return _quote(lexicon, record[f"{side}Source"], record[f"{side}Start"],
                      record[f"{side}End"])
    lines = []
    for row in results.rows:
        record = dict(zip(results.variables, row, strict=True))
        claim, other = compact(record["claim"][1]), compact(record["other"][1])
        lines.append(f"{claim} {display(record['procedure'])} {display(record['claimObject'])} "
                     f"— {display(record['conflict'])}")
        lines.append(f"  claim ({display(record['claimSource'])} "
                     f"{display(record['claimStart'])}-{display(record['claimEnd'])}): "
                     f"\"{quoted(record, 'claim')}\"")
        if record["note"]:
            lines.append(f"  curated {other}: NOT {display(record['otherObject'])}. "
                         f"{display(record['note'])}")
        else:
            lines.append(f"  other claim {other} ({display(record['otherSource'])} "
                         f"{display(record['otherStart'])}-{display(record['otherEnd'])}): "
                         f"\"{quoted(record, 'other')}\"")
    lines.append(f"{len(results.rows)} conflict(s)")
    sys.stdout.write("\n".join(lines) + "\n")  # plain text: rich's markup is not needed here


def _quote(lexicon: Lexicon, source: Term | None, start: Term | None,
           end: Term | None) -> str:
    """The span a conflict's row points at, read from the source text (napo.knowledge.spans)."""
    from napo.core.prefixes import PREFIXES
    from napo.knowledge.inputs import sources_dir
    from napo.knowledge.spans import quote

    files = lexicon.values(source[1], PREFIXES["napo"] + "fileName") if source else []
    span = quote(files[0], int(start[1]), int(end[1]), sources_dir()) \
        if files and start and end and start[1].isdigit() and end[1].isdigit() else None
    return span if span is not None else "(source text not available)"


@app.command()
def locate(
    source: Annotated[str, typer.Argument(
        metavar="SOURCE", help="Source file name, path or record (e.g. s002).")],
    quote: Annotated[str, typer.Argument(metavar="QUOTE", help="The exact text to find.")],
    occurrence: Annotated[int, typer.Option(metavar="N", help="Which occurrence, from 1.")] = 1,
) -> None:
    """Print the offsets and checksum to anchor a claim on QUOTE in SOURCE."""
    from napo.knowledge.locate import locate_quote

    try:
        span = locate_quote(source, quote, occurrence)
    except NapoError as error:
        fail(error)
    sys.stdout.write(f"file {span.file}\nsha256 {span.sha256}\nstart {span.start}\n"
                     f"end {span.end}\n")
