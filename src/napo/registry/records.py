"""One CSV row -> the nodes of one record, plus the problems only the CSV can show.

The conversion is lenient on purpose: a value that does not parse becomes a plain string
literal and an unknown name a napo: IRI (or a string), exactly what a naive converter would
write, so that the shapes report it (sh:datatype, sh:node ...) and the fast validator and
pyshacl can be compared on it. What the shapes cannot see — an unknown name (with the nearest
ones), a malformed complication entry, a duplicate record id, a repeat_of that names no
earlier record of the same patient — is reported here as a Problem with its column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from napo.registry.model import (
    CLASS_COLUMNS,
    FOLLOW_UP_SUMMARY,
    LATERALITY,
    MULTI,
    NAPO,
    PARAMETERS,
    POINTS,
    RECORD_ID,
    SEVERITY,
    SUMMARY,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_INTEGER,
    XSD_STRING,
    Iri,
    Lit,
    Node,
    Term,
    extremes,
    literal,
    parse_date,
    record_iri,
)
from napo.registry.vocab import Vocabulary

_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


@dataclass(frozen=True, order=True)
class Problem:
    """A bad value: row (1 = the header line), column, value, rule, message with the fix."""

    row: int
    column: str
    value: str
    rule: str
    message: str


@dataclass
class Seen:
    """What earlier rows said, for the checks across rows (ids, repeats)."""

    records: dict[str, tuple[str, str]]  # record id -> (patient, performed_on text)

    @classmethod
    def empty(cls) -> Seen:
        return cls({})


def _p(local: str) -> str:
    return NAPO + local


def _lenient(text: str) -> Term:
    """An unknown name as a naive converter would write it."""
    return Iri(NAPO + text) if _LOCAL.fullmatch(text) else Lit(text, XSD_STRING, text)


def _name(vocab: Vocabulary, text: str, column: str, branch: str, row: int,
          problems: list[Problem]) -> Term:
    found = vocab.resolve(text)
    if found is not None:
        return found
    near = vocab.suggest(text, branch)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    problems.append(Problem(row, column, text, "known NAPO name",
                            f"'{text}' is no NAPO {branch} name{hint} (a local name, "
                            "napo:CURIE or label: docs/registry.md)"))
    return _lenient(text)


def convert(row: dict[str, str], line: int, vocab: Vocabulary, seen: Seen
            ) -> tuple[list[Node], list[Problem]]:
    """The nodes of one row (empty when it has no usable record id) and its CSV problems."""
    problems: list[Problem] = []
    cell = {k: (v or "").strip() for k, v in row.items()}
    record_id = cell.get("record_id", "")
    if not RECORD_ID.fullmatch(record_id):
        problems.append(Problem(line, "record_id", record_id, "record id",
                                "record_id must be 1-64 letters, digits, '.', '_' or '-' "
                                "starting with a letter or digit"))
        return [], problems
    if record_id in seen.records:
        problems.append(Problem(line, "record_id", record_id, "unique record id",
                                f"record_id {record_id} is used by an earlier row: give each "
                                "procedure its own id"))
    iri = record_iri(record_id)
    record = Node(iri, [_p("PerformedProcedure")])
    nodes = [record]
    for column, (prop, branch) in CLASS_COLUMNS.items():
        texts = [t.strip() for t in cell.get(column, "").split(";")] if column in MULTI \
            else [cell.get(column, "")]
        for text in filter(None, texts):
            record.add(_p(prop), _name(vocab, text, column, branch, line, problems))
    if cell.get("performed_on"):
        record.add(_p("performedOn"), literal(cell["performed_on"], XSD_DATE))
    if cell.get("patient"):
        record.add(_p("patientPseudonym"), Lit(cell["patient"], XSD_STRING, cell["patient"]))
    for level in filter(None, (t.strip() for t in cell.get("spinal_levels", "").split(";"))):
        record.add(_p("spinalLevel"), Lit(level, XSD_STRING, level))
    if side := cell.get("laterality"):
        record.add(_p("laterality"), Iri(LATERALITY[side.casefold()])
                   if side.casefold() in LATERALITY else _lenient(side))
    for column, (prop, datatype) in PARAMETERS.items():
        if cell.get(column):
            record.add(_p(prop), literal(cell[column], datatype))
    if cell.get("pain_returned_on"):
        record.add(_p("painReturnedOn"), literal(cell["pain_returned_on"], XSD_DATE))
    if cell.get("synthetic"):
        record.add(_p("isSynthetic"), literal(cell["synthetic"].casefold(), XSD_BOOLEAN))
    if earlier := cell.get("repeat_of"):
        _repeat(earlier, cell, line, seen, problems)
        record.add(_p("repeatOf"), record_iri(earlier) if RECORD_ID.fullmatch(earlier)
                   else Lit(earlier, XSD_STRING, earlier))
    nodes += _scores(record, cell)
    nodes += _complications(iri, cell.get("complications", ""), line, vocab, problems)
    seen.records.setdefault(record_id, (cell.get("patient", ""), cell.get("performed_on", "")))
    return nodes, problems


def _repeat(earlier: str, cell: dict[str, str], line: int, seen: Seen,
            problems: list[Problem]) -> None:
    first = seen.records.get(earlier)
    if first is None:
        problems.append(Problem(line, "repeat_of", earlier, "repeat of an earlier record",
                                f"repeat_of names {earlier}, which no earlier row has: put "
                                "the first procedure's row before its repeat, or fix the id"))
    elif first[0] != cell.get("patient", ""):
        problems.append(Problem(line, "repeat_of", earlier, "repeat of the same patient",
                                f"{earlier} is another patient's procedure: a repeat is the "
                                "same patient's"))
    elif (a := parse_date(first[1])) and (b := parse_date(cell.get("performed_on", ""))) \
            and not a < b:
        problems.append(Problem(line, "repeat_of", earlier, "repeat after the first",
                                f"{earlier} was done on {first[1]}, not before this repeat"))


def _scores(record: Node, cell: dict[str, str]) -> list[Node]:
    """The score observations, and their summary on the record (the same terms): each
    point's score and date, the lowest follow-up score and the last follow-up date."""
    baseline = Node(Iri(record.iri + "/nrs/baseline"), [_p("BaselinePainScore")])
    baseline.add(_p("observationOf"), record.iri)
    baseline.add(_p("followUpPoint"), Iri(_p("Baseline")))
    if cell.get("nrs_baseline"):
        baseline.add(_p("nrsScore"), literal(cell["nrs_baseline"], XSD_INTEGER))
    nodes = [baseline]
    for point, individual in POINTS.items():
        date, nrs, pgic = (cell.get(f"{k}_{point}", "") for k in ("date", "nrs", "pgic"))
        if not (date or nrs or pgic):
            continue
        node = Node(Iri(f"{record.iri}/nrs/{point}"), [_p("FollowUpPainScore")])
        node.add(_p("observationOf"), record.iri)
        node.add(_p("followUpPoint"), Iri(individual))
        if date:
            node.add(_p("observedOn"), literal(date, XSD_DATE))
        if nrs:
            node.add(_p("nrsScore"), literal(nrs, XSD_INTEGER))
        if pgic:
            node.add(_p("pgicScore"), literal(pgic, XSD_INTEGER))
        nodes.append(node)
    for node in nodes:
        score_at, seen_at = SUMMARY[node.values[_p("followUpPoint")][0]]
        for term in node.values.get(_p("nrsScore"), ()):
            record.add(score_at, term)
        for term in node.values.get(_p("observedOn"), ()) if seen_at else ():
            record.add(seen_at, term)
    for summary, (observed, datatype, aggregate) in FOLLOW_UP_SUMMARY.items():
        for term in extremes([t for node in nodes[1:] for t in node.values.get(observed, ())],
                             datatype, aggregate):  # none without a follow-up value
            record.add(summary, term)
    return nodes


def _complications(record: Iri, text: str, line: int, vocab: Vocabulary,
                   problems: list[Problem]) -> list[Node]:
    nodes = []
    for index, entry in enumerate(filter(None, (e.strip() for e in text.split(";"))), 1):
        parts = [p.strip() for p in entry.split("|")]
        if len(parts) > 3 or not parts[0]:
            problems.append(Problem(line, "complications", entry, "complication entry",
                                    "write each complication as name|severity|onset_days "
                                    "(onset optional), ';' between complications"))
            continue
        node = Node(Iri(f"{record}/complication/{index}"), [_p("ObservedComplication")])
        node.add(_p("complicationOf"), record)
        node.add(_p("complicationType"),
                 _name(vocab, parts[0], "complications", "Complication", line, problems))
        if len(parts) > 1 and parts[1]:
            node.add(_p("severity"), Iri(SEVERITY[parts[1].casefold()])
                     if parts[1].casefold() in SEVERITY else _lenient(parts[1]))
        if len(parts) > 2 and parts[2]:
            node.add(_p("onsetDays"), literal(parts[2], XSD_INTEGER))
        nodes.append(node)
    return nodes
