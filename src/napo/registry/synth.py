"""Synthetic registries in the ingest CSV layout, drawn from the curated layer, for testing.

Never real outcomes: every row says synthetic=true, the dataset description ingest writes says
so, and docs/registry.md repeats it. What is drawn from NAPO's curated layer: the techniques
(those with a curated typical duration of relief), each one's sites, modalities, access,
guidance, anaesthesia, care setting and indications, its complications with their frequency
band (common 12 %, uncommon 4 %, rare 0.5 % per record; unbanded 2 %), and the time until pain
returns (uniform over the curated relief range). Parameters, scores and follow-up attendance
are plausible inventions, stated here. Deterministic for a seed; `as_of` fixes "today".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from napo.registry.model import COLUMNS, NAPO, POINTS
from napo.registry.vocab import Association, Vocabulary

AS_OF = dt.date(2026, 6, 30)
BAND = {"Common": 0.12, "Uncommon": 0.04, "Rare": 0.005, None: 0.02}
WINDOWS = {"6w": (28, 56), "3m": (80, 100), "6m": (170, 195), "12m": (350, 380)}
ATTEND = (0.92, 0.85, 0.75, 0.65)  # cumulative chance of reaching each follow-up point
LEVELS = {"MedialBranchOfDorsalRamus": ["L3", "L4", "L5", "S1", "C5", "C6"],
          "DorsalRootGanglion": ["L4", "L5", "S1", "T10", "C6"], "DorsalRoot": ["L2", "L3",
          "L4", "L5", "S1"], "SpinalSpinothalamicTract": ["C1", "C2"],
          "CervicalSpinothalamicTract": ["C1", "C2"], "SympatheticTrunk": ["T2", "T3", "L2"],
          "SpinalDorsalRootEntryZone": ["C5", "C6", "C7", "T1"], "DorsalColumn": ["T8", "T9"]}
MIDLINE = {"CoeliacPlexus", "SpinalCordMidline", "MedialThalamus", "IntrathecalSpace"}
# The error classes a registry row can carry; each breaks one rule (docs/registry.md).
ERRORS = ("nrs-out-of-range", "nrs-not-numeric", "followup-before-procedure", "future-date",
          "bad-date", "site-not-allowed", "modality-not-allowed", "parameter-wrong-modality",
          "parameter-out-of-range", "pseudonym-like-name", "pain-return-before-procedure",
          "bad-spinal-level", "bad-laterality", "bad-severity", "pgic-out-of-range",
          "unknown-technique", "unknown-complication", "missing-technique", "duplicate-id",
          "repeat-of-unknown", "synthetic-not-boolean")


@dataclass(frozen=True)
class Technique:
    iri: str
    relief: tuple[float, float]
    sites: list[str]
    modalities: list[str]
    indications: list[str]
    access: list[str]
    guidance: list[str]
    anaesthesia: list[str]
    settings: list[str]
    complications: list[Association]


def _local(iri: str) -> str:
    return iri[len(NAPO):]


def techniques(vocab: Vocabulary) -> list[Technique]:
    """Every procedure with a curated relief range, site, modality and indication."""
    found = []
    for outcome in vocab.curated.get("OutcomeAssociation", []):
        if outcome.relief is None:
            continue
        p = outcome.procedure

        def objects(kind: str, p: str = p) -> list[str]:
            own = [a.target for a in vocab.of(kind, p)]
            return own or sorted({a.target for a in vocab.curated.get(kind, ())
                                  if vocab.is_a(p, a.procedure)})
        sites, modalities = objects("TargetAssociation"), objects("ModalityAssociation")
        indications = objects("IndicationAssociation")
        if sites and modalities and indications and not any(t.iri == p for t in found):
            found.append(Technique(
                p, outcome.relief, sites, modalities, indications,
                objects("AccessAssociation") or [NAPO + "PercutaneousAccess"],
                objects("GuidanceAssociation"), objects("AnaesthesiaAssociation"),
                objects("CareSettingAssociation"),
                [a for a in vocab.curated.get("ComplicationAssociation", ())
                 if vocab.is_a(p, a.procedure)]))
    return sorted(found, key=lambda t: t.iri)


class Generator:
    """Rows of a synthetic registry; `errors` says which error class each bad row carries."""

    def __init__(self, vocab: Vocabulary, seed: int, error_rate: float = 0.0,
                 as_of: dt.date = AS_OF) -> None:
        self.vocab, self.rng, self.rate, self.as_of = vocab, random.Random(seed), error_rate, as_of
        self.techniques = techniques(vocab)
        self.errors: dict[int, str] = {}  # data row number (1 = first row) -> error class
        self.count = 0  # records made
        self.emitted = 0  # rows yielded
        self.last_id = ""

    def rows(self, n: int) -> Iterator[dict[str, str]]:
        while self.count < n:
            row = self._row()
            clean = dict(row)
            yield self._maybe_break(row)
            if self.count < n and clean["pain_returned_on"] and self.rng.random() < 0.3:
                yield self._maybe_break(self._repeat(clean))

    def _date(self, start: dt.date, days: int) -> str:
        return (start + dt.timedelta(days=days)).isoformat()

    def _row(self, technique: Technique | None = None, patient: str | None = None,
             earliest: dt.date | None = None) -> dict[str, str]:
        r = self.rng
        self.count += 1
        t = technique or r.choice(self.techniques)
        start = earliest or dt.date(2019, 1, 1)
        span = (self.as_of - dt.timedelta(days=60) - start).days
        done = start + dt.timedelta(days=r.randint(0, max(span, 0)))
        site, modality = r.choice(t.sites), r.choice(t.modalities)
        row = dict.fromkeys(COLUMNS, "")
        row.update(record_id=f"SYN-{self.count:07d}", performed_on=done.isoformat(),
                   patient=patient or f"PSN-{r.getrandbits(40):012x}0",
                   technique=_local(t.iri), indication=_local(r.choice(t.indications)),
                   body_site=_local(site), access=_local(r.choice(t.access)),
                   modality=_local(modality), synthetic="true")
        for column, pool in (("guidance", t.guidance), ("anaesthesia", t.anaesthesia),
                             ("care_setting", t.settings)):
            row[column] = _local(r.choice(pool)) if pool else ""
        levels = LEVELS.get(_local(site))
        if levels:
            first = r.randrange(len(levels))
            row["spinal_levels"] = ";".join(levels[first:first + r.randint(1, 2)])
        row["laterality"] = "midline" if _local(site) in MIDLINE else r.choice(
            ["left", "right", "bilateral"])
        self._parameters(row, modality)
        self._outcomes(row, t, done)
        hits = [a for a in t.complications if r.random() < BAND[a.frequency]]
        row["complications"] = ";".join(
            f"{_local(a.target)}|{r.choice(['mild', 'mild', 'moderate', 'severe'])}|"
            f"{r.randint(0, 30)}" for a in hits)
        return row

    def _parameters(self, row: dict[str, str], modality: str) -> None:
        r, v = self.rng, self.vocab
        if v.is_a(modality, NAPO + "ThermalRadiofrequency"):
            row.update(rf_temperature_c=str(r.choice([65, 70, 75, 80, 85, 90])),
                       rf_duration_s=str(r.choice([60, 90, 120])),
                       rf_lesions=str(r.randint(1, 6)))
        elif v.is_a(modality, NAPO + "PulsedRadiofrequency"):
            row.update(prf_voltage_v="45", prf_duration_s=str(r.choice([120, 240, 360])))
        elif v.is_a(modality, NAPO + "ChemicalAgent"):
            low, high = {"Glycerol": (0.2, 0.5), "Phenol": (1.0, 5.0)}.get(
                _local(modality), (10.0, 40.0))
            row["volume_ml"] = f"{r.uniform(low, high):.1f}"

    def _outcomes(self, row: dict[str, str], t: Technique, done: dt.date) -> None:
        r = self.rng
        baseline = r.randint(5, 9)
        row["nrs_baseline"] = str(baseline)
        kind = r.choices(["responder", "partial", "none"], [0.6, 0.25, 0.15])[0]
        fall = {"responder": (0.5, 0.9), "partial": (0.3, 0.5), "none": (0.0, 0.2)}[kind]
        months = r.uniform(*t.relief) if kind != "none" else 0.0
        returns = done + dt.timedelta(days=round(months * 30.44))
        last = done
        for index, point in enumerate(POINTS):
            if r.random() > ATTEND[index] / (ATTEND[index - 1] if index else 1.0):
                break  # lost to follow-up from here on
            visit = done + dt.timedelta(days=r.randint(*WINDOWS[point]))
            if visit > self.as_of:
                break
            relieved = kind != "none" and visit < returns
            score = round(baseline * (1 - r.uniform(*fall))) if relieved or kind == "none" \
                else baseline - r.randint(0, 1)
            row[f"date_{point}"], row[f"nrs_{point}"] = visit.isoformat(), str(score)
            row[f"pgic_{point}"] = str(r.randint(1, 3) if relieved and kind == "responder"
                                       else r.randint(3, 5))
            last = visit
        if kind != "none" and returns <= last:
            row["pain_returned_on"] = returns.isoformat()

    def _repeat(self, first: dict[str, str]) -> dict[str, str]:
        t = next(t for t in self.techniques if _local(t.iri) == first["technique"])
        returned = dt.date.fromisoformat(first["pain_returned_on"])
        row = self._row(t, first["patient"], returned + dt.timedelta(days=30))
        if dt.date.fromisoformat(row["performed_on"]) <= dt.date.fromisoformat(
                first["performed_on"]):  # no room left before as_of: not a repeat
            return row
        row["repeat_of"] = first["record_id"]
        return row

    def _maybe_break(self, row: dict[str, str]) -> dict[str, str]:
        self.emitted += 1
        previous, self.last_id = self.last_id, row["record_id"]
        if self.rate <= 0 or self.rng.random() >= self.rate:
            return row
        from napo.registry.errors import inject

        kind = ERRORS[self.rng.randrange(len(ERRORS))]
        inject(kind, row, self.vocab, self.rng, previous)
        self.errors[self.emitted] = kind
        return row
