"""Answers in a form that two SPARQL engines can be compared in.

The engine-agreement tests (rdflib, pyoxigraph, the Oxigraph server, Virtuoso) and the store
benchmark compare every competency question's rows through comparable(): what SPARQL leaves
open (row order under ties, GROUP_CONCAT order) and how an engine happens to write a value
(3 or 3.0, true or 1) must not count as disagreement; anything else must.
"""

from __future__ import annotations

from decimal import Decimal

from napo.queries.query import Results, Term

_NUMERIC = {f"http://www.w3.org/2001/XMLSchema#{name}" for name in ("decimal", "double", "float")}
_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def comparable(results: Results) -> list[tuple[Term, ...]]:
    """Rows in a canonical form for comparing engines: sorted rows (ties in ORDER BY may come in
    any order) and GROUP_CONCAT parts as sorted sets (SPARQL leaves their order open)."""
    def cell(term: Term | None) -> Term:
        if term is None:
            return ("", "", "")
        if term[0] == "literal" and term[2] in _NUMERIC:  # engines print 3 or 3.0 for one value
            return (term[0], str(Decimal(term[1]).normalize()), term[2])
        if term[0] == "literal" and term[2] == _BOOLEAN:  # and Virtuoso true as 1
            return (term[0], "true" if term[1] in ("1", "true") else "false", term[2])
        return (term[0], ", ".join(sorted(term[1].split(", "))), term[2])
    return sorted(tuple(cell(t) for t in row) for row in results.rows)
