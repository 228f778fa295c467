"""`napo build`: parse -> merge -> reason -> materialise -> QC -> write dist/ atomically.

Independent steps overlap on two cores: HermiT classifies in a forked child while this process
reads mappings and data, and pyshacl validates in another child while the artefacts are rendered
in memory; dist/ is replaced only after every check has passed, so errors and exit codes are as
before (napo.core.concurrency re-raises a child's error unchanged).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.namespace import OWL, RDFS

from napo.core import rdfio
from napo.core.atomic import replace_directory
from napo.core.concurrency import Forked
from napo.core.errors import Location, NapoError
from napo.core.namespaces import ONTOLOGY_IRI, compact
from napo.knowledge.graph import (
    claims_files,
    curated_files,
    data_files,
    merge,
    ontology_sources,
    read_files,
    sources_dir,
    without,
)
from napo.knowledge.layers import Layers
from napo.ontology.annotations import obo_annotations
from napo.ontology.materialise import materialise
from napo.ontology.qc import QCFailed, Violation, errors_in, run_checks
from napo.ontology.reasoner import classify
from napo.ontology.stats import classes_per_branch, logical_axiom_count, napo_classes
from napo.release.frames import read_frames
from napo.release.render import (  # the artefact names are part of this module's interface
    ARTEFACTS,
    CATALOG,
    DESCRIPTION,
    GENERATED,
    MERGED_SSSOM,
    OBO_FLAT_FILE,
    OBO_GRAPHS,
    QUADS,
    catalog_entries,
    preload,
    render_early,
    render_release,
)
from napo.release.variants import build_variants
from napo.stores.fingerprint import fingerprint
from napo.stores.store import publish
from napo.vocabularies.mappings import (
    MappingError,
    MappingSet,
    read_all,
    structural_problems,
    to_skos,
)

if TYPE_CHECKING:
    from napo.knowledge.validate import Report

__all__ = ["ARTEFACTS", "CATALOG", "DESCRIPTION", "GENERATED", "MERGED_SSSOM", "OBO_FLAT_FILE",
           "OBO_GRAPHS", "QUADS", "BuildReport", "build", "catalog_entries"]


class DataInvalid(NapoError):
    """The knowledge data in data/ violates its SHACL shapes or its spans are broken."""

    def __init__(self, report: Report) -> None:
        bad = [r for r in report.results if r.severity == "Violation"]
        lines = [f"  {compact(r.focus)}: {r.message}" for r in bad[:20]]
        more = f"\n  ... and {len(bad) - 20} more" if len(bad) > 20 else ""
        super().__init__(f"data/ has {len(bad)} SHACL violation(s):\n" + "\n".join(lines) + more,
                         "run `napo validate` for the full report with fixes")


@dataclass
class BuildReport:
    classes: int = 0
    axioms: int = 0
    inferred_subclass_axioms: int = 0
    existential_edges: int = 0
    branches: dict[str, int] = field(default_factory=dict)
    warnings: list[Violation] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    java: str = ""
    sources_checked: bool = False
    mappings: int = 0
    codes_verified: bool = False
    verification_skipped: str = ""  # why the codes were not checked against their releases
    verification_cached: bool = False  # these exact tables and releases passed before
    obo_dropped: dict[str, int] = field(default_factory=dict)
    store: str = ""  # the built store read commands open (napo.stores.cache), or why not


@contextmanager
def _timed(report: BuildReport, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.seconds[step] = report.seconds.get(step, 0.0) + time.perf_counter() - started


def build(ontology: Path, out_dir: Path, docs: bool = False) -> BuildReport:
    """Build the release into out_dir; on any error out_dir keeps its previous contents.

    docs: also write the web pages into out_dir/docs/ (napo.site; ~1 s, so asked for)."""
    report = BuildReport()
    inputs = fingerprint(Path(ontology))  # publish() checks they did not change meanwhile
    # Seconds per step, listed in pipeline order although steps overlap (their sum exceeds the
    # wall-clock time): reading mappings and data runs while HermiT reasons, SHACL while writing.
    report.seconds = dict.fromkeys(("parse", "merge", "reason", "materialise", "mappings", "qc",
                                    "validate", "write"), 0.0)
    with _timed(report, "parse"):
        edit, *modules = [rdfio.read_graph(path) for path in ontology_sources(Path(ontology))]
    with _timed(report, "merge"):
        imports = merge(modules)
        told = merge([edit, imports])
    # HermiT classifies in a forked child (owlready2's Python, then Java) while this process
    # reads, checks and renders what does not depend on it.
    reasoning = Forked(classify, told)
    try:
        early = _while_reasoning(told, report)
    except BaseException:
        reasoning.result()  # an error in the ontology is reported first
        raise
    classification = reasoning.result()
    report.java = classification.java
    report.seconds["reason"] = classification.seconds
    with _timed(report, "materialise"):
        inferred = without(materialise(told, classification), told)
        full = merge([early.ontology_layer, inferred])
    # Without the source texts (an installed package far from shared/) the spans cannot be
    # re-read; SHACL still runs, and the summary says the span check was skipped.
    report.sources_checked = bool(early.data_paths) and sources_dir().is_dir()
    # pyshacl runs in a forked child, on the other core, while this process checks and renders;
    # dist/ is replaced only once the data has validated.
    validation = (Forked(_validate, early.data, full, report.sources_checked)
                  if early.data_paths else None)
    try:
        with _timed(report, "mappings"):
            problems = [p for s in early.mapping_sets for p in structural_problems(s, full)]
            problems += early.code_problems
            if problems:
                raise MappingError(problems, "fix the rows in data/mappings/ (`napo mappings` "
                                             "lists them with the release each code was "
                                             "checked in)")
            report.mappings = sum(len(s.mappings) for s in early.mapping_sets)
        with _timed(report, "qc"):
            violations = run_checks(full)
            if errors_in(violations):
                raise QCFailed(violations)
            report.warnings = violations
        with _timed(report, "write"):
            variants = build_variants(edit, imports, early.derived, classification, inferred)
            layers = Layers.disjoint(early.ontology_layer, inferred, early.curated, early.claims,
                                     early.skos)
            version = str(edit.value(ONTOLOGY_IRI, OWL.versionInfo) or "unversioned")
            frames = read_frames(variants.full, ONTOLOGY_IRI)
            report.obo_dropped = dict(frames.dropped)
            files = render_release({"base": variants.base, "full": variants.full,
                                    "simple": variants.simple, "edges": variants.edges},
                                   frames, version, layers, early.files)
        if docs:
            with _timed(report, "docs"):
                files.update(_site(layers, files, early.mapping_sets))
        if validation is not None:
            result, seconds = validation.result()
            report.seconds["validate"] += seconds
            if not result.conforms:
                raise DataInvalid(result)
    finally:
        if validation is not None:
            validation.close()
    with _timed(report, "write"):
        replace_directory(Path(out_dir), lambda staging: _dump(files, staging))
    with _timed(report, "store"):  # read commands open it instead of reasoning again
        report.store = publish(Path(ontology), layers, inputs)
    bridge_files = sorted(name for name in files if name.startswith("napo-bridge-"))
    report.files = [*ARTEFACTS, *GENERATED, *bridge_files, *(["docs/"] if docs else [])]
    report.classes = len(napo_classes(edit))
    report.axioms = logical_axiom_count(edit)
    subclass = sum(1 for _ in inferred.triples((None, RDFS.subClassOf, None)))
    report.inferred_subclass_axioms = subclass
    report.existential_edges = len(inferred) - subclass - sum(
        1 for _ in inferred.triples((None, OWL.equivalentClass, None)))
    report.branches = classes_per_branch(full)
    return report


@dataclass
class _Early:
    """What the build reads, checks and renders while HermiT classifies."""

    mapping_sets: list[MappingSet]
    skos: Graph
    code_problems: list[tuple[Location, str]]
    derived: Graph  # the annotations the release generates (IAO definitions, altLabel, xrefs)
    ontology_layer: Graph  # told + derived
    data_paths: list[Path]
    curated: Graph
    claims: Graph
    data: Graph
    files: dict[str, bytes]  # napo-data.ttl, napo-mappings.ttl, napo.sssom.tsv


def _while_reasoning(told: Graph, report: BuildReport) -> _Early:
    """Everything that does not need the reasoner's answer, done while HermiT works."""
    with _timed(report, "mappings"):
        mapping_sets = read_all()
        skos = to_skos(mapping_sets)
        code_problems = _verify_codes(mapping_sets, report)
        derived = obo_annotations(told, skos)
        ontology_layer = merge([told, derived])
    preload()
    with _timed(report, "validate"):
        data_paths = [p for p in data_files() if p.is_file()]
        curated, claims = read_files(curated_files()), read_files(claims_files())
        data = merge([curated, claims])
    with _timed(report, "write"):
        version = str(told.value(ONTOLOGY_IRI, OWL.versionInfo) or "unversioned")
        files = render_early(data, skos, mapping_sets, version)
    return _Early(mapping_sets, skos, code_problems, derived, ontology_layer, data_paths,
                  curated, claims, data, files)


