"""The fast validator and pyshacl (the reference) report the same results on the same records:
clean synthetic records and one record per injected error class."""

from __future__ import annotations

from napo.registry.ingest import shapes_file
from napo.registry.model import RECORD
from napo.registry.rdf import comparable, reference_findings
from napo.registry.records import Seen, convert
from napo.registry.shapes import Validator
from napo.registry.synth import ERRORS


def test_fast_validator_agrees_with_pyshacl_on_every_error_class(vocab, broken_rows) -> None:
    validator = Validator(vocab, shapes_file())
    seen, nodes, fast = Seen.empty(), [], []
    for line, (row, kind) in enumerate(broken_rows, 2):
        if kind == "duplicate-id":  # one IRI for two rows: the CSV reader's check, not SHACL's
            continue
        record_nodes, _ = convert(row, line, vocab, seen)
        nodes += record_nodes
        fast += validator.validate(record_nodes, vocab)
    reference = comparable(reference_findings(nodes, vocab, shapes_file()))
    assert comparable(fast) == reference
    # and the comparison is not vacuous: the SHACL-level error classes are all found
    broken = {f.focus.removeprefix(RECORD).split("/")[0] for f in reference}
    shacl_level = {k for k in ERRORS if k not in ("duplicate-id", "repeat-of-unknown",
                                                  "unknown-complication")}
    expected = {f"ERR-{ERRORS.index(k):03d}" for k in shacl_level}
    assert expected <= broken
    assert not any(b.startswith("SYN-") for b in broken)  # clean rows stay clean


def _tampered(vocab, rows) -> list:
    """Records whose observation summary disagrees with their observations, one way each:
    a changed score, a missing visit date, a summary of a visit that has no observation."""
    from napo.registry.model import NAPO, XSD_INTEGER, Lit

    seen, cases = Seen.empty(), []
    for line, row in enumerate(rows, 2):
        nodes, _ = convert(row, line, vocab, seen)
        cases.append(nodes)
    changed, missing, extra = (nodes[0] for nodes in cases[:3])
    score = changed.values[NAPO + "scoreAtBaseline"][0]
    changed.values[NAPO + "scoreAtBaseline"] = [Lit(str((score.value + 1) % 11), XSD_INTEGER,
                                                    (score.value + 1) % 11)]
    seen_at = next(p for p in missing.values if p.startswith(NAPO + "seenAt"))
    del missing.values[seen_at]
    extra.values[NAPO + "scoreAt12Months"] = [Lit("4", XSD_INTEGER, 4)]
    cases[2] = [n for n in cases[2] if not n.iri.endswith("/nrs/12m")]
    return cases


def test_fast_validator_agrees_with_pyshacl_on_a_tampered_summary(vocab, broken_rows) -> None:
    validator = Validator(vocab, shapes_file())
    cases = _tampered(vocab, [row for row, kind in broken_rows[:3]])
    fast = [f for nodes in cases for f in validator.validate(nodes, vocab)]
    reference = comparable(reference_findings([n for c in cases for n in c], vocab,
                                              shapes_file()))
    assert comparable(fast) == reference
    summary = {f.focus for f in reference if f.component.endswith("SPARQLConstraintComponent")}
    assert summary == {nodes[0].iri for nodes in cases}  # each tampered record, found


