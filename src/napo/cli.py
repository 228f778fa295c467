"""The `napo` command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from napo import __version__
from napo.build import build as run_build
from napo.cli_options import (
    EndpointOption,
    PasswordOption,
    RemoteOptions,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.deadline import run_with_timeout
from napo.errors import NapoError
from napo.knowledge import knowledge_graph, read_files, reasoned_ontology, sources_dir
from napo.layers import LAYER_GRAPHS
from napo.locate import locate_quote
from napo.lookup import by_code, by_label
from napo.mappings import Mapping, read_all, structural_problems
from napo.names import resolve
from napo.namespaces import NAPO, compact
from napo.provenance import span_text
from napo.qc import Violation, errors_in, load_checks, run_checks
from napo.query import (
    CompetencyQuestion,
    QueryError,
    Results,
    bindings,
    display,
    find_question,
    list_questions,
    load_question,
    run_oxigraph,
    run_rdflib,
    with_values,
)
from napo.remote import Client, select
from napo.remote import resolve as resolve_endpoint
from napo.resources import ontology_file, project_root
from napo.results import to_delimited, to_json, to_table
from napo.store import DEFAULT_DATASET, ensure_store, memory_store, read_store
from napo.validate import Report, report_json, report_turtle, validate_data

app = typer.Typer(help="NAPO: Neuroablative Pain-Procedure Ontology tooling.",
                  no_args_is_help=True, add_completion=False)
out = Console(emoji=False)  # ":end:" in "oa:end: ..." must not become an emoji
err = Console(stderr=True, emoji=False)


def _fail(error: NapoError) -> None:
    err.print(f"[bold red]error:[/] {escape(error.message)}", highlight=False, soft_wrap=True)
    if error.hint:
        err.print(f"  [yellow]hint:[/] {escape(error.hint)}", highlight=False, soft_wrap=True)
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
        out.print(_violations_table(report.warnings, "QC warnings"))
    if report.obo_dropped:
        kept_out = "; ".join(f"{n} {kind}" for kind, n in sorted(report.obo_dropped.items()))
        out.print(f"OWL only (OBO formats cannot express them): {kept_out}")
    out.print(f"wrote {', '.join(report.files)}")


@app.command()
def qc(
    files: Annotated[list[Path], typer.Argument(help="Turtle files, checked together.")],
    fmt: Annotated[str, typer.Option("--format", help="text or tsv.")] = "text",
) -> None:
    """Run the QC checks in queries/qc/ on FILES (no reasoning); exit 1 on any ERROR."""
    try:
        violations = run_checks(read_files(files), load_checks())
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
            out.print(f"  [{colour}]{r.severity}[/]{escape(where + value)}: {escape(r.message)}",
                      highlight=False, soft_wrap=True)
            if r.fix:
                out.print(f"    fix: {escape(r.fix)}  [dim]({r.shape})[/]", highlight=False,
                          soft_wrap=True)
    violations = sum(r.severity == "Violation" for r in report.results)
    out.print(f"{violations} violation(s), {len(report.results) - violations} other result(s) "
              f"on {len(report.by_focus())} node(s)")


FORMATS = ("table", "csv", "tsv", "json")
ENGINES = ("oxigraph", "rdflib")


def _run(question: CompetencyQuestion, params: dict[str, str], engine: str,
         store: Path | None, remote: RemoteOptions | None,
         timeout: float | None = None) -> Results:
    """timeout: the embedded engines run in a worker process that is killed at the limit."""
    values = bindings(question, params)
    if remote is not None:
        client = Client.create(timeout=remote.timeout, retries=remote.retries)
        endpoint = resolve_endpoint(client, remote.url, remote.server, remote.user,
                                    remote.password)
        graphs = remote.graphs or [str(g) for g in LAYER_GRAPHS.values()]
        return select(client, endpoint, with_values(question.text, values), graphs)
    if engine == "rdflib":
        graph = knowledge_graph()
        work = lambda: run_rdflib(graph, question, values)  # noqa: E731
    elif store is not None:
        ensure_store(store)  # built here, opened in the worker (RocksDB and fork do not mix)
        work = lambda: run_oxigraph(read_store(store), question, values,  # noqa: E731
                                    DEFAULT_DATASET)
    else:
        oxigraph = memory_store()
        work = lambda: run_oxigraph(oxigraph, question, values, DEFAULT_DATASET)  # noqa: E731
    return work() if timeout is None else run_with_timeout(work, timeout, question.name)


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r} is not NAME=VALUE",
                             "e.g. --param condition=napo:Neuralgia")
        if not value.strip():  # an empty label would "resolve" to a guess
            raise QueryError(f"--param {pair!r} has no value",
                             "e.g. --param condition=napo:Neuralgia")
        params[name.strip()] = value.strip()
    return params


@app.command()
def queries() -> None:
    """List the competency questions with their titles and parameters."""
    table = Table(title="competency questions (napo query NAME)", title_justify="left")
    for column in ("name", "title", "parameters (defaults)"):
        table.add_column(column, overflow="fold")
    try:
        for q in list_questions():
            table.add_row(q.name, q.title, ", ".join(f"{k}={v}" for k, v in q.params.items()))
    except NapoError as error:
        _fail(error)
    out.print(table)


@app.command()
def query(
    name: Annotated[str, typer.Argument(help="A competency question name or a .rq file.")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", help="NAME=VALUE: a CURIE, <IRI>, \"literal\" or class label.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, tsv or json.")] = "table",
    engine: Annotated[str, typer.Option(help="oxigraph (default) or rdflib.")] = "oxigraph",
    store: Annotated[Path | None, typer.Option(
        help="Keep the embedded store in this directory (built once, rebuilt when the "
             "ontology or data/ change) instead of in memory.")] = None,
    endpoint: EndpointOption = None,
    graph: Annotated[list[str] | None, typer.Option(
        "--graph", help="With --endpoint: the graph(s) to query as the default graph "
                        "(default: the five NAPO layer graphs that `napo load` writes).")] = None,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 60.0,
) -> None:
    """Run a competency question on pyoxigraph (default), rdflib or a remote SPARQL endpoint."""
    try:
        if fmt not in FORMATS:
            raise QueryError(f"unknown format {fmt!r}", "use " + ", ".join(FORMATS))
        if engine not in ENGINES:
            raise QueryError(f"unknown engine {engine!r}", "use " + ", ".join(ENGINES))
        if endpoint and (store or engine != "oxigraph"):
            raise QueryError("--endpoint cannot be combined with --store or --engine",
                             "the remote server is the engine")
        question = find_question(name)
        params = _parse_params(param or [])
        for key, value in params.items():  # a plain name (a label) is looked up as a class
            if not value.startswith(("<", '"')) and ":" not in value:
                params[key] = compact(str(resolve(knowledge_graph(), value, None)))
        remote = RemoteOptions(endpoint, server, user, password, timeout,
                               graphs=graph or []) if endpoint else None
        results = _run(question, params, engine, store, remote, timeout)
    except NapoError as error:
        _fail(error)
    if fmt == "json":
        sys.stdout.write(to_json(results) + "\n")
    elif fmt in ("csv", "tsv"):
        sys.stdout.write(to_delimited(results, "," if fmt == "csv" else "\t"))
    else:
        out.print(to_table(results, f"{question.title} ({len(results.rows)} rows)"))


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
        _fail(error)
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
        results = _run(question, {}, "oxigraph", None, None)
    except NapoError as error:
        _fail(error)
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
        _fail(error)
    out.print(f"file {span.file}\nsha256 {span.sha256}\nstart {span.start}\nend {span.end}",
              highlight=False)


def _mapping_table(rows: list[Mapping], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("NAPO class", "label", "predicate", "code", "official label", "where"):
        table.add_column(column)
    for m in rows:
        table.add_row(m.subject_id, m.subject_label, m.predicate_id, m.object_id,
                      m.object_label or "(licensed: no description)",
                      f"{m.location.path.name}:{m.location.line}")
    return table


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(help="A code (mesh:D013126, icd10cm:G50.0, HP:0100661, "
                                              "an IRI) or, with --in, a NAPO term or label.")],
    vocabulary: Annotated[str | None, typer.Option("--in", help="Look up QUERY as a label and "
                                                   "list codes in this vocabulary (e.g. mesh).")
                          ] = None,
) -> None:
    """Find the NAPO class for an external code, or a term's codes in one vocabulary."""
    try:
        mapping_sets = read_all()
        if vocabulary:
            rows = by_label(mapping_sets, knowledge_graph(), query, vocabulary)
        else:
            rows = by_code(mapping_sets, query)
    except NapoError as error:
        _fail(error)
    if not rows:
        where = f"in {vocabulary}" if vocabulary else "for that code"
        err.print(f"no NAPO mapping {where}: {escape(query)}", highlight=False)
        raise typer.Exit(1)
    out.print(_mapping_table(rows, f"napo lookup {query}" + (f" --in {vocabulary}"
                                                            if vocabulary else "")))