def _site(layers: Layers, files: dict[str, bytes], mapping_sets: list[MappingSet]
          ) -> dict[str, bytes]:
    """The web pages (napo.site) of this release, as docs/<page>."""
    import pyoxigraph as ox

    from napo.site.generate import site_files

    store = ox.Store()
    store.bulk_extend(layers.quads(stable=False))
    rows = [row for mapping_set in mapping_sets for row in mapping_set.mappings]
    return {f"docs/{name}": data
            for name, data in site_files(store, files[DESCRIPTION], rows).items()}


def _dump(files: dict[str, bytes], staging: Path) -> None:
    for name, data in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(data)


def _validate(data: Graph, ontology: Graph, check_sources: bool) -> tuple[Report, float]:
    """SHACL and span checks of data/, and how long they took (run in a forked child)."""
    from napo.knowledge.validate import validate_data

    started = time.perf_counter()
    report = validate_data(ontology=ontology, check_sources=check_sources, data=data)
    return report, time.perf_counter() - started


def _verify_codes(mapping_sets: list[MappingSet], report: BuildReport
                  ) -> list[tuple[Location, str]]:
    """Check every code against its official release when the `verify` extra is installed.

    A release must not ship codes that were never checked without saying so: the report
    records whether they were and, if not, why (the summary prints it).
    """
    from napo.vocabularies.base import INSTALL_VERIFY_HINT, ReleaseUnavailable
    from napo.vocabularies.verification import missing_packages
    from napo.vocabularies.verified import verify_cached

    if missing := missing_packages():
        report.verification_skipped = (f"{', '.join(missing)} not installed; "
                                       f"{INSTALL_VERIFY_HINT}")
        return []
    try:
        problems, report.verification_cached = verify_cached(mapping_sets)
    except ReleaseUnavailable as error:
        report.verification_skipped = str(error)
        return []
    report.codes_verified = True
    return problems
