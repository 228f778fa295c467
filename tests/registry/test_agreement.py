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


def test_summary_properties_are_one_map_in_ontology_model_and_shapes(vocab) -> None:
    """napo ingest writes model.SUMMARY; the shape and the fast validator read the ontology's
    napo:summarisesPoint/summarisesProperty: they must be the same map."""
    from napo.registry.model import NAPO, SUMMARY

    written = {score: (point, NAPO + "nrsScore") for point, (score, _) in SUMMARY.items()}
    written |= {date: (point, NAPO + "observedOn") for point, (_, date) in SUMMARY.items()
                if date is not None}
    assert vocab.summary == written