def _follow_up_tampered(vocab) -> list[tuple[list, set[str]]]:
    """Records whose lowest follow-up score or last follow-up date disagrees with their
    follow-up observations, one way each, with the values shape:follow-up-summary-agrees must
    report (the record's wrong value and the observations' right one); the last is a control
    that must stay clean (a baseline below every follow-up score: the nadir ignores it)."""
    from napo.registry.model import (
        LAST_FOLLOW_UP,
        LOWEST_FOLLOW_UP,
        NAPO,
        POINTS,
        XSD_DATE,
        XSD_INTEGER,
        XSD_STRING,
        Lit,
    )
    from napo.registry.synth import Generator

    def spread(nodes, prop):  # distinct follow-up values, lowest first
        return sorted({t.value for n in nodes if NAPO + "FollowUpPainScore" in n.types
                       for t in n.values[NAPO + prop]})

    seen, usable = Seen.empty(), []
    for line, row in enumerate(Generator(vocab, seed=23).rows(60), 2):
        nodes, _ = convert(row, line, vocab, seen)
        baseline = nodes[0].values[NAPO + "scoreAtBaseline"][0].value
        scores, dates = spread(nodes, "nrsScore"), spread(nodes, "observedOn")
        if len(scores) >= 2 and len(dates) >= 2 and baseline not in scores and min(scores) > 0:
            usable.append((row, nodes, scores, dates))
    assert len(usable) >= 8, "too few records with two follow-ups for the tampered cases"
    score = lambda v: Lit(str(v), XSD_INTEGER, v)  # noqa: E731
    day = lambda v: Lit(v.isoformat(), XSD_DATE, v)  # noqa: E731
    cases = []
    for index, (row, nodes, scores, dates) in enumerate(usable[:8]):
        record, low, last = nodes[0], str(min(scores)), max(dates).isoformat()
        if index == 0:  # a follow-up score, but not the lowest
            record.values[LOWEST_FOLLOW_UP] = [score(max(scores))]
            cases.append((nodes, {str(max(scores)), low}))
        elif index == 1:  # the baseline score, lower than every follow-up score
            baseline = nodes[0].values[NAPO + "scoreAtBaseline"]
            baseline[0] = nodes[1].values[NAPO + "nrsScore"][0] = score(0)
            record.values[LOWEST_FOLLOW_UP] = [score(0)]
            cases.append((nodes, {"0", low}))
        elif index == 2:  # a visit date, but not the last
            record.values[LAST_FOLLOW_UP] = [day(min(dates))]
            cases.append((nodes, {min(dates).isoformat(), last}))
        elif index == 3:  # no nadir although there are follow-ups
            del record.values[LOWEST_FOLLOW_UP]
            cases.append((nodes, {low}))
        elif index == 4:  # no last follow-up date although there are follow-ups
            del record.values[LAST_FOLLOW_UP]
            cases.append((nodes, {last}))
        elif index == 5:  # both, on a record without follow-ups
            bare = dict(row, pain_returned_on="")
            bare.update({f"{k}_{p}": "" for p in POINTS for k in ("date", "nrs", "pgic")})
            nodes, _ = convert(bare, 100 + index, vocab, Seen.empty())
            assert not any(NAPO + "FollowUpPainScore" in n.types for n in nodes)
            assert not {LOWEST_FOLLOW_UP, LAST_FOLLOW_UP} & set(nodes[0].values)  # ingest
            nodes[0].values[LOWEST_FOLLOW_UP] = [score(3)]
            nodes[0].values[LAST_FOLLOW_UP] = [day(max(dates))]
            cases.append((nodes, {"3", last}))
        elif index == 6:  # the right number as a string: not the lowest follow-up score
            record.values[LOWEST_FOLLOW_UP] = [Lit(low, XSD_STRING, low)]
            cases.append((nodes, {low}))  # the string and the integer: one text
        else:  # control: a baseline (and its summary) below every follow-up score
            baseline = nodes[0].values[NAPO + "scoreAtBaseline"]
            baseline[0] = nodes[1].values[NAPO + "nrsScore"][0] = score(0)
            cases.append((nodes, set()))
    return cases


def test_fast_validator_agrees_with_pyshacl_on_tampered_follow_up_aggregates(vocab) -> None:
    validator = Validator(vocab, shapes_file())
    cases = _follow_up_tampered(vocab)
    fast = [f for nodes, _ in cases for f in validator.validate(nodes, vocab)]
    reference = comparable(reference_findings([n for c, _ in cases for n in c], vocab,
                                              shapes_file()))
    assert comparable(fast) == reference
    for nodes, values in cases:  # each tampering found, with exactly the values it breaks
        found = {f.value for f in reference if f.focus == nodes[0].iri
                 and f.component.endswith("SPARQLConstraintComponent")}
        assert found == values, (nodes[0].iri, found, values)
    rules = {f.message.split(" (")[0] for f in fast if f.path == ""}
    assert rules == {"The record's lowest follow-up score or last follow-up date"}


def test_summary_properties_are_one_map_in_ontology_model_and_shapes(vocab) -> None:
    """napo ingest writes model.SUMMARY; the shape and the fast validator read the ontology's
    napo:summarisesPoint/summarisesProperty: they must be the same map."""
    from napo.registry.model import NAPO, SUMMARY

    written = {score: (point, NAPO + "nrsScore") for point, (score, _) in SUMMARY.items()}
    written |= {date: (point, NAPO + "observedOn") for point, (_, date) in SUMMARY.items()
                if date is not None}
    assert vocab.summary == written


def test_follow_up_aggregates_are_one_map_in_ontology_and_model(ontology) -> None:
    """napo ingest and the fast validator use model.FOLLOW_UP_SUMMARY; the ontology annotates
    the same two properties with the observation property and the aggregate, and neither has
    the napo:summarisesPoint that would make shape:summary-agrees read it as a point's."""
    from rdflib import URIRef

    from napo.registry.model import FOLLOW_UP_SUMMARY, NAPO

    napo = lambda n: URIRef(NAPO + n)  # noqa: E731
    found = {str(s): (str(ontology.value(s, napo("summarisesProperty"))), str(a))
             for s, a in ontology.subject_objects(napo("aggregatesFollowUps"))}
    assert found == {s: (p, a) for s, (p, _, a) in FOLLOW_UP_SUMMARY.items()}
    assert not any((URIRef(s), napo("summarisesPoint"), None) in ontology for s in found)
    assert all((URIRef(s), URIRef("http://www.w3.org/2000/01/rdf-schema#subPropertyOf"),
                napo("observationSummary")) in ontology for s in found)