@app.command()
def mappings(
    verify_codes: Annotated[bool, typer.Option("--verify/--no-verify", help="Also check every "
                                               "code against its official release.")] = True,
) -> None:
    """Check data/mappings/*.sssom.tsv and count mappings per vocabulary and predicate."""
    from napo.verification import verify  # needs the verification extra; imported on use

    try:
        mapping_sets = read_all()
        ontology = reasoned_ontology()
        problems = [p for s in mapping_sets for p in structural_problems(s, ontology)]
        if verify_codes:
            problems += verify(mapping_sets)
    except NapoError as error:
        _fail(error)
    counts = Table(title="mappings per vocabulary and predicate", title_justify="left")
    predicates = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")
    counts.add_column("vocabulary")
    for predicate in predicates:
        counts.add_column(predicate, justify="right")
    counts.add_column("total", justify="right")
    for s in mapping_sets:
        per = [sum(1 for m in s.mappings if m.predicate_id == f"skos:{p}") for p in predicates]
        counts.add_row(s.vocabulary, *map(str, per), str(len(s.mappings)))
    out.print(counts)
    if problems:
        for where, what in problems:
            err.print(escape(f"{where}: {what}"), highlight=False)
        err.print(f"{len(problems)} mapping problem(s)")
        raise typer.Exit(1)
    checked = "checked against official releases" if verify_codes else "structure checked"
    out.print(f"{sum(len(s.mappings) for s in mapping_sets)} mappings, {checked}: no problems")


