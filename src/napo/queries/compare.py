"""`napo compare`: N procedures side by side, one row per (association kind, object).

Two questions answer it, both plain SPARQL on the built store: `compare_procedures` says which
chosen procedures hold each row through the class hierarchy (glycerol counts as a chemical
agent, anaesthesia dolorosa as a sensory complication) and whether all, some or one hold it;
`queries/compare.rq` gives the statements themselves with their qualifiers and sources. This
module only joins the two and writes each cell, so the CLI and the tests see the same rows as
anyone who runs the questions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from napo.core.prefixes import PREFIXES
from napo.core.resources import project_root
from napo.queries.query import find_question, load_question, run_oxigraph

_NAPO = PREFIXES["napo"]
LAYERS = {name: ox.NamedNode(f"{_NAPO}{local}") for name, local in
          (("claims", "ClaimsLayer"), ("curated", "CuratedLayer"), ("all", "AllLayers"))}
_SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


@dataclass
class Statement:
    """One statement about one procedure, with every source it rests on."""

    object: str
    affirmed: bool
    frequency: str = ""
    months: tuple[str, str] | None = None
    evidence: str = ""
    claimed: bool = False  # a source claim, not a curated assertion
    sources: set[str] = field(default_factory=set)

    def text(self, answer: str) -> str:
        """yes or no, then what qualifies it: "yes (rare; case series)", "no (claimed: s002)"."""
        qualifiers = [self.frequency] if self.frequency else []
        if self.months:
            qualifiers.append(f"{self.months[0]}-{self.months[1]} months")
        if self.evidence:
            qualifiers.append(self.evidence)
        if self.claimed:
            qualifiers.append("claimed: " + ", ".join(sorted(self.sources)))
        return f"{answer} ({'; '.join(qualifiers)})" if qualifiers else answer


@dataclass
class Row:
    kind: str
    object: str
    label: str
    sharing: str
    cells: list[str]


def compare(store: ox.Store, procedures: Sequence[str], layer: str, dataset: object,
            labels: dict[str, str]) -> list[Row]:
    """The comparison rows: every (kind, object) a chosen procedure holds, then the negations.

    labels has the procedures' labels; the objects' are added from the answers."""
    statements = _statements(store, procedures, layer, dataset, labels)
    shared = find_question("compare_procedures")
    values = {"procedures": [ox.NamedNode(p) for p in procedures], "layer": LAYERS[layer],
              "kind": ox.NamedNode(f"{_NAPO}Association")}
    answer = run_oxigraph(store, shared, values, dataset)
    column = {name: index for index, name in enumerate(answer.variables)}
    broader = _broader(store, dataset)
    rows: list[Row] = []
    seen: set[tuple[str, str]] = set()
    for result in answer.rows:
        kind, obj = result[column["kindLabel"]][1], result[column["object"]][1]
        holders = set(result[column["heldBy"]][1].split(", "))
        seen.add((kind, obj))
        labels[obj] = result[column["objectLabel"]][1]
        cells = []
        for procedure in procedures:
            own = statements[str(procedure)].get((kind, obj), [])
            if own:
                cells.append("\n".join(s.text("yes") for s in own))
            elif labels[str(procedure)] in holders:
                narrower = sorted({labels.get(s.object, s.object)
                                   for (k, o), found in statements[str(procedure)].items()
                                   for s in found
                                   if k == kind and s.affirmed and obj in broader.get(o, ())})
                cells.append("yes, as " + ", ".join(narrower))
            else:
                cells.append("-")
        holding = result[column["holders"]][1]
        sharing = "all" if holding == str(len(procedures)) else f"{holding} of {len(procedures)}"
        rows.append(Row(kind, obj, labels.get(obj, obj), sharing, cells))
    rows += _negations(statements, procedures, seen, labels)
    return rows


def _statements(store: ox.Store, procedures: Sequence[str], layer: str, dataset: object,
                labels: dict[str, str]) -> dict[str, dict[tuple[str, str], list[Statement]]]:
    question = load_question(project_root() / "queries" / "compare.rq")
    values = {"procedures": [ox.NamedNode(p) for p in procedures], "layer": LAYERS[layer]}
    answer = run_oxigraph(store, question, values, dataset)
    found: dict[str, dict[tuple[str, str], dict[tuple, Statement]]] = defaultdict(
        lambda: defaultdict(dict))
    for result in answer.rows:
        row = {name: (term[1] if term else "") for name, term in zip(answer.variables, result,
                                                                      strict=True)}
        months = ((_number(row["minMonths"]), _number(row["maxMonths"]))
                  if row["minMonths"] else None)
        affirmed = row["polarity"] == f"{_NAPO}Affirmed"
        key = (affirmed, row["frequency"], months, row["evidence"], row["layerName"])
        statement = found[row["procedures"]][row["kindLabel"], row["object"]].setdefault(
            key, Statement(row["object"], affirmed, row["frequency"], months, row["evidence"],
                           row["layerName"] == "claims"))
        statement.sources.add(row["origin"].rsplit("/", 1)[-1])
        labels[row["object"]] = row["objectLabel"]
    return {p: {pair: list(by_key.values()) for pair, by_key in pairs.items()}
            for p, pairs in found.items()} | {str(p): {} for p in procedures
                                                if str(p) not in found}


def _negations(statements: dict[str, dict[tuple[str, str], list[Statement]]],
               procedures: Sequence[str], seen: set[tuple[str, str]],
               labels: dict[str, str]) -> list[Row]:
    """Rows that only say what is false (no chosen procedure holds them)."""
    pairs = sorted({pair for p in procedures for pair, found in statements[str(p)].items()
                    if pair not in seen and not any(s.affirmed for s in found)})
    return [Row(kind, obj, labels.get(obj, obj), "negated",
                ["\n".join(s.text("no") for s in statements[str(p)].get((kind, obj), [])) or "-"
                 for p in procedures]) for kind, obj in pairs]


def _broader(store: ox.Store, dataset: object) -> dict[str, set[str]]:
    """Every class's superclasses, from the materialised closure in the inferred layer."""
    closure: dict[str, set[str]] = defaultdict(set)
    for quad in store.quads_for_pattern(None, _SUBCLASS, None, None):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            closure[quad.subject.value].add(quad.object.value)
    return closure


def _number(text: str) -> str:
    """3.0 and 3 alike, as people write them."""
    return format(Decimal(text).normalize(), "f")
