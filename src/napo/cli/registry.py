"""`napo ingest`, `napo synth` and `napo outcomes`: the procedure registry (docs/registry.md)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from napo.cli.options import (
    EndpointOption,
    FormatOption,
    PasswordOption,
    RetriesOption,
    ServerOption,
    TimeoutOption,
    UserOption,
)
from napo.cli.root import app, err, escape, fail, out
from napo.core.errors import NapoError, UsageError

if TYPE_CHECKING:
    from napo.queries.query import CompetencyQuestion, Results

SHOWN = 50  # problems printed before "... and N more"


@app.command()
def ingest(
    source: Annotated[str, typer.Argument(metavar="FILE.csv|-", help="The registry CSV, or - "
                                          "for standard input.")],
    output: Annotated[Path | None, typer.Option("--out", metavar="FILE.nt|FILE.ttl",
                                                help="Write the records here.")] = None,
    store: Annotated[Path | None, typer.Option("--store", metavar="DIR", help="Load the "
                     "records into this NAPO store as its registry graph.")] = None,
    skip_invalid: Annotated[bool, typer.Option("--skip-invalid", help="Write the good rows "
                            "and a rejects CSV instead of nothing.")] = False,
    rejects: Annotated[Path | None, typer.Option("--rejects", metavar="FILE.csv",
                       help="Where --skip-invalid writes the rejected rows.")] = None,
    dataset: Annotated[str | None, typer.Option("--dataset", metavar="NAME",
                       help="The dataset's name (default: the file's stem).")] = None,
) -> None:
    """Validate a registry CSV and write it as RDF: all rows or nothing.

    Exit 0 written (or, with no --out/--store, valid); 1 rows break the record rules (each
    listed with line, column, value and rule; nothing written); 2 the file cannot be used.
    """
    from napo.registry.ingest import RowsRejected
    from napo.registry.ingest import ingest as run

    try:
        with _progress(source) as progress:
            outcome = run(source, out=output, store=store, skip_invalid=skip_invalid,
                          rejects=rejects, dataset=dataset, progress=progress)
    except RowsRejected as error:
        _print_problems(error.problems, source)
        fail(error)
    except NapoError as error:
        fail(error)
    if outcome.problems:
        _print_problems(outcome.problems, source)
    where = [str(p) for p in (outcome.output, outcome.store) if p is not None]
    err.print(f"{outcome.written} of {outcome.rows} record(s) valid, {outcome.triples} "
              f"triples" + (f", written to {', '.join(where)}" if where else
                            " (nothing written: give --out or --store)")
              + (f"; {outcome.rejected_rows} rejected row(s) in {outcome.rejects}"
                 if outcome.rejects else ""), highlight=False)


def _print_problems(problems, source: str) -> None:
    name = "<stdin>" if source == "-" else source
    for p in problems[:SHOWN]:
        column = f" {p.column}" if p.column else ""
        err.print(escape(f"{name}:{p.row}:{column} {p.value!r}: {p.message} [{p.rule}]"),
                  highlight=False, soft_wrap=True)
    if len(problems) > SHOWN:
        err.print(f"... and {len(problems) - SHOWN} more problem(s)", highlight=False)


def _progress(source: str):
    """A progress bar on stderr for a terminal (none when piped or captured)."""
    from contextlib import contextmanager

    @contextmanager
    def bar():
        if not sys.stderr.isatty():
            yield None
            return
        from rich.progress import Progress

        size = Path(source).stat().st_size if source != "-" and Path(source).is_file() else 0
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("ingest", total=size or None)
            yield lambda done, rows: progress.update(
                task, completed=done if size else rows, description=f"ingest: {rows} rows")
    return bar()


@app.command()
def synth(
    records: Annotated[int, typer.Option("--records", metavar="N",
                                         help="How many records.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", metavar="S", help="Random seed.")] = 1,
    error_rate: Annotated[float, typer.Option("--error-rate", metavar="R", help="Share of "
                          "rows that carry one known error (0-1).")] = 0.0,
    output: Annotated[Path | None, typer.Option("--out", metavar="FILE.csv",
                                                help="Write here instead of stdout.")] = None,
) -> None:
    """Write a SYNTHETIC registry (never real outcomes) in the ingest CSV layout.

    Drawn from NAPO's curated layer; the same seed gives the same file.
    """
    import csv

    from napo.registry.model import COLUMNS
    from napo.registry.synth import Generator
    from napo.registry.vocab import vocabulary

    try:
        if records < 1 or not 0 <= error_rate <= 1:
            raise UsageError("--records must be at least 1 and --error-rate from 0 to 1")
        generator = Generator(vocabulary(), seed, error_rate)
        handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    except (NapoError, OSError) as error:
        fail(error if isinstance(error, NapoError) else UsageError(f"--out: {error}"))
    try:
        writer = csv.DictWriter(handle, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in generator.rows(records):
            writer.writerow(row)
    except BrokenPipeError:
        sys.stderr.close()  # the reader stopped early (| head): not an error
    finally:
        if output:
            handle.close()


@app.command()
def outcomes(
    question: Annotated[str | None, typer.Argument(metavar="[QUESTION]", help="An outcome "
                        "question (queries/registry/); none lists them.")] = None,
    records: Annotated[list[Path] | None, typer.Option("--records", metavar="FILE",
                       help="Records napo ingest wrote (.nt or .ttl); repeatable.")] = None,
    store: Annotated[Path | None, typer.Option("--store", metavar="DIR", help="Read the "
                     "registry graph of this store instead.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", metavar="NAME=VALUE",
                     help="A question parameter.")] = None,
    engine: Annotated[str, typer.Option("--engine", metavar="oxigraph|rdflib")] = "oxigraph",
    fmt: FormatOption = "table",
    endpoint: EndpointOption = None,
    server: ServerOption = "auto",
    user: UserOption = None,
    password: PasswordOption = None,
    timeout: TimeoutOption = 300.0,
    retries: RetriesOption = 3,
) -> None:
    """Compare outcomes across techniques: scores, responders, relief, repeats, complications.

    With --endpoint, the question runs on a SPARQL server that `napo load` and `napo load
    --records` filled (its layer graphs and registry graph as the default graph)."""
    from napo.queries.results import check_format, emit_results
    from napo.registry import outcomes as library

    try:
        check_format(fmt)
        if question is None:
            for q in library.list_questions():
                out.print(f"{q.name}: {escape(q.title)}", highlight=False)
            return
        if engine not in ("oxigraph", "rdflib"):
            raise UsageError(f"unknown engine {engine!r}", "use --engine oxigraph|rdflib")
        if endpoint and engine != "oxigraph":
            raise UsageError("--engine chooses an embedded engine: the server at --endpoint "
                             "answers with its own", "leave out --engine")
        if endpoint and (records or store is not None):
            raise UsageError("--endpoint reads the server's records: --records and --store "
                             "mean nothing with it", "give one of --records, --store, "
                             "--endpoint")
        if not records and store is None and not endpoint:
            raise UsageError("no records given", "pass --records FILE (from napo ingest --out), "
                             "--store DIR (from napo ingest --store) or --endpoint URL (after "
                             "napo load --records)")
        chosen = library.find(question)
        given = dict(_split(p) for p in param or [])
        if endpoint:
            results = _remote(chosen, given, endpoint, server, user, password, timeout,
                              retries)
        else:
            results = library.run(library.dataset(records or [], store), chosen, given,
                                  engine)
    except NapoError as error:
        fail(error)
    emit_results(results, f"{chosen.title} ({len(results.rows)} rows; synthetic records are "
                 "not real outcomes)", fmt)


def _remote(question: CompetencyQuestion, given: dict[str, str], endpoint: str, server: str,
            user: str | None, password: str | None, timeout: float,
            retries: int) -> Results:
    """The question's results from the server at endpoint (every argument checked first)."""
    from napo.queries.query import bindings
    from napo.registry.outcomes import run_remote
    from napo.stores.remote import Client
    from napo.stores.server_kinds import resolve
    from napo.stores.terms import endpoint_url

    endpoint_url(endpoint)
    bindings(question, given)  # a bad --param is refused before any request
    client = Client.create(timeout=timeout, retries=retries)
    return run_remote(client, resolve(client, endpoint, server, user, password), question,
                      given)


def _split(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise UsageError(f"--param {text!r} is not NAME=VALUE")
    return name.strip(), value.strip()
