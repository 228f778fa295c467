"""The registry's record model in plain Python: terms, the CSV layout, and a record's nodes.

Records are converted without rdflib: a million rows through rdflib terms would cost minutes,
and the fast validator (napo.registry.shapes) and the N-Triples writer (napo.registry.rdf) need
only an IRI string or a literal with its parsed value. A literal that does not parse keeps its
text and value None, so that validation reports it exactly as SHACL's sh:datatype would.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

NAPO = "https://w3id.org/napo/"
REGISTRY = NAPO + "registry/"
RECORD = REGISTRY + "record/"
DATASET = REGISTRY + "dataset/"
REGISTRY_GRAPH = NAPO + "graph/registry"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SH = "http://www.w3.org/ns/shacl#"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
XSD_DATE, XSD_INTEGER, XSD_DECIMAL = XSD + "date", XSD + "integer", XSD + "decimal"
XSD_BOOLEAN, XSD_STRING = XSD + "boolean", XSD + "string"

# Follow-up points: the CSV suffix, the ontology individual, nominal months (ontology section 9).
POINTS = {"6w": NAPO + "FollowUp6Weeks", "3m": NAPO + "FollowUp3Months",
          "6m": NAPO + "FollowUp6Months", "12m": NAPO + "FollowUp12Months"}
MONTHS = {"6w": 1.5, "3m": 3.0, "6m": 6.0, "12m": 12.0}
# The observation summary (ontology: napo:observationSummary): follow-up point -> the record's
# properties that repeat its score and its visit date. Ingest derives them from the
# observations, so that outcome questions read a record's scores without joining its
# observation nodes (docs/registry.md); shape:summary-agrees checks they say the same.
SUMMARY = {NAPO + "Baseline": (NAPO + "scoreAtBaseline", None),
           **{POINTS[p]: (NAPO + f"scoreAt{name}", NAPO + f"seenAt{name}") for p, name in (
               ("6w", "6Weeks"), ("3m", "3Months"), ("6m", "6Months"), ("12m", "12Months"))}}
# Two more summary properties aggregate over all of a record's follow-up observations (its
# napo:FollowUpPainScore nodes, not the baseline): property -> (observation property, its
# datatype, aggregate). The ontology says the same with napo:summarisesProperty and
# napo:aggregatesFollowUps; shape:follow-up-summary-agrees checks them (napo.registry.
# sparql_checks), relief_median reads them.
LOWEST_FOLLOW_UP, LAST_FOLLOW_UP = NAPO + "lowestFollowUpScore", NAPO + "lastFollowUpOn"
FOLLOW_UP_SUMMARY = {LOWEST_FOLLOW_UP: (NAPO + "nrsScore", XSD_INTEGER, "MIN"),
                     LAST_FOLLOW_UP: (NAPO + "observedOn", XSD_DATE, "MAX")}
LATERALITY = {"left": NAPO + "LeftLaterality", "right": NAPO + "RightLaterality",
              "bilateral": NAPO + "BilateralLaterality", "midline": NAPO + "MidlineLaterality"}
SEVERITY = {"mild": NAPO + "MildSeverity", "moderate": NAPO + "ModerateSeverity",
            "severe": NAPO + "SevereSeverity"}

# Column -> (property local name, datatype) for the single-valued literal columns.
PARAMETERS = {"rf_temperature_c": ("lesionTemperatureCelsius", XSD_DECIMAL),
              "rf_duration_s": ("lesionDurationSeconds", XSD_DECIMAL),
              "rf_lesions": ("lesionCount", XSD_INTEGER),
              "volume_ml": ("injectateVolumeMl", XSD_DECIMAL),
              "prf_voltage_v": ("pulsedVoltage", XSD_DECIMAL),
              "prf_duration_s": ("pulsedDurationSeconds", XSD_DECIMAL)}
# Column -> (property local name, branch the name is looked up in) for class-valued columns.
CLASS_COLUMNS = {"technique": ("technique", "Procedure"),
                 "indication": ("indication", "Condition"),
                 "body_site": ("bodySite", "AnatomicalStructure"),
                 "access": ("accessUsed", "Access"),
                 "guidance": ("guidanceUsed", "Guidance"),
                 "anaesthesia": ("anaesthesiaUsed", "Anaesthesia"),
                 "care_setting": ("careSettingUsed", "CareSetting"),
                 "modality": ("modalityUsed", "EnergyOrAgent")}
MULTI = {"guidance", "spinal_levels"}  # ';' between values
REQUIRED = ("record_id", "performed_on", "patient", "technique", "indication", "body_site",
            "access", "modality", "nrs_baseline", "synthetic")
COLUMNS = ("record_id", "performed_on", "patient", "technique", "indication", "body_site",
           "spinal_levels", "laterality", "access", "guidance", "anaesthesia", "care_setting",
           "modality", *PARAMETERS, "nrs_baseline",
           *[f"{kind}_{point}" for point in POINTS for kind in ("date", "nrs", "pgic")],
           "pain_returned_on", "repeat_of", "complications", "synthetic")
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class Iri(str):
    """An IRI (a str, so it hashes and compares like its text)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal: its text, datatype IRI and parsed value (None when the text is ill-typed)."""

    lexical: str
    datatype: str
    value: object


Term = Iri | Lit


@dataclass(slots=True)
class Node:
    """One subject of a record with its properties (predicate IRI -> values)."""

    iri: Iri
    types: list[str]
    values: dict[str, list[Term]] = field(default_factory=dict)

    def add(self, predicate: str, term: Term) -> None:
        self.values.setdefault(predicate, []).append(term)


def parse_date(text: str) -> dt.date | None:
    """An xsd:date lexical form without time zone (YYYY-MM-DD), or None."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def literal(text: str, datatype: str) -> Lit:
    """A typed literal from a cell; a cell that does not fit the datatype stays a plain string
    literal (that is what a lenient converter writes, and what sh:datatype then reports)."""
    value: object = None
    if datatype == XSD_DATE:
        value = parse_date(text)
    elif datatype == XSD_INTEGER and _INTEGER.fullmatch(text):
        value = int(text)
    elif datatype == XSD_DECIMAL and _DECIMAL.fullmatch(text):
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
    elif datatype == XSD_BOOLEAN and text in ("true", "false"):
        value = text == "true"
    elif datatype == XSD_STRING:
        value = text
    if value is None:
        return Lit(text, XSD_STRING, text)
    if datatype == XSD_DECIMAL:  # canonical-ish lexical form: 80 -> 80.0
        text = str(value) if "." in str(value) else f"{value}.0"
    return Lit(text, datatype, value)


def record_iri(record_id: str) -> Iri:
    return Iri(RECORD + record_id)


def extremes(terms: list[Term], datatype: str, aggregate: str) -> list[Term]:
    """The value(s) of a follow-up summary (FOLLOW_UP_SUMMARY) from its observations' terms:
    each distinct term of the datatype that no other such term is below ("MIN") or above
    ("MAX"), in order. One term for well-typed values (two only if one number is written two
    ways, e.g. 4 and 04). A term whose text does not parse (value None: napo validate reads
    such terms from RDF files) is never below or above another, as in SPARQL (a type error),
    so it stays, exactly as shape:follow-up-summary-agrees has it."""
    typed = [t for t in terms if isinstance(t, Lit) and t.datatype == datatype]
    known = [t.value for t in typed if t.value is not None]
    if known:
        best = min(known) if aggregate == "MIN" else max(known)  # type: ignore[type-var]
        typed = [t for t in typed if t.value is None or t.value == best]
    return list(dict.fromkeys(typed)) if len(typed) > 1 else typed
