"""`napo lookup`, `mappings` and `pcs`: external vocabularies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from napo.cli.answers import names
from napo.cli.options import FormatOption
from napo.cli.root import EXIT_FAILED, app, err, escape, fail, out
from napo.core.errors import NapoError
from napo.queries.results import Listing, check_format, emit

# The mapping tables, rdflib and the official releases are imported inside the commands, when
# one runs: importing them here would make every `napo --help` pay for them.
if TYPE_CHECKING:
    from rdflib import Graph

    from napo.vocabularies.mappings import Mapping, MappingSet

_MAPPING_IDS = frozenset({"NAPO class", "predicate", "code", "where"})


def _mapping_listing(rows: list[Mapping], title: str) -> Listing:
    return Listing(title, ("NAPO class", "label", "predicate", "code", "official label", "where"),
                   [(m.subject_id, m.subject_label, m.predicate_id, m.object_id,
                     m.object_label or "(licensed: no description)",
                     f"{m.location.path.name}:{m.location.line}") for m in rows], _MAPPING_IDS)


def _check_vocabulary(vocabulary: str) -> None:
    """An unknown --in is refused before any table is read, with the nearest prefixes."""
    from napo.core.names import did_you_mean
    from napo.core.prefixes import VOCABULARY_PREFIXES
    from napo.vocabularies.lookup import CodeLookupError

    if vocabulary not in VOCABULARY_PREFIXES:
        raise CodeLookupError(f"unknown vocabulary {vocabulary!r}",
                              did_you_mean(vocabulary, VOCABULARY_PREFIXES,
                                           "use one of: " + ", ".join(VOCABULARY_PREFIXES)))


@app.command()
def lookup(
    query: Annotated[str, typer.Argument(
        metavar="CODE|TEXT", help="A code (mesh:D013126, icd10cm:G50.0, HP:0100661, an IRI) "
                                  "or, with --in, a NAPO term or label.")],
    vocabulary: Annotated[str | None, typer.Option(
        "--in", metavar="VOCABULARY", help="Look up QUERY as a label and list codes in this "
                                           "vocabulary (e.g. mesh).")] = None,
    fmt: FormatOption = "table",
) -> None:
    """Find the NAPO class for an external code, or a term's codes in one vocabulary.

    Exit 1 when nothing maps, 2 for an unknown vocabulary or prefix.
    """
    from napo.vocabularies.lookup import by_code, by_label, normalise_code
    from napo.vocabularies.mappings import read_all

    try:
        check_format(fmt)
        if vocabulary:
            _check_vocabulary(vocabulary)
            rows = by_label(read_all(), names(), query, vocabulary)
        else:
            normalise_code(query)  # a malformed code is refused before the tables are read
            rows = by_code(read_all(), query)
    except NapoError as error:
        fail(error)
    if not rows:
        where = f"in {vocabulary}" if vocabulary else "for that code"
        err.print(f"no NAPO mapping {where}: {escape(query)}", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    emit(_mapping_listing(rows, f"napo lookup {query}" + (f" --in {vocabulary}"
                                                         if vocabulary else "")), fmt)


@app.command()
def mappings(
    verify_codes: Annotated[bool, typer.Option("--verify/--no-verify", help="Also check every "
                                               "code against its official release.")] = True,
    show_coverage: Annotated[bool, typer.Option(
        "--coverage", help="Per branch and vocabulary: classes mapped, checked to have no "
                           "counterpart (data/mappings/absent/), and not yet checked.")] = False,
    fmt: FormatOption = "table",
) -> None:
    """Check data/mappings/*.sssom.tsv and count mappings per vocabulary and predicate.

    Exit 1 when a mapping has a problem (each is printed as file:line: problem on stderr).
    """
    from napo.stores.cache import built
    from napo.vocabularies.coverage import absence_problems
    from napo.vocabularies.mappings import read_all, structural_problems
    from napo.vocabularies.verification import verify  # needs the verification extra

    try:
        check_format(fmt)
        mapping_sets = read_all(schema=True)  # the sssom package checks the SSSOM schema
        ontology = built().graph  # the built store: subjects and labels, no HermiT
        problems = [p for s in mapping_sets for p in structural_problems(s, ontology)]
        problems += [p for s in mapping_sets
                     for p in absence_problems(s.vocabulary, mapping_sets, ontology)]
        if verify_codes:
            problems += verify(mapping_sets)
    except NapoError as error:
        fail(error)
    if show_coverage:
        _print_coverage(mapping_sets, ontology, fmt)
    predicates = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch")
    rows = []
    for s in mapping_sets:
        per = [sum(1 for m in s.mappings if m.predicate_id == f"skos:{p}") for p in predicates]
        rows.append((s.vocabulary, *map(str, per), str(len(s.mappings))))
    if not show_coverage:
        emit(Listing("mappings per vocabulary and predicate", ("vocabulary", *predicates,
                                                               "total"),
                     rows, frozenset({"vocabulary"}), frozenset({*predicates, "total"})), fmt)
    if problems:
        for where, what in problems:
            err.print(escape(f"{where}: {what}"), highlight=False, soft_wrap=True)
        err.print(f"{len(problems)} mapping problem(s)")
        raise typer.Exit(EXIT_FAILED)
    if fmt == "table" and not show_coverage:
        checked = "checked against official releases" if verify_codes else "structure checked"
        out.print(f"{sum(len(s.mappings) for s in mapping_sets)} mappings, {checked}: "
                  "no problems")


def _print_coverage(mapping_sets: list[MappingSet], ontology: Graph, fmt: str) -> None:
    from napo.vocabularies.coverage import coverage

    entries = coverage(mapping_sets, ontology)
    rows = [(e.branch, e.vocabulary, str(len(e.mapped)), str(len(e.absent)),
             str(len(e.unchecked))) for e in entries]
    counts = ("mapped", "no counterpart", "not yet checked")
    emit(Listing("classes per branch and vocabulary", ("branch", "vocabulary", *counts), rows,
                 frozenset({"vocabulary"}), frozenset(counts)), fmt)
    if fmt == "table":
        for e in entries:
            if e.unchecked:
                out.print(escape(f"not yet checked in {e.vocabulary} ({e.branch}): "
                                 + ", ".join(e.unchecked)), highlight=False, soft_wrap=True)


@app.command()
def pcs(
    procedure: Annotated[str, typer.Argument(
        metavar="PROCEDURE|CODE", help="A NAPO procedure (label, synonym or CURIE), or a "
                                       "7-character ICD-10-PCS code to explain.")],
    level: Annotated[str | None, typer.Option(
        metavar="LEVEL", help="Spinal level, e.g. C2, T4, L4, S1.")] = None,
    approach: Annotated[str | None, typer.Option(
        metavar="open|percutaneous|percutaneous-endoscopic", help="How the site is reached, "
        "when the procedure does not fix it.")] = None,
    site: Annotated[str | None, typer.Option(
        metavar="SITE", help="Target site (NAPO anatomy label or CURIE), when the procedure "
                             "does not fix one.")] = None,
    method: Annotated[str | None, typer.Option(
        metavar="division|destruction|release", help="The root operation, when the technique "
                                                     "does not fix it.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """Derive a procedure's ICD-10-PCS code from NAPO's axes, with every character explained.

    Every option the procedure still needs is named at once, in one run (exit 2).

    A procedure with no Medical and Surgical code (an injection, radiosurgery) exits 1.
    """
    from napo.core.names import resolve
    from napo.vocabularies.icd10pcs import Icd10PcsRelease
    from napo.vocabularies.pcs_codes import describe, explain_code, looks_like_code

    try:
        check_format(fmt)
        if looks_like_code(procedure):  # the official tables alone explain a code
            result = explain_code(Icd10PcsRelease(), procedure)
        else:
            from rdflib import URIRef

            from napo.core.namespaces import NAPO
            from napo.stores.cache import built
            from napo.vocabularies.pcs import PcsCoder

            graph = built().graph  # the coder walks the ontology's axes with rdflib
            coder = PcsCoder(graph)
            target = URIRef(resolve(names(), procedure))
            where = URIRef(resolve(names(), site, within=str(NAPO.AnatomicalStructure))) \
                if site else None
            result = coder.code(target, level=level, approach=approach, site=where,
                                method=method)
    except NapoError as error:
        fail(error)
    emit(Listing(f"{result.code}  {result.title}", ("character", "value", "official meaning",
                                                     "why"), describe(result),
                 frozenset({"value"})), fmt)
