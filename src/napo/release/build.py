"""`napo build`: parse -> merge -> reason -> materialise -> QC -> write dist/ atomically."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib.namespace import OWL, RDFS

from napo.core import rdfio
from napo.core.atomic import replace_directory
from napo.core.errors import Location, NapoError
from napo.core.namespaces import NAPO, ONTOLOGY_IRI, compact
from napo.knowledge.graph import (
    claims_files,
    curated_files,
    data_files,
    merge,
    ontology_sources,
    read_files,
    sources_dir,
)
from napo.knowledge.validate import Report, validate_data
from napo.ontology.materialise import materialise
from napo.ontology.qc import QCFailed, Violation, errors_in, run_checks
from napo.ontology.reasoner import classify
from napo.ontology.stats import classes_per_branch, logical_axiom_count, napo_classes
from napo.release.annotations import obo_annotations
from napo.release.catalog import catalog
from napo.release.describe import describe
from napo.release.frames import read_frames
from napo.release.obo import obo_document
from napo.release.obographs import obographs_document
from napo.release.variants import build_variants, variant_iri
from napo.stores.layers import Layers
from napo.vocabularies.mappings import (
    MappingError,
    MappingSet,
    read_all,
    structural_problems,
    to_skos,
    write_merged,
)

# Release artefacts: file name -> (which graph, rdflib format). The OWL variants hold OWL
# axioms only; the materialised class-to-class edges are the query view (napo-edges.ttl and the
# `inferred` graph of napo.nq), never OWL (see napo.release.variants).
ARTEFACTS = {
    "napo.ttl": ("base", "turtle"),
    "napo-base.owl": ("base", "xml"),
    "napo-full.ttl": ("full", "turtle"),
    "napo.owl": ("full", "xml"),
    "napo.nt": ("full", "nt"),
    "napo.jsonld": ("full", "json-ld"),
    "napo-simple.owl": ("simple", "xml"),
    "napo-edges.ttl": ("edges", "turtle"),
    "napo-data.ttl": ("data", "turtle"),
    "napo-mappings.ttl": ("mappings", "turtle"),
}
OBO_FLAT_FILE = "napo.obo"
OBO_GRAPHS = "napo.json"
CATALOG = "catalog-v001.xml"
MERGED_SSSOM = "napo.sssom.tsv"
QUADS = "napo.nq"  # one named graph per layer (napo.stores.layers)
DESCRIPTION = "napo-void.ttl"  # VoID + DCAT description of every other file
GENERATED = [OBO_FLAT_FILE, OBO_GRAPHS, CATALOG, MERGED_SSSOM, QUADS, DESCRIPTION]


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
    obo_dropped: dict[str, int] = field(default_factory=dict)


@contextmanager
def _timed(report: BuildReport, step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    report.seconds[step] = time.perf_counter() - started


def build(ontology: Path, out_dir: Path) -> BuildReport:
    """Build the release into out_dir; on any error out_dir keeps its previous contents."""
    report = BuildReport()
    with _timed(report, "parse"):
        edit, *modules = [rdfio.read_graph(path) for path in ontology_sources(Path(ontology))]
    with _timed(report, "merge"):
        imports = merge(modules)
        told = edit + imports
    with _timed(report, "reason"):
        classification = classify(told)
        report.java = classification.java
    with _timed(report, "materialise"):
        inferred = materialise(told, classification) - told
    with _timed(report, "mappings"):
        mapping_sets = read_all()
        skos = to_skos(mapping_sets)
        derived = obo_annotations(told, skos)
        ontology_layer = told + derived
        full = ontology_layer + inferred
        problems = [p for s in mapping_sets for p in structural_problems(s, full)]
        problems += _verify_codes(mapping_sets, report)
        if problems:
            raise MappingError(problems, "fix the rows in data/mappings/ (`napo mappings` "
                                         "lists them with the release each code was checked in)")
        report.mappings = sum(len(s.mappings) for s in mapping_sets)
    with _timed(report, "qc"):
        violations = run_checks(full)
        if errors_in(violations):
            raise QCFailed(violations)
        report.warnings = violations
    with _timed(report, "validate"):
        data_paths = [p for p in data_files() if p.is_file()]
        curated, claims = read_files(curated_files()), read_files(claims_files())
        data = curated + claims
        if data_paths:
            # Without the source texts (an installed package far from shared/) the spans cannot
            # be re-read; SHACL still runs, and the summary says the span check was skipped.
            report.sources_checked = sources_dir().is_dir()
            validation = validate_data(data_paths, ontology=full,
                                       check_sources=report.sources_checked)
            if not validation.conforms:
                raise DataInvalid(validation)
    variants = build_variants(edit, imports, derived, classification, inferred)
    graphs_by_name = {"base": variants.base, "full": variants.full, "simple": variants.simple,
                      "edges": variants.edges, "data": data, "mappings": skos}
    layers = Layers.disjoint(ontology_layer, inferred, curated, claims, skos)
    version = str(edit.value(ONTOLOGY_IRI, OWL.versionInfo) or "unversioned")
    frames = read_frames(variants.full, ONTOLOGY_IRI)
    report.obo_dropped = dict(frames.dropped)

    def write(staging: Path) -> None:
        for which, graph in graphs_by_name.items():
            rdfio.write_graph(graph, {staging / name: rdf_format
                                      for name, (graph_name, rdf_format) in ARTEFACTS.items()
                                      if graph_name == which})
        (staging / OBO_FLAT_FILE).write_text(obo_document(frames, version), encoding="utf-8")
        (staging / OBO_GRAPHS).write_text(obographs_document(frames), encoding="utf-8")
        (staging / CATALOG).write_text(catalog(catalog_entries(version)), encoding="utf-8")
        write_merged(mapping_sets, staging / MERGED_SSSOM)
        rdfio.write_quads(layers.quads(), staging / QUADS)
        files = {path.name: path.read_bytes() for path in sorted(staging.iterdir())}
        rdfio.write_graph(describe(layers, files), {staging / DESCRIPTION: "turtle"})

    with _timed(report, "write"):
        replace_directory(Path(out_dir), write)
    report.files = [*ARTEFACTS, *GENERATED]
    report.classes = len(napo_classes(edit))
    report.axioms = logical_axiom_count(edit)
    subclass = sum(1 for _ in inferred.triples((None, RDFS.subClassOf, None)))
    report.inferred_subclass_axioms = subclass
    report.existential_edges = len(inferred) - subclass - sum(
        1 for _ in inferred.triples((None, OWL.equivalentClass, None)))
    report.branches = classes_per_branch(full)
    return report


def _verify_codes(mapping_sets: list[MappingSet], report: BuildReport
                  ) -> list[tuple[Location, str]]:
    """Check every code against its official release when the `verify` extra is installed.

    A release must not ship codes that were never checked without saying so: the report
    records whether they were and, if not, why (the summary prints it).
    """
    from napo.vocabularies.base import INSTALL_VERIFY_HINT, ReleaseUnavailable
    from napo.vocabularies.verification import missing_packages, verify

    if missing := missing_packages():
        report.verification_skipped = (f"{', '.join(missing)} not installed; "
                                       f"{INSTALL_VERIFY_HINT}")
        return []
    try:
        problems = verify(mapping_sets)
    except ReleaseUnavailable as error:
        report.verification_skipped = str(error)
        return []
    report.codes_verified = True
    return problems


def catalog_entries(version: str) -> dict:
    """Ontology and version IRIs of every OWL artefact -> its file in the release folder."""
    entries = {}
    for name in ("full", "base", "simple"):
        iri = variant_iri(name)
        file_name = str(iri).rsplit("/", 1)[1]
        entries[iri] = file_name
        entries[NAPO[f"releases/{version}/{file_name}"]] = file_name
    return entries
