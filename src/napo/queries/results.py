"""Writing listings: a terminal table, CSV/TSV, JSON or a Markdown table, for every listing command.

A `Listing` is what a command found, as text; `emit` writes it in the chosen `--format`. Query
results keep their own JSON (the W3C SPARQL 1.1 Query Results format) and full IRIs in CSV/TSV.
This module imports no RDF library, so the command modules can import it while staying fast.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from napo.core.errors import UsageError
from napo.queries.table import render

if TYPE_CHECKING:
    from napo.queries.query import Results, Term

FORMATS = ("table", "csv", "tsv", "json", "markdown")


@dataclass(frozen=True)
class Listing:
    """A titled table of text: columns, rows, and which columns hold identifiers."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    ids: frozenset[str] = field(default_factory=frozenset)  # CURIEs, IRIs, file:line, codes
    numbers: frozenset[str] = field(default_factory=frozenset)  # right-aligned in a table


def check_format(fmt: str, allowed: Sequence[str] = FORMATS) -> None:
    """Refuse an unknown --format before any work is done (exit 2, the choices listed)."""
    if fmt not in allowed:
        raise UsageError(f"unknown format {fmt!r}", "use --format " + "|".join(allowed))


def to_text(listing: Listing, width: int, row_rules: bool = False) -> str:
    """A terminal table in which nothing is ever cut (napo.queries.table): text wraps,
    identifier columns get their full width when the terminal has room, else they fold."""
    return render(listing.title, listing.columns, listing.rows, listing.ids, listing.numbers,
                  width, row_rules)


def terminal_width() -> int:
    """$COLUMNS, else the terminal's width, else 80 (output to a file or a pipe)."""
    return shutil.get_terminal_size().columns


def to_delimited(listing: Listing, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(listing.columns)
    writer.writerows(listing.rows)
    return buffer.getvalue()


def to_markdown(listing: Listing) -> str:
    """A GitHub-flavoured Markdown table (| and line breaks inside cells escaped)."""
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")
    lines = [f"| {' | '.join(cell(c) for c in listing.columns)} |",
             "|" + "|".join("---:" if c in listing.numbers else "---"
                            for c in listing.columns) + "|"]
    lines += [f"| {' | '.join(cell(str(v)) for v in row)} |" for row in listing.rows]
    return (f"**{listing.title}**\n\n" if listing.title else "") + "\n".join(lines) + "\n"


def to_records(listing: Listing) -> str:
    """JSON: a list of objects, one per row, keyed by column name."""
    return json.dumps([dict(zip(listing.columns, row, strict=True)) for row in listing.rows],
                      indent=2, ensure_ascii=False)


def emit(listing: Listing, fmt: str, json_text: str | None = None,
         delimited: Listing | None = None, row_rules: bool = False) -> None:
    """Write listing in fmt on stdout: a table for people, or text for programs.

    json_text replaces the default JSON (query results use the SPARQL results format);
    delimited is what CSV/TSV write instead (full IRIs rather than CURIEs)."""
    if fmt == "table":
        sys.stdout.write(to_text(listing, terminal_width(), row_rules))
    elif fmt in ("csv", "tsv"):
        sys.stdout.write(to_delimited(delimited or listing, "," if fmt == "csv" else "\t"))
    elif fmt == "json":
        sys.stdout.write((json_text if json_text is not None else to_records(listing)) + "\n")
    else:
        sys.stdout.write(to_markdown(listing))


def results_listing(results: Results, title: str, full_iris: bool = False) -> Listing:
    """Query results as a Listing: IRIs as CURIEs (or whole), literals as their text; a column
    whose values are all IRIs is an identifier column."""
    from napo.queries.query import display

    def text(term: Term | None) -> str:
        if term is None:
            return ""
        return term[1] if full_iris else display(term)
    ids = frozenset(v for i, v in enumerate(results.variables)
                    if any(r[i] for r in results.rows)
                    and all(r[i] is None or r[i][0] == "iri" for r in results.rows))
    return Listing(title, results.variables, [[text(t) for t in row] for row in results.rows],
                   ids)


def _json_term(term: Term) -> dict[str, str]:
    kind, value, extra = term
    if kind == "iri":
        return {"type": "uri", "value": value}
    if kind == "bnode":
        return {"type": "bnode", "value": value}
    if extra.startswith("@"):
        return {"type": "literal", "value": value, "xml:lang": extra[1:]}
    return {"type": "literal", "value": value, "datatype": extra}


def to_json(results: Results) -> str:
    """W3C SPARQL 1.1 Query Results JSON Format."""
    bindings = [{v: _json_term(t) for v, t in zip(results.variables, row, strict=True) if t}
                for row in results.rows]
    return json.dumps({"head": {"vars": results.variables},
                       "results": {"bindings": bindings}}, indent=2)


def emit_results(results: Results, title: str, fmt: str) -> None:
    """Query results in fmt: SPARQL JSON for json, full IRIs in CSV/TSV, CURIEs elsewhere."""
    emit(results_listing(results, title), fmt, json_text=to_json(results)
         if fmt == "json" else None, delimited=results_listing(results, title, full_iris=True))