@app.command()
def pcs(
    procedure: Annotated[str, typer.Argument(help="A NAPO procedure (label, synonym or CURIE), "
                                                  "or a 7-character ICD-10-PCS code to explain.")],
    level: Annotated[str | None, typer.Option(help="Spinal level, e.g. C2, T4, L4, S1.")] = None,
    approach: Annotated[str | None, typer.Option(help="open, percutaneous or "
                                                 "percutaneous-endoscopic.")] = None,
    site: Annotated[str | None, typer.Option(help="Target site (NAPO anatomy label or CURIE), "
                                             "when the procedure does not fix one.")] = None,
    method: Annotated[str | None, typer.Option(help="division, destruction or release, when "
                                               "the technique does not fix it.")] = None,
) -> None:
    """Derive a procedure's ICD-10-PCS code from NAPO's axes, with every character explained."""
    from napo.pcs import PcsCoder, describe, explain_code, looks_like_code

    try:
        graph = knowledge_graph()
        coder = PcsCoder(graph)
        if looks_like_code(procedure):
            result = explain_code(coder.release, procedure)
        else:
            target = resolve(graph, procedure)
            where = resolve(graph, site, within=NAPO.AnatomicalStructure) if site else None
            result = coder.code(target, level=level, approach=approach, site=where,
                                method=method)
    except NapoError as error:
        _fail(error)
    table = Table(title=f"{result.code}  {result.title}", title_justify="left")
    for column in ("character", "value", "official meaning", "why"):
        table.add_column(column)
    for position, value, meaning, why in describe(result):
        table.add_row(position, value, meaning, why)
    out.print(table)


@app.command()
def version() -> None:
    """Print the NAPO tooling version."""
    out.print(__version__)


# Registers `napo load` and `napo serve` on app (kept in their own module; imported last
# because it uses app and _fail from this one).
from napo import cli_store  # noqa: E402, F401
