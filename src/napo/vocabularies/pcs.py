"""Derive the ICD-10-PCS code of a performed procedure from NAPO's axes, and check it.

The seven characters come from the ontology, not from a lookup list:
  1 section        always 0, Medical and Surgical
  2 body system    } from the target site (hasDirectSite) and the spinal level, through
  4 body part      } data/mappings/icd10pcs-body-parts.tsv (Body Part Key or guideline per row)
  3 root operation from the technique (hasMethod), following the official index and guidelines:
                   - cordotomy and tractotomy: Division (index "Cordotomy/Tractotomy see Division";
                     the root operation's own example is "spinal cordotomy"), whatever the energy;
                   - freeing a nerve (decompression, surgical neurolysis): Release (B3.14; index
                     "Neurolysis see Release");
                   - severing a nerve or root: Division (B3.14);
                   - destroying it with energy or an agent (RF, cryo, laser, phenol, alcohol,
                     glycerol): Destruction (root operation definition) -- so *chemical*
                     neurolysis is Destruction even though the index's "neurolysis" is Release;
  5 approach       from hasAccess (open 0, percutaneous 3, percutaneous endoscopic 4)
  6 device         Z, no device is left behind
  7 qualifier      3 (laser interstitial thermal therapy) where the table has it, else Z
Every derived code is then looked up in the official table; a code the table lacks is an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from napo.core.namespaces import NAPO, compact
from napo.core.resources import project_root
from napo.vocabularies.icd10pcs import Icd10PcsRelease
from napo.vocabularies.pcs_codes import Character, PcsCode, not_in_table
from napo.vocabularies.pcs_options import (
    APPROACH_OPTIONS,
    DESTRUCTION,
    DIVISION,
    METHOD_OPTIONS,
    RELEASE,
    MissingOption,
    OptionError,
    PcsError,
    all_missing,
    chosen,
    collecting,
    level_group,
    plain,
)

_ACCESS_VALUES = {NAPO.OpenAccess: "0", NAPO.PercutaneousAccess: "3",
                  NAPO.PercutaneousEndoscopicAccess: "4", NAPO.ExternalAccess: "X"}
_INDEXED_AS_DIVISION = {NAPO.Cordotomy: "Cordotomy", NAPO.Tractotomy: "Tractotomy"}
_DESTRUCTIVE_ENERGY = (NAPO.ThermalRadiofrequency, NAPO.LaserThermalEnergy, NAPO.CryogenicEnergy,
                       NAPO.ChemicalAgent, NAPO.BalloonCompression)
_CUTTING = (NAPO.SurgicalSectioning,)


@dataclass(frozen=True)
class BodyPartRule:
    site: str
    level: str
    rank: int
    body_system: str
    body_part: str
    body_part_name: str
    basis: str
    line: int


def body_part_rules_file() -> Path:
    return project_root() / "data" / "mappings" / "icd10pcs-body-parts.tsv"


@cache
def body_part_rules(path: Path | None = None) -> tuple[BodyPartRule, ...]:
    path = path or body_part_rules_file()
    lines = path.read_text(encoding="utf-8").splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, 1) if not line.startswith("#")]
    reader = csv.DictReader((line for _, line in numbered), delimiter="\t")
    return tuple(BodyPartRule(r["napo_site"], r["level"], int(r["rank"]), r["body_system"],
                              r["body_part"], r["body_part_name"], r["basis"], number)
                 for (number, _), r in zip(numbered[1:], reader, strict=True))


def most_specific(graph: Graph, cls: URIRef, prop: URIRef) -> set[URIRef]:
    """The values of a materialised existential edge that have no more specific value."""
    values = {v for v in graph.objects(cls, prop) if isinstance(v, URIRef)}
    return {v for v in values
            if not any(o != v and (o, RDFS.subClassOf, v) in graph for o in values)}


def _is_a(graph: Graph, cls: URIRef, ancestor: URIRef) -> bool:
    return cls == ancestor or (cls, RDFS.subClassOf, ancestor) in graph


def _label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label) or compact(node))


class PcsCoder:
    """Codes procedures against one official release."""

    def __init__(self, graph: Graph, release: Icd10PcsRelease | None = None) -> None:
        self.graph = graph
        self.release = release or Icd10PcsRelease()

    def root_operation(self, procedure: URIRef, method: str | None) -> tuple[str, str]:
        if method:
            return chosen("method", method, METHOD_OPTIONS)
        if NAPO.IonisingRadiation in set(self.graph.objects(procedure, NAPO.hasEnergyOrAgent)):
            entry = plain(self.release.index_entry("Stereotactic Radiosurgery")).splitlines()
            raise PcsError(
                f"{_label(self.graph, procedure)} is radiation therapy, not a Medical and "
                "Surgical root operation",
                "ICD-10-PCS codes it in section D (Radiation Therapy; index 'Stereotactic "
                f"Radiosurgery': {entry[0] if entry else 'see section D'} ...), which the "
                "bundled tables do not include")
        for cls, term in _INDEXED_AS_DIVISION.items():
            if _is_a(self.graph, procedure, cls):
                entry = plain(self.release.index_entry(term))
                if "Division" not in entry:
                    raise PcsError(f"the PCS index entry for '{term}' no longer says Division: "
                                   f"{entry!r}", "review pcs.py against this release")
                return DIVISION, f"index: '{term}' {entry.splitlines()[0]}"
        methods = {m for m in self.graph.objects(procedure, NAPO.hasMethod)}
        if NAPO.Release in methods or NAPO.Decompression in methods:
            return RELEASE, "freeing a nerve is Release (guideline B3.14)"
        if NAPO.Division in methods:
            return DIVISION, "severing a nerve or root is Division (guideline B3.14)"
        if NAPO.Destruction in methods or NAPO.ChemicalNeurolysis in methods:
            reason = "eradication by energy or a destructive agent is Destruction (definition)"
            if NAPO.ChemicalNeurolysis in methods:
                reason += "; chemical neurolysis destroys the nerve, so not the index's Release"
            return DESTRUCTION, reason
        energies = set(self.graph.objects(procedure, NAPO.hasEnergyOrAgent))
        if energies & set(_DESTRUCTIVE_ENERGY):
            return DESTRUCTION, ("energy or agent that destroys tissue is Destruction (index "
                                 "'Ablation'/'Cryoablation' see Destruction)")
        if energies & set(_CUTTING):
            return DIVISION, "cutting with a blade is Division (guideline B3.14)"
        if _is_a(self.graph, procedure, NAPO.Sympathectomy):
            entry = plain(self.release.index_entry("Sympathectomy"))
            return "B", f"index: 'Sympathectomy' {entry.splitlines()[0]}"
        if NAPO.NonAblativeMethod in methods:
            raise PcsError(
                f"{_label(self.graph, procedure)} is an injection or neuromodulation, not a "
                "Medical and Surgical root operation",
                "ICD-10-PCS codes injections in section 3 (Administration), which the bundled "
                "release does not include")
        raise MissingOption("method", f"the technique of {_label(self.graph, procedure)} does not "
                            "fix the root operation (it may divide or destroy)",
                            "name a more specific procedure or pass --method "
                            "division|destruction", "division")

    def site_rules(self, site: URIRef, level: str | None) -> list[BodyPartRule]:
        """The body-part rules for a site at a level; a MissingOption if the site needs one."""
        rules = [r for r in body_part_rules() if r.site == compact(site)]
        if not rules:
            known = sorted({r.site for r in body_part_rules()})
            raise MissingOption("site", f"no ICD-10-PCS body part is recorded for the site "
                                f"{_label(self.graph, site)} ({compact(site)})",
                                "pass --site with one of: " + ", ".join(known), known[0])
        if all(r.level != "any" for r in rules):  # else the site alone fixes the body part
            if not level:
                example = {"C": "C2", "T": "T4", "L": "L4", "S": "S1"}.get(rules[0].level, "L4")
                raise MissingOption("level", f"the body part for {_label(self.graph, site)} "
                                    "depends on the spinal level",
                                    f"pass --level, e.g. --level {example}", example)
            group = level_group(level)
            rules = [r for r in rules if r.level == group]
            if not rules:
                raise OptionError(f"no ICD-10-PCS body part is recorded for "
                                  f"{_label(self.graph, site)} at level {level}",
                                  "check the level")
        return rules

    def body_part(self, site: URIRef, level: str | None, root_op: str) -> tuple[BodyPartRule, str]:
        rules = self.site_rules(site, level)
        skipped: list[str] = []
        for rule in sorted(rules, key=lambda r: r.rank):
            allowed = self.release.body_parts(rule.body_system, root_op)
            if rule.body_part in allowed:
                note = (f"{'; '.join(skipped)}; " if skipped else "") + rule.basis
                return rule, note
            skipped.append(f"{rule.body_part_name} is not in table 0{rule.body_system}{root_op}")
        first = min(rules, key=lambda r: r.rank)
        allowed = self.release.body_parts(first.body_system, root_op)
        name, _ = self.release.root_operation(root_op)
        raise PcsError(f"table 0{first.body_system}{root_op} ({name}) has no body part for "
                       f"{_label(self.graph, site)}: {'; '.join(skipped)}",
                       "body parts this table allows: " + ", ".join(allowed.values()))

    def _one_site(self, procedure: URIRef) -> URIRef:
        sites = most_specific(self.graph, procedure, NAPO.hasDirectSite)
        if len(sites) != 1:
            raise MissingOption("site", f"{_label(self.graph, procedure)} does not name one "
                                "target site",
                                "pass --site, e.g. --site 'medial branch of dorsal ramus'",
                                "'medial branch of dorsal ramus'")
        return sites.pop()

    def approach(self, procedure: URIRef, approach: str | None) -> tuple[str, str]:
        if approach:
            return chosen("approach", approach, APPROACH_OPTIONS)
        values = {_ACCESS_VALUES[a] for a in most_specific(self.graph, procedure, NAPO.hasAccess)
                  if a in _ACCESS_VALUES}
        if len(values) != 1:
            raise MissingOption("approach", f"{_label(self.graph, procedure)} does not fix the "
                                "approach", "pass --approach " + "|".join(APPROACH_OPTIONS),
                                "percutaneous")
        return values.pop(), "from the procedure's access (hasAccess)"

    def code(self, procedure: URIRef, *, level: str | None = None, approach: str | None = None,
             site: URIRef | None = None, method: str | None = None) -> PcsCode:
        missing: list[MissingOption] = []  # every open axis is reported at once
        root = collecting(missing, lambda: self.root_operation(procedure, method))
        if site is None:
            site = collecting(missing, lambda: self._one_site(procedure))
        if site is not None:
            collecting(missing, lambda: self.site_rules(site, level))
        how = collecting(missing, lambda: self.approach(procedure, approach))
        if missing or root is None or site is None or how is None:
            raise all_missing(_label(self.graph, procedure), missing)
        (root_op, root_reason), (approach_value, approach_reason) = root, how
        rule, part_reason = self.body_part(site, level, root_op)
        laser = NAPO.LaserThermalEnergy in set(self.graph.objects(procedure,
                                                                   NAPO.hasEnergyOrAgent))
        stem = f"0{rule.body_system}{root_op}{rule.body_part}{approach_value}Z"
        qualifier = "3" if laser and self.release.table_row(stem + "3") else "Z"
        code = stem + qualifier
        row = self.release.table_row(code)
        if row is None:
            raise not_in_table(self.release, code)
        reasons = ("Medical and Surgical", f"site {_label(self.graph, site)}", root_reason,
                   part_reason, approach_reason, "no device is left in place",
                   "laser interstitial thermal therapy" if qualifier == "3" else "no qualifier")
        characters = tuple(Character(i + 1, code[i], row.meanings[i], reasons[i])
                           for i in range(7))
        term = self.release.term(code)
        return PcsCode(code, term.label if term else "", characters)
