"""Where a validation finding points in the CSV: its column and a readable rule name."""

from __future__ import annotations

from napo.registry.model import CLASS_COLUMNS, NAPO, PARAMETERS, POINTS
from napo.registry.shapes import SHAPE, Finding

_RECORD_COLUMNS = {NAPO + prop: column for column, (prop, _) in CLASS_COLUMNS.items()}
_RECORD_COLUMNS |= {NAPO + prop: column for column, (prop, _) in PARAMETERS.items()}
_RECORD_COLUMNS |= {NAPO + p: c for p, c in (
    ("performedOn", "performed_on"), ("patientPseudonym", "patient"),
    ("spinalLevel", "spinal_levels"), ("laterality", "laterality"),
    ("painReturnedOn", "pain_returned_on"), ("repeatOf", "repeat_of"),
    ("isSynthetic", "synthetic"))}
_SCORE_COLUMNS = {NAPO + "observedOn": "date", NAPO + "nrsScore": "nrs",
                  NAPO + "pgicScore": "pgic"}
# The node shapes that check which modality a parameter needs -> the parameter columns.
_PARAMETER_SHAPES = {SHAPE + "ThermalRadiofrequencyParameters": ("rf_temperature_c",
                                                                 "rf_duration_s", "rf_lesions"),
                     SHAPE + "ChemicalAgentParameters": ("volume_ml",),
                     SHAPE + "PulsedRadiofrequencyParameters": ("prf_voltage_v",
                                                                "prf_duration_s")}


def column_of(finding: Finding, row: dict[str, str]) -> str:
    """The CSV column a finding is about (several, comma-separated, for a parameter group)."""
    if not finding.path:  # a node-level rule (shape:summary-agrees): no single column
        return "record"
    predicate = finding.path[1:finding.path.index(">")].lstrip("<")
    if finding.shape in _PARAMETER_SHAPES:
        filled = [c for c in _PARAMETER_SHAPES[finding.shape] if row.get(c)]
        return ",".join(filled) or "modality"
    tail = finding.focus.rsplit("/", 2)
    if tail[-2] == "complication":
        return "complications"
    if tail[-2] == "nrs":
        point = tail[-1]
        if point == "baseline" or point not in POINTS:
            return "nrs_baseline"
        return f"{_SCORE_COLUMNS.get(predicate, 'nrs')}_{point}"
    return _RECORD_COLUMNS.get(predicate, predicate.removeprefix(NAPO))


def rule_of(finding: Finding) -> str:
    """The shape and constraint, e.g. shape:followUp-score (MaxInclusive)."""
    component = finding.component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    return f"{finding.shape.replace(SHAPE, 'shape:')} ({component})"
