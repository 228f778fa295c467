"""Known errors injected into synthetic rows: one function per class the checks must catch.

Each class breaks exactly one rule of shapes/registry.ttl or of the CSV reader, so a test can
say which column and rule must be reported for each injected row (EXPECTED).
"""

from __future__ import annotations

import datetime as dt
import random

from napo.registry.model import NAPO, PARAMETERS, SH
from napo.registry.vocab import Vocabulary

# error class -> (column that must be reported ('|' between alternatives), rule or SHACL
# component that reports it)
EXPECTED = {
    "nrs-out-of-range": ("nrs_baseline", SH + "MaxInclusiveConstraintComponent"),
    "nrs-not-numeric": ("nrs_baseline", SH + "DatatypeConstraintComponent"),
    "followup-before-procedure": ("date_6w", SH + "SPARQLConstraintComponent"),
    "future-date": ("date_6w", SH + "SPARQLConstraintComponent"),
    "bad-date": ("performed_on", SH + "DatatypeConstraintComponent"),
    "site-not-allowed": ("body_site", SH + "SPARQLConstraintComponent"),
    "modality-not-allowed": ("modality", SH + "SPARQLConstraintComponent"),
    "parameter-wrong-modality": ("prf_voltage_v|volume_ml", SH + "HasValueConstraintComponent"),
    "parameter-out-of-range": ("rf_lesions", SH + "MaxInclusiveConstraintComponent"),
    "pseudonym-like-name": ("patient", SH + "PatternConstraintComponent"),
    "pain-return-before-procedure": ("performed_on", SH + "LessThanConstraintComponent"),
    "bad-spinal-level": ("spinal_levels", SH + "PatternConstraintComponent"),
    "bad-laterality": ("laterality", SH + "InConstraintComponent"),
    "bad-severity": ("complications", SH + "InConstraintComponent"),
    "pgic-out-of-range": ("pgic_6w", SH + "MaxInclusiveConstraintComponent"),
    "unknown-technique": ("technique", "known NAPO name"),
    "unknown-complication": ("complications", "known NAPO name"),
    "missing-technique": ("technique", SH + "MinCountConstraintComponent"),
    "duplicate-id": ("record_id", "unique record id"),
    "repeat-of-unknown": ("repeat_of", "repeat of an earlier record"),
    "synthetic-not-boolean": ("synthetic", SH + "DatatypeConstraintComponent"),
}
_FAR_SITE = ("AnteriorCingulateCortex", "CoeliacPlexus")
_FAR_MODALITY = ("IonisingRadiation", "CryogenicEnergy", "MechanicalMeans")


def _shift(text: str, days: int) -> str:
    return (dt.date.fromisoformat(text) + dt.timedelta(days=days)).isoformat()


def _ensure_6w(row: dict[str, str]) -> None:
    if not row["date_6w"]:
        row.update(date_6w=_shift(row["performed_on"], 42), nrs_6w=row["nrs_baseline"])


def inject(kind: str, row: dict[str, str], vocab: Vocabulary, rng: random.Random,
           previous_id: str) -> None:
    """Break row in the one way kind names (in place)."""
    technique = NAPO + row["technique"]
    if kind == "nrs-out-of-range":
        row["nrs_baseline"] = "11"
    elif kind == "nrs-not-numeric":
        row["nrs_baseline"] = "seven"
    elif kind == "followup-before-procedure":
        _ensure_6w(row)
        row["date_6w"] = _shift(row["performed_on"], -3)
    elif kind == "future-date":
        _ensure_6w(row)
        row["date_6w"] = "2099-01-15"
    elif kind == "bad-date":
        row["performed_on"], row["pain_returned_on"] = "2024-02-30", ""
    elif kind == "site-not-allowed":
        row["body_site"] = next(s for s in _FAR_SITE
                                if not vocab.allowed("TargetAssociation", technique, NAPO + s))
    elif kind == "modality-not-allowed":
        row["modality"] = next(m for m in _FAR_MODALITY
                               if not vocab.allowed("ModalityAssociation", technique, NAPO + m))
        for column in PARAMETERS:
            row[column] = ""
    elif kind == "parameter-wrong-modality":
        if vocab.is_a(NAPO + row["modality"], NAPO + "PulsedRadiofrequency"):
            row["volume_ml"] = "1.0"
        else:
            row["prf_voltage_v"] = "45"
    elif kind == "parameter-out-of-range":
        row["rf_lesions"] = "99"
    elif kind == "pseudonym-like-name":
        row["patient"] = rng.choice(["John Smith", "jane.doe@example.org"])
    elif kind == "pain-return-before-procedure":
        row["pain_returned_on"] = _shift(row["performed_on"], -10)
    elif kind == "bad-spinal-level":
        row["spinal_levels"] = "L9"
    elif kind == "bad-laterality":
        row["laterality"] = "up"
    elif kind == "bad-severity":
        row["complications"] = "PostLesionNeuritis|awful|2"
    elif kind == "pgic-out-of-range":
        _ensure_6w(row)
        row["pgic_6w"] = "9"
    elif kind == "unknown-technique":
        row["technique"] = row["technique"] + "x"
    elif kind == "unknown-complication":
        row["complications"] = "PostLesionNeuritiss|mild|1"
    elif kind == "missing-technique":
        row["technique"] = ""
    elif kind == "duplicate-id":
        row["record_id"] = previous_id or row["record_id"]
    elif kind == "repeat-of-unknown":
        row["repeat_of"] = "NO-SUCH-RECORD"
    elif kind == "synthetic-not-boolean":
        row["synthetic"] = "maybe"
    else:
        raise ValueError(f"unknown error class {kind}")
