"""`napo lookup`, `mappings` and `pcs`: external vocabularies."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from napo.cli.app import app, err, fail, out
from napo.core.errors import NapoError
from napo.core.namespaces import NAPO
from napo.knowledge.graph import knowledge_graph, reasoned_ontology
from napo.knowledge.names import resolve
from napo.vocabularies.lookup import by_code, by_label
from napo.vocabularies.mappings import Mapping, read_all, structural_problems


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
        fail(error)
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
    from napo.vocabularies.verification import (
        verify,  # needs the verification extra; imported on use
    )

    try:
        mapping_sets = read_all()
        ontology = reasoned_ontology()
        problems = [p for s in mapping_sets for p in structural_problems(s, ontology)]
        if verify_codes:
            problems += verify(mapping_sets)
    except NapoError as error:
        fail(error)
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
    from napo.vocabularies.pcs import PcsCoder, describe, explain_code, looks_like_code

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
        fail(error)
    table = Table(title=f"{result.code}  {result.title}", title_justify="left")
    for column in ("character", "value", "official meaning", "why"):
        table.add_column(column)
    for position, value, meaning, why in describe(result):
        table.add_row(position, value, meaning, why)
    out.print(table)
