"""Writing query results: a terminal table, CSV/TSV, or W3C SPARQL 1.1 Query Results JSON."""

from __future__ import annotations

import csv
import io
import json

from rich.table import Table

from napo.queries.query import Results, Term, display


def to_table(results: Results, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for variable in results.variables:
        table.add_column(variable, overflow="fold")
    for row in results.rows:
        table.add_row(*(display(term) for term in row))
    return table


def to_delimited(results: Results, delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(results.variables)
    for row in results.rows:
        writer.writerow(["" if t is None else t[1] for t in row])
    return buffer.getvalue()


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
