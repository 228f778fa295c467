"""The registry shapes' SPARQL constraints as Python checks, one per constraint IRI.

pyshacl runs each sh:select once per focus node (seconds per ten records); these are the same
rules on one record's nodes, for the fast validator (napo.registry.shapes). A constraint with no
entry here makes compiling the shapes fail, so the two cannot drift apart silently;
tests/registry/test_agreement.py checks they report the same results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from napo.registry.model import (
    FOLLOW_UP_SUMMARY,
    NAPO,
    XSD_DATE,
    Iri,
    Lit,
    Node,
    Term,
    extremes,
)
from napo.registry.vocab import Vocabulary

Check = Callable[[Node, list[Term], dict[str, Node]], Iterable[Term | None]]
OBSERVATION_OF, PERFORMED_ON, TECHNIQUE = (NAPO + "observationOf", NAPO + "performedOn",
                                           NAPO + "technique")
FOLLOW_UP_POINT, FOLLOW_UP = NAPO + "followUpPoint", NAPO + "FollowUpPainScore"


def date_of(term: Term | None) -> dt.date | None:
    return term.value if isinstance(term, Lit) and term.datatype == XSD_DATE \
        and isinstance(term.value, dt.date) else None


def sparql_checks(vocab: Vocabulary, today: dt.date) -> dict[str, Check]:
    """Constraint local name (shape:NAME) -> its check."""

    def future(_n: Node, vs: list[Term], _r: dict[str, Node]) -> list[Term]:
        return [v for v in vs if (d := date_of(v)) is not None and d > today]

    def after(n: Node, vs: list[Term], r: dict[str, Node]) -> list[Term]:
        done = [d for rec in n.values.get(OBSERVATION_OF, []) if rec in r
                for t in r[rec].values.get(PERFORMED_ON, []) if (d := date_of(t))]
        return [v for v in vs for d in done if (a := date_of(v)) is not None and a <= d]

    def allowed(kind: str) -> Check:
        return lambda n, vs, _r: [v for v in vs for t in n.values.get(TECHNIQUE, [])
                                  if not (isinstance(v, Iri) and isinstance(t, Iri)
                                          and vocab.allowed(kind, t, v))]

    return {"not-in-future": future, "after-procedure": after,
            "site-allowed": allowed("TargetAssociation"),
            "modality-allowed-check": allowed("ModalityAssociation"),
            "summary-agrees": summary_disagreements(vocab),
            "follow-up-summary-agrees": follow_up_disagreements}


def summary_disagreements(vocab: Vocabulary) -> Check:
    """shape:summary-agrees: values in the record's score summary or in its observations but
    not in both (vocab.summary: the summary properties the ontology declares)."""
    by_point: dict[str, list[tuple[str, str]]] = {}
    for summary, (point, observed) in sorted(vocab.summary.items()):
        by_point.setdefault(point, []).append((observed, summary))
    summaries = sorted(vocab.summary)

    def check(record: Node, _vs: list[Term], r: dict[str, Node]) -> list[Term]:
        observed: dict[str, list[Term]] = {}
        for node in r.values():
            if record.iri not in node.values.get(OBSERVATION_OF, ()):
                continue
            for point in node.values.get(FOLLOW_UP_POINT, ()):
                for source, summary in by_point.get(point, ()):
                    observed.setdefault(summary, []).extend(node.values.get(source, ()))
        bad: list[Term] = []
        for summary in summaries:  # one or two values each: lists beat sets here
            have, want = record.values.get(summary, []), observed.get(summary, [])
            if have != want:
                bad += [v for v in dict.fromkeys(want) if v not in have]
                bad += [v for v in dict.fromkeys(have) if v not in want]
        return bad

    return check


def follow_up_disagreements(record: Node, _vs: list[Term], r: dict[str, Node]) -> list[Term]:
    """shape:follow-up-summary-agrees: per follow-up aggregate (model.FOLLOW_UP_SUMMARY), the
    values on the record or of its follow-up observations (the lowest score, the latest date:
    model.extremes, what ingest writes) but not in both."""
    follow_ups = [n.values for n in r.values() if FOLLOW_UP in n.types
                  and record.iri in n.values.get(OBSERVATION_OF, ())]
    bad: list[Term] = []
    for summary, (observed, datatype, aggregate) in FOLLOW_UP_SUMMARY.items():
        want = extremes([t for v in follow_ups for t in v.get(observed, ())], datatype,
                        aggregate)
        have = record.values.get(summary, [])
        if have != want:
            bad += [v for v in dict.fromkeys(have) if v not in want]
            bad += [v for v in want if v not in have]
    return bad
